"""The offline bundle: one tar whose manifest covers every file, refused when damaged."""

from __future__ import annotations

import hashlib
import subprocess
import tarfile
from pathlib import Path

import pytest

from tests.installer.conftest import INSTALLER, run

pytestmark = pytest.mark.peer


def members(bundle: Path) -> dict[str, bytes]:
    with tarfile.open(bundle) as tar:
        files = {}
        for info in tar.getmembers():
            if info.isfile():
                extracted = tar.extractfile(info)
                assert extracted is not None
                files[info.name.removeprefix("kiosk-bundle/")] = extracted.read()
        return files


def test_manifest_covers_every_file_with_its_sha256(bundles: dict[str, Path]) -> None:
    files = members(bundles["good"])
    manifest: dict[str, str] = {}
    for line in files.pop("MANIFEST.sha256").decode().splitlines():
        digest, name = line.split("  ", 1)
        manifest[name] = digest
    assert set(manifest) == set(files)
    for name, content in files.items():
        assert hashlib.sha256(content).hexdigest() == manifest[name], name
    info = dict(line.split("=", 1) for line in files["BUNDLE_INFO"].decode().splitlines())
    assert info["release"].startswith(info["version"] + "-")
    wheels = {n.split("/")[1].split("-")[0].lower() for n in files if n.startswith("wheels/")}
    # The app, and the dependencies a ward PC cannot get without internet.
    for name in ("ward_kiosk", "pyside6_essentials", "msgspec", "sqlalchemy", "pyscard"):
        assert name in wheels, name
    assert "installer/install.sh" in files and "config/prompts/vi/core.toml" in files


def test_damaged_bundle_is_refused_before_anything_changes(
    bundles: dict[str, Path], tmp_path: Path
) -> None:
    damaged = tmp_path / "damaged.tar"
    unpacked = tmp_path / "unpacked"
    unpacked.mkdir()
    run(["tar", "-xf", bundles["good"], "-C", unpacked])
    with (unpacked / "kiosk-bundle/config/prompts/vi/core.toml").open("a") as prompts:
        prompts.write("# changed on the USB stick\n")
    run(["tar", "-cf", damaged, "-C", unpacked, "kiosk-bundle"])
    target = tmp_path / "root"
    target.mkdir()

    done = subprocess.run(
        [
            str(INSTALLER / "install.sh"),
            "--root",
            str(target),
            "--skip-apt",
            "--bundle",
            str(damaged),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0
    assert "damaged" in done.stderr and "core.toml" in done.stderr, done.stderr
    assert list(target.iterdir()) == []
