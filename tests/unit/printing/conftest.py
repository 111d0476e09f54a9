"""Snapshots: `KIOSK_UPDATE_SNAPSHOTS=1` rewrites them; otherwise a missing or different
snapshot fails the test (review the diff, then update on purpose)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"


def check_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("KIOSK_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return
    if not path.is_file():
        pytest.fail(f"snapshot {path} missing: run with KIOSK_UPDATE_SNAPSHOTS=1 and review it")
    assert text == path.read_text(encoding="utf-8"), f"differs from snapshot {name}"
