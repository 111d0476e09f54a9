"""Outbox benchmark: dossiers per second delivered to the local reference gateway, and the
submit-to-acknowledge latency, with 2 MB of papers per dossier.

The gateway runs as its own process (`python -m gateway serve`, SQLite register unless --db);
the kiosk side is the real outbox (SQLite store, papers moved into the outbox folder and
fsynced), the real `http` adapter and the sender thread. Two runs:

* burst: all N dossiers submitted as fast as the kiosk can enqueue them while the sender drains
  the queue — throughput, and latency including the wait in the queue;
* one at a time: submit, wait for the acknowledgement, next — what one citizen waits.

    python -m bench.outbox            # 1 000 dossiers (burst) + 100 one at a time
    python -m bench.outbox --quick    # 40 + 10, for CI
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KIOSK_ID = "kiosk-bench-01"
TOKEN = "bench-token-0123456789abcdef"


def paper(size: int, n: int) -> bytes:
    head = f"%PDF-1.4\n% bench paper {n}\n".encode()
    block = os.urandom(64 * 1024)  # incompressible, like a scanned JPEG inside a PDF
    body = (block * (size // len(block) + 1))[: size - len(head) - 6]
    return head + body + b"\n%%EOF"


def p95(values: list[float]) -> float:
    return (
        statistics.quantiles(values, n=100, method="inclusive")[94]
        if len(values) > 1
        else values[0]
    )


def _stats(values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return f"p50 {statistics.median(ms):.0f} ms, p95 {p95(ms):.0f} ms, max {max(ms):.0f} ms"


def start_gateway(tmp: Path, db: str | None) -> tuple[subprocess.Popen[str], str]:
    tokens = tmp / "tokens"
    tokens.write_text(f"{KIOSK_ID} {TOKEN}\n")
    url = db or f"sqlite:///{tmp / 'ward-gateway.db'}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "gateway", "serve", "--port", "0", "--db", url,
         "--token-file", str(tokens), "--unit-code", "000.00.12.H29"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line.startswith("gateway listening on "):
        proc.kill()
        raise SystemExit(f"gateway did not start: {line!r}")
    return proc, line.split(" on ", 1)[1].strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.outbox")
    parser.add_argument("--quick", action="store_true", help="few dossiers (CI)")
    parser.add_argument("--count", type=int, help="dossiers in the burst (default 1000)")
    parser.add_argument("--sequential", type=int, help="dossiers one at a time (default 100)")
    parser.add_argument("--paper-mb", type=float, default=2.0)
    parser.add_argument("--db", help="gateway register URL (default: SQLite in a temp dir)")
    args = parser.parse_args(argv)
    burst = args.count or (40 if args.quick else 1000)
    single = args.sequential if args.sequential is not None else (10 if args.quick else 100)
    size = int(args.paper_mb * 1024 * 1024)

    from devices.portal_http import HttpPortal
    from kiosk.ports.clock import SystemClock
    from kiosk.ports.portal import ConsentRecord
    from kiosk.services.outbox import NewDossier, Outbox, OutboxSender, PaperFolder
    from kiosk.store import migrate
    from kiosk.store.db import make_engine, session_factory, sqlite_url
    from kiosk.store.outbox_repository import OutboxRepository

    with tempfile.TemporaryDirectory(prefix="bench-outbox-") as name:
        tmp = Path(name)
        gateway, url = start_gateway(tmp, args.db)
        db = sqlite_url(tmp / "kiosk.db")
        migrate.upgrade(db)
        engine = make_engine(db)
        clock = SystemClock()
        outbox = Outbox(
            OutboxRepository(session_factory(engine), KIOSK_ID),
            PaperFolder(tmp / "outbox"),
            clock,
            KIOSK_ID,
        )
        acked_at: dict[str, float] = {}
        acked = threading.Condition()

        def observe(step: str, local_id: str) -> None:
            if step == "acked":
                with acked:
                    acked_at[local_id] = time.perf_counter()
                    acked.notify_all()

        portal = HttpPortal(url, TOKEN, kiosk_id=KIOSK_ID, timeout_s=60)
        sender = OutboxSender(outbox, portal, clock, observer=observe, idle_s=1.0)
        sender.start()
        session = tmp / "session"
        session.mkdir()

        def submit(n: int) -> tuple[str, float]:
            scan = session / f"scan-{n}.pdf"
            scan.write_bytes(paper(size, n))  # the scanner's output, before "Nộp hồ sơ"
            at = datetime.now(UTC)
            started = time.perf_counter()
            queued = outbox.enqueue(
                NewDossier(
                    procedure_code="1.001193",
                    fields={"ho_ten_con": f"Bench {n}", "ngay_sinh_con": "2026-11-20"},
                    papers={"giay_chung_sinh": scan},
                    identity_source="chip",
                    consent=ConsentRecord("consent.dossier.v1", at, ("dg13",)),
                    processing_days=3,
                )
            )
            return queued.local_id, started

        def wait_all(ids: list[str]) -> None:
            with acked:
                if not acked.wait_for(lambda: all(i in acked_at for i in ids), timeout=3600):
                    raise SystemExit("dossiers not acknowledged within an hour")

        try:
            # Burst.
            submitted = [submit(n) for n in range(burst)]
            wait_all([i for i, _ in submitted])
            first = min(s for _, s in submitted)
            last = max(acked_at[i] for i, _ in submitted)
            burst_lat = [acked_at[i] - s for i, s in submitted]
            # One at a time.
            single_lat: list[float] = []
            for n in range(single):
                local_id, started = submit(burst + n)
                wait_all([local_id])
                single_lat.append(acked_at[local_id] - started)
        finally:
            sender.close()
            portal.close()
            gateway.terminate()
            gateway.wait(30)
            engine.dispose()

    mb = size / 1024 / 1024
    took = last - first
    register = "PostgreSQL" if args.db else "SQLite"
    print(f"outbox -> local gateway ({register} register), {mb:.1f} MB of papers per dossier")
    print(f"burst: {burst} dossiers in {took:.1f} s = {burst / took:.1f} dossiers/s", end="")
    print(f" ({burst * mb / took:.0f} MB/s of papers)")
    print(f"burst submit->ack latency: {_stats(burst_lat)}")
    if single_lat:
        print(f"one at a time ({single}) submit->ack latency: {_stats(single_lat)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
