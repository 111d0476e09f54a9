"""The prompt pack format: manifest + SHA-256; a bad file removes only its own prompt."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.services.speech_text.prompt_pack import MANIFEST, PackError, PackWriter, load_pack


def test_written_pack_loads_back(tmp_path: Path) -> None:
    writer = PackWriter(tmp_path / "pack", voice="Chị Hoa")
    writer.put("welcome.title", "Xin chào ông bà", b"RIFF-one")
    writer.put("nav.replay", "Nghe lại", b"RIFF-two")
    pack = load_pack(tmp_path / "pack")
    assert set(pack.entries) == {"welcome.title", "nav.replay"}
    assert pack.entries["welcome.title"].text == "Xin chào ông bà"
    assert pack.voice == "Chị Hoa"
    assert pack.problems == {}


def test_missing_and_corrupt_files_are_left_out(tmp_path: Path) -> None:
    writer = PackWriter(tmp_path / "pack", voice="x")
    writer.put("a.one", "một", b"1111")
    writer.put("a.two", "hai", b"2222")
    writer.put("a.three", "ba", b"3333")
    (tmp_path / "pack" / "a.two.wav").unlink()
    (tmp_path / "pack" / "a.three.wav").write_bytes(b"tampered")
    pack = load_pack(tmp_path / "pack")
    assert set(pack.entries) == {"a.one"}
    assert pack.problems == {"a.two": "file missing", "a.three": "checksum mismatch"}


def test_manifest_cannot_point_outside_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "pack"
    folder.mkdir()
    manifest = {"format": 1, "prompts": {"a.b": {"file": "../etc.wav", "sha256": "0" * 64}}}
    (folder / MANIFEST).write_text(json.dumps(manifest))
    assert load_pack(folder).problems == {"a.b": "bad file name"}


def test_no_manifest_is_a_pack_error(tmp_path: Path) -> None:
    with pytest.raises(PackError):
        load_pack(tmp_path)


def test_writer_refuses_a_folder_in_use(tmp_path: Path) -> None:
    (tmp_path / "old.wav").write_bytes(b"x")
    with pytest.raises(PackError):
        PackWriter(tmp_path, voice="x")


def test_retake_replaces_and_remove_forgets(tmp_path: Path) -> None:
    writer = PackWriter(tmp_path / "p", voice="x")
    writer.put("a.one", "một", b"first")
    writer.put("a.one", "một", b"second take")
    assert (tmp_path / "p" / "a.one.wav").read_bytes() == b"second take"
    assert set(load_pack(tmp_path / "p").entries) == {"a.one"}
    writer.remove("a.one")
    assert load_pack(tmp_path / "p").entries == {}
    assert not (tmp_path / "p" / "a.one.wav").exists()
