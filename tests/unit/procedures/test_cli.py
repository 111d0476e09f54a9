"""`kiosk procedures list [--json]` and `check`, through the module's own parser."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.services.procedures.cli import main

KEYS = {"id", "national_code", "name", "group", "fee", "processing_days", "papers"}


def test_list_json_parses_and_has_the_keys(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) >= 10
    for row in rows:
        assert set(row) >= KEYS, row["id"]
        assert isinstance(row["processing_days"], int)
        assert isinstance(row["fee"]["amount_vnd"], int)
        assert all({"name", "optional"} <= set(x) for x in row["papers"])
    by_code = {r["national_code"]: r for r in rows}
    assert by_code["1.004222"]["name"] == "Đăng ký thường trú"  # Vietnamese, not escaped
    assert by_code["1.004222"]["group"] == "cu_tru"
    assert by_code["2.000815"]["fee"]["per_page_vnd"] == 2000


def test_list_table_has_a_row_per_procedure(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:5] == ["CODE", "ID", "GROUP", "FEE", "VND"]
    assert any(line.startswith("1.001193  birth_registration") for line in lines)
    assert len(lines) == 1 + len(json.loads(_json()))


def _json() -> str:
    import contextlib
    import io

    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        main(["list", "--json"])
    return buffer.getvalue()


def test_a_broken_catalogue_exits_2_and_names_the_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "copy.yaml").write_text("id: copy\ncolour: red\n", encoding="utf-8")
    assert main(["list", "--json", "--folder", str(tmp_path)]) == 2
    assert main(["check", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "copy.yaml: colour: unknown key" in err
    assert "copy.yaml: name: required key is missing" in err


def test_check_reports_ok(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    assert "procedures OK" in capsys.readouterr().out
