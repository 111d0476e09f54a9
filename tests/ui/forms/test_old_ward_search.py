"""Old (pre-2025) ward names in the address search: ranking and filtering, on a few wards."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.domain.address import Commune
from ui.forms.old_ward_search import OldWardIndex, match_rank, old_text, with_old_wards


@dataclass(frozen=True)
class Ward:
    province: str
    district: str
    ward: str
    new_codes: tuple[str, ...]


CONG_VI = Ward("Thành phố Hà Nội", "Quận Ba Đình", "Phường Cống Vị", ("00008", "00025"))
NGOC_HA = Ward("Thành phố Hà Nội", "Quận Ba Đình", "Phường Ngọc Hà", ("00008",))
HA_NGOC = Ward("Tỉnh Thanh Hóa", "Huyện Hà Trung", "Xã Hà Ngọc", ("15001",))
INDEX = OldWardIndex([CONG_VI, NGOC_HA, HA_NGOC])
VINH_CONG = Commune("28222", "Xã Vĩnh Công", "80", "xa")
NEW_NGOC_HA = Commune("00008", "Phường Ngọc Hà", "01", "phuong")


def test_rank() -> None:
    assert match_rank("cong vi", "cong vi") == 0
    assert match_rank("cong vi", "cong") == 1
    assert match_rank("vinh cong", "cong vi") == 2
    assert match_rank("ngoc ha", "cong") is None


def test_an_old_name_that_matches_better_than_any_unit_comes_alone() -> None:
    units, old = with_old_wards(INDEX, "cong vi", [VINH_CONG], None, 12)
    assert (units, old) == ([], [CONG_VI])
    assert old_text(CONG_VI) == "Phường Cống Vị, Quận Ba Đình, Thành phố Hà Nội"


def test_a_name_the_new_unit_kept_is_not_repeated_nor_word_games_added() -> None:
    units, old = with_old_wards(INDEX, "ngoc ha", [NEW_NGOC_HA], None, 12)
    assert (units, old) == ([NEW_NGOC_HA], [])  # not Phường Ngọc Hà (old), not Xã Hà Ngọc


def test_inside_a_province_only_its_old_wards() -> None:
    assert with_old_wards(INDEX, "cong vi", [], {"15001"}, 12) == ([], [])
    assert with_old_wards(INDEX, "cong vi", [], {"00025"}, 12) == ([], [CONG_VI])


def test_without_old_wards_or_text_the_units_stay() -> None:
    assert with_old_wards(None, "cong vi", [VINH_CONG], None, 12) == ([VINH_CONG], [])
    assert with_old_wards(INDEX, "  ", [], None, 12) == ([], [])
