"""Cards issued after 60 may carry no expiry: that BAC key candidate must reach the chip."""

from __future__ import annotations

import pytest

from devices.pcsc_card.icao.bac import BacError, mrz_information
from kiosk.ports.card_reader import BacKey


def test_filler_expiry_is_a_valid_bac_input_with_check_digit_0() -> None:
    assert mrz_information(BacKey("150004321", "500315", "<<<<<<")).endswith("<<<<<<0")


@pytest.mark.parametrize("expiry", ["99123", "<<<<<", "9912<<", "ABCDEF"])
def test_other_malformed_dates_are_refused(expiry: str) -> None:
    with pytest.raises(BacError):
        mrz_information(BacKey("150004321", "500315", expiry))
