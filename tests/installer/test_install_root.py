"""install.sh, update.sh and uninstall.sh in a throwaway Debian 12 root (debootstrap).

One root per module, used in order: a fresh install, a second install that must change
nothing, updates (broken → rolled back, bad settings → refused, good → switched), uninstall
(keeps settings and outbox) and uninstall --purge.
"""

from __future__ import annotations

import os
import stat
import sys
import time
from pathlib import Path

import pytest

from tests.installer.conftest import HERE, INSTALLER, run

pytestmark = pytest.mark.peer

TIMINGS: dict[str, float] = {}
SETTINGS = "/etc/kiosk/kiosk.toml"


def install(root: Path, bundle: Path, *extra: str) -> str:
    started = time.monotonic()
    done = run([INSTALLER / "install.sh", "--root", root, "--no-start", "--bundle", bundle, *extra])
    TIMINGS.setdefault("install", time.monotonic() - started)
    return done.stderr


def passwd_entry(root: Path, name: str) -> list[str] | None:
    for line in (root / "etc/passwd").read_text().splitlines():
        fields = line.split(":")
        if fields[0] == name:
            return fields
    return None


def group_members(root: Path) -> dict[str, set[str]]:
    groups = {}
    for line in (root / "etc/group").read_text().splitlines():
        fields = line.split(":")
        groups[fields[0]] = set(filter(None, fields[3].split(",")))
    return groups


def current(root: Path) -> str:
    return os.readlink(root / "opt/kiosk/current")


def snapshot(root: Path) -> dict[str, tuple[object, ...]]:
    """Every path with its type, mode, owner, size, mtime and link target: a rewrite of any file
    (even with the same bytes) or a changed owner shows."""
    seen: dict[str, tuple[object, ...]] = {}
    skip = {root / d for d in ("proc", "sys", "dev", "tmp", "run")}
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = [d for d in dirs if here / d not in skip]
        for name in [*dirs, *files]:
            path = here / name
            st = path.lstat()
            link = os.readlink(path) if stat.S_ISLNK(st.st_mode) else ""
            size = st.st_size if stat.S_ISREG(st.st_mode) else 0
            seen[str(path.relative_to(root))] = (
                st.st_mode,
                st.st_uid,
                st.st_gid,
                size,
                st.st_mtime_ns,
                link,
            )
    return seen


def releases(root: Path) -> set[str]:
    return {p.name for p in (root / "opt/kiosk/releases").iterdir()}


def history(root: Path) -> list[str]:
    log = root / "var/lib/kiosk/update-history.log"
    return log.read_text().splitlines() if log.exists() else []


def update(root: Path, bundle: Path) -> tuple[int, str]:
    health = f"{sys.executable} {HERE / 'chroot_health.py'} {root}"
    done = run(
        [INSTALLER / "update.sh", "--root", root, "--timeout", "90", bundle],
        env={"KIOSK_RESTART_CMD": "true", "KIOSK_HEALTH_CMD": health},
        check=False,
    )
    return done.returncode, done.stderr


def test_fresh_install_puts_everything_in_place(root: Path, bundles: dict[str, Path]) -> None:
    install(root, bundles["good"], "--skip-apt")

    user = passwd_entry(root, "kiosk")
    assert user is not None, "no kiosk user in the root's /etc/passwd"
    assert user[5] == "/var/lib/kiosk" and user[6] == "/usr/sbin/nologin"
    assert int(user[2]) < 1000, "the kiosk user must be a system user"
    groups = group_members(root)
    for group in ("scanner", "lp", "dialout", "audio", "video", "input", "render"):
        assert group in groups, f"the test root should have group {group}"
        assert "kiosk" in groups[group], f"kiosk is not in {group}"

    release = current(root)
    assert release.startswith("releases/0.1.0-"), release
    assert (root / "opt/kiosk" / release / ".complete").is_file()
    version = run(
        [
            "chroot",
            root,
            "/opt/kiosk/current/bin/python",
            "-c",
            "import importlib.metadata as m; print(m.version('ward-kiosk'))",
        ]
    )
    assert version.stdout.strip() == "0.1.0"
    check = run(["chroot", root, "/usr/local/bin/kiosk", "config", "check", SETTINGS])
    assert ": OK" in check.stdout
    # The release reads the site's settings, and its shipped data, not the sample's.
    assert os.readlink(root / "opt/kiosk/current/share/config/kiosk.toml") == SETTINGS
    assert (root / "opt/kiosk/current/share/config/prompts/vi").is_dir()

    kiosk_uid, kiosk_gid = int(user[2]), int(user[3])
    data = (root / "var/lib/kiosk").stat()
    assert (stat.S_IMODE(data.st_mode), data.st_uid, data.st_gid) == (0o700, kiosk_uid, kiosk_gid)
    etc = (root / "etc/kiosk").stat()
    assert (stat.S_IMODE(etc.st_mode), etc.st_uid, etc.st_gid) == (0o750, 0, kiosk_gid)
    settings = (root / "etc/kiosk/kiosk.toml").stat()
    assert (stat.S_IMODE(settings.st_mode), settings.st_uid) == (0o640, 0)

    units = root / "etc/systemd/system"
    service = (units / "kiosk.service").read_text()
    cage = "ExecStart=/usr/bin/cage -d $KIOSK_CAGE_ROTATION -- /opt/kiosk/current/bin/kiosk run"
    assert cage in service
    assert not (units / "kiosk.service.d").exists(), "rotation 0: no drop-in"
    assert " -s " not in service.split("ExecStart=")[1].splitlines()[0], "no VT switching"
    for line in (
        "Type=notify",
        "NotifyAccess=all",
        "Restart=always",
        "User=kiosk",
        "OnFailure=kiosk-out-of-service.service",
        "Conflicts=getty@tty1.service",
    ):
        assert line in service.splitlines(), line
    assert "kiosk out-of-service" in (units / "kiosk-out-of-service.service").read_text()
    assert os.readlink(units / "graphical.target.wants/kiosk.service") == (
        "/etc/systemd/system/kiosk.service"
    )
    assert os.readlink(units / "getty@tty1.service") == "/dev/null"
    rules = root / "etc/udev/rules.d"
    assert {p.name for p in rules.glob("7*-kiosk-*.rules")} == {
        "70-kiosk-devices.rules",
        "71-kiosk-hide-cursor.rules",
    }


