"""Builds issue 9's controllers for the session controller (kept out of it so it stays small):
the submit → receipt → rating steps, the tracking side door, and the attract screen's buttons
("Tra cứu hồ sơ", "Tập sử dụng"), added after the first paint so start-up is untouched."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout

from kiosk.ports.clock import Clock
from kiosk.prompts import PromptCatalogue
from kiosk.settings.schema import Settings
from ui.main_window import MainWindow
from ui.procedure_after import AfterSubmit
from ui.procedure_submit import OutboxLike, SubmitStep
from ui.widgets import kiosk_button

if TYPE_CHECKING:
    from kiosk.ports.portal import Portal
    from kiosk.ports.qr_source import QrSource
    from kiosk.ports.receipt_printer import ReceiptPrinter
    from ui.procedure_controller import ProcedureController
    from ui.tracking_controller import TrackingController

Speak = Callable[..., None]


@dataclass(frozen=True, slots=True)
class SubmissionPorts:
    """What issue 9's steps need from outside. `outbox` is asked at each submit (the store opens
    on a worker after the first paint: None until then, and a submit then fails honestly)."""

    outbox: Callable[[], OutboxLike | None]
    printer: ReceiptPrinter | None
    portal: Portal | None  # status look-ups for tracking; wrapped for practice sessions
    qr_source: QrSource | None = None


class _LateSpeak:
    """Calls `speak` at each call (a test may wrap the session's speech after wiring)."""

    def __init__(self, speak: Speak) -> None:
        self._speak = speak

    def __call__(self, prompt_id: str, /, **values: object) -> None:
        self._speak(prompt_id, **values)


def build_after_submit(
    window: MainWindow,
    step: ProcedureController,
    ports: SubmissionPorts,
    settings: Settings,
    prompts: PromptCatalogue,
    clock: Clock,
    speech_on: Callable[[str], Speak],
    stop_speech: Callable[[], None],
) -> AfterSubmit:
    from ui.rating_controller import RatingController
    from ui.receipt_controller import ReceiptController
    from ui.screens.rating import RatingScreen

    def store_rating(local_id: str, score: int) -> None:  # on the rating worker
        outbox = ports.outbox()
        if outbox is None:
            raise RuntimeError("no outbox: the rating was not stored")
        outbox.rate(local_id, score)

    submit = SubmitStep(ports.outbox, clock, settings.kiosk.id, settings.outbox.answer_wait_s)
    on_receipt = speech_on("receipt")
    receipt = ReceiptController(clock, prompts, lambda pid: on_receipt(pid), stop_speech)
    receipt.attach_printer(ports.printer)
    screen = window.screen_widget("rating")
    assert isinstance(screen, RatingScreen)
    rating = RatingController(screen, prompts, _LateSpeak(speech_on("rating")), store_rating)

    from kiosk.flows.practice import PROMPT_IDS as PRACTICE_IDS
    from kiosk.flows.practice import PracticePortal

    prompts.require(PRACTICE_IDS)

    def practice_portal() -> Any:
        return PracticePortal(ports.portal, clock)

    return AfterSubmit(
        step.flow,
        step._session,
        submit,
        receipt,
        rating,
        prompts,
        clock,
        settings.kiosk.ward,
        settings.kiosk.id,
        practice_portal=practice_portal,
        parent=step,
    )


def build_tracking(
    window: MainWindow,
    ports: SubmissionPorts,
    prompts: PromptCatalogue,
    speak: Speak,
    procedure_names: dict[str, str],
    unit_code: str,
) -> TrackingController | None:
    if ports.portal is None:
        return None
    from ui.screens.tracking import TrackingScreen
    from ui.tracking_controller import TrackingController

    screen = window.screen_widget("tracking")
    assert isinstance(screen, TrackingScreen)
    return TrackingController(
        screen,
        prompts,
        _LateSpeak(speak),
        ports.portal,
        ports.qr_source,
        unit_code=unit_code,
        procedure_name=procedure_names.get,
        parent=window,
    )


def add_attract_doors(window: MainWindow) -> tuple[QPushButton, QPushButton]:
    """Two buttons under the attract screen's text; their words come with each render."""
    track = kiosk_button("AttractTrack", "secondary")
    practice = kiosk_button("AttractPractice", "secondary")
    row = QHBoxLayout()
    row.setSpacing(window.theme.gap_px * 4)  # only between shown items: a hidden door leaves
    row.addStretch(1)  # no gap, so the other stays centred (the screen closed by device health)
    row.addWidget(track)
    row.addWidget(practice)
    row.addStretch(1)
    layout = window.attract.layout()
    assert isinstance(layout, QVBoxLayout)
    layout.insertLayout(layout.count() - 1, row)  # above the last stretch
    from ui.theme import apply_theme

    for b in (track, practice):
        apply_theme(b, window.theme)  # fonts and sizes by role and kind, as every screen's
    return track, practice
