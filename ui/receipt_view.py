"""The receipt screen's view model: already worded from the prompt catalogue ([receipt])."""

from __future__ import annotations

import msgspec


class ReceiptView(msgspec.Struct, frozen=True, kw_only=True):
    printed: bool  # False: printing was impossible, the receipt is shown on screen instead
    title: str  # "Mời ông/bà nhận biên nhận" / "Máy chưa in được giấy biên nhận"
    hint: str
    code_line: str  # "Mã hồ sơ: …" (or the local reference while pending)
    appointment_line: str  # "Ngày hẹn trả kết quả: 30/11/2026"
    qr_payload: str = ""  # shown as a QR on screen when not printed ("" = no QR)
    primary_label: str  # "Đã nhận" when printed, "Xong" otherwise
    staff_label: str = ""  # "Nhờ cán bộ hỗ trợ" when not printed ("" = no such button)
    big_code: bool = False  # the printer is down today: the code in big digits to copy down
