"""The packer against poppler: real PDFs, opened and rendered back by a real PDF reader."""

from __future__ import annotations

import pytest
from PIL import Image, ImageChops, ImageDraw

from kiosk.ports.document_scanner import ColourMode, ScannedPage
from kiosk.ports.paper_packer import DEFAULT_MAX_BYTES, PageEncoding, PaperTooLarge
from printing.paper_pdf import Img2PdfPaperPacker, Step
from tests.unit.paper_pdf.conftest import Poppler
from tests.unit.paper_pdf.pages import (
    noise_page,
    photo_box,
    photo_page,
    seal_box,
    stamped_page,
    text_page,
)

A4_PT = (595.3, 841.9)
packer = Img2PdfPaperPacker()


def as_grey(page: ScannedPage) -> Image.Image:
    mode = "L" if page.mode is ColourMode.GRAY else "RGB"
    return Image.frombytes(mode, (page.width, page.height), page.pixels).convert("L")


def ink(image: Image.Image) -> Image.Image:
    return image.point(lambda v: 255 if v < 128 else 0)


def differing_share(a: Image.Image, b: Image.Image) -> float:
    """Share of pixels that are ink in one and paper in the other."""
    return mean_difference(ink(a), ink(b)) / 255


def mean_difference(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute grey difference (0-255) over the common area."""
    w, h = min(a.width, b.width), min(a.height, b.height)
    diff = ImageChops.difference(a.crop((0, 0, w, h)), b.crop((0, 0, w, h)))
    hist = diff.histogram()
    return sum(i * n for i, n in enumerate(hist)) / (w * h)


# --- bad input first -------------------------------------------------------------------------


def test_no_pages_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one page"):
        packer.pack([], max_bytes=DEFAULT_MAX_BYTES)


def test_malformed_page_is_refused_before_any_work() -> None:
    good = text_page()
    bad = ScannedPage(100, 100, 200, ColourMode.GRAY, b"\0" * 99)
    with pytest.raises(ValueError, match="99 bytes"):
        packer.pack([good, bad], max_bytes=DEFAULT_MAX_BYTES)


def test_page_with_no_resolution_is_refused() -> None:
    with pytest.raises(ValueError, match="0 dpi"):
        packer.pack([ScannedPage(10, 10, 0, ColourMode.GRAY, b"\0" * 100)], max_bytes=10_000)


def test_over_the_limit_even_at_lowest_quality_raises_paper_too_large() -> None:
    pages = [noise_page(seed=s) for s in (1, 2)]
    with pytest.raises(PaperTooLarge) as caught:
        packer.pack(pages, max_bytes=200_000)
    error = caught.value
    assert error.max_bytes == 200_000 and error.pages == 2
    assert error.smallest_bytes > 200_000


def test_ladder_may_not_go_below_the_floor() -> None:
    with pytest.raises(ValueError, match="200 dpi floor"):
        Img2PdfPaperPacker(ladder=[Step(150, 50)])


# --- text pages: bitonal, small, and still the page ------------------------------------------


def test_text_page_is_bitonal_g4_a4_and_under_100_kb(poppler: Poppler) -> None:
    page = text_page(200)
    packed = packer.pack([page], max_bytes=DEFAULT_MAX_BYTES)
    assert packed.pages == 1 and packed.size_bytes == len(packed.pdf)
    assert packed.encodings == (PageEncoding.BITONAL,)
    assert packed.min_effective_dpi == 200
    assert packed.size_bytes <= 100_000
    assert poppler.info(packed.pdf)["Pages"] == "1"
    width, height = poppler.page_size_pt(packed.pdf)
    assert width == pytest.approx(A4_PT[0], abs=1.5) and height == pytest.approx(A4_PT[1], abs=1.5)
    (image,) = poppler.images(packed.pdf)
    assert (image["color"], image["bpc"], image["enc"]) == ("gray", "1", "ccitt")
    assert (image["x-ppi"], image["y-ppi"]) == ("200", "200")


def test_text_page_renders_back_as_the_same_page(poppler: Poppler) -> None:
    page = text_page(200, seed=7)
    packed = packer.pack([page], max_bytes=DEFAULT_MAX_BYTES)
    rendered = poppler.render(packed.pdf, 1, dpi=200)
    original = as_grey(page)
    assert abs(rendered.width - original.width) <= 1
    assert abs(rendered.height - original.height) <= 1
    assert differing_share(rendered, original) < 0.02  # stroke edges resampled
    # …and a different page of the same kind does not match (the check can fail)
    assert differing_share(rendered, as_grey(text_page(200, seed=8))) > 0.05


def test_several_pages_make_one_pdf_in_order(poppler: Poppler) -> None:
    pages = [text_page(200, seed=s) for s in (11, 12, 13)]
    packed = packer.pack(pages, max_bytes=DEFAULT_MAX_BYTES)
    assert packed.pages == 3 and poppler.info(packed.pdf)["Pages"] == "3"
    assert len(poppler.images(packed.pdf)) == 3
    for number, page in enumerate(pages, start=1):
        rendered = poppler.render(packed.pdf, number, dpi=100)
        own = as_grey(page).resize(rendered.size)
        others = [as_grey(p).resize(rendered.size) for p in pages if p is not page]
        mine = mean_difference(rendered, own)
        assert all(mine < mean_difference(rendered, other) for other in others)


def test_colour_scan_of_plain_text_is_still_bitonal(poppler: Poppler) -> None:
    packed = packer.pack([text_page(200, ColourMode.COLOUR)], max_bytes=DEFAULT_MAX_BYTES)
    assert packed.encodings == (PageEncoding.BITONAL,)
    assert packed.size_bytes <= 100_000
    assert poppler.images(packed.pdf)[0]["enc"] == "ccitt"


# --- pictures and seals ----------------------------------------------------------------------


def test_page_with_a_photo_is_text_layer_plus_grey_photo(poppler: Poppler) -> None:
    page = photo_page(200)
    packed = packer.pack([page], max_bytes=DEFAULT_MAX_BYTES)
    assert packed.encodings == (PageEncoding.MIXED,)
    assert packed.size_bytes <= 100_000
    layer, photo = poppler.images(packed.pdf)
    assert (layer["color"], layer["bpc"], layer["enc"]) == ("gray", "1", "ccitt")
    assert (photo["color"], photo["enc"]) == ("gray", "jpeg")
    rendered = poppler.render(packed.pdf, 1, dpi=200)
    box = photo_box(200)
    # the photo's mid-tones survive (a threshold would have made them black or white)
    assert mean_difference(rendered.crop(box), as_grey(page).crop(box)) < 8
    # …and outside the photo the text is still the page's text
    text_area = (0, box[3] + 100, rendered.width, rendered.height)
    assert differing_share(rendered.crop(text_area), as_grey(page).crop(text_area)) < 0.02


def test_red_seal_page_is_small_text_layer_plus_red_seal(poppler: Poppler) -> None:
    """A page with a red seal: the text as G4, only the seal's box as a colour JPEG on top."""
    page = stamped_page(200)
    packed = packer.pack([page], max_bytes=DEFAULT_MAX_BYTES)
    assert packed.encodings == (PageEncoding.MIXED,)
    assert packed.size_bytes <= 100_000  # one colour JPEG of the page was ~200 KB
    layer, seal = poppler.images(packed.pdf)
    assert (layer["color"], layer["bpc"], layer["enc"]) == ("gray", "1", "ccitt")
    assert (seal["color"], seal["enc"]) == ("rgb", "jpeg")
    left, top, right, bottom = seal_box(200)
    seal_w, seal_h = int(seal["width"]), int(seal["height"])
    assert right - left <= seal_w <= (right - left) * 1.3  # the seal's box, not the page
    assert bottom - top <= seal_h <= (bottom - top) * 1.3
    rendered = poppler.render(packed.pdf, 1, dpi=200, gray=False)
    r, g, b = rendered.getpixel(((left + right) // 2, (top + bottom) // 2))  # type: ignore[misc]
    assert r > 150 and g < 90 and b < 90  # the seal is still red…
    ring = rendered.getpixel((left + 3, (top + bottom) // 2))  # …its ring too, in place
    assert ring[0] > 150 and ring[1] < 110, ring  # type: ignore[index]
    # outside the seal: the 1-bit layer above (bpc 1, ccitt) renders back as the same text
    text = rendered.crop((0, 0, rendered.width, top - 20)).convert("L")
    original = as_grey(page).crop((0, 0, rendered.width, top - 20))
    assert differing_share(text, original) < 0.02
    other = as_grey(text_page(200, seed=9)).crop((0, 0, rendered.width, top - 20))
    assert differing_share(text, other) > 0.05  # a different page would not pass


def test_page_mostly_in_colour_stays_one_colour_jpeg(poppler: Poppler) -> None:
    """A colour print over much of the page: patches would not save anything."""
    page = stamped_page(200)
    image = Image.frombytes("RGB", (page.width, page.height), page.pixels)
    image.paste((40, 90, 200), (0, 0, page.width, page.height // 2))
    tinted = ScannedPage(page.width, page.height, 200, ColourMode.COLOUR, image.tobytes())
    packed = packer.pack([tinted], max_bytes=DEFAULT_MAX_BYTES)
    assert packed.encodings == (PageEncoding.COLOUR,)
    (only,) = poppler.images(packed.pdf)
    assert (only["color"], only["enc"]) == ("rgb", "jpeg")


def test_mixed_paper_chooses_per_page() -> None:
    pages = [text_page(200), stamped_page(200), photo_page(200)]
    packed = packer.pack(pages, max_bytes=DEFAULT_MAX_BYTES)
    assert packed.encodings == (PageEncoding.BITONAL, PageEncoding.MIXED, PageEncoding.MIXED)


# --- stepping down, and the dpi that is recorded ---------------------------------------------


def test_steps_down_to_fit_but_not_below_200_dpi(poppler: Poppler) -> None:
    pages = [photo_page(300, seed=s, mode=ColourMode.COLOUR) for s in (21, 22)]
    best = packer.pack(pages, max_bytes=DEFAULT_MAX_BYTES)
    assert best.min_effective_dpi == 300
    squeezed = packer.pack(pages, max_bytes=best.size_bytes - 1)
    assert squeezed.size_bytes < best.size_bytes
    assert 200 <= squeezed.min_effective_dpi < 300
    assert poppler.info(squeezed.pdf)["Pages"] == "2"
    ppi = {row["x-ppi"] for row in poppler.images(squeezed.pdf)}
    assert ppi == {str(squeezed.min_effective_dpi)}


def test_high_resolution_input_is_capped_at_300_dpi(poppler: Poppler) -> None:
    packed = packer.pack([text_page(400)], max_bytes=DEFAULT_MAX_BYTES)
    assert packed.min_effective_dpi == 300
    assert poppler.images(packed.pdf)[0]["x-ppi"] == "300"
    width, _ = poppler.page_size_pt(packed.pdf)
    assert width == pytest.approx(A4_PT[0], abs=1.5)  # same paper, fewer pixels


def test_low_resolution_input_is_kept_and_reported(poppler: Poppler) -> None:
    """A 1080p camera frame of A4 is ~81 dpi: never upscaled, and the caller is told."""
    packed = packer.pack([text_page(81)], max_bytes=DEFAULT_MAX_BYTES)
    assert packed.min_effective_dpi == 81
    width, height = poppler.page_size_pt(packed.pdf)
    assert width == pytest.approx(A4_PT[0], abs=4) and height == pytest.approx(A4_PT[1], abs=4)


def test_lowest_dpi_of_the_paper_is_recorded() -> None:
    packed = packer.pack([text_page(200), text_page(150)], max_bytes=DEFAULT_MAX_BYTES)
    assert packed.min_effective_dpi == 150


def test_repr_leaves_out_the_scan() -> None:
    packed = packer.pack([text_page(100)], max_bytes=DEFAULT_MAX_BYTES)
    assert "pdf=" not in repr(packed) and "pages=1" in repr(packed)


def test_a_speck_of_colour_stays_bitonal() -> None:
    """Colour fringes and a dot of coloured ink are not a seal: no patch for them."""
    page = text_page(200, ColourMode.COLOUR)
    image = Image.frombytes("RGB", (page.width, page.height), page.pixels)
    for x in range(200, 1400, 150):  # specks of 1 mm
        image.paste((200, 30, 30), (x, 900, x + 8, 908))
    specks = ScannedPage(page.width, page.height, 200, ColourMode.COLOUR, image.tobytes())
    assert packer.pack([specks], max_bytes=DEFAULT_MAX_BYTES).encodings == (PageEncoding.BITONAL,)


def test_a_seal_and_a_blue_signature_are_two_small_patches(poppler: Poppler) -> None:
    page = stamped_page(200)
    image = Image.frombytes("RGB", (page.width, page.height), page.pixels)
    draw = ImageDraw.Draw(image)
    draw.line([(200, 300), (260, 260), (320, 330), (380, 270)], fill=(30, 50, 170), width=5)
    signed = ScannedPage(page.width, page.height, 200, ColourMode.COLOUR, image.tobytes())
    packed = packer.pack([signed], max_bytes=DEFAULT_MAX_BYTES)
    assert packed.encodings == (PageEncoding.MIXED,) and packed.size_bytes <= 100_000
    layer, *patches = poppler.images(packed.pdf)
    assert layer["enc"] == "ccitt"
    assert sorted((p["color"], p["enc"]) for p in patches) == [("rgb", "jpeg")] * 2
    rendered = poppler.render(packed.pdf, 1, dpi=200, gray=False)
    r, _, b = rendered.getpixel((260, 262))  # type: ignore[misc]
    assert b > 120 and r < 110  # the signature is still blue
