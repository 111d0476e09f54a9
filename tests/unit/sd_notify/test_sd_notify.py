"""The sd_notify protocol against real AF_UNIX datagram sockets (path and abstract)."""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.services.sd_notify import Notifier


@pytest.fixture
def listener(tmp_path: Path) -> Iterator[tuple[socket.socket, str]]:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    path = tmp_path / "notify.sock"
    sock.bind(str(path))
    sock.settimeout(5)
    yield sock, str(path)
    sock.close()


def test_not_under_systemd_is_a_quiet_no_op() -> None:
    n = Notifier.from_env({})
    assert not n.enabled
    assert n.watchdog_interval_s is None
    assert n.ready("ready 1") is False
    assert n.watchdog() is False


def test_ready_with_status_is_one_datagram(listener: tuple[socket.socket, str]) -> None:
    sock, path = listener
    assert Notifier.from_env({"NOTIFY_SOCKET": path}).ready("ready 0.1.0")
    assert sock.recv(4096) == b"READY=1\nSTATUS=ready 0.1.0"


def test_each_message_kind(listener: tuple[socket.socket, str]) -> None:
    sock, path = listener
    n = Notifier(path)
    n.watchdog()
    n.status("two\nlines")  # a newline would inject a second assignment
    n.stopping()
    assert [sock.recv(4096) for _ in range(3)] == [
        b"WATCHDOG=1",
        b"STATUS=two lines",
        b"STOPPING=1",
    ]


def test_abstract_socket_written_with_at() -> None:
    name = f"kiosk-test-{uuid.uuid4().hex}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sock:
        sock.bind(b"\0" + name.encode())
        sock.settimeout(5)
        assert Notifier.from_env({"NOTIFY_SOCKET": "@" + name}).watchdog()
        assert sock.recv(4096) == b"WATCHDOG=1"


def test_watchdog_interval_is_half_of_watchdog_usec(listener: tuple[socket.socket, str]) -> None:
    _, path = listener
    n = Notifier.from_env({"NOTIFY_SOCKET": path, "WATCHDOG_USEC": "400000"})
    assert n.watchdog_interval_s == pytest.approx(0.2)


@pytest.mark.parametrize("usec", ["", "0", "soon", "-5"])
def test_bad_or_missing_watchdog_usec_means_no_pings(usec: str) -> None:
    n = Notifier.from_env({"NOTIFY_SOCKET": "/nonexistent", "WATCHDOG_USEC": usec})
    assert n.watchdog_interval_s is None


def test_watchdog_pid_of_cage_our_parent_is_accepted() -> None:
    env = {"NOTIFY_SOCKET": "/x", "WATCHDOG_USEC": "1000000", "WATCHDOG_PID": str(os.getppid())}
    assert Notifier.from_env(env, pid=os.getpid()).watchdog_interval_s == 0.5


def test_watchdog_pid_of_a_grandparent_is_accepted() -> None:
    """`cage -- sh -c 'kiosk run'`: the shell between cage and the kiosk keeps the watchdog."""
    import subprocess
    import sys

    code = (
        "import os, sys; from kiosk.services.sd_notify import Notifier; "
        "print(Notifier.from_env({'NOTIFY_SOCKET': '/x', 'WATCHDOG_USEC': '1000000', "
        "'WATCHDOG_PID': sys.argv[1]}).watchdog_interval_s)"
    )
    shell = f'{sys.executable} -c "{code}" {os.getpid()}'  # we are the grandparent
    done = subprocess.run(
        ["sh", "-c", shell + "; true"], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "0.5", done.stderr


def test_watchdog_pid_of_someone_else_disables_pings() -> None:
    other = max(os.getpid(), os.getppid()) + 12345
    env = {"NOTIFY_SOCKET": "/x", "WATCHDOG_USEC": "1000000", "WATCHDOG_PID": str(other)}
    assert Notifier.from_env(env).watchdog_interval_s is None


def test_no_listener_returns_false_and_never_raises(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    n = Notifier(str(tmp_path / "gone.sock"))
    assert n.watchdog() is False
    assert n.watchdog() is False
    assert len([r for r in caplog.records if "sd_notify" in r.getMessage()]) == 1  # warned once


def test_a_full_queue_drops_instead_of_blocking(listener: tuple[socket.socket, str]) -> None:
    _, path = listener  # never read: the kernel queue fills up
    n = Notifier(path)
    results = [n.status("x" * 1000) for _ in range(5000)]
    assert results[0] is True
    assert False in results  # EAGAIN reported, the caller (the GUI thread) never waited
