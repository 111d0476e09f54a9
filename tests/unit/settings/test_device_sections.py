"""The sections the papers, receipt, voice and submission work added: typed, checked, wired."""

from __future__ import annotations

import pytest

from kiosk.settings.loader import ConfigError, settings_from_mapping
from kiosk.settings.schema import HttpPortal, LocalPortal, TtsSpeaker
from kiosk.wiring import AVAILABLE_ADAPTERS, headset_detector, unavailable_adapters


def problems(mapping: dict[str, object]) -> list[tuple[str, str]]:
    with pytest.raises(ConfigError) as err:
        settings_from_mapping(mapping)
    return [(p.key, p.reason) for p in err.value.problems]


def test_a_receipt_roll_is_58_or_80_mm() -> None:
    keys = [
        k
        for k, _ in problems(
            {
                "devices": {
                    "receipt_printer": {
                        "adapter": "escpos",
                        "connection": "network",
                        "target": "x:9100",
                        "paper_width_mm": 70,
                    }
                }
            }
        )
    ]
    assert keys == ["devices.receipt_printer.paper_width_mm"]


def test_an_unknown_speech_engine_is_named() -> None:
    keys = [
        k
        for k, _ in problems(
            {"devices": {"speaker": {"adapter": "tts", "engines": ["espeak", "festival"]}}}
        )
    ]
    assert keys and keys[0].startswith("devices.speaker.engines")


def test_the_http_portal_needs_its_token_file() -> None:
    keys = [
        k
        for k, _ in problems(
            {"devices": {"portal": {"adapter": "http", "base_url": "https://gw.example"}}}
        )
    ]
    assert keys == ["devices.portal.token_file"]


def test_outbox_back_off_must_grow() -> None:
    assert problems({"outbox": {"base_delay_s": 60, "max_delay_s": 10}}) == [
        ("outbox.max_delay_s", "must not be shorter than base_delay_s")
    ]


def test_papers_limit_has_a_floor() -> None:
    keys = [k for k, _ in problems({"papers": {"max_paper_bytes": 1000}})]
    assert keys == ["papers.max_paper_bytes"]


def test_new_adapters_are_available_and_typed() -> None:
    s = settings_from_mapping(
        {
            "devices": {
                "speaker": {"adapter": "tts", "headset": "none"},
                "portal": {"adapter": "local"},
                "receipt_printer": {"adapter": "escpos", "connection": "file", "target": "/tmp/x"},
            }
        }
    )
    assert isinstance(s.devices.speaker, TtsSpeaker)
    assert isinstance(s.devices.portal, LocalPortal)
    assert unavailable_adapters(s) == []
    assert headset_detector(s) is None  # headset = "none": never private
    assert {("portal", "http"), ("speaker", "tts"), ("receipt_printer", "escpos")} <= (
        AVAILABLE_ADAPTERS
    )
    http = settings_from_mapping(
        {
            "devices": {
                "portal": {
                    "adapter": "http",
                    "base_url": "https://gw.example",
                    "token_file": "/etc/kiosk/token",
                }
            }
        }
    )
    assert isinstance(http.devices.portal, HttpPortal)
