"""Read a TOML settings file and report every problem at once, each with its key and reason."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_type_hints

import msgspec

from kiosk.settings.schema import CameraQr, Settings


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    file: str
    key: str  # dotted path, "" for the whole file
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.key}" if self.key else self.file
        return f"{where}: {self.reason}"


class ConfigError(Exception):
    def __init__(self, problems: list[ConfigProblem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def load_settings(path: Path | str) -> Settings:
    """Parse and validate; raises ConfigError listing every problem found."""
    path = Path(path)
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError([ConfigProblem(name, "", "file not found")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([ConfigProblem(name, "", f"cannot read file: {exc}")]) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError([ConfigProblem(name, "", f"TOML syntax error: {exc}")]) from None
    return settings_from_mapping(data, name)


def settings_from_mapping(data: dict[str, Any], name: str = "<settings>") -> Settings:
    try:
        settings = msgspec.convert(data, Settings)
    except msgspec.ValidationError as exc:
        # msgspec stops at the first error; walk the schema to name every one of them.
        found = _check(data, Settings, "") or [("", str(exc))]
        raise ConfigError([ConfigProblem(name, key, reason) for key, reason in found]) from None
    problems = [ConfigProblem(name, k, r) for k, r in _cross_checks(settings)]
    if problems:
        raise ConfigError(problems)
    return settings


def _check(value: Any, typ: type, path: str) -> list[tuple[str, str]]:
    """Walk the schema beside the data so that one bad key does not hide the next."""
    import msgspec.inspect as mi

    info = mi.type_info(typ)
    assert isinstance(info, mi.StructType)
    if not isinstance(value, dict):
        return [(path, f"expected a table, got {_kind(value)}")]
    fields = {f.encode_name: f for f in info.fields}
    hints = get_type_hints(typ, include_extras=True)
    problems: list[tuple[str, str]] = []
    tag_field = info.tag_field
    for key in value:
        if key not in fields and key != tag_field:
            known = ", ".join(sorted(fields))
            problems.append((_join(path, key), f"unknown key (known keys here: {known})"))
    for key, f in fields.items():
        sub = _join(path, key)
        if key not in value:
            if f.required:
                problems.append((sub, "required key is missing"))
            continue
        problems += _check_field(value[key], hints[f.name], sub)
    return problems


def _check_field(value: Any, annotation: Any, path: str) -> list[tuple[str, str]]:
    import msgspec.inspect as mi

    info = mi.type_info(annotation)
    if isinstance(info, mi.Metadata):
        info = info.type
    if isinstance(info, mi.StructType):
        return _check(value, info.cls, path)
    if isinstance(info, mi.UnionType) and all(isinstance(t, mi.StructType) for t in info.types):
        return _check_tagged(value, info, path)
    try:
        msgspec.convert(value, annotation)
    except msgspec.ValidationError as exc:
        return [(path, _reason(exc, value))]
    return []


def _check_tagged(value: Any, info: Any, path: str) -> list[tuple[str, str]]:
    import msgspec.inspect as mi

    variants = {t.tag: t for t in info.types if isinstance(t, mi.StructType)}
    tag_field = next(iter(variants.values())).tag_field or "adapter"
    if not isinstance(value, dict):
        return [(path, f"expected a table, got {_kind(value)}")]
    tag = value.get(tag_field, "simulated")
    if tag not in variants:
        choices = ", ".join(repr(t) for t in variants)
        return [(_join(path, tag_field), f"unknown adapter {tag!r} (choose one of {choices})")]
    return _check(value, variants[tag].cls, path)


def _reason(exc: msgspec.ValidationError, value: Any) -> str:
    msg = str(exc)
    msg = msg.split(" - at ", 1)[0]
    return msg if "got" in msg else f"{msg} (got {value!r})"


def _cross_checks(s: Settings) -> list[tuple[str, str]]:
    problems: list[tuple[str, str]] = []
    p = s.panel
    h_mm_per_px = p.width_mm / p.width_px
    v_mm_per_px = p.height_mm / p.height_px
    if abs(h_mm_per_px - v_mm_per_px) / max(h_mm_per_px, v_mm_per_px) > 0.1:
        problems.append(
            (
                "panel",
                f"width and height disagree: {h_mm_per_px:.3f} mm/px across but "
                f"{v_mm_per_px:.3f} mm/px down (pixels are square; check the millimetres)",
            )
        )
    if isinstance(s.devices.qr_source, CameraQr):
        x, y, w, h = s.devices.qr_source.roi
        if not (0 <= x < 1 and 0 <= y < 1 and 0 < w <= 1 - x and 0 < h <= 1 - y):
            problems.append(
                ("devices.qr_source.roi", "must be x, y, width, height fractions inside the frame")
            )
    if s.outbox.max_delay_s < s.outbox.base_delay_s:
        problems.append(("outbox.max_delay_s", "must not be shorter than base_delay_s"))
    t = s.timeouts
    if t.slow_idle_s < t.form_idle_s:
        problems.append(("timeouts.slow_idle_s", "must not be shorter than form_idle_s"))
    return problems


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _kind(value: Any) -> str:
    return type(value).__name__
