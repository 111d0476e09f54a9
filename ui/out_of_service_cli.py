"""`kiosk out-of-service`: what systemd's OnFailure unit runs under cage (`cage -- kiosk
out-of-service`) once the kiosk has failed to start too often.

It never refuses to show: a broken settings file falls back to the defaults (panel size, no
voice), and only `config/prompts/vi/service.toml` is read, so a broken part of the catalogue
elsewhere does not take this screen down with it. The speaker comes from a factory the
composition root passes in (ui never builds device adapters).
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from kiosk.ports.clock import Clock, SystemClock
from kiosk.ports.speaker import Speaker
from kiosk.settings.schema import Settings, default_settings

log = logging.getLogger("kiosk.out_of_service")

SpeakerFactory = Callable[[Settings, Clock], Speaker]


def register(subparsers: Any, speaker_factory: SpeakerFactory | None = None) -> None:
    parser = subparsers.add_parser(
        "out-of-service", help="show the 'out of service' screen (systemd OnFailure unit)"
    )
    parser.add_argument("--config", type=Path, help="settings file (default: config/kiosk.toml)")
    parser.add_argument("--windowed", action="store_true", help="a window instead of fullscreen")
    parser.add_argument("--silent", action="store_true", help="do not speak the notice")
    parser.set_defaults(handler=lambda args: handle(args, speaker_factory))


def handle(args: argparse.Namespace, speaker_factory: SpeakerFactory | None) -> int:
    settings = _settings(args.config)
    speaker: Speaker | None = None
    if speaker_factory is not None and settings.voice.enabled and not args.silent:
        try:
            speaker = speaker_factory(settings, SystemClock())
        except Exception:
            log.warning("no speaker for the out-of-service notice", exc_info=True)
    return run(settings, speaker, windowed=args.windowed)


def run(settings: Settings, speaker: Speaker | None, windowed: bool = False) -> int:
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    from kiosk import paths
    from kiosk.prompts import load_prompts
    from ui.fonts import load_bundled_fonts
    from ui.out_of_service import OutOfServiceScreen, SpeakOnce
    from ui.watchdog import attach_systemd

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    family = load_bundled_fonts()
    app.setFont(QFont(family))
    prompts = load_prompts(paths.prompts_file() / "service.toml")
    screen = OutOfServiceScreen(prompts, settings.panel, family)
    voice = SpeakOnce(speaker, prompts, settings.voice.rate)
    screen.painted.connect(voice.start)
    attach_systemd(app, screen)
    _quit_on_sigterm(app)
    if windowed:
        screen.show()
    else:
        from PySide6.QtCore import Qt

        screen.setCursor(Qt.CursorShape.BlankCursor)
        screen.showFullScreen()
    log.warning("kiosk out of service: the 'see the counter' screen is shown")
    code = app.exec()
    voice.close()
    return code


def _settings(config: Path | None) -> Settings:
    from kiosk import paths
    from kiosk.settings.loader import ConfigError, load_settings

    try:
        return load_settings(config or paths.default_settings_file())
    except ConfigError as exc:  # likely why we are here: show the screen with the defaults
        for problem in exc.problems:
            log.error("settings: %s", problem)
        return default_settings()


def _quit_on_sigterm(app: Any) -> None:
    import signal

    from PySide6.QtCore import QTimer

    signal.signal(signal.SIGTERM, lambda *_: app.quit())
    signal.signal(signal.SIGINT, lambda *_: app.quit())
    timer = QTimer(app)  # lets the Python handler run while Qt waits in C++
    timer.timeout.connect(lambda: None)
    timer.start(250)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="kiosk")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    return int(args.handler(args))


if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO)
    sys.exit(main())
