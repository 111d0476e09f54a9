"""Start-up benchmark: process spawn → first painted attract screen, against a bare PySide6 window.

Both run as fresh processes on Qt's offscreen platform with a 1920×1080 screen; each child prints
CLOCK_MONOTONIC (system-wide on Linux) right after its first paint, the parent subtracts the time it
took just before spawning. Prints medians and the ratio (target: ≤ 1.5, design/issue 3).

    python -m bench.startup [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARK = "first_painted_monotonic_ns="

BARE_WINDOW = r"""
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QPushButton, QVBoxLayout, QWidget
app = QApplication(sys.argv[:1])
w = QWidget()
QVBoxLayout(w).addWidget(QPushButton("Chạm vào màn hình để bắt đầu"))
class Painted(QObject):
    done = False
    def eventFilter(self, obj, ev):
        if ev.type() == QEvent.Type.Paint and not self.done:
            self.done = True
            QTimer.singleShot(0, self.report)
        return False
    def report(self):
        print("MARK%d" % time.monotonic_ns(), flush=True)
        app.quit()
f = Painted(); w.installEventFilter(f)
w.showFullScreen()
app.exec()
""".replace("MARK", MARK)


def _env(tmp: Path) -> dict[str, str]:
    screen = tmp / "screen.json"
    screen.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "bench",
                        "x": 0,
                        "y": 0,
                        "width": 1920,
                        "height": 1080,
                        "logicalDpi": 96,
                    }
                ]
            }
        )
    )
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM=f"offscreen:configfile={screen}",
        KIOSK_DATA_DIR=str(tmp / "data"),
        KIOSK_EXIT_AFTER_FIRST_PAINT="1",
        KIOSK_LOG_LEVEL="WARNING",
    )
    return env


def _time_once(cmd: list[str], env: dict[str, str]) -> float:
    start = time.monotonic_ns()
    out = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    for line in out.stdout.splitlines():
        if line.startswith(MARK):
            return (int(line[len(MARK) :]) - start) / 1e6
    raise RuntimeError(f"{cmd[:3]} never painted (exit {out.returncode}):\n{out.stderr[-2000:]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=21)
    args = ap.parse_args(argv)
    kiosk = [sys.executable, "-m", "kiosk", "run", "--simulate"]
    bare = [sys.executable, "-c", BARE_WINDOW]
    # An installed kiosk runs from compiled bytecode (pip and the installer compile it); this
    # machine sets PYTHONDONTWRITEBYTECODE, so compile once here rather than on every start.
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", "kiosk", "ui", "devices"], cwd=ROOT, check=True
    )
    with tempfile.TemporaryDirectory() as tmp:
        env = _env(Path(tmp))
        for cmd in (bare, kiosk):  # warm the page cache; not counted
            _time_once(cmd, env)
        times: dict[str, list[float]] = {"bare": [], "kiosk": []}
        for _ in range(args.runs):  # interleaved so drift hits both alike
            times["bare"].append(_time_once(bare, env))
            times["kiosk"].append(_time_once(kiosk, env))
    bare_ms = statistics.median(times["bare"])
    kiosk_ms = statistics.median(times["kiosk"])
    print(f"startup runs={args.runs} (spawn -> first painted window, offscreen 1920x1080)")
    print(
        f"  bare PySide6 window, one button: median {bare_ms:7.1f} ms "
        f"(min {min(times['bare']):.1f}, max {max(times['bare']):.1f})"
    )
    print(
        f"  kiosk attract screen:            median {kiosk_ms:7.1f} ms "
        f"(min {min(times['kiosk']):.1f}, max {max(times['kiosk']):.1f})"
    )
    print(
        f"  ratio kiosk/bare: {kiosk_ms / bare_ms:.2f} of medians, "
        f"{min(times['kiosk']) / min(times['bare']):.2f} of minimums (target <= 1.5)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
