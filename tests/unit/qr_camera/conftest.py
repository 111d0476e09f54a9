"""A small slice of the seeded corpus, generated once per test session (~4 s)."""

from __future__ import annotations

import pytest

from tests.qr_corpus import CorpusFrame, corpus

CI_FRAMES = 60  # one frame per payload x degradation x resolution


@pytest.fixture(scope="session")
def corpus60() -> list[CorpusFrame]:
    return list(corpus(CI_FRAMES, seed=1))
