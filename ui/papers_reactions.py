"""What the papers step does when a job comes back: the model's next state and what to say.

Pure decisions on the GUI thread (no signals, no speech, no jobs): `react` updates the StepModel
from a JobResult and returns the Reaction the controller carries out.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.services.papers import prompts as p
from ui.papers_jobs import JobResult
from ui.papers_model import Recovery, StepModel
from ui.papers_view import Phase

PAGE_FULL = "papers.page_full"  # the last page a paper may have: say "Xong", not "next page"


@dataclass(frozen=True, slots=True)
class Reaction:
    prompt_id: str  # what the citizen hears and reads now
    problem: bool = False


def recovery_after(result: JobResult) -> Recovery:
    """The main button after a refused job: "Thử lại" only where trying again can help."""
    if not result.outcome.retryable:
        return Recovery.STAFF
    if not result.outcome.prompt_id.startswith("scanner."):
        return Recovery.NONE  # a page refused by the service: "Chụp trang"/"Chụp lại" as usual
    return Recovery.RETRY_RETAKE if result.kind == "retake" else Recovery.RETRY


def react(model: StepModel, result: JobResult) -> Reaction:
    model.state = result.state
    model.phase = Phase.CAPTURE
    model.advice = None
    if result.kind in ("capture", "retake"):
        model.add_pages(result.images, replace=result.kind == "retake")
    outcome = result.outcome
    if not outcome.ok:
        model.recovery = recovery_after(result)
        return Reaction(outcome.prompt_id, problem=True)
    model.recovery = Recovery.NONE
    if result.kind == "finish":
        model.drop_pages()
        model.remember_settled(result.state)
        model.phase = Phase.RETURN_ORIGINAL
        return Reaction(p.TAKE_ORIGINAL_BACK)
    if result.kind in ("counter", "staff"):  # the citizen keeps this paper for the counter
        model.drop_pages()
        model.remember_settled(result.state)
        model.phase = Phase.AT_COUNTER
        return Reaction(outcome.prompt_id)  # papers.at_counter / papers.for_staff
    item = result.state.current_item
    full = item is not None and item.pages >= item.paper.max_pages
    return Reaction(PAGE_FULL if full and result.kind == "capture" else outcome.prompt_id)
