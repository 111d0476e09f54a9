from __future__ import annotations

import collections

import numpy as np

from tests.qr_corpus import DEGRADATIONS, PAYLOADS, CorpusFrame, make_frame, qr_matrix


def test_a_frame_is_regenerated_byte_identical_from_seed_and_index() -> None:
    a, b = make_frame(7, 13), make_frame(7, 13)
    assert a.jpeg == b.jpeg
    assert make_frame(8, 13).jpeg != a.jpeg


def test_sixty_frames_cover_every_payload_degradation_and_resolution_once(
    corpus60: list[CorpusFrame],
) -> None:
    cells = collections.Counter((f.payload_kind, f.degradation, f.size) for f in corpus60)
    assert len(cells) == len(PAYLOADS) * len(DEGRADATIONS) * 2
    assert set(cells.values()) == {1}


def test_module_sizes_span_the_research_range(corpus60: list[CorpusFrame]) -> None:
    sizes = [f.module_px for f in corpus60]
    assert min(sizes) < 2.5 and max(sizes) > 10
    assert all(1.2 < s < 25 for s in sizes)


def test_payloads_are_byte_mode_utf8_vietnamese_without_eci() -> None:
    for payload in PAYLOADS.values():
        assert payload.encode("utf-8")
        assert qr_matrix(payload).dtype == np.uint8
    assert "Nguyễn" in PAYLOADS["cccd"] or "Nguyễn" in PAYLOADS["receipt"]
    assert not PAYLOADS["receipt"].isascii()
