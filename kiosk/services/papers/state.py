"""What the papers step knows, as frozen values the UI renders and the flow reads."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from kiosk.domain.procedure import Paper


class PaperStatus(StrEnum):
    MISSING = "missing"  # nothing scanned yet
    SCANNING = "scanning"  # some pages, not packed yet
    DONE = "done"  # packed into its PDF
    AT_COUNTER = "at_counter"  # optional; the citizen brings it to the counter instead
    # the machine could not copy it (a fault trying again cannot fix: the camera too coarse,
    # the paper too large to send); the citizen hands it to the staff at the counter
    STAFF = "staff"


@dataclass(frozen=True, slots=True)
class PaperState:
    paper: Paper
    status: PaperStatus
    pages: int  # pages scanned (and, when DONE, packed)
    size_bytes: int = 0  # of the packed PDF, when DONE
    min_effective_dpi: int = 0  # of the packed PDF, when DONE

    @property
    def settled(self) -> bool:
        return self.status in (PaperStatus.DONE, PaperStatus.AT_COUNTER, PaperStatus.STAFF)


@dataclass(frozen=True, slots=True)
class PapersState:
    items: tuple[PaperState, ...]
    current: int | None  # index of the paper being scanned; None when all are settled

    @property
    def missing_required(self) -> tuple[str, ...]:
        """Ids of required papers neither packed nor handed to the staff, in checklist order."""
        return tuple(
            item.paper.id
            for item in self.items
            if not item.paper.optional and item.status not in (PaperStatus.DONE, PaperStatus.STAFF)
        )

    @property
    def for_the_counter(self) -> tuple[str, ...]:
        """Ids of papers the citizen shows at the counter (the receipt and the clerk list them)."""
        return tuple(
            item.paper.id
            for item in self.items
            if item.status in (PaperStatus.AT_COUNTER, PaperStatus.STAFF)
        )

    @property
    def complete(self) -> bool:
        """Every required paper is packed and every optional one is packed or left out."""
        return all(item.settled for item in self.items)

    @property
    def current_item(self) -> PaperState | None:
        return None if self.current is None else self.items[self.current]


@dataclass(frozen=True, slots=True)
class Outcome:
    """The answer to a citizen's action: `prompt_id` is what to say (a problem or the next step);
    `detail` is English for the log, never personal data."""

    ok: bool
    prompt_id: str
    detail: str = ""
    retryable: bool = True  # a problem trying again may fix; else the paper goes to the staff


@dataclass(frozen=True, slots=True)
class SubmittedPaper:
    """A packed paper handed over to the submission (outbox): it now owns the file."""

    paper_id: str
    name: str
    path: Path
    pages: int
    size_bytes: int
