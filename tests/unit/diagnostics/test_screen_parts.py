"""The Qt-free parts of the diagnostics screen: the verdict a row shows, the borrowed port, the
cleaning lock, the focus score and the screen's self-tests on the simulated devices."""

from __future__ import annotations

import msgspec
import pytest

from devices.simulated.card_reader import SimulatedCard, SimulatedCardReader
from devices.simulated.qr_source import SimulatedQrSource
from kiosk.domain.devices import HealthState
from kiosk.ports.card_reader import BacKey
from kiosk.ports.clock import ManualClock
from kiosk.services.diagnostics.borrowed import Borrowed, borrow
from kiosk.services.diagnostics.cleaning import CleaningLock
from kiosk.services.diagnostics.focus import SHARP_AT, laplacian_variance
from kiosk.services.diagnostics.report import DeviceCheck
from kiosk.services.diagnostics.screen_probes import CAMERA, card_presence, rows
from kiosk.services.diagnostics.verdict import Severity, explain
from kiosk.settings.schema import Settings, default_settings


def check(**kw: object) -> DeviceCheck:
    base = {"port": "receipt_printer", "adapter": "simulated", "state": HealthState.READY}
    return msgspec.convert({**base, **kw}, DeviceCheck)


@pytest.mark.parametrize(
    ("kw", "why", "severity"),
    [
        ({}, "diag.why_ready", Severity.OK),
        ({"last_error": "PaperJam: feeder"}, "diag.why_paper_jam", Severity.BROKEN),
        ({"last_error": "NoDevice: gone"}, "diag.why_no_device", Severity.BROKEN),
        ({"self_test": {"answered": False}}, "diag.why_offline", Severity.BROKEN),
        (
            {"state": "needs_technician", "self_test": {"paper": "out"}},
            "diag.why_paper_out",
            Severity.BROKEN,
        ),
        (
            {"state": "needs_technician", "detail": "cover open"},
            "diag.why_cover_open",
            Severity.BROKEN,
        ),
        ({"self_test": {"paper": "near_end"}}, "diag.why_paper_near_end", Severity.NOTE),
        (
            {"port": "portal", "state": "not_ready", "detail": "offline"},
            "diag.why_portal_down",
            Severity.BROKEN,
        ),
        (
            {"port": "card_reader", "self_test": {"card": "no card"}},
            "diag.why_no_card",
            Severity.NOTE,
        ),
        ({"port": "qr_source", "self_test": {"scans": 0}}, "diag.why_qr_silent", Severity.NOTE),
        ({"state": "failed", "detail": "who knows"}, "diag.why_failed", Severity.BROKEN),
        (
            {"port": "card_reader", "state": "needs_technician", "self_test": {"bac": "refused"}},
            "diag.why_bac_refused",
            Severity.BROKEN,
        ),
        ({"last_error": "timeout", "state": "failed"}, "diag.why_timeout", Severity.BROKEN),
    ],
)
def test_verdicts(kw: dict[str, object], why: str, severity: Severity) -> None:
    assert explain(check(**kw)) == (why, severity)


def test_every_verdict_has_a_prompt() -> None:
    from kiosk import paths
    from kiosk.prompts import load_prompts
    from kiosk.services.diagnostics import verdict

    prompts_vi = load_prompts(paths.prompts_file())

    ids = {*verdict._ERRORS.values(), *verdict._STATE.values(), *(p for _, p in verdict._DETAILS)}
    ids |= {"diag.why_ready", "diag.why_no_card", "diag.why_qr_silent", "diag.why_portal_down"}
    for pid in ids:
        assert pid in prompts_vi


class _Port:
    def __init__(self) -> None:
        self.opened = self.closed = 0

    def open(self) -> None:
        self.opened += 1

    def close(self) -> None:
        self.closed += 1

    def health(self) -> str:
        return "fine"


def test_a_borrowed_port_is_never_opened_or_closed_by_a_test() -> None:
    port = _Port()
    lent = borrow(port)
    lent.open()
    lent.close()
    assert (port.opened, port.closed) == (0, 0)
    assert lent.health() == "fine"
    assert isinstance(lent, Borrowed) and lent.port is port


def test_cleaning_lock_counts_down_and_ends_early_only_on_a_long_press() -> None:
    clock = ManualClock()
    lock = CleaningLock(clock)
    assert lock.remaining_s == 30 and not lock.finished
    lock.press()
    clock.advance(2.9)
    lock.release()
    assert not lock.finished and lock.ignored_taps == 1
    clock.advance(0.1)
    assert lock.remaining_s == 27
    lock.press()
    clock.advance(3.0)
    lock.tick()
    assert lock.finished and lock.ended_early


def test_cleaning_lock_ends_after_30_s() -> None:
    clock = ManualClock()
    lock = CleaningLock(clock)
    clock.advance(29.5)
    assert lock.remaining_s == 1 and not lock.finished
    clock.advance(0.5)
    assert lock.finished and not lock.ended_early


def test_focus_score_tells_sharp_from_blurred() -> None:
    w, h = 64, 48
    sharp = bytes(255 if (x // 4 + y // 4) % 2 else 0 for y in range(h) for x in range(w))
    flat = bytes(128 for _ in range(w * h))
    assert laplacian_variance(sharp, w, h) > SHARP_AT
    assert laplacian_variance(flat, w, h) == 0.0
    with pytest.raises(ValueError):
        laplacian_variance(b"\x00" * 5, 2, 2)


def test_rows_show_a_camera_only_when_one_is_configured() -> None:
    plain = default_settings()
    assert CAMERA not in [r.port for r in rows(plain)]
    camera = msgspec.convert(
        {"devices": {"document_scanner": {"adapter": "camera", "device": "/dev/video0"}}}, Settings
    )
    ports = [r.port for r in rows(camera)]
    assert ports[3] == CAMERA and len(ports) == 7


def test_card_presence_through_the_port() -> None:
    clock = ManualClock()
    reader = SimulatedCardReader(clock, read_delay_s=0)
    reader.open()
    assert card_presence(reader) == "no card"
    reader.insert(SimulatedCard(BacKey("C01234567", "560201", "360201")))
    assert card_presence(reader) == "present"
    reader.close()


def test_the_qr_listen_reports_kind_and_length_only() -> None:
    from kiosk.services.diagnostics.screen_probes import ScreenTests

    clock = ManualClock()
    source = SimulatedQrSource(clock)
    source.open()

    class Ports:
        qr_source = source

    tests = ScreenTests(default_settings(), clock, listen_s=10)
    real = tests.pause

    def pause(seconds: float) -> None:
        if seconds == 10:
            source.scan("https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html?ma=H29.12-0001")
        real(seconds)

    tests.pause = pause  # type: ignore[method-assign]
    result = tests.qr(Ports())  # type: ignore[arg-type]
    assert result.self_test["scans"] == 1
    assert "dichvucong" not in str(result.self_test)
    assert source.health().ready  # the borrowed source is still open afterwards
    source.close()
