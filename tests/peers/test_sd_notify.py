"""The real `kiosk run --simulate` process against a real NOTIFY_SOCKET (AF_UNIX datagrams).

Proves what systemd relies on: READY=1 (with "ready <version>") once the attract screen has been
painted, WATCHDOG=1 at half of WATCHDOG_USEC from the GUI thread, none while the GUI thread is
blocked (KIOSK_TEST_BLOCK_GUI_S blocks it once, between two STATUS markers), pings again after,
and STOPPING=1 on SIGTERM with a clean exit.
"""

from __future__ import annotations

import itertools
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
WATCHDOG_USEC = 400_000
BLOCK_S = 1.5
SILENCE_S = 20.0


def _receive_until(sock: socket.socket, done: object, deadline_s: float) -> list[tuple[float, str]]:
    got: list[tuple[float, str]] = []
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        # 20 s of silence ends the wait: a pinging kiosk is never that quiet
        sock.settimeout(max(0.05, min(SILENCE_S, end - time.monotonic())))
        try:
            data = sock.recv(4096)
        except TimeoutError:
            break
        got.append((time.monotonic(), data.decode()))
        if callable(done) and done(got):
            break
    return got


@pytest.mark.peer
def test_ready_watchdog_block_and_stopping(tmp_path: Path) -> None:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(tmp_path / "notify.sock"))
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "NOTIFY_SOCKET": str(tmp_path / "notify.sock"),
        "WATCHDOG_USEC": str(WATCHDOG_USEC),
        "KIOSK_TEST_BLOCK_GUI_S": str(BLOCK_S),
        "KIOSK_DATA_DIR": str(tmp_path / "data"),
    }
    env.pop("WATCHDOG_PID", None)
    log = (tmp_path / "kiosk.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "run", "--simulate"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    try:

        def resumed(got: list[tuple[float, str]]) -> bool:
            texts = [m for _, m in got]
            if "STATUS=test-block-end" not in texts:
                return False
            after = texts[texts.index("STATUS=test-block-end") :]
            return after.count("WATCHDOG=1") >= 6

        got = _receive_until(sock, resumed, deadline_s=90)
        proc.send_signal(signal.SIGTERM)
        got += _receive_until(sock, lambda g: "STOPPING=1" in g[-1][1], deadline_s=30)
        code = proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        sock.close()
        log.close()
    stderr = (tmp_path / "kiosk.log").read_text(errors="replace")
    texts = [m for _, m in got]
    assert texts, f"no notification at all; stderr:\n{stderr}"

    ready = [i for i, m in enumerate(texts) if m.startswith("READY=1")]
    assert len(ready) == 1, texts
    assert texts[ready[0]].startswith("READY=1\nSTATUS=ready ")
    start, end = texts.index("STATUS=test-block-start"), texts.index("STATUS=test-block-end")
    assert ready[0] < start < end
    # the GUI thread was blocked for BLOCK_S, several watchdog intervals: not one ping left it
    assert "WATCHDOG=1" not in texts[start:end]
    assert got[end][0] - got[start][0] >= BLOCK_S * 0.9
    assert "WATCHDOG=1" in texts[ready[0] : start]  # pinging before the block
    after = [t for (t, m) in got[end + 1 :] if m == "WATCHDOG=1"]
    assert len(after) >= 6, texts  # the loop is back: so are the pings
    gaps = sorted(b - a for a, b in itertools.pairwise(after))
    # the typical ping well inside WatchdogSec (systemd would kill us otherwise), not spamming
    assert 0.05 < gaps[len(gaps) // 2] < WATCHDOG_USEC / 1e6, gaps
    assert any(m.startswith("STOPPING=1") for m in texts[end:]), texts
    assert code == 0, stderr
