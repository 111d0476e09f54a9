"""ProcedureFlow state → (screen id, frozen view model), worded from the prompt catalogue.

No Qt here (only msgspec view models), so the property tests can check every view the kiosk would
show. Personal values (answers, pre-fills) appear only in the question and review views, and only
the current session's: the flow holds nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from kiosk.domain.address import Address
from kiosk.domain.procedure import FieldKind, FormField, LifeEvent, Procedure
from kiosk.flows.procedure_flow import ProcedureFlow, Step
from kiosk.prompts import PromptCatalogue
from ui.forms.views import ChoiceItem, FormWords, QuestionView
from ui.view_models import (
    ChecklistView,
    ChoiceTile,
    ChooseView,
    ConsentView,
    PaperLine,
    ProcedureRow,
    ReviewRow,
    ReviewView,
    StepAction,
    StepView,
)

# Tiles in the order of life (birth → home → marriage → death), then the two paper services.
GROUPS: tuple[tuple[LifeEvent, str], ...] = (
    (LifeEvent.BIRTH, "birth"),
    (LifeEvent.RESIDENCE, "residence"),
    (LifeEvent.MARRIAGE, "marriage"),
    (LifeEvent.DEATH, "death"),
    (LifeEvent.CERTIFICATION, "certification"),
    (LifeEvent.CRIMINAL_RECORD, "criminal_record"),
)
NAME_SOURCES = frozenset({"full_name", "father_name", "mother_name", "spouse_name"})
SCREEN_IDS = {
    Step.CHOOSE: "choose",
    Step.CHECKLIST: "checklist",
    Step.QUESTION: "question",
    Step.REVIEW: "review",
    Step.CONSENT: "consent",
}  # the other steps show on "procedure_step" (ui/screens/procedure_placeholder.py)


def money(amount: int) -> str:
    """8000 → "8.000" (Vietnamese thousands separator)."""
    return f"{amount:,}".replace(",", ".")


def display(field: FormField, value: object, t: Callable[..., str]) -> str:
    """An answer as the review and the question show it."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return t("flow_question.yes" if value else "flow_question.no")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Address):
        return value.one_line()
    if field.kind is FieldKind.CHOICE:
        return next((c.label for c in field.choices if c.value == value), str(value))
    if field.kind is FieldKind.YES_NO and isinstance(value, str):
        return t("flow_question.yes" if value.lower() in ("yes", "true") else "flow_question.no")
    return str(value)


