"""One line that tells a technician what a settings file will do."""

from __future__ import annotations

from kiosk.settings.schema import Devices, Settings


def device_adapters(devices: Devices) -> dict[str, str]:
    return {
        name: type(getattr(devices, name)).__struct_config__.tag or "?"
        for name in devices.__struct_fields__
    }


def summarize(s: Settings) -> str:
    p = s.panel
    adapters = device_adapters(s.devices)
    simulated = [n for n, a in adapters.items() if a == "simulated"]
    real = [f"{n}={a}" for n, a in adapters.items() if a != "simulated"]
    devices = f"{len(simulated)} simulated" + (f", real: {', '.join(real)}" if real else "")
    db = s.database.url.split(":", 1)[0].split("+", 1)[0]
    return (
        f"kiosk {s.kiosk.id} ({s.kiosk.ward}), panel {p.width_mm:g}×{p.height_mm:g} mm at "
        f"{p.width_px}×{p.height_px} ({p.width_px / p.width_mm:.2f} px/mm), devices: {devices}, "
        f"database: {db}"
    )
