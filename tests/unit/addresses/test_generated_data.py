"""The shipped address files are exactly what tools/build_addresses.py makes from the pinned
data package (skipped where that build-time package is not installed)."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def test_shipped_files_match_the_generator() -> None:
    try:
        metadata.distribution("vietnamadminunits")
    except metadata.PackageNotFoundError:
        pytest.skip("vietnamadminunits (build-time only) is not installed")
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_addresses.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_licence_notice_ships_with_the_data() -> None:
    notice = (ROOT / "config" / "addresses" / "NOTICE.md").read_text(encoding="utf-8")
    assert "MIT License" in notice and "Tran Ngoc Minh Hieu" in notice
    assert "Permission is hereby granted" in notice
