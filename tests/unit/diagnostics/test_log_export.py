"""The log export: a zip on the USB stick with no ID number, name, address or birth date in it,
and everything a technician needs (timestamps, device names, states) still there (issue 11)."""

from __future__ import annotations

import subprocess
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kiosk.services.diagnostics.log_export import (
    NoUsbMedium,
    export_logs,
    file_lines,
    find_usb_folder,
    journal_lines,
)

ID_NUMBER = "001056012345"
NAME = "Nguyễn Thị Lan"
ADDRESS = "12 Hàng Bạc, Hoàn Kiếm"
BIRTH = "01/02/1956"
SECRETS = (ID_NUMBER, NAME, "Thị Lan", "NGUYỄN THỊ LAN", "Hàng Bạc", "Hoàn Kiếm", BIRTH, "012345")
NOW = datetime(2026, 11, 23, 9, 30, 5, tzinfo=UTC)


@dataclass(frozen=True)
class Event:  # the shape of kiosk.store.repositories.DeviceEventRecord
    at: datetime
    port: str
    from_state: str
    to_state: str
    detail: str | None


@dataclass(frozen=True)
class Audit:  # the shape of kiosk.store.audit_repository.AuditRow
    at: datetime
    actor_kind: str
    actor_id: str
    action: str
    detail: str | None


JOURNAL = [
    "2026-11-23T08:00:01+07:00 kiosk kiosk[812]: card_reader ready -> not_ready (reader unplugged)",
    f"2026-11-23T08:01:02+07:00 kiosk kiosk[812]: chip read for {NAME} id {ID_NUMBER} done",
    f"2026-11-23T08:01:03+07:00 kiosk kiosk[812]: address={ADDRESS}; birth_date={BIRTH}",
    f"2026-11-23T08:01:04+07:00 kiosk kiosk[812]: DG1 holder NGUYỄN THỊ LAN born {BIRTH}",
    f"2026-11-23T08:01:05+07:00 kiosk kiosk[812]: form filled: lives at {ADDRESS}, Hà Nội",
    "2026-11-23T08:02:00+07:00 kiosk kiosk[812]: receipt_printer ready -> needs_technician"
    " (paper out)",
]
EVENTS = [
    Event(
        datetime(2026, 11, 23, 1, 0, tzinfo=UTC),
        "receipt_printer",
        "ready",
        "needs_technician",
        "paper out",
    ),
    Event(
        datetime(2026, 11, 23, 1, 5, tzinfo=UTC),
        "qr_source",
        "ready",
        "failed",
        f"bad payload '{ID_NUMBER}|{NAME}|{ADDRESS}'",
    ),
]
AUDIT = [
    Audit(
        datetime(2026, 11, 23, 1, 10, tzinfo=UTC),
        "staff",
        "badge-07",
        "identity_entered",
        f"name={NAME} id_number={ID_NUMBER}",
    ),
    Audit(
        datetime(2026, 11, 23, 1, 11, tzinfo=UTC),
        "technician",
        "pin-pad",
        "diag_check",
        "port=receipt_printer",
    ),
    Audit(
        datetime(2026, 11, 23, 1, 12, tzinfo=UTC),
        "staff",
        "badge-07",
        "field_corrected",
        f"address: {ADDRESS}",
    ),
]


def usb(tmp_path: Path) -> Path:
    stick = tmp_path / "media" / "kiosk" / "USB-2GB"
    stick.mkdir(parents=True)
    return tmp_path / "media"


def unzip_all(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name).decode("utf-8") for name in zf.namelist()}


