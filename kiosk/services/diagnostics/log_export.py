"""Export the kiosk's logs to a USB stick as one zip, with personal data removed (issue 11).

What goes in (each file scrubbed by `personal.scrub`, line by line):
- `kiosk.log`: the service's journal (`journalctl -u kiosk.service -o short-iso`) when journald
  has it; otherwise the `*.log*` files of the configured log folder (decision: the journal is
  where the installed kiosk logs, see installer/; the folder is for development and for kiosks
  installed without systemd);
- `device_events.tsv`: the store's device health transitions (time, port, from, to, detail);
- `audit.tsv`: the store's audit rows (time, who, what, detail) — staff actions, never citizens';
- `diag.json`: the diagnostics report, when one was made;
- `MANIFEST.txt`: what is in it and what was removed.
The store's citizen-facing tables (outbox, dossiers) are never read here: the caller hands in
only device events and audit rows, as plain data.

The zip is written to the first writable mounted removable medium under /media/*/* or
/run/media/*/* (udisks mounts there), as `kiosk-logs-<kiosk id>-<UTC time>.zip`; under a
temporary name first, then renamed, so a pulled stick never holds half a zip under the real name.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import msgspec

from kiosk.services.diagnostics.personal import scrub

USB_ROOTS = (Path("/media"), Path("/run/media"))
JOURNAL_UNIT = "kiosk.service"
MAX_LOG_BYTES = 20 * 1024 * 1024  # newest part of the logs only: a stick fills, a FAT file caps


class DeviceEventRow(Protocol):
    """`kiosk.store.repositories.DeviceEventRecord` has this shape."""

    @property
    def at(self) -> datetime: ...
    @property
    def port(self) -> str: ...
    @property
    def from_state(self) -> str: ...
    @property
    def to_state(self) -> str: ...
    @property
    def detail(self) -> str | None: ...


class AuditEntryRow(Protocol):
    """`kiosk.store.audit_repository.AuditRow` has this shape."""

    @property
    def at(self) -> datetime: ...
    @property
    def actor_kind(self) -> str: ...
    @property
    def actor_id(self) -> str: ...
    @property
    def action(self) -> str: ...
    @property
    def detail(self) -> str | None: ...


class NoUsbMedium(Exception):
    """No writable removable medium is mounted: the technician is asked to plug one in."""


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    log_source: str  # "journal", "files" or "none"
    lines: int  # log lines written
    events: int
    audit: int


Runner = Callable[[Sequence[str]], "subprocess.CompletedProcess[str]"]


def _run(argv: Sequence[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(argv), capture_output=True, text=True, timeout=60, check=False)


def journal_lines(
    unit: str = JOURNAL_UNIT, *, since: str = "-7d", run: Runner = _run
) -> list[str] | None:
    """The unit's journal, or None when journald is not there or holds nothing of it."""
    if run is _run and shutil.which("journalctl") is None:
        return None
    argv = ["journalctl", "-u", unit, "-o", "short-iso", "--no-pager", "--since", since]
    try:
        done = run(argv)
    except (OSError, subprocess.SubprocessError):
        return None
    lines = [line for line in done.stdout.splitlines() if line and not line.startswith("-- ")]
    return lines if done.returncode == 0 and lines else None


def file_lines(folder: Path | None) -> list[str]:
    """Every `*.log*` file in `folder`, oldest file first, each line prefixed by its file name."""
    if folder is None or not folder.is_dir():
        return []
    files = sorted((p for p in folder.glob("*.log*") if p.is_file()), key=_mtime)
    lines: list[str] = []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        lines.extend(f"{path.name}: {line}" for line in text.splitlines())
    return lines


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def find_usb_folder(
    roots: Sequence[Path] = USB_ROOTS, *, is_mount: Callable[[Path], bool] = os.path.ismount
) -> Path:
    """The first writable mounted medium under <root>/<user>/<label>; raises NoUsbMedium."""
    for root in roots:
        try:
            candidates = sorted(p for p in root.glob("*/*") if p.is_dir())
        except OSError:
            continue
        for folder in candidates:
            if is_mount(folder) and _writable(folder):
                return folder
    raise NoUsbMedium("no writable removable medium mounted under " + ", ".join(map(str, roots)))


def _writable(folder: Path) -> bool:
    probe = folder / ".kiosk-write-test"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError:
        return False
    return True


