"""Frozen view models of the question screen (contract 5): one question, already worded.

The controller builds these from the procedure's field and the prompt catalogue; the widgets only
render them and emit what the citizen chose. Nothing here reads prompts except
`FormWords.from_prompts`, which the controller calls once.
"""

from __future__ import annotations

from datetime import date

import msgspec

from kiosk.domain.procedure import FieldKind
from kiosk.prompts import PromptCatalogue

# The tone buttons, in the order Vietnamese children learn them (and their Telex keys).
TONE_IDS = (
    "forms.tone_sac",
    "forms.tone_huyen",
    "forms.tone_hoi",
    "forms.tone_nga",
    "forms.tone_nang",
)


class FormWords(msgspec.Struct, frozen=True, kw_only=True):
    """Every fixed word the form widgets show, from `config/prompts/vi/forms.toml`."""

    correct: str  # "Đúng"
    edit: str  # "Sửa"
    confirm: str  # "Thông tin này đúng không?"
    done: str  # "Xong"
    backspace: str  # "Xóa"
    space: str  # "Dấu cách"
    tones: tuple[str, str, str, str, str]  # sắc huyền hỏi ngã nặng
    yes: str
    no: str
    day: str
    month: str
    year: str
    ten_years: str  # "10 năm": the year wheel's big step
    prev_page: str
    next_page: str
    page: str  # "Trang {page}/{pages}": the one template the widgets fill in
    search: str  # "Tìm theo tên"
    search_hint: str  # "Gõ tên, không cần dấu"
    show_list: str  # "Xem danh sách"
    no_results: str
    old_address: str  # "Địa chỉ cũ: {old}"
    old_candidates: str  # "Theo địa chỉ cũ, nơi ở mới là:"
    other_place: str  # "Chọn nơi khác"
    choose_province: str
    choose_commune: str  # "{province}: chọn xã, phường"
    change_province: str
    street: str  # "Số nhà, đường, thôn, tổ (nếu có)"
    old_ward_row: str  # "{ward}, {district} (địa chỉ cũ)": an old ward found by the search
    digits_page: str  # "123": a short screen turns the tone/letter row into digits
    marks_page: str  # "Ă Â Đ": and back
    # spoken names of the buttons that show only a triangle or a page word (accessible names)
    wheel_up: str  # "Tăng {part}"
    wheel_down: str  # "Giảm {part}"
    ten_years_up: str  # "Tăng 10 năm"
    ten_years_down: str  # "Giảm 10 năm"

    @classmethod
    def from_prompts(cls, prompts: PromptCatalogue) -> FormWords:
        def t(key: str) -> str:
            return prompts.get(f"forms.{key}").text  # templates stay unformatted

        tones = tuple(prompts.get(pid).text for pid in TONE_IDS)
        assert len(tones) == 5
        names = [f for f in cls.__struct_fields__ if f != "tones"]
        return cls(
            tones=(tones[0], tones[1], tones[2], tones[3], tones[4]), **{n: t(n) for n in names}
        )


class ChoiceItem(msgspec.Struct, frozen=True, kw_only=True):
    label: str  # shown on the row
    value: str  # answered when the row is tapped


class QuestionView(msgspec.Struct, frozen=True, kw_only=True):
    """One question. `value` is the raw pre-filled/earlier answer; `value_text` shows it.

    With `prefilled`, the screen first asks "Đúng / Sửa": Đúng answers `value` in one tap, Sửa
    opens the editor with `value` loaded (and emits `edit_requested`).
    """

    field_id: str
    kind: FieldKind
    question: str
    words: FormWords
    hint: str = ""
    step: str = ""  # "Câu 2/5"
    value: object = None  # str | date | int | bool | choice value | Address | None
    value_text: str = ""
    prefilled: bool = False
    choices: tuple[ChoiceItem, ...] = ()
    error: str = ""  # short polite text; "" when none
    # TEXT
    max_length: int = 60
    capitalize_words: bool = True  # names and places: "nguyễn văn a" → "Nguyễn Văn A"
    digits: bool = False  # a row of digits on the keyboard (house numbers, paper numbers)
    # NUMBER (ID_NUMBER and PHONE have their own lengths)
    max_digits: int = 6
    # DATE
    min_date: date = date(1900, 1, 1)
    max_date: date = date(2100, 12, 31)
    start_date: date | None = None  # where the wheels start when there is no value
    # ADDRESS
    old_address: str = ""  # an old three-level address to convert (offers the new units)
