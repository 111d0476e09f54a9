"""Receipt, procedure and VNeID QRs in their tolerant shapes: a URL with query parameters, a JSON
object, `key=value` / `key: value` pairs, or bare pipe/semicolon-separated fields.

No public encoding of the Circular 01/2023/TT-VPCP receipt QR was found (vn-formats §4), nor of
the VNeID app's QR (§6.4: the kiosk may be shown one on a phone), so field names are matched
loosely (case, diacritics, `_`/`-` ignored) against Vietnamese and English aliases. A URL is only
ever split into parts here: nothing is opened or followed.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlsplit

from kiosk.services.qr_payloads.codes import (
    find_procedure_code,
    parse_dossier_code,
    parse_procedure_code,
)

__all__ = ["Structured", "from_fields", "from_json", "from_url", "split_fields"]

# canonical field → aliases, already folded by `_fold`
_ALIASES: dict[str, tuple[str, ...]] = {
    "dossier_code": ("mahoso", "mhs", "sohoso", "hoso", "dossier", "dossiercode", "dossierno"),
    "procedure_code": ("mathutuc", "matthc", "thutuc", "tthc", "procedure", "procedurecode"),
    "procedure_name": ("tenthutuc", "tentthc", "procedurename"),
    "applicant": (
        "chuhoso",
        "nguoinop",
        "applicant",
        "madinhdanh",
        "sodinhdanh",
        "cccd",
        "madoituong",
    ),
    "title": ("tengiayto", "tieude", "loaigiayto", "trichyeu", "title", "document", "paper"),
    "issuer": ("hethong", "issuer", "system", "donvi", "coquan", "noicap", "source"),
    "issued_at": ("thoigian", "ngaytiepnhan", "time", "issued", "issuedat", "timestamp", "ngaycap"),
    "appointment": ("ngayhentra", "hentra", "ngayhen", "appointment", "due", "duedate"),
}
_BY_ALIAS = {alias: name for name, aliases in _ALIASES.items() for alias in aliases}
_VNEID_HOSTS = ("vneid.gov.vn", "dancuquocgia.gov.vn")
_VNEID_WORDS = ("vneid", "dinhdanhdientu")
_VNEID_SESSION = ("session", "sessionid", "token", "code", "state", "requestid", "qrid")
_PAIR = re.compile(r"^\s*([^=:]{1,40}?)\s*[=:]\s*(.*?)\s*$", re.S)
_DATE_LIKE = re.compile(r"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|^\d{8}(\d{6})?$")
_ID_NUMBER = re.compile(r"^\d{12}$")
_MAX_FIELDS = 32

Structured = tuple[str, dict[str, str]]  # (kind value, fields); kind "" when nothing matched


def _fold(name: str) -> str:
    decomposed = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if c.isascii() and c.isalnum()).lower()


def _canonical(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for key, value in pairs:
        name = _BY_ALIAS.get(_fold(key))
        if name is not None and value.strip() and name not in fields:
            fields[name] = value.strip()
    return fields


def _decide(fields: dict[str, str], vneid_hint: bool) -> Structured:
    dossier = fields.get("dossier_code")
    if dossier is not None and parse_dossier_code(dossier) is not None:
        fields["dossier_code"] = dossier.upper()
        return "receipt", fields  # even one filed through VNeID: it is a receipt
    if vneid_hint:
        return "vneid", fields
    procedure = fields.get("procedure_code")
    if procedure is not None and parse_procedure_code(procedure) is not None:
        fields["procedure_code"] = procedure.upper()
        receipt_only = {"applicant", "appointment", "issued_at"} & fields.keys()
        return ("receipt" if receipt_only else "procedure"), fields
    return "", fields


def from_url(text: str) -> Structured | None:
    """None when `text` is not an http(s)/app URL; else its kind ("" if unknown) and fields."""
    if any(c.isspace() for c in text) or "://" not in text[:24]:
        return None
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if not parts.scheme.isalpha():
        return None
    query = parse_qsl(parts.query, keep_blank_values=False)[:_MAX_FIELDS]
    fields = _canonical(query)
    fields["url"] = text
    if host:
        fields["host"] = host
    vneid = parts.scheme.lower() == "vneid" or any(
        host == h or host.endswith("." + h) for h in _VNEID_HOSTS
    )
    if vneid:
        for key, value in query:
            if _fold(key) in _VNEID_SESSION and value:
                fields.setdefault("session", value)
        action = parts.path.strip("/").rsplit("/", 1)[-1] or parts.netloc.partition("?")[0]
        if action and not host.endswith(action):
            fields["action"] = action
        return "vneid", fields
    kind, fields = _decide(fields, vneid_hint=False)
    if not kind:
        for _, value in query:  # an unnamed dossier code in any parameter
            if parse_dossier_code(value) is not None:
                fields["dossier_code"] = value.upper()
                return "receipt", fields
        code = find_procedure_code(parts.path)
        if code is not None:
            fields["procedure_code"] = code
            return "procedure", fields
    return kind, fields


def from_json(text: str) -> Structured | None:
    """None when `text` is not a JSON object; nested objects are flattened one level."""
    if not text.startswith("{"):
        return None
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict):
        return None
    pairs: list[tuple[str, str]] = []
    for key, value in list(data.items())[:_MAX_FIELDS]:
        items = value.items() if isinstance(value, dict) else [(key, value)]
        for inner_key, inner in list(items)[:_MAX_FIELDS]:
            if isinstance(inner, str | int | float) and not isinstance(inner, bool):
                pairs.append((str(inner_key), str(inner)))
    folded = [_fold(k) for k, _ in pairs] + [_fold(str(k)) for k in data]
    folded += [_fold(v) for _, v in pairs if len(v) < 64]
    vneid = any(w in f for f in folded for w in _VNEID_WORDS)
    fields = _canonical(pairs)
    if vneid:
        session = next((v for k, v in pairs if _fold(k) in _VNEID_SESSION and v), None)
        if session is not None:
            fields["session"] = session
    url = next((v for _, v in pairs if v.startswith(("http://", "https://"))), None)
    if url is not None:
        fields["url"] = url
    return _decide(fields, vneid)


def split_fields(text: str) -> list[str] | None:
    """Pipe-, semicolon- or line-separated fields; None for a single field."""
    for separator in ("|", ";", "\n"):
        if separator in text:
            return [f.strip() for f in text.split(separator)][:_MAX_FIELDS]
    return None


def from_fields(parts: list[str]) -> Structured:
    """`key=value` pairs by name; otherwise positional fields recognised by their shape: the
    first dossier code makes it a receipt, dates fill issued_at then appointment."""
    pairs = [m.groups() for m in map(_PAIR.match, parts) if m is not None]
    named = _canonical((k, v) for k, v in pairs)
    if named:
        decided = _decide(named, vneid_hint=False)
        if decided[0]:
            return decided
    fields: dict[str, str] = {}
    loose: list[str] = []
    for part in parts:
        if not part:
            continue
        if "dossier_code" not in fields and parse_dossier_code(part) is not None:
            fields["dossier_code"] = part.upper()
        elif "procedure_code" not in fields and parse_procedure_code(part) is not None:
            fields["procedure_code"] = part.upper()
        elif "applicant" not in fields and _ID_NUMBER.match(part):
            fields["applicant"] = part
        elif _DATE_LIKE.match(part) and "appointment" not in fields:
            fields["appointment" if "issued_at" in fields else "issued_at"] = part
        else:
            loose.append(part)
    if "dossier_code" not in fields:
        return "", {}
    for name, value in zip(("title", "issuer"), loose, strict=False):
        fields[name] = value
    return "receipt", fields
