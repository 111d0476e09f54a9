"""MRZ check digits, the TD1 builder and the scripted citizens' cards."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devices.simulated.citizens import (
    ANH_MINH,
    BA_LAN,
    CHU_TU,
    CITIZENS,
    NO_EXPIRY_MRZ_PLACEHOLDER,
    SimulatedCitizen,
    ber_tlv,
    check_digit,
    dg1_from_mrz,
    mrz_name,
    td1_mrz,
)
from kiosk.ports.clock import ManualClock

MRZ_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<")


def parse_tlv(data: bytes) -> list[tuple[bytes, bytes]]:
    """A test-side BER-TLV walker (one level), independent of the encoder under test."""
    out, i = [], 0
    while i < len(data):
        tag_len = 2 if data[i] & 0x1F == 0x1F else 1
        tag = data[i : i + tag_len]
        i += tag_len
        first = data[i]
        i += 1
        if first < 0x80:
            length = first
        else:
            n = first & 0x7F
            length = int.from_bytes(data[i : i + n], "big")
            i += n
        out.append((tag, data[i : i + length]))
        i += length
    assert i == len(data), "trailing bytes"
    return out


# --- check digits: ICAO 9303 worked examples ------------------------------------------------


@pytest.mark.parametrize(
    ("field", "digit"),
    [
        ("L898902C3", "6"),  # Part 3/4 specimen passport: document number
        ("740812", "2"),  # … date of birth
        ("120415", "9"),  # … date of expiry
        ("ZE184226B<<<<<", "1"),  # … optional data
        ("L898902C3674081221204159ZE184226B<<<<<1", "0"),  # … composite
        ("L898902C<", "3"),  # Part 11 Appendix D (BAC worked example)
        ("690806", "1"),
        ("940623", "6"),
        ("", "0"),
    ],
)
def test_check_digit_matches_icao_worked_examples(field: str, digit: str) -> None:
    assert check_digit(field) == digit


@pytest.mark.parametrize("bad", ["l898902c3", "12-04", "ÂB", " "])
def test_check_digit_rejects_non_mrz_characters(bad: str) -> None:
    with pytest.raises(ValueError, match="not an MRZ character"):
        check_digit(bad)


@given(st.text("0123456789", min_size=1, max_size=30), st.data())
def test_check_digit_catches_every_single_digit_error(digits: str, data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(digits) - 1))
    other = data.draw(st.sampled_from([d for d in "0123456789" if d != digits[i]]))
    assert check_digit(digits[:i] + other + digits[i + 1 :]) != check_digit(digits)


@given(st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<", max_size=40))
def test_check_digit_is_one_decimal_digit(field: str) -> None:
    assert check_digit(field) in "0123456789"


# --- TD1 ---------------------------------------------------------------------------------------


def test_td1_reproduces_the_icao_part5_specimen() -> None:
    lines = td1_mrz(
        document_code="I",
        issuing_state="UTO",
        document_number="D23145890",
        birth_date="740812",
        sex="F",
        expiry_date="120415",
        nationality="UTO",
        name="ERIKSSON<<ANNA<MARIA",
    )
    assert lines == (
        "I<UTOD231458907<<<<<<<<<<<<<<<",
        "7408122F1204159UTO<<<<<<<<<<<6",
        "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
    )


def test_td1_reproduces_the_vietnamese_sample_from_research() -> None:
    lines = td1_mrz(
        document_number="201012345",
        optional_data_1="079201012345<<8",
        birth_date="010101",
        sex="M",
        expiry_date="260101",
        name="NGUYEN<<VAN<A",
    )
    assert lines == (
        "IDVNM2010123458079201012345<<8",
        "0101011M2601010VNM<<<<<<<<<<<8",
        "NGUYEN<<VAN<A<<<<<<<<<<<<<<<<<",
    )


_GOOD = {
    "document_number": "123456789",
    "birth_date": "500315",
    "sex": "F",
    "expiry_date": "991231",
    "name": "NGUYEN<<THI<LAN",
}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"document_number": "1234567890"}, "at most 9"),
        ({"birth_date": "5003150"}, "birth date must be YYMMDD"),
        ({"birth_date": "50-315"}, "birth date must be YYMMDD"),
        ({"expiry_date": "9912"}, "expiry date must be YYMMDD"),
        ({"sex": "X"}, "sex must be"),
        ({"name": "N" * 31}, "longer than 30"),
        ({"name": "NGUYỄN<<LAN"}, "not an MRZ character"),
        ({"optional_data_1": "0" * 16}, "longer than 15"),
        ({"nationality": "VIET"}, "longer than 3"),
    ],
)
def test_td1_rejects_bad_fields(change: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        td1_mrz(**{**_GOOD, **change})


def test_mrz_name_joins_surname_and_given_names() -> None:
    assert mrz_name("Nguyen", "Thi Lan") == "NGUYEN<<THI<LAN"


def test_ber_tlv_length_forms() -> None:
    assert ber_tlv(b"\x04", b"x" * 0x7F)[:2] == b"\x04\x7f"
    assert ber_tlv(b"\x04", b"x" * 200)[:3] == b"\x04\x81\xc8"
    assert ber_tlv(b"\x04", b"x" * 300)[:4] == b"\x04\x82\x01\x2c"
    with pytest.raises(ValueError):
        ber_tlv(b"\x04", b"x" * 0x10000)


# --- the scripted citizens ------------------------------------------------------------------


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def test_ages_on_the_default_manual_clock_day() -> None:
    today = ManualClock().now().date()
    assert age_on(BA_LAN.birth_date, today) == 76
    assert BA_LAN.birth_date.year == 1950
    assert age_on(CHU_TU.birth_date, today) == 64
    assert age_on(ANH_MINH.birth_date, today) == 34


def test_citizens_have_distinct_ids() -> None:
    assert len({c.id_number for c in CITIZENS}) == len(CITIZENS)
    assert len({c.id_number[-9:] for c in CITIZENS}) == len(CITIZENS)


@pytest.mark.parametrize("citizen", CITIZENS, ids=lambda c: c.slug)
def test_mrz_layout_follows_the_vietnamese_card(citizen: SimulatedCitizen) -> None:
    line1, line2, line3 = citizen.mrz
    assert [len(line) for line in citizen.mrz] == [30, 30, 30]
    assert set("".join(citizen.mrz)) <= MRZ_CHARS
    assert len(citizen.id_number) == 12 and citizen.id_number.isdigit()
    # line 1: IDVNM, doc no = last 9 digits of the ID, check digit, the full ID, <<, check digit
    assert line1[0:5] == "IDVNM"
    assert line1[5:14] == citizen.id_number[-9:]
    assert line1[14] == check_digit(line1[5:14])
    assert line1[15:27] == citizen.id_number
    assert line1[27:29] == "<<"
    assert line1[29] == check_digit(citizen.id_number)
    # line 2: birth, sex, expiry, nationality, composite
    assert line2[0:6] == f"{citizen.birth_date:%y%m%d}"
    assert line2[6] == check_digit(line2[0:6])
    assert line2[7] == ("F" if citizen.sex == "Nữ" else "M")
    assert line2[14] == check_digit(line2[8:14])
    assert line2[15:18] == "VNM"
    assert line2[29] == check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
    # line 3: the Latin name, no diacritics
    assert line3.rstrip("<") == mrz_name(citizen.mrz_surname, citizen.mrz_given_names)


@pytest.mark.parametrize("citizen", CITIZENS, ids=lambda c: c.slug)
def test_bac_key_is_what_the_mrz_says(citizen: SimulatedCitizen) -> None:
    line1, line2, _ = citizen.mrz
    key = citizen.bac_key
    assert key.document_number == line1[5:14]
    assert key.birth_date == line2[0:6]
    assert key.expiry_date == line2[8:14]
    assert citizen.card.key == key


def test_no_expiry_cards_carry_the_placeholder_and_others_their_date() -> None:
    assert BA_LAN.expiry_date is None and CHU_TU.expiry_date is None
    assert BA_LAN.bac_key.expiry_date == NO_EXPIRY_MRZ_PLACEHOLDER
    assert ANH_MINH.bac_key.expiry_date == "320509"


def test_names_keep_diacritics_apart_from_the_mrz() -> None:
    assert BA_LAN.full_name == "Nguyễn Thị Lan"
    assert CHU_TU.full_name == "Trần Văn Tư"
    assert BA_LAN.mrz[2].startswith("NGUYEN<<THI<LAN<")
    assert CHU_TU.mrz[2].startswith("TRAN<<VAN<TU<")


@pytest.mark.parametrize("citizen", CITIZENS, ids=lambda c: c.slug)
def test_dg1_wraps_the_mrz_in_61_and_5f1f(citizen: SimulatedCitizen) -> None:
    dg1 = citizen.card.data_groups["DG1"]
    [(outer_tag, outer)] = parse_tlv(dg1)
    assert outer_tag == b"\x61"
    [(inner_tag, mrz)] = parse_tlv(outer)
    assert inner_tag == b"\x5f\x1f"
    assert mrz.decode("ascii") == "".join(citizen.mrz)
    assert dg1[:5] == bytes([0x61, 0x5D, 0x5F, 0x1F, 0x5A])
    assert dg1 == dg1_from_mrz(citizen.mrz)


@pytest.mark.parametrize("citizen", CITIZENS, ids=lambda c: c.slug)
def test_dg13_items_are_numbered_sequences(citizen: SimulatedCitizen) -> None:
    [(tag, body)] = parse_tlv(citizen.card.data_groups["DG13"])
    assert tag == b"\x6d"
    values: dict[int, str] = {}
    for item_tag, item in parse_tlv(body):
        assert item_tag == b"\x30"
        (int_tag, number), (value_tag, value) = parse_tlv(item)
        assert int_tag == b"\x02"
        assert value_tag in (b"\x0c", b"\x13")
        values[number[0]] = value.decode("utf-8")
    assert values[1] == citizen.id_number
    assert values[2] == citizen.full_name
    assert values[3] == f"{citizen.birth_date:%d/%m/%Y}"
    assert values[4] == citizen.sex
    assert values[9] == citizen.address
    assert values[15] == citizen.old_id_number


@pytest.mark.parametrize("citizen", CITIZENS, ids=lambda c: c.slug)
def test_card_qr_has_the_seven_cccd_fields(citizen: SimulatedCitizen) -> None:
    fields = citizen.card_qr.split("|")
    assert len(fields) == 7
    assert fields[0] == citizen.id_number
    assert fields[1] == citizen.old_id_number
    assert fields[2] == citizen.full_name
    assert fields[3] == f"{citizen.birth_date:%d%m%Y}"
    assert fields[4] in ("Nam", "Nữ")
    assert fields[6] == f"{citizen.issue_date:%d%m%Y}"


def test_cards_have_no_face_image() -> None:
    assert set(BA_LAN.card.data_groups) == {"COM", "DG1", "DG13"}
