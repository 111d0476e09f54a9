"""The diagnostics screen's self-tests: the same `selftests` as `kiosk diag`, run against the
running kiosk's ports (borrowed: never opened or closed by a test), one device at a time.

Qt-free, so the UI only runs these on its device workers and shows the `DeviceCheck`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, cast

from kiosk.domain.devices import DeviceUnavailable, HealthReport, HealthState
from kiosk.ports.card_reader import AccessDenied, BacKey, CardReader, CardRemoved
from kiosk.ports.clock import Clock
from kiosk.ports.document_scanner import DocumentScanner, ScannedPage, ScanSettings
from kiosk.ports.portal import Portal
from kiosk.ports.qr_source import QrSource
from kiosk.ports.receipt_printer import ReceiptPrinter
from kiosk.ports.speaker import AudioPlayer, Speaker, Utterance
from kiosk.services.diagnostics import selftests
from kiosk.services.diagnostics.borrowed import Borrowed, borrow
from kiosk.services.diagnostics.report import DeviceCheck, Value
from kiosk.services.diagnostics.runner import Outcome, Probe, run_probes
from kiosk.services.diagnostics.tone import tone_wav
from kiosk.services.diagnostics.where import print_practice, where
from kiosk.settings.schema import CameraQr, CameraScanner, Settings
from kiosk.settings.summary import device_adapters

PORTS = ("card_reader", "qr_source", "document_scanner", "receipt_printer", "speaker", "portal")
CAMERA = "camera"  # the row of a configured camera (document or QR camera)
SCAN_BUDGET_S = 60.0  # a flatbed at 200 dpi takes ~10 s; a camera waits for the page

# A key no real card has (document number of zeros): a read with it says whether a card is on
# the reader (AccessDenied) or not (CardRemoved) without reading anything from the chip.
_NO_SUCH_CARD = BacKey("000000000", "000101", "000101")


class PortSet(Protocol):
    """What the screen needs of `kiosk.wiring.Ports` (which has these and more)."""

    @property
    def card_reader(self) -> CardReader: ...
    @property
    def qr_source(self) -> QrSource: ...
    @property
    def document_scanner(self) -> DocumentScanner: ...
    @property
    def receipt_printer(self) -> ReceiptPrinter: ...
    @property
    def speaker(self) -> Speaker: ...
    @property
    def portal(self) -> Portal: ...


@dataclass(frozen=True, slots=True)
class Row:
    port: str  # one of PORTS, or CAMERA
    adapter: str
    connection: str


def rows(settings: Settings) -> list[Row]:
    """One row a configured device; the camera only when one is configured."""
    d = settings.devices
    adapters = device_adapters(d)
    out = [Row(p, adapters[p], where(getattr(d, p))) for p in PORTS]
    camera = next(
        (s for s in (d.document_scanner, d.qr_source) if isinstance(s, CameraScanner | CameraQr)),
        None,
    )
    if camera is not None:
        out.insert(3, Row(CAMERA, "camera", where(camera)))
    return out


class _Keeping(Borrowed[DocumentScanner]):
    """A borrowed scanner that keeps the page `selftests.document_scanner` scans (it would
    only report its size) so the screen can show it."""

    def __init__(self, port: DocumentScanner) -> None:
        super().__init__(port)
        self.page: ScannedPage | None = None

    def scan_page(self, settings: ScanSettings) -> ScannedPage:
        self.page = self.port.scan_page(settings)
        return self.page


def card_presence(reader: CardReader) -> str:
    """ "present" or "no card"; raises the reader's error when the reader itself is gone."""
    try:
        reader.read_chip(_NO_SUCH_CARD, ("COM",))
    except AccessDenied:
        return "present"
    except CardRemoved:
        return "no card"
    return "present"  # pragma: no cover - no card opens with the zero key


