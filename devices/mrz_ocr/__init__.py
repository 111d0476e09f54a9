"""MRZ OCR: the TD1 machine-readable zone read off an image of the back of a CCCD (issue 4).

A BAC key source for when the card's QR cannot be read, so the citizen still types nothing.
"""

from devices.mrz_ocr.reader import MrzOcrFailure, MrzOcrResult, read_mrz

__all__ = ["MrzOcrFailure", "MrzOcrResult", "read_mrz"]
