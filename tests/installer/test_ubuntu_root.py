"""install.sh in a throwaway Ubuntu 24.04 (noble) root, with a bundle built on noble.

Two roots, each built once a day by make-ubuntu-root.sh (debootstrap from archive.ubuntu.com,
main + universe, then installer/packages.txt by apt) and cached under ~/.cache/kiosk-tests/
noble-*: the run root a ward PC would be, and a build root that also has a compiler and headers,
where installer/build-bundle.sh makes the offline bundle for noble's Python 3.12 (python-sane
and pyscard are sdists). One copy of the run root per module, used in order: a fresh install
(with the apt step: every listed package must be found installed), units verify, the app starts
and reports READY=1, a second install changes nothing, and cage 0.1.5 (no `-r`) makes a
rotation setting fail loudly instead of starting sideways.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import shutil
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.installer.conftest import CACHE, HERE, INSTALLER, copy_source, need_root_tools, run
from tests.installer.test_install_root import group_members, passwd_entry, snapshot

pytestmark = pytest.mark.peer

SETTINGS = "/etc/kiosk/kiosk.toml"
# What a noble root needs to build the bundle's sdists: python-sane (SANE headers), pyscard
# (PC/SC headers, swig), both C extensions against Python 3.12.
BUILD_PACKAGES = ("gcc", "libc6-dev", "python3-dev", "libsane-dev", "libpcsclite-dev", "swig")
TIMINGS: dict[str, float] = {}


def cached_noble_root(kind: str, *extra: str) -> Path:
    key = hashlib.sha256(
        (HERE / "make-ubuntu-root.sh").read_bytes()
        + (INSTALLER / "packages.txt").read_bytes()
        + " ".join(extra).encode()
    ).hexdigest()[:12]
    day = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d")
    dest = CACHE / f"noble-{kind}-{day}-{key}"
    started = time.monotonic()
    if not (dest / ".complete").exists():
        run([HERE / "make-ubuntu-root.sh", dest, INSTALLER / "packages.txt", *extra], timeout=1200)
        TIMINGS[f"debootstrap {kind} root"] = time.monotonic() - started
    for old in CACHE.glob(f"noble-{kind}-*"):  # ~700 MB each: yesterday's roots are not needed
        if old != dest:
            shutil.rmtree(old, ignore_errors=True)
    return dest


@pytest.fixture(scope="module")
def noble_root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh copy of the cached noble run root for this module."""
    need_root_tools("debootstrap", "chroot", "useradd", "setpriv", "gpg", "curl", "dpkg-deb")
    cached = cached_noble_root("run")
    dest = tmp_path_factory.mktemp("noble") / "root"
    run(["cp", "-a", "--reflink=auto", cached, dest])
    yield dest
    shutil.rmtree(dest, ignore_errors=True)


def build_env(work: Path, inside: str) -> list[str]:
    """The environment of the build in the chroot: none of this host's pip settings (their paths
    are the host's), but the certificates this host trusts for PyPI (a proxy may re-sign), and
    its proxy. pip's cache stays in the build root (/root/.cache/pip): a warm run reuses it."""
    host_ca = Path(os.environ.get("PIP_CERT") or "/etc/ssl/certs/ca-certificates.crt")
    env = ["env", "-i", "HOME=/root", "PATH=/usr/local/bin:/usr/bin:/bin", "LANG=C.UTF-8"]
    if host_ca.is_file():
        shutil.copyfile(host_ca, work / "ca.crt")
        env += [f"PIP_CERT={inside}/ca.crt", f"SSL_CERT_FILE={inside}/ca.crt"]
    proxies = ("http_proxy", "https_proxy", "no_proxy", "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY")
    return env + [f"{k}={os.environ[k]}" for k in proxies if k in os.environ]


@pytest.fixture(scope="module")
def noble_bundle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """This checkout's offline bundle, built by build-bundle.sh inside the noble build root."""
    need_root_tools("debootstrap", "chroot", "gpg", "curl", "dpkg-deb")
    build_root = cached_noble_root("build", *BUILD_PACKAGES)
    work = Path(tempfile.mkdtemp(prefix="kiosk-bundle-", dir=build_root / "tmp"))
    inside = f"/tmp/{work.name}"
    started = time.monotonic()
    try:
        copy_source(work / "src")
        run(["chroot", build_root, *build_env(work, inside), "/bin/bash",
             f"{inside}/src/installer/build-bundle.sh", "--source", f"{inside}/src",
             "--out", f"{inside}/bundle.tar"], timeout=900)  # fmt: skip
        out = tmp_path_factory.mktemp("noble-bundle") / "bundle.tar"
        shutil.move(work / "bundle.tar", out)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    TIMINGS["bundle in the noble build root"] = time.monotonic() - started
    yield out
    out.unlink(missing_ok=True)


