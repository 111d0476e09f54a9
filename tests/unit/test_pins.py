from __future__ import annotations

import io

import pytest

from kiosk.cli import main
from kiosk.pins import PinError, check_pin_format, hash_pin, verify_pin
from kiosk.settings.loader import settings_from_mapping


@pytest.mark.parametrize(
    ("pin", "reason"),
    [
        ("12a456", "digits only"),
        ("12345", "6 to 12"),
        ("1" * 13, "6 to 12"),
        ("000000", "easy"),
        ("123456", "easy"),
        ("654321", "easy"),
        ("１２３４５７", "digits only"),
    ],
)
def test_bad_pins_are_refused_with_a_reason(pin: str, reason: str) -> None:
    with pytest.raises(PinError, match=reason):
        check_pin_format(pin)


def test_hash_verifies_and_is_accepted_by_the_settings() -> None:
    hashed = hash_pin("583920")
    assert hashed.startswith("$argon2id$") and "583920" not in hashed
    assert verify_pin(hashed, "583920")
    assert not verify_pin(hashed, "583921")
    assert not verify_pin("", "583920")  # no PIN set: the mode stays locked
    settings = settings_from_mapping({"security": {"staff_pin_hash": hashed}})
    assert settings.security.staff_pin_hash == hashed


def test_hash_pin_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("583920\n"))
    assert main(["config", "hash-pin"]) == 0
    assert verify_pin(capsys.readouterr().out.strip(), "583920")


def test_hash_pin_command_refuses_a_weak_pin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("111111\n"))
    assert main(["config", "hash-pin"]) == 2
    out = capsys.readouterr()
    assert out.out == "" and "bad PIN" in out.err
