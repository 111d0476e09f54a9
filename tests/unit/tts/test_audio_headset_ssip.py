"""Small pure pieces: WAV helpers, the file sink, headset parsing, SSIP mappings."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from devices.tts.audio import FileSink, chime_wav, fix_streamed_wav, scale_volume, wav_info
from devices.tts.headset import NoHeadset, amixer_reports_headset, pactl_reports_headset
from devices.tts.speechd import ssip_rate, ssip_volume
from kiosk.ports.clock import ManualClock

PACTL_HEADPHONES = """Sink #0
\tState: RUNNING
\tName: alsa_output.pci-0000_00_1f.3.analog-stereo
\tPorts:
\t\tanalog-output-speaker: Speakers (type: Speaker, priority: 10000, availability unknown)
\t\tanalog-output-headphones: Headphones (type: Headphones, priority: 9900, available)
\tActive Port: analog-output-headphones
"""
PACTL_UNPLUGGED = PACTL_HEADPHONES.replace(
    "priority: 9900, available)", "priority: 9900, not available)"
).replace("Active Port: analog-output-headphones", "Active Port: analog-output-speaker")
PACTL_UNKNOWN = PACTL_HEADPHONES.replace("9900, available)", "9900, availability unknown)")

AMIXER_ON = """numid=18,iface=CARD,name='Headphone Jack'
  ; type=BOOLEAN,access=r-------,values=1
  : values=on
numid=17,iface=CARD,name='Front Mic Jack'
  ; type=BOOLEAN,access=r-------,values=1
  : values=off
"""


def test_pactl_headset_only_when_active_and_available() -> None:
    assert pactl_reports_headset(PACTL_HEADPHONES)
    assert not pactl_reports_headset(PACTL_UNPLUGGED)
    assert not pactl_reports_headset(PACTL_UNKNOWN)  # cannot tell → never private
    assert not pactl_reports_headset("")


def test_amixer_jack_control() -> None:
    assert amixer_reports_headset(AMIXER_ON)
    assert not amixer_reports_headset(AMIXER_ON.replace(": values=on", ": values=off", 1))
    assert not NoHeadset().headset_connected()


def test_ssip_mappings() -> None:
    assert ssip_rate(1.0) == 0 and ssip_rate(0.85) == -15 and ssip_rate(3.0) == 100
    assert ssip_volume(0.0) == -100 and ssip_volume(0.5) == 0 and ssip_volume(1.0) == 100


def test_chime_volume_and_streamed_header() -> None:
    wav = chime_wav()
    assert 0.45 < wav_info(wav).seconds < 0.55
    quiet = scale_volume(wav, 0.5)
    assert wav_info(quiet).frames == wav_info(wav).frames
    assert max(quiet[44:]) <= max(wav[44:])
    broken = wav[:40] + (0x7FFFFFFF).to_bytes(4, "little") + wav[44:]
    assert wav_info(fix_streamed_wav(broken)).frames == wav_info(wav).frames


def test_file_sink_takes_the_audio_time_and_stops(tmp_path: Path) -> None:
    # (was a race: a thread started, then stop set; on a busy machine the play had finished)
    clock = ManualClock()
    sink = FileSink(tmp_path, clock)
    wav = chime_wav()
    before = clock.monotonic()
    assert sink.play(wav, threading.Event()) is True  # played to the end …
    assert clock.monotonic() - before == pytest.approx(wav_info(wav).seconds)  # … taking its time
    stop = threading.Event()
    stop.set()
    before = clock.monotonic()
    assert sink.play(wav, stop) is False  # cut short: it says so and takes no time
    assert clock.monotonic() == before
    assert len(sink.played) == 2 and sink.played[1].read_bytes()[:4] == b"RIFF"
    assert FileSink(None).play(chime_wav(), threading.Event()) is True
