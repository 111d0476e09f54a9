"""read_mrz end to end with tesseract replaced, and every failure typed (never an exception)."""

from __future__ import annotations

from collections.abc import Callable

import pytesseract
import pytest
from PIL import Image

from devices.mrz_ocr import engine, read_mrz
from devices.mrz_ocr.engine import Deadline, EngineError, EngineFailure
from devices.mrz_ocr.reader import PROMPT_UNAVAILABLE, PROMPT_UNREADABLE, MrzOcrFailure
from devices.mrz_ocr.synthetic import CardBack, Degradation
from devices.simulated.citizens import ANH_MINH, BA_LAN
from kiosk.paths import prompts_file
from kiosk.ports.document_scanner import ColourMode, ScannedPage
from kiosk.prompts import load_prompts

Reader = Callable[[Image.Image, str, int, Deadline], tuple[list[str], float]]


def scripted(*answers: list[str]) -> Reader:
    """A stand-in for tesseract that answers the given line lists in turn."""
    queue = list(answers)

    def read_lines(
        image: Image.Image, whitelist: str, psm: int, dl: Deadline
    ) -> tuple[list[str], float]:
        dl.remaining()
        return queue.pop(0), 0.9

    return read_lines


def truth(lines: tuple[str, str, str]) -> list[str]:
    return [line.replace("<", "") for line in lines]


@pytest.fixture
def back(card_backs: dict[tuple[str, Degradation], CardBack]) -> CardBack:
    return card_backs[(ANH_MINH.slug, Degradation.CLEAN)]


def test_lines_come_back_when_the_engine_reads_them(
    monkeypatch: pytest.MonkeyPatch, back: CardBack
) -> None:
    monkeypatch.setattr(engine, "read_lines", scripted(truth(back.lines), truth(back.lines)[2:]))
    result = read_mrz(back.image)
    assert result.failure is None and result.lines == back.lines
    assert result.mrz is not None and result.mrz.id_number == ANH_MINH.id_number
    assert result.prompt_id is None and result.confidence == 0.9


def test_field_type_fixes_are_applied_before_the_check(
    monkeypatch: pytest.MonkeyPatch, back: CardBack
) -> None:
    l1, l2, l3 = truth(back.lines)
    misread = [l1.replace("0920", "O92O"), l2.replace("VNM", "VNM").replace("91", "9I"), l3]
    monkeypatch.setattr(engine, "read_lines", scripted(misread, [l3]))
    assert read_mrz(back.image).lines == back.lines


def test_a_wrong_digit_is_a_check_digit_failure_never_lines(
    monkeypatch: pytest.MonkeyPatch, back: CardBack
) -> None:
    l1, l2, l3 = truth(back.lines)
    wrong = [l1.replace("7788", "7789", 1), l2, l3]
    monkeypatch.setattr(engine, "read_lines", scripted(wrong, wrong, wrong))
    result = read_mrz(back.image)
    assert result.lines is None and result.failure is MrzOcrFailure.CHECK_DIGITS
    assert result.prompt_id == PROMPT_UNREADABLE


def test_a_split_character_gets_more_looks_then_fails(
    monkeypatch: pytest.MonkeyPatch, back: CardBack
) -> None:
    l1, l2, l3 = truth(back.lines)
    looks = ([l1 + "1", l2, l3], [l1, l2 + "0", l3], [l1, l2, l3 + "I"])
    monkeypatch.setattr(engine, "read_lines", scripted(*looks))
    result = read_mrz(back.image)
    assert result.failure is MrzOcrFailure.UNREADABLE and "line 3" in result.detail


def test_a_check_digit_failure_gets_another_look(
    monkeypatch: pytest.MonkeyPatch, back: CardBack
) -> None:
    l1, l2, l3 = truth(back.lines)
    wrong = [l1.replace("7788", "7789", 1), l2, l3]
    monkeypatch.setattr(engine, "read_lines", scripted(wrong, [l1, l2, l3], [l3]))
    assert read_mrz(back.image).lines == back.lines


def test_second_look_can_succeed(monkeypatch: pytest.MonkeyPatch, back: CardBack) -> None:
    l1, l2, l3 = truth(back.lines)
    monkeypatch.setattr(engine, "read_lines", scripted([l1 + "1", l2, l3], [l1, l2, l3], [l3]))
    assert read_mrz(back.image).lines == back.lines


def test_a_name_line_that_reads_differently_twice_is_refused(
    monkeypatch: pytest.MonkeyPatch, back: CardBack
) -> None:
    l1, l2, l3 = truth(back.lines)
    monkeypatch.setattr(engine, "read_lines", scripted([l1, l2, l3], [l3.replace("M", "N")]))
    result = read_mrz(back.image)
    assert result.lines is None and result.failure is MrzOcrFailure.UNREADABLE


