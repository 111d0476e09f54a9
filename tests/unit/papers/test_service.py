"""The papers service with a fake packer and the simulated scanner."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from devices.simulated.document_scanner import SimulatedDocumentScanner
from kiosk.ports.clock import ManualClock
from kiosk.ports.document_scanner import (
    ColourMode,
    PaperJam,
    ResolutionTooLow,
    ScannedPage,
    ScanSettings,
    ScanSource,
)
from kiosk.services.papers import (
    PapersService,
    PaperStatus,
    create_session_folder,
)
from kiosk.services.papers import prompts as p
from tests.unit.papers.fakes import PAGE_BYTES, FakePacker, heavy_page, procedure


@pytest.fixture
def scanner() -> Iterator[SimulatedDocumentScanner]:
    device = SimulatedDocumentScanner(ManualClock(), scan_delay_s=0.0)
    device.open()
    yield device
    device.close()


@pytest.fixture
def packer() -> FakePacker:
    return FakePacker()


@pytest.fixture
def service(tmp_path: Path, packer: FakePacker) -> PapersService:
    return PapersService(procedure(), create_session_folder(tmp_path / "scans"), packer)


def scan(scanner: SimulatedDocumentScanner, dpi: int = 200) -> ScannedPage:
    scanner.load_paper(1)
    return scanner.scan_page(ScanSettings(dpi=dpi, mode=ColourMode.GRAY))


def files(folder: Path) -> list[Path]:
    return sorted(f for f in folder.rglob("*") if f.is_file())


# --- bad input first -------------------------------------------------------------------------


def test_scanner_error_gives_its_prompt_and_loses_nothing(
    service: PapersService, scanner: SimulatedDocumentScanner
) -> None:
    assert service.add_page(scan(scanner)).ok
    scanner.inject(PaperJam("jammed at sheet 2"))
    scanner.load_paper(1)
    with pytest.raises(PaperJam) as caught:
        scanner.scan_page(ScanSettings())
    outcome = service.scan_failed(caught.value)
    assert not outcome.ok and outcome.prompt_id == "scanner.paper_jam"
    assert outcome.retryable  # clear the jam, then "Thử lại"
    assert service.state.items[0].pages == 1  # the first page is still there
    assert service.add_page(scan(scanner)).ok  # and the citizen can go on


def test_feeder_failure_keeps_the_pages_already_scanned(
    service: PapersService, scanner: SimulatedDocumentScanner
) -> None:
    scanner.load_paper(3)
    scanner.inject(PaperJam("jam"), after_pages=1)
    settings = ScanSettings(source=ScanSource.ADF)
    with pytest.raises(PaperJam) as caught:
        scanner.scan_pages(settings, max_pages=2)
    assert len(caught.value.pages) == 1
    outcome = service.scan_failed(caught.value)
    assert outcome.prompt_id == "scanner.paper_jam"
    assert service.state.items[0].pages == 1


def test_unknown_scanner_failure_has_the_general_prompt(service: PapersService) -> None:
    outcome = service.scan_failed(OSError("usb gone"))
    assert (outcome.ok, outcome.prompt_id) == (False, p.SCANNER_FAILED)
    assert "usb gone" in outcome.detail


def test_resolution_too_low_is_not_retryable(service: PapersService) -> None:
    outcome = service.scan_failed(ResolutionTooLow(81, 200))
    assert (outcome.ok, outcome.prompt_id) == (False, "scanner.low_resolution")
    assert not outcome.retryable


def test_a_paper_the_kiosk_cannot_copy_goes_to_the_staff_even_if_required(
    service: PapersService, scanner: SimulatedDocumentScanner
) -> None:
    assert service.add_page(scan(scanner)).ok
    outcome = service.hand_to_staff()
    assert (outcome.ok, outcome.prompt_id) == (True, p.FOR_STAFF)
    state = service.state
    assert state.items[0].status is PaperStatus.STAFF and state.items[0].pages == 0
    assert state.current == 1  # on to the next paper
    assert state.missing_required == ("uy_quyen",)  # the staff copies giay_chung_sinh
    assert state.for_the_counter == ("giay_chung_sinh",)
    assert not list(service.folder.rglob("*.raw"))  # its page is gone


def test_page_over_the_limit_is_refused_and_earlier_pages_kept(
    service: PapersService, scanner: SimulatedDocumentScanner
) -> None:
    assert service.add_page(scan(scanner)).ok
    outcome = service.add_page(heavy_page())
    assert (outcome.ok, outcome.prompt_id) == (False, p.PAGE_TOO_LARGE)
    assert service.state.items[0].pages == 1


def test_too_many_pages_is_refused(
    service: PapersService, scanner: SimulatedDocumentScanner
) -> None:
    for _ in range(2):  # giay_chung_sinh allows 2
        assert service.add_page(scan(scanner)).ok
    outcome = service.add_page(scan(scanner))
    assert (outcome.ok, outcome.prompt_id) == (False, p.TOO_MANY_PAGES)
    assert service.state.items[0].pages == 2


def test_paper_too_large_at_done_keeps_its_pages(tmp_path: Path, packer: FakePacker) -> None:
    service = PapersService(
        procedure(), tmp_path / "s", packer, max_bytes=PAGE_BYTES + PAGE_BYTES // 2
    )
    page = ScannedPage(50, 50, 200, ColourMode.GRAY, b"\xf4" * 2500)
    assert service.add_page(page).ok and service.add_page(page).ok  # each fits alone
    outcome = service.finish_current()
    assert (outcome.ok, outcome.prompt_id) == (False, p.PAPER_TOO_LARGE)
    assert not outcome.retryable
    item = service.state.items[0]
    assert (item.status, item.pages) == (PaperStatus.SCANNING, 2)
    assert not list((tmp_path / "s").glob("*.pdf"))


def test_page_below_200_dpi_is_refused(
    service: PapersService, scanner: SimulatedDocumentScanner
) -> None:
    outcome = service.add_page(scan(scanner, dpi=81))  # a 1080p camera frame of A4
    assert (outcome.ok, outcome.prompt_id) == (False, p.TOO_COARSE)
    assert not outcome.retryable  # the same camera gives the same dpi: the staff must help
    assert "81 dpi" in outcome.detail
    assert service.state.items[0].pages == 0


def test_malformed_page_is_refused(service: PapersService) -> None:
    outcome = service.add_page(ScannedPage(10, 10, 200, ColourMode.GRAY, b"\xf4" * 3))
    assert (outcome.ok, outcome.prompt_id) == (False, p.PAGE_UNREADABLE)


def test_done_with_no_pages_is_refused(service: PapersService) -> None:
    outcome = service.finish_current()
    assert (outcome.ok, outcome.prompt_id) == (False, p.NO_PAGES)


def test_required_paper_cannot_go_to_the_counter(service: PapersService) -> None:
    outcome = service.bring_to_counter()
    assert (outcome.ok, outcome.prompt_id) == (False, p.REQUIRED)
    assert service.state.current == 0


def test_failed_retake_keeps_the_old_page(
    service: PapersService, scanner: SimulatedDocumentScanner, packer: FakePacker
) -> None:
    first = scan(scanner)
    assert service.add_page(first).ok
    assert service.replace_last(scan(scanner, dpi=100)).prompt_id == p.TOO_COARSE
    assert service.state.items[0].pages == 1
    second = scan(scanner)
    service.add_page(second)
    service.finish_current()
    assert [pg.pixels for pg in packer.calls[-1]] == [first.pixels, second.pixels]


# --- the checklist ---------------------------------------------------------------------------


def test_checklist_follows_the_procedure(service: PapersService) -> None:
    state = service.state
    assert [i.paper.id for i in state.items] == ["giay_chung_sinh", "giay_ket_hon", "uy_quyen"]
    assert [i.paper.optional for i in state.items] == [False, True, False]
    assert all(i.status is PaperStatus.MISSING for i in state.items)
    assert state.missing_required == ("giay_chung_sinh", "uy_quyen")
    assert state.current == 0 and not state.complete


def test_pages_are_attached_to_the_current_paper_and_packed_in_order(
    service: PapersService, scanner: SimulatedDocumentScanner, packer: FakePacker
) -> None:
    pages = [scan(scanner), scan(scanner)]
    for page in pages:
        assert service.add_page(page).prompt_id == p.PAGE_ADDED
    packer.calls.clear()
    outcome = service.finish_current()
    assert (outcome.ok, outcome.prompt_id) == (True, p.TAKE_ORIGINAL_BACK)
    assert [pg.pixels for pg in packer.calls[-1]] == [pg.pixels for pg in pages]
    item = service.state.items[0]
    assert (item.status, item.pages, item.size_bytes) == (PaperStatus.DONE, 2, 2 * PAGE_BYTES)
    assert item.min_effective_dpi == 200
    pdf = service.folder / "giay_chung_sinh.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-fake")
    assert service.state.current == 1  # on to the next paper
    assert service.state.missing_required == ("uy_quyen",)


def test_retake_replaces_the_last_page(
    service: PapersService, scanner: SimulatedDocumentScanner, packer: FakePacker
) -> None:
    first, second, retaken = scan(scanner), scan(scanner), scan(scanner)
    service.add_page(first)
    service.add_page(second)
    outcome = service.replace_last(retaken)
    assert (outcome.ok, outcome.prompt_id) == (True, p.PAGE_REPLACED)
    assert service.state.items[0].pages == 2
    assert len(files(service.folder)) == 2  # the replaced page's file is gone
    service.finish_current()
    assert [pg.pixels for pg in packer.calls[-1]] == [first.pixels, retaken.pixels]


def test_retake_of_the_first_page_is_a_first_page(
    service: PapersService, scanner: SimulatedDocumentScanner
) -> None:
    assert service.replace_last(scan(scanner)).ok
    assert service.state.items[0].pages == 1


def test_optional_paper_to_the_counter_then_complete(
    service: PapersService, scanner: SimulatedDocumentScanner
) -> None:
    service.add_page(scan(scanner))
    service.finish_current()
    outcome = service.bring_to_counter()  # giay_ket_hon is optional
    assert (outcome.ok, outcome.prompt_id) == (True, p.AT_COUNTER)
    assert service.state.items[1].status is PaperStatus.AT_COUNTER
    assert service.state.current == 2
    service.add_page(scan(scanner))
    service.finish_current()
    state = service.state
    assert state.complete and state.missing_required == () and state.current is None
    assert service.add_page(scan(scanner)).prompt_id == p.ALL_DONE


def test_select_goes_back_to_a_paper(
    service: PapersService, scanner: SimulatedDocumentScanner
) -> None:
    service.add_page(scan(scanner))
    service.finish_current()
    state = service.select("giay_chung_sinh")  # scan it again
    assert state.current == 0 and state.items[0].status is PaperStatus.MISSING
    assert not (service.folder / "giay_chung_sinh.pdf").exists()
    with pytest.raises(KeyError):
        service.select("no_such_paper")


# --- the session folder ----------------------------------------------------------------------


def test_session_folder_is_private_and_per_session(tmp_path: Path) -> None:
    base = tmp_path / "scans"
    one, two = create_session_folder(base), create_session_folder(base)
    assert one != two and one.parent == two.parent == base
    for folder in (base, one):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_scans_are_files_only_the_kiosk_reads(
    service: PapersService, scanner: SimulatedDocumentScanner
) -> None:
    service.add_page(scan(scanner))
    service.finish_current()
    service.add_page(scan(scanner))
    written = files(service.folder)
    assert len(written) == 2  # one packed PDF, one raw page of the next paper
    assert all(stat.S_IMODE(f.stat().st_mode) == 0o600 for f in written)


def test_wipe_deletes_everything_when_not_submitted(
    service: PapersService, scanner: SimulatedDocumentScanner
) -> None:
    service.add_page(scan(scanner))
    service.finish_current()
    service.add_page(scan(scanner))
    service.wipe()
    assert not service.folder.exists()
    assert service.state.items[0].pages == 0 and service.state.current is None
    service.wipe()  # idempotent
    assert service.add_page(scan(scanner)).prompt_id == p.ALL_DONE


def test_submitted_pdfs_survive_the_wipe(
    service: PapersService, scanner: SimulatedDocumentScanner
) -> None:
    service.add_page(scan(scanner))
    service.finish_current()
    service.add_page(scan(scanner))  # the optional paper, started but not finished
    service.select("uy_quyen")
    service.add_page(scan(scanner))
    service.finish_current()
    papers = service.keep_for_submission()
    assert [paper.paper_id for paper in papers] == ["giay_chung_sinh", "uy_quyen"]
    assert all(paper.pages == 1 and paper.size_bytes == PAGE_BYTES for paper in papers)
    service.wipe()
    assert files(service.folder) == sorted(paper.path for paper in papers)


def test_nothing_is_submitted_while_a_required_paper_is_missing(
    service: PapersService,
) -> None:
    with pytest.raises(RuntimeError, match="uy_quyen"):
        service.keep_for_submission()
