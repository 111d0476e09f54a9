"""The recorded prompt pack: a folder of WAV files keyed by prompt id, with a manifest.

    <pack>/manifest.json
        {"format": 1, "language": "vi", "voice": "Chị Hoa, phường X", "created": "2026-…",
         "prompts": {"welcome.instruction": {"file": "welcome.instruction.wav",
                                             "sha256": "…", "text": "Xin chào ông bà. …"}}}

`text` is the speech text the file was recorded for: when the catalogue's wording changes, the
old recording no longer matches and that prompt falls back to the next engine instead of saying
something else than the screen shows. Pure Python (json + hashlib): the device adapter reads packs,
the staff recorder writes them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
FORMAT = 1
_SAFE_FILE = re.compile(r"^[a-z0-9_.-]+\.wav$")


class PackError(Exception):
    """The pack as a whole is unusable (no manifest, wrong format)."""


@dataclass(frozen=True, slots=True)
class PackEntry:
    prompt_id: str
    path: Path
    sha256: str
    text: str


@dataclass(frozen=True, slots=True)
class LoadedPack:
    folder: Path
    voice: str
    entries: dict[str, PackEntry]  # only the files present with the right checksum
    problems: dict[str, str]  # prompt id → why it is left out (missing, corrupt, …)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def normalise_for_match(text: str) -> str:
    return " ".join(text.split()).casefold()


def load_pack(folder: Path) -> LoadedPack:
    """Read and verify a pack; a bad file only removes its own prompt (logged)."""
    try:
        raw = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PackError(f"{folder}: no {MANIFEST}") from None
    except (OSError, ValueError) as exc:
        raise PackError(f"{folder}: unreadable {MANIFEST}: {exc}") from None
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise PackError(f"{folder}: {MANIFEST} is not format {FORMAT}")
    prompts = raw.get("prompts")
    if not isinstance(prompts, dict):
        raise PackError(f"{folder}: {MANIFEST} has no 'prompts' table")
    entries: dict[str, PackEntry] = {}
    problems: dict[str, str] = {}
    for prompt_id, item in prompts.items():
        reason = _check(folder, prompt_id, item)
        if reason:
            problems[prompt_id] = reason
            log.warning("prompt pack %s: %s left out: %s", folder.name, prompt_id, reason)
            continue
        entries[prompt_id] = PackEntry(
            prompt_id, folder / item["file"], item["sha256"], str(item.get("text", ""))
        )
    return LoadedPack(folder, str(raw.get("voice", "")), entries, problems)


def _check(folder: Path, prompt_id: str, item: object) -> str:
    if not isinstance(item, dict):
        return "entry is not a table"
    name, digest = item.get("file"), item.get("sha256")
    if not isinstance(name, str) or not _SAFE_FILE.match(name):
        return "bad file name"
    if not isinstance(digest, str) or len(digest) != 64:
        return "no sha256"
    try:
        data = (folder / name).read_bytes()
    except FileNotFoundError:
        return "file missing"
    except OSError as exc:
        return f"file unreadable: {exc.strerror}"
    if sha256_of(data) != digest.lower():
        return "checksum mismatch"
    return ""


def file_name(prompt_id: str) -> str:
    return f"{prompt_id}.wav"


class PackWriter:
    """Builds a NEW pack folder (the recorder never overwrites a pack in use).

    Each `put` writes the WAV atomically and rewrites the manifest, so a recording session cut
    short (power, a citizen waiting) leaves a valid pack of what was recorded so far.
    """

    def __init__(self, folder: Path, voice: str, language: str = "vi") -> None:
        if folder.exists() and any(folder.iterdir()):
            raise PackError(f"{folder}: not empty; a new pack needs a new folder")
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self._voice = voice
        self._language = language
        self._prompts: dict[str, dict[str, str]] = {}
        self._write_manifest()

    def put(self, prompt_id: str, text: str, wav: bytes) -> Path:
        name = file_name(prompt_id)
        if not _SAFE_FILE.match(name):
            raise ValueError(f"prompt id {prompt_id!r} cannot name a file")
        path = self.folder / name
        _atomic_write(path, wav)
        self._prompts[prompt_id] = {"file": name, "sha256": sha256_of(wav), "text": text}
        self._write_manifest()
        return path

    def remove(self, prompt_id: str) -> None:
        if self._prompts.pop(prompt_id, None) is not None:
            self._write_manifest()
            (self.folder / file_name(prompt_id)).unlink(missing_ok=True)

    def recorded(self) -> frozenset[str]:
        return frozenset(self._prompts)

    def _write_manifest(self) -> None:
        manifest = {
            "format": FORMAT,
            "language": self._language,
            "voice": self._voice,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "prompts": dict(sorted(self._prompts.items())),
        }
        data = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
        _atomic_write(self.folder / MANIFEST, data)


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
