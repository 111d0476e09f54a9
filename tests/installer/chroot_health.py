"""Health check for update.sh in a test root (KIOSK_HEALTH_CMD), where there is no systemd.

    python chroot_health.py ROOT [TIMEOUT]

Starts the `current` release's `kiosk run` inside ROOT as the kiosk user, the way kiosk.service
does (Qt offscreen instead of cage), with NOTIFY_SOCKET pointing at a datagram socket this
script listens on: the same protocol systemd's Type=notify uses. Healthy (exit 0) when the app
sends READY=1; unhealthy (exit 1, reason on stderr) when it exits or stays silent until TIMEOUT.
The app is stopped afterwards.
"""

from __future__ import annotations

import os
import select
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO

SOCKET_IN_ROOT = "/run/kiosk-health.sock"


def main(argv: list[str]) -> int:
    root = Path(argv[1])
    timeout = float(argv[2]) if len(argv) > 2 else 60.0
    sock_path = root / SOCKET_IN_ROOT.lstrip("/")
    sock_path.parent.mkdir(parents=True, exist_ok=True)
    sock_path.unlink(missing_ok=True)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(str(sock_path))
    os.chmod(sock_path, 0o666)  # the app runs as the kiosk user
    command = [
        "chroot", str(root),
        "setpriv", "--reuid=kiosk", "--regid=kiosk", "--init-groups",
        "env", "-i", "PATH=/usr/bin:/bin", "HOME=/var/lib/kiosk", "LANG=C.UTF-8",
        "KIOSK_DATA_DIR=/var/lib/kiosk", "KIOSK_CONFIG_DIR=/opt/kiosk/current/share/config",
        "QT_QPA_PLATFORM=offscreen", f"NOTIFY_SOCKET={SOCKET_IN_ROOT}",
        "/opt/kiosk/current/bin/kiosk", "run", "--config", "/etc/kiosk/kiosk.toml",
    ]  # fmt: skip
    # A file, not a pipe: a chatty app must never block on a full pipe nobody reads yet.
    with tempfile.TemporaryFile() as log:
        app = subprocess.Popen(command, stdout=log, stderr=log, start_new_session=True)
        try:
            return wait_ready(app, log, sock, timeout)
        finally:
            stop(app)
            sock.close()
            sock_path.unlink(missing_ok=True)


def wait_ready(
    app: subprocess.Popen[bytes], log: IO[bytes], sock: socket.socket, timeout: float
) -> int:
    started = time.monotonic()
    while (waited := time.monotonic() - started) < timeout:
        ready, _, _ = select.select([sock], [], [], 0.5)
        message = sock.recv(4096).split(b"\n") if ready else []
        if b"READY=1" in message:
            status = b" ".join(m for m in message if m.startswith(b"STATUS="))
            print(f"health: READY=1 after {waited:.1f}s {status.decode()}", file=sys.stderr)
            return 0
        if app.poll() is not None:
            log.seek(0)
            tail = log.read().decode(errors="replace")
            print(f"health: kiosk exited with {app.returncode}: {tail[-300:]}", file=sys.stderr)
            return 1
    print(f"health: no READY=1 within {timeout:.0f}s", file=sys.stderr)
    return 1


def stop(app: subprocess.Popen[bytes]) -> None:
    if app.poll() is None:
        os.killpg(app.pid, signal.SIGTERM)
        try:
            app.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(app.pid, signal.SIGKILL)
            app.wait()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
