"""Connects each procedure step screen's `*_requested` signals to the procedure controller
(kept out of the session controller so that file stays small)."""

from __future__ import annotations

from kiosk.prompts import PromptCatalogue
from ui.forms.address_picker import AddressBookLike
from ui.forms.question_screen import QuestionScreen
from ui.forms.views import FormWords
from ui.procedure_controller import ProcedureController
from ui.screens.checklist import ChecklistScreen
from ui.screens.choose import ChooseScreen
from ui.screens.consent import ConsentScreen
from ui.screens.procedure_placeholder import ProcedureStepScreen
from ui.screens.review import ReviewScreen
from ui.widgets import ScreenBase


def connect_procedure_screen(
    screen: ScreenBase,
    step: ProcedureController,
    prompts: PromptCatalogue,
    address_book: AddressBookLike | None,
) -> None:
    if isinstance(screen, ChooseScreen):
        screen.set_words(FormWords.from_prompts(prompts))
        screen.group_requested.connect(step.on_group)
        screen.procedure_requested.connect(step.on_procedure)
        screen.search_requested.connect(step.on_search)
        screen.query_changed.connect(step.on_query)
    elif isinstance(screen, ChecklistScreen):
        screen.continue_requested.connect(step.on_continue)
    elif isinstance(screen, QuestionScreen):
        if address_book is not None:
            screen.set_address_book(address_book)
        screen.answered.connect(step.on_answered)
        screen.edit_requested.connect(step.on_edit)
    elif isinstance(screen, ReviewScreen):
        screen.edit_requested.connect(step.on_review_edit)
        screen.continue_requested.connect(step.on_continue)
    elif isinstance(screen, ConsentScreen):
        screen.agree_requested.connect(step.on_agree)
        screen.decline_requested.connect(step.on_decline)
    elif isinstance(screen, ProcedureStepScreen):
        screen.action_requested.connect(step.on_step_action)
