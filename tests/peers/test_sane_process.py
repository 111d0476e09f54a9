"""libsane runs in a child process: the kiosk process never loads it, a hung or dead child is
replaced, and a cancel mid-scan can never freeze the kiosk.

Why (devices/sane_scanner/child.py): libsane cancels its reader thread asynchronously and can
leave malloc's or gettext's lock held; in-process that froze the next thread needing the lock
(seen in CI: zxing-cpp's next C++ throw; reproduced with a start+cancel loop, ~1 run in 30).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator

import pytest

from devices.sane_scanner.adapter import SaneDocumentScanner
from devices.sane_scanner.remote import SaneProcess
from kiosk.ports.document_scanner import ScanCancelled, ScanError, ScannerIoError, ScanSettings
from tests.peers.sane import DEVICE, sane_test_dir  # noqa: F401  (fixture)

pytestmark = [pytest.mark.peer, pytest.mark.usefixtures("sane_test_dir")]


@pytest.fixture
def scanner() -> Iterator[SaneDocumentScanner]:
    # short timeouts, so a hung child is noticed in seconds here (the kiosk waits 30/120 s)
    device = SaneDocumentScanner(
        DEVICE, scan_timeout_s=5.0, process=SaneProcess(op_timeout_s=3.0, cancel_grace_s=2.0)
    )
    device.open()
    yield device
    device.close()


def _backend_mapped(pid: int | str = "self") -> bool:
    """A SANE backend (dlopened by sane_init: /usr/lib/<arch>/sane/libsane-test.so.1 …) is in
    the process. Linking libsane itself (python-sane's import) starts nothing."""
    with open(f"/proc/{pid}/maps", encoding="ascii", errors="replace") as maps:
        return any("/sane/libsane-" in line for line in maps)


def test_no_sane_backend_runs_in_the_kiosk_process(scanner: SaneDocumentScanner) -> None:
    page = scanner.scan_page(ScanSettings(dpi=50))
    assert page.width > 0
    pid = scanner._proc.pid
    assert pid is not None and pid != os.getpid()
    assert _backend_mapped(pid), "the child should hold the backend"
    assert not _backend_mapped(), "no SANE backend may run in the kiosk process"


def test_a_hung_scanner_process_is_replaced_and_the_scan_still_arrives(
    scanner: SaneDocumentScanner,
) -> None:
    scanner.scan_page(ScanSettings(dpi=50))
    stuck = scanner._proc.pid
    assert stuck is not None
    os.kill(stuck, signal.SIGSTOP)  # as if libsane deadlocked inside the child
    try:
        page = scanner.scan_page(ScanSettings(dpi=50))  # the late answer kills it; a new one
    finally:
        with contextlib.suppress(ProcessLookupError):  # killed already, as it should be
            os.kill(stuck, signal.SIGCONT)
    assert page.dpi == 50
    assert scanner._proc.pid not in (None, stuck) and scanner._proc.starts == 2
    assert scanner.health().ready


def test_a_scanner_process_that_never_answers_is_an_io_error_not_a_freeze() -> None:
    process = SaneProcess(op_timeout_s=2.0)
    device = SaneDocumentScanner(DEVICE, process=process)
    device.open()
    try:
        assert device.probe().ready
        pid = process.pid
        assert pid is not None
        os.kill(pid, signal.SIGSTOP)
        process._ensure_started = lambda: os.kill(os.getpid(), 0)  # type: ignore[method-assign]
        with pytest.raises(ScannerIoError) as caught:  # no child to replace it: the error shows
            device.scan_page(ScanSettings(dpi=50))
        assert caught.value.retryable and caught.value.prompt_id == "scanner.io_error"
        assert not device.health().ready
    finally:
        del process._ensure_started
        device.close()


def test_a_dead_scanner_process_is_replaced_before_the_next_scan(
    scanner: SaneDocumentScanner,
) -> None:
    scanner.scan_page(ScanSettings(dpi=50))
    dead = scanner._proc.pid
    assert dead is not None
    os.kill(dead, signal.SIGKILL)
    page = scanner.scan_page(ScanSettings(dpi=50))
    assert page.dpi == 50 and scanner._proc.starts == 2


def test_cancel_mid_scan_never_freezes_the_kiosk(scanner: SaneDocumentScanner) -> None:
    """The loop that hung an in-process libsane: start a scan, cancel at once, again and again.
    Every round ends (a page, or ScanCancelled/IO error) and the next scan still works."""
    outcomes: list[str] = []
    for _ in range(12):
        done = threading.Event()

        def scan(done: threading.Event = done) -> None:
            try:
                scanner.scan_page(ScanSettings(dpi=300))
                outcomes.append("page")
            except ScanCancelled:
                outcomes.append("cancelled")
            except ScanError as error:
                outcomes.append(type(error).__name__)
            finally:
                done.set()

        worker = threading.Thread(target=scan)
        worker.start()
        scanner.cancel()
        assert done.wait(20), "a cancelled scan never ended"
        worker.join()
    assert len(outcomes) == 12
    assert set(outcomes) <= {"page", "cancelled", "ScannerIoError"}
    assert scanner.scan_page(ScanSettings(dpi=50)).dpi == 50
