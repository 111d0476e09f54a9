"""`kiosk print-test` against the TCP printer peer: status reported, receipt confirmed or not."""

from __future__ import annotations

import pytest

from printing.cli import main
from tests.escpos_decode import decode, rebuild_raster
from tests.peers.escpos_peer import PAPER_OUT, EscposPeer, Script

pytestmark = pytest.mark.peer


def test_print_test_prints_and_reports(capsys: pytest.CaptureFixture[str]) -> None:
    with EscposPeer() as peer:
        code = main(
            ["print-test", "--connection", "network", "--target", peer.target, "--width", "58"]
        )
        received = bytes(peer.connections[0].received)
    out = capsys.readouterr().out
    assert code == 0, out
    assert "ready" in out and "printed and confirmed" in out
    assert rebuild_raster(decode(received)).width == 384


def test_print_test_reports_paper_out(capsys: pytest.CaptureFixture[str]) -> None:
    with EscposPeer(Script(status=PAPER_OUT)) as peer:
        code = main(["print-test", "--connection", "network", "--target", peer.target])
    out = capsys.readouterr().out
    assert code == 1
    assert "needs_technician paper out" in out and "NOT PRINTED (PaperOut)" in out
