"""The staff's outbox view: rows from the store (kiosk.services.assisted.outbox_rows) loaded on
a worker, "Gửi lại" through the Outbox service on the same worker (never the GUI thread), then
the rows again. `retried(local_id)` after a retry was queued (the staff mode audits it);
`closed()` on "Đóng"."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from kiosk.ports.clock import Clock
from kiosk.prompts import PromptCatalogue
from kiosk.services.assisted.outbox_rows import OutboxListing, OutboxRow
from ui.screens.staff_outbox import ROWS_PER_PAGE, StaffOutboxScreen
from ui.staff.views import OutboxRowView, OutboxView
from ui.workers import DeviceWorker

log = logging.getLogger(__name__)

_KEYS = (
    "title counts loading empty unavailable row row_state row_error state_pending state_sending "
    "state_acked state_failed retry retried retry_failed close prev next page"
)
PROMPT_IDS = tuple(f"assisted.outbox_{k}" for k in _KEYS.split(" "))
LIMIT = 100


def listing_of(outbox: Any) -> OutboxListing:
    """The listing over the outbox's own store."""
    return OutboxListing(outbox.repository.session_factory)


class _Load:
    def __init__(self, outbox: Any, retry: str | None, clock: Clock) -> None:
        self._outbox, self._retry, self._clock = outbox, retry, clock

    def __call__(self) -> tuple[str | None, list[OutboxRow]]:  # on the worker
        if self._retry is not None:
            self._outbox.repository.retry_now(self._retry, self._clock.now())
            self._outbox.notify_changed()  # the sender wakes for it now
        return self._retry, listing_of(self._outbox).rows(LIMIT)


class OutboxController(QObject):
    retried = Signal(str)  # local id
    closed = Signal()
    changed = Signal()  # the view changed (the staff mode re-renders if shown)

    def __init__(
        self,
        screen: StaffOutboxScreen,
        outbox: Callable[[], Any],
        prompts: PromptCatalogue,
        clock: Clock,
        names: dict[str, str],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        prompts.require(PROMPT_IDS)
        self.screen, self._outbox, self._prompts, self._clock = screen, outbox, prompts, clock
        self._names = names  # procedure code → name
        self._rows: list[OutboxRow] = []
        self._page = 0
        self._message = ""
        self._loading = False
        self._worker = DeviceWorker("staff_outbox", self)
        self._worker.finished.connect(self._on_loaded)
        self._worker.failed.connect(self._on_failed)
        screen.retry_requested.connect(self.on_retry)
        screen.page_requested.connect(self.on_page)
        screen.close_requested.connect(self.on_close)

    @property
    def busy(self) -> bool:
        return self._loading

    def open(self) -> OutboxView:
        self._rows, self._page, self._message = [], 0, ""
        self._load(None)
        return self.render()

    def close(self) -> None:
        self._worker.close()

    # ---- intents ----

    def on_retry(self, local_id: str) -> None:
        if self._loading or not any(r.local_id == local_id and r.can_retry for r in self._rows):
            return
        self._load(local_id)
        self.render()

    def on_page(self, delta: int) -> None:
        self._page = max(0, min(self._pages() - 1, self._page + delta))
        self.render()

    def on_close(self) -> None:
        self._rows, self._message = [], ""
        self.screen.reset()
        self.closed.emit()

    # ---- worker ----

    def _load(self, retry: str | None) -> None:
        outbox = self._outbox()
        if outbox is None:
            self._message = self._prompts.text("assisted.outbox_unavailable")
            return
        self._loading = True
        self._worker.submit("retry" if retry else "list", _Load(outbox, retry, self._clock))

    def _on_loaded(self, job: str, result: object) -> None:
        self._loading = False
        assert isinstance(result, tuple)
        retried, rows = result
        self._rows = list(rows)
        self._page = min(self._page, self._pages() - 1)
        if retried is not None:
            ref = next((r.reference for r in self._rows if r.local_id == retried), "")
            self._message = self._prompts.text("assisted.outbox_retried", reference=ref)
            self.retried.emit(retried)
        self.render()
        self.changed.emit()

    def _on_failed(self, job: str, detail: str) -> None:
        self._loading = False
        log.error("staff outbox: %s failed: %s", job, detail)
        key = "assisted.outbox_retry_failed" if job == "retry" else "assisted.outbox_unavailable"
        self._message = self._prompts.text(key)
        self.render()
        self.changed.emit()

    # ---- view ----

    def _pages(self) -> int:
        return max(1, math.ceil(len(self._rows) / ROWS_PER_PAGE))

    def view(self) -> OutboxView:
        t = self._prompts.text
        counts = {"pending": 0, "sent": 0, "failed": 0}
        for r in self._rows:
            key = {"acked": "sent", "sending": "pending"}.get(r.state, r.state)
            counts[key] = counts.get(key, 0) + 1
        start = self._page * ROWS_PER_PAGE
        rows = tuple(self._row(r) for r in self._rows[start : start + ROWS_PER_PAGE])
        message = self._message
        if not message and self._loading:
            message = t("assisted.outbox_loading")
        elif not message and not self._rows:
            message = t("assisted.outbox_empty")
        pages = self._pages()
        return OutboxView(
            title=t("assisted.outbox_title"),
            counts=t("assisted.outbox_counts", **counts),
            message=message,
            rows=rows,
            page=t("assisted.outbox_page", page=self._page + 1, pages=pages) if pages > 1 else "",
            prev_label=t("assisted.outbox_prev") if self._page > 0 else "",
            next_label=t("assisted.outbox_next") if self._page < pages - 1 else "",
            close_label=t("assisted.outbox_close"),
        )

    def _row(self, r: OutboxRow) -> OutboxRowView:
        t = self._prompts.text
        state = t(f"assisted.outbox_state_{r.state}")
        if r.error_class and r.state != "acked":
            detail = t("assisted.outbox_row_error", state=state, attempts=r.attempts,
                       error=r.error_class)  # fmt: skip
        else:
            detail = t("assisted.outbox_row_state", state=state, attempts=r.attempts)
        name = self._names.get(r.procedure_code, r.procedure_code)
        return OutboxRowView(
            local_id=r.local_id,
            title=t("assisted.outbox_row", reference=r.reference, procedure=name),
            detail=detail,
            failed=r.state == "failed",
            retry_label=t("assisted.outbox_retry") if r.can_retry and not self._loading else "",
        )

    def render(self) -> OutboxView:
        view = self.view()
        self.screen.show_view(view)
        return view
