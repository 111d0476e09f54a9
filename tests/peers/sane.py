"""SANE's real `test` backend as the scanner, through libsane and python-sane.

The tests own the SANE configuration: a `SANE_CONFIG_DIR` whose dll.conf lists only `test` (no
USB probing, and `test` is commented out in Debian's /etc/sane.d/dll.conf) and whose test.conf
has a 300 mm `geometry_max`, so a full A4 page (297 mm) fits; Debian's default stops at 200 mm.

libsane reads SANE_CONFIG_DIR in `sane_init`. The adapters call `sane_init` when the first one
opens and `sane_exit` when the last one closes, so the variable is set for the whole session,
before any test opens a scanner, and `sane_test_dir` checks that libsane really uses it (a
300 mm bed) instead of trusting it — if some code initialised libsane earlier in this process
with another config and never left, the fixture fails loudly rather than scanning 200 mm pages.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.peers.conftest import peer_unavailable

GEOMETRY_MAX_MM = 300.0
DEVICE = "test:0"

TEST_CONF = f"""\
number_of_devices 2
mode Gray
depth 8
hand-scanner false
three-pass false
three-pass-order RGB
resolution_min 1.0
resolution_max 1200.0
resolution_quant 1.0
resolution 50.0
test-picture "Color pattern"
invert-endianess false
read-limit false
read-limit-size 1
read-delay false
read-delay-duration 1000
read-status-code "Default"
fuzzy-parameters false
ppl-loss 0
non-blocking false
select-fd false
enable-test-options false
geometry_min 0.0
geometry_max {GEOMETRY_MAX_MM}
geometry_quant 1.0
tl_x 0.0
tl_y 0.0
br_x 210.0
br_y 297.0
"""


def backend_present() -> bool:
    patterns = ("/usr/lib/*/sane/libsane-test.so*", "/usr/lib/sane/libsane-test.so*")
    return any(glob.glob(pattern) for pattern in patterns)


def require_peer() -> None:
    """Skip locally, fail under CI / KIOSK_REQUIRE_PEERS=1, when the peer is missing."""
    if not backend_present():
        peer_unavailable("SANE test backend (libsane1: libsane-test.so) is not installed")
    try:
        import sane  # noqa: F401  (python-sane: needs libsane at import)
    except ImportError as error:
        peer_unavailable(f"python-sane is not importable: {error}")


def write_config(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dll.conf").write_text("test\n", encoding="ascii")
    (folder / "test.conf").write_text(TEST_CONF, encoding="ascii")
    return folder


@pytest.fixture(scope="session")
def sane_test_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The tests' own SANE_CONFIG_DIR, set for the session and verified through libsane."""
    require_peer()
    folder = write_config(tmp_path_factory.mktemp("sane-conf"))
    before = os.environ.get("SANE_CONFIG_DIR")
    os.environ["SANE_CONFIG_DIR"] = str(folder)
    try:
        _check_geometry()
        yield folder
    finally:
        if before is None:
            os.environ.pop("SANE_CONFIG_DIR", None)
        else:
            os.environ["SANE_CONFIG_DIR"] = before


def _check_geometry() -> None:
    from devices.sane_scanner.remote import SaneProcess

    process = SaneProcess()  # libsane runs in a child, as in the kiosk: it sees our variable
    try:
        process.call("open", DEVICE, {})
        top = float(process.call("bed_mm")[1])
    finally:
        process.close()
    if top != GEOMETRY_MAX_MM:
        pytest.fail(
            f"libsane ignores the tests' SANE_CONFIG_DIR (bed {top} mm, want {GEOMETRY_MAX_MM}): "
            "the scanner process did not get the variable",
            pytrace=False,
        )