def test_units_verify_in_the_installed_root(root: Path) -> None:
    done = run(
        [
            "systemd-analyze",
            "verify",
            f"--root={root}",
            "/etc/systemd/system/kiosk.service",
            "/etc/systemd/system/kiosk-out-of-service.service",
        ],
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", done.stderr  # warnings too (unknown keys, missing binaries)


def test_second_install_changes_nothing(root: Path, bundles: dict[str, Path]) -> None:
    before = snapshot(root)
    # With the apt step this time: every listed package is in the root, so apt is not run.
    log = install(root, bundles["good"])
    after = snapshot(root)
    changed = sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
    assert changed == [], changed[:20]
    assert "installing Debian packages" not in log


def test_display_rotation_turns_cage_and_back(root: Path, bundles: dict[str, Path]) -> None:
    """[display] rotation = 180 → both units get cage's `-r -r` (and still verify); back to 0 →
    the drop-ins go."""
    settings = root / "etc/kiosk/kiosk.toml"
    original = settings.read_bytes()
    units = root / "etc/systemd/system"
    try:
        settings.write_bytes(original + b"\n[display]\nrotation = 180\n")
        install(root, bundles["good"])
        for unit in ("kiosk.service", "kiosk-out-of-service.service"):
            dropin = (units / f"{unit}.d" / "20-rotation.conf").read_text()
            assert 'Environment="KIOSK_CAGE_ROTATION=-r -r"' in dropin.splitlines(), dropin
        test_units_verify_in_the_installed_root(root)
    finally:
        settings.write_bytes(original)
    install(root, bundles["good"])
    assert not (units / "kiosk.service.d").exists()
    assert not (units / "kiosk-out-of-service.service.d").exists()


def test_broken_release_is_rolled_back(root: Path, bundles: dict[str, Path]) -> None:
    old = current(root)
    code, log = update(root, bundles["broken"])
    assert code == 1, log
    assert current(root) == old, "current must point at the old release again"
    last = history(root)[-1]
    assert "result=rolled-back" in last and f"from={old.split('/')[1]}" in last
    assert "kiosk exited with 1" in last, last
    # The failed release is removed again (it takes ~600 MB); the running one is untouched.
    assert releases(root) == {old.split("/")[1]}


def test_release_rejecting_the_settings_is_never_switched_to(
    root: Path, bundles: dict[str, Path]
) -> None:
    old = current(root)
    code, log = update(root, bundles["badconfig"])
    assert code == 1, log
    assert current(root) == old
    assert "zz_broken.yaml" in log, log
    assert "result=refused" in history(root)[-1]
    assert releases(root) == {old.split("/")[1]}


def test_good_release_is_switched_to(root: Path, bundles: dict[str, Path]) -> None:
    old = current(root)
    started = time.monotonic()
    code, log = update(root, bundles["next"])
    TIMINGS["update"] = time.monotonic() - started
    assert code == 0, log
    assert current(root).startswith("releases/0.1.1-")
    last = history(root)[-1]
    assert "result=updated" in last and f"from={old.split('/')[1]}" in last
    # Installed beside the old one, which stays to roll back to by hand.
    assert releases(root) == {old.split("/")[1], current(root).split("/")[1]}
    took = f"install {TIMINGS['install']:.0f} s, update with health check {TIMINGS['update']:.0f} s"
    print(f"\n{took}")


def test_uninstall_keeps_settings_and_outbox(root: Path, bundles: dict[str, Path]) -> None:
    outbox = root / "var/lib/kiosk/kiosk.db"
    assert outbox.is_file(), "the kiosk ran during the updates and made its database"
    settings = (root / "etc/kiosk/kiosk.toml").read_bytes()
    run([INSTALLER / "uninstall.sh", "--root", root])
    assert passwd_entry(root, "kiosk") is None
    assert not (root / "opt/kiosk").exists()
    assert not (root / "etc/systemd/system/kiosk.service").exists()
    assert not (root / "etc/systemd/system/getty@tty1.service").exists()
    assert not list((root / "etc/udev/rules.d").glob("*kiosk*"))
    assert outbox.is_file()
    assert (root / "etc/kiosk/kiosk.toml").read_bytes() == settings

    # A reinstall picks the kept data up again, owned by the (new) kiosk user.
    install(root, bundles["good"], "--skip-apt")
    user = passwd_entry(root, "kiosk")
    assert user is not None
    assert outbox.stat().st_uid == int(user[2])
    assert (root / "etc/kiosk/kiosk.toml").read_bytes() == settings


def test_uninstall_purge_removes_settings_and_data(root: Path) -> None:
    run([INSTALLER / "uninstall.sh", "--root", root, "--purge"])
    assert not (root / "etc/kiosk").exists()
    assert not (root / "var/lib/kiosk").exists()
    assert passwd_entry(root, "kiosk") is None
