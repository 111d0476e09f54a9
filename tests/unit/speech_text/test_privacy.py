"""The privacy guard refuses personal data on the loudspeaker, allows it on a headset."""

from __future__ import annotations

import logging
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.devices import READY, HealthReport
from kiosk.ports.speaker import Speaker, Utterance
from kiosk.services.speech_text.privacy import PrivacyGuard, find_personal, personal_values_of

VALUES = personal_values_of(
    id_numbers=["001056012345"],
    names=["Nguyễn Thị Lan"],
    addresses=["12 Hàng Bạc, Hoàn Kiếm, Hà Nội"],
    birth_dates=[date(1956, 7, 5)],
)


class Recorder:
    def __init__(self) -> None:
        self.said: list[Utterance] = []

    def open(self) -> None: ...
    def health(self) -> HealthReport:
        return READY

    def speak(self, utterance: Utterance) -> None:
        self.said.append(utterance)

    def stop(self) -> None: ...
    def close(self) -> None: ...


LEAKS = [
    ("Số định danh 001056012345", "id_number"),
    ("Số 001 056 012 345", "id_number"),
    ("Số 0010.5601.2345", "id_number"),
    ("không không một, không năm sáu, không một hai, ba bốn năm", "id_number"),
    ("Xin chào Nguyễn Thị Lan", "name"),
    ("Xin chào bà Lan", "name"),
    ("xin chào THỊ LAN", "name"),
    ("Địa chỉ 12 Hàng Bạc", "address"),
    ("ở 12 Hàng Bạc, Hoàn Kiếm", "address"),
    ("ở 12 Hàng Bạc", "address"),
    ("Sinh ngày 05/07/1956", "birth_date"),
    ("Sinh 5-7-1956", "birth_date"),
    ("sinh ngày mùng năm tháng bảy năm một nghìn chín trăm năm mươi sáu", "birth_date"),
]

SAFE = [
    "Mời ông bà đặt thẻ căn cước lên đầu đọc thẻ.",
    "Phiên làm việc sẽ kết thúc sau 30 giây",
    "Xin chào ông bà. Máy đã đọc xong thẻ.",
    "Cần lần lượt làm theo hướng dẫn",  # "lần" is not "Lan": tone marks count
    "Hẹn ngày 15/7/1956",  # not her birth date (5/7/1956), though it ends the same
    "Hà Nội",  # the wider units alone are not personal (the kiosk's own ward shares them)
    "Ủy ban nhân dân quận Hoàn Kiếm",
    "Mời ông bà đến quầy số 12",
]


@pytest.mark.parametrize(("text", "kind"), LEAKS)
def test_finds_each_kind_of_personal_value(text: str, kind: str) -> None:
    assert find_personal(text, VALUES) == kind


@pytest.mark.parametrize("text", SAFE)
def test_leaves_ordinary_prompts_alone(text: str) -> None:
    assert find_personal(text, VALUES) is None


def test_refuses_on_the_loudspeaker_and_logs_only_the_prompt_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    inner = Recorder()
    guard = PrivacyGuard(inner, private_mode=lambda: False)
    _: Speaker = guard
    guard.set_personal_values(VALUES)
    with caplog.at_level(logging.WARNING):
        guard.speak(Utterance("review.name", "Họ tên: Nguyễn Thị Lan"))
        guard.speak(Utterance("welcome.title", "Xin chào ông bà"))
    assert [u.prompt_id for u in inner.said] == ["welcome.title"]
    assert guard.refused == [("review.name", "name")]
    assert "review.name" in caplog.text
    assert "Lan" not in caplog.text and "Nguyễn" not in caplog.text


def test_headset_allows_personal_data() -> None:
    inner = Recorder()
    guard = PrivacyGuard(inner, private_mode=lambda: True)
    guard.set_personal_values(VALUES)
    guard.speak(Utterance("review.id", "Số 001056012345"))
    assert [u.prompt_id for u in inner.said] == ["review.id"]


def test_no_probe_or_a_failing_probe_means_loudspeaker() -> None:
    def broken() -> bool:
        raise OSError("pactl not found")

    for probe in (None, broken):
        inner = Recorder()
        guard = PrivacyGuard(inner, private_mode=probe)
        guard.set_personal_values(VALUES)
        guard.speak(Utterance("review.id", "Số 001056012345"))
        assert inner.said == []


def test_values_are_per_session() -> None:
    inner = Recorder()
    guard = PrivacyGuard(inner)
    guard.set_personal_values(VALUES)
    guard.set_personal_values(personal_values_of())  # session wiped
    guard.speak(Utterance("x.y", "Nguyễn Thị Lan"))
    assert len(inner.said) == 1


def test_short_house_number_is_joined_to_its_street() -> None:
    values = personal_values_of(addresses=["Số 12, ngõ 34 phố Hào Nam, Phường Ô Chợ Dừa, Hà Nội"])
    assert find_personal("nhà ở ngõ 34 phố Hào Nam", values) == "address"
    assert find_personal("Số 12, ngõ 34 phố Hào Nam", values) == "address"
    assert find_personal("quầy số 12", values) is None
    assert find_personal("Phường Ô Chợ Dừa", values) is None  # the kiosk's own ward, maybe


@given(st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=12))
def test_id_number_in_any_grouping_is_found(sizes: list[int]) -> None:
    digits, groups, i = "001056012345", [], 0
    for size in sizes:
        if i >= len(digits):
            break
        groups.append(digits[i : i + size])
        i += size
    if i < len(digits):
        groups.append(digits[i:])
    for sep in (" ", ".", "-", " - "):
        assert find_personal(f"Số {sep.join(groups)} nhé", VALUES) == "id_number"