class ScreenTests:
    """Each device's self-test for one press of its button. Blocking: run on a worker."""

    def __init__(
        self,
        settings: Settings,
        clock: Clock,
        *,
        listen_s: float = 10.0,
        timeout_s: float = 20.0,
        card_atr: Callable[[], str | None] | None = None,
        test_card_keys: tuple[BacKey, ...] = (),
    ) -> None:
        self._settings = settings
        self._clock = clock
        self.listen_s = listen_s
        self._timeout_s = timeout_s
        self._card_atr = card_atr
        self._keys = test_card_keys
        self._rows = {row.port: row for row in rows(settings)}

    def pause(self, seconds: float) -> None:
        self._clock.wait(seconds)  # a ManualClock advances instead of sleeping

    def run(self, port: str, test: Callable[[], Outcome], budget_s: float = 0.0) -> DeviceCheck:
        row = self._rows[port]
        probe = Probe(port, row.adapter, row.connection, test, self._timeout_s + budget_s)
        return run_probes([probe], monotonic=self._clock.monotonic)[0]

    # ---- one function a button -------------------------------------------------------------

    def card(self, ports: PortSet) -> DeviceCheck:
        reader = borrow(ports.card_reader)

        def test() -> Outcome:
            out = selftests.card_reader(
                reader, atr=self._card_atr, bac_keys=self._keys, pause=self.pause
            )
            if self._card_atr is not None or not out.health.ready:
                return out
            try:
                presence = card_presence(reader)
            except DeviceUnavailable as exc:
                return Outcome(HealthReport(HealthState.NOT_READY, str(exc)), out.self_test)
            return Outcome(out.health, {**out.self_test, "card": presence}, out.last_error)

        return self.run("card_reader", test)

    def qr(self, ports: PortSet) -> DeviceCheck:
        source = borrow(ports.qr_source)
        return self.run(
            "qr_source",
            lambda: selftests.qr_source(source, listen_s=self.listen_s, pause=self.pause),
            self.listen_s,
        )

    def scanner(self, ports: PortSet) -> DeviceCheck:
        scanner = borrow(ports.document_scanner)
        return self.run(
            "document_scanner",
            lambda: selftests.document_scanner(scanner, scan=False, pause=self.pause),
        )

    def scan(self, ports: PortSet) -> tuple[DeviceCheck, ScannedPage | None]:
        """One page (the technician lays one on the glass); the page comes back to be shown."""
        scanner = _Keeping(ports.document_scanner)
        check = self.run(
            "document_scanner",
            lambda: selftests.document_scanner(
                cast(DocumentScanner, scanner), scan=True, pause=self.pause
            ),
            SCAN_BUDGET_S,
        )
        return check, scanner.page

    def printer(self, ports: PortSet, *, print_test: bool = False) -> DeviceCheck:
        printer = borrow(ports.receipt_printer)
        practice = print_practice(self._settings, self._clock.now) if print_test else None
        return self.run(
            "receipt_printer", lambda: selftests.receipt_printer(printer, print_test=practice)
        )

    def speaker(
        self,
        ports: PortSet,
        *,
        say: Utterance | None = None,
        player: AudioPlayer | None = None,
    ) -> DeviceCheck:
        """The speech engines; with `player`, a tone first (it plays even when every speech
        engine is broken); with `say`, the test prompt spoken."""
        speaker = borrow(ports.speaker)

        def test() -> Outcome:
            out = selftests.speaker(speaker)
            extra: dict[str, Value] = {}
            if player is not None:
                try:
                    player.play(tone_wav())
                    extra["tone"] = "played"
                except Exception as exc:  # the audio output itself is broken
                    return Outcome(
                        HealthReport(HealthState.FAILED, "playing the test tone failed"),
                        {**out.self_test, "tone": "failed"},
                        f"{type(exc).__name__}: {exc}",
                    )
            out = Outcome(out.health, {**out.self_test, **extra}, out.last_error)
            if say is None or not out.health.ready:
                return out
            try:
                speaker.speak(say)
            except Exception as exc:  # a speaker that cannot say the prompt is broken
                return Outcome(
                    HealthReport(HealthState.FAILED, "speaking the test prompt failed"),
                    {**out.self_test, "prompt": "failed"},
                    f"{type(exc).__name__}: {exc}",
                )
            return Outcome(out.health, {**out.self_test, "prompt": "spoken"})

        return self.run("speaker", test)

    def portal(self, ports: PortSet) -> DeviceCheck:
        portal = borrow(ports.portal)
        return self.run("portal", lambda: selftests.portal(portal))

    def health(self, port: str, device: object, settle_s: float = 3.0) -> DeviceCheck:
        """Only the port's health, once it is ready or after `settle_s` (a port just opened
        is still finding its device); the home screen's first look: nothing is tested."""
        healthy = cast(selftests.Healthy, device)
        return self.run(
            port, lambda: Outcome(selftests.settle(healthy, self.pause, settle_s)), settle_s
        )
