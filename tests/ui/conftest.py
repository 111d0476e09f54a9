"""pytest-qt fixtures for the shell: offscreen Qt, a recording fake speaker, a manual clock.

(Leaked threads fail a test through tests/conftest.py, for these tests too.)"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything imports Qt

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from devices.simulated.document_scanner import SimulatedDocumentScanner
from kiosk.ports.clock import ManualClock
from kiosk.prompts import PromptCatalogue, load_prompts
from kiosk.settings.schema import Settings, default_settings
from printing.paper_pdf import Img2PdfPaperPacker
from tests.ui.support import RecordingSpeaker, SimDevices, SubmissionRig, open_window
from ui.main_window import MainWindow
from ui.papers_controller import PapersController

ROOT = Path(__file__).resolve().parents[2]
PROMPTS = ROOT / "config" / "prompts" / "vi"


@pytest.fixture
def settings() -> Settings:
    return default_settings()


@pytest.fixture
def prompts() -> PromptCatalogue:
    return load_prompts(PROMPTS)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def speaker() -> RecordingSpeaker:
    return RecordingSpeaker()


@pytest.fixture
def sim(clock: ManualClock) -> SimDevices:
    return SimDevices(clock)


@pytest.fixture
def window(
    qtbot: QtBot,
    settings: Settings,
    prompts: PromptCatalogue,
    speaker: RecordingSpeaker,
    clock: ManualClock,
    sim: SimDevices,
) -> Iterator[MainWindow]:
    w = open_window(qtbot, settings, prompts, speaker, clock, sim)
    yield w
    sim.close()  # first: a read waiting on the gate ends, so the reader's thread can stop
    w.close()


@pytest.fixture
def papers(
    window: MainWindow, clock: ManualClock, prompts: PromptCatalogue, tmp_path: Path
) -> Iterator[PapersController]:
    """The papers step as the app wires it: simulated scanner, the real PDF packer."""
    scanner = SimulatedDocumentScanner(clock, scan_delay_s=0.0)
    scanner.open()
    scanner.load_paper(1)  # the original the citizen lays on the glass
    controller = PapersController(scanner, Img2PdfPaperPacker(), prompts)
    assert window.controller is not None
    window.controller.attach_papers(controller, tmp_path / "scans")
    yield controller
    controller.close()
    scanner.close()


@pytest.fixture
def submission(
    window: MainWindow, clock: ManualClock, tmp_path: Path, sim: SimDevices
) -> Iterator[SubmissionRig]:
    """Issue 9's steps as the app wires them: a real Outbox over a migrated SQLite store in
    tmp_path, the simulated portal (no latency) and the simulated receipt printer. The sender
    is not a thread here: `rig.deliver()` runs one pass, as its thread would."""
    rig = SubmissionRig(clock, tmp_path)
    assert window.controller is not None
    window.controller.attach_submission(rig.ports(sim.qr))
    yield rig
    rig.close()