class ViewBuilder:
    def __init__(self, prompts: PromptCatalogue) -> None:
        self._prompts = prompts
        self._words: FormWords | None = None  # built on the first question

    def t(self, prompt_id: str, **values: object) -> str:
        return self._prompts.text(prompt_id, **values)

    def build(self, flow: ProcedureFlow, session: object = None) -> tuple[str, object]:
        step = flow.step
        if step is Step.CHOOSE:
            return "choose", self.choose(flow)
        proc = flow.procedure
        assert proc is not None, step
        if step is Step.CHECKLIST:
            return "checklist", self.checklist(proc)
        if step is Step.QUESTION:
            return "question", self.question(flow)
        if step is Step.REVIEW:
            return "review", self.review(flow)
        if step is Step.CONSENT:
            return "consent", self.consent(flow, proc)
        return "procedure_step", self.step_view(flow, proc)

    # ---- steps -----------------------------------------------------------------------------

    def choose(self, flow: ProcedureFlow) -> ChooseView:
        c = flow.state.choose
        t = self.t
        rows = tuple(self.row(p) for p in flow.results())
        if c.searching:
            empty = (
                ""
                if rows
                else t("flow_choose.search_none" if c.query else "flow_choose.search_empty")
            )
            return ChooseView(
                mode="search", title=t("flow_choose.search_title"), rows=rows,
                search_label=t("flow_choose.search"), query=c.query, empty=empty,
            )  # fmt: skip
        if c.group is not None:
            return ChooseView(
                mode="list",
                title=t(f"flow_choose.group_{c.group.value}"),
                hint=t("flow_choose.list_title"),
                rows=rows,
                empty="" if rows else t("flow_choose.no_procedures"),
            )
        tiles = tuple(
            ChoiceTile(key=g.value, label=t(f"flow_choose.group_{g.value}"), icon=icon)
            for g, icon in GROUPS
        )
        return ChooseView(
            mode="tiles", title=t("flow_choose.title"), hint=t("flow_choose.hint"), tiles=tiles,
            search_label=t("flow_choose.search"),
        )  # fmt: skip

    def row(self, p: Procedure) -> ProcedureRow:
        return ProcedureRow(
            procedure_id=p.id,
            title=p.short_name if p.short_name != p.name else p.name,
            detail=self.t("flow_choose.row_detail", fee=self.fee_short(p), days=self.days_short(p)),
        )

    def checklist(self, p: Procedure) -> ChecklistView:
        t = self.t
        papers = tuple(
            PaperLine(
                name=x.name, tag=t("flow_checklist.optional") if x.optional else "", note=x.note
            )
            for x in p.papers
        )
        if not papers:
            papers = (PaperLine(name=t("flow_checklist.no_papers")),)
        return ChecklistView(
            title=p.name,
            papers_title=t("flow_checklist.papers_title"),
            papers=papers,
            fee=self.fee_line(p, with_note=False),
            fee_note=p.fee.note,
            days=self.days_line(p),
            continue_label=t("flow_checklist.continue"),
        )

    def question(self, flow: ProcedureFlow) -> QuestionView:
        s = flow.state
        assert s.question is not None
        field = flow.field(s.question)
        asked = [f.id for f in flow.asked_fields()]
        value = flow.value(field.id)
        old = ""
        if field.kind is FieldKind.ADDRESS and isinstance(value, str):
            old, value = value, None  # the card's old address: the picker offers new units
        if self._words is None:
            self._words = FormWords.from_prompts(self._prompts)
        rule = field.validation
        today = flow.today()
        max_date = today if rule.past_only or rule.min_age_years or rule.max_age_days else None
        if rule.min_age_years:
            max_date = _years_before(today, rule.min_age_years)
        min_date = today - timedelta(days=rule.max_age_days) if rule.max_age_days else None
        extra: dict[str, object] = {}
        if max_date is not None:
            extra["max_date"] = max_date
        if min_date is not None:
            extra["min_date"] = min_date
        if rule.max_age_days:
            extra["start_date"] = today
        if rule.max_length:
            extra["max_length"] = rule.max_length
        if rule.max_value is not None:
            extra["max_digits"] = max(1, len(str(rule.max_value)))
        return QuestionView(
            field_id=field.id,
            kind=field.kind,
            question=field.question,
            words=self._words,
            hint=field.hint,
            step=self.t("flow_question.step", n=asked.index(field.id) + 1, total=len(asked))
            if field.id in asked
            else "",
            value=value,
            value_text=display(field, value, self.t),
            prefilled=s.confirming,
            choices=tuple(ChoiceItem(label=c.label, value=c.value) for c in field.choices),
            error=self.t(s.error) if s.error and s.error in self._prompts else "",
            capitalize_words=field.prefill_from in NAME_SOURCES or "name" in field.id,
            old_address=old,
            **extra,  # type: ignore[arg-type]
        )

    def review(self, flow: ProcedureFlow) -> ReviewView:
        t = self.t
        rows = []
        for f in flow.asked_fields():
            shown = display(f, flow.value(f.id), t) if flow.answered(f.id) else ""
            rows.append(
                ReviewRow(
                    field_id=f.id,
                    question=f.question,
                    answer=shown or t("flow_review.empty_answer"),
                    edit_label=t("flow_review.edit"),
                )
            )
        papers = flow.state.papers
        copied = [x for x in papers if x.ref]
        proc = flow.procedure
        note = ""
        if proc is not None and proc.papers:
            note = (
                t("flow_review.papers_copied", count=len(copied))
                if copied
                else t("flow_review.papers_counter")
            )
        return ReviewView(
            title=t("flow_review.title"),
            hint=t("flow_review.hint"),
            rows=tuple(rows),
            papers=note,
            continue_label=t("flow_review.continue"),
            page_template=self._prompts.get("forms.page").text,  # the screen fills in the page
        )

    def consent(self, flow: ProcedureFlow, p: Procedure) -> ConsentView:
        t = self.t
        declined = flow.state.consent == "declined"
        copied = any(x.ref for x in flow.state.papers)
        return ConsentView(
            title=t("flow_consent.title"),
            points=(
                t("flow_consent.what" if copied else "flow_consent.what_no_papers"),
                t("flow_consent.to_whom", agency=p.agency, procedure=p.short_name),
                t("flow_consent.purpose"),
                t("flow_consent.kept"),
                t("flow_consent.rights"),
            ),
            agree_label=t("flow_consent.agree"),
            decline_label=t("flow_consent.decline"),
            declined=declined,
            declined_text=t("flow_consent.declined") if declined else "",
        )

    def step_view(self, flow: ProcedureFlow, p: Procedure) -> StepView:
        t = self.t
        s = flow.state
        if s.step is Step.PAPERS:
            lines = (
                t("flow_papers.line"),
                t("flow_papers.counter"),
                *(f"•  {x.name}" for x in p.papers),
            )
            return StepView(
                step="papers", title=t("flow_papers.title"), lines=lines,
                actions=(StepAction(action="continue", label=t("flow_papers.continue")),),
            )  # fmt: skip
        if s.step is Step.SUBMIT:
            if s.submit == "failed":
                return StepView(
                    step="submit",
                    title=t("flow_submit.failed"),
                    lines=(t("flow_submit.failed_hint"),),
                    actions=(StepAction(action="retry", label=t("flow_submit.retry")),),
                )
            return StepView(step="submit", title=t("flow_submit.sending"))
        if s.step is Step.RECEIPT:
            out = s.outcome
            sent = out is not None and out.sent
            code = out.dossier_code if out is not None else None
            lines = (
                t("flow_receipt.procedure", name=p.name),
                t("flow_receipt.code", code=code) if sent and code else t("flow_receipt.no_code"),
                t("flow_receipt.days", days=self.days_short(p)),
                *(() if sent else (t("flow_receipt.counter"),)),
            )
            notice = t(
                "flow_receipt.notice_not_printed" if sent else "flow_receipt.notice_not_sent"
            )
            if out is not None and out.prompt_id and out.prompt_id in self._prompts:
                notice = t(out.prompt_id)  # what happened to the dossier, in its own words
            return StepView(
                step="receipt", title=t("flow_receipt.title"), lines=lines, notice=notice,
                actions=(StepAction(action="continue", label=t("flow_receipt.continue")),),
            )  # fmt: skip
        faces = [
            StepAction(action=f"rate_{n}", label=t(f"flow_rating.rate_{n}"))
            for n in (5, 4, 3, 2, 1)
        ]
        actions = (*faces, StepAction(action="skip", label=t("flow_rating.skip")))
        return StepView(step="rating", title=t("flow_rating.title"), actions=actions)

    # ---- fee and time words ----------------------------------------------------------------

    def fee_line(self, p: Procedure, *, with_note: bool = True) -> str:
        f = p.fee
        if f.per_page_vnd:
            line = self.t("flow_checklist.fee_per_page", amount=money(f.per_page_vnd))
        elif f.amount_vnd:
            line = self.t("flow_checklist.fee", amount=money(f.amount_vnd))
        else:
            line = self.t("flow_checklist.fee_free")
        return f"{line}. {f.note}" if f.note and with_note else line

    def fee_short(self, p: Procedure) -> str:
        f = p.fee
        amount = f.amount_vnd or f.per_page_vnd or 0
        if not amount:
            return self.t("flow_checklist.short_free")
        return self.t("flow_checklist.short_fee", amount=money(amount))

    def days_line(self, p: Procedure) -> str:
        if p.processing_days == 0:
            return self.t("flow_checklist.days_same_day")
        return self.t("flow_checklist.days", days=p.processing_days)

    def days_short(self, p: Procedure) -> str:
        if p.processing_days == 0:
            return self.t("flow_checklist.short_same_day")
        return self.t("flow_checklist.short_days", days=p.processing_days)


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
