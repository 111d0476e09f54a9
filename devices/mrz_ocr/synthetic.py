"""Card-back images with a known TD1 MRZ, for tests and the bench (never shipped to a citizen).

The MRZ is set in OCR-B (Debian `fonts-ocr-b`) at the ICAO 9303-3 size: 10 characters per inch,
about 2.4 mm cap height, on an ID-1 card (85.6 × 54 mm). Above it sit the things a real CCCD back
carries that confuse a naive reader: Vietnamese text, a fingerprint-like box and guilloche lines.
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

from kiosk.services.identity.mrz import NO_DATE, check_digit, mrz_name, td1_lines

CARD_MM = (85.6, 54.0)
OCR_B_CANDIDATES = (
    Path("/usr/share/fonts/opentype/ocr-b/OCRB.otf"),
    Path("/usr/share/fonts/truetype/ocr-b/OCRB.ttf"),
)
TEXT_FONT_CANDIDATES = (
    Path(__file__).resolve().parents[2] / "ui" / "fonts" / "NotoSans-Regular.ttf",
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
)
_PITCH_MM = 25.4 / 10  # ICAO 9303-3: 10 characters per inch
_LINE_PITCH_MM = 3.9
_MRZ_LEFT_MM = 4.6
_MRZ_BOTTOM_BASELINE_MM = 4.2


_SURNAMES = ("NGUYEN", "TRAN", "LE", "PHAM", "HOANG", "HUYNH", "PHAN", "VU", "DANG", "BUI", "DO")
_PROVINCES = ("001", "031", "048", "079", "092", "096")


def random_mrz(rng: random.Random) -> tuple[str, str, str]:
    """A valid Vietnamese TD1 MRZ for an invented citizen; now and then a no-expiry card."""
    female = rng.random() < 0.5
    year = rng.randint(1930, 2012)
    birth = f"{year % 100:02d}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    century_sex = (year // 100 - 19) * 2 + int(female)
    id_number = f"{rng.choice(_PROVINCES)}{century_sex}{birth[:2]}{rng.randint(0, 999999):06d}"
    expiry = NO_DATE if rng.random() < 0.2 else f"{rng.randint(26, 45)}{birth[2:]}"
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    given = " ".join(
        "".join(rng.choice(letters) for _ in range(rng.randint(2, 5)))
        for _ in range(rng.randint(1, 2))
    )
    return td1_lines(
        document_number=id_number[-9:],
        optional_data_1=f"{id_number}<<{check_digit(id_number)}",
        birth_date=birth,
        sex="F" if female else "M",
        expiry_date=expiry,
        name=mrz_name(rng.choice(_SURNAMES), given),
    )


class Degradation(StrEnum):
    CLEAN = "clean"
    ROTATED = "rotated"  # ±2°
    BLURRED = "blurred"
    JPEG_Q40 = "jpeg_q40"
    DPI_200 = "dpi_200"
    DPI_150 = "dpi_150"
    UNEVEN_LIGHT = "uneven_light"


def ocr_b_font_path() -> Path | None:
    return next((p for p in OCR_B_CANDIDATES if p.is_file()), None)


def _text_font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = next((p for p in TEXT_FONT_CANDIDATES if p.is_file()), None)
    return ImageFont.truetype(str(path), size) if path else ImageFont.load_default(size)


@dataclass(frozen=True, slots=True)
class CardBack:
    image: Image.Image
    lines: tuple[str, str, str]
    degradation: Degradation
    dpi: int


def _guilloche(draw: ImageDraw.ImageDraw, w: int, h: int, rng: random.Random) -> None:
    for _ in range(14):
        amp, period, phase = rng.uniform(4, h / 6), rng.uniform(w / 8, w / 2), rng.uniform(0, 6.3)
        y0 = rng.uniform(0, h)
        tone = (rng.randint(190, 225), rng.randint(200, 230), rng.randint(205, 240))
        points = [
            (x, y0 + amp * math.sin(2 * math.pi * x / period + phase)) for x in range(0, w, 4)
        ]
        draw.line(points, fill=tone, width=1)


def render_card_back(lines: tuple[str, str, str], dpi: int = 300, seed: int = 0) -> Image.Image:
    """A clean RGB card back at `dpi` with `lines` as its MRZ."""
    font_path = ocr_b_font_path()
    if font_path is None:
        raise FileNotFoundError("the OCR-B font is missing: apt install fonts-ocr-b")
    px = dpi / 25.4
    w, h = round(CARD_MM[0] * px), round(CARD_MM[1] * px)
    rng = random.Random(seed)
    image = Image.new("RGB", (w, h), (rng.randint(236, 248), rng.randint(238, 250), 244))
    draw = ImageDraw.Draw(image)
    _guilloche(draw, w, h, rng)
    small = _text_font(round(1.9 * px))
    draw.text(
        (4 * px, 3 * px), "Đặc điểm nhân dạng: Nốt ruồi C:2cm dưới sau mép phải", "#333", small
    )
    draw.text((4 * px, 7 * px), "Ngày, tháng, năm: 10/04/2021", "#333", small)
    draw.text((4 * px, 11 * px), "CỤC TRƯỞNG CỤC CẢNH SÁT QUẢN LÝ HÀNH CHÍNH", "#333", small)
    draw.text((4 * px, 15 * px), "VỀ TRẬT TỰ XÃ HỘI", "#333", small)
    for left in (52.0, 68.0):  # the two fingerprint boxes
        box = (left * px, 3 * px, (left + 14) * px, 22 * px)
        draw.rectangle(box, outline="#777", width=max(1, round(0.2 * px)))
        for r in range(2, 30, 3):
            cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
            draw.ellipse(
                (cx - r * px / 5, cy - r * px / 4, cx + r * px / 5, cy + r * px / 4), outline="#aaa"
            )
    mrz_font = ImageFont.truetype(str(font_path), 10)
    cap = mrz_font.getbbox("H")[3] - mrz_font.getbbox("H")[1]
    size = 10 * (2.4 * px) / cap  # cap height 2.4 mm
    mrz_font = ImageFont.truetype(str(font_path), round(size))
    pitch = _PITCH_MM * px
    for i, line in enumerate(lines):
        baseline = h - (_MRZ_BOTTOM_BASELINE_MM + (2 - i) * _LINE_PITCH_MM) * px
        for j, char in enumerate(line):
            draw.text(
                (_MRZ_LEFT_MM * px + j * pitch, baseline), char, "#111", mrz_font, anchor="ls"
            )
    return image


def degrade(image: Image.Image, kind: Degradation, seed: int = 0) -> Image.Image:
    """One realistic capture defect applied to a clean 300 dpi render."""
    rng = random.Random(seed)
    if kind is Degradation.ROTATED:
        angle = rng.choice((-1, 1)) * rng.uniform(1.0, 2.0)
        return image.rotate(angle, Image.Resampling.BICUBIC, expand=True, fillcolor=(90, 90, 90))
    if kind is Degradation.BLURRED:
        return image.filter(ImageFilter.GaussianBlur(rng.uniform(1.0, 1.6)))
    if kind is Degradation.JPEG_Q40:
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=40)
        return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")
    if kind in (Degradation.DPI_200, Degradation.DPI_150):
        dpi = 200 if kind is Degradation.DPI_200 else 150
        size = (round(image.width * dpi / 300), round(image.height * dpi / 300))
        return image.resize(size, Image.Resampling.LANCZOS)
    if kind is Degradation.UNEVEN_LIGHT:
        # a lamp off to one side: a linear fall-off plus a soft spot, down to 45 % brightness
        linear = Image.linear_gradient("L").rotate(rng.choice((0, 90, 180, 270)))
        spot = ImageChops.invert(Image.radial_gradient("L"))
        gradient = ImageChops.lighter(linear, spot).resize(image.size, Image.Resampling.BILINEAR)
        shade = gradient.point(lambda v: 115 + v * 140 // 255)
        return ImageChops.multiply(image, Image.merge("RGB", [shade] * 3))
    return image


def card_back(
    lines: tuple[str, str, str], kind: Degradation = Degradation.CLEAN, seed: int = 0
) -> CardBack:
    image = degrade(render_card_back(lines, 300, seed), kind, seed)
    dpi = {Degradation.DPI_200: 200, Degradation.DPI_150: 150}.get(kind, 300)
    return CardBack(image, lines, kind, dpi)
