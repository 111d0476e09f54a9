"""A pty pair from socat playing a serial QR scanner: stable paths, and unplug by killing socat.

`SocatScanner.kiosk_path` is what the adapter opens; the test writes the scanner's bytes to the
other end. Killing socat makes both ptys vanish, as pulling a USB-serial scanner does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

from tests.peers.conftest import peer_unavailable


class SocatScanner:
    def __init__(self, folder: Path) -> None:
        socat = shutil.which("socat")
        if socat is None:
            peer_unavailable("socat is not installed (apt-get install socat)")
        self._socat = socat
        self.scanner_path = folder / "scanner"
        self.kiosk_path = folder / "kiosk"
        self._process: subprocess.Popen[bytes] | None = None
        self._fd: int | None = None

    def plug(self) -> None:
        """Start socat and wait (bounded) until both pty links exist."""
        for link in (self.scanner_path, self.kiosk_path):
            link.unlink(missing_ok=True)
        self._process = subprocess.Popen(
            [
                self._socat,
                f"pty,raw,echo=0,link={self.scanner_path}",
                f"pty,raw,echo=0,link={self.kiosk_path}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 5.0
        while not (self.scanner_path.exists() and self.kiosk_path.exists()):
            if time.monotonic() > deadline or self._process.poll() is not None:
                raise RuntimeError("socat did not create its pty links")
            time.sleep(0.01)
        self._fd = os.open(self.scanner_path, os.O_RDWR | os.O_NOCTTY)

    def unplug(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
        if self._process is not None:
            self._process.kill()
            self._process.wait(timeout=5.0)
            self._process = None

    def write(self, data: bytes) -> None:
        assert self._fd is not None, "scanner not plugged"
        os.write(self._fd, data)
