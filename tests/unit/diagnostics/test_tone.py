"""The audio test's tone: a valid WAV at the asked pitch (counted here, and measured by sox)."""

from __future__ import annotations

import io
import itertools
import shutil
import subprocess
import wave
from array import array
from pathlib import Path

import pytest

from kiosk.services.diagnostics.tone import tone_wav


def samples(wav: bytes) -> tuple[int, array[int]]:
    with wave.open(io.BytesIO(wav)) as w:
        assert (w.getnchannels(), w.getsampwidth()) == (1, 2)
        data = array("h")
        data.frombytes(w.readframes(w.getnframes()))
        return w.getframerate(), data


def test_the_tone_has_the_asked_pitch_length_and_no_click() -> None:
    rate, data = samples(tone_wav(1000.0, 0.6, 0.5))
    assert len(data) == round(0.6 * rate)
    rising = sum(1 for a, b in itertools.pairwise(data) if a < 0 <= b)
    assert abs(rising - 600) <= 2  # one upward zero crossing a period
    assert abs(data[0]) < 100 and abs(data[-1]) < 100  # faded in and out
    assert max(data) <= round(0.5 * 32767)


def test_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError):
        tone_wav(frequency_hz=9000.0)


@pytest.mark.peer
def test_sox_hears_1_khz(tmp_path: Path) -> None:
    from tests.peers.conftest import peer_unavailable

    sox = shutil.which("sox")
    if sox is None:
        peer_unavailable("sox is not installed")
    path = tmp_path / "tone.wav"
    path.write_bytes(tone_wav(1000.0, 1.0, 0.5))
    done = subprocess.run(
        [sox, str(path), "-n", "stat"], capture_output=True, text=True, check=True
    )
    stats = dict(
        (k.strip(), v.strip())
        for k, _, v in (line.partition(":") for line in done.stderr.splitlines())
    )
    assert abs(float(stats["Rough   frequency"]) - 1000) < 20
    assert abs(float(stats["Length (seconds)"]) - 1.0) < 0.01
