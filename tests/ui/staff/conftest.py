from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from kiosk.ports.clock import ManualClock
from tests.ui.staff.rig import StaffRig
from tests.ui.support import SubmissionRig
from ui.main_window import MainWindow


@pytest.fixture
def staff(
    qtbot: QtBot, window: MainWindow, clock: ManualClock, submission: SubmissionRig
) -> Iterator[StaffRig]:
    yield StaffRig(qtbot, window, clock, submission)
