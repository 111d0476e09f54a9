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
    """A SANE scanner (flatbed or sheet feeder) through libsane / python-sane."""

    device: Annotated[
        str, Meta(description="SANE device name (scanimage -L); '' = the first found")
    ] = ""
    source: Annotated[
        Literal["", "flatbed", "adf"],
        Meta(description="force glass or feeder; '' = as the screen asks"),
    ] = ""
    mode: Annotated[
        Literal["", "colour", "gray"],
        Meta(description="force colour or grey; '' = as the screen asks"),
    ] = ""
    dpi: Annotated[
        int, Meta(ge=0, le=1200, description="force a resolution; 0 = as the screen asks (200)")
    ] = 0
    max_pages: Annotated[
        int, Meta(ge=1, le=200, description="most sheets taken from the feeder at once")
    ] = 50


class CameraScanner(_Section, tag_field="adapter", tag="camera", frozen=True):
    """A document camera over the desk (OpenCV): finds, checks and straightens the page."""

    device: Annotated[
        int | str, Meta(description="OpenCV camera index or device path, e.g. /dev/video2")
    ] = 0
    min_dpi: Annotated[
        int,
        Meta(ge=0, le=600, description="refuse pages below this effective dpi (1080p: ~80 on A4)"),
    ] = 200
    hold_s: Annotated[
        float, Meta(ge=0, le=10, description="the page must stay still this long to be taken")
    ] = 1.0
    timeout_s: Seconds = 60
    fps_cap: Annotated[float, Meta(gt=0, le=30, description="frames checked per second")] = 10.0
    paper_mm: Annotated[
        tuple[float, float], Meta(description="the page's width and height in mm (A4)")
    ] = (210.0, 297.0)


class EscposPrinter(_Section, tag_field="adapter", tag="escpos", frozen=True):
    """A thermal receipt printer speaking ESC/POS (python-escpos transports)."""

    connection: Literal["usb", "serial", "network", "file"]
    target: Annotated[
        str,
        Meta(
            min_length=1,
            description='"0x0416:0x5011" (USB), "/dev/ttyUSB0", "192.0.2.10:9100", or a file path',
        ),
    ]
    paper_width_mm: Annotated[
        Literal[58, 80], Meta(description="roll: 58 mm = 384 dots, 80 mm = 576 dots")
    ] = 80
    profile: Annotated[
        str, Meta(max_length=40, description="python-escpos profile, e.g. TM-T20II; '' = generic")
    ] = ""
    native_qr: Annotated[
        bool, Meta(description="QR drawn by the printer (GS ( k); false = QR in the raster")
    ] = True
    large_type: Annotated[
        Literal["session", "always"],
        Meta(description="big type on paper in big-text sessions, or always"),
    ] = "session"
    timeout_s: Annotated[
        float, Meta(gt=0, le=60, description="seconds to wait for the printer")
    ] = 5.0
    baudrate: Annotated[int, Meta(gt=0, description="serial only")] = 19200


class SpeechDispatcherVoice(_Section, tag_field="adapter", tag="speechd", frozen=True):
    """speech-dispatcher with espeak-ng, then a chime with the text on screen."""

    voice: str = "vi"


SpeechEngine = Literal["pack", "piper", "speechd", "espeak", "chime"]


class TtsSpeaker(_Section, tag_field="adapter", tag="tts", frozen=True):
    """Speech engines tried in order for each prompt (a recorded prompt pack first)."""

    engines: Annotated[
        tuple[SpeechEngine, ...],
        Meta(min_length=1, description="tried in this order for each prompt; missing ones skipped"),
    ] = ("pack", "piper", "speechd", "espeak", "chime")
    pack_dir: Annotated[
        str, Meta(description="recorded prompt pack folder (with manifest.json); '' = none")
    ] = ""
    piper_model: Annotated[
        str, Meta(description="Piper voice *.onnx (beside its .onnx.json); '' = none")
    ] = ""
    speechd_socket: Annotated[
        str,
        Meta(
            description="'' = $SPEECHD_ADDRESS or $XDG_RUNTIME_DIR/speech-dispatcher/speechd.sock"
        ),
    ] = ""
    speechd_module: str = "espeak-ng"
    voice: Annotated[str, Meta(description="espeak-ng voice / speech-dispatcher language")] = "vi"
    output: Annotated[
        str,
        Meta(description='auto | null | file:DIR | a player command, e.g. "aplay -q -"'),
    ] = "auto"
    headset: Annotated[
        Literal["auto", "none"],
        Meta(description="auto: a plugged headset (pactl/ALSA) allows private speech"),
    ] = "auto"


class LocalPortal(_Section, tag_field="adapter", tag="local", frozen=True):
    """Embedded: dossiers are registered in a ward register for staff to enter officially."""

    unit_code: Annotated[
        str,
        Meta(
            pattern=r"^[0-9A-Z]{1,6}(\.[0-9A-Z]{1,6}){0,4}$",
            description="starts dossier codes <unit>-YYMMDD-NNNN; one per local kiosk",
        ),
    ] = "000.00.00.H00"
    register_url: Annotated[
        str,
        Meta(
            pattern=r"^(sqlite|postgresql)(\+\w+)?://",
            description="the ward register; relative SQLite paths are under the data dir",
        ),
    ] = "sqlite:///ward-register.db"
    office_hours_end: Annotated[
        str,
        Meta(
            pattern=r"^([01]\d|2[0-3]):[0-5]\d$",
            description="received later counts from the next working day",
        ),
    ] = "17:00"


