"""The kiosk's sender SIGKILLed at each step of a send → after restart, exactly one dossier at
the gateway, acknowledged in the kiosk's store with the gateway's code, papers deleted.

The child is this module run as a program (real process, real SQLite store, real HTTP to the
real gateway); it stops at the named step, says so, and waits for the kill:

    python -m tests.e2e.test_outbox_kill DATA_DIR GATEWAY_URL KILL_AT   # first run
    python -m tests.e2e.test_outbox_kill DATA_DIR GATEWAY_URL resume    # after the kill
"""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCAL_ID = "0c7d6f5e-kill-test"
STEPS = ["enqueued", "claimed", "in_flight", "submitted", "acked", "cleaned"]


# --- the child ------------------------------------------------------------------------------


def child(data_dir: Path, url: str, kill_at: str) -> int:
    from datetime import UTC, datetime

    from devices.portal_http import HttpPortal
    from kiosk.ports.clock import SystemClock
    from kiosk.ports.portal import ConsentRecord
    from kiosk.services.outbox import NewDossier, Outbox, OutboxSender, PaperFolder
    from kiosk.store import migrate
    from kiosk.store.db import make_engine, session_factory, sqlite_url
    from kiosk.store.outbox_repository import OutboxRepository
    from tests.peers.gateway_fixtures import KIOSK_ID, TOKEN, pdf_bytes

    def say(text: str) -> None:
        print(text, flush=True)

    def park() -> None:
        threading.Event().wait()  # until SIGKILL

    db = sqlite_url(data_dir / "kiosk.db")
    migrate.upgrade(db)
    engine = make_engine(db)
    clock = SystemClock()
    outbox = Outbox(
        OutboxRepository(session_factory(engine), KIOSK_ID),
        PaperFolder(data_dir / "outbox"),
        clock,
        KIOSK_ID,
    )
    portal = HttpPortal(url, TOKEN, kiosk_id=KIOSK_ID, timeout_s=30)

    def observe(step: str, local_id: str) -> None:
        say(f"at {step}")
        if step == kill_at:
            park()

    sender = OutboxSender(outbox, portal, clock, observer=observe)
    if kill_at == "resume":
        requeued, _ = outbox.recover()
        say(f"requeued {len(requeued)}")
    else:
        scan = data_dir / "session" / "scan.pdf"
        scan.parent.mkdir(parents=True, exist_ok=True)
        scan.write_bytes(pdf_bytes(512 * 1024, seed=9))
        at = datetime.now(UTC)
        outbox.enqueue(
            NewDossier(
                procedure_code="1.001193",
                fields={"ho_ten_con": "Đỗ Minh Châu"},
                papers={"giay_chung_sinh": scan},
                identity_source="chip",
                consent=ConsentRecord("consent.dossier.v1", at, ("dg13",)),
                processing_days=3,
                local_id=LOCAL_ID,
            )
        )
        observe("enqueued", LOCAL_ID)
    sender.deliver_due()
    found = outbox.delivery(LOCAL_ID)
    say(f"done {found.state if found else None} {found.dossier_code if found else None}")
    engine.dispose()
    return 0 if found is not None and found.state == "acked" else 1


# --- the test -------------------------------------------------------------------------------


def read_line(proc: subprocess.Popen[str], timeout: float) -> str:
    assert proc.stdout is not None
    with selectors.DefaultSelector() as sel:
        sel.register(proc.stdout, selectors.EVENT_READ)
        if not sel.select(timeout):
            return ""
    return proc.stdout.readline().strip()


def spawn(data_dir: Path, url: str, kill_at: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.e2e.test_outbox_kill", str(data_dir), url, kill_at],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(scope="module")
def gateway(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    from kiosk.store.db import sqlite_url
    from tests.peers.gateway_fixtures import running_gateway

    db = tmp_path_factory.mktemp("gateway") / "ward.db"
    with running_gateway(sqlite_url(db)) as server:
        yield server


def rows_for_key(gateway: object) -> int:
    from sqlalchemy import func, select

    from kiosk.services.portal_local.registry import ward_dossiers

    engine = gateway.registry.engine  # type: ignore[attr-defined]
    query = select(func.count()).where(ward_dossiers.c.idempotency_key == LOCAL_ID)
    with engine.connect() as conn:
        return int(conn.execute(query).scalar_one())


@pytest.fixture
def clean_gateway(gateway: object) -> object:
    from sqlalchemy import delete

    from kiosk.services.portal_local.registry import ward_dossiers

    with gateway.registry.engine.begin() as conn:  # type: ignore[attr-defined]
        conn.execute(delete(ward_dossiers).where(ward_dossiers.c.idempotency_key == LOCAL_ID))
    return gateway


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@pytest.mark.parametrize("step", STEPS)
def test_sigkill_at_each_step_gives_exactly_one_dossier(
    tmp_path: Path, clean_gateway: object, step: str
) -> None:
    from sqlalchemy import select

    from kiosk.services.portal_local.registry import ward_dossiers
    from kiosk.store.db import make_engine, session_factory, sqlite_url
    from kiosk.store.outbox_repository import OutboxRepository
    from tests.peers.gateway_fixtures import FaultProxy

    gateway = clean_gateway
    direct = f"http://127.0.0.1:{gateway.port}"  # type: ignore[attr-defined]
    proxy = FaultProxy(gateway.port)  # type: ignore[attr-defined]
    try:
        if step == "in_flight":  # the request is out; the gateway has not seen it yet
            proxy.plan("hang")
        first = spawn(tmp_path, proxy.url, step)
        with first:
            if step == "in_flight":
                assert proxy.request_seen.wait(60), first.stderr.read() if first.stderr else ""
            else:
                lines: list[str] = []
                while (line := read_line(first, 60)) != f"at {step}":
                    if not line:
                        first.kill()
                        pytest.fail(f"child never reached {step}: {lines}\n{first.stderr.read()}")  # type: ignore[union-attr]
                    lines.append(line)
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=30)
        assert first.returncode == -signal.SIGKILL
    finally:
        proxy.stop()
    expected_before = 1 if step in ("submitted", "acked", "cleaned") else 0
    assert rows_for_key(gateway) == expected_before

    second = spawn(tmp_path, direct, "resume")
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, out + err
    assert rows_for_key(gateway) == 1

    with gateway.registry.engine.connect() as conn:  # type: ignore[attr-defined]
        code = conn.execute(
            select(ward_dossiers.c.dossier_code).where(ward_dossiers.c.idempotency_key == LOCAL_ID)
        ).scalar_one()
    engine = make_engine(sqlite_url(tmp_path / "kiosk.db"))
    try:
        found = OutboxRepository(session_factory(engine), "x").delivery(LOCAL_ID)
    finally:
        engine.dispose()
    assert found is not None
    assert (found.state, found.dossier_code) == ("acked", code)
    assert not (tmp_path / "outbox" / LOCAL_ID).exists()
    assert not (tmp_path / "session" / "scan.pdf").exists()


if __name__ == "__main__":
    sys.exit(child(Path(sys.argv[1]), sys.argv[2], sys.argv[3]))
