"""A broken address data file stops the kiosk with the file, the key and the reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.services.addresses.book import LEGACY_FILE, UNITS_FILE, load_address_book
from kiosk.settings.loader import ConfigError

UNITS = {
    "provinces": [["01", "Thành phố Hà Nội"]],
    "communes": [["00004", "Phường Ba Đình", "01", "phuong"]],
}


def write(folder: Path, units: object, legacy: object | None = None) -> None:
    (folder / UNITS_FILE).write_text(json.dumps(units, ensure_ascii=False), encoding="utf-8")
    if legacy is not None:
        (folder / LEGACY_FILE).write_text(json.dumps(legacy, ensure_ascii=False), "utf-8")


def problems(folder: Path) -> list[tuple[str, str, str]]:
    with pytest.raises(ConfigError) as caught:
        load_address_book(folder)
    return [(Path(p.file).name, p.key, p.reason) for p in caught.value.problems]


def test_a_small_book_loads_without_the_legacy_file(tmp_path: Path) -> None:
    write(tmp_path, UNITS)
    book = load_address_book(tmp_path)
    assert [c.name for c in book.search("ba dinh")] == ["Phường Ba Đình"]
    assert book.from_old("Phường Trúc Bạch, Quận Ba Đình, Hà Nội") == []


def test_missing_folder_or_file(tmp_path: Path) -> None:
    assert problems(tmp_path) == [(UNITS_FILE, "", "file not found")]


def test_not_json(tmp_path: Path) -> None:
    (tmp_path / UNITS_FILE).write_text("{not json", encoding="utf-8")
    [(name, key, reason)] = problems(tmp_path)
    assert (name, key) == (UNITS_FILE, "") and reason.startswith("cannot read")


def test_bad_rows_are_all_named(tmp_path: Path) -> None:
    units = {
        "provinces": [["01", "Thành phố Hà Nội"], ["02"]],
        "communes": [
            ["00004", "Phường Ba Đình", "01", "quan"],
            ["00008", "Phường Ngọc Hà", "77", "phuong"],
        ],
    }
    legacy = {"wards": [["Hà Nội", "Ba Đình", "Trúc Bạch", "00004", ["99999"]], "x"]}
    write(tmp_path, units, legacy)
    found = problems(tmp_path)
    assert (UNITS_FILE, "provinces[1]", "expected a list of 2") in found
    assert (UNITS_FILE, "communes[0]", "unknown kind 'quan'") in found
    assert (UNITS_FILE, "communes[1]", "unknown province '77'") in found
    assert (LEGACY_FILE, "wards[0]", "unknown new codes ['99999']") in found
    assert (LEGACY_FILE, "wards[1]", "expected a list of 5") in found


def test_missing_lists(tmp_path: Path) -> None:
    write(tmp_path, {"provinces": []})
    assert problems(tmp_path) == [(UNITS_FILE, "communes", "required list is missing")]
