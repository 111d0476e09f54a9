"""espeak-ng (Debian) renders Vietnamese to WAV; sox measures it; a prompt pack falls back to it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from devices.tts.audio import FileSink, wav_info
from devices.tts.chain import ChainSpeaker
from devices.tts.cli import main as kiosk_say
from devices.tts.engines import ChimeEngine, EspeakEngine, PackEngine
from kiosk.ports.speaker import Utterance
from kiosk.services.speech_text.prompt_pack import PackWriter
from tests.peers.conftest import peer_unavailable
from tests.peers.speechd import sox_stats

pytestmark = pytest.mark.peer


@pytest.fixture(autouse=True)
def _espeak() -> None:
    if shutil.which("espeak-ng") is None:
        peer_unavailable("espeak-ng is not installed")


def soxi_seconds(path: Path) -> float:
    soxi = shutil.which("soxi")
    if soxi is None:
        peer_unavailable("soxi (sox) is not installed")
    assert soxi is not None
    done = subprocess.run([soxi, "-D", str(path)], capture_output=True, text=True, check=True)
    return float(done.stdout)


def test_kiosk_say_renders_non_silent_wav_of_plausible_length(tmp_path: Path) -> None:
    out = tmp_path / "say.wav"
    assert kiosk_say(["say", "Mời ông bà đến quầy số 3", "--out", str(out)]) == 0
    seconds = soxi_seconds(out)
    assert 1.0 < seconds < 6.0  # 8 syllables at the slow default rate
    assert sox_stats(out)["RMS     amplitude"] > 0.02


def test_numbers_are_spoken_in_full(tmp_path: Path) -> None:
    """ "2025" normalised is 8 syllables; espeak-ng on the raw digits says far less (#2442)."""
    words, digits = tmp_path / "words.wav", tmp_path / "digits.wav"
    assert kiosk_say(["say", "năm 2025", "--out", str(words)]) == 0
    engine = EspeakEngine("vi", sink=None)
    digits.write_bytes(engine.render("năm 2025", 0.85))
    assert soxi_seconds(words) > 2.0
    assert soxi_seconds(words) > soxi_seconds(digits)


def test_slower_rate_gives_longer_audio(tmp_path: Path) -> None:
    engine = EspeakEngine("vi", sink=None)
    slow = wav_info(engine.render("Xin chào ông bà", 0.7)).seconds
    fast = wav_info(engine.render("Xin chào ông bà", 1.3)).seconds
    assert slow > fast * 1.3


def test_pack_falls_back_per_prompt_to_espeak(tmp_path: Path) -> None:
    espeak = EspeakEngine("vi", sink=None)
    pack = PackWriter(tmp_path / "pack", voice="test")
    pack.put("a.good", "Xin chào ông bà", espeak.render("Xin chào ông bà", 1.0))
    pack.put("a.corrupt", "Cảm ơn ông bà", espeak.render("Cảm ơn ông bà", 1.0))
    (tmp_path / "pack" / "a.corrupt.wav").write_bytes(b"RIFF broken")
    sink = FileSink(tmp_path / "played")
    speaker = ChainSpeaker(
        [PackEngine(tmp_path / "pack", sink), EspeakEngine("vi", sink), ChimeEngine(sink)]
    )
    speaker.open()
    try:
        said = {}
        for pid, text in [
            ("a.good", "Xin chào ông bà"),
            ("a.corrupt", "Cảm ơn ông bà"),
            ("a.missing", "Mời ông bà"),
            ("a.good", "Xin chào ông bà, mời vào"),  # the wording changed since the recording
        ]:
            speaker.speak(Utterance(pid, text))
            said[(pid, text)] = speaker.last_engine
    finally:
        speaker.close()
    assert list(said.values()) == ["pack", "espeak", "espeak", "espeak"]
    assert len(sink.played) == 4
    for path in sink.played:
        assert sox_stats(path)["RMS     amplitude"] > 0.01


def test_kiosk_say_speaks_through_the_chain(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code = kiosk_say(["say", "Số thứ tự A012", "--output", f"file:{out}"])
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "[--] piper: not installed" in printed  # missing engines are listed, not fatal
    assert "spoken by" in printed
    played = sorted(out.glob("*.wav"))
    assert len(played) == 1 and sox_stats(played[0])["RMS     amplitude"] > 0.01
