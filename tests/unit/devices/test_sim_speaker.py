"""The simulated speaker: timing by text length and rate, records, stop and failures."""

from __future__ import annotations

import threading

import pytest

from devices.simulated.speaker import SimulatedSpeaker
from kiosk.domain.devices import DeviceUnavailable, HealthState
from kiosk.ports.clock import ManualClock
from kiosk.ports.speaker import Speaker, Utterance

HELLO = Utterance("welcome.hello", "Xin chào bác, mời bác chạm", rate=1.0)  # 26 characters


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def speaker(clock: ManualClock) -> SimulatedSpeaker:
    s = SimulatedSpeaker(clock)
    s.open()
    return s


def test_conforms_to_the_port() -> None:
    _: Speaker = SimulatedSpeaker(ManualClock())


def test_health_follows_open_and_close(clock: ManualClock) -> None:
    speaker = SimulatedSpeaker(clock)
    assert speaker.health().state is HealthState.NOT_READY
    speaker.open()
    assert speaker.health().ready
    speaker.close()
    speaker.close()
    assert speaker.health().state is HealthState.NOT_READY


@pytest.mark.parametrize(("rate", "seconds"), [(1.0, 26 / 12), (0.5, 26 / 6), (2.0, 26 / 24)])
def test_speaking_takes_as_long_as_the_text_at_the_rate(
    speaker: SimulatedSpeaker, clock: ManualClock, rate: float, seconds: float
) -> None:
    t0 = clock.monotonic()
    speaker.speak(Utterance("p", HELLO.text, rate=rate))
    assert clock.monotonic() - t0 == pytest.approx(seconds)


def test_default_rate_is_slower_than_the_engine(
    speaker: SimulatedSpeaker, clock: ManualClock
) -> None:
    t0 = clock.monotonic()
    speaker.speak(Utterance("p", "x" * 12))
    assert clock.monotonic() - t0 == pytest.approx(1 / 0.85)


def test_characters_per_second_is_configurable_and_validated(clock: ManualClock) -> None:
    speaker = SimulatedSpeaker(clock, chars_per_second=26.0)
    speaker.open()
    t0 = clock.monotonic()
    speaker.speak(HELLO)
    assert clock.monotonic() - t0 == pytest.approx(1.0)
    with pytest.raises(ValueError):
        SimulatedSpeaker(clock, chars_per_second=0)


def test_utterances_are_recorded_in_order(speaker: SimulatedSpeaker) -> None:
    bye = Utterance("goodbye", "Bác nhớ cầm thẻ và phiếu hẹn")
    speaker.speak(HELLO)
    speaker.speak(bye)
    speaker.speak(Utterance("empty", ""))
    assert [u.prompt_id for u in speaker.spoken] == ["welcome.hello", "goodbye", "empty"]
    assert speaker.interrupted == ()
    assert speaker.speaking == ()


def test_stop_when_silent_does_not_cut_the_next_utterance(
    speaker: SimulatedSpeaker, clock: ManualClock
) -> None:
    speaker.stop()
    t0 = clock.monotonic()
    speaker.speak(HELLO)
    assert clock.monotonic() - t0 > 0
    assert speaker.interrupted == ()


def test_stop_during_speech_marks_it_interrupted() -> None:
    class StoppingClock(ManualClock):
        def wait(self, seconds: float, cancel: threading.Event | None = None) -> bool:
            assert voice.speaking == (HELLO,)
            voice.stop()
            return super().wait(seconds, cancel)

    clock = StoppingClock()
    voice = SimulatedSpeaker(clock)
    voice.open()
    t0 = clock.monotonic()
    voice.speak(HELLO)
    assert clock.monotonic() == t0
    assert voice.spoken == (HELLO,)
    assert voice.interrupted == (HELLO,)
    assert voice.speaking == ()


@pytest.mark.parametrize(
    "bad",
    [{"rate": 0.0}, {"volume": 1.5}, {"volume": -0.1}],
)
def test_bad_utterances_are_refused(bad: dict[str, float]) -> None:
    """The port's value object refuses them before any adapter sees them."""
    with pytest.raises(ValueError):
        Utterance("p", "x", **bad)


def test_speaking_when_closed_or_failed_raises(clock: ManualClock) -> None:
    speaker = SimulatedSpeaker(clock)
    with pytest.raises(DeviceUnavailable, match="not open"):
        speaker.speak(HELLO)
    speaker.open()
    speaker.fail("no audio device")
    assert speaker.health().state is HealthState.FAILED
    with pytest.raises(DeviceUnavailable, match="no audio device"):
        speaker.speak(HELLO)
    refused = speaker.spoken  # a local: mypy would otherwise keep the narrowed property type
    assert refused == ()
    speaker.recover()
    speaker.speak(HELLO)
    assert speaker.spoken == (HELLO,)


def test_speaking_from_many_threads_records_everything(speaker: SimulatedSpeaker) -> None:
    def worker(n: int) -> None:
        for i in range(100):
            speaker.speak(Utterance(f"t{n}.{i}", "Xin chào"))

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for _ in range(100):
        speaker.stop()  # concurrent stops may interrupt some, never lose any
    for t in threads:
        t.join(timeout=10)
    assert not any(t.is_alive() for t in threads)
    assert len(speaker.spoken) == 600
    assert len({u.prompt_id for u in speaker.spoken}) == 600
    assert set(speaker.interrupted) <= set(speaker.spoken)
    assert speaker.speaking == ()
