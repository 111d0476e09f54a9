"""SANE status texts → typed errors, and SANE option choice by the device's own words."""

from __future__ import annotations

import pytest

from devices.sane_scanner.errors import translate
from devices.sane_scanner.options import pick
from kiosk.ports.document_scanner import (
    CoverOpen,
    DeviceBusy,
    NoDevice,
    NoPaper,
    PaperJam,
    ScanCancelled,
    ScanError,
    ScannerIoError,
)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Document feeder out of documents", NoPaper),
        ("Document feeder jammed", PaperJam),
        ("Scanner cover is open", CoverOpen),
        ("Device busy", DeviceBusy),
        ("Error during device I/O", ScannerIoError),
        ("Operation was cancelled", ScanCancelled),
        ("Access to resource has been denied", NoDevice),
        ("Out of memory", ScanError),
    ],
)
def test_sane_status_text_becomes_a_typed_error(text: str, kind: type[ScanError]) -> None:
    error = translate(RuntimeError(text), "scanning")
    assert type(error) is kind and str(error) == f"scanning: {text}"


@pytest.mark.parametrize(
    ("choices", "words", "avoid", "want"),
    [
        (["Lineart", "Gray", "Color"], ("color", "colour"), (), "Color"),
        (["Lineart", "Grayscale", "24bit Color"], ("gray", "grey"), (), "Grayscale"),
        (
            ["Flatbed", "ADF Duplex", "ADF Front"],
            ("adf", "feeder"),
            ("duplex", "back"),
            "ADF Front",
        ),
        (
            ["Flatbed", "Automatic Document Feeder"],
            ("adf", "feeder"),
            (),
            "Automatic Document Feeder",
        ),
        (["Flatbed"], ("adf", "feeder"), (), None),
    ],
)
def test_pick_uses_the_devices_own_words(
    choices: list[str], words: tuple[str, ...], avoid: tuple[str, ...], want: str | None
) -> None:
    assert pick(choices, words, avoid) == want
