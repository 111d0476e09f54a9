"""The kiosk under a real `cage` (headless wlroots backend, pixman renderer), captured with `grim`.

cage refuses to run as root, so as root it runs as an unprivileged user (`kiosk-test`, created if
missing) with its own XDG_RUNTIME_DIR. The kiosk connects to cage's socket by its absolute path
(WAYLAND_DISPLAY=/…/wayland-0) rather than as cage's child: on this machine the venv's interpreter
lives under /root (0700), which that user cannot read; in production the unit runs
`cage -- kiosk run` as the kiosk user from /opt/kiosk. cage shows every toplevel the same way.

The output is rotated 180° (`cage -r -r`, what `display.rotation = 180` asks the unit for). Why:
cage 0.1.4 (Debian 12) tries to scan out the focused view's buffer directly on every frame, and
wlroots' headless backend accepts any buffer of the output's size without drawing it; so a
fullscreen client's frames are never rendered by cage and grim's screencopy returns the last frame
cage *did* render: Qt's natural-size frame from before the fullscreen configure (the "720×73
window" of the research note), or black if the first frame was already fullscreen. A rotated
output disables that scan-out (the client's buffer transform differs), so cage composites every
frame and the capture shows what is on the glass. The app itself is fullscreen either way
(WAYLAND_DEBUG: configure 1280×720, then 1280×720 buffers with full damage).

The capture must show the attract screen FILLING the output: its blue on every edge of the frame,
≥ 80 % of all pixels (the rest is its white text, ring and buttons), no black, the ward's name in
white at the top. It is saved to docs/screens/cage-attract.png to be looked at.
"""

from __future__ import annotations

import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.peers.conftest import peer_unavailable

ROOT = Path(__file__).resolve().parents[2]
SHOT = ROOT / "docs" / "screens" / "cage-attract.png"
USER = "kiosk-test"
ATTRACT_BG = (0x0B, 0x3A, 0x75)  # ui.theme.Colours.attract_bg
YELLOW = (0xFF, 0xD4, 0x00)  # ui.out_of_service.TITLE_COLOUR
OUTPUT = (1280, 720)  # wlroots' headless output
HOLD = ("sleep", "300")  # cage's own child; it ends when the fixture stops cage
ROTATE_180 = ("-r", "-r")  # see the module docstring: no direct scan-out, every frame composited


def _rotation_flags() -> tuple[str, ...]:
    """cage 0.1.5 dropped -r (and composites through wlr_scene, which tests before scanning out):
    there the output stays as it is."""
    usage = subprocess.run(["cage", "-h"], capture_output=True, text=True, timeout=10)
    return ROTATE_180 if "-r\t" in usage.stdout + usage.stderr else ()


def _tools() -> None:
    for tool in ("cage", "grim"):
        if shutil.which(tool) is None:
            peer_unavailable(f"{tool} is not installed (apt-get install cage grim xwayland)")
    if shutil.which("Xwayland") is None:
        peer_unavailable("Xwayland is not installed: cage exits without it")
    import ctypes.util

    if ctypes.util.find_library("wayland-cursor") is None:  # Qt's wayland plugin needs it
        peer_unavailable("libwayland-cursor0 is not installed (apt-get install libwayland-cursor0)")


def _user_prefix() -> tuple[list[str], int]:
    if os.geteuid() != 0:
        return [], os.geteuid()
    try:
        uid = pwd.getpwnam(USER).pw_uid
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", USER],
            check=True,
        )
        uid = pwd.getpwnam(USER).pw_uid
    return ["runuser", "-u", USER, "--"], uid


def _wait_for(path: Path, proc: subprocess.Popen[bytes], seconds: float) -> None:
    end = time.monotonic() + seconds
    while not path.exists():
        if proc.poll() is not None or time.monotonic() > end:
            pytest.fail(f"cage did not create {path} (exit {proc.poll()})")
        time.sleep(0.05)  # waiting on a real compositor, not in a unit test


