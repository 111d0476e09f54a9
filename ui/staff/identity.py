"""The identity staff enter by hand (kiosk.services.assisted.manual_identity) on the staff
identity screen, one field at a time with the citizen form's widgets. `finished(identity)`
when complete (source STAFF_ENTRY), `cancelled()` on "Hủy" or "Quay lại" from the first field.
A refusal keeps every answer and says why (on screen; staff are at the glass)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject, Signal

from kiosk.domain.procedure import FieldKind
from kiosk.prompts import PromptCatalogue
from kiosk.services.assisted.manual_identity import (
    ERROR_IDS,
    ORDER,
    SEXES,
    ManualField,
    ManualIdentityForm,
)
from ui.forms.views import ChoiceItem, FormWords, QuestionView
from ui.screens.staff_identity import StaffIdentityScreen
from ui.staff.views import ManualIdentityView

ID = FieldKind.ID_NUMBER
QUESTIONS = {
    ManualField.FULL_NAME: ("assisted.manual_name", "assisted.manual_name_hint", FieldKind.TEXT),
    ManualField.BIRTH_DATE: ("assisted.manual_birth_date", "", FieldKind.DATE),
    ManualField.SEX: ("assisted.manual_sex", "", FieldKind.CHOICE),
    ManualField.ID_NUMBER: ("assisted.manual_id_number", "assisted.manual_id_hint", ID),
    ManualField.ADDRESS: ("assisted.manual_address", "", FieldKind.ADDRESS),
}
PROMPT_IDS = (
    "assisted.manual_title",
    "assisted.manual_step",
    "assisted.manual_back",
    "assisted.manual_cancel",
    "assisted.manual_sex_male",
    "assisted.manual_sex_female",
    *ERROR_IDS,
    *(p for q, h, _ in QUESTIONS.values() for p in (q, h) if p),
)


class ManualIdentityController(QObject):
    finished = Signal(object)  # CitizenIdentity
    cancelled = Signal()

    def __init__(
        self,
        screen: StaffIdentityScreen,
        prompts: PromptCatalogue,
        today: date,
        has_address_book: bool,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        prompts.require(PROMPT_IDS)
        self.screen, self._prompts = screen, prompts
        self.form = ManualIdentityForm(today)
        self._address_picker = has_address_book  # else the address is typed on the keyboard
        self._words = FormWords.from_prompts(prompts)
        screen.answered.connect(self.on_answered)
        screen.back_requested.connect(self.on_back)
        screen.cancel_requested.connect(self.on_cancel)

    def start(self, today: date) -> ManualIdentityView:
        self.form = ManualIdentityForm(today)
        self.screen.reset()
        return self.render()

    def view(self) -> ManualIdentityView:
        t = self._prompts.text
        form = self.form
        field = form.field
        question_id, hint_id, kind = QUESTIONS[field]
        if kind is FieldKind.ADDRESS and not self._address_picker:
            kind = FieldKind.TEXT
        value = form.value(field)
        extra: dict[str, object] = {}
        if kind is FieldKind.DATE:
            extra = {"max_date": form.today, "start_date": date(1960, 1, 1)}
        if kind is FieldKind.TEXT:
            extra["max_length"] = 80 if field is ManualField.FULL_NAME else 200
            extra["capitalize_words"] = True
            extra["digits"] = field is ManualField.ADDRESS
        choices: tuple[ChoiceItem, ...] = ()
        if field is ManualField.SEX:
            labels = (t("assisted.manual_sex_male"), t("assisted.manual_sex_female"))
            choices = tuple(
                ChoiceItem(label=lb, value=v) for lb, v in zip(labels, SEXES, strict=True)
            )
        question = QuestionView(
            field_id=f"staff_{field.value}",
            kind=kind,
            question=t(question_id),
            words=self._words,
            hint=t(hint_id) if hint_id else "",
            step=t("assisted.manual_step", n=form.index + 1, total=len(ORDER)),
            value=value
            if isinstance(value, str | date) and kind is not FieldKind.ADDRESS
            else None,
            choices=choices,
            error=t(form.error) if form.error else "",
            **extra,  # type: ignore[arg-type]
        )
        return ManualIdentityView(
            title=t("assisted.manual_title"),
            question=question,
            back_label=t("assisted.manual_back"),
            cancel_label=t("assisted.manual_cancel"),
        )

    def render(self) -> ManualIdentityView:
        view = self.view()
        self.screen.show_view(view)
        return view

    # ---- intents ----

    def on_answered(self, value: object) -> None:
        if self.form.done:
            return
        self.form.answer(value)
        if self.form.done:
            identity = self.form.identity()
            self.wipe()
            self.finished.emit(identity)
            return
        self.render()

    def on_back(self) -> None:
        if self.form.back():
            self.render()
        else:
            self.on_cancel()

    def on_cancel(self) -> None:
        self.wipe()
        self.cancelled.emit()

    def wipe(self) -> None:
        self.form.wipe()
        self.screen.reset()
