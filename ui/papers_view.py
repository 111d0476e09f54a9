"""The papers screen's view model, worded from the prompt catalogue, and its builder.

Frozen; holds small QImages (thumbnails, the preview picture) made off the GUI thread — QImage,
unlike QPixmap, may be built on any thread. Nothing here touches a widget.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtGui import QImage

from kiosk.prompts import PromptCatalogue
from kiosk.services.papers import PapersState, PaperState, PaperStatus


class Phase(StrEnum):
    CAPTURE = "capture"  # place a page, scan it; retake; done
    BUSY = "busy"  # scanning or packing: every button waits
    RETURN_ORIGINAL = "return_original"  # "Mời ông/bà nhận lại bản gốc", then the next paper
    AT_COUNTER = "at_counter"  # "bring this paper to the counter" (or to the staff), then next
    FINISHED = "finished"  # every paper settled


@dataclass(frozen=True, slots=True)
class ChecklistRow:
    paper_id: str
    name: str
    mark: str  # "(nếu có)" for an optional paper
    status_text: str  # "Chưa chụp", "Đã chụp 2 trang · 84 KB", …
    status: PaperStatus
    current: bool


@dataclass(frozen=True, slots=True)
class PapersView:
    phase: Phase
    title: str  # the current paper's name, or the step title
    message: str  # the instruction, or the problem in plain words
    problem: bool
    page_counter: str  # "Trang 1/4"
    checklist_title: str
    checklist: tuple[ChecklistRow, ...]
    scroll_up_label: str  # the checklist's scroll buttons, shown when the rows overflow
    scroll_down_label: str
    thumbnails: tuple[QImage, ...]  # the current paper's pages, in order
    preview: QImage | None  # live camera frame (outline drawn) or the last page scanned
    capture_label: str  # "Chụp trang"; "Thử lại" after a problem; "Nhờ cán bộ" if retry can't help
    retake_label: str
    done_label: str
    counter_label: str
    next_label: str
    can_capture: bool
    can_retake: bool
    can_finish: bool
    can_counter: bool  # only for an optional paper
    can_next: bool


WORD_JOINER = "\u2060"


def unbroken(text: str) -> str:
    """Keep "ông/bà" on one line: Qt would break after the slash ("ông/" … "bà")."""
    return text.replace("/", "/" + WORD_JOINER)


def human_size(size: int) -> str:
    """84 KB, 1,2 MB (Vietnamese decimal comma; a no-break space before the unit)."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))}\u00a0KB"  # number and unit on one line
    return f"{size / (1024 * 1024):.1f}\u00a0MB".replace(".", ",")


def checklist_rows(prompts: PromptCatalogue, state: PapersState) -> tuple[ChecklistRow, ...]:
    t = prompts.text
    rows = []
    for index, item in enumerate(state.items):
        if item.status is PaperStatus.DONE:
            status = t("papers.status_done", pages=item.pages, size=human_size(item.size_bytes))
        else:
            status = t(f"papers.status_{item.status.value}")
        rows.append(
            ChecklistRow(
                paper_id=item.paper.id,
                name=item.paper.name,
                # one unit, never split across lines
                mark=t("papers.optional_mark").replace(" ", "\u00a0")
                if item.paper.optional
                else "",
                status_text=status,
                status=item.status,
                current=index == state.current,
            )
        )
    return tuple(rows)


def build_view(
    prompts: PromptCatalogue,
    state: PapersState,
    *,
    phase: Phase,
    message_id: str,
    message_values: dict[str, object],
    problem: bool,
    retry: bool,
    staff: bool = False,
    thumbnails: tuple[QImage, ...],
    preview: QImage | None,
    done: PaperState | None = None,
) -> PapersView:
    """`done`: the paper just packed (summed up while its original goes back) or just left for
    the counter (named while the citizen hears so). `staff`: the last problem cannot be fixed
    by trying again, so the main button hands the paper to the staff."""
    t = prompts.text
    item = state.current_item
    pages = item.pages if item is not None else 0
    max_pages = item.paper.max_pages if item is not None else 0
    capturing = phase is Phase.CAPTURE and item is not None
    title = item.paper.name if item is not None else t("papers.title")
    message = t(message_id, **message_values)
    if phase is Phase.RETURN_ORIGINAL:  # the headline is the request; the paper is named below
        title = message
        message = (
            ""
            if done is None
            else t(
                "papers.saved",
                name=done.paper.name,
                pages=done.pages,
                size=human_size(done.size_bytes),
            )
        )
    elif phase is Phase.AT_COUNTER:  # the request is the headline; which paper, below it
        title = message
        message = "" if done is None else done.paper.name
    elif phase is Phase.FINISHED:
        title = t("papers.title")
    if pages:
        counter = t("papers.page_counter", pages=pages, max_pages=max_pages)
    else:
        counter = t("papers.no_page_yet") if phase is Phase.CAPTURE else ""
    return PapersView(
        phase=phase,
        title=unbroken(title),
        message=unbroken(message),
        problem=problem,
        page_counter=counter,
        checklist_title=t("papers.checklist_title"),
        checklist=checklist_rows(prompts, state),
        scroll_up_label=t("papers.scroll_up"),
        scroll_down_label=t("papers.scroll_down"),
        thumbnails=thumbnails,
        preview=preview,
        capture_label=t("papers.ask_staff")
        if staff
        else t("papers.try_again")
        if retry
        else t("papers.capture"),
        retake_label=t("papers.retake"),
        done_label=t("papers.done"),
        counter_label=t("papers.to_counter"),
        next_label=t("papers.next"),
        can_capture=capturing and (retry or staff or pages < max_pages),
        # after a problem trying again cannot fix, only "Nhờ cán bộ" is offered
        can_retake=capturing and pages > 0 and not staff,
        can_finish=capturing and pages > 0 and not staff,
        can_counter=capturing and item is not None and item.paper.optional and not staff,
        can_next=phase in (Phase.RETURN_ORIGINAL, Phase.AT_COUNTER),
    )