def install(root: Path, bundle: Path, *extra: str, check: bool = True) -> tuple[int, str]:
    started = time.monotonic()
    done = run(
        [INSTALLER / "install.sh", "--root", root, "--no-start", "--bundle", bundle, *extra],
        check=check,
    )
    TIMINGS.setdefault("install", time.monotonic() - started)
    return done.returncode, done.stderr


def in_root(root: Path, *command: str) -> str:
    return run(["chroot", root, *command]).stdout


def test_the_root_is_ubuntu_noble_with_its_python_and_cage(noble_root: Path) -> None:
    """The rest of this module proves nothing about Ubuntu unless the root really is 24.04."""
    release = (noble_root / "etc/os-release").read_text()
    assert 'VERSION_ID="24.04"' in release and "VERSION_CODENAME=noble" in release, release
    assert in_root(noble_root, "python3", "--version").startswith("Python 3.12.")
    cage = run(["chroot", noble_root, "cage", "-v"], check=False)
    assert "0.1.5" in cage.stdout + cage.stderr
    # The name packages.txt lists is only provided there (64-bit time rename).
    abbrev = "-f=${db:Status-Abbrev}"
    status = run(["chroot", noble_root, "dpkg-query", "-W", abbrev, "libglib2.0-0"], check=False)
    assert not status.stdout.startswith("ii"), status.stdout
    assert in_root(noble_root, "dpkg-query", "-W", abbrev, "libglib2.0-0t64").startswith("ii")


def test_bundle_is_for_python_312(noble_bundle: Path, tmp_path: Path) -> None:
    run(["tar", "-xf", noble_bundle, "-C", tmp_path])
    info = (tmp_path / "kiosk-bundle/BUNDLE_INFO").read_text().splitlines()
    assert "python=cp312" in info, info
    wheels = [p.name for p in (tmp_path / "kiosk-bundle/wheels").glob("*.whl")]
    # The sdists were compiled there, for 3.12.
    for name in ("python_sane-", "pyscard-"):
        built = [w for w in wheels if w.startswith(name)]
        assert built and "-cp312-" in built[0], (name, wheels)


def test_fresh_install_on_noble_puts_everything_in_place(
    noble_root: Path, noble_bundle: Path
) -> None:
    # With the apt step: every name in packages.txt must be found installed (or provided).
    _, log = install(noble_root, noble_bundle)
    assert "installing Debian packages" not in log, log

    user = passwd_entry(noble_root, "kiosk")
    assert user is not None, "no kiosk user in the root's /etc/passwd"
    assert user[5] == "/var/lib/kiosk" and user[6] == "/usr/sbin/nologin"
    assert int(user[2]) < 1000, "the kiosk user must be a system user"
    groups = group_members(noble_root)
    for group in ("scanner", "lp", "dialout", "audio", "video", "input", "render"):
        assert group in groups, f"noble should have group {group}"
        assert "kiosk" in groups[group], f"kiosk is not in {group}"

    release = os.readlink(noble_root / "opt/kiosk/current")
    assert release.startswith("releases/0.1.0-"), release
    assert (noble_root / "opt/kiosk" / release / ".complete").is_file()
    assert list((noble_root / "opt/kiosk/current/lib").glob("python3.12/site-packages/kiosk"))
    version = in_root(noble_root, "/opt/kiosk/current/bin/kiosk", "--version")
    assert version.split() == ["kiosk", "0.1.0"], version
    check = in_root(noble_root, "/usr/local/bin/kiosk", "config", "check", SETTINGS)
    assert ": OK" in check
    assert os.readlink(noble_root / "opt/kiosk/current/share/config/kiosk.toml") == SETTINGS

    kiosk_uid, kiosk_gid = int(user[2]), int(user[3])
    data = (noble_root / "var/lib/kiosk").stat()
    assert (stat.S_IMODE(data.st_mode), data.st_uid, data.st_gid) == (0o700, kiosk_uid, kiosk_gid)
    etc = (noble_root / "etc/kiosk").stat()
    assert (stat.S_IMODE(etc.st_mode), etc.st_uid, etc.st_gid) == (0o750, 0, kiosk_gid)
    settings = (noble_root / "etc/kiosk/kiosk.toml").stat()
    assert (stat.S_IMODE(settings.st_mode), settings.st_uid) == (0o640, 0)

    units = noble_root / "etc/systemd/system"
    service = (units / "kiosk.service").read_text()
    cage = "ExecStart=/usr/bin/cage -d $KIOSK_CAGE_ROTATION -- /opt/kiosk/current/bin/kiosk run"
    assert cage in service
    assert not (units / "kiosk.service.d").exists(), "rotation 0 needs no -r (cage 0.1.5 has none)"
    for line in ("Type=notify", "Restart=always", "User=kiosk",
                 "OnFailure=kiosk-out-of-service.service"):  # fmt: skip
        assert line in service.splitlines(), line
    assert os.readlink(units / "graphical.target.wants/kiosk.service") == (
        "/etc/systemd/system/kiosk.service"
    )
    assert os.readlink(units / "getty@tty1.service") == "/dev/null"
    rules = noble_root / "etc/udev/rules.d"
    assert {p.name for p in rules.glob("7*-kiosk-*.rules")} == {
        "70-kiosk-devices.rules",
        "71-kiosk-hide-cursor.rules",
    }
    wrapper = (noble_root / "usr/local/bin/kiosk").stat()
    assert stat.S_IMODE(wrapper.st_mode) == 0o755 and wrapper.st_uid == 0


