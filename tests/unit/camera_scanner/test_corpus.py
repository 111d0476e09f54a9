"""The synthetic photo generator: seeded, with a ground truth that matches the pixels."""

from __future__ import annotations

import numpy as np
import pytest

from tests.scan_corpus.generate import VARIANTS, main, make_photo
from tests.unit.camera_scanner.conftest import HD, photo


def test_the_same_seed_gives_the_same_photo_and_another_seed_another() -> None:
    a, b = make_photo(7, (640, 480)), make_photo(7, (640, 480))
    assert a.corners is not None and b.corners is not None
    assert np.array_equal(a.frame, b.frame) and np.array_equal(a.corners, b.corners)
    assert not np.array_equal(a.frame, make_photo(8, (640, 480)).frame)


def test_the_page_is_where_the_truth_says() -> None:
    shot = photo(3)
    assert shot.corners is not None
    centre = shot.corners.mean(axis=0).round().astype(int)
    corner_in = (shot.corners[0] * 0.9 + centre * 0.1).round().astype(int)  # just inside TL
    desk_out = (shot.corners[0] * 1.15 - centre * 0.15).round().astype(int)  # just outside
    gray = shot.frame.mean(axis=2)
    assert gray[centre[1], centre[0]] > 150  # paper
    assert gray[corner_in[1], corner_in[0]] > 150
    assert gray[desk_out[1], desk_out[0]] < 110  # desk


def test_a_clean_page_is_inside_the_frame_and_a_cut_off_one_is_not() -> None:
    for seed in range(4):
        clean = photo(seed)
        cut = photo(seed, HD, "cut_off")
        assert clean.corners is not None and cut.corners is not None
        inside = (clean.corners >= 0).all() and (clean.corners < np.array(HD)).all()
        assert inside
        assert not ((cut.corners >= 0).all() and (cut.corners < np.array(HD)).all())


def test_unknown_variant_is_refused() -> None:
    with pytest.raises(ValueError, match="variant"):
        make_photo(1, HD, "foggy")


def test_the_command_writes_photos_and_truth(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert main([str(tmp_path), "--count", str(len(VARIANTS)), "--size", "640x480"]) == 0
    assert len(list(tmp_path.glob("*.jpg"))) == len(VARIANTS)
    assert (tmp_path / "truth.json").is_file()
