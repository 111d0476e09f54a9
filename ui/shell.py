"""The UI's composition entry: build the window and its controller from validated config.

kiosk/app.py (the composition root) does: QApplication → load_bundled_fonts() →
create_main_window(...) → window.show_kiosk(fullscreen). Only the attract screen is built before
the first paint; the rest follow lazily (ui.main_window).
"""

from __future__ import annotations

from kiosk.ports.clock import Clock
from kiosk.ports.speaker import Speaker
from kiosk.prompts import PromptCatalogue
from kiosk.settings.schema import Settings
from ui.fonts import load_bundled_fonts
from ui.main_window import MainWindow
from ui.session_controller import SessionController


def create_main_window(
    settings: Settings, prompts: PromptCatalogue, speaker: Speaker | None, clock: Clock
) -> MainWindow:
    """The kiosk window with its session controller (`window.controller`).

    The controller starts (timer, touch filter, speech thread) right after the first paint and
    stops when the window closes or the application quits. The speaker is only spoken through:
    opening and closing it stays with the caller (kiosk/app.py opens ports after the first paint).
    With `speaker=None` the window stays silent until `window.controller.attach_speaker(...)`;
    the identify step gets its card reader and QR scanner from
    `window.controller.attach_devices(card_reader, qr_source)` (until then it says the reader is
    not ready and offers staff help).
    """
    family = load_bundled_fonts()
    window = MainWindow(settings.panel, family)
    window.setWindowTitle(prompts.text("attract.ward", ward=settings.kiosk.ward))
    controller = SessionController(window, settings, prompts, speaker, clock)
    window.controller = controller
    window.first_painted.connect(controller.start)
    return window
