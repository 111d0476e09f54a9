"""Fixtures of the installer tests: a throwaway Debian 12 root and offline bundles.

The root is built by debootstrap (minbase + installer/packages.txt) once a day, cached under
~/.cache/kiosk-tests/ keyed by the date and the package list, and copied for each test module.
Bundles are built by installer/build-bundle.sh from copies of this checkout. Everything here
needs root (chroot, useradd --root); without it the tests skip, or fail when peers are required.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.peers.conftest import peer_unavailable

REPO = Path(__file__).resolve().parents[2]
INSTALLER = REPO / "installer"
HERE = Path(__file__).resolve().parent
CACHE = Path(os.environ.get("KIOSK_TEST_CACHE", Path.home() / ".cache" / "kiosk-tests"))
TOP_EXCLUDED = {".git", ".venv", "build", "tests", ".mypy_cache", ".ruff_cache", ".pytest_cache"}


def need_root_tools(*tools: str) -> None:
    if os.geteuid() != 0:
        peer_unavailable("the installer tests need root (chroot, useradd --root)")
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        peer_unavailable(f"missing tools: {', '.join(missing)} (apt-get install debootstrap)")


def run(command: list[str | Path], *, env: dict[str, str] | None = None, timeout: float = 600,
        check: bool = True) -> subprocess.CompletedProcess[str]:  # fmt: skip
    done = subprocess.run(
        [str(c) for c in command],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )
    if check and done.returncode != 0:
        pytest.fail(f"{command} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done


@pytest.fixture(scope="session")
def cached_root() -> Path:
    need_root_tools("debootstrap", "chroot", "useradd", "setpriv")
    key = hashlib.sha256(
        (HERE / "make-test-root.sh").read_bytes() + (INSTALLER / "packages.txt").read_bytes()
    ).hexdigest()[:12]
    day = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d")
    dest = CACHE / f"bookworm-{day}-{key}"
    run([HERE / "make-test-root.sh", dest, INSTALLER / "packages.txt"], timeout=1200)
    for old in CACHE.glob("bookworm-*"):  # ~900 MB each: yesterday's roots are not needed
        if old != dest:
            shutil.rmtree(old, ignore_errors=True)
    return dest


@pytest.fixture(scope="module")
def root(cached_root: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh copy of the cached root for one test module."""
    dest = tmp_path_factory.mktemp("root") / "root"
    run(["cp", "-a", "--reflink=auto", cached_root, dest])
    yield dest
    shutil.rmtree(dest, ignore_errors=True)


def copy_source(dest: Path) -> Path:
    def ignore(folder: str, names: list[str]) -> set[str]:
        skipped = {n for n in names if n == "__pycache__" or n.endswith(".egg-info")}
        return skipped | (TOP_EXCLUDED & set(names) if Path(folder) == REPO else set())

    shutil.copytree(REPO, dest, ignore=ignore)
    return dest


def build_bundle(source: Path, out: Path) -> Path:
    run([INSTALLER / "build-bundle.sh", "--source", source, "--python", sys.executable,
         "--out", out], timeout=900)  # fmt: skip
    return out


@pytest.fixture(scope="session")
def bundles(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """good: this checkout. next: the same as version 0.1.1. broken: `kiosk run` exits 1 at once
    (a release that never gets healthy). badconfig: a release whose shipped procedures are
    invalid, so its `kiosk config check` refuses to start."""
    need_root_tools("tar", "sha256sum")
    base = tmp_path_factory.mktemp("bundles")
    made = {"good": build_bundle(REPO, base / "good.tar")}

    nxt = copy_source(base / "src-next")
    version_file = nxt / "kiosk" / "__init__.py"  # pyproject.toml reads the version from it
    text = version_file.read_text(encoding="utf-8")
    assert '__version__ = "0.1.0"' in text, "the version moved: update how `next` is made"
    version_file.write_text(text.replace('"0.1.0"', '"0.1.1"', 1), encoding="utf-8")
    made["next"] = build_bundle(nxt, base / "next.tar")

    broken = copy_source(base / "src-broken")
    cli = broken / "kiosk" / "cli.py"
    text = cli.read_text(encoding="utf-8")
    start = "        return run(config=args.config, simulate=args.simulate, windowed=args.windowed)"
    assert start in text, "kiosk/cli.py changed: update how the broken release is made"
    cli.write_text(text.replace(start, "        return 1  # deliberately broken release"), "utf-8")
    made["broken"] = build_bundle(broken, base / "broken.tar")

    bad = copy_source(base / "src-badconfig")
    (bad / "config" / "procedures" / "zz_broken.yaml").write_text(
        "this: is: not a procedure\n", encoding="utf-8"
    )
    made["badconfig"] = build_bundle(bad, base / "badconfig.tar")
    yield made
    shutil.rmtree(base, ignore_errors=True)  # ~800 MB: pytest would keep three runs of it
