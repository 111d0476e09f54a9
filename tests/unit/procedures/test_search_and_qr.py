"""Search ignores diacritics and case and ranks name hits first; a procedure QR jumps to it."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.procedure import LifeEvent
from kiosk.services.procedures.catalogue import Catalogue, load_catalogue, qr_payload

CATALOGUE = load_catalogue()


def ids(text: str) -> list[str]:
    return [p.id for p in CATALOGUE.search(text)]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("dang ky thuong tru", "permanent_residence"),
        ("Đăng ký thường trú", "permanent_residence"),
        ("ĐĂNG KÝ THƯỜNG TRÚ", "permanent_residence"),
        ("khai sinh", "birth_registration"),
        ("KHAI TU", "death_registration"),
        ("khai tử", "death_registration"),
        ("tam tru", "temporary_residence"),
        ("sao y", "certified_copy"),
        ("ly lich tu phap", "criminal_record"),
        ("ket hon", "marriage_registration"),
        ("doc than", "marital_status"),
        ("ho khau", "permanent_residence"),  # an old word citizens still use, as a keyword
        ("1.004222", "permanent_residence"),
        ("thuong", "permanent_residence"),  # a word being typed: prefix of "thường trú"
    ],
)
def test_search_finds_the_procedure_first(query: str, first: str) -> None:
    assert ids(query)[0] == first


def test_linked_packages_come_after_the_single_procedure() -> None:
    assert ids("khai sinh") == ["birth_registration", "birth_residence_insurance"]
    found = ids("KHAI TU")
    assert found[:2] == ["death_registration", "death_residence_allowance"]


def test_search_without_a_match_or_with_nothing_typed() -> None:
    assert ids("xyz qwerty") == []
    assert ids("   ") == []
    assert ids("!!!") == []


@given(st.sampled_from(CATALOGUE.all()), st.sampled_from(["lower", "upper", "strip"]))
def test_every_name_finds_itself_first_in_any_case_or_accent(proc: object, how: str) -> None:
    from kiosk.domain.procedure import Procedure

    assert isinstance(proc, Procedure)
    name = proc.short_name
    if how == "lower":
        query = name.lower()
    elif how == "upper":
        query = name.upper()
    else:
        nfd = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
        query = "".join(c for c in nfd if unicodedata.category(c) != "Mn")
    assert CATALOGUE.search(query)[0].id == proc.id


@given(st.text(max_size=40))
def test_search_never_crashes(text: str) -> None:
    CATALOGUE.search(text)


def test_groups_hold_the_tiles_procedures() -> None:
    assert {p.id for p in CATALOGUE.by_group(LifeEvent.BIRTH)} == {
        "birth_registration",
        "birth_residence_insurance",
    }
    assert all(CATALOGUE.by_group(g) for g in LifeEvent), "every tile has a procedure"


@pytest.mark.parametrize(
    "text",
    [
        "kiosk:procedure:permanent_residence",
        "  kiosk:procedure:permanent_residence\r\n",
        "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-nganh-doc.html?ma_thu_tuc=1.004222",
        "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-hanh-chinh.html?ma_thu_tuc=1.004222&x=1",
        "https://dvc.example.vn/thu-tuc?maThuTuc=1.004222",
        "1.004222",
        "1.004222.000.00.00.H12",  # a province's variant of the national procedure
    ],
)
def test_procedure_qr_payloads(text: str) -> None:
    found = CATALOGUE.by_qr(text)
    assert found is not None and found.id == "permanent_residence"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "kiosk:procedure:no_such_thing",
        "https://dichvucong.gov.vn/p/home/dvc-chi-tiet-thu-tuc-nganh-doc.html?ma_thu_tuc=9.999999",
        "https://dichvucong.gov.vn/p/home/?ma_thu_tuc=1.999999",  # well-formed, not ours
        "001056012345|012345678|Nguyễn Thị Lan|02031956|Nữ|Hà Nội|01012021",  # a card QR
        "H29.12-251123-0001",  # a dossier code
        "http://[broken",
    ],
)
def test_other_qr_payloads_are_not_procedures(text: str) -> None:
    assert CATALOGUE.by_qr(text) is None


def test_qr_payload_round_trips_for_every_procedure() -> None:
    for p in CATALOGUE.all():
        assert CATALOGUE.by_qr(qr_payload(p)) == p
        if p.national_code:
            assert CATALOGUE.by_qr(p.national_code) == p


@given(st.text(max_size=80))
def test_by_qr_never_crashes(text: str) -> None:
    CATALOGUE.by_qr(text)


def test_an_empty_catalogue_finds_nothing() -> None:
    empty = Catalogue(())
    assert empty.search("khai sinh") == [] and empty.by_qr("1.001193") is None
