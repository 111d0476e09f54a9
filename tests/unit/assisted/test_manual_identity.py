"""The hand-entered identity: every refusal keeps the answers and names a prompt; a complete
form gives an identity whose every field says STAFF_ENTRY."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.address import Address, Commune, Province
from kiosk.domain.identity import IdentitySource
from kiosk.services.assisted import manual_identity as m
from kiosk.services.assisted.manual_identity import ManualField, ManualIdentityForm

TODAY = date(2026, 11, 23)
GOOD_ID = "001156012345"  # Hà Nội, 20th century female (1), born '56


def filled_to_id() -> ManualIdentityForm:
    form = ManualIdentityForm(TODAY)
    assert form.answer("  nguyễn   thị lan ") is None
    assert form.answer(date(1956, 3, 4)) is None
    assert form.answer("Nữ") is None
    assert form.field is ManualField.ID_NUMBER
    return form


def test_a_complete_form_gives_a_staff_entry_identity() -> None:
    form = filled_to_id()
    assert form.answer(GOOD_ID) is None
    assert form.answer("12 Hàng Bạc, Phường Hoàn Kiếm, Thành phố Hà Nội") is None
    assert form.done
    who = form.identity()
    assert (who.full_name, who.id_number, who.birth_date, who.sex) == (
        "nguyễn thị lan", GOOD_ID, date(1956, 3, 4), "Nữ",
    )  # fmt: skip
    assert set(who.sources) == {f.value for f in m.ORDER}
    assert set(who.sources.values()) == {IdentitySource.STAFF_ENTRY}


def test_a_bad_id_number_is_refused_and_nothing_is_lost() -> None:
    form = filled_to_id()
    assert form.answer("12345") == m.ID_BAD
    assert form.answer("999156012345") == m.ID_BAD  # no such province
    assert form.field is ManualField.ID_NUMBER
    assert form.value(ManualField.FULL_NAME) == "nguyễn thị lan"
    assert form.value(ManualField.BIRTH_DATE) == date(1956, 3, 4)


def test_an_id_that_disagrees_with_birth_year_or_sex_is_refused() -> None:
    form = filled_to_id()
    assert form.answer("001057012345") == m.ID_MISMATCH  # born '57?
    assert form.answer("001056012345") == m.ID_MISMATCH  # a man's sex digit
    assert form.error == m.ID_MISMATCH
    assert form.answer(GOOD_ID) is None
    assert form.error is None


def test_other_refusals() -> None:
    form = ManualIdentityForm(TODAY)
    assert form.answer("   ") == m.NAME_EMPTY
    assert form.answer("A" * 81) == m.NAME_LONG
    form.answer("Lan")
    assert form.answer(date(2027, 1, 1)) == m.DATE_BAD
    assert form.answer("1956-03-04") == m.DATE_BAD
    form.answer(date(1956, 3, 4))
    assert form.answer("Khác") == m.SEX_BAD
    form.answer("Nữ")
    form.answer(GOOD_ID)
    assert form.answer("") == m.ADDRESS_EMPTY


def test_changing_the_birth_date_asks_the_id_again() -> None:
    form = filled_to_id()
    form.answer(GOOD_ID)
    assert form.field is ManualField.ADDRESS
    form.back()
    form.back()
    form.back()
    assert form.field.value == "birth_date"
    assert form.answer(date(1957, 3, 4)) is None
    assert form.field.value == "id_number"  # sex kept, the ID checked again
    assert form.value(ManualField.SEX) == "Nữ"


def test_an_address_from_the_picker_is_written_on_one_line() -> None:
    form = filled_to_id()
    form.answer(GOOD_ID)
    hn = Province(code="01", name="Thành phố Hà Nội")
    place = Commune(code="00070", name="Phường Hoàn Kiếm", province_code="01",
                    kind="phuong")  # fmt: skip
    form.answer(Address(hn, place, "12 Hàng Bạc"))
    assert form.identity().address == "12 Hàng Bạc, Phường Hoàn Kiếm, Thành phố Hà Nội"


def test_back_from_the_first_field_leaves_and_wipe_forgets() -> None:
    form = filled_to_id()
    form.wipe()
    assert form.answers == {} and form.index == 0
    assert form.back() is False


@given(st.text(max_size=20))
def test_any_typed_id_is_taken_only_when_valid(text: str) -> None:
    form = filled_to_id()
    result = form.answer(text)
    if result is None:
        assert form.value(ManualField.ID_NUMBER) == text.strip()
    else:
        assert result in (m.ID_BAD, m.ID_MISMATCH)
        assert form.field is ManualField.ID_NUMBER
