"""The composition root builds the MRZ reader (the second BAC key source) with the other ports."""

from __future__ import annotations

from devices.simulated.mrz_reader import SimulatedMrzReader
from kiosk.ports.clock import ManualClock
from kiosk.settings.schema import default_settings
from kiosk.wiring import build_ports


def test_the_mrz_reader_is_simulated_and_opened_and_polled_like_every_port() -> None:
    ports = build_ports(default_settings(), ManualClock())
    assert isinstance(ports.mrz_reader, SimulatedMrzReader)
    assert ports.all()["mrz_reader"] is ports.mrz_reader  # kiosk/app.py opens what all() lists
    for port in ports.all().values():
        close = getattr(port, "close", None)
        if close is not None:
            close()
