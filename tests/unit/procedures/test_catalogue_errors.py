"""A broken procedure file stops the kiosk with a message naming the file, the key and the reason.

Each test writes a deliberately broken file next to a good one and checks the ConfigError's
problems: the right file, the right key path, a reason a technician understands, and the line.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from kiosk.services.procedures.catalogue import load_catalogue
from kiosk.settings.loader import ConfigError, ConfigProblem

GOOD = """\
id: {id}
national_code: "{code}"
name: Chứng thực bản sao từ bản chính
short_name: Chứng thực bản sao
group: chung_thuc
icon: certification
fields:
  - id: copies
    kind: choice
    question: Ông bà cần mấy bản?
    choices:
      - {{value: "1", label: 1 bản}}
      - {{value: "2", label: 2 bản}}
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def good(folder: Path, pid: str = "copy", code: str = "2.000815") -> Path:
    return write(folder, pid, GOOD.format(id=pid, code=code))


def problems_of(folder: Path, **kwargs: object) -> list[ConfigProblem]:
    with pytest.raises(ConfigError) as caught:
        load_catalogue(folder, **kwargs)  # type: ignore[arg-type]
    assert str(caught.value)  # the message printed at start is not empty
    return caught.value.problems


def only(problems: list[ConfigProblem]) -> ConfigProblem:
    assert len(problems) == 1, problems
    return problems[0]


def test_the_good_file_loads(tmp_path: Path) -> None:
    good(tmp_path)
    assert [p.id for p in load_catalogue(tmp_path).all()] == ["copy"]


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "copy", "id: copy\nname: [unclosed\nshort_name: x\n")
    p = only(problems_of(tmp_path))
    assert p.file == str(path)
    assert "YAML syntax error" in p.reason
    assert "line 3" in p.reason


def test_a_key_given_twice_is_named(tmp_path: Path) -> None:
    write(tmp_path, "copy", GOOD.format(id="copy", code="2.000815") + "group: ket_hon\n")
    p = only(problems_of(tmp_path))
    assert p.key == "group"
    assert "twice" in p.reason


def test_unknown_key_names_the_path_the_known_keys_and_the_line(tmp_path: Path) -> None:
    text = GOOD.format(id="copy", code="2.000815").replace(
        "    kind: choice\n", "    kind: choice\n    hnit: Gợi ý\n"
    )
    path = write(tmp_path, "copy", text)
    p = only(problems_of(tmp_path))
    assert (p.file, p.key) == (str(path), "fields[0].hnit")
    assert "unknown key" in p.reason and "hint" in p.reason
    assert "(line 10)" in p.reason


def test_wrong_types_are_all_reported_at_once(tmp_path: Path) -> None:
    text = (
        GOOD.format(id="copy", code="2.000815")
        .replace("group: chung_thuc", "group: weddings")
        .replace("    kind: choice\n", "    kind: choice\n    personal: maybe\n")
    )
    write(tmp_path, "copy", text + "processing_days: many\n")
    found = {p.key: p.reason for p in problems_of(tmp_path)}
    assert set(found) == {"group", "fields[0].personal", "processing_days"}
    assert "weddings" in found["group"] or "Invalid enum" in found["group"]
    assert "bool" in found["fields[0].personal"]
    assert "int" in found["processing_days"]


def test_bad_national_code_and_missing_required_key(tmp_path: Path) -> None:
    text = GOOD.format(id="copy", code="2000815").replace("short_name: Chứng thực bản sao\n", "")
    write(tmp_path, "copy", text)
    found = {p.key: p.reason for p in problems_of(tmp_path)}
    assert "matching regex" in found["national_code"]
    assert "'2000815'" in found["national_code"]
    assert found["short_name"] == "required key is missing"


def test_a_number_where_a_choice_value_text_is_expected(tmp_path: Path) -> None:
    write(tmp_path, "copy", GOOD.format(id="copy", code="2.000815").replace('"1"', "1"))
    p = only(problems_of(tmp_path))
    assert p.key == "fields[0].choices[0].value"
    assert "str" in p.reason and "int" in p.reason


def test_duplicate_procedure_ids_across_files(tmp_path: Path) -> None:
    good(tmp_path, "copy")
    write(tmp_path, "copy_again", GOOD.format(id="copy", code="2.000884"))
    found = problems_of(tmp_path)
    assert all(p.file.endswith("copy_again.yaml") for p in found)
    reasons = " | ".join(p.reason for p in found)
    assert "also used by copy.yaml" in reasons
    assert "must match the file name" in reasons


def test_duplicate_national_code_across_files(tmp_path: Path) -> None:
    good(tmp_path, "copy")
    good(tmp_path, "copy_two")
    p = only(problems_of(tmp_path))
    assert (p.key, p.file.endswith("copy_two.yaml")) == ("national_code", True)
    assert "2.000815" in p.reason and "copy.yaml" in p.reason


