"""Diagnostics benchmark (issue 11): what the log export costs on a long-lived kiosk, and what
one frame's focus score costs on the camera thread.

  scrub    personal.scrub per log line (a week of journal: ~100k lines)
  export   export_logs: N journal lines + 5k device events + 5k audit rows → zip on disk
  focus    laplacian_variance on a 320x240 preview frame (the camera preview size)

    python -m bench.diag_export [--lines N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kiosk.services.diagnostics.focus import laplacian_variance
from kiosk.services.diagnostics.log_export import export_logs
from kiosk.services.diagnostics.personal import scrub

LINES = (
    "2026-11-23T08:00:01+07:00 kiosk kiosk[812]: card_reader ready -> not_ready (reader unplugged)",
    "2026-11-23T08:01:02+07:00 kiosk kiosk[812]: chip read for Nguyễn Thị Lan id 001056012345 done",
    "2026-11-23T08:01:03+07:00 kiosk kiosk[812]: outbox: dossier H29.12-261123-0007 sent in 0.4 s",
    "2026-11-23T08:01:05+07:00 kiosk kiosk[812]: form: address=12 Hàng Bạc, Hoàn Kiếm; step=3",
)


@dataclass(frozen=True)
class Row:
    at: datetime
    port: str = "receipt_printer"
    from_state: str = "ready"
    to_state: str = "needs_technician"
    detail: str | None = "paper out"
    actor_kind: str = "technician"
    actor_id: str = "pin-pad"
    action: str = "diag_check"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", type=int, default=100_000)
    args = parser.parse_args()
    journal = [LINES[i % len(LINES)] for i in range(args.lines)]

    t0 = time.perf_counter()
    for line in journal[:20_000]:
        scrub(line)
    per_line = (time.perf_counter() - t0) / min(20_000, len(journal))
    print(f"scrub: {per_line * 1e6:.1f} µs/line ({1 / per_line:.0f} lines/s)")

    start = datetime(2026, 11, 23, tzinfo=UTC)
    rows = [Row(start + timedelta(seconds=i)) for i in range(5_000)]
    with tempfile.TemporaryDirectory() as tmp:
        stick = Path(tmp) / "media" / "kiosk" / "USB"
        stick.mkdir(parents=True)
        t0 = time.perf_counter()
        result = export_logs(
            "bench",
            start,
            device_events=rows,
            audit_rows=rows,
            journal=lambda: journal,
            usb_roots=[Path(tmp) / "media"],
            is_mount=lambda _: True,
        )
        took = time.perf_counter() - t0
        size = result.path.stat().st_size
    print(
        f"export: {len(journal)} lines + 5000 events + 5000 audit rows in {took:.2f} s,"
        f" zip {size / 1024:.0f} KiB"
    )

    w, h = 320, 240
    frame = bytes((x * 7 + y * 13) % 256 for y in range(h) for x in range(w))
    times = []
    for _ in range(20):
        t0 = time.perf_counter()
        laplacian_variance(frame, w, h)
        times.append(time.perf_counter() - t0)
    print(f"focus: {statistics.median(times) * 1000:.1f} ms/frame (320x240, median of 20)")


if __name__ == "__main__":
    main()
