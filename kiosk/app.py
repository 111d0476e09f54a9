"""Composition root: settings → ports → store → Qt shell. The one module that sees every layer.

Order matters for start-up time (bench/startup.py): only what the attract screen needs runs before
its first paint; the store (SQLAlchemy, ~200 ms to import) opens afterwards on a worker thread.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kiosk.prompts import PromptCatalogue, load_prompts
from kiosk.settings.loader import ConfigError, load_settings
from kiosk.settings.schema import Settings

if TYPE_CHECKING:
    from collections.abc import Callable

    from kiosk.background import Background
    from kiosk.ports.clock import Clock
    from kiosk.services.procedures.catalogue import Catalogue
    from kiosk.wiring import Ports

log = logging.getLogger("kiosk.app")

EXIT_AFTER_PAINT_ENV = "KIOSK_EXIT_AFTER_FIRST_PAINT"  # used by bench/startup.py
HEALTH_POLL_MS = 5000


def icon_names() -> frozenset[str]:
    """The pictograms the UI ships: a procedure naming another is refused at start."""
    from ui.icons import icon_names as shipped  # a folder listing: no Qt is imported

    return shipped()


def load_configuration(config: Path | None) -> tuple[Settings, PromptCatalogue]:
    """Settings and prompts, checked before a citizen sees anything: a bad file stops the kiosk
    with every problem named (file, key, reason)."""
    from kiosk import paths

    settings = load_settings(config or paths.default_settings_file())
    prompts = load_prompts(paths.prompts_file())
    return settings, prompts


def load_procedures() -> Catalogue:
    """The procedure catalogue, checked the same way (kiosk config check does it too)."""
    from kiosk import paths
    from kiosk.services.procedures.catalogue import load_catalogue

    return load_catalogue(paths.config_dir() / "procedures", icons=icon_names())


def run(config: Path | None, simulate: bool, windowed: bool) -> int:
    _configure_logging()
    from kiosk.wiring import force_simulated, unavailable_adapters

    try:
        settings, prompts = load_configuration(config)
    except ConfigError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 2
    if simulate:
        settings = force_simulated(settings)
    missing = unavailable_adapters(settings)
    if missing:
        print("\n".join(f"kiosk: {m}" for m in missing), file=sys.stderr)
        return 2

    from kiosk import paths

    config_file = config or paths.default_settings_file()
    return _run_qt(settings, prompts, simulate, windowed, config_file)


def _run_qt(
    settings: Settings,
    prompts: PromptCatalogue,
    simulate: bool,
    windowed: bool,
    config_file: Path | None = None,
) -> int:
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    from kiosk.ports.clock import SystemClock
    from ui.fonts import load_bundled_fonts
    from ui.shell import create_main_window

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("ward-kiosk")
    app.setFont(QFont(load_bundled_fonts()))
    clock = SystemClock()
    window = create_main_window(settings, prompts, None, clock)
    controller = window.controller
    assert controller is not None
    from kiosk.background import Background

    background = Background(settings, clock, controller.attach_speaker, controller.attach_devices)
    flow_parts = _FlowParts(settings, prompts, controller, outbox=lambda: background.outbox)
    late = _AfterPaint(app, window, settings, prompts, clock, background, config_file)

    def on_ports(ports: Ports) -> None:
        flow_parts.attach(ports)
        late.connect_availability()  # after the papers and receipt steps exist
        if simulate:
            _install_simulation_keys(window, ports)

    background.on_ports = on_ports
    controller.session_started.connect(background.log_session_start)
    controller.session_ended.connect(background.log_session)
    if os.environ.get(EXIT_AFTER_PAINT_ENV):
        window.first_painted.connect(lambda: _report_first_paint_and_quit(app))
    else:
        # after the first paint, before the ports: none of it is needed to paint
        window.first_painted.connect(late.wire)  # READY=1 first, then what the ports feed
        window.first_painted.connect(lambda: _attach_procedures(app, controller))
        window.first_painted.connect(background.start)
    _quit_on_signals(app)
    from PySide6.QtCore import QTimer

    health_timer = QTimer(app)
    health_timer.setInterval(HEALTH_POLL_MS)
    health_timer.timeout.connect(background.poll_health)
    window.first_painted.connect(health_timer.start)
    window.show_kiosk(fullscreen=not windowed)
    log.info("kiosk %s started (%s)", settings.kiosk.id, "windowed" if windowed else "fullscreen")
    code = app.exec()
    late.close()
    background.close()
    return code


class _AfterPaint:
    """What starts once the attract screen is on the glass (its imports cost start-up time):
    systemd's READY=1 and watchdog, the blank schedule, the availability hub fed by the health
    poll (issue 11) and staff mode with its tools, attached when the store opens."""

    def __init__(
        self,
        app: Any,
        window: Any,
        settings: Settings,
        prompts: PromptCatalogue,
        clock: Clock,
        background: Background,
        config_file: Path | None,
    ) -> None:
        self._app, self._window, self._settings, self._prompts = app, window, settings, prompts
        self._clock, self._background, self._config_file = clock, background, config_file
        self._availability: Any = None
        self._tools: Any = None
        self._keep: list[Any] = []

    def wire(self) -> None:
        from ui.availability import AvailabilityHub
        from ui.blanking import BlankSchedule, ScreenBlanker
        from ui.staff.tools import StaffTools
        from ui.staff.wiring import StaffWiring
        from ui.watchdog import attach_systemd

        app, window, settings, clock = self._app, self._window, self._settings, self._clock
        watchdog = attach_systemd(app, window)  # WATCHDOG=1 from this loop from now on
        watchdog.on_first_painted()  # READY=1: we are inside the first paint's signal
        d = settings.display
        blanker = ScreenBlanker(
            window,
            BlankSchedule.parse(d.blank_from, d.blank_until),
            clock,
            session_idle=lambda: window.current_screen_id == "attract",
        )
        window.controller.session_ended.connect(blanker.session_ended)
        blanker.start()
        self._availability = AvailabilityHub(clock, self._prompts, parent=app)
        self._background.on_health = self._availability.states_polled.emit  # → GUI thread
        from kiosk.wiring import recorder_audio

        self._tools = StaffTools(window, self._prompts, recorder_audio, parent=app)
        background = self._background
        staff = StaffWiring(
            window.controller, settings, clock, lambda: background.outbox, parent=app
        )
        staff.attached.connect(self._on_staff)
        background.on_store_open = staff.store_opened.emit
        self._keep += [watchdog, blanker, staff]

    def connect_availability(self) -> None:
        from ui.availability import connect_session

        if self._availability is not None:
            connect_session(self._availability, self._window, self._window.controller)

    def _on_staff(self, mode: Any) -> None:  # GUI thread, the store open: diagnostics read it
        self._tools.connect_mode(mode)
        self._tools.attach_diagnostics(
            _diagnostics(
                self._window,
                self._prompts,
                self._clock,
                self._settings,
                self._background,
                self._config_file,
            )
        )

    def close(self) -> None:
        if self._tools is not None:
            self._tools.close()


def register_out_of_service(subparsers: Any) -> None:
    """`kiosk out-of-service` (issue 12): the OnFailure unit's screen, spoken once. Here because
    the CLI may not import the UI (the composition root may)."""
    from ui.out_of_service_cli import register

    def speaker(settings: Settings, clock: Any) -> Any:
        from kiosk.wiring import speaker_port

        return speaker_port(settings.devices.speaker, clock)

    register(subparsers, speaker)


def _attach_procedures(app: Any, controller: Any) -> None:
    """Right after the first paint (~40 ms of YAML and checks, before any citizen can touch):
    a bad procedure file stops the kiosk with every problem named, as a bad settings file does."""
    try:
        catalogue = load_procedures()
    except ConfigError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        log.error("the procedure catalogue is invalid: the kiosk stops (exit 2)")
        app.exit(2)
        return
    controller.attach_procedures(catalogue)


class _FlowParts:
    """What the procedure steps need besides the catalogue: the papers step (it needs the
    scanner port) and the address book (~150 ms to load: read on a thread, handed over by a
    queued signal so the GUI thread never waits), and issue 9's submit/receipt/rating/tracking
    (printer, portal, and the outbox, which exists once the store opened on its worker)."""

    def __init__(
        self,
        settings: Settings,
        prompts: PromptCatalogue,
        controller: Any,
        outbox: Callable[[], Any] | None = None,
    ) -> None:
        from PySide6.QtCore import QObject, Signal

        class _Bridge(QObject):
            book_loaded = Signal(object)

        self._settings, self._prompts, self._controller = settings, prompts, controller
        self._bridge = _Bridge()
        self._bridge.book_loaded.connect(controller.attach_address_book)
        self._loader: Any = None
        self._outbox = outbox or (lambda: None)

    def attach(self, ports: Ports) -> None:
        import tempfile
        import threading

        from kiosk.ports.document_scanner import ColourMode, ScanSettings, ScanSource
        from kiosk.wiring import paper_packer
        from ui.papers_controller import PapersController

        p = self._settings.papers
        papers = PapersController(
            ports.document_scanner,
            paper_packer(),
            self._prompts,
            settings=ScanSettings(
                dpi=p.scan_dpi,
                mode=ColourMode.COLOUR if p.scan_colour else ColourMode.GRAY,
                source=ScanSource(p.scan_source),
            ),
            max_bytes=p.max_paper_bytes,
            min_dpi=p.min_dpi,
        )
        base = Path(p.scan_dir) if p.scan_dir else Path(tempfile.gettempdir()) / "kiosk-scans"
        self._controller.attach_papers(papers, base)
        from ui.procedure_wiring import SubmissionPorts

        self._controller.attach_submission(
            SubmissionPorts(
                outbox=self._outbox,
                printer=ports.receipt_printer,
                portal=ports.portal,
                qr_source=ports.qr_source,
            )
        )
        self._loader = threading.Thread(
            target=self._load_book, name="kiosk-address-book", daemon=True
        )
        self._loader.start()

    def _load_book(self) -> None:
        from kiosk.services.addresses.book import load_address_book

        try:
            self._bridge.book_loaded.emit(load_address_book())
        except Exception:  # the address questions then say so; the rest of the kiosk works
            log.exception("loading the address book failed")


def _diagnostics(
    window: Any,
    prompts: PromptCatalogue,
    clock: Clock,
    settings: Settings,
    background: Background,
    config_file: Path | None,
) -> Any:
    """The technician's diagnostics screen over the running kiosk's own ports and store."""
    from kiosk.wiring import card_atr_probe, recorder_audio
    from ui.diagnostics.controller import DiagnosticsController

    device_log, reader = background._device_log, background.audit_reader
    return DiagnosticsController(
        window,
        prompts,
        clock,
        settings,
        lambda: background.ports,
        audit=background.audit_log,
        config_file=config_file,
        device_events=(lambda: device_log.recent(2000)) if device_log is not None else None,
        audit_rows=(lambda: reader.recent(2000)) if reader is not None else None,
        player=recorder_audio()[1],
        card_atr=card_atr_probe(settings),
        parent=window,
    )


def _install_simulation_keys(window: Any, ports: Ports) -> None:
    from kiosk.simulation_keys import SimulationKeys

    window._simulation_keys = SimulationKeys(
        window, ports.card_reader, ports.qr_source, ports.mrz_reader
    )


def _report_first_paint_and_quit(app: Any) -> None:
    # CLOCK_MONOTONIC is system-wide on Linux, so the parent can subtract its own spawn time.
    print(f"first_painted_monotonic_ns={time.monotonic_ns()}", flush=True)
    app.quit()


def _quit_on_signals(app: Any) -> None:
    """SIGTERM/SIGINT end the Qt loop cleanly (systemd stops us with SIGTERM)."""
    from PySide6.QtCore import QSocketNotifier

    rfd, wfd = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
    signal.set_wakeup_fd(wfd)
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: app.quit())
    notifier = QSocketNotifier(rfd, QSocketNotifier.Type.Read, app)

    def drain() -> None:
        with contextlib.suppress(BlockingIOError):
            os.read(rfd, 64)

    notifier.activated.connect(drain)
    app._kiosk_signal_pipe = (rfd, wfd, notifier)  # keep alive for the app's lifetime


def _configure_logging() -> None:
    logging.basicConfig(
        level=os.environ.get("KIOSK_LOG_LEVEL", "INFO"),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)  # one line per plugin
