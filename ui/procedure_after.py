"""Submit → receipt → rating, wired to the procedure flow (issue 9; issue 7's receipt step and
TRACK's rating screen). Owned by the ProcedureController once `attach_submission` was called;
without it the steps keep their honest placeholders ("CHƯA gửi đi").

    SUBMIT   SubmitStep on its worker → flow.submitted(outcome) | flow.submit_failed(prompt)
    RECEIPT  ReceiptController.print_receipt(receipt) (printer worker) → done → receipt_done
    RATING   RatingController.start(local_id) → rated(score | None) → flow.rated → goodbye

Only the portal's answer makes a receipt "received"; a dossier still in the outbox prints as
pending with its local reference. Practice sessions submit to a PracticePortal (nothing leaves
the kiosk, nothing is written) and their receipt is marked as practice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from kiosk.domain.receipt import Receipt, ReceiptError
from kiosk.flows.procedure_flow import ProcedureFlow, Step, SubmitOutcome
from kiosk.flows.session import SessionFlow
from kiosk.ports.clock import Clock
from kiosk.prompts import PromptCatalogue
from ui.procedure_submit import PORTAL_HOLD, SubmitAnswer, SubmitStep, build_receipt

if TYPE_CHECKING:
    from kiosk.ports.portal import Portal
    from ui.rating_controller import RatingController
    from ui.receipt_controller import ReceiptController

log = logging.getLogger(__name__)

SENT = "submit.sent"  # what the receipt step's fallback says: the portal has it
PENDING = "submit.pending"  # in the outbox, the sender keeps trying
PRACTICE = "submit.practice"  # practice: nothing was sent
FAILED = "flow_submit.failed"
PROMPT_IDS = (SENT, PENDING, PRACTICE, FAILED)


class AfterSubmit(QObject):
    changed = Signal()  # the receipt or rating view changed: re-render

    def __init__(
        self,
        flow: ProcedureFlow,
        session: SessionFlow,
        submit: SubmitStep,
        receipt: ReceiptController,
        rating: RatingController,
        prompts: PromptCatalogue,
        clock: Clock,
        ward: str,
        kiosk_id: str,
        practice_portal: Callable[[], Portal] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        prompts.require(PROMPT_IDS)
        self._flow, self._session, self._submit = flow, session, submit
        self.receipt, self.rating = receipt, rating
        self._prompts, self._clock, self._ward, self._kiosk_id = prompts, clock, ward, kiosk_id
        self._practice_factory = practice_portal
        self._practice: Any = None  # this session's PracticePortal
        self._holding = False
        self.local_id: str | None = None
        self.last_receipt: Receipt | None = None
        self.printed = False  # the printer confirmed this session's receipt (for the goodbye)
        self._papers_result: object | None = None
        submit.answered.connect(self._on_answered)
        submit.failed.connect(self._on_failed)
        receipt.done.connect(self._on_receipt_done)
        receipt.view_changed.connect(self._on_receipt_view)
        rating.rated.connect(self._on_rated)

    @property
    def practice(self) -> bool:
        s = self._session.session
        return s is not None and bool(getattr(s, "practice", False))

    @property
    def outbox(self) -> Any:
        return self._submit.outbox

    # ---- steps -----------------------------------------------------------------------------

    def start_submit(self, papers_result: object | None) -> None:
        flow = self._flow
        s = flow.state
        if s.step is not Step.SUBMIT or s.submit != "sending" or self._submit.busy:
            return
        proc, session = flow.procedure, self._session.session
        if proc is None or session is None:
            flow.submit_failed(FAILED)
            return
        self._papers_result = papers_result
        practice = None
        files: dict[str, Path] = {}
        if self.practice and self._practice_factory is not None:
            if self._practice is None:
                self._practice = self._practice_factory()
            practice = self._practice
        elif papers_result is not None:
            service = getattr(papers_result, "service", None)
            if service is not None:
                files = {p.paper_id: p.path for p in service.keep_for_submission()}
        started = self._submit.submit(
            flow.dossier(), proc, session.identity, files, str(session.id), practice=practice
        )
        if not started:
            flow.submit_failed(FAILED)
            return
        self._session.hold_for_device(PORTAL_HOLD)  # no idle time while it is handed over
        self._holding = True

    def entered(self, step: Step) -> None:
        """The flow moved to `step` (after the screen was rendered): start what it needs."""
        if step is Step.RECEIPT and self.last_receipt is not None and not self.receipt.active:
            session = self._session.session
            large = session is not None and session.big_text
            self.receipt.last_outcome = None  # this receipt's outcome, not the last session's
            self.receipt.print_receipt(self.last_receipt, large=large)
        elif step is Step.RATING and not self.rating.active:
            self.rating.start(None if self.practice else self.local_id)

    def view(self, step: Step) -> tuple[str, object] | None:
        if step is Step.RECEIPT and self.last_receipt is not None:
            return "receipt", self.receipt.view()
        if step is Step.RATING:
            return "rating", self.rating.view()
        return None

    def speaks_itself(self, step: Step) -> bool:
        return step is Step.RATING or (step is Step.RECEIPT and self.last_receipt is not None)

    def wipe(self) -> None:
        self._release()
        self.receipt.reset()
        self.rating.reset()
        self.local_id, self.last_receipt, self._papers_result = None, None, None
        if self._practice is not None:
            self._practice.close()
            self._practice = None

    def new_session(self) -> None:
        self.printed = False

    def close(self) -> None:
        self.wipe()
        self._submit.close()
        self.receipt.close()
        self.rating.close()

    # ---- answers ---------------------------------------------------------------------------

    def _on_answered(self, answer: SubmitAnswer) -> None:
        self._release()
        flow, proc, session = self._flow, self._flow.procedure, self._session.session
        if flow.step is not Step.SUBMIT or proc is None or session is None:
            log.info("submit: answer for %s arrived after the session moved on", answer.local_id)
            return
        self.local_id = None if answer.practice else answer.local_id
        identity = session.identity
        names = {p.id: p.name for p in proc.papers}
        papers = tuple(names.get(r.paper_id, r.paper_id) for r in flow.state.papers if r.ref)
        receipt = None
        if identity is not None:
            try:
                receipt = build_receipt(
                    answer, proc, identity, flow.dossier().consent_at, self._ward,
                    self._kiosk_id, papers,
                )  # fmt: skip
                if answer.practice:
                    from kiosk.flows.practice import mark_practice

                    receipt = mark_practice(receipt, self._prompts)
            except (ReceiptError, ValueError) as exc:  # the dossier is submitted all the same
                log.error("submit: no receipt for %s: %s", answer.local_id, exc)
                receipt = None
        self.last_receipt = receipt
        prompt = PRACTICE if answer.practice else (SENT if answer.acked else PENDING)
        flow.submitted(
            SubmitOutcome(
                sent=answer.acked and not answer.practice,
                dossier_code=answer.dossier_code or None,
                prompt_id=prompt,
            )
        )

    def _on_failed(self, detail: str) -> None:
        self._release()
        log.error("submit: not submitted: %s", detail)
        self._flow.submit_failed(FAILED)

    def _on_receipt_view(self) -> None:
        if self._flow.step is Step.RECEIPT:
            outcome = self.receipt.last_outcome  # known as soon as the printer answered: a
            self.printed = outcome is not None and outcome.printed  # timeout then still says it
        self.changed.emit()

    def _on_receipt_done(self) -> None:
        outcome = self.receipt.last_outcome
        self.printed = outcome is not None and outcome.printed
        self._flow.receipt_done(printed=self.printed)

    def _on_rated(self, score: object) -> None:
        self._flow.rated(score if isinstance(score, int) else None)

    def _release(self) -> None:
        if self._holding:
            self._holding = False
            self._session.release_device(PORTAL_HOLD)
