"""A private speech-dispatcher: its own config dir, socket and audio output.

Used by the tests and bench/voice.py, and usable on a kiosk whose session has no speechd: with no
sound device an auto-spawned daemon never finishes an utterance (research/device-peers.md §6),
so this one gets a copied config whose ALSA output is `alsa_device` ("default", or "kioskfile":
a `file` PCM writing raw S16_LE mono to `audio.raw` in its folder). It runs in its own session
(process group), with its own HOME/XDG dirs, so it neither meets nor leaves a user daemon.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

SYSTEM_CONF = Path("/etc/speech-dispatcher")
MODULE = Path("/usr/lib/speech-dispatcher-modules/sd_espeak-ng")
FILE_DEVICE = "kioskfile"


class DaemonUnavailable(RuntimeError):
    pass


class PrivateSpeechd:
    def __init__(self, alsa_device: str = FILE_DEVICE, language: str = "vi") -> None:
        binary = shutil.which("speech-dispatcher")
        if binary is None or not MODULE.exists():
            raise DaemonUnavailable("speech-dispatcher with its espeak-ng module is not installed")
        self.root = Path(tempfile.mkdtemp(prefix="kiosk-speechd-"))
        self.socket = self.root / "speechd.sock"
        self.audio = self.root / "audio.raw"
        self.log = self.root / "speechd.log"
        self._write_config(alsa_device, language)
        env = {
            **os.environ,
            "HOME": str(self.root),
            "XDG_RUNTIME_DIR": str(self.root / "run"),
            "XDG_CACHE_HOME": str(self.root / "cache"),
            "XDG_CONFIG_HOME": str(self.root / "config"),
        }
        for d in ("run", "cache", "config", "logs"):
            (self.root / d).mkdir()
        with self.log.open("wb") as out:
            self._proc = subprocess.Popen(
                [binary, "-s", "-C", str(self.root / "conf"), "-c", "unix_socket",
                 "-S", str(self.socket), "-t", "0", "-P", str(self.root / "speechd.pid"),
                 "-L", str(self.root / "logs")],
                cwd=self.root, env=env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def _write_config(self, alsa_device: str, language: str) -> None:
        conf = self.root / "conf"
        shutil.copytree(SYSTEM_CONF, conf)
        with (conf / "speechd.conf").open("a", encoding="utf-8") as f:
            f.write(
                f'\nAudioOutputMethod "alsa"\nAudioALSADevice "{alsa_device}"\n'
                f'DefaultModule espeak-ng\nDefaultLanguage "{language}"\nLogLevel 2\n'
            )
        (self.root / ".asoundrc").write_text(
            f'pcm.{FILE_DEVICE} {{ type file; slave.pcm "null"; '
            f'file "{self.audio}"; format "raw" }}\n',
            encoding="utf-8",
        )

    def wait_ready(self, timeout_s: float = 20.0) -> None:
        deadline = time.monotonic() + timeout_s
        while not self.socket.exists():
            if self._proc.poll() is not None or time.monotonic() > deadline:
                tail = self.log.read_text(errors="replace")[-2000:]
                self.close()
                raise DaemonUnavailable(f"speech-dispatcher did not start:\n{tail}")
            time.sleep(0.05)

    def close(self) -> None:
        """Stop the daemon and its output modules (one process group); idempotent."""
        if self._proc.poll() is None:
            try:
                os.killpg(self._proc.pid, signal.SIGTERM)
                self._proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self._proc.pid, signal.SIGKILL)
                self._proc.wait(timeout=10)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self._proc.pid, signal.SIGKILL)  # output modules that outlived the daemon
        shutil.rmtree(self.root, ignore_errors=True)
