"""The sender: a plain thread that delivers due dossiers to the portal, one at a time.

Steps of one delivery, each committed before the next (the SIGKILL test stops the process after
each): claim (pending → sending) → portal.submit → acknowledge (code, date; form cleared) →
papers deleted. A crash anywhere leaves the dossier 'sending' or 'pending'; `Outbox.recover`
makes it due again and the resend carries the same idempotency key, so the portal answers with
the code it gave the first time.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import timedelta

import msgspec

from kiosk.ports.clock import Clock
from kiosk.ports.portal import Portal, PortalOffline, PortalRejected
from kiosk.services.outbox.backoff import Backoff
from kiosk.services.outbox.folder import PapersDamaged
from kiosk.services.outbox.outbox import Outbox
from kiosk.store.outbox_repository import DueDossier

log = logging.getLogger("kiosk.outbox")

STEPS = ("claimed", "submitted", "acked", "cleaned")
Observer = Callable[[str, str], None]  # (step, local id)


class OutboxSender:
    def __init__(
        self,
        outbox: Outbox,
        portal: Portal,
        clock: Clock,
        backoff: Backoff | None = None,
        *,
        batch: int = 10,
        idle_s: float = 30.0,
        observer: Observer | None = None,
    ) -> None:
        if batch < 1 or idle_s <= 0:
            raise ValueError("batch must be >= 1 and idle_s > 0")
        self._outbox = outbox
        self._repo = outbox.repository
        self._portal = portal
        self._clock = clock
        self._backoff = backoff or Backoff()
        self._batch = batch
        self._idle_s = idle_s
        self._observer = observer
        self._signal = threading.Event()  # new dossier or close(): look again now
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        outbox.add_listener(self._signal.set)

    def start(self) -> None:
        with self._lock:
            if self._stopping.is_set():
                raise RuntimeError("sender was closed")
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="kiosk-outbox", daemon=True)
                self._thread.start()

    def close(self, timeout_s: float = 30.0) -> None:
        """Stop after the delivery in progress (idempotent). A dossier cut off mid-send stays
        'sending' and is resent after restart."""
        self._stopping.set()
        self._signal.set()
        with self._lock:
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout_s)
            if thread.is_alive():
                log.warning("outbox sender still busy after %.0f s; left behind", timeout_s)

    def wake(self) -> None:
        self._signal.set()

    def deliver_due(self) -> int:
        """Try every dossier due now (one batch at a time); returns how many were tried."""
        tried = 0
        while not self._stopping.is_set():
            due = self._repo.due(self._batch, self._clock.now())
            if not due:
                break
            for item in due:
                if self._stopping.is_set():
                    break
                self._deliver(item)
                tried += 1
        if not self._stopping.is_set():
            self.send_ratings()
        return tried

    def send_ratings(self) -> int:
        """Send the ratings given after submission; stops at the first network failure (they
        wait for the next pass). Returns how many were sent."""
        sent = 0
        for local_id, code, score in self._repo.ratings_due(self._batch):
            try:
                self._portal.rate(code, score)
            except PortalRejected as exc:  # dossier unknown there: nothing will change that
                log.warning("rating of dossier %s refused: %s", local_id, exc)
                self._repo.rating_sent(local_id, score, self._clock.now(), outcome="refused")
                continue
            except Exception as exc:
                log.info("rating of dossier %s not sent yet: %s", local_id, exc)
                break
            self._repo.rating_sent(local_id, score, self._clock.now())
            sent += 1
        return sent

    # --- internals --------------------------------------------------------------------------

    def _run(self) -> None:
        log.info("outbox sender started")
        while not self._stopping.is_set():
            try:
                self.deliver_due()
                wait = self._idle_s
                due_at = self._repo.next_due_at()
                if due_at is not None:
                    wait = min(wait, max(0.0, (due_at - self._clock.now()).total_seconds()))
            except Exception:  # the store itself failing (disk full): try again later
                log.exception("outbox sender pass failed")
                wait = self._backoff.base_s
                self._release_claims()
            if wait > 0:
                self._clock.wait(wait, self._signal)
            self._signal.clear()
        log.info("outbox sender stopped")

    def _release_claims(self) -> None:
        """A pass broke off mid-delivery: what it claimed is due again (this is the only
        sender of this store, so anything 'sending' now is stale)."""
        try:
            self._repo.requeue_interrupted(self._clock.now())
        except Exception:
            log.exception("could not release the outbox's claims; they wait for a restart")

    def _observe(self, step: str, local_id: str) -> None:
        if self._observer is not None:
            self._observer(step, local_id)

    def _deliver(self, due: DueDossier) -> None:
        local_id = due.local_id
        if not self._repo.claim(local_id, self._clock.now()):
            return
        self._observe("claimed", local_id)
        try:
            submission = self._outbox.submission(due)
        except (PapersDamaged, msgspec.DecodeError, msgspec.ValidationError) as exc:
            log.error("dossier %s cannot be rebuilt: %s", local_id, exc)
            self._failed(due, "damaged", exc, retry=False)
            return
        rating = submission.rating
        try:
            ack = self._portal.submit(submission)
        except PortalRejected as exc:
            log.error("portal rejected dossier %s: %s", local_id, exc)
            self._failed(due, "rejected", exc, retry=False)
            return
        except PortalOffline as exc:
            log.info("portal unreachable for dossier %s: %s", local_id, exc)
            self._failed(due, "offline", exc, retry=True)
            return
        except Exception as exc:  # an adapter bug must not lose the dossier: retry later
            log.exception("portal adapter failed on dossier %s", local_id)
            self._failed(due, "error", exc, retry=True)
            return
        finally:
            del submission  # the papers' bytes: do not keep them while waiting
        self._observe("submitted", local_id)
        self._repo.acknowledge(
            local_id, ack.dossier_code, ack.appointment_date, self._clock.now(), rating_sent=rating
        )
        self._outbox.notify_changed()
        log.info("dossier %s acknowledged as %s", local_id, ack.dossier_code)
        self._observe("acked", local_id)
        if self._outbox.folder.delete(local_id):
            self._repo.record_files_deleted(local_id, self._clock.now())
        self._observe("cleaned", local_id)

    def _failed(self, due: DueDossier, outcome: str, exc: Exception, *, retry: bool) -> None:
        now = self._clock.now()
        retry_at = None
        if retry:
            retry_at = now + timedelta(seconds=self._backoff.delay(due.attempts + 1))
        error = f"{type(exc).__name__}: {exc}"
        self._repo.attempt_failed(due.local_id, outcome, error, now, retry_at)
        self._outbox.notify_changed()
