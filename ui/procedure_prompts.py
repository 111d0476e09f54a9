"""Spoken prompts made from the procedure data, so the one speech path (prompt id → catalogue →
Speaker) says them too: each question (`procedure.<id>.<field>`, and `….confirm` for a pre-filled
one) and each checklist (`procedure.<id>.checklist`). Procedure data is never personal; the
spoken forms carry no "/" (a voice would say it)."""

from __future__ import annotations

import re

from kiosk.domain.procedure import Procedure
from kiosk.prompts import Prompt, PromptCatalogue

_SLASH = re.compile(r"\s*/\s*")


def spoken(text: str) -> str:
    """ "ông/bà" → "ông bà"; "Câu 2/5" never reaches here."""
    return _SLASH.sub(" ", text)


def question_id(procedure_id: str, field_id: str, confirming: bool = False) -> str:
    return f"procedure.{procedure_id}.{field_id}" + (".confirm" if confirming else "")


def checklist_id(procedure_id: str) -> str:
    return f"procedure.{procedure_id}.checklist"


def with_procedures(
    base: PromptCatalogue, procedures: tuple[Procedure, ...], checklist: dict[str, str]
) -> PromptCatalogue:
    """`base` plus the procedures' prompts; `checklist`: procedure id → its spoken checklist."""
    prompts = {pid: base.get(pid) for pid in base.ids()}
    confirm = base.speech("flow_question.confirm")
    for p in procedures:
        for f in p.fields:
            qid = question_id(p.id, f.id)
            prompts[qid] = Prompt(qid, f.question, spoken(f.question))
            cid = question_id(p.id, f.id, confirming=True)
            prompts[cid] = Prompt(cid, f.question, f"{spoken(f.question)} {confirm}")
        lid = checklist_id(p.id)
        prompts[lid] = Prompt(lid, p.name, spoken(checklist.get(p.id, p.name)))
    return PromptCatalogue(prompts)
