"""The procedure catalogue: every `config/procedures/*.yaml`, checked at start (contract 3).

A bad file stops the kiosk with a `ConfigError` naming the file, the key path, the line and the
reason, for every problem at once — never a half-working flow in front of a citizen.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import msgspec

from kiosk.domain.procedure import LifeEvent, Procedure
from kiosk.services.addresses.normalise import fold
from kiosk.services.procedures.schema_check import check_types, cross_checks
from kiosk.services.procedures.yaml_source import YamlProblem, load_with_lines
from kiosk.services.qr_payloads.codes import parse_procedure_code
from kiosk.settings.loader import ConfigError, ConfigProblem


def default_folder() -> Path:
    """The shipped procedures (KIOSK_CONFIG_DIR moves them: an installed release keeps them in
    /opt/kiosk/current/share/config, not beside the code in site-packages)."""
    from kiosk import paths

    return paths.config_dir() / "procedures"


# A procedure QR printed by the ward itself; the national portal's detail URL and a bare national
# code (optionally with a province's variant suffix) are accepted too.
QR_PREFIX = "kiosk:procedure:"
_QR_CODE_KEYS = ("ma_thu_tuc", "mathutuc", "maThuTuc", "code")
_NATIONAL = re.compile(r"^([1-3]\.\d{6})")


@dataclass(frozen=True, slots=True)
class _Entry:
    procedure: Procedure
    names: tuple[str, ...]  # folded name and short name
    keywords: tuple[str, ...]  # folded keywords
    words: frozenset[str]  # every folded word of names and keywords
    extra: str  # folded summary and paper names: the last resort of search


class Catalogue:
    def __init__(self, procedures: Iterable[Procedure]) -> None:
        self._procedures = tuple(procedures)
        self._by_id = {p.id: p for p in self._procedures}
        self._by_code = {p.national_code: p for p in self._procedures if p.national_code}
        self._entries = tuple(_entry(p) for p in self._procedures)

    def all(self) -> tuple[Procedure, ...]:
        return self._procedures

    def get(self, procedure_id: str) -> Procedure:
        """KeyError when unknown: ids come from this catalogue, so that is a programming error."""
        return self._by_id[procedure_id]

    def by_code(self, national_code: str) -> Procedure | None:
        return self._by_code.get(national_code)

    def by_group(self, group: LifeEvent) -> tuple[Procedure, ...]:
        return tuple(p for p in self._procedures if p.group is group)

    def search(self, text: str) -> list[Procedure]:
        """Procedures matching `text`, ignoring diacritics and case; best first.

        Rank: the exact name, short name or national code; then a name, then a keyword, starting
        with the query; then the query as a phrase inside a name, then inside a keyword; then
        every typed word found among the names' and keywords' words (word prefixes count:
        "thuong" finds "thường trú"); last, the words found in the summary or the papers.
        """
        query = fold(text)
        if not query:
            return []
        words = query.split()
        ranked: list[tuple[int, int, Procedure]] = []
        for order, e in enumerate(self._entries):
            rank = _rank(e, query, words, text.strip())
            if rank is not None:
                ranked.append((rank, order, e.procedure))
        ranked.sort(key=lambda r: (r[0], r[1]))
        return [p for _, _, p in ranked]

    def by_qr(self, text: str) -> Procedure | None:
        """The procedure a scanned QR points to, or None when it is not a procedure QR we know.

        Accepted: `kiosk:procedure:<id>`; the portal's detail URL with `ma_thu_tuc=<code>`;
        a bare national code such as `1.004222` (with or without a province suffix).
        """
        raw = text.strip()
        if raw.lower().startswith(QR_PREFIX):
            return self._by_id.get(raw[len(QR_PREFIX) :].strip())
        code = _code_from_url(raw) if "://" in raw or "?" in raw else parse_procedure_code(raw)
        if code is None:
            return None
        match = _NATIONAL.match(code)
        return self._by_code.get(match.group(1)) if match else None


def qr_payload(procedure: Procedure) -> str:
    """The text of the QR a ward prints beside a procedure's poster."""
    return f"{QR_PREFIX}{procedure.id}"


def _code_from_url(text: str) -> str | None:
    try:
        query = parse_qs(urlsplit(text).query)
    except ValueError:
        return None
    for key in _QR_CODE_KEYS:
        for value in query.get(key, ()):
            code = parse_procedure_code(value)
            if code is not None:
                return code
    return None


def _entry(p: Procedure) -> _Entry:
    names = (fold(p.name), fold(p.short_name))
    keywords = tuple(fold(k) for k in p.keywords if fold(k))
    words = frozenset(w for t in names + keywords for w in t.split())
    extra = " ".join([fold(p.summary), *(fold(x.name) for x in p.papers)])
    return _Entry(p, names, keywords, words, extra)


