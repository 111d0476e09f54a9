from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.paths import resolve_database_url
from kiosk.settings.loader import ConfigError, settings_from_mapping
from kiosk.settings.schema import EscposPrinter, SimulatedDevice, default_settings
from kiosk.wiring import force_simulated


def test_defaults_run_everything_simulated() -> None:
    s = default_settings()
    for name in s.devices.__struct_fields__:
        assert isinstance(getattr(s.devices, name), SimulatedDevice), name
    assert s.database.url.startswith("sqlite")


def test_real_adapter_options_are_typed() -> None:
    s = settings_from_mapping(
        {
            "devices": {
                "receipt_printer": {
                    "adapter": "escpos",
                    "connection": "network",
                    "target": "192.0.2.10:9100",
                }
            }
        }
    )
    assert isinstance(s.devices.receipt_printer, EscposPrinter)
    assert s.devices.receipt_printer.paper_width_mm == 80
    assert isinstance(force_simulated(s).devices.receipt_printer, SimulatedDevice)


@given(st.floats(max_value=0, allow_nan=False) | st.integers(max_value=0))
def test_no_panel_size_at_or_below_zero_is_accepted(value: float) -> None:
    with pytest.raises(ConfigError) as err:
        settings_from_mapping({"panel": {"width_mm": value}})
    assert [p.key for p in err.value.problems] == ["panel.width_mm"]


def test_relative_sqlite_goes_to_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KIOSK_DATA_DIR", "/var/lib/kiosk")
    assert resolve_database_url("sqlite:///kiosk.db") == "sqlite:////var/lib/kiosk/kiosk.db"
    assert resolve_database_url("sqlite:////abs/k.db") == "sqlite:////abs/k.db"
    pg = "postgresql+psycopg://u@h/db"
    assert resolve_database_url(pg) == pg
