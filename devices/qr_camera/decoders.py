"""The three QR decoders on this machine, each returning raw bytes (charset decided by us).

Every payload a ward sees is UTF-8 in byte mode without ECI, so no decoder's charset guess is
trusted: we take the bytes and decode UTF-8 ourselves (`Decoded.text` is None when they are
not valid UTF-8, so mojibake is flagged instead of returned as text).
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np
import zxingcpp

QR_ONLY = zxingcpp.barcode_formats_from_str("QRCode")
ZBAR_QRCODE = 64
ZBAR_CFG_ENABLE = 0
ZBAR_CFG_BINARY = 4  # zbar >= 0.23: hand back the raw bytes instead of guessing a charset
ZBAR_GRAY = 0x30303859  # fourcc "Y800"


@dataclass(frozen=True, slots=True)
class Decoded:
    raw: bytes
    text: str | None  # None: the bytes are not UTF-8 (damaged or mis-decoded); never guessed
    decoder: str
    stage: str = ""
    corners: tuple[tuple[float, float], ...] = field(default=())

    @property
    def valid(self) -> bool:
        return self.text is not None


def utf8_or_none(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _zx_corners(b: zxingcpp.Barcode) -> tuple[tuple[float, float], ...]:
    p = b.position
    return tuple(
        (float(q.x), float(q.y)) for q in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)
    )


def zxing(gray: np.ndarray, *, fast: bool = False, stage: str = "zxing") -> list[Decoded]:
    found = zxingcpp.read_barcodes(
        gray,
        formats=QR_ONLY,
        try_rotate=not fast,
        try_downscale=not fast,
        try_invert=not fast,
    )
    return [
        Decoded(bytes(b.bytes), utf8_or_none(bytes(b.bytes)), "zxing", stage, _zx_corners(b))
        for b in found
        if b.valid
    ]


def _zbar() -> Any:
    from pyzbar import wrapper  # loads libzbar and declares the prototypes

    return wrapper


def zbar(gray: np.ndarray, *, binary: bool = True, stage: str = "zbar") -> list[Decoded]:
    """zbar via pyzbar's ctypes prototypes; `binary` sets ZBAR_CFG_BINARY (pyzbar cannot)."""
    w = _zbar()
    gray = np.ascontiguousarray(gray, dtype=np.uint8)
    h, wd = gray.shape[:2]
    scanner = w.zbar_image_scanner_create()
    image = w.zbar_image_create()
    out: list[Decoded] = []
    try:
        w.zbar_image_scanner_set_config(scanner, 0, ZBAR_CFG_ENABLE, 0)
        w.zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1)
        if binary:
            w.zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_BINARY, 1)
        buf = gray.tobytes()
        w.zbar_image_set_format(image, ZBAR_GRAY)
        w.zbar_image_set_size(image, wd, h)
        w.zbar_image_set_data(
            image, ctypes.cast(ctypes.c_char_p(buf), ctypes.c_void_p), len(buf), None
        )
        if w.zbar_scan_image(scanner, image) > 0:
            sym = w.zbar_image_first_symbol(image)
            while sym:
                raw = ctypes.string_at(
                    w.zbar_symbol_get_data(sym), w.zbar_symbol_get_data_length(sym)
                )
                out.append(Decoded(raw, utf8_or_none(raw), "zbar", stage))
                sym = w.zbar_symbol_next(sym)
    finally:
        w.zbar_image_destroy(image)
        w.zbar_image_scanner_destroy(scanner)
    return out


_CV2_DETECTOR: cv2.QRCodeDetectorAruco | None = None


def opencv(gray: np.ndarray, *, stage: str = "opencv") -> list[Decoded]:
    global _CV2_DETECTOR
    if _CV2_DETECTOR is None:
        _CV2_DETECTOR = cv2.QRCodeDetectorAruco()
    text, _points, _straight = _CV2_DETECTOR.detectAndDecode(gray)
    if not text:
        return []
    raw = text.encode("utf-8", "surrogateescape")
    return [Decoded(raw, utf8_or_none(raw), "opencv", stage)]
