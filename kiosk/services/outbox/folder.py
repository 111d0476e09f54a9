"""The outbox's paper folder: the dossier's PDFs, under the data dir, until acknowledged.

Layout: `<root>/<local_id>/<paper_id>.pdf`. Papers are moved in (or written) under a hidden
`.<local_id>.partial` folder, fsynced, and renamed into place before the dossier row is
committed, so a committed dossier always finds its papers; a crash before the commit leaves only
a folder that `sweep` removes (nothing was submitted: the citizen saw no receipt).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")


class PapersDamaged(Exception):
    """A paper file is missing or no longer matches its checksum: resending cannot help."""


@dataclass(frozen=True, slots=True)
class StoredPaper:
    paper_id: str
    file: str  # name inside the dossier's folder
    sha256: str
    size: int


class PaperFolder:
    def __init__(self, root: Path) -> None:
        self._root = root

    @property
    def root(self) -> Path:
        return self._root

    def stage(self, local_id: str, papers: Mapping[str, Path | bytes]) -> list[StoredPaper]:
        """Move (or write) the papers into the dossier's folder, durably; returns the manifest."""
        _check_id(local_id, "local id")
        self._root.mkdir(parents=True, exist_ok=True)
        partial = self._root / f".{local_id}.partial"
        final = self._root / local_id
        if final.exists():
            raise FileExistsError(f"outbox folder for {local_id} already exists")
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir()
        manifest: list[StoredPaper] = []
        try:
            for paper_id, source in papers.items():
                _check_id(paper_id, "paper id")
                target = partial / f"{paper_id}.pdf"
                if isinstance(source, bytes):
                    target.write_bytes(source)
                else:
                    shutil.move(source, target)  # a rename on the same file system
                manifest.append(_fsync_and_describe(paper_id, target))
            _fsync_dir(partial)
            os.rename(partial, final)
            _fsync_dir(self._root)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
        return manifest

    def load(self, local_id: str, manifest: Iterable[StoredPaper]) -> dict[str, bytes]:
        """The papers' bytes, each checked against the manifest."""
        folder = self._root / local_id
        papers: dict[str, bytes] = {}
        for paper in manifest:
            try:
                data = (folder / paper.file).read_bytes()
            except FileNotFoundError:
                raise PapersDamaged(f"paper {paper.paper_id} is missing") from None
            if len(data) != paper.size or hashlib.sha256(data).hexdigest() != paper.sha256:
                raise PapersDamaged(f"paper {paper.paper_id} does not match its checksum")
            papers[paper.paper_id] = data
        return papers

    def delete(self, local_id: str) -> bool:
        """Remove the dossier's folder; False if there was none."""
        _check_id(local_id, "local id")
        folder = self._root / local_id
        if not folder.exists():
            return False
        shutil.rmtree(folder)
        return True

    def sweep(self, states: Callable[[list[str]], Mapping[str, str]]) -> list[str]:
        """Remove partial folders and folders of dossiers acknowledged or never committed.

        `states(ids)` gives the outbox state of the known ids. Returns the removed names.
        """
        if not self._root.is_dir():
            return []
        removed: list[str] = []
        folders = [p for p in self._root.iterdir() if p.is_dir()]
        known = states([p.name for p in folders if not p.name.startswith(".")])
        for folder in folders:
            state = known.get(folder.name)
            if folder.name.startswith(".") or state is None or state == "acked":
                shutil.rmtree(folder, ignore_errors=True)
                removed.append(folder.name)
        return removed


def _check_id(value: str, what: str) -> None:
    if not _ID.fullmatch(value):
        raise ValueError(f"{what} {value!r}: 1-64 letters, digits, '_' or '-'")


def _fsync_and_describe(paper_id: str, path: Path) -> StoredPaper:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb+") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
            size += len(chunk)
        os.fsync(f.fileno())
    return StoredPaper(paper_id, path.name, digest.hexdigest(), size)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
