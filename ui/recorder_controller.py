"""The staff prompt recorder: each prompt, in a staff member's own voice, into a NEW prompt pack.

The microphone (port `AudioSource`), playback (`AudioPlayer`) and the pack's disk writes run on
device workers; results come back as signals to this GUI-thread object. A take that is too
short or silent is not saved and the staff member is told. Every saved take rewrites the
manifest with its SHA-256 (kiosk.services.speech_text.prompt_pack), so the pack is valid after
each sentence, and the kiosk's prompt-pack engine plays a take only for the wording it was
recorded for.
"""

from __future__ import annotations

import contextlib
import io
import logging
import math
import wave
from array import array
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from kiosk.domain.devices import DeviceError
from kiosk.ports.speaker import AudioPlayer, AudioSource
from kiosk.prompts import PromptCatalogue
from kiosk.services.speech_text.prompt_pack import PackWriter
from ui.recorder_views import RecorderRow, RecorderView
from ui.screens.recorder import RecorderScreen
from ui.workers import DeviceWorker

log = logging.getLogger(__name__)

MIN_SECONDS = 0.4
MIN_RMS = 200  # 16-bit full scale is 32767; room noise of a quiet office is well below this


def take_problem(wav: bytes) -> str | None:
    """None if the take is usable, else the prompt id saying why not."""
    try:
        with wave.open(io.BytesIO(wav)) as w:
            rate, width, frames = w.getframerate(), w.getsampwidth(), w.readframes(w.getnframes())
    except (wave.Error, EOFError):
        return "recorder.too_short"
    if width != 2 or not rate or len(frames) / 2 / rate < MIN_SECONDS:
        return "recorder.too_short"
    samples = array("h")
    samples.frombytes(frames[: len(frames) // 2 * 2])
    rms = math.sqrt(sum(s * s for s in samples) / len(samples))
    return "recorder.too_short" if rms < MIN_RMS else None


class RecorderController(QObject):
    finished = Signal(object)  # Path of the new pack, when staff press "Xong"

    def __init__(
        self,
        screen: RecorderScreen,
        prompts: PromptCatalogue,
        prompt_ids: Sequence[str],
        folder: Path,
        voice: str,
        source: AudioSource,
        player: AudioPlayer,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._screen = screen
        self._prompts = prompts
        self._ids = [pid for pid in prompt_ids if pid in prompts]
        if not self._ids:
            raise ValueError("no prompts to record")
        self._folder = folder
        self._voice = voice
        self._source = source
        self._player = player
        self._writer: PackWriter | None = None
        self._takes: dict[str, bytes] = {}
        self._index = 0
        self._recording = False
        self._busy = False
        self._status = ""
        self._mic = DeviceWorker("recorder-mic", self)
        self._mic.finished.connect(self._on_mic_done)
        self._mic.failed.connect(self._on_mic_failed)
        self._playback = DeviceWorker("recorder-playback", self)
        self._playback.failed.connect(self._on_mic_failed)
        screen.record_requested.connect(self.on_record)
        screen.retake_requested.connect(self.on_record)
        screen.play_requested.connect(self.on_play)
        screen.next_requested.connect(self.on_next)
        screen.previous_requested.connect(self.on_previous)
        screen.row_selected.connect(self.on_select)
        screen.done_requested.connect(self.on_done)
        self.render()

    # ---- intents ---------------------------------------------------------------------------

    def on_record(self) -> None:
        if self._busy:
            return
        self._player.stop()
        self._busy = True
        if self._recording:
            pid = self._ids[self._index]
            text = self._prompts.speech(pid)
            self._mic.submit("stop", _StopAndSave(self, pid, text))
        else:
            self._mic.submit("start", self._source.start)

    def on_play(self) -> None:
        wav = self._takes.get(self._ids[self._index])
        if wav is not None and not self._recording:
            self._player.stop()
            self._playback.submit("play", _Play(self._player, wav))

    def on_next(self) -> None:
        self._move(self._index + 1)

    def on_previous(self) -> None:
        self._move(self._index - 1)

    def on_select(self, row: int) -> None:
        self._move(row)

    def on_done(self) -> None:
        if not self._recording and self._writer is not None:
            self.finished.emit(self._writer.folder)

    def close(self) -> None:
        self._player.stop()
        self._playback.close()
        if self._recording:
            with contextlib.suppress(DeviceError):
                self._source.stop()
        self._mic.close()

    # ---- worker side -----------------------------------------------------------------------

    def _save(self, prompt_id: str, text: str) -> tuple[str, str, bytes | None]:
        """On the mic worker: stop, check, write. (prompt id, status prompt id, take or None)"""
        wav = self._source.stop()
        problem = take_problem(wav)
        if problem is not None:
            return prompt_id, problem, None
        if self._writer is None:
            self._writer = PackWriter(self._folder, voice=self._voice)
        self._writer.put(prompt_id, text, wav)
        return prompt_id, "recorder.saved", wav

    # ---- GUI thread ------------------------------------------------------------------------

    def _on_mic_done(self, job: str, result: object) -> None:
        self._busy = False
        if job == "start":
            self._recording = True
            self._status = "recorder.recording"
        elif job == "stop":
            self._recording = False
            assert isinstance(result, tuple)
            pid, status, wav = result
            self._status = status
            if isinstance(wav, bytes):
                self._takes[pid] = wav
        self.render()

    def _on_mic_failed(self, job: str, detail: str) -> None:
        log.warning("recorder: %s failed: %s", job, detail)
        self._busy = False
        if job in ("start", "stop"):
            self._recording = False
            self._status = "recorder.no_microphone"
        self.render()

    def _move(self, index: int) -> None:
        if self._recording or self._busy or not 0 <= index < len(self._ids):
            return
        self._player.stop()
        self._index = index
        self._status = ""
        self.render()

    def view(self) -> RecorderView:
        t = self._prompts.text
        rows = tuple(
            RecorderRow(
                prompt_id=pid,
                text=self._prompts.speech(pid),
                recorded=pid in self._takes,
                state=t("recorder.recorded" if pid in self._takes else "recorder.not_recorded"),
            )
            for pid in self._ids
        )
        return RecorderView(
            title=t("recorder.title"),
            intro=t("recorder.intro"),
            voice=t("recorder.voice_name", voice=self._voice),
            progress=t("recorder.progress", done=len(self._takes), total=len(self._ids)),
            rows=rows,
            current=self._index,
            status=t(self._status) if self._status else "",
            recording=self._recording,
            record_label=t("recorder.stop" if self._recording else "recorder.record"),
            play_label=t("recorder.play"),
            retake_label=t("recorder.retake"),
            previous_label=t("recorder.previous"),
            next_label=t("recorder.next"),
            done_label=t("recorder.done"),
            can_play=self._ids[self._index] in self._takes,
        )

    def render(self) -> None:
        self._screen.show_view(self.view())


class _StopAndSave:
    def __init__(self, controller: RecorderController, prompt_id: str, text: str) -> None:
        self._controller, self._prompt_id, self._text = controller, prompt_id, text

    def __call__(self) -> tuple[str, str, bytes | None]:
        return self._controller._save(self._prompt_id, self._text)


class _Play:
    def __init__(self, player: AudioPlayer, wav: bytes) -> None:
        self._player, self._wav = player, wav

    def __call__(self) -> None:
        self._player.play(self._wav)
