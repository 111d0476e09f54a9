"""Static checks of installer/: shellcheck on every script, the units' and rules' shape, and the
touch calibration rule generator (no root needed)."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

from tests.installer.conftest import HERE, INSTALLER
from tests.peers.conftest import peer_unavailable

SCRIPTS = sorted([*INSTALLER.glob("*.sh"), *HERE.glob("*.sh")])


def test_there_are_scripts_to_check() -> None:
    names = {p.name for p in SCRIPTS}
    assert {"install.sh", "update.sh", "uninstall.sh", "build-bundle.sh", "health.sh"} <= names


@pytest.mark.peer
@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_shellcheck(script: Path) -> None:
    if shutil.which("shellcheck") is None:
        peer_unavailable("shellcheck is not installed (apt-get install shellcheck)")
    done = subprocess.run(
        ["shellcheck", "--external-sources", "--severity=style", str(script)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_scripts_stop_at_the_first_error(script: Path) -> None:
    text = script.read_text()
    # lib.sh is sourced by scripts that set the options; the wrapper only sets env and execs.
    if text.startswith("#!/usr/bin/env bash"):
        assert "set -euo pipefail" in text


RULE_LINE = re.compile(
    r'^(\w+(\{[^}]+\})?(==|!=|=|\+=)"[^"]*")(, \w+(\{[^}]+\})?(==|!=|=|\+=)"[^"]*")*$'
)


@pytest.mark.parametrize("rules", sorted(INSTALLER.glob("udev/*.rules")), ids=lambda p: p.name)
def test_udev_rules_are_well_formed(rules: Path) -> None:
    lines = [ln for ln in rules.read_text().splitlines() if ln.strip() and not ln.startswith("#")]
    assert lines
    for line in lines:
        assert RULE_LINE.match(line), line
        # Every rule matches something and assigns something; nothing is world-writable.
        assert "==" in line and re.search(r'[A-Z}]=(?!=)"', line), line
        mode = re.search(r'MODE="(\d+)"', line)
        assert mode is None or int(mode.group(1), 8) & 0o007 == 0, line


def test_device_groups_in_the_rules_are_joined_by_the_installer() -> None:
    rules = (INSTALLER / "udev/70-kiosk-devices.rules").read_text()
    joined = re.search(r"DEVICE_GROUPS=\(([^)]*)\)", (INSTALLER / "lib.sh").read_text())
    assert joined is not None
    for group in set(re.findall(r'GROUP="(\w+)"', rules)):
        assert group in joined.group(1).split(), group


def test_units_start_cage_without_vt_switching() -> None:
    for unit in INSTALLER.glob("systemd/*.service"):
        exec_start = [ln for ln in unit.read_text().splitlines() if ln.startswith("ExecStart=")]
        assert len(exec_start) == 1, unit.name
        command = exec_start[0].removeprefix("ExecStart=").split(" -- ")[0].split()
        assert command[0] == "/usr/bin/cage" and "-s" not in command, exec_start


def test_package_list_has_the_peers_the_kiosk_needs() -> None:
    listed = {
        ln.split()[0]
        for ln in (INSTALLER / "packages.txt").read_text().splitlines()
        if ln.strip() and not ln.lstrip().startswith("#")
    }
    for needed in ("cage", "xwayland", "pcscd", "sane-utils", "espeak-ng", "speech-dispatcher",
                   "speech-dispatcher-espeak-ng", "python3-venv"):  # fmt: skip
        assert needed in listed, needed


def touch_udev() -> ModuleType:
    spec = importlib.util.spec_from_file_location("touch_udev", INSTALLER / "touch-udev.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_touch_rule_from_calibration() -> None:
    rule = touch_udev().rule_for({"display": {"touch_calibration": [0, 1, 0, -1, 0, 1]}})
    assert 'ENV{LIBINPUT_CALIBRATION_MATRIX}="0 1 0 -1 0 1"' in rule
    assert 'ENV{ID_INPUT_TOUCHSCREEN}=="1"' in rule


def test_no_touch_rule_without_calibration() -> None:
    assert touch_udev().rule_for({"display": {"rotation": 90}}) == ""
    assert touch_udev().rule_for({}) == ""


@pytest.mark.parametrize(
    "value",
    [[1, 0, 0, 0, 1], [1, 0, 0, 0, 1, "x"], [1, 0, 0, 0, 1, float("nan")], [True] * 6, "1 0 0"],
)
def test_bad_calibration_is_refused(value: object) -> None:
    with pytest.raises(ValueError, match="touch_calibration"):
        touch_udev().rule_for({"display": {"touch_calibration": value}})


def test_touch_script_exits_2_on_a_bad_file(tmp_path: Path) -> None:
    settings = tmp_path / "kiosk.toml"
    settings.write_text("[display]\ntouch_calibration = [1, 2]\n")
    assert touch_udev().main(["touch-udev.py", str(settings)]) == 2
    settings.write_text("[display]\ntouch_calibration = [1.5, 0, 0, 0, 1, 0]\n")
    assert touch_udev().main(["touch-udev.py", str(settings)]) == 0


def cage_rotation() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cage_rotation", INSTALLER / "cage-rotation.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CAGE_014_HELP = " -d\t Don't draw client side decorations\n -r\t Rotate the output 90 degrees\n"


@pytest.mark.parametrize(("degrees", "flags"), [(90, "-r"), (180, "-r -r"), (270, "-r -r -r")])
def test_rotation_becomes_one_r_per_quarter_turn(degrees: int, flags: str) -> None:
    dropin = cage_rotation().dropin_for({"display": {"rotation": degrees}}, CAGE_014_HELP)
    assert f'Environment="KIOSK_CAGE_ROTATION={flags}"' in dropin.splitlines()
    assert "[Service]" in dropin.splitlines()


def test_no_rotation_no_dropin() -> None:
    assert cage_rotation().dropin_for({"display": {"rotation": 0}}, "") == ""
    assert cage_rotation().dropin_for({}, "") == ""


@pytest.mark.parametrize("value", [45, "90", True, -90])
def test_bad_rotation_is_refused(value: object) -> None:
    with pytest.raises(ValueError, match="rotation"):
        cage_rotation().dropin_for({"display": {"rotation": value}}, CAGE_014_HELP)


def test_a_cage_that_cannot_rotate_is_said_not_ignored() -> None:
    with pytest.raises(ValueError, match="cannot rotate"):
        cage_rotation().dropin_for({"display": {"rotation": 90}}, " -d\t no decorations\n")
