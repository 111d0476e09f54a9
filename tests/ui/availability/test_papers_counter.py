"""The papers step with the scanner down (issue 11): every paper settles for the counter —
required ones for the staff to copy, optional ones as "bring it" — and the step is complete,
so the dossier can be submitted with nothing lost."""

from __future__ import annotations

from pathlib import Path

from kiosk.flows.procedure_model import Dossier, PaperRecord
from kiosk.services.papers import PapersService, PaperStatus, create_session_folder
from tests.unit.papers.fakes import FakePacker, procedure
from ui.papers_counter import send_all_to_counter
from ui.procedure_submit import AT_COUNTER_FIELD, dossier_fields


def test_every_paper_goes_to_the_counter(tmp_path: Path) -> None:
    service = PapersService(procedure(), create_session_folder(tmp_path / "scans"), FakePacker())
    state = send_all_to_counter(service)
    assert [(i.paper.id, i.status) for i in state.items] == [
        ("giay_chung_sinh", PaperStatus.STAFF),
        ("giay_ket_hon", PaperStatus.AT_COUNTER),
        ("uy_quyen", PaperStatus.STAFF),
    ]
    assert state.complete and state.current is None and state.missing_required == ()
    assert state.for_the_counter == ("giay_chung_sinh", "giay_ket_hon", "uy_quyen")
    assert service.keep_for_submission() == ()  # no copy claimed


def test_the_submission_names_the_papers_at_the_counter() -> None:
    from datetime import UTC, datetime

    papers = (
        PaperRecord(paper_id="giay_chung_sinh", pages=0, ref=""),
        PaperRecord(paper_id="cccd", pages=1, ref="cccd.pdf"),
        PaperRecord(paper_id="uy_quyen", pages=0, ref=""),
    )
    dossier = Dossier(
        procedure_id="khai_sinh",
        national_code="1.001193",
        answers={"ho_ten_tre": "Nguyễn Văn An"},
        papers=papers,
        consent_at=datetime(2026, 11, 23, 8, 0, tzinfo=UTC),
    )
    fields = dossier_fields(dossier, None)
    assert fields[AT_COUNTER_FIELD] == "giay_chung_sinh,uy_quyen"
    all_copied = Dossier(
        procedure_id="khai_sinh",
        national_code="1.001193",
        answers={},
        papers=(PaperRecord(paper_id="cccd", pages=1, ref="cccd.pdf"),),
        consent_at=datetime(2026, 11, 23, 8, 0, tzinfo=UTC),
    )
    assert AT_COUNTER_FIELD not in dossier_fields(all_copied, None)
