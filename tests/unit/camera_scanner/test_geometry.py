"""The corrected page is upright (within 1°) and holds the page's corners (within 2 % of its
size), measured against the generator's ground truth, at 1080p and 12 MP, tilts -12° … 12°."""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest

from devices.camera_scanner.detect import find_page, order_corners
from devices.camera_scanner.process import (
    CorrectedPage,
    correct_page,
    estimate_skew,
    even_lighting,
)
from kiosk.ports.document_scanner import ColourMode
from tests.scan_corpus.generate import make_photo
from tests.unit.camera_scanner.conftest import HD, MP12, photo


def check_page(
    shot_seed: int,
    size: tuple[int, int],
    tilt: float | None,
    mode: ColourMode,
    page_dpi: int | None = None,
) -> CorrectedPage:
    shot = make_photo(shot_seed, size, "clean", tilt_deg=tilt)
    found = find_page(shot.frame)
    assert found.frame_quad is not None, "page not found"
    page = correct_page(shot.frame, found.frame_quad, mode, page_dpi=page_dpi)
    h, w = page.image.shape[:2]
    assert shot.corners is not None
    truth = cv2.perspectiveTransform(shot.corners.reshape(-1, 1, 2), page.homography)
    truth = truth.reshape(4, 2)
    target = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    worst = np.abs(truth - target) / np.array([w, h], np.float32)
    assert worst.max() <= 0.02, f"a corner is {worst.max():.1%} of the page off"
    top = math.degrees(math.atan2(truth[1, 1] - truth[0, 1], truth[1, 0] - truth[0, 0]))
    left = math.degrees(math.atan2(truth[3, 0] - truth[0, 0], truth[3, 1] - truth[0, 1]))
    bottom = math.degrees(math.atan2(truth[2, 1] - truth[3, 1], truth[2, 0] - truth[3, 0]))
    assert max(abs(top), abs(left), abs(bottom)) <= 1.0, (top, left, bottom)
    assert abs(h / w - 297 / 210) < 0.01  # A4 proportions
    return page


@pytest.mark.parametrize("tilt", [-12.0, -6.5, -1.0, 0.0, 3.0, 8.5, 12.0])
def test_1080p_pages_come_out_upright_with_their_corners(tilt: float) -> None:
    check_page(200 + int(tilt * 10), HD, tilt, ColourMode.GRAY)


@pytest.mark.parametrize("seed", range(6))
def test_1080p_random_tilts_and_perspective(seed: int) -> None:
    check_page(seed, HD, None, ColourMode.COLOUR)


def test_a_12_mp_page_comes_out_upright_with_its_corners() -> None:
    check_page(5, MP12, -9.0, ColourMode.GRAY)


@pytest.mark.parametrize(
    ("page_dpi", "expected_dpi"),
    [(200, 200), (250, 250), (100, 100)],  # 100: below half the frame's ~290, via pyrDown
)
def test_a_12_mp_page_is_warped_straight_to_the_dpi_asked_for(
    page_dpi: int, expected_dpi: int
) -> None:
    page = check_page(7, MP12, 6.0, ColourMode.COLOUR, page_dpi=page_dpi)
    assert page.dpi == expected_dpi
    assert page.image.shape[1] == math.ceil(expected_dpi * 210 / 25.4)  # A4 width, not less


def test_a_page_is_never_scaled_up_to_the_dpi_asked_for() -> None:
    page = check_page(8, HD, 4.0, ColourMode.GRAY, page_dpi=200)
    assert 60 <= page.dpi < 100  # a 1080p frame has ~77 dpi: it says so, it does not pretend
    native = check_page(8, HD, 4.0, ColourMode.GRAY)
    assert page.image.shape == native.image.shape


@pytest.mark.parametrize(("size", "page_dpi"), [(HD, None), (MP12, 200), (MP12, 100)])
def test_the_red_stamp_stays_red_and_in_place(size: tuple[int, int], page_dpi: int | None) -> None:
    shot = photo(11, size)
    found = find_page(shot.frame)
    assert found.frame_quad is not None
    page = correct_page(shot.frame, found.frame_quad, ColourMode.COLOUR, page_dpi=page_dpi)
    h, w, _ = page.image.shape
    # the stamp's outer ring: centre (150, 230) mm, radius 17 mm; RGB order
    cx, cy, r = 150 / 210 * w, 230 / 297 * h, 17 / 210 * w
    ring = [
        page.image[round(cy + r * math.sin(a)), round(cx + r * math.cos(a))]
        for a in np.linspace(0, 2 * math.pi, 16, endpoint=False)
    ]
    red = [px for px in ring if int(px[0]) > int(px[2]) + 40]
    assert len(red) >= 8, ring
    paper = page.image[round(0.12 * h), round(0.05 * w)]
    assert min(paper) > 200  # evened-out paper is white, not the desk


def test_even_lighting_flattens_a_shadow_gradient() -> None:
    ramp = np.tile(np.linspace(120, 235, 400, dtype=np.float32), (500, 1)).astype(np.uint8)
    ramp[200:210, 50:350] = 30  # a text line
    out = even_lighting(ramp)
    assert float(ramp[:150].std()) > 30  # the shadow: from 120 to 235
    paper = out[:150, 40:-40]  # the outermost ~2 field cells keep a little of the shadow
    assert paper.std() < 2.5 and abs(float(paper.mean()) - 242) < 4
    assert out[:150].min() > 200
    assert out[205, 200] < 100  # ink stays ink


@pytest.mark.parametrize("angle", [-1.5, -0.75, 0.0, 1.0, 1.75])
def test_skew_of_text_lines_is_measured(angle: float) -> None:
    view = np.full((702, 496), 235, np.uint8)
    for y in range(80, 650, 24):
        cv2.rectangle(view, (40, y), (450, y + 6), 30, -1)
    centre = (248, 351)
    turned = cv2.warpAffine(
        view, cv2.getRotationMatrix2D(centre, angle, 1.0), (496, 702), borderValue=235
    )
    assert estimate_skew(turned) == pytest.approx(angle, abs=0.3)


def test_corners_are_ordered_clockwise_from_top_left() -> None:
    shuffled = np.array([[90, 95], [10, 12], [12, 88], [95, 8]], np.float32)
    assert order_corners(shuffled).tolist() == [[10, 12], [95, 8], [90, 95], [12, 88]]
