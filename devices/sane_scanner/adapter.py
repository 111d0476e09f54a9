"""The DocumentScanner port over a SANE scanner (python-sane), flatbed or feeder.

libsane runs in a child process (`devices.sane_scanner.remote`: its reader threads are cancelled
asynchronously and can leave a libc lock held, which would freeze the kiosk). Blocking methods
(call them from a worker); `cancel()` may be called from any thread during a scan. Failures are
the port's typed errors with spoken prompts; every one is retry-able: the next scan reopens the
device (and starts a new child) if it went away.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping

from devices.sane_scanner.remote import SaneProcess
from kiosk.domain.devices import READY, HealthReport, HealthState
from kiosk.ports.document_scanner import (
    ColourMode,
    CoverOpen,
    DeviceBusy,
    NoDevice,
    NoPaper,
    PaperJam,
    ScanCancelled,
    ScanError,
    ScannedPage,
    ScannerIoError,
    ScanSettings,
    ScanSource,
)

log = logging.getLogger(__name__)

OptionValue = str | int | float | bool

# What a failure says about the device, for health(): staff can fix these by hand.
_NEEDS_HANDS = (CoverOpen, PaperJam)


class SaneDocumentScanner:
    """`device`: SANE name ("" = the first scanner libsane lists). `source`, `dpi`, `mode`, when
    set, override what the caller asks (the technician knows the hardware: a feeder-only
    scanner, a glass that must be scanned in grey). `options`: extra SANE options by python-sane
    name (e.g. {"test_picture": "Grid"}), applied after open."""

    def __init__(
        self,
        device: str = "",
        *,
        source: ScanSource | None = None,
        dpi: int | None = None,
        mode: ColourMode | None = None,
        options: Mapping[str, OptionValue] | None = None,
        max_pages: int = 50,
        scan_timeout_s: float = 120.0,
        process: SaneProcess | None = None,
    ) -> None:
        self._wanted = device
        self._source = source
        self._dpi = dpi
        self._mode = mode
        self._options = dict(options or {})
        self._max_pages = max_pages
        self._scan_timeout_s = scan_timeout_s
        self._proc = process or SaneProcess()
        self._lock = threading.Lock()  # state below
        self._device_lock = threading.Lock()  # one thread at a time finds/opens the device
        self._probe_thread: threading.Thread | None = None
        self._scan_lock = threading.Lock()  # one scan at a time
        self._open = False
        self._dev: str | None = None  # the opened device's name, in the child
        self._name = ""
        self._cancelled = threading.Event()
        self._health = HealthReport(HealthState.NOT_READY, "not open")

    @property
    def device_name(self) -> str:
        """The SANE name of the opened device ("" until one is opened)."""
        return self._name

    # --- port -------------------------------------------------------------------------------

    def open(self) -> None:
        """Idempotent and quick: libsane starts on a thread of its own (`sane_init` probes
        every configured backend, seconds with USB or network scanners), so this may be called
        on the GUI thread. Never raises: a missing scanner shows in health() and every scan
        tries again."""
        with self._lock:
            if self._open:
                return
            self._open = True
            self._probe_thread = threading.Thread(
                target=self._probe_quietly, name="sane-probe", daemon=True
            )
            self._health = HealthReport(HealthState.NOT_READY, "looking for the scanner")
        self._probe_thread.start()

    def probe(self) -> HealthReport:
        """Blocking: find and open the scanner now (diagnostics, tests); the health after."""
        try:
            self._ensure_device()
        except ScanError as error:
            log.warning("sane scanner: not available: %s", error)
        return self.health()

    def _probe_quietly(self) -> None:
        with self._lock:
            if not self._open:
                return
        self.probe()

    def health(self) -> HealthReport:
        with self._lock:
            return self._health

    def set_options(self, options: Mapping[str, OptionValue]) -> None:
        """Technician/diagnostics: more SANE options, applied now and after every reopen.
        Waits for an open in progress (the background probe), so none is lost between them."""
        with self._device_lock:
            with self._lock:
                self._options.update(options)
                dev = self._dev
            if dev is not None:
                self._apply_options(options)

    def scan_page(self, settings: ScanSettings) -> ScannedPage:
        settings = self._effective(settings)
        with self._exclusive():
            self._ensure_device()
            self._prepare(settings)
            page = self._scan_one(settings)
            if settings.source is ScanSource.ADF:
                self._end_batch()
            return page

    def scan_pages(
        self,
        settings: ScanSettings,
        max_pages: int | None = None,
        on_page: Callable[[ScannedPage], None] | None = None,
    ) -> list[ScannedPage]:
        if max_pages is not None and max_pages < 1:
            raise ValueError(f"max_pages must be >= 1, got {max_pages}")
        settings = self._effective(settings)
        limit = 1 if settings.source is ScanSource.FLATBED else (max_pages or self._max_pages)
        pages: list[ScannedPage] = []
        with self._exclusive():
            self._ensure_device()
            try:
                self._prepare(settings)
                while len(pages) < limit:
                    if self._cancelled.is_set():
                        raise ScanCancelled("cancelled between pages")
                    try:
                        page = self._scan_one(settings)
                    except NoPaper:
                        if pages:  # the feeder ran empty: the batch is complete
                            break
                        raise
                    pages.append(page)
                    if on_page is not None:
                        on_page(page)
            except ScanError as error:
                error.pages = tuple(pages)
                raise
            finally:
                if settings.source is ScanSource.ADF:
                    self._end_batch()
        log.info("sane scanner: %d page(s) from %s", len(pages), settings.source)
        return pages

    def cancel(self) -> None:
        self._cancelled.set()
        self._proc.cancel()  # a read in progress ends CANCELLED (or the child is killed)

    def close(self) -> None:
        """Idempotent; a scan in progress is cancelled first."""
        with self._lock:
            if not self._open:
                return
            self._open = False
        self.cancel()
        probe, self._probe_thread = self._probe_thread, None
        if probe is not None and probe is not threading.current_thread():
            probe.join(timeout=30)  # sane_init cannot be interrupted; it ends by itself
        with self._scan_lock:  # wait for the scan to end before the handle goes
            self._drop_device()
            self._proc.close()
            with self._lock:
                self._health = HealthReport(HealthState.NOT_READY, "not open")
            self._cancelled.clear()

    # --- internals --------------------------------------------------------------------------

    def _effective(self, settings: ScanSettings) -> ScanSettings:
        return ScanSettings(
            dpi=self._dpi or settings.dpi,
            mode=self._mode or settings.mode,
            source=self._source or settings.source,
        )

    def _exclusive(self) -> _ScanGuard:
        with self._lock:
            if not self._open:
                raise NoDevice("scanner is not open")
        if not self._scan_lock.acquire(blocking=False):
            raise DeviceBusy("another scan is in progress on this scanner")
        self._cancelled.clear()
        return _ScanGuard(self)

    def _ensure_device(self) -> str:
        with self._device_lock:
            return self._open_device()

    def _open_device(self) -> str:
        with self._lock:
            dev = self._dev
            if not self._open:
                raise NoDevice("scanner is not open")
        if dev is not None:
            if self._proc.alive:
                return dev
            log.warning("sane scanner: the scanner process ended; opening %s again", dev)
            with self._lock:
                self._dev = None
        try:
            name: str = self._proc.call("open", self._wanted, dict(self._options))
        except ScanError as error:
            failure = error
            if type(failure) is ScanError:  # sane.open("no-such") says only "Invalid argument"
                failure = NoDevice(f"opening scanner {self._wanted or '(first)'!r}: {error}")
            self._note(failure)
            raise failure from error
        with self._lock:
            self._dev, self._name = name, name
            self._health = READY
        log.info("sane scanner: opened %s (process %s)", name, self._proc.pid)
        return name

    def _apply_options(self, options: Mapping[str, OptionValue]) -> None:
        try:
            refused = self._proc.call("set_options", dict(options))
        except ScanError as error:
            log.warning("sane scanner: options %s not applied: %s", sorted(options), error)
            return
        for key in refused:
            log.warning("sane scanner: option %s=%r refused", key, options[key])

    def _prepare(self, settings: ScanSettings) -> None:
        try:
            try:
                self._proc.call("apply", settings)
            except ScannerIoError:
                if self._proc.alive:
                    raise
                # the child died since the last scan (its death was not visible yet): once more
                self._drop_device()
                self._ensure_device()
                self._proc.call("apply", settings)
        except ScanError as error:
            self._note(error)
            if isinstance(error, ScannerIoError):
                self._drop_device()
            raise

    def _scan_one(self, settings: ScanSettings) -> ScannedPage:
        """One frame. A flatbed scan is finished (sane_cancel) after the page arrived: if that
        hangs the child, the page is already here and the child is replaced."""
        try:
            width, height, dpi, image_mode, pixels = self._proc.call(
                "scan", timeout_s=self._scan_timeout_s
            )
        except ScanError as error:
            failure = error
            if self._cancelled.is_set() and not isinstance(error, ScanCancelled):
                failure = ScanCancelled(f"cancelled: {error}")
            self._note(failure)
            if isinstance(failure, NoDevice | ScannerIoError):
                self._drop_device()  # an I/O error usually means the USB device went away
            else:
                self._finish()  # leave the device ready for the retry
            raise failure from error
        if settings.source is not ScanSource.ADF:
            self._finish()
        mode = ColourMode.COLOUR if image_mode == "RGB" else ColourMode.GRAY
        with self._lock:
            self._health = READY
        return ScannedPage(width, height, dpi, mode, pixels)

    def _end_batch(self) -> None:
        self._finish()  # ends the ADF batch (the child scans with no_cancel)

    def _finish(self) -> None:
        try:
            self._proc.call("finish")
        except ScanError as error:
            log.warning("sane scanner: ending the scan failed: %s", error)
            if isinstance(error, ScannerIoError):
                self._drop_device()

    def _note(self, error: ScanError) -> None:
        if isinstance(error, NoPaper | ScanCancelled):
            state = HealthState.READY  # an empty feeder or a cancel is not a fault
        elif isinstance(error, _NEEDS_HANDS):
            state = HealthState.NEEDS_TECHNICIAN
        else:
            state = HealthState.NOT_READY
        log.warning("sane scanner: %s: %s", type(error).__name__, error)
        with self._lock:
            self._health = HealthReport(state, f"{type(error).__name__}: {error}")

    def _drop_device(self) -> None:
        with self._lock:
            dev, self._dev = self._dev, None
        if dev is not None:
            try:
                self._proc.call("close")
            except ScanError as error:
                log.debug("sane scanner: close: %s", error)


class _ScanGuard:
    def __init__(self, owner: SaneDocumentScanner) -> None:
        self._owner = owner

    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        self._owner._scan_lock.release()


def available_scanners() -> list[tuple[str, str, str, str]]:
    """(name, vendor, model, type) of every scanner libsane finds; raises NoDevice if libsane
    cannot start."""
    process = SaneProcess()
    try:
        found: list[tuple[str, str, str, str]] = process.call("list")
        return found
    finally:
        process.close()
