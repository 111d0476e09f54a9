"""The session's scan folder: where a citizen's pages and packed papers live, and only there.

One folder per session under a configurable base, mode 0700 (only the kiosk user reads it),
files 0600. It is deleted at the end of the session unless the papers were submitted; then the
packed PDFs stay for the outbox and everything else (raw pages) still goes.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kiosk.ports.document_scanner import ColourMode, ScannedPage

log = logging.getLogger(__name__)

FOLDER_MODE = 0o700
FILE_MODE = 0o600


@dataclass(frozen=True, slots=True)
class StoredPage:
    """A page on disk: the metadata stays in memory, the pixels in the folder."""

    path: Path
    width: int
    height: int
    dpi: int
    mode: ColourMode


def create_session_folder(base: Path) -> Path:
    """A new, private folder for one session's scans under `base` (created 0700 if missing)."""
    base = Path(base)
    if not base.exists():
        base.mkdir(parents=True, mode=FOLDER_MODE)
        os.chmod(base, FOLDER_MODE)  # mkdir's mode is filtered by the umask
    return Path(tempfile.mkdtemp(prefix="session-", dir=base))  # mkdtemp makes it 0700


class SessionFolder:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
        os.chmod(self.path, FOLDER_MODE)
        self._pages = self.path / "pages"
        self._counter = 0

    def store_page(self, paper_id: str, page: ScannedPage) -> StoredPage:
        self._pages.mkdir(exist_ok=True, mode=FOLDER_MODE)
        self._counter += 1
        path = self._pages / f"{paper_id}-{self._counter:04d}.raw"
        _write_private(path, page.pixels)
        return StoredPage(path, page.width, page.height, page.dpi, page.mode)

    def load_page(self, stored: StoredPage) -> ScannedPage:
        pixels = stored.path.read_bytes()
        return ScannedPage(stored.width, stored.height, stored.dpi, stored.mode, pixels)

    def drop_page(self, stored: StoredPage) -> None:
        stored.path.unlink(missing_ok=True)

    def store_pdf(self, paper_id: str, pdf: bytes) -> Path:
        path = self.path / f"{paper_id}.pdf"
        _write_private(path, pdf)
        return path

    def wipe(self, keep: frozenset[Path] = frozenset()) -> None:
        """Delete the folder, or everything in it but `keep`; idempotent."""
        if not self.path.exists():
            return
        if not keep:
            shutil.rmtree(self.path, ignore_errors=True)
        else:
            for child in self.path.iterdir():
                if child in keep:
                    continue
                if child.is_dir():
                    shutil.rmtree(child, ignore_errors=True)
                else:
                    child.unlink(missing_ok=True)
        if self.path.exists() and not keep:
            log.error("scan folder %s survived the wipe", self.path)


def _write_private(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "wb") as file:
        file.write(data)
