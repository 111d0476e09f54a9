from __future__ import annotations

import argparse
import json
from pathlib import Path

import cv2
import numpy as np
import pytest

from devices.qr_camera.cli import register_decode
from tests.qr_corpus import make_frame


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="kiosk")
    sub = parser.add_subparsers(dest="command", required=True)
    qr = sub.add_parser("qr")
    register_decode(qr.add_subparsers(dest="qr_command", required=True))
    args = parser.parse_args(argv)
    code: int = args.handler(args)
    return code


@pytest.fixture(scope="module")
def images(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("qr-images")
    out = {}
    for index, kind in ((0, "cccd"), (1, "dossier"), (2, "receipt")):  # clean 720p frames
        frame = make_frame(1, index)
        assert frame.payload_kind == kind
        out[kind] = folder / f"{kind} ảnh.jpg"  # a Vietnamese file name too
        out[kind].write_bytes(frame.jpeg)
    out["blank"] = folder / "blank.png"
    cv2.imwrite(str(out["blank"]), np.full((200, 300), 255, np.uint8))
    out["junk"] = folder / "junk.jpg"
    out["junk"].write_bytes(b"not an image")
    return out


def test_json_gives_text_kind_and_fields_for_each_image(
    images: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    paths = [str(images[k]) for k in ("cccd", "dossier", "receipt", "blank")]
    assert run(["qr", "decode", *paths, "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    kinds = [r["codes"][0]["kind"] if r["found"] else None for r in result]
    assert kinds == ["card_qr", "dossier_code", "receipt", None]
    card = result[0]["codes"][0]
    assert card["fields"]["full_name"] == "Nguyễn Văn Án" and card["utf8"] is True
    assert result[2]["codes"][0]["fields"]["applicant"] == "Nguyễn Văn Án"
    assert result[3] == {"image": paths[3], "found": False, "codes": []}


def test_text_output_and_exit_0_when_nothing_is_found(
    images: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(["qr", "decode", str(images["blank"]), str(images["dossier"])]) == 0
    out = capsys.readouterr().out
    assert "blank.png: no QR code found" in out
    assert "dossier_code: H29.12-250315-0042" in out


@pytest.mark.parametrize("name", ["missing.png", "junk"])
def test_missing_or_unreadable_image_is_a_clear_error_and_exit_2(
    images: dict[str, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    path = images["junk"] if name == "junk" else tmp_path / name
    assert run(["qr", "decode", str(path), str(images["dossier"]), "--json"]) == 2
    captured = capsys.readouterr()
    assert f"error: {path}: no such file or not a readable image" in captured.err
    assert json.loads(captured.out)[0]["found"] is True  # the good image is still reported
