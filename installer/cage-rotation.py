"""Print the systemd drop-in that turns the cage output, from the kiosk settings.

Run by install.sh with the release's Python, in the target root:
`python - /etc/kiosk/kiosk.toml < cage-rotation.py`.
`[display] rotation` (0, 90, 180, 270; clockwise) becomes one `-r` per 90° for cage 0.1.4
(Debian 12), in KIOSK_CAGE_ROTATION, which the units put on cage's command line. wlroots maps
the touch screen to the output with its transform, so touches follow the picture without a
calibration matrix. Prints nothing for 0; exits 2 with a reason when the value is not one of
the four, or when this cage has no `-r` (0.1.5 dropped it: rotate there with the panel's own
menu, or wlr-randr, and leave rotation at 0) — a kiosk must not start sideways by surprise.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib

DROPIN = (
    "# Written by the kiosk installer from [display] rotation; edit the settings, not this file.\n"
    "[Service]\n"
    'Environment="KIOSK_CAGE_ROTATION={flags}"\n'
)


def dropin_for(settings: dict[str, object], cage_help: str) -> str:
    display = settings.get("display", {})
    if not isinstance(display, dict):
        raise ValueError("[display] must be a table")
    rotation = display.get("rotation", 0)
    if isinstance(rotation, bool) or rotation not in (0, 90, 180, 270):
        raise ValueError(f"display.rotation must be 0, 90, 180 or 270, not {rotation!r}")
    if rotation == 0:
        return ""
    if " -r" not in cage_help:
        raise ValueError(
            "display.rotation is set but this cage cannot rotate (no -r option): "
            "set rotation = 0 and rotate the panel with its own menu or wlr-randr"
        )
    return DROPIN.format(flags=" ".join(["-r"] * (int(rotation) // 90)))


def cage_help() -> str:
    """What this root's cage says it can do ("" when there is no cage)."""
    try:
        done = subprocess.run(["cage", "-h"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout + done.stderr


def main(argv: list[str]) -> int:
    try:
        with open(argv[1], "rb") as f:
            settings = tomllib.load(f)
        sys.stdout.write(dropin_for(settings, cage_help()))
    except (OSError, tomllib.TOMLDecodeError, ValueError) as exc:
        print(f"display rotation: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