def test_units_verify_in_the_noble_root(noble_root: Path) -> None:
    """With noble's own systemd-analyze (255) in the chroot: this host's (Debian 12, 252) does
    not know noble's newer unit keys and would flag every stock unit of the root."""
    done = run(
        ["chroot", noble_root, "systemd-analyze", "verify",
         "/etc/systemd/system/kiosk.service", "/etc/systemd/system/kiosk-out-of-service.service"],
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", done.stderr  # warnings too (unknown keys, missing binaries)


def test_installed_app_reports_ready_in_the_noble_root(noble_root: Path) -> None:
    """PySide6's wheels against noble's libraries (t64 glib, Qt's xcb/wayland deps): the
    installed `kiosk run` (Qt offscreen) paints the attract screen and sends READY=1."""
    started = time.monotonic()
    done = run([sys.executable, HERE / "chroot_health.py", noble_root, "90"], check=False)
    TIMINGS["kiosk run until READY=1"] = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert "health: READY=1" in done.stderr, done.stderr  # this checkout's app sends it


def test_second_install_on_noble_changes_nothing(noble_root: Path, noble_bundle: Path) -> None:
    before = snapshot(noble_root)
    _, log = install(noble_root, noble_bundle)
    after = snapshot(noble_root)
    changed = sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
    assert changed == [], changed[:20]
    assert "installing Debian packages" not in log
    assert "is installed already" in log


def test_rotation_on_cage_015_fails_loudly_and_zero_comes_back(
    noble_root: Path, noble_bundle: Path
) -> None:
    """cage 0.1.5 has no -r: a rotation in the settings must stop the install with the reason,
    not write a unit that cage would refuse (or a kiosk that starts sideways)."""
    settings = noble_root / "etc/kiosk/kiosk.toml"
    original = settings.read_bytes()
    units = noble_root / "etc/systemd/system"
    try:
        settings.write_bytes(original + b"\n[display]\nrotation = 90\n")
        code, log = install(noble_root, noble_bundle, check=False)
        assert code != 0, log
        assert "this cage cannot rotate" in log, log
        assert not (units / "kiosk.service.d").exists()
    finally:
        settings.write_bytes(original)
    install(noble_root, noble_bundle)
    assert not (units / "kiosk.service.d").exists()
    test_units_verify_in_the_noble_root(noble_root)


def test_missing_package_is_installed_by_apt_in_the_noble_root(
    noble_root: Path, noble_bundle: Path
) -> None:
    """install.sh's apt step against Ubuntu's archive: a listed package that is gone comes back."""
    abbrev = "-f=${db:Status-Abbrev}"
    in_root(noble_root, "dpkg", "--remove", "espeak-ng")
    gone = run(["chroot", noble_root, "dpkg-query", "-W", abbrev, "espeak-ng"], check=False)
    assert not gone.stdout.startswith("ii"), gone.stdout
    _, log = install(noble_root, noble_bundle)
    assert "installing Debian packages: espeak-ng\n" in log, log
    assert in_root(noble_root, "dpkg-query", "-W", abbrev, "espeak-ng").startswith("ii")
    took = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in TIMINGS.items())
    print(f"\n{took}")
