"""`kiosk say "TEXT" [--out FILE.wav]`: hear (or save) what the kiosk would say.

With `--out`, the text is normalised and rendered by espeak-ng into a WAV file (for technicians
and tests); without it, it is spoken through the configured engine chain, and the engines found
are printed. `--show` prints the normalised text only.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from kiosk.ports.speaker import DEFAULT_RATE, Utterance
from kiosk.services.speech_text.normalise import normalise


def register(subparsers: Any) -> None:
    p = subparsers.add_parser("say", help="speak or render Vietnamese text like the kiosk does")
    p.add_argument("text")
    p.add_argument("--out", type=Path, help="write a WAV file (espeak-ng) instead of speaking")
    p.add_argument("--voice", default="vi", help="espeak-ng voice (vi, vi-vn-x-south, …)")
    p.add_argument("--rate", type=float, default=DEFAULT_RATE, help="1.0 = engine default")
    p.add_argument("--volume", type=float, default=1.0, help="0..1")
    p.add_argument("--show", action="store_true", help="print the normalised text only")
    p.add_argument("--config", type=Path, help="settings file (for the engine chain)")
    p.add_argument(
        "--output", help="audio output for the chain: auto, null, file:DIR or a player command"
    )
    p.set_defaults(handler=handle_say)


def handle_say(args: argparse.Namespace) -> int:
    spoken = normalise(args.text)
    if args.show:
        print(spoken)
        return 0
    if not 0.1 <= args.rate <= 3.0 or not 0.0 <= args.volume <= 1.0:
        print("kiosk say: --rate must be 0.1..3.0 and --volume 0..1", file=sys.stderr)
        return 2
    if args.out is not None:
        return _render(args, spoken)
    return _speak(args)


def _render(args: argparse.Namespace, spoken: str) -> int:
    from devices.tts.audio import scale_volume, wav_info
    from devices.tts.engines import EngineFailed, EspeakEngine

    engine = EspeakEngine(args.voice, sink=None)
    status = engine.probe()
    if not status.available and status.detail != "no audio output":
        print(f"kiosk say: espeak-ng: {status.detail}", file=sys.stderr)
        return 2
    try:
        wav = scale_volume(engine.render(spoken, args.rate), args.volume)
    except EngineFailed as exc:
        print(f"kiosk say: {exc}", file=sys.stderr)
        return 2
    args.out.write_bytes(wav)
    info = wav_info(wav)
    print(f"{args.out}: {info.seconds:.2f} s, {info.rate} Hz — {spoken}")
    return 0


def _speak(args: argparse.Namespace) -> int:
    from devices.tts.factory import build_speaker
    from kiosk.domain.devices import DeviceUnavailable

    options = _options_from_settings(args.config, args.voice)
    if args.output:
        from dataclasses import replace

        options = replace(options, output=args.output)
    speaker = build_speaker(options)
    speaker.open()
    try:
        for status in speaker.engines():
            mark = "ok" if status.available else "--"
            print(f"[{mark}] {status.name}: {status.detail}")
        speaker.speak(Utterance("say.cli", args.text, rate=args.rate, volume=args.volume))
        print(f"spoken by {speaker.last_engine}")
        return 0
    except DeviceUnavailable as exc:
        print(f"kiosk say: {exc}", file=sys.stderr)
        return 1
    finally:
        speaker.close()


def _options_from_settings(config: Path | None, voice: str) -> Any:
    """The chain from the settings' `devices.speaker` when it is the tts adapter, else the
    default chain with `voice`."""
    from dataclasses import fields

    from devices.tts.factory import TtsOptions

    section: object = None
    try:
        from kiosk import paths
        from kiosk.settings.loader import load_settings

        section = load_settings(config or paths.default_settings_file()).devices.speaker
    except Exception as exc:  # a broken settings file still lets the technician hear a voice
        print(f"kiosk say: settings not used ({exc})", file=sys.stderr)
    if getattr(section, "adapter", None) == "tts":
        names = {f.name for f in fields(TtsOptions)}
        return TtsOptions(**{n: getattr(section, n) for n in names if hasattr(section, n)})
    return TtsOptions(voice=voice)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kiosk")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    handler: Any = args.handler
    return int(handler(args))


if __name__ == "__main__":
    raise SystemExit(main())
