from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.paths import prompts_file
from kiosk.prompts import load_prompts
from kiosk.settings.loader import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "vi.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_catalogue_loads_with_diacritics() -> None:
    catalogue = load_prompts(prompts_file())
    assert catalogue.text("attract.title") == "Chạm vào màn hình để bắt đầu"
    assert catalogue.text("timeout.extend") == "Cần thêm thời gian"
    assert catalogue.text("timeout.countdown", seconds=30).endswith("30 giây")
    # a voice reads "ông/bà" as "ông xuyệt bà": spoken forms never carry the slash
    for pid in catalogue.ids():
        assert "/" not in catalogue.get(pid).speech, pid


@pytest.mark.parametrize(
    ("text", "key", "reason"),
    [
        ('[a]\nb = "Xin chào {ten"\n', "a.b", "placeholder"),
        ("[a]\nb = 3\n", "a.b", "expected a string"),
        ('[a]\nb = "  "\n', "a.b", "non-empty"),
        ('[a]\nb = { text = "x", voice = "y" }\n', "a.b", "expected a string"),
        ('top = "x"\n', "top", "table"),
        ('[a]\nB = "x"\n', "a.B", "lower_snake_case"),
    ],
)
def test_bad_prompt_entries_are_named(tmp_path: Path, text: str, key: str, reason: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_prompts(write(tmp_path, text))
    assert any(p.key == key and reason in p.reason for p in err.value.problems), err.value


def test_missing_required_prompt_is_named(tmp_path: Path) -> None:
    catalogue = load_prompts(write(tmp_path, '[a]\nb = "x"\n'))
    with pytest.raises(ConfigError) as err:
        catalogue.require(["a.b", "attract.title"])
    assert [p.key for p in err.value.problems] == ["attract.title"]


def test_a_prompt_folder_merges_its_files(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text('[one]\nx = "Một"\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('[two]\ny = "Hai"\n', encoding="utf-8")
    catalogue = load_prompts(tmp_path)
    assert catalogue.text("one.x") == "Một" and catalogue.text("two.y") == "Hai"


def test_an_id_defined_in_two_files_is_named_with_both(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text('[one]\nx = "Một"\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('[one]\nx = "Khác"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_prompts(tmp_path)
    assert "b.toml: one.x: already defined in a.toml" in str(err.value)


def test_an_empty_prompt_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no prompt files"):
        load_prompts(tmp_path)
