"""Real third-party peers, started by the test run itself.

`postgres_url`: a throwaway PostgreSQL cluster (initdb + pg_ctl) on a free loopback port, with
one empty database. When the binaries are missing the tests skip locally, but fail when `CI` is
set or `KIOSK_REQUIRE_PEERS=1`: a peer test must never silently skip in CI.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import socket
import stat
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest

PG_USER = "kiosk"
PG_DATABASE = "kiosk_store"


def peer_unavailable(reason: str) -> NoReturn:
    if os.environ.get("CI") or os.environ.get("KIOSK_REQUIRE_PEERS") == "1":
        pytest.fail(f"required peer unavailable: {reason}", pytrace=False)
    pytest.skip(reason)


def postgres_bindir() -> Path | None:
    """The newest PostgreSQL bin directory holding both initdb and pg_ctl."""

    def version(bindir: Path) -> tuple[int, ...]:
        return tuple(int(n) for n in re.findall(r"\d+", bindir.parent.name))

    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=version, reverse=True)
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).parent)
    for bindir in candidates:
        if (bindir / "initdb").is_file() and (bindir / "pg_ctl").is_file():
            return bindir
    return None


def server_user_prefix() -> tuple[list[str], int, int]:
    """How to run the server commands: initdb refuses to run as root, so use `postgres`."""
    if os.geteuid() != 0:
        return [], os.geteuid(), os.getegid()
    runuser = shutil.which("runuser")
    if runuser is None:
        peer_unavailable("running as root, and there is no runuser to drop to 'postgres'")
    try:
        user = pwd.getpwnam("postgres")
    except KeyError:
        peer_unavailable("running as root, and there is no 'postgres' user to run PostgreSQL")
    return [runuser, "-u", "postgres", "--"], user.pw_uid, user.pw_gid


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def run(command: list[str], cwd: Path, what: str) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        pytest.fail(f"{what} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")


def check_traversable(path: Path) -> None:
    for parent in path.parents:
        if not os.stat(parent).st_mode & stat.S_IXOTH:
            pytest.fail(f"{parent} is not traversable by the postgres user; set TMPDIR=/tmp")


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """URL of an empty database on a PostgreSQL server that lives as long as the test run."""
    bindir = postgres_bindir()
    if bindir is None:
        peer_unavailable("PostgreSQL server binaries (initdb, pg_ctl) not found")
    try:
        import psycopg
    except ImportError:
        peer_unavailable("psycopg is not installed (pip install -e '.[dev]')")
    prefix, uid, gid = server_user_prefix()

    base = Path(tempfile.mkdtemp(prefix="kiosk-pg-"))
    data, log = base / "data", base / "server.log"
    started = False
    try:
        if os.geteuid() == 0:
            check_traversable(base)
            os.chown(base, uid, gid)
        run(
            [
                *prefix,
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                PG_USER,
                "--auth=trust",
                "--encoding=UTF8",
                "--no-locale",
                "--no-sync",
            ],
            base,
            "initdb",
        )
        for _attempt in range(3):
            port = free_port()
            with (data / "postgresql.conf").open("a", encoding="utf-8") as conf:
                conf.write(
                    "\n# kiosk test cluster\n"
                    "listen_addresses = '127.0.0.1'\n"
                    f"port = {port}\n"
                    f"unix_socket_directories = '{base}'\n"
                    "fsync = off\nfull_page_writes = off\nsynchronous_commit = off\n"
                )
            pg_ctl = [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(log)]
            start = subprocess.run(
                [*pg_ctl, "-w", "-t", "60", "start"],
                cwd=base,
                capture_output=True,
                text=True,
                timeout=90,
            )
            if start.returncode == 0:
                started = True
                break
        if not started:
            server_log = log.read_text(errors="replace") if log.exists() else ""
            pytest.fail(f"pg_ctl start failed:\n{start.stdout}\n{start.stderr}\n{server_log}")

        with psycopg.connect(
            host="127.0.0.1", port=port, user=PG_USER, dbname="postgres", autocommit=True
        ) as conn:
            conn.execute(f"CREATE DATABASE {PG_DATABASE}")
        yield f"postgresql+psycopg://{PG_USER}@127.0.0.1:{port}/{PG_DATABASE}"
    finally:
        if started:
            run([*pg_ctl, "-w", "-m", "fast", "stop"], base, "pg_ctl stop")
        shutil.rmtree(base, ignore_errors=True)


from tests.peers.pcscd import pcscd, vpcd_slot  # noqa: E402, F401  (PC/SC peer fixtures)
