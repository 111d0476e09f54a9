"""What the diagnostics workers run (callables, not lambdas, so what runs off the GUI thread is
explicit), and the frames they hand back as QImages (safe off the GUI thread; QPixmap is not)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from kiosk.ports.clock import Clock
from kiosk.ports.document_scanner import ColourMode, ScannedPage
from kiosk.ports.speaker import AudioPlayer, Utterance
from kiosk.services.diagnostics.report import DeviceCheck, SystemInfo
from kiosk.services.diagnostics.screen_probes import CAMERA, PortSet, ScreenTests
from kiosk.services.diagnostics.system import system_info
from kiosk.services.staff_access import AuditSink

THUMB_PX = 480  # the longer side of a scan thumbnail; the screen scales it to 70 mm


def page_image(page: ScannedPage, longest: int = THUMB_PX) -> QImage:
    """A small copy of a scanned page (gray or RGB), detached from the page's bytes."""
    colour = page.mode is ColourMode.COLOUR
    image = QImage(
        page.pixels,
        page.width,
        page.height,
        page.width * (3 if colour else 1),
        QImage.Format.Format_RGB888 if colour else QImage.Format.Format_Grayscale8,
    )
    return image.scaled(
        longest,
        longest,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.SmoothTransformation,
    )


def gray_image(gray: bytes, width: int, height: int) -> QImage:
    return QImage(gray, width, height, width, QImage.Format.Format_Grayscale8).copy()


@dataclass(frozen=True, slots=True)
class ScanResult:
    check: DeviceCheck
    image: QImage | None


class CheckJob:
    """One button's self-test: `test(ports)` → DeviceCheck."""

    def __init__(self, test: Callable[[PortSet], DeviceCheck], ports: PortSet) -> None:
        self._test, self._ports = test, ports

    def __call__(self) -> DeviceCheck:
        return self._test(self._ports)


class ScanJob:
    def __init__(self, tests: ScreenTests, ports: PortSet) -> None:
        self._tests, self._ports = tests, ports

    def __call__(self) -> ScanResult:
        check, page = self._tests.scan(self._ports)
        return ScanResult(check, None if page is None else page_image(page))


class SystemJob:
    def __init__(self, config_file: Path, data_dir: Path) -> None:
        self._config, self._data = config_file, data_dir

    def __call__(self) -> SystemInfo:
        return system_info(self._config, self._data)


class HealthJob:
    def __init__(self, tests: ScreenTests, port: str, device: object) -> None:
        self._tests, self._port, self._device = tests, port, device

    def __call__(self) -> DeviceCheck:
        return self._tests.health(self._port, self._device)


class PrintTest:
    def __init__(self, tests: ScreenTests) -> None:
        self._tests = tests

    def __call__(self, ports: PortSet) -> DeviceCheck:
        return self._tests.printer(ports, print_test=True)


class SayTest:
    def __init__(
        self, tests: ScreenTests, utterance: Utterance, player: AudioPlayer | None
    ) -> None:
        self._tests, self._utterance, self._player = tests, utterance, player

    def __call__(self, ports: PortSet) -> DeviceCheck:
        return self._tests.speaker(ports, say=self._utterance, player=self._player)


class CameraHealth:
    def __init__(self, tests: ScreenTests, qr: bool) -> None:
        self._tests, self._qr = tests, qr

    def __call__(self, ports: PortSet) -> DeviceCheck:
        device = ports.qr_source if self._qr else ports.document_scanner
        return self._tests.health(CAMERA, device)


class AuditJob:
    def __init__(
        self, audit: AuditSink, actor: str, action: str, detail: str | None, clock: Clock
    ) -> None:
        self._audit, self._actor, self._action, self._detail = audit, actor, action, detail
        self._at = clock.now()  # when it happened, not when the worker got to it

    def __call__(self) -> None:
        self._audit.record("technician", self._actor, self._action, self._detail, at=self._at)
