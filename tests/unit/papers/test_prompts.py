"""Every prompt the papers step can say is in the catalogue, fills its placeholders, and its
spoken form never contains "/" (read aloud as "ông/bà" it would sound wrong)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.ports.document_scanner import ADVICE_PROMPTS, CoverOpen, NoDevice, ScanError
from kiosk.prompts import load_prompts
from kiosk.services.papers import PaperStatus
from kiosk.services.papers import prompts as p

ROOT = Path(__file__).resolve().parents[3]
CATALOGUE = load_prompts(ROOT / "config" / "prompts" / "vi")
VALUES = {"name": "Giấy chứng sinh", "page": 2, "pages": 2, "max_pages": 4, "size": "84 KB"}
UI_SOURCES = [*sorted((ROOT / "ui").glob("papers_*.py")), ROOT / "ui" / "screens" / "papers.py"]


def ui_ids() -> set[str]:
    """Every "papers.*" id written in the UI's sources."""
    found: set[str] = set()
    for source in UI_SOURCES:
        found |= set(re.findall(r'"(papers\.[a-z_]+)"', source.read_text(encoding="utf-8")))
    found |= {f"papers.status_{status.value}" for status in PaperStatus}
    return found


def all_ids() -> list[str]:
    scanner = [ScanError.prompt_id, CoverOpen.prompt_id, NoDevice.prompt_id]
    return sorted({*p.ALL, *ui_ids(), *scanner, *ADVICE_PROMPTS.values()})


def test_the_ui_uses_papers_prompts() -> None:
    assert {"papers.scanning", "papers.next", "papers.status_done"} <= ui_ids()


@pytest.mark.parametrize("prompt_id", all_ids())
def test_prompt_exists_and_fills(prompt_id: str) -> None:
    assert prompt_id in CATALOGUE
    text = CATALOGUE.text(prompt_id, **VALUES)
    speech = CATALOGUE.speech(prompt_id, **VALUES)
    assert text and speech
    assert "{" not in text and "{" not in speech
    assert "/" not in speech, speech


def test_every_papers_prompt_is_used() -> None:
    """No dead entries: each `papers.*` id is said or shown somewhere."""
    defined = {pid for pid in CATALOGUE.ids() if pid.startswith("papers.")}
    assert defined - set(all_ids()) == set()
