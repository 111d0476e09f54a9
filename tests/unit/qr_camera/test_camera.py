"""CameraQrSource with a scripted capture and a scripted decoder: no camera, no sleeping."""

from __future__ import annotations

import threading
from collections.abc import Callable

import numpy as np
import pytest

from devices.qr_camera.camera import CameraQrSource, PreviewFrame
from devices.qr_camera.decoders import Decoded
from kiosk.domain.devices import HealthState
from kiosk.ports.clock import ManualClock
from kiosk.ports.qr_source import QrScan

CARD = "001150004321|011234567|Nguyễn Thị Lan|15031950|Nữ|Hà Nội|10042021"


class FakeCapture:
    """Frames whose first pixel says what the scripted decoder finds (0: nothing)."""

    def __init__(self, marks: list[int], opened: bool = True) -> None:
        self.marks = list(marks)
        self.opened = opened
        self.released = 0

    def isOpened(self) -> bool:
        return self.opened

    def read(self) -> tuple[bool, np.ndarray | None]:
        if not self.marks:
            return False, None
        frame = np.zeros((120, 160, 3), np.uint8)
        frame[:, :] = self.marks.pop(0)
        return True, frame

    def release(self) -> None:
        self.released += 1


PAYLOADS = {1: CARD.encode(), 2: b"000.12.30.H29-250315-0042", 3: "Hoà".encode("latin-1")}


def scripted_decode(gray: np.ndarray) -> list[Decoded]:
    raw = PAYLOADS.get(int(gray[0, 0]))
    if raw is None:
        return []
    try:
        text: str | None = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    return [Decoded(raw, text, "scripted")]


def run_clip(
    marks: list[int], clock: ManualClock, **kwargs: object
) -> tuple[list[QrScan], CameraQrSource, FakeCapture]:
    capture = FakeCapture(marks)
    scans: list[QrScan] = []
    source = CameraQrSource(
        "clip",
        clock,
        fps_cap=10,
        roi=None,
        reopen_s=None,
        accumulate=1,
        decode=scripted_decode,
        capture_factory=lambda _d: capture,
        **kwargs,  # type: ignore[arg-type]
    )
    source.subscribe(scans.append)
    source.subscribe(lambda _s: None)
    source.open()
    assert source._thread is not None
    source._thread.join(timeout=10)  # the clip ends: the worker stops (reopen_s=None)
    return scans, source, capture


def test_a_payload_held_in_view_is_delivered_once() -> None:
    scans, source, _ = run_clip([0, 1, 1, 1, 1, 0, 1, 2, 2], ManualClock(), dedup_s=3.0)
    source.close()
    assert [s.payload for s in scans] == [CARD, "000.12.30.H29-250315-0042"]
    assert scans[0].raw == CARD.encode() and scans[0].source == "camera"


def test_the_same_payload_is_delivered_again_after_the_dedup_window() -> None:
    # 10 fps on a manual clock: frame n is at n/10 s; the card leaves for 4 s and comes back
    marks = [1] + [0] * 40 + [1]
    scans, source, _ = run_clip(marks, ManualClock(), dedup_s=3.0)
    source.close()
    assert [s.payload for s in scans] == [CARD, CARD]


def test_bytes_that_are_not_utf8_are_never_delivered(caplog: pytest.LogCaptureFixture) -> None:
    scans, source, _ = run_clip([3, 3, 2], ManualClock())
    source.close()
    assert [s.payload for s in scans] == ["000.12.30.H29-250315-0042"]
    assert "dropped a 3-byte payload that is not UTF-8" in caplog.text


def test_health_not_ready_when_the_camera_cannot_open() -> None:
    capture = FakeCapture([], opened=False)
    source = CameraQrSource(0, ManualClock(), reopen_s=None, capture_factory=lambda _d: capture)
    source.open()
    assert source.health().state is HealthState.NOT_READY
    assert "cannot be opened" in source.health().detail
    source.close()


def test_health_not_ready_when_frames_stop_and_close_is_idempotent() -> None:
    _scans, source, capture = run_clip([0, 1], ManualClock())
    assert source.health().state is HealthState.NOT_READY
    assert "stopped delivering" in source.health().detail
    source.close()
    source.close()
    assert capture.released == 1