def test_wrong_line_count_is_unreadable(monkeypatch: pytest.MonkeyPatch, back: CardBack) -> None:
    monkeypatch.setattr(engine, "read_lines", scripted(["IDVNM"], ["IDVNM", "X"], []))
    assert read_mrz(back.image).failure is MrzOcrFailure.UNREADABLE


def test_missing_tesseract_is_a_typed_failure_naming_it(
    monkeypatch: pytest.MonkeyPatch, back: CardBack
) -> None:
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nonexistent/tesseract")
    result = read_mrz(back.image)
    assert result.failure is MrzOcrFailure.ENGINE_MISSING and result.lines is None
    assert "tesseract" in result.detail and "/nonexistent/tesseract" in result.detail
    assert result.prompt_id == PROMPT_UNAVAILABLE


def test_engine_timeout_is_typed(monkeypatch: pytest.MonkeyPatch, back: CardBack) -> None:
    def hang(*args: object, **kwargs: object) -> object:
        raise RuntimeError("Tesseract process timeout")

    monkeypatch.setattr(pytesseract, "image_to_data", hang)
    result = read_mrz(back.image)
    assert result.failure is MrzOcrFailure.ENGINE_TIMEOUT and result.lines is None


def test_engine_error_is_typed(monkeypatch: pytest.MonkeyPatch, back: CardBack) -> None:
    def broken(*args: object, **kwargs: object) -> object:
        raise pytesseract.TesseractError(1, "Failed loading language 'eng'")

    monkeypatch.setattr(pytesseract, "image_to_data", broken)
    result = read_mrz(back.image)
    assert result.failure is MrzOcrFailure.ENGINE_ERROR and "eng" in result.detail


def test_the_time_budget_covers_every_engine_run() -> None:
    with pytest.raises(EngineError) as err:
        Deadline(0.0).remaining()
    assert err.value.failure is EngineFailure.TIMEOUT


@pytest.mark.parametrize(
    "image",
    [
        Image.new("RGB", (1011, 638), "white"),
        Image.effect_noise((1011, 638), 80),
        Image.linear_gradient("L").resize((1011, 638)),
    ],
    ids=["blank", "noise", "gradient"],
)
def test_a_non_card_image_is_no_mrz(image: Image.Image, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "read_lines", scripted())  # must not even be asked
    result = read_mrz(image)
    assert result.failure is MrzOcrFailure.NO_MRZ and result.lines is None


@pytest.mark.parametrize(
    "image",
    [
        Image.new("L", (5, 5)),
        ScannedPage(width=100, height=100, dpi=200, mode=ColourMode.GRAY, pixels=b"\0" * 99),
        ScannedPage(width=0, height=0, dpi=200, mode=ColourMode.GRAY, pixels=b""),
    ],
    ids=["tiny", "short-pixels", "empty-page"],
)
def test_a_bad_image_is_typed(image: Image.Image | ScannedPage) -> None:
    assert read_mrz(image).failure is MrzOcrFailure.BAD_IMAGE


def test_a_scanned_page_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    from devices.mrz_ocr.synthetic import card_back

    back = card_back(BA_LAN.mrz, Degradation.DPI_200)
    rgb = back.image.convert("RGB")
    page = ScannedPage(rgb.width, rgb.height, 200, ColourMode.COLOUR, rgb.tobytes())
    monkeypatch.setattr(engine, "read_lines", scripted(truth(BA_LAN.mrz), truth(BA_LAN.mrz)[2:]))
    assert read_mrz(page).lines == BA_LAN.mrz


def test_transparent_png_is_flattened_onto_white(
    monkeypatch: pytest.MonkeyPatch, back: CardBack
) -> None:
    rgba = back.image.convert("RGBA")
    monkeypatch.setattr(engine, "read_lines", scripted(truth(back.lines), truth(back.lines)[2:]))
    assert read_mrz(rgba).lines == back.lines


def test_an_unexpected_library_error_is_contained(
    monkeypatch: pytest.MonkeyPatch, back: CardBack
) -> None:
    def boom(*args: object) -> object:
        raise MemoryError("decompression bomb")

    monkeypatch.setattr("devices.mrz_ocr.layout.ink", boom)
    result = read_mrz(back.image)
    assert result.failure is MrzOcrFailure.UNREADABLE and "MemoryError" in result.detail


def test_prompt_ids_are_in_the_catalogue() -> None:
    catalogue = load_prompts(prompts_file())
    catalogue.require([PROMPT_UNREADABLE, PROMPT_UNAVAILABLE])
