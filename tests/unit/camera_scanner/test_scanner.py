"""CameraDocumentScanner over frames the test plays (ManualClock: no sleeping)."""

from __future__ import annotations

import math
from pathlib import Path

import cv2
import numpy as np
import pytest

from devices.camera_scanner.scanner import CameraDocumentScanner, open_capture
from kiosk.domain.devices import HealthState
from kiosk.ports.clock import ManualClock
from kiosk.ports.document_scanner import (
    CaptureAdvice,
    ColourMode,
    DeviceBusy,
    DocumentScanner,
    NoDevice,
    PagePreview,
    PagePreviewSource,
    PoorCapture,
    ResolutionTooLow,
    ScanCancelled,
    ScanSettings,
)
from tests.unit.camera_scanner.conftest import HD, MP12, FrameList, photo

GRAY = ScanSettings(dpi=200, mode=ColourMode.GRAY)


def make(
    frames: list[np.ndarray], clock: ManualClock, **kw: object
) -> tuple[CameraDocumentScanner, FrameList]:
    capture = FrameList(frames)
    options: dict[str, object] = {"timeout_s": 3.0, "fps_cap": 10.0, "hold_s": 1.0}
    options.update(kw)
    scanner = CameraDocumentScanner(0, clock, capture_factory=lambda _d: capture, **options)  # type: ignore[arg-type]
    scanner.open()
    return scanner, capture


def test_conforms_to_the_port_and_previews() -> None:
    scanner = CameraDocumentScanner(0, ManualClock(), capture_factory=lambda _d: FrameList([]))
    _: DocumentScanner = scanner
    assert isinstance(scanner, PagePreviewSource)


def test_a_still_sharp_12_mp_page_is_taken_by_itself_after_hold_time() -> None:
    clock = ManualClock()
    scanner, capture = make([photo(2, MP12).frame], clock)
    previews: list[PagePreview] = []
    scanner.subscribe_page_preview(previews.append)
    t0 = clock.monotonic()
    page = scanner.scan_page(GRAY)
    assert clock.monotonic() - t0 >= 1.0  # held still for hold_s first
    assert page.dpi >= 200 and page.mode is ColourMode.GRAY
    assert len(page.pixels) == page.width * page.height
    assert abs(page.height / page.width - 297 / 210) < 0.01
    assert previews and previews[-1].outline is not None and previews[-1].advice is None
    assert previews[-1].steady == 1.0 and previews[0].steady < 1.0
    assert scanner.health().ready
    assert capture.reads == len(previews)


def test_colour_pages_are_rgb() -> None:
    scanner, _ = make([photo(1).frame], ManualClock(), min_dpi=60)
    page = scanner.scan_page(ScanSettings(mode=ColourMode.COLOUR))
    assert page.mode is ColourMode.COLOUR and len(page.pixels) == page.width * page.height * 3


@pytest.mark.parametrize(("asked", "kept"), [(200, 200), (150, 200), (240, 240)])
def test_a_12_mp_page_is_kept_at_the_dpi_asked_for_never_under_min_dpi(
    asked: int, kept: int
) -> None:
    # the camera sees this page at ~290 dpi; the page is warped straight to what is kept
    scanner, _ = make([photo(2, MP12).frame], ManualClock())  # min_dpi 200
    page = scanner.scan_page(ScanSettings(dpi=asked, mode=ColourMode.COLOUR))
    assert page.dpi == kept and page.mode is ColourMode.COLOUR
    assert page.width == math.ceil(kept * 210 / 25.4)
    assert len(page.pixels) == page.width * page.height * 3


def test_1080p_is_too_coarse_says_so_and_never_gives_the_page() -> None:
    scanner, _ = make([photo(1).frame], ManualClock())  # min_dpi 200 by default
    advice: list[CaptureAdvice | None] = []
    scanner.subscribe_page_preview(lambda p: advice.append(p.advice))
    with pytest.raises(ResolutionTooLow) as caught:
        scanner.scan_page(GRAY)
    assert caught.value.prompt_id == "scanner.low_resolution" and not caught.value.retryable
    assert caught.value.effective_dpi < 100 and caught.value.minimum_dpi == 200
    assert advice[-1] is CaptureAdvice.LOW_RESOLUTION  # the screen says it too
    health = scanner.health()
    assert health.state is HealthState.NEEDS_TECHNICIAN  # the technician is told
    assert "1920x1080" in health.detail and "dpi" in health.detail


@pytest.mark.parametrize(
    ("variant", "advice"),
    [
        ("no_page", CaptureAdvice.NO_PAGE),
        ("blurred", CaptureAdvice.HOLD_STILL),
        ("dark", CaptureAdvice.TOO_DARK),
        ("cut_off", CaptureAdvice.CUT_OFF),
        ("glare", CaptureAdvice.GLARE),
    ],
)
def test_a_page_that_never_gets_good_ends_in_advice_not_a_page(
    variant: str, advice: CaptureAdvice
) -> None:
    clock = ManualClock()
    scanner, _ = make([photo(3, HD, variant).frame], clock, min_dpi=60)
    seen: list[CaptureAdvice | None] = []
    scanner.subscribe_page_preview(lambda p: seen.append(p.advice))
    with pytest.raises(PoorCapture) as caught:
        scanner.scan_page(GRAY)
    assert caught.value.advice[0] is advice
    assert caught.value.prompt_id == f"scanner.advice_{advice.value}"
    assert set(seen) == {advice}
    assert clock.monotonic() - 1000.0 >= 3.0  # it waited the whole timeout for a good page


