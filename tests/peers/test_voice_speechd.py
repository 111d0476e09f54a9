"""The speech-dispatcher path end to end, against a real daemon the tests start."""

from __future__ import annotations

import threading

import pytest

from devices.tts.chain import ChainSpeaker
from devices.tts.speechd import SpeechdEngine
from kiosk.ports.speaker import Utterance
from tests.peers.speechd import RAW_RATE, SpeechDispatcher, sox_stats, speechd

__all__ = ["speechd"]

pytestmark = pytest.mark.peer


def test_utterance_completes_with_end_event_and_real_audio(speechd: SpeechDispatcher) -> None:
    before = speechd.audio.stat().st_size if speechd.audio.exists() else 0
    engine = SpeechdEngine(speechd.socket, language="vi")
    status = engine.probe()
    assert status.available, status.detail
    try:
        finished = engine.say(
            Utterance("test.speechd", "Xin mời ông bà"),
            "Xin mời ông bà đến quầy số ba",
            threading.Event(),
        )
    finally:
        engine.close()
    assert finished is True  # the daemon sent 702 END for our message
    written = speechd.audio.stat().st_size - before
    assert written > RAW_RATE * 2 * 0.5, f"only {written} bytes of audio"  # > 0.5 s
    stats = sox_stats(speechd.audio, raw_rate=RAW_RATE)
    assert stats["RMS     amplitude"] > 0.01  # speech, not silence


def test_chain_speaks_through_speechd_and_reports_it(speechd: SpeechDispatcher) -> None:
    speaker = ChainSpeaker([SpeechdEngine(speechd.socket)])
    speaker.open()
    try:
        assert speaker.health().ready
        speaker.speak(Utterance("test.code", "Mã hồ sơ HS-2025-000123"))
        assert speaker.last_engine == "speechd"
    finally:
        speaker.close()


def test_stop_cancels_a_long_utterance(speechd: SpeechDispatcher) -> None:
    engine = SpeechdEngine(speechd.socket)
    speaker = ChainSpeaker([engine])
    speaker.open()
    long_text = " ".join(["Mời ông bà đọc kỹ hướng dẫn trên màn hình."] * 20)
    done = threading.Event()

    def talk() -> None:
        speaker.speak(Utterance("test.long", long_text))
        done.set()

    thread = threading.Thread(target=talk)
    thread.start()
    try:
        assert engine.queued.wait(10)
        assert not done.is_set()  # ~40 s of speech: still talking
        speaker.stop()
        assert done.wait(10), "speak() did not return after stop()"
        thread.join(10)
        # the same connection still pairs replies with commands after the unanswered CANCELs
        speaker.speak(Utterance("test.after", "Xin cảm ơn"))
        assert speaker.last_engine == "speechd"
    finally:
        speaker.stop()
        thread.join(10)
        speaker.close()