def _rank(e: _Entry, query: str, words: list[str], raw: str) -> int | None:
    p = e.procedure
    if query in e.names or raw == p.national_code or query == p.id.replace("_", " "):
        return 0
    if any(t.startswith(query) for t in e.names):
        return 1
    if any(t.startswith(query) for t in e.keywords):
        return 2
    if any(_phrase(t, query) for t in e.names):
        return 3
    if any(_phrase(t, query) for t in e.keywords):
        return 4
    if all(any(w2.startswith(w) for w2 in e.words) for w in words):
        return 5
    if all(w in e.extra.split() for w in words):
        return 6
    return None


def _phrase(text: str, query: str) -> bool:
    """`query` as whole words inside `text`; the last word may be cut ("dang ky thuong" …)."""
    padded = f" {text} "
    return f" {query} " in padded or (f" {query}" in padded and not query.endswith(" "))


def load_catalogue(
    folder: Path | str | None = None, *, icons: Collection[str] | None = None
) -> Catalogue:
    """Load and check every `*.yaml` in `folder` (default `config/procedures/`).

    `icons`: the pictogram names the UI has; when given, an unknown `icon` is a problem too.
    Raises ConfigError with one ConfigProblem per problem (file, key path, reason with line).
    """
    folder = Path(folder) if folder is not None else default_folder()
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not files:
        raise ConfigError([ConfigProblem(str(folder), "", "no procedure files (*.yaml) here")])
    problems: list[ConfigProblem] = []
    loaded: list[tuple[Path, Procedure, dict[str, int]]] = []
    for file in files:
        procedure, lines, found = _load_file(file)
        problems += found
        if procedure is not None:
            loaded.append((file, procedure, lines))
    problems += _catalogue_checks(loaded, icons, {f.stem for f in files})
    if problems:
        raise ConfigError(problems)
    return Catalogue(p for _, p, _ in loaded)


def _load_file(file: Path) -> tuple[Procedure | None, dict[str, int], list[ConfigProblem]]:
    name = str(file)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, {}, [ConfigProblem(name, "", f"cannot read file: {exc}")]
    try:
        data, lines = load_with_lines(text)
    except YamlProblem as exc:
        return None, {}, [ConfigProblem(name, exc.key, exc.reason)]
    try:
        procedure = msgspec.convert(data, Procedure)
    except msgspec.ValidationError as exc:
        # msgspec names only the first problem: walk the types to name every one.
        found = check_types(data) or [("", str(exc))]
        return None, lines, [_problem(name, key, reason, lines) for key, reason in found]
    checks = cross_checks(procedure)
    if procedure.id != file.stem:
        checks.append(("id", f"must match the file name {file.stem!r}"))
    return procedure, lines, [_problem(name, key, reason, lines) for key, reason in checks]


def _catalogue_checks(
    loaded: list[tuple[Path, Procedure, dict[str, int]]],
    icons: Collection[str] | None,
    stems: set[str],
) -> list[ConfigProblem]:
    problems: list[ConfigProblem] = []
    # A link to a file that failed to load is not a second problem: that file is reported.
    ids = {p.id for _, p, _ in loaded} | stems
    codes: dict[str, Path] = {}
    seen: dict[str, Path] = {}
    for file, p, lines in loaded:
        name = str(file)
        if p.id in seen:
            reason = f"procedure id {p.id!r} is also used by {seen[p.id].name}"
            problems.append(_problem(name, "id", reason, lines))
        seen.setdefault(p.id, file)
        if p.national_code is not None:
            if p.national_code in codes:
                other = codes[p.national_code].name
                reason = f"national code {p.national_code} is also used by {other}"
                problems.append(_problem(name, "national_code", reason, lines))
            codes.setdefault(p.national_code, file)
        for i, linked in enumerate(p.linked):
            if linked not in ids:
                reason = f"no procedure with id {linked!r} in the catalogue"
                problems.append(_problem(name, f"linked[{i}]", reason, lines))
        if icons is not None and p.icon not in icons:
            problems.append(_problem(name, "icon", f"no pictogram named {p.icon!r}", lines))
    return problems


def _problem(file: str, key: str, reason: str, lines: dict[str, int]) -> ConfigProblem:
    probe = key
    while probe and probe not in lines:  # a missing key: point at its parent
        probe = probe.rsplit(".", 1)[0] if "." in probe else ""
    line = lines.get(probe) if probe else None  # the whole file: no line helps
    return ConfigProblem(file, key, f"{reason} (line {line})" if line else reason)
