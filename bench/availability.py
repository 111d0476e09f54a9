"""Availability benchmark (issue 11, Health): what the health poll costs the GUI thread, and
what the diagnostics' reads of the device event log cost on a long-lived store.

  tracker   AvailabilityTracker.update for the 7 ports (no change: the usual 5 s poll)
  hub       one settled change handled on the GUI thread: tracker, the attract notice rebuilt
            (offscreen Qt), the receipt and papers controllers told
  events    DeviceEventLog.recent(50), since(last hour), last_errors() on N rows (SQLite WAL)

    python -m bench.availability [--rows N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

PORTS = (
    "card_reader",
    "qr_source",
    "mrz_reader",
    "document_scanner",
    "receipt_printer",
    "speaker",
    "portal",
)
T0 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def timed(fn: Callable[[], object], runs: int) -> float:
    """Median seconds of `fn` over `runs`."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def bench_tracker() -> None:
    from kiosk.domain.devices import HealthState
    from kiosk.services.availability import AvailabilityTracker

    tracker = AvailabilityTracker()
    states = dict.fromkeys(PORTS, HealthState.READY)
    tracker.update(states, T0)
    median = timed(lambda: tracker.update(states, T0), 2000)
    print(f"tracker   update, no change: {median * 1e6:.1f} µs")


def bench_hub() -> None:
    from PySide6.QtWidgets import QApplication

    from kiosk.domain.devices import HealthState
    from kiosk.ports.clock import ManualClock
    from kiosk.prompts import load_prompts
    from kiosk.settings.schema import default_settings
    from ui.availability import AvailabilityHub
    from ui.fonts import load_bundled_fonts
    from ui.screens.attract import AttractScreen
    from ui.theme import Theme, apply_theme

    app = QApplication.instance() or QApplication([])
    prompts = load_prompts(Path(__file__).resolve().parents[1] / "config" / "prompts" / "vi")
    clock = ManualClock()
    theme = Theme.for_panel(default_settings().panel, load_bundled_fonts(), False)
    screen = AttractScreen()
    screen.setStyleSheet(theme.stylesheet())
    apply_theme(screen, theme)
    screen.apply(theme)
    screen.resize(1920, 1080)
    screen.show()
    hub = AvailabilityHub(clock, prompts, settle_s=0)
    hub.connect_attract(screen)
    up = dict.fromkeys(PORTS, HealthState.READY)
    down = {**up, "receipt_printer": HealthState.NEEDS_TECHNICIAN, "speaker": HealthState.FAILED}
    flip = [up, down]

    def change() -> None:
        flip.reverse()
        hub.states_polled.emit(flip[0])  # same thread: a direct call, as queued delivery does
        app.processEvents()

    print(f"hub       a settled change on the GUI thread: {timed(change, 200) * 1e3:.2f} ms")
    screen.close()


def bench_events(rows: int) -> None:
    from sqlalchemy import insert

    from kiosk.store import migrate
    from kiosk.store.db import make_engine, session_factory, sqlite_url
    from kiosk.store.models import DeviceEvent
    from kiosk.store.repositories import DeviceEventLog

    with tempfile.TemporaryDirectory() as tmp:
        url = sqlite_url(Path(tmp) / "kiosk.db")
        migrate.upgrade(url)
        engine = make_engine(url)
        states = ("ready", "not_ready", "needs_technician", "failed")
        batch = [
            {
                "at": T0 + timedelta(seconds=5 * i),
                "port": PORTS[i % len(PORTS)],
                "from_state": states[i % 4],
                "to_state": states[(i + 1) % 4],
                "detail": "bench",
            }
            for i in range(rows)
        ]
        with engine.begin() as c:
            c.execute(insert(DeviceEvent), batch)
        log = DeviceEventLog(session_factory(engine))
        last = T0 + timedelta(seconds=5 * rows)
        print(f"events    {rows} rows:")
        print(f"  recent(50)        {timed(lambda: log.recent(50), 50) * 1e3:.2f} ms")
        hour = last - timedelta(hours=1)
        print(f"  since(last hour)  {timed(lambda: log.since(hour), 50) * 1e3:.2f} ms")
        print(f"  last_errors()     {timed(log.last_errors, 50) * 1e3:.2f} ms")
        engine.dispose()


def main() -> None:
    import logging

    logging.disable(logging.WARNING)  # each change is logged; not what is measured
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    bench_tracker()
    bench_hub()
    bench_events(args.rows)


if __name__ == "__main__":
    main()
