"""The papers step when the scanner is down today (issue 11, Health): every paper goes to the
counter — an optional one as "bring it to the counter", a required one for the staff to copy —
so the dossier is submitted all the same and the clerk knows which originals to expect."""

from __future__ import annotations

import logging

from kiosk.services.papers import PapersService, PapersState

log = logging.getLogger(__name__)


def send_all_to_counter(service: PapersService) -> PapersState:
    """Settle every open paper for the counter. Nothing was scanned, so nothing is on disk to
    drop: cheap enough for the GUI thread."""
    while (item := service.state.current_item) is not None:
        optional = item.paper.optional
        outcome = service.bring_to_counter() if optional else service.hand_to_staff()
        if not outcome.ok:  # cannot happen for an open paper; never loop forever
            log.error("papers: %s not sent to the counter: %s", item.paper.id, outcome.detail)
            break
    state = service.state
    log.info("papers: the scanner is down: %d paper(s) to the counter", len(state.for_the_counter))
    return state
