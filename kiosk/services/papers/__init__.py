"""The papers step: the procedure's checklist of papers, scanned pages, one PDF per paper."""

from kiosk.services.papers.folder import create_session_folder
from kiosk.services.papers.service import PapersService
from kiosk.services.papers.state import (
    Outcome,
    PapersState,
    PaperState,
    PaperStatus,
    SubmittedPaper,
)

__all__ = [
    "Outcome",
    "PaperState",
    "PaperStatus",
    "PapersService",
    "PapersState",
    "SubmittedPaper",
    "create_session_folder",
]
