"""The papers step of one session: a checklist of the procedure's papers, pages attached to it,
each paper packed into one PDF when the citizen says "Xong".

Nothing a citizen did is lost on a problem: a refused page leaves the earlier pages as they
were, a failed retake keeps the old page, a paper too large keeps its pages for a retake, and a
multi-page scan that broke off keeps the pages it got. Every problem comes back as an Outcome
with the prompt id of a short spoken message.

Thread-safe (one lock): the UI runs these calls on a device worker, since adding a page and
packing a paper encode images (tens of milliseconds each).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from kiosk.domain.procedure import Paper, Procedure
from kiosk.ports.document_scanner import ScanError, ScannedPage
from kiosk.ports.paper_packer import (
    DEFAULT_MAX_BYTES,
    MIN_EFFECTIVE_DPI,
    PackedPaper,
    PaperPacker,
    PaperTooLarge,
)
from kiosk.services.papers import prompts as p
from kiosk.services.papers.folder import SessionFolder, StoredPage
from kiosk.services.papers.state import (
    Outcome,
    PapersState,
    PaperState,
    PaperStatus,
    SubmittedPaper,
)

log = logging.getLogger(__name__)


@dataclass(slots=True)
class _Item:
    paper: Paper
    status: PaperStatus = PaperStatus.MISSING
    pages: list[StoredPage] = field(default_factory=list)
    packed: PackedPaper | None = None
    pdf: Path | None = None

    def view(self) -> PaperState:
        packed = self.packed
        return PaperState(
            paper=self.paper,
            status=self.status,
            pages=packed.pages if packed else len(self.pages),
            size_bytes=packed.size_bytes if packed else 0,
            min_effective_dpi=packed.min_effective_dpi if packed else 0,
        )


class PapersService:
    def __init__(
        self,
        procedure: Procedure,
        folder: Path,
        packer: PaperPacker,
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        min_dpi: int = MIN_EFFECTIVE_DPI,
    ) -> None:
        if max_bytes <= 0:
            raise ValueError(f"max_bytes must be positive, got {max_bytes}")
        self._folder = SessionFolder(folder)
        self._packer = packer
        self._max_bytes = max_bytes
        self._min_dpi = min_dpi
        self._items = [_Item(paper) for paper in procedure.papers]
        self._current: int | None = 0 if self._items else None
        self._lock = threading.Lock()
        self._kept: frozenset[Path] | None = None
        self._wiped = False

    @property
    def folder(self) -> Path:
        return self._folder.path

    @property
    def state(self) -> PapersState:
        with self._lock:
            return self._state()

    # ---- choosing the paper ---------------------------------------------------------------

    def select(self, paper_id: str) -> PapersState:
        """Make `paper_id` the current paper (a DONE paper is scanned again from scratch)."""
        with self._lock:
            index = self._index(paper_id)
            item = self._items[index]
            if item.status in (PaperStatus.DONE, PaperStatus.AT_COUNTER, PaperStatus.STAFF):
                self._forget_pdf(item)
                item.status = PaperStatus.MISSING
            self._current = index
            return self._state()

    def bring_to_counter(self) -> Outcome:
        """The citizen will show the current (optional) paper at the counter instead."""
        with self._lock:
            item = self._current_item()
            if item is None:
                return Outcome(False, p.ALL_DONE, "no paper is open")
            if not item.paper.optional:
                return Outcome(False, p.REQUIRED, f"{item.paper.id} is required")
            for stored in item.pages:
                self._folder.drop_page(stored)
            item.pages.clear()
            item.status = PaperStatus.AT_COUNTER
            self._advance()
            return Outcome(True, p.AT_COUNTER, item.paper.id)

    def hand_to_staff(self) -> Outcome:
        """The machine cannot copy the current paper (after a problem that is not retryable):
        the citizen hands it to the staff at the counter, required or not. Its pages go."""
        with self._lock:
            item = self._current_item()
            if item is None:
                return Outcome(False, p.ALL_DONE, "no paper is open")
            for stored in item.pages:
                self._folder.drop_page(stored)
            item.pages.clear()
            item.status = PaperStatus.STAFF
            log.warning(
                "papers: %s handed to the staff (the kiosk could not copy it)", item.paper.id
            )
            self._advance()
            return Outcome(True, p.FOR_STAFF, item.paper.id)

    # ---- pages ----------------------------------------------------------------------------

    def add_page(self, page: ScannedPage) -> Outcome:
        with self._lock:
            item = self._current_item()
            if item is None:
                return Outcome(False, p.ALL_DONE, "no paper is open")
            if len(item.pages) >= item.paper.max_pages:
                return Outcome(
                    False, p.TOO_MANY_PAGES, f"{item.paper.id}: {item.paper.max_pages} pages max"
                )
            problem = self._check(page)
            if problem is not None:
                return problem
            item.pages.append(self._folder.store_page(item.paper.id, page))
            item.status = PaperStatus.SCANNING
            return Outcome(True, p.PAGE_ADDED, f"{item.paper.id}: page {len(item.pages)}")

    def replace_last(self, page: ScannedPage) -> Outcome:
        """Retake: the new page takes the last page's place (or is the first page)."""
        with self._lock:
            item = self._current_item()
            if item is None:
                return Outcome(False, p.ALL_DONE, "no paper is open")
            problem = self._check(page)
            if problem is not None:
                return problem  # the old page stays
            stored = self._folder.store_page(item.paper.id, page)
            if item.pages:
                self._folder.drop_page(item.pages.pop())
            item.pages.append(stored)
            item.status = PaperStatus.SCANNING
            return Outcome(True, p.PAGE_REPLACED, f"{item.paper.id}: page {len(item.pages)}")

    def scan_failed(self, error: Exception) -> Outcome:
        """A scan broke off: keep the pages it got (multi-page), say what the scanner said."""
        partial: Sequence[ScannedPage] = ()
        retryable = True
        if isinstance(error, ScanError):
            prompt, partial, retryable = error.prompt_id, error.pages, error.retryable
        else:
            prompt = p.SCANNER_FAILED
        kept = 0
        for page in partial:
            if not self.add_page(page).ok:
                break
            kept += 1
        log.warning(
            "papers: scan failed (%s: %s), kept %d page(s)", type(error).__name__, error, kept
        )
        return Outcome(
            False, prompt, f"{type(error).__name__}: {error}; kept {kept}", retryable=retryable
        )

    # ---- packing --------------------------------------------------------------------------

    def finish_current(self) -> Outcome:
        """ "Xong": pack the current paper's pages into its PDF and go to the next paper."""
        with self._lock:
            item = self._current_item()
            if item is None:
                return Outcome(False, p.ALL_DONE, "no paper is open")
            if not item.pages:
                return Outcome(False, p.NO_PAGES, f"{item.paper.id}: nothing scanned")
            pages = [self._folder.load_page(stored) for stored in item.pages]
            try:
                packed = self._packer.pack(pages, max_bytes=self._max_bytes)
            except PaperTooLarge as exc:
                log.warning("papers: %s too large: %s", item.paper.id, exc)
                # fewer pages would leave the paper incomplete: the staff copies it instead
                return Outcome(False, p.PAPER_TOO_LARGE, f"{item.paper.id}: {exc}", retryable=False)
            if packed.min_effective_dpi < self._min_dpi:  # pages are checked; belt and braces
                return Outcome(
                    False,
                    p.TOO_COARSE,
                    f"packed at {packed.min_effective_dpi} dpi",
                    retryable=False,
                )
            item.pdf = self._folder.store_pdf(item.paper.id, packed.pdf)
            item.packed = replace(packed, pdf=b"")  # the bytes live in the file, not in memory
            for stored in item.pages:
                self._folder.drop_page(stored)
            item.pages.clear()
            item.status = PaperStatus.DONE
            log.info("papers: %s packed: %r", item.paper.id, item.packed)
            self._advance()
            return Outcome(True, p.TAKE_ORIGINAL_BACK, item.paper.id)

    # ---- end of the session ---------------------------------------------------------------

    def keep_for_submission(self) -> tuple[SubmittedPaper, ...]:
        """Hand the packed PDFs to the submission; `wipe()` then leaves only those files."""
        with self._lock:
            if self._wiped:
                raise RuntimeError("the scan folder was already wiped")
            state = self._state()
            if state.missing_required:
                raise RuntimeError(f"required papers missing: {state.missing_required}")
            papers = tuple(
                SubmittedPaper(i.paper.id, i.paper.name, i.pdf, i.packed.pages, i.packed.size_bytes)
                for i in self._items
                if i.status is PaperStatus.DONE and i.pdf is not None and i.packed is not None
            )
            self._kept = frozenset(paper.path for paper in papers)
            return papers

    def wipe(self) -> None:
        """End of session: delete the scans (all of them unless submitted); idempotent."""
        with self._lock:
            self._folder.wipe(self._kept or frozenset())
            if self._kept is None:
                self._items = [_Item(item.paper) for item in self._items]
                self._current = None
            self._wiped = True

    # ---- inside the lock ------------------------------------------------------------------

    def _check(self, page: ScannedPage) -> Outcome | None:
        """A page the packer cannot put in a paper is refused now, while the citizen still
        holds the paper, rather than at "Xong"."""
        if page.dpi < self._min_dpi:
            log.warning(
                "papers: page at %d dpi < %d: camera or scanner needs a technician",
                page.dpi,
                self._min_dpi,
            )
            return Outcome(
                False, p.TOO_COARSE, f"page at {page.dpi} dpi < {self._min_dpi}", retryable=False
            )
        try:
            self._packer.pack([page], max_bytes=self._max_bytes)
        except PaperTooLarge as exc:
            return Outcome(False, p.PAGE_TOO_LARGE, str(exc))
        except ValueError as exc:
            return Outcome(False, p.PAGE_UNREADABLE, str(exc))
        return None

    def _current_item(self) -> _Item | None:
        if self._wiped or self._current is None:
            return None
        return self._items[self._current]

    def _advance(self) -> None:
        """The next paper not settled, after the current one first, then from the top."""
        n = len(self._items)
        start = 0 if self._current is None else self._current
        for step in range(1, n + 1):
            index = (start + step) % n
            if not self._items[index].view().settled:
                self._current = index
                return
        self._current = None

    def _index(self, paper_id: str) -> int:
        for index, item in enumerate(self._items):
            if item.paper.id == paper_id:
                return index
        raise KeyError(paper_id)

    def _forget_pdf(self, item: _Item) -> None:
        if item.pdf is not None:
            item.pdf.unlink(missing_ok=True)
        item.pdf, item.packed = None, None

    def _state(self) -> PapersState:
        return PapersState(tuple(item.view() for item in self._items), self._current)
