"""A video file played through cv2.VideoCapture is the camera (OpenCV's FFMPEG backend)."""

from __future__ import annotations

import threading
from pathlib import Path

import cv2
import pytest

from devices.qr_camera.camera import CameraQrSource, PreviewFrame
from devices.qr_camera.pipeline import decode_frame
from kiosk.domain.devices import HealthState
from kiosk.ports.clock import ManualClock
from kiosk.ports.qr_source import QrScan
from tests.peers.conftest import peer_unavailable
from tests.qr_corpus.video import Clip, write_clip

pytestmark = pytest.mark.peer


def _clip(tmp_path: Path, name: str, noise: float, qr_frac: float) -> Clip:
    try:
        clip = write_clip(tmp_path / f"{name}.avi", seed=1, noise=noise, qr_frac=qr_frac)
    except RuntimeError as exc:
        peer_unavailable(str(exc))
    probe = cv2.VideoCapture(str(clip.path))
    opened = probe.isOpened()
    probe.release()
    if not opened:
        peer_unavailable("cv2.VideoCapture cannot play MJPG/AVI (no FFMPEG backend)")
    return clip


def _play(clip: Clip, accumulate: int) -> tuple[list[QrScan], list[int], CameraQrSource]:
    """Play the clip to its end; the frame numbers at which a scan was delivered."""
    source = CameraQrSource(
        str(clip.path), ManualClock(), fps_cap=15, roi=None, reopen_s=None, accumulate=accumulate
    )
    scans: list[QrScan] = []
    at: list[int] = []
    previews: list[PreviewFrame] = []

    def on_scan(scan: QrScan) -> None:
        scans.append(scan)
        at.append(source.frames_read - 1)

    source.subscribe(on_scan)
    source.subscribe_preview(previews.append)
    source.open()
    worker = source._thread
    assert worker is not None
    worker.join(timeout=60)
    assert not worker.is_alive()
    assert source.health().state is HealthState.NOT_READY  # the clip ended: no more frames
    source.close()
    assert len(previews) == clip.frames
    return scans, at, source


def test_a_card_brought_into_view_is_delivered_once_soon_after_it_settles(tmp_path: Path) -> None:
    clip = _clip(tmp_path, "bring_card", noise=3.0, qr_frac=0.2)
    scans, at, _ = _play(clip, accumulate=6)
    assert [s.payload for s in scans] == [clip.payload]
    assert scans[0].raw == clip.payload.encode("utf-8")
    # the approach is blurred; the code is read before or right as the card comes to rest
    assert 3 <= at[0] <= clip.settle_frame + 2


def test_a_dim_noisy_clip_is_read_only_by_accumulating_frames(tmp_path: Path) -> None:
    clip = _clip(tmp_path, "dim", noise=50.0, qr_frac=0.12)
    capture = cv2.VideoCapture(str(clip.path))
    single = 0
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        single += any(d.text == clip.payload for d in decode_frame(gray))
    capture.release()
    assert single <= 2  # no single frame reads reliably (0 of 36 here)

    without, _, _ = _play(clip, accumulate=1)
    with_acc, at, _ = _play(clip, accumulate=6)
    assert without == []
    assert [s.payload for s in with_acc] == [clip.payload]
    assert at[0] >= clip.settle_frame  # only once the card is held still


def test_a_missing_camera_is_not_ready(tmp_path: Path) -> None:
    source = CameraQrSource(str(tmp_path / "no-such-camera.avi"), ManualClock(), reopen_s=None)
    source.open()
    assert source.health().state is HealthState.NOT_READY
    source.close()
    assert not any(t.name.startswith("qr-camera") for t in threading.enumerate())
