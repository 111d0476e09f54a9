"""The test-side decoder itself: strict about what it does not know, exact about what it does."""

from __future__ import annotations

import pytest
from PIL import Image

from tests.escpos_decode import EscposDecodeError, decode, decode_prefix, native_qr, rebuild_raster


def test_raster_bits_become_the_image() -> None:
    # 16 x 2: first row all black on the left byte, second row one dot at x=15
    data = b"\x1dv0\x00\x02\x00\x02\x00" + b"\xff\x00" + b"\x00\x01"
    (cmd,) = decode(data)
    image = rebuild_raster([cmd])
    assert image.size == (16, 2)
    assert [image.getpixel((x, 0)) for x in (0, 7, 8)] == [0, 0, 255]
    assert image.getpixel((15, 1)) == 0 and image.getpixel((14, 1)) == 255


def test_dle_eot_inside_raster_data_is_data() -> None:
    data = b"\x1dv0\x00\x01\x00\x03\x00" + b"\x10\x04\x01" + b"\x10\x04\x04"
    commands = decode(data)
    assert [c.name for c in commands] == ["GS v 0", "DLE EOT"]
    assert commands[1].args == (4,)


def test_unknown_bytes_fail_with_their_offset() -> None:
    with pytest.raises(EscposDecodeError, match="offset 2"):
        decode(b"\x1b@\x1b\x99")
    with pytest.raises(EscposDecodeError, match="offset 0"):
        decode(b"A")


def test_a_truncated_stream_is_an_error_but_a_prefix_is_not() -> None:
    data = b"\x1b@\x1dv0\x00\x02\x00\x02\x00\xff"
    commands, used = decode_prefix(data)
    assert [c.name for c in commands] == ["ESC @"] and used == 2
    with pytest.raises(EscposDecodeError, match="truncated"):
        decode(data)


def test_native_qr_parameters() -> None:
    data = (
        b"\x1d(k\x04\x001A2\x00\x1d(k\x03\x001C\x05\x1d(k\x03\x001E2"
        b"\x1d(k\x06\x001P0abc\x1d(k\x03\x001Q0"
    )
    qr = native_qr(decode(data))
    assert qr is not None
    assert (qr.model, qr.module_size, qr.error_level, qr.data, qr.printed) == (
        2,
        5,
        "Q",
        b"abc",
        True,
    )


def test_no_raster_is_an_error() -> None:
    with pytest.raises(EscposDecodeError):
        rebuild_raster(decode(b"\x1b@"))
    assert isinstance(Image.new("1", (1, 1)), Image.Image)