class HttpPortal(_Section, tag_field="adapter", tag="http", frozen=True):
    """The dossier gateway's JSON API (docs/api/gateway-openapi.yaml)."""

    base_url: Annotated[str, Meta(pattern=r"^https?://")]
    token_file: Annotated[
        str, Meta(min_length=1, description="file holding this kiosk's bearer token (one line)")
    ]
    ca_bundle: Annotated[str, Meta(description="PEM CA bundle; '' = the system's CAs")] = ""
    timeout_s: Seconds = 20


class Devices(_Section, frozen=True):
    card_reader: SimulatedDevice | PcscCardReader = field(default_factory=SimulatedDevice)
    qr_source: SimulatedDevice | SerialQr | WedgeQr | CameraQr = field(
        default_factory=SimulatedDevice
    )
    document_scanner: SimulatedDevice | SaneScanner | CameraScanner = field(
        default_factory=SimulatedDevice
    )
    receipt_printer: SimulatedDevice | EscposPrinter = field(default_factory=SimulatedDevice)
    speaker: SimulatedDevice | SpeechDispatcherVoice | TtsSpeaker = field(
        default_factory=SimulatedDevice
    )
    portal: SimulatedDevice | LocalPortal | HttpPortal = field(default_factory=SimulatedDevice)


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


class Papers(_Section, frozen=True):
    """The papers step: where a session's scans live and how big one paper may be."""

    scan_dir: Annotated[
        str,
        Meta(
            max_length=400,
            description=(
                "base folder of the per-session scan folders (each 0700, wiped at session end); "
                "'' = <system temp>/kiosk-scans; production: /run/kiosk/scans (tmpfs: not on disk)"
            ),
        ),
    ] = ""
    max_paper_bytes: Annotated[
        int, Meta(ge=200_000, le=50 * 1024 * 1024, description="largest PDF of one paper, in bytes")
    ] = 5 * 1024 * 1024
    min_dpi: Annotated[
        int, Meta(ge=150, le=600, description="lowest effective resolution accepted for a page")
    ] = 200
    scan_dpi: Annotated[
        int, Meta(ge=150, le=600, description="resolution asked of the scanner")
    ] = 200
    scan_colour: Annotated[
        bool,
        Meta(description="scan in colour; the packer keeps colour only where a page has it"),
    ] = True
    scan_source: Literal["flatbed", "adf"] = "flatbed"


class Outbox(_Section, frozen=True):
    """Delivery of submitted dossiers to the portal: retries with exponential back-off."""

    base_delay_s: Annotated[float, Meta(gt=0, le=3600, description="first retry after")] = 5.0
    max_delay_s: Annotated[float, Meta(gt=0, le=86400, description="longest wait")] = 600.0
    jitter: Annotated[float, Meta(ge=0, le=1, description="random share of each wait")] = 0.5
    batch: Annotated[int, Meta(ge=1, le=100, description="dossiers per delivery round")] = 10
    answer_wait_s: Annotated[
        float,
        Meta(gt=0, le=60, description="wait for the portal before a 'đang chờ gửi' receipt"),
    ] = 8.0


ClockTime = Annotated[
    str, Meta(pattern=r"^(([01]\d|2[0-3]):[0-5]\d)?$", description="HH:MM local time; '' = unset")
]


class Display(_Section, frozen=True):
    """The screen: a nightly black screen, and how the panel is mounted. Rotation and touch
    calibration are applied by the installer (cage / udev), blanking by the app (ui.blanking)."""

    blank_from: Annotated[
        ClockTime, Meta(description="black screen from HH:MM (local); '' = never blank")
    ] = ""
    blank_until: Annotated[
        ClockTime, Meta(description="until HH:MM (local, may be after midnight)")
    ] = ""
    rotation: Annotated[
        Literal[0, 90, 180, 270], Meta(description="panel rotation, degrees clockwise")
    ] = 0
    touch_calibration: Annotated[
        tuple[float, float, float, float, float, float],
        Meta(description="libinput calibration matrix, first two rows: a b c d e f"),
    ] = (1.0, 0.0, 0.0, 0.0, 1.0, 0.0)

    def __post_init__(self) -> None:
        if bool(self.blank_from) != bool(self.blank_until):
            raise ValueError("blank_from and blank_until are set together or not at all")
        if self.blank_from and self.blank_from == self.blank_until:
            raise ValueError("blank_from and blank_until are the same time")


class Settings(_Section, frozen=True):
    schema_version: Literal[1] = 1
    kiosk: KioskIdentity = field(default_factory=KioskIdentity)
    panel: Panel = field(default_factory=Panel)
    timeouts: Timeouts = field(default_factory=Timeouts)
    devices: Devices = field(default_factory=Devices)
    database: Database = field(default_factory=Database)
    voice: Voice = field(default_factory=Voice)
    security: Security = field(default_factory=Security)
    papers: Papers = field(default_factory=Papers)
    outbox: Outbox = field(default_factory=Outbox)
    display: Display = field(default_factory=Display)


def default_settings() -> Settings:
    return msgspec.convert({}, Settings)
