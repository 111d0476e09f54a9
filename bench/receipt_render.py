"""Receipt render benchmark: the time from a Receipt to what goes to the printer, per renderer.

ESC/POS = layout + raster at the paper's dots + python-escpos command bytes (what
`print_receipt` does before the first byte is sent; target ≤ 100 ms, issue 7). PDF = layout +
reportlab A5 with the font embedded. Each run uses a different dossier code and name, so no
cache hides the work; the first run of each case is reported on its own (the very first one
loads the fonts).

    python -m bench.receipt_render [--runs N] [--quick]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone

from kiosk.domain.receipt import Receipt
from kiosk.paths import prompts_file
from kiosk.prompts import load_prompts
from printing.escpos import receipt_bytes
from printing.receipt import build_layout, render_pdf, render_raster

VN = timezone(timedelta(hours=7))
NAMES = ("Nguyễn Thị Lan Hương", "Trần Văn Tư", "Lê Minh Ánh", "Phạm Thị Ngọc Bích")


def receipt(i: int) -> Receipt:
    return Receipt(
        dossier_code=f"000.00.12.H29-261123-{i:04d}",
        procedure_code="1.004222",
        procedure_name="Đăng ký thường trú",
        applicant_name=NAMES[i % len(NAMES)],
        applicant_id=f"0792010{i:05d}",
        submitted_at=datetime(2026, 11, 23, 8, 15, i % 60, tzinfo=VN),
        appointment_date=date(2026, 11, 30),
        fee_vnd=20000,
        ward_name="Phường Bến Thành",
        kiosk_id="kiosk-01",
        papers_received=("Tờ khai thay đổi thông tin cư trú (CT01)", "Giấy tờ chứng minh chỗ ở"),
    )


def measure(work: Callable[[int], object], runs: int) -> tuple[float, list[float], list[float]]:
    """(first ms, wall ms per later run, CPU ms per later run). Wall time includes waiting for
    a CPU that other processes share; process CPU time is the work itself."""
    wall, cpu = [], []
    for i in range(runs + 1):
        start, start_cpu = time.perf_counter(), time.process_time()
        work(i)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return wall[0], wall[1:], cpu[1:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--quick", action="store_true", help="5 runs (CI)")
    args = parser.parse_args(argv)
    runs = 5 if args.quick else args.runs
    prompts = load_prompts(prompts_file() / "receipt.toml")
    cases: list[tuple[str, Callable[[int], object]]] = []
    for paper in (58, 80):
        for large in (False, True):
            for native in (True, False):

                def escpos(
                    i: int, paper: int = paper, large: bool = large, native: bool = native
                ) -> bytes:
                    layout = build_layout(receipt(i), prompts)
                    rendered = render_raster(layout, paper, large=large, native_qr=native)  # type: ignore[arg-type]
                    return receipt_bytes(rendered)

                qr = "native QR" if native else "raster QR"
                cases.append((f"escpos {paper} mm {'large ' if large else ''}{qr}", escpos))
    for page in ("A5", "A4"):

        def pdf(i: int, page: str = page) -> bytes:
            return render_pdf(build_layout(receipt(i), prompts), page)  # type: ignore[arg-type]

        cases.append((f"pdf {page}", pdf))

    print(f"receipt render, {runs} runs each (ms wall, cpu = median process CPU ms; ", end="")
    print(f"target escpos <= 100; load average {os.getloadavg()[0]:.1f})")
    print(f"{'renderer':34} {'first':>7} {'median':>7} {'p95':>7} {'max':>7} {'cpu':>7}  bytes")
    for name, work in cases:
        cold, warm, cpu = measure(work, runs)  # "first": the first call of this case
        size = len(work(10_000))  # type: ignore[arg-type]
        ordered = sorted(warm)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        print(
            f"{name:34} {cold:7.1f} {statistics.median(warm):7.1f} {p95:7.1f} "
            f"{max(warm):7.1f} {statistics.median(cpu):7.1f}  {size}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
