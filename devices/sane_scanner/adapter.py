"""The DocumentScanner port over a SANE scanner (python-sane), flatbed or feeder.

Blocking methods (call them from a worker). Every libsane call holds the process-wide SANE lock;
`cancel()` alone does not, because SANE allows `sane_cancel` while a read is in progress.
Failures are the port's typed errors with spoken prompts; every one is retry-able: the next scan
reopens the device if it went away.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from typing import Any

from devices.sane_scanner import library
from devices.sane_scanner.errors import translate
from devices.sane_scanner.options import apply_settings
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
    ) -> None:
        self._wanted = device
        self._source = source
        self._dpi = dpi
        self._mode = mode
        self._options = dict(options or {})
        self._max_pages = max_pages
        self._lock = threading.Lock()  # state below
        self._device_lock = threading.Lock()  # one thread at a time finds/opens the device
        self._probe_thread: threading.Thread | None = None
        self._scan_lock = threading.Lock()  # one scan at a time
        self._open = False
        self._initialised = False
        self._dev: Any = None
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
        """Technician/diagnostics: more SANE options, applied now and after every reopen."""
        with self._lock:
            self._options.update(options)
            dev = self._dev
        if dev is not None:
            with library.LOCK:
                self._apply_options(dev, options)

    def scan_page(self, settings: ScanSettings) -> ScannedPage:
        settings = self._effective(settings)
        with self._exclusive():
            dev = self._ensure_device()
            with library.LOCK:
                self._prepare(dev, settings)
                page = self._scan_one(dev, settings)
                if settings.source is ScanSource.ADF:
                    self._end_batch(dev)
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
            dev = self._ensure_device()
            try:
                with library.LOCK:
                    self._prepare(dev, settings)
                while len(pages) < limit:
                    if self._cancelled.is_set():
                        raise ScanCancelled("cancelled between pages")
                    try:
                        with library.LOCK:
                            page = self._scan_one(dev, settings)
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
                    with library.LOCK:
                        self._end_batch(dev)
        log.info("sane scanner: %d page(s) from %s", len(pages), settings.source)
        return pages

    def cancel(self) -> None:
        self._cancelled.set()
        with self._lock:
            dev = self._dev
        if dev is not None:
            try:
                dev.cancel()  # SANE allows this during a read; the read then ends CANCELLED
            except Exception as error:  # a cancel that fails must not raise into the UI
                log.debug("sane scanner: cancel: %r", error)

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
            with self._lock:
                if self._initialised:
                    self._initialised = False
                    library.release()
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

    def _ensure_device(self) -> Any:
        with self._device_lock:
            return self._open_device()

    def _open_device(self) -> Any:
        with self._lock:
            if self._dev is not None:
                return self._dev
            if not self._open:
                raise NoDevice("scanner is not open")
        try:
            with library.LOCK:
                with self._lock:
                    if not self._initialised:
                        library.acquire()
                        self._initialised = True
                name = self._resolve_name()
                import sane

                dev = sane.open(name)
                self._apply_options(dev, self._options)
        except ScanError as error:
            self._note(error)
            raise
        except Exception as error:
            # sane.open("no-such") says only "Invalid argument": name what was asked
            failure = translate(error, f"opening scanner {self._wanted or '(first)'!r}")
            if type(failure) is ScanError:
                failure = NoDevice(str(failure))
            self._note(failure)
            raise failure from error
        with self._lock:
            self._dev, self._name = dev, name
            self._health = READY
        log.info("sane scanner: opened %s", name)
        return dev

    def _resolve_name(self) -> str:
        if self._wanted:
            return self._wanted
        devices = library.list_devices()
        if not devices:
            raise NoDevice("libsane lists no scanner")
        return devices[0][0]

    def _apply_options(self, dev: Any, options: Mapping[str, OptionValue]) -> None:
        for key, value in options.items():
            try:
                setattr(dev, key, value)
            except Exception as error:
                log.warning("sane scanner: option %s=%r refused: %r", key, value, error)

    def _prepare(self, dev: Any, settings: ScanSettings) -> None:
        try:
            apply_settings(dev, settings)
        except ScanError as error:
            self._note(error)
            raise

    def _scan_one(self, dev: Any, settings: ScanSettings) -> ScannedPage:
        """One frame; the caller holds library.LOCK."""
        try:
            dev.start()
            image = dev.snap(no_cancel=settings.source is ScanSource.ADF)
            dpi = round(float(dev.resolution))
        except Exception as error:
            library.keep_sigpipe_ignored()
            failure = translate(error, "scanning")
            if self._cancelled.is_set():
                failure = ScanCancelled(f"cancelled: {failure}")
            self._note(failure)
            try:
                dev.cancel()  # leave the device ready for the retry
            except Exception as cancel_error:
                log.debug("sane scanner: cancel after failure: %r", cancel_error)
            if isinstance(failure, NoDevice | ScannerIoError):
                self._drop_device()  # an I/O error usually means the USB device went away
            raise failure from error
        library.keep_sigpipe_ignored()
        mode = ColourMode.COLOUR if image.mode == "RGB" else ColourMode.GRAY
        if image.mode not in ("RGB", "L"):
            image = image.convert("L")
        with self._lock:
            self._health = READY
        return ScannedPage(image.width, image.height, dpi, mode, image.tobytes())

    def _end_batch(self, dev: Any) -> None:
        try:
            dev.cancel()  # ends the ADF batch (snap(no_cancel=True) left it open)
        except Exception as error:
            log.debug("sane scanner: cancel at batch end: %r", error)

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
                with library.LOCK:
                    dev.close()
            except Exception as error:
                log.debug("sane scanner: close: %r", error)


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
    try:
        library.acquire()
    except Exception as error:
        raise NoDevice(f"libsane did not start: {error!r}") from error
    try:
        return library.list_devices()
    finally:
        library.release()
