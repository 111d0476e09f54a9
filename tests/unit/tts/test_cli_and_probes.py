"""`kiosk say` without a peer, and engines reporting what is missing instead of crashing."""

from __future__ import annotations

from pathlib import Path

import pytest

from devices.tts.cli import main
from devices.tts.engines import ChimeEngine, PackEngine, PiperEngine
from devices.tts.factory import TtsOptions, build_engines
from devices.tts.speechd import SpeechdEngine


def test_say_show_prints_the_normalised_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["say", "Lệ phí 20.000 đồng, hẹn ngày 5/7/2025", "--show"]) == 0
    assert capsys.readouterr().out.strip() == (
        "Lệ phí hai mươi nghìn đồng, hẹn ngày mùng năm tháng bảy năm "
        "hai nghìn không trăm hai mươi lăm"
    )


def test_say_refuses_a_bad_rate(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["say", "x", "--rate", "9", "--out", str(tmp_path / "x.wav")]) == 2
    assert "--rate" in capsys.readouterr().err


def test_missing_engines_say_why(tmp_path: Path) -> None:
    assert SpeechdEngine(tmp_path / "nothing.sock").probe().detail.startswith("not running")
    assert PackEngine(None, None).probe().detail == "no pack configured"
    assert not PackEngine(tmp_path, None).probe().available
    piper = PiperEngine(tmp_path / "vi.onnx", None, binary="no-such-piper").probe()
    assert (piper.available, piper.detail) == (False, "not installed")
    assert ChimeEngine(None).probe().detail == "no audio output"


def test_factory_keeps_the_configured_order_and_rejects_unknown_engines() -> None:
    engines = build_engines(TtsOptions(engines=("speechd", "chime"), output="null"))
    assert [e.name for e in engines] == ["speechd", "chime"]
    with pytest.raises(ValueError, match="unknown"):
        build_engines(TtsOptions(engines=("flite",), output="null"))
