"""Seeded corpus of camera-like QR frames, shared by the tests and `bench.qr_decode`."""

from tests.qr_corpus.generate import (
    DEGRADATIONS,
    PAYLOADS,
    CorpusFrame,
    corpus,
    make_frame,
    qr_matrix,
)

__all__ = ["DEGRADATIONS", "PAYLOADS", "CorpusFrame", "corpus", "make_frame", "qr_matrix"]
