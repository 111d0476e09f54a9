"""Poppler (pdfinfo, pdftoppm, pdfimages) is the real PDF reader the packed papers are checked
with: a PDF that poppler cannot open or that renders to something else is a broken paper."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

TOOLS = ("pdfinfo", "pdftoppm", "pdfimages")


@dataclass(frozen=True)
class Poppler:
    tmp: Path

    def _write(self, pdf: bytes) -> Path:
        path = self.tmp / f"paper-{len(list(self.tmp.glob('*.pdf')))}.pdf"
        path.write_bytes(pdf)
        return path

    def info(self, pdf: bytes) -> dict[str, str]:
        out = subprocess.run(
            ["pdfinfo", str(self._write(pdf))], check=True, capture_output=True, text=True
        ).stdout
        return {
            k.strip(): v.strip() for k, _, v in (line.partition(":") for line in out.splitlines())
        }

    def page_size_pt(self, pdf: bytes, page: int = 1) -> tuple[float, float]:
        path = self._write(pdf)
        out = subprocess.run(
            ["pdfinfo", "-f", str(page), "-l", str(page), str(path)],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        match = re.search(rf"Page\s+{page} size:\s+([\d.]+) x ([\d.]+)", out)
        assert match, out
        return float(match.group(1)), float(match.group(2))

    def images(self, pdf: bytes) -> list[dict[str, str]]:
        """`pdfimages -list`: one row per embedded image (type, colour, enc, ppi …)."""
        out = subprocess.run(
            ["pdfimages", "-list", str(self._write(pdf))],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.splitlines()
        header = out[0].split()
        return [dict(zip(header, line.split(), strict=False)) for line in out[2:]]

    def render(self, pdf: bytes, page: int, dpi: int, gray: bool = True) -> Image.Image:
        path = self._write(pdf)
        prefix = self.tmp / f"render-{path.stem}"
        args = ["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile"]
        args += ["-gray"] if gray else []
        subprocess.run([*args, str(path), str(prefix)], check=True, capture_output=True)
        out = prefix.with_suffix(".pgm" if gray else ".ppm")
        with Image.open(out) as image:
            return image.copy()


@pytest.fixture
def poppler(tmp_path: Path) -> Poppler:
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        reason = f"poppler-utils missing: {', '.join(missing)}"
        if os.environ.get("CI") or os.environ.get("KIOSK_REQUIRE_PEERS") == "1":
            pytest.fail(f"required peer unavailable: {reason}", pytrace=False)
        pytest.skip(reason)
    return Poppler(tmp_path)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests reading PDFs back with poppler are peer tests (a real third-party reader)."""
    for item in items:
        if "poppler" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.peer)
