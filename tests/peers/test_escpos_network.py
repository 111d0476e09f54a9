"""The ESC/POS adapter through python-escpos's Network transport (TCP, the raw port-9100
protocol) against a printer peer on 127.0.0.1 that answers DLE EOT with scripted TM-T88 bytes."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from PIL import ImageChops

from kiosk.domain.devices import HealthState
from kiosk.ports.receipt_printer import (
    CoverOpen,
    PaperOut,
    PrinterOffline,
    PrintNotConfirmed,
    ReceiptPrinter,
)
from printing.escpos import EscposReceiptPrinter
from printing.receipt import build_layout, render_raster
from tests.escpos_decode import decode, native_qr, rebuild_raster
from tests.peers.escpos_peer import COVER_OPEN, NEAR_END, OK, PAPER_OUT, EscposPeer, Script
from tests.unit.receipt.samples import LAN, receipt_prompts

pytestmark = pytest.mark.peer
PROMPTS = receipt_prompts()


@pytest.fixture
def peer() -> Iterator[EscposPeer]:
    with EscposPeer() as server:
        yield server


def adapter(target: str, **kwargs: object) -> EscposReceiptPrinter:
    printer = EscposReceiptPrinter("network", target, PROMPTS, timeout_s=2.0, **kwargs)  # type: ignore[arg-type]
    printer.open()
    return printer


def printed_rasters(peer: EscposPeer) -> int:
    return sum(1 for c in peer.all_commands() if c.name == "GS v 0")


def test_conforms_to_the_port() -> None:
    _: ReceiptPrinter = EscposReceiptPrinter("network", "127.0.0.1:9", PROMPTS)


@pytest.mark.parametrize("native", [True, False])
def test_a_receipt_is_printed_and_confirmed(peer: EscposPeer, native: bool) -> None:
    printer = adapter(peer.target, paper_mm=80, native_qr=native)
    try:
        result = printer.print_receipt(LAN)
    finally:
        printer.close()
    assert result.status_after.can_print and not result.paper_near_end
    (conn,) = peer.connections
    # status asked before the job (at open and again before printing) and after it
    commands = decode(bytes(conn.received))
    kinds = [c.name for c in commands]
    first_job, last_job = kinds.index("ESC @"), len(kinds) - 1 - kinds[::-1].index("GS V")
    assert "DLE EOT" in kinds[:first_job] and "DLE EOT" in kinds[last_job:]
    expected = render_raster(build_layout(LAN, PROMPTS), 80, native_qr=native)
    rebuilt = rebuild_raster(commands)
    assert (
        ImageChops.difference(rebuilt.convert("L"), expected.image.convert("L")).getbbox() is None
    )
    qr = native_qr(commands)
    assert (qr is not None) is native
    if qr is not None:
        assert qr.data.decode("utf-8") == build_layout(LAN, PROMPTS).qr.payload
    assert printer.health().state is HealthState.NOT_READY  # closed


def test_paper_out_refuses_the_job_before_a_single_dot(peer: EscposPeer) -> None:
    peer.script = Script(status=PAPER_OUT)
    printer = adapter(peer.target)
    assert printer.health().state is HealthState.NEEDS_TECHNICIAN
    assert printer.health().detail == "paper out"
    with pytest.raises(PaperOut):
        printer.print_receipt(LAN)
    printer.close()
    assert printed_rasters(peer) == 0


def test_cover_open_refuses_the_job(peer: EscposPeer) -> None:
    peer.script = Script(status=COVER_OPEN)
    printer = adapter(peer.target)
    with pytest.raises(CoverOpen):
        printer.print_receipt(LAN)
    assert printer.health().detail == "cover open"
    printer.close()
    assert printed_rasters(peer) == 0


def test_near_end_prints_with_a_warning(peer: EscposPeer) -> None:
    peer.script = Script(status=NEAR_END)
    printer = adapter(peer.target)
    result = printer.print_receipt(LAN, large=True)
    assert result.paper_near_end
    health = printer.health()
    assert health.state is HealthState.READY and health.detail == "paper near end"
    printer.close()
    assert printed_rasters(peer) >= 1


def test_paper_running_out_during_the_job_is_not_reported_printed(peer: EscposPeer) -> None:
    peer.script = Script(status=OK, after_raster=PAPER_OUT)
    printer = adapter(peer.target)
    with pytest.raises(PrintNotConfirmed, match="paper out"):
        printer.print_receipt(LAN)
    assert printer.health().detail == "paper out"
    printer.close()


def test_a_disconnect_mid_job_is_not_reported_printed_and_the_next_job_reconnects(
    peer: EscposPeer,
) -> None:
    peer.script = Script(drop_after_bytes=4000)
    printer = adapter(peer.target)
    with pytest.raises(PrintNotConfirmed):
        printer.print_receipt(LAN)
    assert printer.health().state is HealthState.NOT_READY
    assert peer.connections[0].dropped
    peer.script = Script()
    result = printer.print_receipt(LAN)  # a new connection: the printer came back
    printer.close()
    assert result.status_after.can_print
    assert len(peer.connections) >= 2


def test_a_printer_that_never_answers_is_offline(peer: EscposPeer) -> None:
    peer.script = Script(silent=True)
    printer = EscposReceiptPrinter("network", peer.target, PROMPTS, timeout_s=0.3)
    printer.open()
    assert printer.health().state is HealthState.NOT_READY
    with pytest.raises(PrinterOffline):
        printer.print_receipt(LAN)
    printer.close()
    assert printed_rasters(peer) == 0


def test_nothing_listening_is_offline_not_a_crash() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # bound, never listening: connections are refused
        printer = adapter(f"127.0.0.1:{port}")
        assert printer.health().state is HealthState.NOT_READY
        with pytest.raises(PrinterOffline, match="cannot connect"):
            printer.status()
        printer.close()


def test_health_follows_the_printer(peer: EscposPeer) -> None:
    printer = adapter(peer.target)
    seen = [printer.health().state]
    for script in (Script(status=COVER_OPEN), Script(status=NEAR_END), Script()):
        peer.script = script
        printer.status()
        seen.append(printer.health().state)
    printer.close()
    assert seen == [
        HealthState.READY,
        HealthState.NEEDS_TECHNICIAN,
        HealthState.READY,
        HealthState.READY,
    ]


def test_port_9100_is_the_default() -> None:
    """The raw-printing port itself: a target without a port means 9100."""
    try:
        server = EscposPeer(port=9100)
    except OSError as exc:
        pytest.skip(f"port 9100 is taken on this machine: {exc}")
    with server:
        printer = adapter("127.0.0.1")
        result = printer.print_receipt(LAN)
        printer.close()
    assert result.status_after.can_print
    assert printed_rasters(server) >= 1


def test_the_health_poll_notices_a_cover_opened_while_idle(peer: EscposPeer) -> None:
    # one client at a time, as on a printer's raw port
    fresh = adapter(peer.target, status_max_age_s=0.0)
    assert fresh.health().ready
    peer.script = Script(status=COVER_OPEN)
    assert fresh.health().detail == "cover open"  # asked the printer: a device event follows
    fresh.close()
    peer.script = Script()
    cached = adapter(peer.target)  # default: asks again only after 30 s
    assert cached.health().ready
    peer.script = Script(status=COVER_OPEN)
    assert cached.health().ready  # the answer of a moment ago still stands
    cached.close()
