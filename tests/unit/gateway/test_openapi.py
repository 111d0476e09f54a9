"""The committed OpenAPI file is the one generated from gateway.wire, and it hangs together."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from gateway.openapi import render

COMMITTED = Path(__file__).resolve().parents[3] / "docs" / "api" / "gateway-openapi.yaml"


def test_committed_file_is_up_to_date() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == render(), (
        "regenerate: python -m gateway.openapi > docs/api/gateway-openapi.yaml"
    )


def refs(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"]} if isinstance(node.get("$ref"), str) else set()
        for value in node.values():
            found |= refs(value)
        return found
    if isinstance(node, list):
        return set().union(*(refs(v) for v in node)) if node else set()
    return set()


def test_document_shape_and_refs_resolve() -> None:
    doc = yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))
    assert doc["openapi"].startswith("3.1")
    assert set(doc["paths"]) == {
        "/v1/dossiers",
        "/v1/dossiers/{dossier_code}",
        "/v1/dossiers/{dossier_code}/rating",
        "/v1/health",
    }
    schemas = doc["components"]["schemas"]
    for ref in refs(doc):
        assert ref.startswith("#/components/schemas/")
        assert ref.rsplit("/", 1)[1] in schemas, ref
    dossier_in = schemas["DossierIn"]
    assert dossier_in["additionalProperties"] is False  # unknown keys are refused
    assert set(dossier_in["required"]) >= {"procedure_code", "submitted_at", "fields"}
    post = doc["paths"]["/v1/dossiers"]["post"]
    assert post["parameters"][0]["name"] == "Idempotency-Key"
    assert {"400", "401", "409", "413", "422"} <= set(post["responses"])
