"""The real PC/SC daemon (Debian's pcscd with the vsmartcard vpcd driver), started by tests.

Choice about a pcscd that is already running: the tests never stop or reuse a daemon they did
not start. Reusing one would leave the restart test unable to restart it, and stopping a system
service from a test run is a surprise. Debian's pcscd 1.9.9 ignores PCSCLITE_CSOCK_NAME (tried),
so ours must own /run/pcscd/pcscd.comm: when a live daemon answers there (or holds vpcd's port),
the peer is reported unavailable with the command to stop it. A stale socket file from a dead
daemon is fine: pcscd replaces it.

vpcd binds 0.0.0.0 (the driver has no option for loopback): acceptable on a test machine only;
vsmartcard-vpcd must never be installed on a production kiosk.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.peers.vpcd import VPCD_PORT, VirtualCard

READER = "Virtual PCD 00 00"  # the reader on VPCD_PORT
VPCD_CONF = Path("/etc/reader.conf.d/vpcd")
VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
SYSTEM_SOCKET = Path("/run/pcscd/pcscd.comm")


class PeerUnavailable(RuntimeError):
    """The real stack cannot run here; the text says what is missing."""


class Pcscd:
    """One pcscd process; `restart()` stops it and starts a new one, `kill()` crashes it."""

    def __init__(self, binary: str, base: Path) -> None:
        self.binary = binary
        self.base = base
        self.log_path = base / "pcscd.log"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self, timeout_s: float = 15.0) -> None:
        if self._process is not None:
            raise RuntimeError("pcscd is already running")
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(
                [
                    self.binary,
                    "--foreground",
                    "--debug" if os.environ.get("KIOSK_PCSCD_DEBUG") else "--info",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.wait_ready(timeout_s)

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)

    def kill(self) -> None:
        """Die as a crashed daemon would: no goodbye to the clients."""
        process, self._process = self._process, None
        if process is not None:
            process.kill()
            process.wait(timeout=10)

    def restart(self) -> None:
        self.stop()
        self.start()

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def wait_ready(self, timeout_s: float) -> None:
        """Until pyscard lists the virtual reader."""
        from smartcard import scard

        deadline = time.monotonic() + timeout_s
        last = "no answer"
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise PeerUnavailable(
                    f"pcscd exited with {self._process.returncode}:\n{self.log()}"
                )
            hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
            if hresult == scard.SCARD_S_SUCCESS:
                hresult, readers = scard.SCardListReaders(context, [])
                scard.SCardReleaseContext(context)
                if hresult == scard.SCARD_S_SUCCESS and any(READER in r for r in readers):
                    return
            last = scard.SCardGetErrorMessage(hresult)
            time.sleep(0.05)  # waiting on a real daemon, not in a unit test
        raise PeerUnavailable(f"pcscd did not list {READER!r} ({last}):\n{self.log()}")


def system_pcscd_alive() -> bool:
    """A daemon answers on the system socket (a stale file from a dead one refuses)."""
    if not SYSTEM_SOCKET.exists():
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(str(SYSTEM_SOCKET)) == 0


def port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def start_pcscd() -> Pcscd:
    """Start our own pcscd or raise PeerUnavailable saying why not (for tests and the bench)."""
    binary = shutil.which("pcscd") or (
        "/usr/sbin/pcscd" if Path("/usr/sbin/pcscd").exists() else None
    )
    if binary is None:
        raise PeerUnavailable("pcscd not found (apt-get install pcscd)")
    if not VPCD_CONF.exists() or not VPCD_DRIVER.exists():
        raise PeerUnavailable("the vpcd driver is missing (apt-get install vsmartcard-vpcd)")
    try:
        import smartcard.scard  # noqa: F401
    except ImportError as error:
        raise PeerUnavailable(f"pyscard is not installed ({error})") from error
    if system_pcscd_alive() or port_in_use(VPCD_PORT):
        raise PeerUnavailable(
            f"a pcscd is already running ({SYSTEM_SOCKET} answers or TCP {VPCD_PORT} is taken); "
            "stop it (systemctl stop pcscd.socket pcscd): the tests never stop a daemon they did "
            "not start"
        )
    base = Path(tempfile.mkdtemp(prefix="kiosk-pcscd-"))
    daemon = Pcscd(binary, base)
    try:
        daemon.start()
    except BaseException:
        daemon.stop()
        shutil.rmtree(base, ignore_errors=True)
        raise
    return daemon


def stop_pcscd(daemon: Pcscd) -> None:
    daemon.stop()
    shutil.rmtree(daemon.base, ignore_errors=True)


@pytest.fixture(scope="session")
def pcscd() -> Iterator[Pcscd]:
    """A real pcscd listing the vpcd readers, for the whole run; tests may restart() it."""
    from tests.peers.conftest import peer_unavailable  # here: conftest imports this module

    try:
        daemon = start_pcscd()
    except PeerUnavailable as error:
        peer_unavailable(str(error))
    try:
        yield daemon
    finally:
        stop_pcscd(daemon)


@pytest.fixture
def vpcd_slot(pcscd: Pcscd) -> Iterator[VirtualCard]:
    """The slot of reader "Virtual PCD 00 00"; emptied after the test. Starts pcscd if a test
    stopped it."""
    if not pcscd.running:
        pcscd.start()
    slot = VirtualCard(VPCD_PORT)
    try:
        yield slot
    finally:
        slot.close()
        if pcscd.running:
            wait_card(present=False)  # the next test starts with a slot pcscd also sees empty


def wait_card(present: bool, reader: str = READER, timeout_s: float = 10.0) -> None:
    """Until pcscd reports the card in `reader` as present (or gone)."""
    from smartcard import scard

    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hresult != scard.SCARD_S_SUCCESS:
        raise PeerUnavailable(f"pcscd: {scard.SCardGetErrorMessage(hresult)}")
    try:
        deadline = time.monotonic() + timeout_s
        state = scard.SCARD_STATE_UNAWARE
        while time.monotonic() < deadline:
            hresult, states = scard.SCardGetStatusChange(context, 200, [(reader, state)])
            if hresult == scard.SCARD_S_SUCCESS:
                state = states[0][1] & ~scard.SCARD_STATE_CHANGED
                if bool(state & scard.SCARD_STATE_PRESENT) == present:
                    return
        raise AssertionError(f"pcscd never saw the card {'inserted' if present else 'removed'}")
    finally:
        scard.SCardReleaseContext(context)
