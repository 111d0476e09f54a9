"""ScanSettings → SANE options. Backends name the same thing differently ("Color", "Colour",
"24bit Color"; "Automatic Document Feeder", "ADF Front"), so values are chosen from the
option's own list."""

from __future__ import annotations

import logging
from typing import Any

from devices.sane_scanner.errors import translate
from kiosk.ports.document_scanner import ColourMode, ScanError, ScanSettings, ScanSource

log = logging.getLogger(__name__)

A4_MM = (210.0, 297.0)

_MODE_WORDS = {ColourMode.COLOUR: ("color", "colour"), ColourMode.GRAY: ("gray", "grey")}
_FEEDER_WORDS = ("adf", "feeder")


def pick(choices: list[str], words: tuple[str, ...], avoid: tuple[str, ...] = ()) -> str | None:
    """The first choice containing one of `words` (case-insensitive) and none of `avoid`."""
    for choice in choices:
        low = choice.lower()
        if any(w in low for w in words) and not any(a in low for a in avoid):
            return choice
    return None


def _choices(dev: Any, name: str) -> list[str] | None:
    option = dev.opt.get(name)
    if option is None or not isinstance(option.constraint, list):
        return None
    return [str(c) for c in option.constraint]


def _set(dev: Any, name: str, value: object) -> None:
    try:
        setattr(dev, name, value)
    except ScanError:
        raise
    except Exception as error:
        raise translate(error, f"setting {name}={value!r}") from error


def apply_settings(dev: Any, settings: ScanSettings) -> None:
    """Source, mode, 8-bit depth, resolution and an A4 area (clamped to the device's bed)."""
    sources = _choices(dev, "source")
    if sources is not None:
        if settings.source is ScanSource.ADF:
            wanted = pick(sources, _FEEDER_WORDS, avoid=("duplex", "back"))
            if wanted is None:
                raise ScanError(f"scanner has no document feeder (sources: {sources})")
        else:
            wanted = pick(sources, ("flatbed", "glass", "normal")) or sources[0]
        _set(dev, "source", wanted)
    elif settings.source is ScanSource.ADF:
        raise ScanError("scanner has no source option, so no document feeder")
    modes = _choices(dev, "mode")
    if modes is not None:
        mode = pick(modes, _MODE_WORDS[settings.mode])
        if mode is None:
            raise ScanError(f"scanner has no {settings.mode} mode (modes: {modes})")
        _set(dev, "mode", mode)
    if "depth" in dev.opt and dev["depth"].is_active():
        # python-sane returns 16-bit colour as an image twice the height: always 8 bits
        _set(dev, "depth", 8)
    if "resolution" in dev.opt:
        _set(dev, "resolution", _resolution_value(dev, settings.dpi))
    for key, size in (("br_x", A4_MM[0]), ("br_y", A4_MM[1])):
        option = dev.opt.get(key)
        if option is None or not option.is_active():
            continue
        top = size
        if isinstance(option.constraint, tuple):
            top = min(size, float(option.constraint[1]))
            if top < size:
                log.warning("sane scanner: %s limited to %.0f mm (A4 needs %.0f)", key, top, size)
        for corner in ("tl_x", "tl_y"):
            if corner in dev.opt and dev[corner].is_active():
                _set(dev, corner, 0.0)
        _set(dev, key, top)


def _resolution_value(dev: Any, dpi: int) -> int | float:
    """The nearest the device offers (a list of dpi or a range); int or float as it expects."""
    option = dev["resolution"]
    constraint = option.constraint
    value: float = float(dpi)
    if isinstance(constraint, list) and constraint:
        value = float(min(constraint, key=lambda c: abs(float(c) - dpi)))
    elif isinstance(constraint, tuple):
        value = min(max(value, float(constraint[0])), float(constraint[1]))
    import _sane

    return value if option.type == _sane.TYPE_FIXED else round(value)
