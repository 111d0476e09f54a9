"""Fixtures of the papers step's tests: the simulated scanner and the rig around the screen."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from pytestqt.qtbot import QtBot

from devices.simulated.document_scanner import SimulatedDocumentScanner
from kiosk.ports.clock import ManualClock
from kiosk.ports.document_scanner import (
    ScanSettings,
)
from kiosk.prompts import PromptCatalogue
from kiosk.settings.schema import Settings
from tests.ui.papers.rig import Rig
from tests.ui.support import RecordingSpeaker


@pytest.fixture
def scanner(clock: ManualClock) -> SimulatedDocumentScanner:
    device = SimulatedDocumentScanner(clock, scan_delay_s=0.0)
    device.open()
    return device


@pytest.fixture
def make_rig(
    qtbot: QtBot,
    settings: Settings,
    prompts: PromptCatalogue,
    speaker: RecordingSpeaker,
) -> Iterator[Callable[..., Rig]]:
    rigs: list[Rig] = []

    def make(
        scanner: SimulatedDocumentScanner,
        big_text: bool = False,
        scan: ScanSettings | None = None,
    ) -> Rig:
        rig = Rig(qtbot, settings, prompts, scanner, speaker, big_text, scan)
        rigs.append(rig)
        return rig

    yield make
    for rig in rigs:
        rig.close()


@pytest.fixture
def rig(make_rig: Callable[..., Rig], scanner: SimulatedDocumentScanner) -> Rig:
    return make_rig(scanner)
