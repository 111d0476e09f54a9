"""Print the udev rule for the touch screen's calibration, from the kiosk settings.

Run by install.sh with the release's Python: `python - /etc/kiosk/kiosk.toml < touch-udev.py`.
`[display] touch_calibration` holds the 6 numbers of libinput's calibration matrix (the top two
rows of a 3x3 affine matrix in normalised device coordinates). Prints nothing when it is not
set; exits 2 with a reason when it is malformed, so a bad setting never reaches udev.
Rotation (`display.rotation`) is cage's (cage-rotation.py): wlroots maps the touch screen to the
turned output, so touches already land where the picture is and no rotation belongs here.
"""

from __future__ import annotations

import math
import sys
import tomllib

RULE = (
    "# Written by the kiosk installer from [display] touch_calibration; edit the settings, "
    "not this file.\n"
    'SUBSYSTEM=="input", ENV{{ID_INPUT_TOUCHSCREEN}}=="1", '
    'ENV{{LIBINPUT_CALIBRATION_MATRIX}}="{matrix}"\n'
)


def rule_for(settings: dict[str, object]) -> str:
    display = settings.get("display", {})
    if not isinstance(display, dict):
        raise ValueError("[display] must be a table")
    values = display.get("touch_calibration")
    if values is None:
        return ""
    if not isinstance(values, list) or len(values) != 6:
        raise ValueError("display.touch_calibration must be a list of 6 numbers")
    numbers: list[float] = []
    for value in values:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"display.touch_calibration: {value!r} is not a number")
        if not math.isfinite(value):
            raise ValueError(f"display.touch_calibration: {value!r} is not finite")
        numbers.append(float(value))
    return RULE.format(matrix=" ".join(f"{n:g}" for n in numbers))


def main(argv: list[str]) -> int:
    try:
        with open(argv[1], "rb") as f:
            settings = tomllib.load(f)
        sys.stdout.write(rule_for(settings))
    except (OSError, tomllib.TOMLDecodeError, ValueError) as exc:
        print(f"touch calibration: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
