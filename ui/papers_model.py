"""What the papers screen shows right now, kept on the GUI thread, and the view built from it.

The controller changes this model (a job finished, a frame arrived, an intent) and publishes
`model.view(prompts)`; nothing here speaks, runs jobs or touches a widget.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from PySide6.QtGui import QImage

from kiosk.prompts import PromptCatalogue
from kiosk.services.papers import PapersState, PaperState
from kiosk.services.papers import prompts as p
from ui.papers_view import PapersView, Phase, build_view


class Recovery(StrEnum):
    """What the main button does after a problem."""

    NONE = "none"  # "Chụp trang"
    RETRY = "retry"  # "Thử lại": scan again
    RETRY_RETAKE = "retry_retake"  # "Thử lại": the retake that failed, again
    STAFF = "staff"  # "Nhờ cán bộ": trying again cannot help; the paper goes to the counter


@dataclass(slots=True)
class StepModel:
    state: PapersState | None = None
    phase: Phase = Phase.CAPTURE
    recovery: Recovery = Recovery.NONE
    thumbs: list[QImage] = field(default_factory=list)
    preview: QImage | None = None
    advice: str | None = None  # the camera advice last spoken
    message: tuple[str, bool] = (p.PLACE_PAPER, False)  # prompt id, is it a problem
    settled: PaperState | None = None  # the paper just packed or left for the counter
    settling: str | None = None  # the paper "Xong" / "Mang đến quầy" was pressed for

    def clear(self) -> None:
        """Forget everything of the citizen (thumbnails and frames show their papers)."""
        self.state = None
        self.phase = Phase.CAPTURE
        self.recovery = Recovery.NONE
        self.thumbs = []
        self.preview = None
        self.advice = None
        self.message = (p.PLACE_PAPER, False)
        self.settled = None
        self.settling = None

    def drop_pages(self) -> None:
        self.thumbs, self.preview = [], None

    def add_pages(self, images: tuple[tuple[QImage, QImage], ...], replace: bool) -> None:
        """(thumbnail, big picture) per page scanned; a retake replaces the last thumbnail."""
        for thumb, big in images:
            if replace and self.thumbs:
                self.thumbs[-1] = thumb
            else:
                self.thumbs.append(thumb)
            self.preview = big

    def remember_settled(self, state: PapersState) -> None:
        """The paper `settling` names, as it is now in `state` (for the pause screen)."""
        found = [i for i in state.items if i.paper.id == self.settling]
        self.settled = found[0] if found else None

    def values(self) -> dict[str, object]:
        """The placeholders of the papers prompts ({name}, {page}, {max_pages})."""
        item = self.state.current_item if self.state is not None else None
        return {
            "name": item.paper.name if item is not None else "",
            "page": item.pages if item is not None else 0,
            "max_pages": item.paper.max_pages if item is not None else 0,
        }

    def view(self, prompts: PromptCatalogue) -> PapersView | None:
        if self.state is None:
            return None
        prompt_id, problem = self.message
        return build_view(
            prompts,
            self.state,
            phase=self.phase,
            message_id=prompt_id,
            message_values=self.values(),
            problem=problem,
            retry=self.recovery in (Recovery.RETRY, Recovery.RETRY_RETAKE),
            staff=self.recovery is Recovery.STAFF,
            thumbnails=tuple(self.thumbs),
            preview=self.preview,
            done=self.settled if self.phase in (Phase.RETURN_ORIGINAL, Phase.AT_COUNTER) else None,
        )