def test_the_exported_zip_holds_no_personal_data_but_keeps_the_rest(tmp_path: Path) -> None:
    result = export_logs(
        "P-HB-01",
        NOW,
        device_events=EVENTS,
        audit_rows=AUDIT,
        diag_json='{"devices":[{"port":"card_reader","state":"not_ready"}]}',
        journal=lambda: list(JOURNAL),
        usb_roots=[usb(tmp_path)],
        is_mount=lambda _: True,
    )
    assert result.path == tmp_path / "media/kiosk/USB-2GB/kiosk-logs-P-HB-01-20261123T093005Z.zip"
    files = unzip_all(result.path)
    assert set(files) == {
        "MANIFEST.txt",
        "kiosk.log",
        "device_events.tsv",
        "audit.tsv",
        "diag.json",
    }
    everything = "\n".join(files.values())
    for secret in SECRETS:
        assert secret not in everything, secret
    raw = result.path.read_bytes()  # and not in the compressed bytes either (names, comments)
    assert ID_NUMBER.encode() not in raw
    # what a technician needs is still there
    log = files["kiosk.log"]
    assert "2026-11-23T08:00:01+07:00" in log and "2026-11-23T08:02:00+07:00" in log
    assert "card_reader ready -> not_ready (reader unplugged)" in log
    assert "receipt_printer ready -> needs_technician (paper out)" in log
    assert "chip read for <name> id <12 digits> done" in log
    events = files["device_events.tsv"].splitlines()
    assert (
        events[1]
        == "2026-11-23T01:00:00+00:00\treceipt_printer\tready\tneeds_technician\tpaper out"
    )
    assert events[2].startswith("2026-11-23T01:05:00+00:00\tqr_source\tready\tfailed\t")
    audit = files["audit.tsv"].splitlines()
    assert audit[1].startswith("2026-11-23T01:10:00+00:00\tstaff\tbadge-07\tidentity_entered\t")
    assert (
        audit[2]
        == "2026-11-23T01:11:00+00:00\ttechnician\tpin-pad\tdiag_check\tport=receipt_printer"
    )
    assert '"state":"not_ready"' in files["diag.json"]
    assert "6 lines from journal" in files["MANIFEST.txt"]
    assert (result.lines, result.events, result.audit) == (6, 2, 3)
    assert not list(result.path.parent.glob("*.part"))


def test_without_journald_the_log_folder_is_exported(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "kiosk.log").write_text("\n".join(JOURNAL) + "\n", encoding="utf-8")
    (logs / "notes.txt").write_text(f"{ID_NUMBER}\n", encoding="utf-8")  # not a log: not read
    result = export_logs(
        "P-HB-01",
        NOW,
        journal=lambda: None,
        log_folder=logs,
        usb_roots=[usb(tmp_path)],
        is_mount=lambda _: True,
    )
    assert result.log_source == "files"
    log = unzip_all(result.path)["kiosk.log"]
    assert log.startswith("kiosk.log: 2026-11-23T08:00:01+07:00")
    assert all(secret not in log for secret in SECRETS)


def test_no_usb_stick_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "media" / "kiosk").mkdir(parents=True)  # the user folder, no medium in it
    with pytest.raises(NoUsbMedium):
        export_logs("P-HB-01", NOW, journal=lambda: None, usb_roots=[tmp_path / "media"])


def test_only_a_mounted_writable_medium_counts(tmp_path: Path) -> None:
    root = tmp_path / "media"
    (root / "kiosk" / "A-not-mounted").mkdir(parents=True)
    (root / "kiosk" / "B-stick").mkdir(parents=True)
    found = find_usb_folder([tmp_path / "run-media", root], is_mount=lambda p: p.name == "B-stick")
    assert found == root / "kiosk" / "B-stick"
    with pytest.raises(NoUsbMedium):
        find_usb_folder([root], is_mount=lambda _: False)


def test_a_medium_that_refuses_writes_is_skipped(tmp_path: Path) -> None:
    root = tmp_path / "media"
    refusing = root / "kiosk" / "A-refuses"
    # the write probe's name taken by a folder: writing it fails even as root (read-only FAT
    # sticks refuse the same way, with an OSError)
    (refusing / ".kiosk-write-test").mkdir(parents=True)
    (root / "kiosk" / "B-stick").mkdir(parents=True)
    assert find_usb_folder([root], is_mount=lambda _: True).name == "B-stick"


def test_journal_lines_asks_journalctl_for_the_unit() -> None:
    seen: list[Sequence[str]] = []

    def run(argv: Sequence[str]) -> subprocess.CompletedProcess[str]:
        seen.append(argv)
        return subprocess.CompletedProcess(argv, 0, "-- Logs begin --\nline one\nline two\n", "")

    assert journal_lines(run=run) == ["line one", "line two"]
    assert list(seen[0][:5]) == ["journalctl", "-u", "kiosk.service", "-o", "short-iso"]


def test_journal_lines_is_none_when_journald_has_nothing() -> None:
    def empty(argv: Sequence[str]) -> subprocess.CompletedProcess[str]:
        return subprocess.CompletedProcess(argv, 0, "-- No entries --\n", "")

    def broken(argv: Sequence[str]) -> subprocess.CompletedProcess[str]:
        raise FileNotFoundError("journalctl")

    assert journal_lines(run=empty) is None
    assert journal_lines(run=broken) is None


def test_file_lines_of_a_missing_folder_is_empty(tmp_path: Path) -> None:
    assert file_lines(tmp_path / "nothing") == []
    assert file_lines(None) == []
