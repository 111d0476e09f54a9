"""Receipts for the tests (synthetic people; the ID numbers are made up)."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from kiosk.domain.receipt import Receipt
from kiosk.prompts import PromptCatalogue, load_prompts

ROOT = Path(__file__).resolve().parents[3]
RECEIPT_PROMPTS = ROOT / "config" / "prompts" / "vi" / "receipt.toml"
VN = timezone(timedelta(hours=7))

LAN = Receipt(
    dossier_code="000.00.12.H29-261123-0001",
    procedure_code="1.004222",
    procedure_name="Đăng ký thường trú",
    applicant_name="Nguyễn Thị Lan Hương",
    applicant_id="079201012345",
    submitted_at=datetime(2026, 11, 23, 8, 15, 42, tzinfo=VN),
    appointment_date=date(2026, 11, 30),
    fee_vnd=20000,
    ward_name="Phường Bến Thành",
    kiosk_id="kiosk-01",
    papers_received=(
        "Tờ khai thay đổi thông tin cư trú (CT01)",
        "Giấy tờ chứng minh chỗ ở hợp pháp",
    ),
    tracking_url="https://dichvucong.gov.vn",
)

TU = Receipt(
    dossier_code="H29.12-261123-0042",
    procedure_code="1.001193",
    procedure_name="Đăng ký khai sinh",
    applicant_name="Trần Văn Tư",
    applicant_id="001089012345",
    submitted_at=datetime(2026, 11, 23, 14, 5, 0, tzinfo=VN),
    appointment_date=date(2026, 11, 23),
    fee_vnd=0,
    ward_name="Xã Đông Hưng Thuận",
    kiosk_id="kiosk-sim-01",
    tracking_hint="Tra cứu tại dichvucong.gov.vn bằng mã hồ sơ",
)

PENDING = Receipt(
    dossier_code="",
    status="pending",
    local_reference="K01-261123-0007",
    procedure_code="1.004194",
    procedure_name="Đăng ký tạm trú",
    applicant_name="Lê Minh Ánh",
    applicant_id="079301004321",
    submitted_at=datetime(2026, 11, 23, 9, 30, 0, tzinfo=VN),
    appointment_date=date(2026, 11, 26),
    fee_vnd=15000,
    ward_name="Phường Mô Phỏng",
    kiosk_id="kiosk-sim-01",
)

SAMPLES = {"lan": LAN, "tu": TU, "pending": PENDING}


def receipt_prompts() -> PromptCatalogue:
    """Only this part's prompt file: the tests do not depend on other parts' files."""
    return load_prompts(RECEIPT_PROMPTS)