FIELD_CASES = [
    (
        "duplicate field id",
        '  - {id: copies, kind: yes_no, question: "Lại?"}\n',
        "fields[1]",
        "duplicate field id 'copies'",
    ),
    (
        "choice without choices",
        '  - {id: kind_of_paper, kind: choice, question: "Giấy gì?"}\n',
        "fields[1].choices",
        "needs at least one choice",
    ),
    (
        "choices on a text field",
        '  - {id: note, kind: text, question: "Ghi chú?", choices: [{value: a, label: A}]}\n',
        "fields[1].choices",
        "only for kind 'choice'",
    ),
    (
        "ask_if naming an unknown field",
        '  - {id: note, kind: text, question: "Ghi chú?", ask_if: colour=red}\n',
        "fields[1].ask_if",
        "'colour', which is not an earlier field",
    ),
    (
        "ask_if with a value that is not a choice",
        '  - {id: note, kind: text, question: "Ghi chú?", ask_if: copies=7}\n',
        "fields[1].ask_if",
        "'7' is not a choice of 'copies'",
    ),
    (
        "ask_if without a value",
        '  - {id: note, kind: text, question: "Ghi chú?", ask_if: copies}\n',
        "fields[1].ask_if",
        "must be 'field_id=value'",
    ),
    (
        "prefill_from on an incompatible kind",
        '  - {id: when, kind: date, question: "Ngày nào?", prefill_from: full_name}\n',
        "fields[1].prefill_from",
        "'full_name' cannot fill a 'date' field",
    ),
    (
        "a date rule on a text field",
        '  - {id: note, kind: text, question: "Ghi chú?", validation: {past_only: true}}\n',
        "fields[1].validation.past_only",
        "only for date fields",
    ),
    (
        "a broken regular expression",
        "  - {id: note, kind: text, question: \"Ghi chú?\", validation: {pattern: '[a-'}}\n",
        "fields[1].validation.pattern",
        "not a valid regular expression",
    ),
    (
        "min_length above max_length",
        '  - {id: note, kind: text, question: "Ghi?",'
        " validation: {min_length: 9, max_length: 2}}\n",
        "fields[1].validation.min_length",
        "larger than max_length",
    ),
    (
        "an unknown prefill source",
        '  - {id: note, kind: text, question: "Ghi chú?", prefill_from: shoe_size}\n',
        "fields[1].prefill_from",
        "Invalid enum value 'shoe_size'",
    ),
]


@pytest.mark.parametrize(
    ("extra", "key", "reason"), [c[1:] for c in FIELD_CASES], ids=[c[0] for c in FIELD_CASES]
)
def test_field_problems_name_the_field(tmp_path: Path, extra: str, key: str, reason: str) -> None:
    path = write(tmp_path, "copy", GOOD.format(id="copy", code="2.000815") + extra)
    p = only(problems_of(tmp_path))
    assert (p.file, p.key) == (str(path), key)
    assert reason in p.reason
    assert "(line 14)" in p.reason  # the appended field's line


def test_ask_if_pointing_at_a_later_field_is_refused(tmp_path: Path) -> None:
    text = GOOD.format(id="copy", code="2.000815").replace(
        "fields:\n", 'fields:\n  - {id: note, kind: text, question: "Ghi?", ask_if: copies=1}\n'
    )
    write(tmp_path, "copy", text)
    p = only(problems_of(tmp_path))
    assert p.key == "fields[0].ask_if"
    assert "not an earlier field" in p.reason


def test_unknown_icon_when_the_ui_icons_are_given(tmp_path: Path) -> None:
    good(tmp_path)
    p = only(problems_of(tmp_path, icons={"birth", "death"}))
    assert (p.key, p.reason.split(" (line")[0]) == ("icon", "no pictogram named 'certification'")
    assert load_catalogue(tmp_path, icons={"certification"}).get("copy").icon == "certification"


def test_linked_procedure_must_exist(tmp_path: Path) -> None:
    write(tmp_path, "copy", GOOD.format(id="copy", code="2.000815") + "linked: [signature]\n")
    p = only(problems_of(tmp_path))
    assert p.key == "linked[0]"
    assert "no procedure with id 'signature'" in p.reason


def test_every_broken_file_is_reported_not_just_the_first(tmp_path: Path) -> None:
    good(tmp_path, "copy")
    write(tmp_path, "a_broken", "id: a_broken\nname: [\n")
    write(tmp_path, "z_broken", GOOD.format(id="z_broken", code="1.000000") + "colour: red\n")
    files = sorted({Path(p.file).name for p in problems_of(tmp_path)})
    assert files == ["a_broken.yaml", "z_broken.yaml"]


def test_a_file_that_is_not_a_mapping(tmp_path: Path) -> None:
    write(tmp_path, "copy", "- just\n- a list\n")
    p = only(problems_of(tmp_path))
    assert p.key == "" and "expected a mapping, got list" in p.reason


def test_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    p = only(problems_of(tmp_path))
    assert "no procedure files" in p.reason


@pytest.mark.parametrize(
    ("extra", "key", "reason"),
    [
        (
            "papers:\n  - {id: original, name: Bản chính}\n  - {id: original, name: Bản sao}\n"
            "devices: [document_scanner]\n",
            "papers[1]",
            "duplicate paper id 'original'",
        ),
        ("fee: {amount_vnd: 0, max_vnd: 200000}\n", "fee.max_vnd", "only makes sense with"),
        ("linked: [copy]\n", "linked", "cannot link to itself"),
        ("source: {reference: Luật, verified_at: hôm qua}\n", "source.verified_at", "ISO date"),
        ("fee: {amount_vnd: -5}\n", "fee.amount_vnd", ">= 0"),
        ("papers: [{id: original, name: Bản chính}]\n", "devices", "add 'document_scanner'"),
    ],
)
def test_procedure_level_problems(tmp_path: Path, extra: str, key: str, reason: str) -> None:
    write(tmp_path, "copy", GOOD.format(id="copy", code="2.000815") + extra)
    p = only(problems_of(tmp_path))
    assert p.key == key
    assert reason in p.reason
