"""Theme numbers: WCAG contrast of every colour pair, cap heights measured, glyph coverage."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont, QFontMetricsF

from kiosk.prompts import PromptCatalogue
from kiosk.settings.schema import default_settings
from ui.fonts import load_bundled_fonts
from ui.theme import BOLD_ROLES, CAP_MM, Colours, Theme, font_px_for_cap


def luminance(hex_colour: str) -> float:
    """WCAG 2.x relative luminance of an sRGB colour."""
    h = hex_colour.lstrip("#")
    channels = [int(h[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_formula_matches_known_values() -> None:
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("what,fg,bg", Colours().text_pairs())
def test_text_contrast_at_least_7_to_1(what: str, fg: str, bg: str) -> None:
    assert contrast(fg, bg) >= 7.0, f"{what}: {contrast(fg, bg):.2f}:1"


@pytest.mark.parametrize("what,edge,bg", Colours().boundary_pairs())
def test_control_boundaries_at_least_3_to_1(what: str, edge: str, bg: str) -> None:
    assert contrast(edge, bg) >= 3.0, f"{what}: {contrast(edge, bg):.2f}:1"


def test_every_colour_in_the_stylesheet_is_a_checked_colour(qapp: object) -> None:
    colours = Colours()
    checked = {
        c.upper() for pair in colours.text_pairs() + colours.boundary_pairs() for c in pair[1:]
    }
    theme = Theme.for_panel(default_settings().panel, load_bundled_fonts())
    import re

    used = {c.upper() for c in re.findall(r"#[0-9A-Fa-f]{6}", theme.stylesheet())}
    assert used <= checked, used - checked


def test_bundled_font_loads_once(qapp: object) -> None:
    family = load_bundled_fonts()
    assert family == "Noto Sans"
    assert load_bundled_fonts() == family


@pytest.mark.parametrize("bold", [False, True])
@pytest.mark.parametrize("cap_mm", [5.0, 7.5, 10.0])
def test_font_size_is_the_smallest_reaching_the_cap_height(
    qapp: object, cap_mm: float, bold: bool
) -> None:
    family = load_bundled_fonts()
    ppm = 1920 / 476.6
    size = font_px_for_cap(family, cap_mm * ppm, bold)

    def cap(px: int) -> float:
        f = QFont(family)
        f.setPixelSize(px)
        f.setBold(bold)
        f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        return QFontMetricsF(f).capHeight()

    assert cap(size) >= cap_mm * ppm > cap(size - 1)


def test_theme_cap_heights_meet_the_roles(qapp: object) -> None:
    family = load_bundled_fonts()
    for big in (False, True):
        theme = Theme.for_panel(default_settings().panel, family, big)
        for role, (normal, large) in CAP_MM.items():
            measured = QFontMetricsF(theme.font(role)).capHeight() / theme.px_per_mm
            assert measured >= (large if big else normal)
            assert theme.font(role).bold() is (role in BOLD_ROLES)


def test_the_font_has_every_vietnamese_character_we_show(
    qapp: object, prompts: PromptCatalogue
) -> None:
    family = load_bundled_fonts()
    chars = {ch for pid in prompts.ids() for ch in prompts.get(pid).text if not ch.isspace()}
    chars |= set(default_settings().kiosk.ward)
    chars |= set("ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ")
    chars |= {c.lower() for c in chars}
    for bold in (False, True):
        font = QFont(family)
        font.setBold(bold)
        metrics = QFontMetricsF(font)
        missing = sorted(c for c in chars if c not in "{}" and not metrics.inFontUcs4(ord(c)))
        assert not missing, missing
