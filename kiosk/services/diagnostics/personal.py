"""Remove personal data from free text before logs leave the kiosk (the USB log export).

`redact.text` masks what a device error can quote (ID numbers, MRZ lines, long quoted values).
Log lines and audit details are freer text, so this adds, in this order:
- `key=value` / `key: value` for keys that name personal fields (name, address, birth date …);
- dates written day first (01/02/1956, 01-02-1956, 01.02.1956): birth dates; ISO dates
  (2026-11-23, how every timestamp of ours is written) are kept;
- Vietnamese person names: two or more capitalised words in a row (or ALL CAPS, as on the chip)
  starting with a common family name, or with the middle name "Thị"/"Văn";
- addresses: a house number followed by capitalised words, or an address word (Phường, Xã,
  Quận, Ngõ …) followed by capitalised words, with the ", Capitalised …" parts after it.
It errs on the side of masking: a technician loses a word now and then, a citizen never leaks.
"""

from __future__ import annotations

import re

from kiosk.services.diagnostics import redact

NAME = "<name>"
ADDRESS = "<address>"
DATE = "<date>"

_KEYS = (
    r"full_?name|applicant_?name|citizen_?name|name|họ_?tên|ho_?ten|"
    r"birth_?date|date_?of_?birth|dob|ngày_?sinh|ngay_?sinh|"
    r"id_?number|cccd|cmnd|applicant_?id|phone"
)
_ADDRESS_KEYS = r"address|addr|địa_?chỉ|dia_?chi|residence|hometown|quê_?quán|que_?quan"
_QUOTED_VALUE = r"\"[^\"]*\"|'[^']*'"
# A value ends at the next `key=`, at a field separator, or at the end; an address may hold
# commas ("12 Hàng Bạc, Hoàn Kiếm"), other values end at a comma too.
_KEY_VALUE = re.compile(
    rf"(?i)\b({_KEYS})(\s*[=:]\s*)({_QUOTED_VALUE}|[^,;|\t\n]*?)(?=\s+\w+[=:]|[,;|\t\n]|$)"
)
_ADDRESS_VALUE = re.compile(
    rf"(?i)\b({_ADDRESS_KEYS})(\s*[=:]\s*)({_QUOTED_VALUE}|[^;|\t\n]*?)(?=\s+\w+[=:]|[;|\t\n]|$)"
)
_DAY_FIRST = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{4}\b")
_WORD = re.compile(r"[^\W\d_]+")
_HOUSE_NUMBER = re.compile(r"(?:(?:[Ss]ố|[Nn]o\.?)\s*)?\d+[A-Za-z]?(?:/\d+[A-Za-z]?)*\s+$")

SURNAMES = frozenset(
    [
        "nguyễn",
        "trần",
        "lê",
        "phạm",
        "hoàng",
        "huỳnh",
        "phan",
        "vũ",
        "võ",
        "đặng",
        "bùi",
        "đỗ",
        "hồ",
        "ngô",
        "dương",
        "lý",
        "đinh",
        "trịnh",
        "đào",
        "lâm",
        "mai",
        "cao",
        "hà",
        "tạ",
        "lương",
        "trương",
        "kiều",
        "quách",
        "thái",
        "tôn",
        "triệu",
        "văn",
        "chu",
        "đoàn",
        "vương",
        "lưu",
        "la",
        "mạc",
        "nông",
        "lò",
        "tô",
        "khúc",
        "âu",
        "đàm",
        "giang",
        "hứa",
        "phùng",
        "thân",
    ]
)
_MIDDLE = frozenset({"thị", "văn"})
ADDRESS_WORDS = frozenset(
    [
        "phường",
        "xã",
        "quận",
        "huyện",
        "tỉnh",
        "thôn",
        "ấp",
        "ngõ",
        "ngách",
        "hẻm",
        "đường",
        "phố",
        "tổ",
        "khu",
        "xóm",
        "bản",
        "thị_trấn",
        "tp",
    ]
)


def _runs(value: str) -> list[list[re.Match[str]]]:
    """Runs of capitalised words separated by single spaces."""
    runs: list[list[re.Match[str]]] = []
    current: list[re.Match[str]] = []
    for m in _WORD.finditer(value):
        if not m.group()[0].isupper():
            if current:
                runs.append(current)
            current = []
            continue
        if current and value[current[-1].end() : m.start()] != " ":
            runs.append(current)
            current = []
        current.append(m)
    if current:
        runs.append(current)
    return runs


def _spans(value: str) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    runs = _runs(value)
    chain_end = -1  # end of the last address part: ", Next Words" continues it
    for run in runs:
        start, end = run[0].start(), run[-1].end()
        words = [m.group().casefold() for m in run]
        between = value[chain_end:start] if chain_end >= 0 else ""
        house = _HOUSE_NUMBER.search(value, 0, start)
        if chain_end >= 0 and re.fullmatch(r"\s*,\s*", between):
            spans.append((chain_end, end, ""))
            chain_end = end
        elif house is not None and house.end() == start:
            spans.append((house.start(), end, ADDRESS))
            chain_end = end
        elif words[0] in ADDRESS_WORDS:
            spans.append((start, end, ADDRESS))
            chain_end = end
        elif len(run) >= 2 and (words[0] in SURNAMES or _MIDDLE & set(words[1:-1] or words)):
            spans.append((start, end, NAME))
            chain_end = -1
        else:
            chain_end = -1
    return spans


def _names_and_addresses(value: str) -> str:
    out: list[str] = []
    last = 0
    for start, end, mark in _spans(value):
        out.append(value[last:start])
        out.append(mark)
        last = end
    out.append(value[last:])
    return "".join(out)


def scrub(value: str) -> str:
    """`value` with personal data replaced by <name>, <address>, <date>, <N digits> …"""
    for pattern in (_ADDRESS_VALUE, _KEY_VALUE):
        value = pattern.sub(lambda m: f"{m.group(1)}{m.group(2)}<redacted>", value)
    value = _DAY_FIRST.sub(DATE, value)
    value = _names_and_addresses(value)
    return redact.masked(value)
