"""Which job a row's button runs: the port and the action ("check", "scan_test", …) → a
callable for that device's worker."""

from __future__ import annotations

from collections.abc import Callable

from kiosk.ports.document_scanner import PagePreviewSource
from kiosk.ports.qr_source import QrPreviewSource
from kiosk.ports.speaker import AudioPlayer, Utterance
from kiosk.services.diagnostics.report import DeviceCheck
from kiosk.services.diagnostics.screen_probes import PortSet, ScreenTests
from ui.diagnostics.camera import FrameBridge
from ui.diagnostics.jobs import CameraHealth, CheckJob, PrintTest, SayTest, ScanJob


class Dispatch:
    def __init__(
        self,
        tests: ScreenTests,
        sample: Utterance,
        player: AudioPlayer | None,
        frames: FrameBridge,
        camera_is_qr: bool,
    ) -> None:
        self.tests, self._sample, self._player = tests, sample, player
        self._frames, self.camera_is_qr = frames, camera_is_qr
        self._subscribed = False

    def job(self, ports: PortSet, port: str, action: str) -> Callable[[], object]:
        if action == "scan_test":
            return ScanJob(self.tests, ports)
        if action == "camera_view":
            return self._camera_job(ports)
        return CheckJob(self._test_for(port, action), ports)

    def worker_of(self, port: str) -> str:
        """One worker a device: the camera row drives the scanner (or QR) port it is."""
        if port != "camera":
            return port
        return "qr_source" if self.camera_is_qr else "document_scanner"

    def _test_for(self, port: str, action: str) -> Callable[[PortSet], DeviceCheck]:
        t = self.tests
        tests: dict[str, Callable[[PortSet], DeviceCheck]] = {
            "card_reader": t.card,
            "qr_source": t.qr,
            "document_scanner": t.scanner,
            "receipt_printer": PrintTest(t) if action == "print_test" else t.printer,
            "speaker": SayTest(t, self._sample, self._player)
            if action == "audio_test"
            else t.speaker,
            "portal": t.portal,
        }
        return tests.get(port) or CameraHealth(t, self.camera_is_qr)

    def _camera_job(self, ports: PortSet) -> Callable[[], object]:
        """Live frames with their focus score while the camera works: a page scan for a
        document camera (it captures when the page is still), a listen for a QR camera."""
        if not self._subscribed:  # a port cannot unsubscribe: subscribe once, gate by `live`
            if self.camera_is_qr and isinstance(ports.qr_source, QrPreviewSource):
                ports.qr_source.subscribe_live_preview(self._frames.qr)
            elif isinstance(ports.document_scanner, PagePreviewSource):
                ports.document_scanner.subscribe_page_preview(self._frames.page)
            self._subscribed = True
        self._frames.live = True
        if self.camera_is_qr:
            return CheckJob(self.tests.qr, ports)
        return ScanJob(self.tests, ports)

    def has_preview(self, ports: PortSet) -> bool:
        if self.camera_is_qr:
            return isinstance(ports.qr_source, QrPreviewSource)
        return isinstance(ports.document_scanner, PagePreviewSource)
