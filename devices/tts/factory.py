"""Build the speaker chain from plain options (kiosk/wiring.py maps the settings onto these)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from devices.tts.audio import AudioSink, make_sink
from devices.tts.chain import ChainSpeaker
from devices.tts.engines import ChimeEngine, Engine, EspeakEngine, PackEngine, PiperEngine
from devices.tts.speechd import SpeechdEngine
from kiosk.ports.clock import Clock

ENGINE_NAMES = ("pack", "piper", "speechd", "espeak", "chime")


@dataclass(frozen=True, slots=True)
class TtsOptions:
    engines: tuple[str, ...] = ENGINE_NAMES  # tried in this order, per utterance
    pack_dir: str = ""  # recorded prompt pack (manifest.json); "" = none
    piper_model: str = ""  # a Piper *.onnx voice (with its .onnx.json); "" = none
    speechd_socket: str = ""  # "" = $SPEECHD_ADDRESS or $XDG_RUNTIME_DIR/speech-dispatcher/…
    speechd_module: str = "espeak-ng"
    voice: str = "vi"  # espeak-ng voice and speechd language
    output: str = "auto"  # auto | null | file:DIR | a player command, e.g. "aplay -q -"


def build_engines(
    options: TtsOptions, clock: Clock | None = None, sink: AudioSink | None = None
) -> list[Engine]:
    unknown = set(options.engines) - set(ENGINE_NAMES)
    if unknown:
        raise ValueError(f"unknown speech engines: {sorted(unknown)}")
    sink = sink if sink is not None else make_sink(options.output, clock)
    made: dict[str, Engine] = {
        "pack": PackEngine(Path(options.pack_dir) if options.pack_dir else None, sink),
        "piper": PiperEngine(Path(options.piper_model) if options.piper_model else None, sink),
        "speechd": SpeechdEngine(
            Path(options.speechd_socket) if options.speechd_socket else None,
            language=options.voice.split("-")[0],
            module=options.speechd_module,
        ),
        "espeak": EspeakEngine(options.voice, sink),
        "chime": ChimeEngine(sink),
    }
    return [made[name] for name in options.engines]


def build_speaker(
    options: TtsOptions, clock: Clock | None = None, sink: AudioSink | None = None
) -> ChainSpeaker:
    """Not opened: kiosk/app.py opens every port on a worker after the first paint."""
    return ChainSpeaker(build_engines(options, clock, sink))