@pytest.fixture
def cage() -> Iterator[Path]:
    """A running headless cage; yields its Wayland socket's absolute path."""
    _tools()
    prefix, uid = _user_prefix()
    base = Path(tempfile.mkdtemp(prefix="kiosk-cage-", dir="/tmp"))
    base.chmod(0o755)  # the cage user must reach its runtime dir inside
    runtime = base / "run"
    runtime.mkdir(mode=0o700)
    os.chown(runtime, uid, -1)
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(base),
        "XDG_RUNTIME_DIR": str(runtime),
        "WLR_BACKENDS": "headless",
        "WLR_RENDERER": "pixman",
        "WLR_LIBINPUT_NO_DEVICES": "1",
    }
    log = (base / "cage.log").open("wb")
    proc = subprocess.Popen(
        [
            *prefix,
            "env",
            "-i",
            *(f"{k}={v}" for k, v in env.items()),
            "cage",
            "-d",
            *ROTATE_180,
            "--",
            *HOLD,
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _wait_for(runtime / "wayland-0", proc, 20)
        yield runtime / "wayland-0"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()
        shutil.rmtree(base, ignore_errors=True)


class Capture:
    def __init__(self, png: Path) -> None:
        from PIL import Image

        with Image.open(png) as image:
            rgb = image.convert("RGB")
        self.size = rgb.size
        w, h = self.size
        self.blue = _share(rgb, ATTRACT_BG)
        self.black = _share(rgb, (0, 0, 0))
        edges = [(0, 0, w, 10), (0, h - 10, w, h), (0, 0, 10, h), (w - 10, 0, w, h)]
        self.edges_blue = [_share(rgb.crop(box), ATTRACT_BG) for box in edges]
        top = rgb.crop((0, 0, w, h // 6))  # the ward's name sits at the top
        self.top_white = sum(n for n, c in top.getcolors(w * h) or [] if _white(c))

    @property
    def fills(self) -> bool:
        return (
            self.size == OUTPUT
            and self.blue >= 0.80
            and self.black <= 0.005
            and min(self.edges_blue) >= 0.95
            and self.top_white > 500
        )


def _share(image: Any, colour: tuple[int, int, int]) -> float:
    total: int = image.size[0] * image.size[1]
    count: int = sum(n for n, c in image.getcolors(total) or [] if c == colour)
    return count / total


def _white(colour: object) -> bool:
    return isinstance(colour, tuple) and min(colour) > 230


def _show_and_capture(
    cage: Path, tmp_path: Path, argv: list[str], good: Callable[[Path], bool], keep: Path
) -> str:
    """Start `argv` as a client of cage; grim until `good(png)` or 40 s; stop it; keep the last
    capture at `keep`. Returns the client's log."""
    runtime = tmp_path / "xdg"
    runtime.mkdir(mode=0o700, exist_ok=True)
    client_env = {**os.environ, "WAYLAND_DISPLAY": str(cage), "XDG_RUNTIME_DIR": str(runtime)}
    app_env = {
        **client_env,
        "QT_QPA_PLATFORM": "wayland",
        "QT_WAYLAND_DISABLE_WINDOWDECORATION": "1",
        "KIOSK_DATA_DIR": str(tmp_path / "data"),
    }
    for name in ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID"):
        app_env.pop(name, None)
    log_path = tmp_path / f"{keep.stem}.log"
    shot = tmp_path / keep.name
    with log_path.open("wb") as log:
        app = subprocess.Popen(
            [sys.executable, *argv], cwd=ROOT, env=app_env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            end = time.monotonic() + 40
            while time.monotonic() < end and app.poll() is None:
                done = subprocess.run(["grim", str(shot)], env=client_env, capture_output=True)
                assert done.returncode == 0, done.stderr.decode(errors="replace")
                if good(shot):
                    break
                time.sleep(0.5)  # the app is starting in another process
        finally:
            if app.poll() is None:
                app.send_signal(signal.SIGTERM)
                try:
                    app.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    app.kill()
                    app.wait()
            if shot.exists():
                keep.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(shot, keep)  # kept even on failure: look at it
    return log_path.read_text(errors="replace")


@pytest.mark.peer
def test_attract_screen_fills_the_cage_output(cage: Path, tmp_path: Path) -> None:
    output = _show_and_capture(
        cage, tmp_path, ["-m", "kiosk", "run", "--simulate"], lambda p: Capture(p).fills, SHOT
    )
    assert SHOT.exists(), f"no capture; the kiosk said:\n{output[-2000:]}"
    capture = Capture(SHOT)
    assert capture.size == OUTPUT, output[-2000:]
    assert min(capture.edges_blue) >= 0.95, f"edges not attract blue {capture.edges_blue}: {SHOT}"
    assert capture.black <= 0.005, f"{capture.black:.1%} black: the window does not fill {SHOT}"
    assert capture.blue >= 0.80, f"attract blue covers only {capture.blue:.1%}: {SHOT}"
    assert capture.top_white > 500, "no white text (the ward's name) at the top of the capture"


@pytest.mark.peer
def test_out_of_service_screen_under_cage(cage: Path, tmp_path: Path) -> None:
    """What the OnFailure unit shows: black, the yellow title, the white line, whole output."""

    def shown(png: Path) -> bool:
        return _share_of(png, YELLOW) > 0.002 and _share_of(png, (255, 255, 255)) > 0.002

    keep = SHOT.with_name("cage-out-of-service.png")
    argv = ["-m", "ui.out_of_service_cli", "out-of-service", "--silent"]
    output = _show_and_capture(cage, tmp_path, argv, shown, keep)
    assert keep.exists(), output[-2000:]
    assert shown(keep), f"the notice is not on the capture: {keep}\n{output[-2000:]}"
    assert _share_of(keep, (0, 0, 0)) >= 0.80  # black all over the output, the text on it
    # black cannot tell the window from cage's background: the centred title can
    cx, cy = _centre_of(keep, YELLOW)
    assert abs(cx - OUTPUT[0] / 2) < OUTPUT[0] * 0.05, (cx, cy)
    assert abs(cy - OUTPUT[1] / 2) < OUTPUT[1] * 0.2, (cx, cy)


def _share_of(png: Path, colour: tuple[int, int, int]) -> float:
    from PIL import Image

    with Image.open(png) as image:
        rgb = image.convert("RGB")
    return _share(rgb, colour)


def _centre_of(png: Path, colour: tuple[int, int, int]) -> tuple[float, float]:
    from PIL import Image, ImageChops

    with Image.open(png) as image:
        rgb = image.convert("RGB")
    mask = ImageChops.difference(rgb, Image.new("RGB", rgb.size, colour)).convert("L")
    box = mask.point(lambda v: 255 if v == 0 else 0).getbbox()
    assert box is not None, f"no {colour} in {png}"
    return (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
