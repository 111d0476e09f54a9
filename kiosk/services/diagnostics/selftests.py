"""Non-destructive self-tests, one per port, written against the ports only.

Each opens the port, lets it settle (adapters find their device on a thread of their own),
tests what can be tested without touching a citizen's data, and closes it again. Destructive or
paper-using tests (a scan, a test receipt) run only when the technician asks for them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from contextlib import suppress
from typing import Protocol

from kiosk.domain.devices import DeviceError, HealthReport, HealthState
from kiosk.ports.card_reader import AccessDenied, BacKey, CardReader
from kiosk.ports.document_scanner import DocumentScanner, ScanSettings
from kiosk.ports.portal import Portal
from kiosk.ports.qr_source import QrScan, QrSource
from kiosk.ports.receipt_printer import PrinterError, ReceiptPrinter
from kiosk.ports.speaker import DescribesEngines, Speaker
from kiosk.services.diagnostics import redact
from kiosk.services.diagnostics.report import Value
from kiosk.services.diagnostics.runner import Outcome

Pause = Callable[[float], None]


def real_pause(seconds: float) -> None:
    threading.Event().wait(seconds)


class _Healthy(Protocol):
    def health(self) -> HealthReport: ...


Healthy = _Healthy  # what `settle` waits on (the diagnostics screen settles any port)


def settle(device: _Healthy, pause: Pause, within_s: float, step_s: float = 0.1) -> HealthReport:
    """The device's health once it is READY, or its last report after `within_s`."""
    steps = round(within_s / step_s)  # counted, not summed: 0.1 s steps do not add up exactly
    report = device.health()
    while report.state is not HealthState.READY and steps > 0:
        pause(step_s)
        steps -= 1
        report = device.health()
    return report


def card_reader(
    reader: CardReader,
    *,
    atr: Callable[[], str | None] | None = None,
    bac_keys: Sequence[BacKey] = (),
    pause: Pause = real_pause,
    settle_s: float = 3.0,
) -> Outcome:
    """Reader present (the port's health); the ATR of a card on it when the adapter can tell;
    with the technician's test card keys, a BAC session that reads only EF.COM (the list of
    data groups: nothing personal)."""
    reader.open()
    try:
        health = settle(reader, pause, settle_s)
        test: dict[str, Value] = {}
        error = ""
        if atr is not None and health.ready:
            try:
                found = atr()
                test["card_atr"] = found if found else "no card"
            except Exception as exc:
                error = redact.error(exc)
        if bac_keys and health.ready:
            bac, bac_error = _bac_read(reader, bac_keys)
            test.update(bac)
            if bac_error:
                error = bac_error
                health = HealthReport(HealthState.NEEDS_TECHNICIAN, "BAC with the test card failed")
        return Outcome(health, test, error)
    finally:
        reader.close()


def _bac_read(reader: CardReader, keys: Sequence[BacKey]) -> tuple[dict[str, Value], str]:
    for key in keys:  # a card QR gives a few candidate expiry dates: try each
        try:
            chip = reader.read_chip(key, ("COM",))
        except AccessDenied:
            continue
        except DeviceError as exc:
            return {"bac": "failed"}, redact.error(exc)
        return {"bac": "opened", "apdu_count": chip.apdu_count}, ""
    return {"bac": "refused"}, f"none of the {len(keys)} test card keys opened the chip"


def qr_source(
    source: QrSource, *, listen_s: float, pause: Pause = real_pause, settle_s: float = 3.0
) -> Outcome:
    """Listen `listen_s` seconds; report each code as kind + length (never its text)."""
    arrived: list[dict[str, str | int]] = []
    lock = threading.Lock()

    def got(scan: QrScan) -> None:
        entry = redact.qr_payload(scan.payload)
        with lock:
            arrived.append(entry)

    source.subscribe(got)
    source.open()
    try:
        health = settle(source, pause, settle_s)
        test: dict[str, Value] = {"listened_s": 0.0}
        if health.ready:  # a port that is not open would only report "nothing" after waiting
            pause(listen_s)
            test["listened_s"] = listen_s
            health = source.health()
        with lock:
            scans = list(arrived)
        test["scans"] = len(scans)
        test["arrived"] = ", ".join(f"{s['kind']}/{s['length']} chars" for s in scans) or "nothing"
        return Outcome(health, test)
    finally:
        source.close()


def document_scanner(
    scanner: DocumentScanner, *, scan: bool, pause: Pause = real_pause, settle_s: float = 5.0
) -> Outcome:
    """Device reachable; with `scan`, one page and its size and dpi (the image is not kept)."""
    scanner.open()
    try:
        probe = getattr(scanner, "probe", None)  # an adapter that can find its device now
        health = probe() if callable(probe) else settle(scanner, pause, settle_s)
        test: dict[str, Value] = {}
        error = ""
        if scan and health.ready:
            try:
                page = scanner.scan_page(ScanSettings())
                test.update(
                    width_px=page.width,
                    height_px=page.height,
                    dpi=page.dpi,
                    mode=page.mode.value,
                    width_mm=round(page.width / page.dpi * 25.4, 1),
                    height_mm=round(page.height / page.dpi * 25.4, 1),
                )
            except DeviceError as exc:
                error = redact.error(exc)
            health = scanner.health()
        return Outcome(health, test, error)
    finally:
        scanner.close()


def receipt_printer(
    printer: ReceiptPrinter, *, print_test: Callable[[ReceiptPrinter], None] | None = None
) -> Outcome:
    """The printer's real-time status bytes, decoded; with `print_test`, a test receipt."""
    printer.open()
    try:
        try:
            status = printer.status()
        except PrinterError as exc:
            return Outcome(printer.health(), {"answered": False}, redact.error(exc))
        test: dict[str, Value] = {
            "online": status.online,
            "paper": status.paper.value,
            "cover_open": status.cover_open,
            "error": status.error,
        }
        error = ""
        if print_test is not None and status.can_print:
            try:
                print_test(printer)
                test["test_receipt"] = "printed"
            except PrinterError as exc:
                test["test_receipt"] = "failed"
                error = redact.error(exc)
                with suppress(PrinterError):
                    status = printer.status()
        return Outcome(status.health(), test, error)
    finally:
        printer.close()


def speaker(speaker: Speaker) -> Outcome:
    """Which speech engines the voice found; nothing is played (the hall may be full)."""
    speaker.open()
    try:
        test: dict[str, Value] = {}
        if isinstance(speaker, DescribesEngines):
            for engine in speaker.engines():
                test[engine.name] = (
                    "available" if engine.available else f"missing: {engine.detail}".strip()
                )
        return Outcome(speaker.health(), test)
    finally:
        speaker.close()


def portal(portal: Portal) -> Outcome:
    try:
        return Outcome(portal.health())
    finally:
        portal.close()
