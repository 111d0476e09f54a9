"""The engine chain with fake engines: order, per-utterance fallback, health, stop."""

from __future__ import annotations

import threading

import pytest

from devices.tts.chain import ChainSpeaker
from devices.tts.engines import EngineFailed
from kiosk.domain.devices import DeviceUnavailable, HealthState
from kiosk.ports.speaker import DescribesEngines, EngineStatus, Speaker, Utterance


class FakeEngine:
    def __init__(self, name: str, available: bool = True, knows: set[str] | None = None) -> None:
        self.name = name
        self._available = available
        self._knows = knows
        self.said: list[str] = []
        self.cancelled = 0
        self.block: threading.Event | None = None

    def probe(self) -> EngineStatus:
        if self.name == "broken":
            raise RuntimeError("library crashed")
        return EngineStatus(self.name, self._available, "" if self._available else "not installed")

    def say(self, utterance: Utterance, spoken: str, stop: threading.Event) -> bool:
        if self._knows is not None and utterance.prompt_id not in self._knows:
            raise EngineFailed("not in the pack")
        self.said.append(spoken)
        if self.block is not None:
            self.block.set()
            return not stop.wait(10)
        return True

    def cancel(self) -> None:
        self.cancelled += 1


def test_first_able_engine_speaks_normalised_text() -> None:
    pack = FakeEngine("pack", knows={"welcome.title"})
    espeak = FakeEngine("espeak")
    speaker = ChainSpeaker([pack, FakeEngine("piper", available=False), espeak])
    _: Speaker = speaker
    speaker.open()
    speaker.speak(Utterance("welcome.title", "Xin chào"))
    assert speaker.last_engine == "pack"
    speaker.speak(Utterance("receipt.code", "Mã HS-12"))
    assert speaker.last_engine == "espeak"
    assert espeak.said == ["Mã hát ét xì, một hai"]


def test_missing_engines_are_reported_never_raised() -> None:
    speaker = ChainSpeaker([FakeEngine("broken"), FakeEngine("piper", False), FakeEngine("chime")])
    speaker.open()
    assert isinstance(speaker, DescribesEngines)
    found = {s.name: s.available for s in speaker.engines()}
    assert found == {"broken": False, "piper": False, "chime": True}
    health = speaker.health()
    assert health.state is HealthState.NEEDS_TECHNICIAN
    assert "piper: not installed" in health.detail
    assert "probe failed" in health.detail


def test_nothing_available_is_failed_and_speaking_raises_device_unavailable() -> None:
    speaker = ChainSpeaker([FakeEngine("speechd", False)])
    assert speaker.health().state is HealthState.NOT_READY  # not open yet
    speaker.open()
    assert speaker.health().state is HealthState.FAILED
    with pytest.raises(DeviceUnavailable):
        speaker.speak(Utterance("a.b", "x"))


def test_stop_cuts_the_current_engine() -> None:
    engine = FakeEngine("espeak")
    engine.block = threading.Event()
    speaker = ChainSpeaker([engine])
    speaker.open()
    worker = threading.Thread(target=speaker.speak, args=(Utterance("a.b", "dài"),))
    worker.start()
    assert engine.block.wait(5)
    speaker.stop()
    worker.join(5)
    assert not worker.is_alive()
    assert engine.cancelled == 1
    speaker.close()


def test_simulated_speaker_describes_its_engine_too() -> None:
    from devices.simulated.speaker import SimulatedSpeaker
    from kiosk.ports.clock import ManualClock

    sim = SimulatedSpeaker(ManualClock())
    assert isinstance(sim, DescribesEngines)
    assert sim.engines()[0].available
    sim.fail("amplifier off")
    assert sim.engines() == (EngineStatus("simulated", False, "amplifier off"),)


def test_a_missing_engine_is_looked_for_again_later() -> None:
    clock = [0.0]
    speechd = FakeEngine("speechd", available=False)
    speaker = ChainSpeaker([speechd, FakeEngine("chime")], now=lambda: clock[0], reprobe_s=60)
    speaker.open()
    assert speaker.health().state is HealthState.NEEDS_TECHNICIAN
    speechd._available = True  # the daemon came up after the kiosk
    clock[0] = 30.0
    assert speaker.health().state is HealthState.NEEDS_TECHNICIAN  # not yet looked again
    clock[0] = 61.0
    assert speaker.health().state is HealthState.READY
    speaker.speak(Utterance("a.b", "xin chào"))
    assert speaker.last_engine == "speechd"
