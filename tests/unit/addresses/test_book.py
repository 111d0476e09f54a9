"""The shipped address book: 34 provinces, 3,321 communes, search without diacritics, and old
three-level addresses converted to the new units (every candidate when a ward was split)."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.domain.address import Address, Commune, Province
from kiosk.services.addresses import load_address_book
from kiosk.services.addresses.book import AddressBook, split_old
from kiosk.services.addresses.normalise import fold

BOOK: AddressBook = load_address_book()
ALL = [c for p in BOOK.provinces() for c in BOOK.communes(p.code)]
HANOI = "01"
HCMC = "79"


def names(communes: list[Commune]) -> list[str]:
    return [c.name for c in communes]


# --- the units -----------------------------------------------------------------------------------


def test_34_provinces_and_3321_communes() -> None:
    assert len(BOOK.provinces()) == 34
    assert len(ALL) == 3321
    assert len({c.code for c in ALL}) == 3321
    assert Counter(c.kind for c in ALL) == {"xa": 2621, "phuong": 687, "dac_khu": 13}


def test_the_six_centrally_run_cities() -> None:
    cities = sorted(p.name for p in BOOK.provinces() if p.name.startswith("Thành phố"))
    assert cities == sorted(
        f"Thành phố {n}"
        for n in ("Hà Nội", "Hải Phòng", "Huế", "Đà Nẵng", "Cần Thơ", "Hồ Chí Minh")
    )


def test_codes_and_kinds_agree_with_the_names() -> None:
    for c in ALL:
        assert len(c.code) == 5 and c.code.isdigit()
        prefix = {"xa": "Xã ", "phuong": "Phường ", "dac_khu": "Đặc khu "}[c.kind]
        assert c.name.startswith(prefix), c
        assert BOOK.commune(c.code) == c
    assert [p.code for p in BOOK.provinces()] == sorted(p.code for p in BOOK.provinces())


def test_communes_of_a_province_are_alphabetical_without_accents() -> None:
    hanoi = BOOK.communes(HANOI)
    assert len(hanoi) == 126
    folded = [fold(c.name) for c in hanoi]
    assert folded == sorted(folded)
    assert BOOK.communes("99") == []


def test_address_keeps_unit_street_and_old_text() -> None:
    old = "Số 5, Phường Phúc Xá, Quận Ba Đình, Thành phố Hà Nội"
    address = BOOK.address("00097", street="Số 5", old_text=old)
    assert address.commune.name == "Phường Hồng Hà"
    assert address.province.name == "Thành phố Hà Nội"
    assert address.one_line() == "Số 5, Phường Hồng Hà, Thành phố Hà Nội"
    assert address.old_text == old
    with pytest.raises(ValueError, match="not 79"):
        Address(Province("79", "TP"), BOOK.commune("00097"))


# --- search --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "province", "first"),
    [
        ("ba dinh", HANOI, "Phường Ba Đình"),
        ("BA ĐÌNH", HANOI, "Phường Ba Đình"),
        ("phuong ba dinh", None, "Phường Ba Đình"),
        ("hoan kiem", None, "Phường Hoàn Kiếm"),
        ("ben thanh", HCMC, "Phường Bến Thành"),
        ("con dao", None, "Đặc khu Côn Đảo"),
        ("bat trang", HANOI, "Xã Bát Tràng"),
        ("ngoc h", HANOI, "Phường Ngọc Hà"),  # a name being typed
    ],
)
def test_search_without_diacritics(query: str, province: str | None, first: str) -> None:
    assert names(BOOK.search(query, province))[0] == first


def test_search_limits_and_filters() -> None:
    assert len(BOOK.search("xa", limit=5)) == 5
    assert BOOK.search("", HANOI) == [] and BOOK.search(" , ") == []
    assert all(c.province_code == HANOI for c in BOOK.search("phu", HANOI, limit=100))
    assert BOOK.search("zzzz khong co") == []


def test_names_that_differ_only_in_accents_are_both_offered() -> None:
    both = names(BOOK.search("cam giang", "31"))
    assert both[:2] == sorted(["Xã Cẩm Giang", "Xã Cẩm Giàng"]) or set(both[:2]) == {
        "Xã Cẩm Giang",
        "Xã Cẩm Giàng",
    }


@settings(max_examples=200)
@given(st.sampled_from(ALL))
def test_every_commune_is_found_by_its_name_without_accents(commune: Commune) -> None:
    hits = BOOK.search(fold(commune.name), commune.province_code)
    same = sum(
        1 for c in BOOK.communes(commune.province_code) if fold(c.name) == fold(commune.name)
    )
    assert commune in hits[:same]


# --- old three-level addresses -------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Phường Phúc Xá, Quận Ba Đình, Thành phố Hà Nội", ["Phường Hồng Hà"]),
        ("Số 5 ngõ 10, Phường Phúc Xá, Quận Ba Đình, Hà Nội", ["Phường Hồng Hà"]),
        ("P. Phúc Xá, Q. Ba Đình, TP. Hà Nội", ["Phường Hồng Hà"]),
        ("phuong phuc xa, quan ba dinh, thanh pho ha noi", ["Phường Hồng Hà"]),
        ("Phường Phúc Xá, Hà Nội", ["Phường Hồng Hà"]),  # no district given
        ("Phường 14, Quận 3, TP. Hồ Chí Minh", ["Phường Nhiêu Lộc"]),
        ("Phường 03, Quận 3, TP HCM", ["Phường Bàn Cờ"]),  # leading zero, as some cards print
        ("P3, Q3, TPHCM", []),  # too squeezed: no separator between kind and province name
        ("Huyện Côn Đảo, Tỉnh Bà Rịa - Vũng Tàu", ["Đặc khu Côn Đảo"]),  # no wards: a zone now
        ("Thị trấn Tân Thạnh, Huyện Tân Thạnh, Tỉnh Long An", ["Xã Tân Thạnh"]),
        ("Phường Không Có, Quận Ba Đình, Hà Nội", []),
        ("Hà Nội", []),
        ("", []),
    ],
)
def test_old_address_to_new_unit(old: str, new: list[str]) -> None:
    assert names(BOOK.from_old(old)) == new


def test_a_split_ward_returns_every_candidate() -> None:
    got = BOOK.from_old("Phường Cống Vị, Quận Ba Đình, Thành phố Hà Nội")
    assert names(got) == ["Phường Ngọc Hà", "Phường Giảng Võ"]
    split = [w for w in BOOK.old_wards() if len(w.new_codes) > 1]
    assert len(split) == 471


def test_old_province_merged_into_a_new_one() -> None:
    got = BOOK.from_old("Phường Trần Phú, Thành phố Hà Giang, Tỉnh Hà Giang")
    assert [(c.name, BOOK.province(c.province_code).name) for c in got] == [
        ("Phường Hà Giang 2", "Tỉnh Tuyên Quang")
    ]


def test_same_name_without_accents_keeps_both_with_accents_picks_one() -> None:
    exact = BOOK.from_old("Xã Minh Quán, Huyện Trấn Yên, Tỉnh Yên Bái")
    loose = BOOK.from_old("xa minh quan, huyen tran yen, tinh yen bai")
    assert len(exact) == 1 and len(loose) == 2 and exact[0] in loose


def test_every_old_ward_as_printed_converts_to_exactly_its_units() -> None:
    """Coverage: all 10,040 pre-2025 units of the data (10,035 wards + 5 ward-less islands)."""
    assert len(BOOK.old_wards()) == 10040
    for w in BOOK.old_wards():
        text = ", ".join(x for x in (w.ward, w.district, w.province) if x)
        assert tuple(c.code for c in BOOK.from_old(text)) == w.new_codes, text


def test_resolve_reads_new_and_old_printed_addresses() -> None:
    new = BOOK.resolve("Số 1 Hoàng Hoa Thám, Phường Ba Đình, Thành phố Hà Nội")
    assert [(a.street, a.commune.name, a.old_text) for a in new] == [
        ("Số 1 Hoàng Hoa Thám", "Phường Ba Đình", None)
    ]
    old_text = "Số 2, Phường Cống Vị, Quận Ba Đình, Thành phố Hà Nội"
    old = BOOK.resolve(old_text)
    assert [(a.street, a.commune.name) for a in old] == [
        ("Số 2", "Phường Ngọc Hà"),
        ("Số 2", "Phường Giảng Võ"),
    ]
    assert all(a.old_text == old_text for a in old)
    assert BOOK.resolve("12 Hàng Bạc, Hoàn Kiếm") == []  # no province: nothing guessed
    assert BOOK.resolve("Quận Ba Đình, Thành phố Hà Nội") == []  # a district is no new unit


def test_split_old_parts() -> None:
    parts = split_old("Thôn 3, Xã A, Huyện B, Tỉnh C")
    assert parts is not None
    assert (parts.street, parts.ward, parts.district, parts.province) == (
        "Thôn 3",
        "Xã A",
        "Huyện B",
        "Tỉnh C",
    )
    assert split_old("Tỉnh C") is None


@given(st.text(max_size=60))
def test_from_old_and_resolve_never_crash(text: str) -> None:
    for c in BOOK.from_old(text):
        assert BOOK.commune(c.code) == c
    BOOK.resolve(text)


def test_every_new_unit_written_in_the_new_form_comes_first() -> None:
    """A card issued after July 2025 prints "…, Xã X, Tỉnh Y": that unit is the first candidate
    (209 of them can also be read as an old ward's name, offered after it)."""
    extra = 0
    for c in ALL:
        province = BOOK.province(c.province_code)
        got = BOOK.from_old(f"{c.name}, {province.name}")
        assert got[0] == c
        extra += len(got) > 1
        [address] = BOOK.resolve(f"Số 7, {c.name}, {province.name}")[:1]
        assert (address.commune, address.street, address.old_text) == (c, "Số 7", None)
    assert extra == 209


def test_a_two_part_text_offers_the_new_reading_then_the_old() -> None:
    got = names(BOOK.from_old("Xã Bát Tràng, Hà Nội"))
    assert got[0] == "Xã Bát Tràng" and len(got) == len(set(got)) > 1
