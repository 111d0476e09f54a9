"""Vietnamese number words, the way a ward officer reads them aloud.

Rules (Northern usage, as in the national broadcaster): "mốt" for 1 and "tư" for 4 after
"mươi" (21, 24), "lăm" for 5 after "mười"/"mươi" (15, 25), "linh" for a zero ten inside a
hundred (105 = một trăm linh năm), and a group after the first always says its hundreds, even
"không trăm" (2025 = hai nghìn không trăm hai mươi lăm).
"""

from __future__ import annotations

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_SCALES = ((10**6, "triệu"), (10**3, "nghìn"))
_BILLION = 10**9


def number_words(n: int) -> str:
    """0 → "không", 21 → "hai mươi mốt", 2025 → "hai nghìn không trăm hai mươi lăm"."""
    if n < 0:
        return "âm " + number_words(-n)
    if n == 0:
        return DIGITS[0]
    return " ".join(_words(n, leading=True))


def digit_words(digits: str) -> str:
    """ "0912" → "không chín một hai" (each digit on its own; other characters dropped)."""
    return " ".join(DIGITS[int(d)] for d in digits if d.isdigit())


def _words(n: int, leading: bool) -> list[str]:
    if n >= _BILLION:
        high, low = divmod(n, _BILLION)
        out = [*_words(high, leading), "tỷ"]
        if low:
            out += _below_billion(low, leading=False)
        return out
    return _below_billion(n, leading)


def _below_billion(n: int, leading: bool) -> list[str]:
    out: list[str] = []
    started = not leading
    rest = n
    for scale, name in _SCALES:
        group, rest = divmod(rest, scale)
        if group:
            out += [*_hundreds(group, full=started), name]
            started = True
    if rest:
        out += _hundreds(rest, full=started)
    return out


def _hundreds(n: int, full: bool) -> list[str]:
    """0 < n < 1000; `full`: a group after the first, which says "không trăm" too."""
    hundreds, rest = divmod(n, 100)
    out: list[str] = []
    if hundreds or full:
        out += [DIGITS[hundreds], "trăm"]
    if rest == 0:
        return out
    tens, units = divmod(rest, 10)
    if tens == 0:
        if out:
            out.append("linh")
        out.append(DIGITS[units])
        return out
    out += ["mười"] if tens == 1 else [DIGITS[tens], "mươi"]
    if units == 1 and tens > 1:
        out.append("mốt")
    elif units == 4 and tens > 1:
        out.append("tư")
    elif units == 5:
        out.append("lăm")
    elif units:
        out.append(DIGITS[units])
    return out
