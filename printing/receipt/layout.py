"""One receipt layout: what is on the receipt, in order, with a role per line.

Geometry (font sizes, wrapping, page size) belongs to the renderers: the thermal raster
(raster.py, dots) and the PDF (pdf.py, points) draw the same blocks, so the paper and the PDF
always say the same thing. Every printed word comes from the prompt catalogue ([receipt_paper]
in config/prompts/vi/receipt.toml), data from the Receipt.

A practice receipt (`Receipt.practice`) carries `banner`: the renderers draw it, large and
inverted, as the very first and the very last thing on the paper (above the QR band, below the
thanks), so no part of the receipt can be cut or folded away without it. A normal receipt has
no banner and renders exactly as before.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

from kiosk.domain.receipt import Receipt
from kiosk.prompts import PromptCatalogue
from kiosk.services.receipt_qr import encode_receipt_qr

Role = Literal[
    "ward", "kiosk", "title", "label", "value", "emph", "code", "small", "thanks", "banner"
]
Align = Literal["left", "center"]

PROMPT_IDS = (
    "receipt_paper.kiosk_line",
    "receipt_paper.title",
    "receipt_paper.qr_caption",
    "receipt_paper.dossier_code",
    "receipt_paper.pending_title",
    "receipt_paper.pending_reference",
    "receipt_paper.pending_note",
    "receipt_paper.procedure",
    "receipt_paper.applicant",
    "receipt_paper.applicant_id",
    "receipt_paper.submitted_at",
    "receipt_paper.submitted_value",
    "receipt_paper.appointment",
    "receipt_paper.fee",
    "receipt_paper.fee_value",
    "receipt_paper.fee_free",
    "receipt_paper.papers",
    "receipt_paper.track",
    "receipt_paper.track_default",
    "receipt_paper.thanks",
    "receipt_paper.practice_banner",
)


@dataclass(frozen=True, slots=True)
class Text:
    text: str
    role: Role
    align: Align = "left"


@dataclass(frozen=True, slots=True)
class Rule:
    """A thin horizontal line between sections."""


@dataclass(frozen=True, slots=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class QrBlock:
    """The Circular 01/2023 QR, top-left, with a short caption to its right."""

    payload: str
    caption: str


Block = Text | Rule | Bullets | QrBlock


@dataclass(frozen=True, slots=True)
class ReceiptLayout:
    qr: QrBlock
    blocks: tuple[Block, ...]  # everything below the QR band, in order
    banner: Text | None = None  # practice receipts: printed first and last (see module doc)


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def format_vnd(amount: int) -> str:
    """20000 → "20.000" (Vietnamese thousands separator)."""
    return f"{amount:,}".replace(",", ".")


def build_layout(receipt: Receipt, prompts: PromptCatalogue) -> ReceiptLayout:
    prompts.require(PROMPT_IDS)

    def t(pid: str, **values: object) -> str:
        return _nfc(prompts.text(f"receipt_paper.{pid}", **values))

    fee = t("fee_value", amount=format_vnd(receipt.fee_vnd)) if receipt.fee_vnd else t("fee_free")
    local = receipt.submitted_at  # printed in the offset it was recorded with (the kiosk's)
    blocks: list[Block] = [
        Text(_nfc(receipt.ward_name), "ward", "center"),
        Text(t("kiosk_line", kiosk_id=receipt.kiosk_id), "kiosk", "center"),
        Rule(),
        Text(t("title"), "title", "center"),
    ]
    if receipt.pending:
        blocks += [
            Text(t("pending_title"), "emph", "center"),
            Text(t("pending_reference"), "label", "center"),
            Text(receipt.shown_reference, "code", "center"),
            Text(t("pending_note"), "small", "left"),
        ]
    else:
        blocks += [
            Text(t("dossier_code"), "label", "center"),
            Text(receipt.dossier_code, "code", "center"),
        ]
    blocks += [
        Rule(),
        Text(t("procedure"), "label"),
        Text(f"{_nfc(receipt.procedure_name)} ({receipt.procedure_code})", "value"),
        Text(t("applicant"), "label"),
        Text(_nfc(receipt.applicant_name), "value"),
        Text(t("applicant_id"), "label"),
        Text(receipt.masked_id, "value"),
        Text(t("submitted_at"), "label"),
        Text(
            t(
                "submitted_value",
                time=local.strftime("%H:%M"),
                date=local.strftime("%d/%m/%Y"),
            ),
            "value",
        ),
        Text(t("appointment"), "label"),
        Text(receipt.appointment_date.strftime("%d/%m/%Y"), "emph"),
        Text(t("fee"), "label"),
        Text(fee, "value"),
    ]
    if receipt.papers_received:
        blocks += [
            Text(t("papers"), "label"),
            Bullets(tuple(_nfc(p) for p in receipt.papers_received)),
        ]
    track = [_nfc(receipt.tracking_hint) if receipt.tracking_hint else t("track_default")]
    if receipt.tracking_url:
        track.append(receipt.tracking_url)
    blocks += [
        Rule(),
        Text(t("track"), "label"),
        *(Text(line, "small") for line in track),
        Rule(),
        Text(t("thanks"), "thanks", "center"),
    ]
    qr = QrBlock(encode_receipt_qr(receipt), t("qr_caption"))
    banner = Text(t("practice_banner"), "banner", "center") if receipt.practice else None
    return ReceiptLayout(qr, tuple(blocks), banner)
