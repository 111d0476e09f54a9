"""The pipeline reads at least what any plain decoder reads, and never a wrong payload."""

from __future__ import annotations

import itertools

import numpy as np

from devices.qr_camera import decoders
from devices.qr_camera.pipeline import QrPipeline, decode_frame
from tests.qr_corpus import CorpusFrame

PLAIN = (
    decoders.zxing,
    lambda g: decoders.zxing(g, fast=True),
    decoders.zbar,
    decoders.opencv,
)


def _reads(decode: object, frame: CorpusFrame) -> bool:
    assert callable(decode)
    return any(d.text == frame.payload for d in decode(frame.gray))


def test_pipeline_reads_every_frame_any_plain_decoder_reads(corpus60: list[CorpusFrame]) -> None:
    union = {f.index for f in corpus60 if any(_reads(p, f) for p in PLAIN)}
    ours = {f.index for f in corpus60 if _reads(decode_frame, f)}
    assert union - ours == set()
    assert len(ours) >= len(union)


def test_pipeline_never_returns_a_wrong_payload(corpus60: list[CorpusFrame]) -> None:
    for frame in corpus60:
        for got in decode_frame(frame.gray):
            assert got.text in (None, frame.payload)


def test_retry_stages_add_decodes_over_the_first_pass(corpus60: list[CorpusFrame]) -> None:
    first_only = QrPipeline(stages=())
    plain = sum(_reads(first_only.decode, f) for f in corpus60)
    full = [d for f in corpus60 for d in decode_frame(f.gray) if d.text == f.payload]
    assert len(full) > plain
    assert {d.stage for d in full} - {"zxing"}  # some frame was read by a retry


def test_no_retry_starts_once_the_budget_is_spent(corpus60: list[CorpusFrame]) -> None:
    ticks = itertools.count(step=1.0)  # every clock read is a second later
    slow = QrPipeline(clock=lambda: float(next(ticks)))
    first_only = QrPipeline(stages=())
    for frame in corpus60:
        assert [d.text for d in slow.decode(frame.gray)] == [
            d.text for d in first_only.decode(frame.gray)
        ]


def test_colour_frames_and_blank_frames_are_fine() -> None:
    assert decode_frame(np.zeros((720, 1280, 3), np.uint8)) == []
    assert decode_frame(np.full((720, 1280), 255, np.uint8)) == []
