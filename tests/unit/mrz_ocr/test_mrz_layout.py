"""Finding the MRZ without tesseract: rows, skew, grid and the filler cells, on rendered backs."""

from __future__ import annotations

import itertools
import random

import pytest
from PIL import Image

from devices.mrz_ocr import layout
from devices.mrz_ocr.fillers import FillerError, find_fillers
from devices.mrz_ocr.synthetic import CardBack, Degradation, card_back, degrade, render_card_back
from devices.simulated.citizens import ANH_MINH, CITIZENS
from kiosk.services.identity.mrz import td1_lines


def _prepared(back: CardBack) -> tuple[Image.Image, Image.Image]:
    gray = back.image.convert("L")
    cap = layout.estimated_px_per_mm(gray, None) * 2.4
    gray = layout.rescale(gray, layout.TARGET_CHAR_PX / cap)
    ink = layout.ink(gray)
    angle = layout.skew_angle(layout.mask(ink))
    ink = ink.rotate(angle, Image.Resampling.BICUBIC)
    return ink, layout.mask(ink)


@pytest.mark.parametrize("kind", list(Degradation))
@pytest.mark.parametrize("slug", [c.slug for c in CITIZENS])
def test_fillers_are_found_exactly_on_every_variant(
    card_backs: dict[tuple[str, Degradation], CardBack], slug: str, kind: Degradation
) -> None:
    back = card_backs[(slug, kind)]
    ink, mask = _prepared(back)
    rows = layout.mrz_rows(layout.text_rows(mask))
    assert rows is not None
    grids = (layout.grid(mask, rows[0]), layout.grid(mask, rows[1]), layout.grid(mask, rows[2]))
    found = find_fillers(ink, grids)
    truth = tuple(tuple(c == "<" for c in line) for line in back.lines)
    assert found.fillers == truth
    assert found.margin > 0.05


@pytest.mark.parametrize("angle", [-2.0, -1.0, 1.5, 2.0])
def test_skew_is_measured(angle: float) -> None:
    image = render_card_back(ANH_MINH.mrz).rotate(angle, Image.Resampling.BICUBIC, expand=True)
    ink = layout.ink(image.convert("L"))
    assert abs(layout.skew_angle(layout.mask(ink)) + angle) <= 0.3


def test_mrz_rows_are_the_bottom_three_not_the_text_above() -> None:
    ink, mask = _prepared(card_back(ANH_MINH.mrz))
    rows = layout.mrz_rows(layout.text_rows(mask))
    assert rows is not None
    assert rows[0].top > ink.height * 0.6  # the MRZ sits in the bottom third of an ID-1 card
    assert all(b.top > a.bottom for a, b in itertools.pairwise(rows))


@pytest.mark.parametrize(
    "image",
    [
        Image.new("L", (1000, 630), 255),
        Image.effect_noise((1000, 630), 60),
        Image.linear_gradient("L").resize((1000, 630)),
    ],
    ids=["blank", "noise", "gradient"],
)
def test_no_mrz_rows_in_a_non_card_image(image: Image.Image) -> None:
    mask = layout.mask(layout.ink(image))
    assert layout.mrz_rows(layout.text_rows(mask)) is None


def test_a_td1_without_the_cccd_fillers_is_refused() -> None:
    # optional data 2 filled with letters: not the Vietnamese profile, so no filler template
    lines = td1_lines(
        document_number="D23145890",
        birth_date="740812",
        sex="F",
        expiry_date="340415",
        name="ERIKSSON<<ANNA<MARIA",
        optional_data_2="ABCDEFGHIJK",
        issuing_state="UTO",
        nationality="UTO",
    )
    ink, mask = _prepared(card_back(lines))
    rows = layout.mrz_rows(layout.text_rows(mask))
    assert rows is not None
    grids = (layout.grid(mask, rows[0]), layout.grid(mask, rows[1]), layout.grid(mask, rows[2]))
    with pytest.raises(FillerError):
        find_fillers(ink, grids)


def test_degradations_change_the_image() -> None:
    clean = render_card_back(ANH_MINH.mrz)
    for kind in Degradation:
        out = degrade(clean, kind, seed=random.Random(1).randint(0, 9))
        assert (out is clean) == (kind is Degradation.CLEAN)


def test_otsu_splits_two_tones() -> None:
    image = Image.new("L", (10, 10), 10)
    image.paste(200, (0, 0, 5, 10))
    assert 10 <= layout.otsu(image, floor=0) < 200
