"""The procedure files we ship: they validate, carry the facts issue 8 asks for, and the three
no-typing procedures can be finished without the keyboard or number pad."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.domain.procedure import FieldKind, FormField, Procedure
from kiosk.prompts import load_prompts
from kiosk.services.procedures.catalogue import Catalogue, default_folder, load_catalogue
from kiosk.services.procedures.validation import PROMPT_IDS

ROOT = Path(__file__).resolve().parents[3]
# The UI's pictograms, read from the folder (the core's tests do not import the UI).
ICONS = frozenset(p.stem for p in (ROOT / "ui" / "icons").glob("*.svg"))
REQUIRED_CODES = {
    "1.001193": "birth_registration",
    "3.000722": "birth_residence_insurance",
    "1.004222": "permanent_residence",
    "1.004194": "temporary_residence",
    "1.000656": "death_registration",
    "2.002913": "death_residence_allowance",
    "3.000333": "criminal_record",
    "2.000815": "certified_copy",
    "1.004873": "marital_status",
    "1.000894": "marriage_registration",
}
NO_TYPING = ("birth_registration", "permanent_residence", "certified_copy")
TYPING_KINDS = {FieldKind.TEXT, FieldKind.NUMBER, FieldKind.ID_NUMBER, FieldKind.PHONE}


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return load_catalogue(icons=ICONS or None)


def test_every_shipped_file_validates_with_the_ui_icons(catalogue: Catalogue) -> None:
    assert ICONS, "ui/icons has no pictograms to check against"
    files = sorted(p.stem for p in default_folder().glob("*.yaml"))
    assert [p.id for p in catalogue.all()] == files


def test_the_issue_8_procedures_are_there_with_their_codes(catalogue: Catalogue) -> None:
    found = {p.national_code: p.id for p in catalogue.all()}
    assert found == REQUIRED_CODES


@pytest.mark.parametrize("pid", sorted(REQUIRED_CODES.values()))
def test_each_procedure_has_the_facts_a_citizen_is_told(catalogue: Catalogue, pid: str) -> None:
    p = catalogue.get(pid)
    assert p.name and p.short_name and p.summary
    assert p.papers, "the checklist screen needs the papers"
    assert any(not x.optional for x in p.papers) or all(x.note for x in p.papers)
    assert all(x.note for x in p.papers if x.optional), "an optional paper says when it is needed"
    assert p.fee.note, "fees always carry a note (exemptions, per-page rules, who sets it)"
    assert 0 < p.processing_days <= 60
    assert p.fields and p.devices
    assert "receipt_printer" in p.devices and "card_reader" in p.devices
    assert p.source is not None and p.source.reference and p.source.verified_at
    assert p.source.unverified, "every seed file names what is still to confirm"


def test_linked_packages_link_their_parts(catalogue: Catalogue) -> None:
    assert catalogue.get("birth_residence_insurance").linked == (
        "birth_registration",
        "permanent_residence",
    )
    assert catalogue.get("death_residence_allowance").linked == ("death_registration",)


def test_criminal_record_offers_extract_number_2(catalogue: Catalogue) -> None:
    kinds = next(f for f in catalogue.get("criminal_record").fields if f.id == "certificate_kind")
    assert [c.value for c in kinds.choices] == ["so_1", "so_2"]


def test_certified_copy_fee_is_per_page_with_a_cap(catalogue: Catalogue) -> None:
    fee = catalogue.get("certified_copy").fee
    assert (fee.per_page_vnd, fee.max_vnd) == (2000, 200000)
    assert "trang thứ 3" in fee.note


def test_every_validation_prompt_exists() -> None:
    prompts = load_prompts(ROOT / "config" / "prompts" / "vi" / "procedures.toml")
    prompts.require(PROMPT_IDS)
    for pid in PROMPT_IDS:
        assert "/" not in prompts.speech(pid), pid  # "ông/bà" is spoken "ông bà"


def _typed_fields(p: Procedure, pick: int) -> list[FormField]:
    """Fields a citizen must type on the path taking choice number `pick` (or the last) at
    every choice, confirming every pre-fill and skipping every optional field."""
    answers: dict[str, str] = {}
    typed: list[FormField] = []
    for f in p.fields:
        if f.ask_if is not None:
            negate = "!=" in f.ask_if
            name, _, value = f.ask_if.partition("!=" if negate else "=")
            if (answers.get(name) == value) == negate:
                continue
        if f.kind is FieldKind.CHOICE:
            answers[f.id] = f.choices[min(pick, len(f.choices) - 1)].value
        elif f.kind in TYPING_KINDS and f.prefill_from is None and f.validation.required:
            typed.append(f)
    return typed


@pytest.mark.parametrize("pid", NO_TYPING)
def test_no_typing_procedures_have_a_path_without_the_keyboard(
    catalogue: Catalogue, pid: str
) -> None:
    p = catalogue.get(pid)
    assert _typed_fields(p, pick=0) == []
    if pid == "birth_registration":
        # Only when the parents choose a name other than the birth certificate's is it typed.
        assert [f.id for f in _typed_fields(p, pick=99)] == ["child_name"]


def test_the_no_typing_check_can_fail(catalogue: Catalogue) -> None:
    marriage = catalogue.get("marriage_registration")
    assert [f.id for f in _typed_fields(marriage, pick=0)] == ["partner_id_number", "partner_name"]


def test_spoken_texts_have_no_slash(catalogue: Catalogue) -> None:
    """Everything shown is also read aloud: "ông/bà" would be spoken "ông gạch bà"."""
    for p in catalogue.all():
        texts = [p.name, p.short_name, p.summary, p.fee.note]
        texts += [t for x in p.papers for t in (x.name, x.note)]
        texts += [t for f in p.fields for t in (f.question, f.hint, *(c.label for c in f.choices))]
        assert not [t for t in texts if "/" in t], p.id
