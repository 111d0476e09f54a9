"""The technician's diagnostics (issue 11): one row a configured device with its self-test, the
kiosk's own numbers, the touch test, screen cleaning and the log export.

Every self-test runs on that device's own worker (ui.workers.DeviceWorker) against the running
kiosk's ports, borrowed (kiosk.services.diagnostics.screen_probes): the same checks as
`kiosk diag`. Results come back as signals to this GUI-thread object. Every action is audited
(who, what, when) on a worker of its own, so the database write never blocks the screen.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from kiosk import paths
from kiosk.ports.card_reader import BacKey
from kiosk.ports.clock import Clock
from kiosk.ports.speaker import AudioPlayer, Utterance
from kiosk.prompts import PromptCatalogue
from kiosk.services.diagnostics import log_export, redact
from kiosk.services.diagnostics.cleaning import CleaningLock
from kiosk.services.diagnostics.focus import SHARP_AT
from kiosk.services.diagnostics.log_export import (
    AuditEntryRow,
    DeviceEventRow,
    ExportResult,
    LogExporter,
    NoUsbMedium,
)
from kiosk.services.diagnostics.report import DeviceCheck, DiagReport, SystemInfo, to_json
from kiosk.services.diagnostics.screen_probes import CAMERA, PortSet, Row, ScreenTests, rows
from kiosk.services.diagnostics.verdict import Severity, explain
from kiosk.services.staff_access import AuditSink
from kiosk.settings.schema import CameraQr, Settings
from ui.diagnostics import wording
from ui.diagnostics.camera import FrameBridge
from ui.diagnostics.cleaning_mode import CleaningMode
from ui.diagnostics.dispatch import Dispatch
from ui.diagnostics.jobs import (
    AuditJob,
    HealthJob,
    ScanResult,
    SystemJob,
)
from ui.diagnostics.touch import TouchTest
from ui.diagnostics.views import DiagHomeView
from ui.view_models import HeaderView, NavView
from ui.workers import DeviceWorker

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.screens.diag_home import DiagHomeScreen

log = logging.getLogger(__name__)

HIDDEN_NAV = NavView(
    back="",
    start_over="",
    replay="",
    visible=False,
    show_back=False,
    show_start_over=False,
    show_replay=False,
)


class DiagnosticsController(QObject):
    closed = Signal()

    def __init__(
        self,
        window: MainWindow,
        prompts: PromptCatalogue,
        clock: Clock,
        settings: Settings,
        ports: Callable[[], PortSet | None],
        *,
        audit: AuditSink | None = None,
        export_roots: Sequence[Path] | None = None,
        config_file: Path | None = None,
        log_folder: Path | None = None,
        device_events: Callable[[], Iterable[DeviceEventRow]] | None = None,
        audit_rows: Callable[[], Iterable[AuditEntryRow]] | None = None,
        journal: Callable[[], list[str] | None] = log_export.journal_lines,
        is_mount: Callable[[Path], bool] = os.path.ismount,
        card_atr: Callable[[], str | None] | None = None,
        test_card_keys: Sequence[BacKey] = (),
        player: AudioPlayer | None = None,
        listen_s: float = 10.0,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._window, self._prompts, self._clock = window, prompts, clock
        self._settings, self._ports, self._audit = settings, ports, audit
        self._exporter = LogExporter(
            settings.kiosk.id,
            tuple(export_roots) if export_roots is not None else log_export.USB_ROOTS,
            log_folder,
            device_events,
            audit_rows,
            journal,
            is_mount,
        )
        self._config_file = config_file or paths.default_settings_file()
        self.actor_id = "technician"  # the badge id, when staff mode knows it (set_actor)
        self.tests = ScreenTests(
            settings,
            clock,
            listen_s=listen_s,
            card_atr=card_atr,
            test_card_keys=tuple(test_card_keys),
        )
        self._rows: list[Row] = rows(settings)
        self._checks: dict[str, DeviceCheck] = {}
        self._busy: set[str] = set()
        self._system: SystemInfo | None = None
        self._message, self._alert = "", False
        self._caption = ""
        self._exporting = False
        self._workers: dict[str, DeviceWorker] = {}
        self._frames = FrameBridge(self)
        self._frames.frame.connect(self._on_frame)
        sample = Utterance("diag.audio_sample", prompts.speech("diag.audio_sample"))
        camera_qr = isinstance(settings.devices.qr_source, CameraQr)
        self._dispatch = Dispatch(self.tests, sample, player, self._frames, camera_qr)
        self.touch = TouchTest(window, settings.panel, prompts, self._audit_action, parent=self)
        self.touch.finished.connect(self._show_home)
        self.cleaning_mode = CleaningMode(window, prompts, clock, self._audit_action, self)
        self.cleaning_mode.finished.connect(self._show_home)
        self._connected = False

    # ---- public ----------------------------------------------------------------------------

    def set_actor(self, actor_id: str) -> None:
        """Who is at the screen (the technician's badge id, or the pad), for the audit log."""
        self.actor_id = actor_id or "technician"

    def open(self) -> None:
        """Show the home screen and read every device's health and the kiosk's numbers."""
        self._connect_screens()
        self._message, self._alert = "", False
        self._audit_action("diag_opened")
        ports = self._ports()
        if ports is None:
            self._message, self._alert = self._t("diag.no_ports"), True
        else:
            for row in self._rows:
                device = self._device(ports, row.port)
                self._submit(row.port, "health", HealthJob(self.tests, row.port, device))
        self._worker("system").submit("system", SystemJob(self._config_file, _data_dir()))
        self._show_home()

    def close(self) -> None:
        """Stop the timer and the workers (waits for a running test); idempotent."""
        self.cleaning_mode.stop()
        self._frames.live = False
        workers, self._workers = self._workers, {}
        for worker in workers.values():
            worker.close()

    def home_view(self) -> DiagHomeView:
        t = self._t
        preview = self._camera_has_preview()
        row_views = tuple(
            wording.row_view(
                t,
                row,
                self._checks.get(row.port),
                busy=row.port in self._busy or (row.port == CAMERA and self._frames.live),
                listen_s=self.tests.listen_s,
                camera_preview=preview,
            )
            for row in self._rows
        )
        message, alert = self._message, self._alert
        if not message and len(self._checks) == len(self._rows) and not self._busy:
            broken = [r.name for r in row_views if r.severity == Severity.BROKEN.value]
            message = (
                t("diag.some_broken", devices=", ".join(broken)) if broken else t("diag.all_ready")
            )
            alert = bool(broken)
        return DiagHomeView(
            title=t("diag.title"),
            system=wording.system_text(t, self._system),
            rows=row_views,
            message=message,
            alert=alert,
            picture_caption=self._caption,
            touch_label=t("diag.touch"),
            cleaning_label=t("diag.cleaning"),
            export_label=t("diag.exporting") if self._exporting else t("diag.export"),
            close_label=t("diag.close"),
            busy_export=self._exporting,
        )

    @property
    def cleaning(self) -> CleaningLock | None:
        return self.cleaning_mode.lock

    def tick(self) -> None:
        """The cleaning timer's tick (tests call it after moving the clock)."""
        self.cleaning_mode.tick()

    # ---- intents from the home screen --------------------------------------------------------

    def on_check(self, port: str) -> None:
        self._run(port, "check")

    def on_action(self, port: str, action: str) -> None:
        self._run(port, action)

    def on_close(self) -> None:
        self._audit_action("diag_closed")
        self._frames.live = False
        self.cleaning_mode.stop()
        self._home_screen().reset()
        self.closed.emit()

    def on_touch(self) -> None:
        self._frames.live = False
        self.touch.start()

    def on_cleaning(self) -> None:
        self._frames.live = False
        self.cleaning_mode.start()

    def on_export(self) -> None:
        if self._exporting:
            return
        self._exporting = True
        self._message, self._alert = self._t("diag.exporting"), False
        self._audit_action("diag_logs_export")
        report = None
        if self._system is not None and self._checks:
            checks = [self._checks[r.port] for r in self._rows if r.port in self._checks]
            report = to_json(DiagReport(system=self._system, devices=checks))
        self._worker("export").submit("export", _Export(self._exporter, self._clock, report))
        self._show_home()

    # ---- running tests ---------------------------------------------------------------------

    def _run(self, port: str, action: str) -> None:
        if port in self._busy:
            return
        ports = self._ports()
        if ports is None:
            self._message, self._alert = self._t("diag.no_ports"), True
            self._show_home()
            return
        self._audit_action(f"diag_{action}", f"port={port}")
        job = self._dispatch.job(ports, port, action)
        if action in ("scan_test", "camera_view"):
            self._caption = ""
            self._home_screen().show_picture(None)
        self._message, self._alert = "", False
        self._submit(port, action, job)
        self._show_home()

    def _submit(self, port: str, job: str, fn: Callable[[], object]) -> None:
        self._busy.add(port)
        self._worker(self._dispatch.worker_of(port)).submit(f"{port}:{job}", fn)

    def _worker(self, name: str) -> DeviceWorker:
        worker = self._workers.get(name)
        if worker is None:
            worker = DeviceWorker(f"diag-{name}", self)
            worker.finished.connect(self._on_finished)
            worker.failed.connect(self._on_failed)
            self._workers[name] = worker
        return worker

    # ---- results (GUI thread) --------------------------------------------------------------

    def _on_finished(self, job: str, result: object) -> None:
        if job == "system":
            assert isinstance(result, SystemInfo)
            self._system = result
        elif job == "export":
            assert isinstance(result, ExportResult)
            self._exporting = False
            self._message, self._alert = self._t("diag.export_done", file=result.path.name), False
            self._audit_action(
                "diag_logs_exported", f"file={result.path.name} source={result.log_source}"
            )
        else:
            port, _, action = job.partition(":")
            self._busy.discard(port)
            check = result.check if isinstance(result, ScanResult) else result
            assert isinstance(check, DeviceCheck)
            self._checks[port] = check
            if action == "camera_view":
                self._frames.live = False
            if isinstance(result, ScanResult):
                self._home_screen().show_picture(result.image)
                if action != "camera_view" or not self._caption:  # keep the last focus score
                    self._caption = wording.scan_caption(self._t, check) if result.image else ""
            if action != "health":
                why = explain(check)[0].removeprefix("diag.why_")
                self._audit_action(
                    "diag_result",
                    f"port={port} action={action} state={check.state.value} why={why}",
                )
        self._refresh_home()

    def _on_failed(self, job: str, detail: str) -> None:
        if job == "system":
            log.warning("diagnostics: system info failed: %s", detail)
        elif job == "export":
            self._exporting = False
            no_usb = detail.startswith(NoUsbMedium.__name__)
            self._message = self._t("diag.export_no_usb" if no_usb else "diag.export_failed")
            self._alert = True
            self._audit_action("diag_logs_export_failed", redact.text(detail))
        else:
            port, _, _ = job.partition(":")
            self._busy.discard(port)
            row = next(r for r in self._rows if r.port == port)
            self._checks[port] = DeviceCheck(
                port=port,
                adapter=row.adapter,
                connection=row.connection,
                detail="self-test raised",
                last_error=redact.text(detail),
            )
        self._refresh_home()

    def _on_frame(self, image: object, score: float) -> None:
        if not self._frames.live or not isinstance(image, QImage):
            return
        mark = "diag.focus_sharp" if score >= SHARP_AT else "diag.focus_blurred"
        self._caption = self._t(mark, score=f"{score:.0f}")
        self._home_screen().show_picture(image)
        self._refresh_home()

    # ---- screens ---------------------------------------------------------------------------

    def _show_home(self) -> None:
        header = HeaderView(ward=self._settings.kiosk.ward, greeting="", visible=False)
        self._window.navigate("diag_home", self.home_view(), header=header, nav=HIDDEN_NAV)

    def _refresh_home(self) -> None:
        if self._window.current_screen_id == "diag_home":
            self._show_home()

    def _home_screen(self) -> DiagHomeScreen:
        from ui.screens.diag_home import DiagHomeScreen

        screen = self._window.screen_widget("diag_home")
        assert isinstance(screen, DiagHomeScreen)
        return screen

    def _connect_screens(self) -> None:
        if self._connected:
            return
        home = self._home_screen()
        home.check_requested.connect(self.on_check)
        home.action_requested.connect(self.on_action)
        home.touch_requested.connect(self.on_touch)
        home.cleaning_requested.connect(self.on_cleaning)
        home.export_requested.connect(self.on_export)
        home.close_requested.connect(self.on_close)
        self._connected = True

    def _camera_has_preview(self) -> bool:
        ports = self._ports()
        if ports is None or not any(r.port == CAMERA for r in self._rows):
            return False
        return self._dispatch.has_preview(ports)

    def _device(self, ports: PortSet, port: str) -> object:
        if port == CAMERA:
            return ports.qr_source if self._dispatch.camera_is_qr else ports.document_scanner
        return getattr(ports, port)

    def _audit_action(self, action: str, detail: str | None = None) -> None:
        if self._audit is None:
            return
        job = AuditJob(self._audit, self.actor_id, action, detail, self._clock)
        worker = self._workers.get("audit")
        if worker is None:  # its results are nothing to show; a failure is only logged
            worker = self._workers["audit"] = DeviceWorker("diag-audit", self)
            worker.failed.connect(self._on_audit_failed)
        worker.submit(action, job)

    def _on_audit_failed(self, action: str, detail: str) -> None:
        log.error("diagnostics: audit of %s failed: %s", action, redact.text(detail))

    def _t(self, prompt_id: str, **values: object) -> str:
        return self._prompts.text(prompt_id, **values)


class _Export:
    def __init__(self, exporter: LogExporter, clock: Clock, report: str | None) -> None:
        self._exporter, self._now, self._report = exporter, clock.now(), report

    def __call__(self) -> ExportResult:
        return self._exporter.run(self._now, self._report)


def _data_dir() -> Path:
    data = paths.data_dir()
    return data if data.exists() else Path("/")
