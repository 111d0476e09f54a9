"""The configured QR scanner adapter is the one the kiosk builds."""

from __future__ import annotations

from devices.qr_serial.adapter import SerialQrSource
from kiosk.ports.clock import ManualClock
from kiosk.settings.loader import settings_from_mapping
from kiosk.wiring import build_ports


def test_serial_scanner_settings_build_the_serial_adapter() -> None:
    settings = settings_from_mapping(
        {
            "devices": {
                "qr_source": {
                    "adapter": "serial",
                    "port": "/dev/ttyACM0",
                    "suffix": "none",
                    "idle_gap_ms": 80,
                }
            }
        }
    )
    ports = build_ports(settings, ManualClock())
    try:
        assert isinstance(ports.qr_source, SerialQrSource)
        assert not ports.qr_source.health().ready  # never opened: no port yet
    finally:
        for port in ports.all().values():
            port.close()
