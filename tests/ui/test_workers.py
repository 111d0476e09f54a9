"""Device workers: results come back on the GUI thread; speech never blocks the GUI."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from kiosk.domain.devices import READY, HealthReport
from kiosk.ports.speaker import Utterance
from tests.ui.support import RecordingSpeaker
from ui.workers import DeviceWorker, SpeechChannel


class Receiver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.results: list[tuple[str, object, str]] = []
        self.failures: list[tuple[str, str]] = []

    def on_finished(self, job: str, result: object) -> None:
        self.results.append((job, result, threading.current_thread().name))

    def on_failed(self, job: str, detail: str) -> None:
        self.failures.append((job, detail))


def worker_thread_name() -> str:
    return threading.current_thread().name


def broken() -> object:
    raise OSError("no such device")


def test_results_arrive_on_the_gui_thread(qtbot: QtBot) -> None:
    worker = DeviceWorker("probe")
    receiver = Receiver()
    worker.finished.connect(receiver.on_finished)
    worker.failed.connect(receiver.on_failed)
    try:
        assert worker.submit("where", worker_thread_name)
        assert worker.submit("broken", broken)
        qtbot.waitUntil(lambda: len(receiver.results) == 1 and len(receiver.failures) == 1)
        job, ran_on, delivered_on = receiver.results[0]
        assert job == "where" and str(ran_on).startswith("device-probe")
        assert delivered_on == threading.main_thread().name
        assert receiver.failures == [("broken", "OSError: no such device")]
    finally:
        worker.close()
    worker.close()  # idempotent
    assert not worker.submit("late", worker_thread_name)


class BlockingSpeaker:
    """Speaks until stopped, like a real engine reading a long prompt."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self._stop = threading.Event()
        self.said: list[str] = []
        self.closed = False

    def open(self) -> None:
        pass

    def health(self) -> HealthReport:
        return READY

    def speak(self, utterance: Utterance) -> None:
        self.said.append(utterance.prompt_id)
        self._stop.clear()
        self.started.set()
        self._stop.wait(10)

    def stop(self) -> None:
        self._stop.set()

    def close(self) -> None:
        self.closed = True


def test_a_new_utterance_cuts_the_old_one_and_the_gui_never_waits(qtbot: QtBot) -> None:
    speaker = BlockingSpeaker()
    channel = SpeechChannel(speaker)
    try:
        channel.say(Utterance("welcome.instruction", "Xin chào"))  # returns at once
        qtbot.waitUntil(speaker.started.is_set)
        speaker.started.clear()
        channel.say(Utterance("welcome.started", "Mời"))
        qtbot.waitUntil(lambda: speaker.said == ["welcome.instruction", "welcome.started"])
        with qtbot.waitSignal(channel.spoken) as blocker:
            channel.stop()
        assert blocker.args == ["welcome.started"]
    finally:
        channel.close()
    assert not speaker.closed  # the port's lifecycle belongs to the composition root
    channel.close()
    channel.say(Utterance("nav.replay", "Nghe lại"))  # after close: ignored
    assert speaker.said[-1] == "welcome.started"


def test_speaker_failures_are_reported_not_raised(qtbot: QtBot) -> None:
    class Mute(RecordingSpeaker):
        def speak(self, utterance: Utterance) -> None:
            raise RuntimeError("speech-dispatcher is not running")

    channel = SpeechChannel(Mute())
    try:
        with qtbot.waitSignal(channel.failed) as blocker:
            channel.say(Utterance("nav.replay", "Nghe lại"))
        assert blocker.args == ["nav.replay", "RuntimeError: speech-dispatcher is not running"]
    finally:
        channel.close()
