"""The kiosk's settings: one typed schema, defaults that run everything simulated.

msgspec rather than pydantic: it validates the same way (typed fields, constraints, unknown keys
rejected) but imports in a fraction of the time, and the settings sit on the path to the first
painted screen (see bench/startup.py).
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec
from msgspec import Meta, Struct, field

SCHEMA_VERSION = 1

PositiveMm = Annotated[float, Meta(gt=0, le=5000, description="millimetres")]
PositivePx = Annotated[int, Meta(gt=0, le=20000, description="pixels")]
Seconds = Annotated[int, Meta(gt=0, le=3600, description="seconds")]
NonEmpty = Annotated[str, Meta(min_length=1, max_length=200)]


class _Section(Struct, forbid_unknown_fields=True, frozen=True, kw_only=True):
    pass


class KioskIdentity(_Section, frozen=True):
    id: Annotated[str, Meta(pattern=r"^[A-Za-z0-9_.-]{1,40}$", description="kiosk id in logs")] = (
        "kiosk-sim-01"
    )
    ward: Annotated[NonEmpty, Meta(description="ward or commune shown on screen and receipts")] = (
        "Phường Mô Phỏng"
    )
    ward_code: Annotated[str, Meta(pattern=r"^[0-9]{5}$", description="5-digit ward code")] = (
        "00001"
    )


class Panel(_Section, frozen=True):
    """The physical screen; every size in the UI is derived from mm through this."""

    width_mm: PositiveMm = 476.6  # a 21.5" 16:9 panel
    height_mm: PositiveMm = 268.1
    width_px: PositivePx = 1920
    height_px: PositivePx = 1080
    viewing_distance_mm: Annotated[int, Meta(ge=200, le=2000)] = 600


class Timeouts(_Section, frozen=True):
    form_idle_s: Annotated[Seconds, Meta(description="idle time before the warning")] = 90
    slow_idle_s: Annotated[
        Seconds, Meta(description="idle time in big-text, voice-led or assisted sessions")
    ] = 180
    warning_s: Annotated[Seconds, Meta(description="countdown shown and spoken before ending")] = 30
    max_extensions: Annotated[
        int, Meta(ge=10, le=1000, description="'Cần thêm thời gian' presses allowed")
    ] = 20
    goodbye_s: Seconds = 30


class SimulatedDevice(_Section, tag_field="adapter", tag="simulated", frozen=True):
    delay_scale: Annotated[float, Meta(ge=0, le=10, description="scales simulated delays")] = 1.0


class PcscCardReader(_Section, tag_field="adapter", tag="pcsc", frozen=True):
    reader_match: Annotated[
        str, Meta(description="substring of the PC/SC reader name; empty = the first reader")
    ] = ""
    csca_dir: Annotated[
        str,
        Meta(
            description="folder of trusted CSCA certificates (PEM/DER) for passive "
            "authentication; empty = signatures checked, issuer reported unknown"
        ),
    ] = ""


class SerialQr(_Section, tag_field="adapter", tag="serial", frozen=True):
    port: Annotated[NonEmpty, Meta(description="serial device, e.g. /dev/ttyACM0")]
    baudrate: Annotated[int, Meta(gt=0)] = 9600
    suffix: Annotated[
        Literal["cr", "lf", "crlf", "none"],
        Meta(description="what the scanner sends after each code; none = end on a pause"),
    ] = "cr"
    idle_gap_ms: Annotated[
        int, Meta(gt=0, le=1000, description="with suffix none: the pause that ends a code")
    ] = 50


class WedgeQr(_Section, tag_field="adapter", tag="wedge", frozen=True):
    """A scanner that types like a keyboard (USB HID): caught before any form field sees it."""

    gap_ms: Annotated[int, Meta(gt=0, le=500, description="max gap between a scan's keys")] = 40
    min_chars: Annotated[int, Meta(ge=2, le=100, description="shortest burst taken as a scan")] = 6
    flush_after_ms: Annotated[
        int, Meta(gt=0, le=2000, description="a burst with no Enter ends after this pause")
    ] = 150


class CameraQr(_Section, tag_field="adapter", tag="camera", frozen=True):
    """A camera that reads QR codes held in front of it (zxing-cpp with cheap retries)."""

    device: Annotated[
        int | str, Meta(description="OpenCV camera index or device path/URL, e.g. /dev/video0")
    ] = 0
    fps_cap: Annotated[float, Meta(gt=0, le=60, description="frames decoded per second")] = 15.0
    roi: Annotated[
        tuple[float, float, float, float],
        Meta(description="where codes are looked for: x, y, width, height as fractions"),
    ] = (0.15, 0.1, 0.7, 0.8)
    dedup_s: Annotated[
        float, Meta(ge=0, le=60, description="the same code again within this is ignored")
    ] = 3.0


class SaneScanner(_Section, tag_field="adapter", tag="sane", frozen=True):
    device: str = ""  # SANE device name; empty = first found


class EscposPrinter(_Section, tag_field="adapter", tag="escpos", frozen=True):
    connection: Literal["usb", "serial", "network", "file"]
    target: NonEmpty  # "0x0416:0x5011", "/dev/ttyUSB0", "192.0.2.10:9100", or a file path
    paper_width_mm: Annotated[int, Meta(ge=48, le=80)] = 80


class SpeechDispatcherVoice(_Section, tag_field="adapter", tag="speechd", frozen=True):
    voice: str = "vi"


class HttpPortal(_Section, tag_field="adapter", tag="http", frozen=True):
    base_url: Annotated[str, Meta(pattern=r"^https?://")]
    timeout_s: Seconds = 20


class Devices(_Section, frozen=True):
    card_reader: SimulatedDevice | PcscCardReader = field(default_factory=SimulatedDevice)
    qr_source: SimulatedDevice | SerialQr | WedgeQr | CameraQr = field(
        default_factory=SimulatedDevice
    )
    document_scanner: SimulatedDevice | SaneScanner = field(default_factory=SimulatedDevice)
    receipt_printer: SimulatedDevice | EscposPrinter = field(default_factory=SimulatedDevice)
    speaker: SimulatedDevice | SpeechDispatcherVoice = field(default_factory=SimulatedDevice)
    portal: SimulatedDevice | HttpPortal = field(default_factory=SimulatedDevice)


class Database(_Section, frozen=True):
    url: Annotated[
        str,
        Meta(
            pattern=r"^(sqlite|postgresql)(\+\w+)?://",
            description="SQLAlchemy URL; relative SQLite paths are under the data dir",
        ),
    ] = "sqlite:///kiosk.db"


class Voice(_Section, frozen=True):
    enabled: bool = True
    rate: Annotated[float, Meta(ge=0.5, le=1.5, description="1.0 = engine default")] = 0.85
    default_volume: Annotated[int, Meta(ge=0, le=2, description="0 quiet, 1 normal, 2 loud")] = 1
    loudspeaker_speaks_personal_data: Literal[False] = False  # design §5: never on the loudspeaker


PinHash = Annotated[str, Meta(pattern=r"^(\$argon2(id|i|d)\$.+)?$", description="argon2 hash")]


class Security(_Section, frozen=True):
    staff_pin_hash: PinHash = ""  # empty: staff mode disabled until a technician sets a PIN
    technician_pin_hash: PinHash = ""
    max_pin_attempts: Annotated[int, Meta(ge=1, le=20)] = 5
    lockout_s: Seconds = 300


class Settings(_Section, frozen=True):
    schema_version: Literal[1] = 1
    kiosk: KioskIdentity = field(default_factory=KioskIdentity)
    panel: Panel = field(default_factory=Panel)
    timeouts: Timeouts = field(default_factory=Timeouts)
    devices: Devices = field(default_factory=Devices)
    database: Database = field(default_factory=Database)
    voice: Voice = field(default_factory=Voice)
    security: Security = field(default_factory=Security)


def default_settings() -> Settings:
    return msgspec.convert({}, Settings)