def test_a_live_camera_is_reopened_after_it_stalls() -> None:
    captures = [FakeCapture([1]), FakeCapture([2])]
    opened: list[FakeCapture] = []
    scans: list[QrScan] = []
    got_two = threading.Event()

    def factory(_device: int | str) -> FakeCapture:
        cap = captures.pop(0) if captures else FakeCapture([], opened=False)
        opened.append(cap)
        return cap

    def on_scan(scan: QrScan) -> None:
        scans.append(scan)
        if len(scans) == 2:
            got_two.set()

    source = CameraQrSource(
        0,
        ManualClock(),
        stall_frames=3,
        reopen_s=1.0,
        accumulate=1,
        decode=scripted_decode,
        capture_factory=factory,
        roi=None,
    )
    source.subscribe(on_scan)
    source.open()
    assert got_two.wait(10)
    source.close()
    assert [s.raw for s in scans] == [PAYLOADS[1], PAYLOADS[2]]
    assert opened[0].released == 1


def test_ready_while_frames_arrive_and_preview_gets_frame_and_guide() -> None:
    previews: list[PreviewFrame] = []
    health: list[HealthState] = []
    capture = FakeCapture([0, 1, 0])
    source = CameraQrSource(
        "clip",
        ManualClock(),
        roi=(0.25, 0.25, 0.5, 0.5),
        reopen_s=None,
        accumulate=1,
        decode=scripted_decode,
        capture_factory=lambda _d: capture,
    )

    def on_preview(p: PreviewFrame) -> None:
        previews.append(p)
        health.append(source.health().state)

    source.subscribe_preview(on_preview)
    source.open()
    assert source._thread is not None
    source._thread.join(timeout=10)
    source.close()
    assert [p.decoded for p in previews] == [False, True, False]
    assert previews[0].guide == (40, 30, 80, 60)
    assert previews[0].frame.shape == (120, 160, 3)
    assert set(health) == {HealthState.READY}


def test_a_failing_subscriber_does_not_stop_the_camera(caplog: pytest.LogCaptureFixture) -> None:
    capture = FakeCapture([1, 0, 2])
    scans: list[QrScan] = []

    def broken(_scan: QrScan) -> None:
        raise RuntimeError("subscriber bug")

    source = CameraQrSource(
        "clip",
        ManualClock(),
        reopen_s=None,
        accumulate=1,
        roi=None,
        decode=scripted_decode,
        capture_factory=lambda _d: capture,
    )

    def broken_preview(_frame: PreviewFrame) -> None:
        raise RuntimeError("preview bug")

    source.subscribe(broken)
    source.subscribe(scans.append)
    source.subscribe_preview(broken_preview)
    source.open()
    assert source._thread is not None
    source._thread.join(timeout=10)
    source.close()
    assert len(scans) == 2
    assert "scan subscriber failed" in caplog.text
    assert "preview subscriber failed" in caplog.text


def test_accumulation_decodes_the_mean_of_a_steady_noisy_run() -> None:
    seen: list[float] = []

    def decode_only_clean(gray: np.ndarray) -> list[Decoded]:
        seen.append(float(gray.std()))
        return [Decoded(b"ok", "ok", "t")] if gray.std() < 20 else []

    rng = np.random.default_rng(0)
    base = np.full((120, 160), 128.0)
    frames = [
        np.clip(base + rng.normal(0, 40, base.shape), 0, 255).astype(np.uint8) for _ in range(8)
    ]

    class NoisyCapture(FakeCapture):
        def read(self) -> tuple[bool, np.ndarray | None]:
            return (True, frames.pop(0)) if frames else (False, None)

    scans: list[QrScan] = []
    source = CameraQrSource(
        "clip",
        ManualClock(),
        reopen_s=None,
        accumulate=6,
        roi=None,
        decode=decode_only_clean,
        capture_factory=lambda _d: NoisyCapture([]),
    )
    source.subscribe(scans.append)
    source.open()
    assert source._thread is not None
    source._thread.join(timeout=10)
    source.close()
    assert [s.payload for s in scans] == ["ok"]


def test_close_before_open_is_harmless() -> None:
    factory: Callable[[int | str], FakeCapture] = lambda _d: FakeCapture([])  # noqa: E731
    source = CameraQrSource(0, ManualClock(), capture_factory=factory)
    source.close()
    assert source.health().state is HealthState.NOT_READY


def test_only_the_guide_region_is_decoded_and_huge_frames_are_downscaled() -> None:
    shapes: list[tuple[int, ...]] = []

    def record(gray: np.ndarray) -> list[Decoded]:
        shapes.append(gray.shape)
        return []

    for max_width, expected in ((1920, (60, 80)), (40, (30, 40))):
        shapes.clear()
        capture = FakeCapture([0])
        source = CameraQrSource(
            "clip",
            ManualClock(),
            roi=(0.25, 0.25, 0.5, 0.5),
            max_width=max_width,
            reopen_s=None,
            accumulate=1,
            decode=record,
            capture_factory=lambda _d, c=capture: c,  # type: ignore[misc]
        )
        source.open()
        assert source._thread is not None
        source._thread.join(timeout=10)
        source.close()
        assert shapes == [expected]