def _scrub_json(document: str) -> str:
    """Every string value scrubbed, the structure kept (a JSON tool can still read it); the
    config hash is a hash, not text."""

    def walk(value: object, key: str = "") -> object:
        if isinstance(value, str):
            return value if key == "config_sha256" else scrub(value)
        if isinstance(value, dict):
            return {k: walk(v, str(k)) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    try:
        body = msgspec.json.decode(document)
    except msgspec.DecodeError:
        return scrub(document)
    return msgspec.json.encode(walk(body)).decode("utf-8")


def _row_time(at: datetime) -> str:
    at = at if at.tzinfo else at.replace(tzinfo=UTC)
    return at.astimezone(UTC).isoformat(timespec="seconds")


def _cell(value: str | None) -> str:
    return scrub(" ".join((value or "").split()))


def _tail(lines: list[str]) -> list[str]:
    """The newest lines that fit in MAX_LOG_BYTES."""
    total, keep = 0, 0
    for line in reversed(lines):
        total += len(line.encode("utf-8")) + 1
        if total > MAX_LOG_BYTES:
            break
        keep += 1
    return lines[len(lines) - keep :]


def export_logs(
    kiosk_id: str,
    now: datetime,
    *,
    device_events: Iterable[DeviceEventRow] = (),
    audit_rows: Iterable[AuditEntryRow] = (),
    diag_json: str | None = None,
    journal: Callable[[], list[str] | None] = journal_lines,
    log_folder: Path | None = None,
    usb_roots: Sequence[Path] = USB_ROOTS,
    is_mount: Callable[[Path], bool] = os.path.ismount,
) -> ExportResult:
    """Blocking (disk, a subprocess): run it on a worker. Raises NoUsbMedium, OSError."""
    folder = find_usb_folder(usb_roots, is_mount=is_mount)
    log, source = journal(), "journal"
    if log is None:
        log = file_lines(log_folder)
        source = "files" if log else "none"
    log = _tail(log)
    events = [
        "\t".join((_row_time(e.at), e.port, e.from_state, e.to_state, _cell(e.detail)))
        for e in device_events
    ]
    audit = [
        "\t".join((_row_time(a.at), a.actor_kind, _cell(a.actor_id), a.action, _cell(a.detail)))
        for a in audit_rows
    ]
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    name = f"kiosk-logs-{kiosk_id}-{stamp}.zip"
    manifest = [
        f"kiosk {kiosk_id}, exported {now.astimezone(UTC).isoformat(timespec='seconds')}",
        f"kiosk.log: {len(log)} lines from {source}",
        f"device_events.tsv: {len(events)} rows",
        f"audit.tsv: {len(audit)} rows",
        "diag.json: " + ("included" if diag_json is not None else "not made"),
        "Personal data removed: ID and phone numbers, names, addresses, birth dates, MRZ lines,",
        "quoted values. Citizen records (outbox, dossiers) are not exported.",
    ]
    files = {
        "MANIFEST.txt": manifest,
        "kiosk.log": [scrub(line) for line in log],
        "device_events.tsv": ["at\tport\tfrom\tto\tdetail", *events],
        "audit.tsv": ["at\tactor_kind\tactor_id\taction\tdetail", *audit],
    }
    if diag_json is not None:
        files["diag.json"] = [_scrub_json(diag_json)]
    target = folder / name
    partial = folder / (name + ".part")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for member, lines in files.items():
                zf.writestr(member, "\n".join(lines) + "\n")
        with partial.open("rb") as fh:  # on the stick before we say so
            os.fsync(fh.fileno())
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)
    return ExportResult(target, source, len(log), len(events), len(audit))


@dataclass(frozen=True, slots=True)
class LogExporter:
    """Where the export's parts come from, fixed at wiring time; `run` is the blocking export."""

    kiosk_id: str
    usb_roots: Sequence[Path] = USB_ROOTS
    log_folder: Path | None = None
    device_events: Callable[[], Iterable[DeviceEventRow]] | None = None
    audit_rows: Callable[[], Iterable[AuditEntryRow]] | None = None
    journal: Callable[[], list[str] | None] = journal_lines
    is_mount: Callable[[Path], bool] = os.path.ismount

    def run(self, now: datetime, diag_json: str | None = None) -> ExportResult:
        return export_logs(
            self.kiosk_id,
            now,
            device_events=list(self.device_events()) if self.device_events else [],
            audit_rows=list(self.audit_rows()) if self.audit_rows else [],
            diag_json=diag_json,
            journal=self.journal,
            log_folder=self.log_folder,
            usb_roots=self.usb_roots,
            is_mount=self.is_mount,
        )
