"""The sender: acknowledged only on the portal's answer; back-off; exactly once by key."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from devices.simulated.portal import SimulatedPortal
from kiosk.ports.clock import ManualClock
from kiosk.ports.portal import DossierSubmission, PortalOffline, PortalRejected, SubmissionAck
from kiosk.services.outbox import Backoff, Outbox, OutboxSender
from kiosk.services.portal_local.adapter import LocalPortal
from kiosk.store.db import sqlite_url

from .conftest import new_dossier

NO_JITTER = Backoff(base_s=5, factor=2, max_s=600, jitter=0)


@pytest.fixture
def local_portal(tmp_path: Path, clock: ManualClock) -> Iterator[LocalPortal]:
    portal = LocalPortal(
        sqlite_url(tmp_path / "data" / "ward-register.db"),
        clock,
        unit_code="000.00.12.H29",
        kiosk_id="kiosk-unit-01",
    )
    yield portal
    portal.close()


class Scripted:
    """A portal whose next answers are scripted; passes through to `inner` otherwise."""

    def __init__(self, inner: LocalPortal) -> None:
        self.inner = inner
        self.script: list[str] = []
        self.calls = 0

    def health(self):  # type: ignore[no-untyped-def]
        return self.inner.health()

    def status(self, code: str):  # type: ignore[no-untyped-def]
        return self.inner.status(code)

    def close(self) -> None:
        pass

    def submit(self, dossier: DossierSubmission) -> SubmissionAck:
        self.calls += 1
        step = self.script.pop(0) if self.script else "pass"
        if step == "offline":
            raise PortalOffline("network down")
        if step == "reject":
            raise PortalRejected("procedure not offered here")
        if step == "bug":
            raise KeyError("adapter bug")
        ack = self.inner.submit(dossier)
        if step == "lost":  # registered, but the answer never arrives
            raise PortalOffline("connection reset after the request")
        return ack


def test_delivered_acknowledged_and_cleaned(
    outbox: Outbox, local_portal: LocalPortal, clock: ManualClock
) -> None:
    queued = outbox.enqueue(new_dossier())
    sender = OutboxSender(outbox, local_portal, clock, NO_JITTER)
    assert sender.deliver_due() == 1
    done = outbox.delivery(queued.local_id)
    assert done is not None and done.state == "acked"
    assert done.dossier_code == "000.00.12.H29-261123-0001"
    assert done.appointment_date is not None
    assert not (outbox.folder.root / queued.local_id).exists()
    log = outbox.repository.attempt_log(queued.local_id)
    assert len(log) == 1 and "outcome=acked" in log[0]
    # The ward register has the dossier and its paper; the kiosk store no longer has the form.
    assert local_portal.registry.papers(done.dossier_code) == {"giay_chung_sinh": b"%PDF-1.4 paper"}
    assert outbox.repository.due(10, clock.now() + timedelta(days=1)) == []


def test_offline_backs_off_then_delivers(
    outbox: Outbox, local_portal: LocalPortal, clock: ManualClock
) -> None:
    portal = Scripted(local_portal)
    portal.script = ["offline", "offline"]
    queued = outbox.enqueue(new_dossier())
    sender = OutboxSender(outbox, portal, clock, NO_JITTER)

    sender.deliver_due()
    first = outbox.delivery(queued.local_id)
    assert first is not None and (first.state, first.attempts) == ("pending", 1)
    assert outbox.repository.next_due_at() == clock.now() + timedelta(seconds=5)
    assert sender.deliver_due() == 0  # not due yet
    clock.advance(5)
    sender.deliver_due()
    assert outbox.repository.next_due_at() == clock.now() + timedelta(seconds=10)
    clock.advance(10)
    sender.deliver_due()
    done = outbox.delivery(queued.local_id)
    assert done is not None and (done.state, done.attempts) == ("acked", 3)
    assert (outbox.folder.root / queued.local_id).exists() is False
    outcomes = [
        line.split("outcome=")[1].split()[0]
        for line in outbox.repository.attempt_log(queued.local_id)
    ]
    assert outcomes == ["offline", "offline", "acked"]


def test_reply_lost_resend_gets_the_same_code_once(
    outbox: Outbox, local_portal: LocalPortal, clock: ManualClock
) -> None:
    portal = Scripted(local_portal)
    portal.script = ["lost"]
    queued = outbox.enqueue(new_dossier())
    sender = OutboxSender(outbox, portal, clock, NO_JITTER)
    sender.deliver_due()
    assert local_portal.registry.count() == 1  # the portal has it; the kiosk does not know
    assert outbox.delivery(queued.local_id).state == "pending"  # type: ignore[union-attr]
    clock.advance(5)
    sender.deliver_due()
    done = outbox.delivery(queued.local_id)
    assert done is not None and done.state == "acked"
    assert done.dossier_code == "000.00.12.H29-261123-0001"
    assert local_portal.registry.count() == 1


def test_rejected_is_not_retried_and_keeps_papers(
    outbox: Outbox, local_portal: LocalPortal, clock: ManualClock
) -> None:
    portal = Scripted(local_portal)
    portal.script = ["reject"]
    queued = outbox.enqueue(new_dossier())
    sender = OutboxSender(outbox, portal, clock, NO_JITTER)
    sender.deliver_due()
    clock.advance(3600)
    assert sender.deliver_due() == 0
    failed = outbox.delivery(queued.local_id)
    assert failed is not None and failed.state == "failed"
    assert "procedure not offered" in (failed.last_error or "")
    assert (outbox.folder.root / queued.local_id).is_dir()  # staff follow up with the papers
    assert portal.calls == 1
    outbox.repository.retry_now(queued.local_id, clock.now())  # staff: send again
    sender.deliver_due()
    assert outbox.delivery(queued.local_id).state == "acked"  # type: ignore[union-attr]


def test_adapter_bug_is_retried_not_lost(
    outbox: Outbox, local_portal: LocalPortal, clock: ManualClock
) -> None:
    portal = Scripted(local_portal)
    portal.script = ["bug"]
    queued = outbox.enqueue(new_dossier())
    sender = OutboxSender(outbox, portal, clock, NO_JITTER)
    sender.deliver_due()
    assert outbox.delivery(queued.local_id).state == "pending"  # type: ignore[union-attr]
    clock.advance(5)
    sender.deliver_due()
    assert outbox.delivery(queued.local_id).state == "acked"  # type: ignore[union-attr]


def test_damaged_paper_fails_without_calling_the_portal(
    outbox: Outbox, local_portal: LocalPortal, clock: ManualClock
) -> None:
    portal = Scripted(local_portal)
    queued = outbox.enqueue(new_dossier())
    paper = outbox.folder.root / queued.local_id / "giay_chung_sinh.pdf"
    paper.write_bytes(b"%PDF-1.4 tampered")
    OutboxSender(outbox, portal, clock, NO_JITTER).deliver_due()
    failed = outbox.delivery(queued.local_id)
    assert failed is not None and failed.state == "failed"
    assert "checksum" in (failed.last_error or "")
    assert portal.calls == 0


def test_recover_requeues_interrupted_and_sweeps_folders(
    outbox: Outbox, local_portal: LocalPortal, clock: ManualClock
) -> None:
    done = outbox.enqueue(new_dossier())
    OutboxSender(outbox, local_portal, clock, NO_JITTER).deliver_due()
    waiting = outbox.enqueue(new_dossier())
    assert outbox.repository.claim(waiting.local_id, clock.now())  # then the process died
    root = outbox.folder.root
    (root / done.local_id).mkdir()  # crash between ack and deletion
    (root / ".deadbeef.partial").mkdir()  # crash while staging
    (root / "never-committed").mkdir()  # crash between staging and commit
    requeued, removed = outbox.recover()
    assert requeued == [waiting.local_id]
    assert sorted(removed) == sorted([done.local_id, ".deadbeef.partial", "never-committed"])
    assert sorted(os.listdir(root)) == [waiting.local_id]
    assert outbox.delivery(waiting.local_id).state == "pending"  # type: ignore[union-attr]


def test_simulated_portal_works_behind_the_outbox(outbox: Outbox, clock: ManualClock) -> None:
    portal = SimulatedPortal(clock, latency_s=0)
    queued = outbox.enqueue(new_dossier())
    OutboxSender(outbox, portal, clock, NO_JITTER).deliver_due()
    assert outbox.delivery(queued.local_id).dossier_code == "H29.12-261123-0001"  # type: ignore[union-attr]
    assert portal.submissions[0].consent is not None
    assert portal.submissions[0].fields["ho_ten_con"] == "Nguyễn Văn An"


class BlockingClock(ManualClock):
    """A manual clock whose wait blocks on the cancel event (the sender thread sleeps
    until woken) instead of spinning; the time it 'waited' is added afterwards."""

    def wait(self, seconds: float, cancel: threading.Event | None = None) -> bool:
        assert cancel is not None
        cancel.wait()
        return True


def test_thread_delivers_on_enqueue_and_stops(outbox: Outbox, local_portal: LocalPortal) -> None:
    clock = BlockingClock()
    sender = OutboxSender(outbox, local_portal, clock, NO_JITTER, idle_s=3600)
    sender.close()  # before start: harmless
    sender = OutboxSender(outbox, local_portal, clock, NO_JITTER, idle_s=3600)
    sender.start()
    sender.start()  # idempotent
    try:
        queued = outbox.enqueue(new_dossier())
        answered = outbox.wait_answered(queued.local_id, timeout_s=30)
        assert answered is not None and answered.state == "acked"
    finally:
        sender.close()
        sender.close()  # idempotent
    with pytest.raises(RuntimeError):
        sender.start()


def test_wait_answered_times_out_pending(outbox: Outbox) -> None:
    queued = outbox.enqueue(new_dossier())
    found = outbox.wait_answered(queued.local_id, timeout_s=0.01)
    assert found is not None and (found.state, found.attempts) == ("pending", 0)


def test_store_failure_mid_delivery_releases_the_claim(
    outbox: Outbox, local_portal: LocalPortal, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = BlockingClock()
    queued = outbox.enqueue(new_dossier())
    broken = {"once": True}
    real_ack = outbox.repository.acknowledge

    def flaky_ack(*args: object, **kwargs: object) -> None:
        if broken.pop("once", False):
            raise OSError("disk full")
        real_ack(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(outbox.repository, "acknowledge", flaky_ack)
    sender = OutboxSender(outbox, local_portal, clock, NO_JITTER, idle_s=3600)
    sender.start()
    try:
        sender.wake()
        done = outbox.wait_answered(queued.local_id, timeout_s=30)
        assert done is not None and done.state == "acked"
    finally:
        sender.close()
    assert local_portal.registry.count() == 1


def test_crash_left_folder_without_row_is_replaced(outbox: Outbox) -> None:
    orphan = outbox.folder.root / "0a0b0c0d-again"
    orphan.mkdir(parents=True)
    (orphan / "old.pdf").write_bytes(b"%PDF- stale")
    queued = outbox.enqueue(new_dossier(local_id="0a0b0c0d-again"))
    assert queued.created
    assert sorted(p.name for p in orphan.iterdir()) == ["giay_chung_sinh.pdf"]
