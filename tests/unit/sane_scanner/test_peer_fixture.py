"""The SANE peer fixture fails (never skips) when peers are required and the backend is gone."""

from __future__ import annotations

import pytest

import tests.peers.sane as sane_peer


def test_a_missing_backend_fails_when_peers_are_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sane_peer.glob, "glob", lambda _pattern: [])
    monkeypatch.setenv("KIOSK_REQUIRE_PEERS", "1")
    with pytest.raises(pytest.fail.Exception, match="SANE test backend"):
        sane_peer.require_peer()


def test_a_missing_backend_skips_locally(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sane_peer.glob, "glob", lambda _pattern: [])
    monkeypatch.delenv("KIOSK_REQUIRE_PEERS", raising=False)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception):
        sane_peer.require_peer()


def test_the_config_lists_only_test_and_fits_a4(tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = sane_peer.write_config(tmp_path / "conf")
    assert (folder / "dll.conf").read_text().split() == ["test"]
    conf = (folder / "test.conf").read_text()
    assert "geometry_max 300.0" in conf and "depth 8" in conf
