"""The camera adapter's live preview as the port's QrPreview: downscaled, rate-capped."""

from __future__ import annotations

import numpy as np
import pytest

from devices.qr_camera.camera import CameraQrSource
from devices.qr_camera.decoders import Decoded
from kiosk.ports.clock import ManualClock
from kiosk.ports.qr_source import QrPreview, QrPreviewSource


class Clip:
    def __init__(self, frames: int, size: tuple[int, int]) -> None:
        self.left, self.size = frames, size

    def isOpened(self) -> bool:
        return True

    def read(self) -> tuple[bool, np.ndarray | None]:
        if self.left == 0:
            return False, None
        self.left -= 1
        w, h = self.size
        frame = np.zeros((h, w, 3), np.uint8)
        frame[:, : w // 2] = 200  # left half light: the downscale must keep the picture
        return True, frame

    def release(self) -> None:
        pass


def nothing(_gray: np.ndarray) -> list[Decoded]:
    return []


def play(frames: int, size: tuple[int, int], fps: float) -> tuple[list[QrPreview], list[float]]:
    clock = ManualClock()
    clip = Clip(frames, size)
    source = CameraQrSource(
        "clip",
        clock,
        fps_cap=fps,
        reopen_s=None,
        accumulate=1,
        decode=nothing,
        capture_factory=lambda _d: clip,
    )
    assert isinstance(source, QrPreviewSource)
    got: list[QrPreview] = []
    at: list[float] = []

    def on_preview(p: QrPreview) -> None:
        got.append(p)
        at.append(clock.monotonic())

    source.subscribe_live_preview(on_preview)
    source.open()
    assert source._thread is not None
    source._thread.join(timeout=10)
    source.close()
    return got, at


def test_a_720p_camera_gives_640_px_gray_frames_with_the_guide_scaled() -> None:
    got, _ = play(3, (1280, 720), fps=10)
    first = got[0]
    assert (first.width, first.height) == (640, 360)
    assert len(first.gray) == 640 * 360
    assert first.guide == (96, 36, 448, 288)  # the default ROI (0.15, 0.1, 0.7, 0.8), halved
    pixels = np.frombuffer(first.gray, np.uint8).reshape(360, 640)
    assert pixels[180, 100] > 150 and pixels[180, 600] < 50
    assert not first.decoded


def test_previews_are_capped_at_ten_a_second_from_a_30_fps_camera() -> None:
    got, at = play(90, (1280, 720), fps=30)  # three seconds of camera time
    assert len(got) == 30
    gaps = np.diff(at)
    assert gaps.min() >= 0.1 - 1e-6


def test_a_15_fps_camera_keeps_ten_previews_a_second_on_average() -> None:
    got, at = play(150, (640, 480), fps=15)  # ten seconds
    assert 95 <= len(got) <= 100  # paced on a grid: not 7.5 a second (every other frame)
    assert np.diff(at).min() >= 1 / 15 - 1e-6


def test_a_small_frame_is_not_upscaled() -> None:
    got, _ = play(1, (320, 240), fps=10)
    assert (got[0].width, got[0].height) == (320, 240)


def test_a_preview_whose_bytes_do_not_match_its_size_is_refused() -> None:
    with pytest.raises(ValueError, match="does not match"):
        QrPreview(4, 4, b"\0" * 15, (0, 0, 4, 4), False)