def test_a_moving_page_is_told_to_hold_still_then_taken_when_still() -> None:
    clock = ManualClock()
    moving = [photo(s).frame for s in (1, 2, 1, 2, 1, 2)]
    scanner, _ = make([*moving, photo(2).frame], clock, min_dpi=60, timeout_s=10.0)
    seen: list[CaptureAdvice | None] = []
    scanner.subscribe_page_preview(lambda p: seen.append(p.advice))
    page = scanner.scan_page(GRAY)
    assert page.width > 0
    assert seen[:6] == [CaptureAdvice.HOLD_STILL] * 6
    assert seen[-1] is None


def test_a_page_that_keeps_moving_times_out_with_hold_still() -> None:
    frames = [photo(1 + i % 2).frame for i in range(40)]
    scanner, _ = make(frames, ManualClock(), min_dpi=60)
    with pytest.raises(PoorCapture) as caught:
        scanner.scan_page(GRAY)
    assert caught.value.advice == (CaptureAdvice.HOLD_STILL,)


def test_a_camera_that_cannot_open_is_no_device() -> None:
    class Closed:
        def isOpened(self) -> bool:
            return False

        def read(self) -> tuple[bool, None]:
            return False, None

        def release(self) -> None:
            pass

    scanner = CameraDocumentScanner(
        "/dev/video9", ManualClock(), capture_factory=lambda _d: Closed()
    )
    scanner.open()  # does not raise
    assert scanner.health().state is HealthState.NOT_READY
    with pytest.raises(NoDevice) as caught:
        scanner.scan_page(GRAY)
    assert caught.value.prompt_id == "scanner.no_device" and "/dev/video9" in str(caught.value)


def test_a_camera_that_stops_giving_frames_is_no_device() -> None:
    clock = ManualClock()
    capture = FrameList([photo(1).frame], fail_after=2)
    scanner = CameraDocumentScanner(0, clock, capture_factory=lambda _d: capture, stall_frames=5)
    scanner.open()
    with pytest.raises(NoDevice):
        scanner.scan_page(GRAY)
    assert capture.released and scanner.health().state is HealthState.NOT_READY


def test_cancel_stops_the_capture() -> None:
    scanner, _ = make([photo(3, HD, "no_page").frame], ManualClock())
    scanner.subscribe_page_preview(lambda _p: scanner.cancel())
    with pytest.raises(ScanCancelled):
        scanner.scan_page(GRAY)


def test_a_second_capture_at_once_is_busy() -> None:
    scanner, _ = make([photo(3, HD, "no_page").frame], ManualClock())
    errors: list[DeviceBusy] = []

    def reenter(_p: PagePreview) -> None:
        try:
            scanner.scan_page(GRAY)
        except DeviceBusy as error:
            errors.append(error)
        scanner.cancel()

    scanner.subscribe_page_preview(reenter)
    with pytest.raises(ScanCancelled):
        scanner.scan_page(GRAY)
    assert errors and errors[0].prompt_id == "scanner.busy"


def test_scan_pages_takes_one_page_from_a_camera() -> None:
    scanner, _ = make([photo(2).frame], ManualClock(), min_dpi=60)
    got: list[int] = []
    pages = scanner.scan_pages(GRAY, max_pages=5, on_page=lambda p: got.append(p.dpi))
    assert len(pages) == 1 and got == [pages[0].dpi]


def test_close_releases_the_camera_and_scans_then_say_no_device() -> None:
    scanner, capture = make([photo(2).frame], ManualClock(), min_dpi=60)
    scanner.close()
    scanner.close()
    assert capture.released
    with pytest.raises(NoDevice):
        scanner.scan_page(GRAY)


def test_a_video_file_plays_the_camera(tmp_path: Path) -> None:
    # the real OpenCV capture path (open_capture), a clip of a page lying on the desk
    clip = tmp_path / "page.avi"
    frame = photo(2).frame
    writer = cv2.VideoWriter(str(clip), cv2.VideoWriter.fourcc(*"MJPG"), 10, HD)
    assert writer.isOpened()
    for _ in range(15):
        writer.write(frame)
    writer.release()
    scanner = CameraDocumentScanner(
        str(clip), ManualClock(), min_dpi=60, capture_factory=open_capture
    )
    scanner.open()
    try:
        page = scanner.scan_page(GRAY)
    finally:
        scanner.close()
    assert 60 <= page.dpi < 100 and page.height > page.width


def test_grey_camera_frames_give_grey_pages_even_when_colour_is_asked() -> None:
    grey = cv2.cvtColor(photo(2).frame, cv2.COLOR_BGR2GRAY)
    scanner, _ = make([grey], ManualClock(), min_dpi=60)
    page = scanner.scan_page(ScanSettings(mode=ColourMode.COLOUR))
    assert page.mode is ColourMode.GRAY and len(page.pixels) == page.width * page.height


def test_the_preview_outline_is_where_the_page_is() -> None:
    shot = photo(4)
    scanner, _ = make([shot.frame], ManualClock(), min_dpi=60)
    previews: list[PagePreview] = []
    scanner.subscribe_page_preview(previews.append)
    scanner.scan_page(GRAY)
    last = previews[-1]
    assert last.outline is not None and shot.corners is not None
    scale = HD[0] / last.width  # the preview is the frame scaled down
    outline = np.array(last.outline, np.float32) * scale
    assert np.abs(outline - shot.corners).max() < 0.02 * HD[1]
    assert (last.width, last.height) == (640, 360)
