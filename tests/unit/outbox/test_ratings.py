"""Ratings travel with the outbox: inside the dossier when given before submitting, or as a
separate idempotent call once the dossier has its code."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from devices.simulated.portal import SimulatedPortal
from kiosk.ports.clock import ManualClock
from kiosk.services.outbox import Backoff, Outbox, OutboxSender
from kiosk.services.portal_local.adapter import LocalPortal
from kiosk.store.db import sqlite_url

from .conftest import new_dossier

NO_JITTER = Backoff(base_s=5, factor=2, max_s=600, jitter=0)


@pytest.fixture
def local_portal(tmp_path: Path, clock: ManualClock) -> Iterator[LocalPortal]:
    portal = LocalPortal(sqlite_url(tmp_path / "ward.db"), clock, unit_code="000.00.12.H29")
    yield portal
    portal.close()


def test_bad_rating_is_refused(outbox: Outbox) -> None:
    queued = outbox.enqueue(new_dossier())
    for bad in (0, 6, True):
        with pytest.raises(ValueError, match="1 to 5"):
            outbox.rate(queued.local_id, bad)  # type: ignore[arg-type]
    with pytest.raises(LookupError):
        outbox.rate("no-such-dossier", 4)


def test_rating_in_the_dossier_is_not_sent_twice(
    outbox: Outbox, clock: ManualClock, local_portal: LocalPortal
) -> None:
    queued = outbox.enqueue(new_dossier(rating=4))
    sender = OutboxSender(outbox, local_portal, clock, NO_JITTER)
    sender.deliver_due()
    done = outbox.delivery(queued.local_id)
    assert done is not None and done.rating == 4 and done.rating_sent_at is not None
    assert local_portal.registry.rating(done.dossier_code or "") == 4
    assert outbox.repository.ratings_due(10) == []


def test_rating_after_submitting_follows_the_code(
    outbox: Outbox, clock: ManualClock, local_portal: LocalPortal
) -> None:
    queued = outbox.enqueue(new_dossier())
    outbox.rate(queued.local_id, 2)  # before the portal answered: waits for the code
    sender = OutboxSender(outbox, local_portal, clock, NO_JITTER)
    sender.deliver_due()
    code = outbox.delivery(queued.local_id).dossier_code  # type: ignore[union-attr]
    assert code is not None and local_portal.registry.rating(code) == 2
    outbox.rate(queued.local_id, 5)  # changed their mind: the last one wins
    assert outbox.repository.ratings_due(10) == [(queued.local_id, code, 5)]
    sender.deliver_due()
    assert local_portal.registry.rating(code) == 5
    assert outbox.delivery(queued.local_id).rating_sent_at is not None  # type: ignore[union-attr]


def test_rating_waits_while_offline_and_refusal_is_final(
    outbox: Outbox, clock: ManualClock
) -> None:
    portal = SimulatedPortal(clock, latency_s=0)
    sender = OutboxSender(outbox, portal, clock, NO_JITTER)
    queued = outbox.enqueue(new_dossier())
    sender.deliver_due()
    code = outbox.delivery(queued.local_id).dossier_code  # type: ignore[union-attr]
    outbox.rate(queued.local_id, 3)
    portal.set_offline(True)
    assert sender.send_ratings() == 0
    assert outbox.repository.ratings_due(10) == [(queued.local_id, code, 3)]
    portal.set_offline(False)
    assert sender.send_ratings() == 1
    assert portal.ratings == {code: 3}

    other = SimulatedPortal(clock, latency_s=0)  # a portal that never saw this dossier
    outbox.rate(queued.local_id, 1)
    assert OutboxSender(outbox, other, clock, NO_JITTER).send_ratings() == 0
    assert outbox.repository.ratings_due(10) == []  # refused for good, not retried forever
