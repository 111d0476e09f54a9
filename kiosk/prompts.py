"""The Vietnamese prompt catalogue: every text a citizen sees or hears, by id (design §2).

Screen and voice read the same entry, so what is said is what is shown. The catalogue is data in
`config/prompts/vi/*.toml` (one file per part of the kiosk), checked at start: a missing id or a
broken placeholder stops the kiosk with a message naming it, instead of a blank button in front
of a citizen.
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from kiosk.settings.loader import ConfigError, ConfigProblem

_ID = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")


@dataclass(frozen=True, slots=True)
class Prompt:
    id: str
    text: str  # shown on screen
    speech: str  # spoken; defaults to the text

    def fields(self) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(self.text) if name}


class PromptCatalogue:
    def __init__(self, prompts: Mapping[str, Prompt]) -> None:
        self._prompts = dict(prompts)

    def __contains__(self, prompt_id: object) -> bool:
        return prompt_id in self._prompts

    def ids(self) -> Iterable[str]:
        return self._prompts.keys()

    def get(self, prompt_id: str) -> Prompt:
        return self._prompts[prompt_id]

    def text(self, prompt_id: str, **values: object) -> str:
        return self._prompts[prompt_id].text.format(**values)

    def speech(self, prompt_id: str, **values: object) -> str:
        return self._prompts[prompt_id].speech.format(**values)

    def require(self, ids: Iterable[str], file: str = "<prompts>") -> None:
        missing = sorted(set(ids) - self._prompts.keys())
        if missing:
            raise ConfigError([ConfigProblem(file, m, "prompt is missing") for m in missing])


def load_prompts(path: Path | str) -> PromptCatalogue:
    """Load a prompt file, or every `*.toml` in a prompt folder (an id defined twice is an error).

    Entries are `[section] key = "text"` or `key = { text = "...", speech = "..." }`.
    """
    path = Path(path)
    if not path.is_dir():
        return PromptCatalogue(_load_file(path))
    files = sorted(path.glob("*.toml"))
    if not files:
        raise ConfigError([ConfigProblem(str(path), "", "no prompt files (*.toml) in the folder")])
    prompts: dict[str, Prompt] = {}
    where: dict[str, str] = {}
    problems: list[ConfigProblem] = []
    for file in files:
        try:
            loaded = _load_file(file)
        except ConfigError as exc:
            problems += exc.problems
            continue
        for pid, prompt in loaded.items():
            if pid in prompts:
                problems.append(ConfigProblem(str(file), pid, f"already defined in {where[pid]}"))
            else:
                prompts[pid], where[pid] = prompt, file.name
    if problems:
        raise ConfigError(problems)
    return PromptCatalogue(prompts)


def _load_file(path: Path) -> dict[str, Prompt]:
    name = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError([ConfigProblem(name, "", "file not found")]) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([ConfigProblem(name, "", f"TOML syntax error: {exc}")]) from None
    prompts: dict[str, Prompt] = {}
    problems: list[ConfigProblem] = []
    for section, entries in data.items():
        if not isinstance(entries, dict):
            problems.append(ConfigProblem(name, section, "expected a table of prompts"))
            continue
        for key, value in entries.items():
            pid = f"{section}.{key}"
            prompt, reason = _parse(pid, value)
            if prompt is None:
                problems.append(ConfigProblem(name, pid, reason))
            else:
                prompts[pid] = prompt
    if problems:
        raise ConfigError(problems)
    return prompts


def _parse(pid: str, value: object) -> tuple[Prompt | None, str]:
    if not _ID.match(pid):
        return None, "prompt ids are lower_snake_case words joined by dots"
    text: object
    speech: object
    if isinstance(value, str):
        text, speech = value, value
    elif isinstance(value, dict) and set(value) <= {"text", "speech"} and "text" in value:
        text, speech = value["text"], value.get("speech", value["text"])
    else:
        return None, 'expected a string or { text = "...", speech = "..." }'
    if not isinstance(text, str) or not isinstance(speech, str) or not text.strip():
        return None, "text must be a non-empty string"
    try:
        prompt = Prompt(pid, text, speech)
        prompt.fields()
        Prompt(pid, speech, speech).fields()
    except ValueError as exc:
        return None, f"broken {{placeholder}}: {exc}"
    return prompt, ""
