"""The availability hub (issue 11, Health): the current `Availability`, fed by the health poll,
pushed to the attract screen, the receipt step and the papers step.

Emit `states_polled(dict port → HealthState)` from any thread (kiosk.app's health poll runs on
the store thread): it is connected to a bound method of this GUI-thread object, so Qt queues
it to the GUI thread. The tracker there debounces a flapping device; a settled change updates
the attract notice at once (nobody is mid-step there) and tells the receipt and papers
controllers, which read it only when their next step starts (never mid-print / mid-scan).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from kiosk.domain.devices import HealthState
from kiosk.ports.clock import Clock
from kiosk.prompts import PromptCatalogue
from kiosk.services.availability import (
    CLOSED,
    DEFAULT_SETTLE_S,
    PROMPT_IDS,
    Availability,
    AvailabilityTracker,
)

if TYPE_CHECKING:
    from ui.main_window import MainWindow
    from ui.papers_controller import PapersController
    from ui.receipt_controller import ReceiptController
    from ui.screens.attract import AttractScreen
    from ui.session_controller import SessionController

log = logging.getLogger(__name__)


class AvailabilityHub(QObject):
    states_polled = Signal(object)  # Mapping[str, HealthState]; emit from any thread
    changed = Signal(object)  # Availability, on the GUI thread, after it was pushed

    def __init__(
        self,
        clock: Clock,
        prompts: PromptCatalogue,
        settle_s: float = DEFAULT_SETTLE_S,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        prompts.require(PROMPT_IDS)
        self._clock, self._prompts = clock, prompts
        self._tracker = AvailabilityTracker(settle_s)
        self._attract: list[AttractScreen] = []
        self._receipts: list[ReceiptController] = []
        self._papers: list[PapersController] = []
        self._speak: Callable[[str], None] | None = None
        self.states_polled.connect(self._on_states)

    @property
    def current(self) -> Availability:
        return self._tracker.current

    # ---- connections (the composition root calls these once) -------------------------------

    def connect_attract(
        self, screen: AttractScreen, speak: Callable[[str], None] | None = None
    ) -> None:
        """Give the attract screen its notice; `speak(prompt_id)` says the "go to the counter"
        line when a citizen touches a closed kiosk (None: shown only)."""
        self._attract.append(screen)
        self._speak = speak
        screen.closed_touched.connect(self._on_closed_touched)
        self._push_attract(screen, self.current)

    def connect_receipt(self, receipt: ReceiptController) -> None:
        self._receipts.append(receipt)
        receipt.set_printer_down(not self.current.can_print_receipt)

    def connect_papers(self, papers: PapersController) -> None:
        self._papers.append(papers)
        papers.set_scanner_down(not self.current.can_scan_papers)

    # ---- inside ----------------------------------------------------------------------------

    def _on_states(self, states: object) -> None:
        if not isinstance(states, Mapping):
            log.error("availability: ignored a poll of type %s", type(states).__name__)
            return
        polled = {str(p): HealthState(s) for p, s in states.items()}
        new = self._tracker.update(polled, self._clock.now())
        if new is None:
            return
        log.warning(
            "availability: down %s; identify=%s scan=%s print=%s",
            sorted(new.down) or "none",
            new.can_identify,
            new.can_scan_papers,
            new.can_print_receipt,
        )
        for screen in self._attract:
            self._push_attract(screen, new)
        for receipt in self._receipts:
            receipt.set_printer_down(not new.can_print_receipt)
        for papers in self._papers:
            papers.set_scanner_down(not new.can_scan_papers)
        self.changed.emit(new)

    def _push_attract(self, screen: AttractScreen, availability: Availability) -> None:
        t = self._prompts.text
        closed = t(CLOSED) if availability.closed else ""
        screen.set_notice(tuple(t(pid) for pid in availability.notices), closed)

    def _on_closed_touched(self) -> None:
        if self._speak is not None:
            self._speak(CLOSED)


def connect_session(
    hub: AvailabilityHub, window: MainWindow, controller: SessionController
) -> None:
    """The composition root's one call, after `attach_papers` and `attach_submission`: the
    attract screen (its "go to the counter" said through the session's speech, only while the
    attract screen shows), and the papers and receipt steps when they are attached."""
    hub.connect_attract(window.attract, speak=controller.staff_speech("attract"))
    step = controller.procedure_step
    if step is None:
        log.warning("availability: no procedure steps: only the attract screen adapts")
        return
    if step.papers is not None:
        hub.connect_papers(step.papers)
    if step.after is not None:
        hub.connect_receipt(step.after.receipt)
