"""The real `kiosk run` process: settings → simulators → store → Qt shell, started and stopped
the way systemd will (SIGTERM), on Qt's offscreen platform."""

from __future__ import annotations

import os
import selectors
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def kiosk_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        KIOSK_DATA_DIR=str(tmp_path / "data"),
        KIOSK_LOG_LEVEL="INFO",
        **extra,
    )
    return env


def read_until(proc: subprocess.Popen[str], needle: str, timeout: float) -> list[str]:
    """Lines of stderr up to the one containing `needle`; fails with them all on timeout."""
    assert proc.stderr is not None
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stderr, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if not sel.select(timeout=deadline - time.monotonic()):
                break
            line = proc.stderr.readline()
            if not line:
                break
            lines.append(line)
            if needle in line:
                return lines
    raise AssertionError(f"never saw {needle!r}:\n{''.join(lines)}")


def test_kiosk_starts_opens_store_and_stops_on_sigterm(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "run", "--simulate"],
        cwd=ROOT,
        env=kiosk_env(tmp_path),
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    try:
        read_until(proc, "store ready", timeout=60)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        assert proc.stderr is not None
        proc.stderr.close()
    db = tmp_path / "data" / "kiosk.db"
    with sqlite3.connect(db) as conn:
        tables = {
            row[0] for row in conn.execute("select name from sqlite_master where type='table'")
        }
        mode = conn.execute("pragma journal_mode").fetchone()[0]
    conn.close()
    assert {
        "kiosk_sessions",
        "dossiers",
        "outbox",
        "receipts",
        "ratings",
        "audit_log",
        "device_events",
    } <= tables
    assert mode == "wal"


def test_first_paint_marker_for_the_benchmark(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "run", "--simulate"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=kiosk_env(tmp_path, KIOSK_EXIT_AFTER_FIRST_PAINT="1"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("first_painted_monotonic_ns="), result.stdout


def test_bad_settings_stop_the_kiosk_with_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "kiosk.toml"
    bad.write_text("[panel]\nwidth_mm = 0\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "run", "--config", str(bad)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env=kiosk_env(tmp_path),
    )
    assert result.returncode == 2
    assert f"{bad}: panel.width_mm:" in result.stderr


def test_a_bad_procedure_file_stops_the_kiosk_naming_file_and_key(tmp_path: Path) -> None:
    import shutil

    config = tmp_path / "config"
    shutil.copytree(ROOT / "config", config)
    broken = config / "procedures" / "certified_copy.yaml"
    broken.write_text(
        broken.read_text(encoding="utf-8").replace("processing_days:", "processing_dayz:", 1),
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "kiosk", "run", "--simulate", "--windowed"],
        cwd=ROOT,
        env=kiosk_env(tmp_path, KIOSK_CONFIG_DIR=str(config)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert "certified_copy.yaml" in done.stderr and "processing_dayz" in done.stderr
