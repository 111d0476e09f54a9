"""Scripted citizens: chip cards with a real ICAO 9303 TD1 MRZ in DG1, plus their card QR text.

Vietnamese CCCD layout (research/vn-formats.md §2.4): the document number is the last 9 digits
of the 12-digit ID; the optional-data field of line 1 holds the full 12-digit ID, `<<` and a
check digit over those 12 digits. All people, numbers and addresses here are invented.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from devices.simulated.card_reader import SimulatedCard
from kiosk.ports.card_reader import BacKey
from kiosk.services.identity.mrz import check_digit, dg1_from_lines, mrz_name, td1_lines

# What the MRZ expiry field holds on a "không thời hạn" (no-expiry) card of a citizen aged 60+ is
# unknown (research/vn-formats.md §2.4). The simulator uses this value; it is a guess, not a fact.
NO_EXPIRY_MRZ_PLACEHOLDER = "991231"


def td1_mrz(*, sex: str, **fields: str) -> tuple[str, str, str]:
    """The three TD1 lines (check digits computed) of a simulated card: sex M, F or <."""
    if sex not in ("M", "F", "<"):
        raise ValueError(f"sex must be M, F or <, got {sex!r}")
    return td1_lines(sex=sex, **fields)


def ber_tlv(tag: bytes, value: bytes) -> bytes:
    """One BER-TLV: tag bytes, definite length (short form or 0x81/0x82 long form), value."""
    n = len(value)
    if n < 0x80:
        length = bytes([n])
    elif n <= 0xFF:
        length = bytes([0x81, n])
    elif n <= 0xFFFF:
        length = bytes([0x82]) + n.to_bytes(2, "big")
    else:
        raise ValueError("value too long for this encoder")
    return tag + length + value


def dg1_from_mrz(lines: tuple[str, str, str]) -> bytes:
    """EF.DG1: `61 len 5F1F len <MRZ>` (ICAO 9303 Part 10)."""
    return dg1_from_lines(lines)


def _dg13_item(number: int, value: bytes) -> bytes:
    return ber_tlv(b"\x30", ber_tlv(b"\x02", bytes([number])) + value)


def _utf8(text: str) -> bytes:
    return ber_tlv(b"\x0c", text.encode("utf-8"))


def _printable(text: str) -> bytes:
    return ber_tlv(b"\x13", text.encode("ascii"))


_COM = ber_tlv(
    b"\x60",
    ber_tlv(b"\x5f\x01", b"0107") + ber_tlv(b"\x5f\x36", b"040000") + ber_tlv(b"\x5c", b"\x61\x6d"),
)


@dataclass(frozen=True)
class SimulatedCitizen:
    """A scripted citizen and their CCCD. `full_name` keeps the Vietnamese diacritics."""

    slug: str
    full_name: str
    mrz_surname: str  # Latin, no diacritics, as on the MRZ
    mrz_given_names: str
    id_number: str  # 12 digits
    old_id_number: str  # 9-digit CMND
    birth_date: date
    sex: str  # "Nam" / "Nữ", as the card prints it
    address: str
    place_of_origin: str
    issue_date: date
    expiry_date: date | None  # None: "không thời hạn"

    @property
    def bac_key(self) -> BacKey:
        return BacKey(self.id_number[-9:], self.birth_date.strftime("%y%m%d"), self._mrz_expiry)

    @property
    def _mrz_expiry(self) -> str:
        if self.expiry_date is None:
            return NO_EXPIRY_MRZ_PLACEHOLDER
        return self.expiry_date.strftime("%y%m%d")

    @property
    def mrz(self) -> tuple[str, str, str]:
        return td1_mrz(
            document_number=self.id_number[-9:],
            optional_data_1=self.id_number + "<<" + check_digit(self.id_number),
            birth_date=self.birth_date.strftime("%y%m%d"),
            sex="F" if self.sex == "Nữ" else "M",
            expiry_date=self._mrz_expiry,
            name=mrz_name(self.mrz_surname, self.mrz_given_names),
        )

    @property
    def dg13(self) -> bytes:
        """DG13 as public code reverse-engineered it (research/vn-formats.md §2.3; unverified)."""
        expiry = "Không thời hạn" if self.expiry_date is None else f"{self.expiry_date:%d/%m/%Y}"
        items = [
            _dg13_item(1, _printable(self.id_number)),
            _dg13_item(2, _utf8(self.full_name)),
            _dg13_item(3, _printable(f"{self.birth_date:%d/%m/%Y}")),
            _dg13_item(4, _utf8(self.sex)),
            _dg13_item(5, _utf8("Việt Nam")),
            _dg13_item(6, _utf8("Kinh")),
            _dg13_item(7, _utf8("Không")),
            _dg13_item(8, _utf8(self.place_of_origin)),
            _dg13_item(9, _utf8(self.address)),
            _dg13_item(10, _utf8("Nốt ruồi cách 2cm dưới mép trái")),
            _dg13_item(11, _printable(f"{self.issue_date:%d/%m/%Y}")),
            _dg13_item(12, _utf8(expiry)),
            _dg13_item(15, _printable(self.old_id_number)),
        ]
        return ber_tlv(b"\x6d", b"".join(items))

    @property
    def card(self) -> SimulatedCard:
        return SimulatedCard(
            key=self.bac_key,
            data_groups={"COM": _COM, "DG1": dg1_from_mrz(self.mrz), "DG13": self.dg13},
        )

    @property
    def card_qr(self) -> str:
        """The CCCD QR text: `ID12|CMND9|name|ddmmyyyy|sex|address|ddmmyyyy(issue)`."""
        return "|".join(
            (
                self.id_number,
                self.old_id_number,
                self.full_name,
                f"{self.birth_date:%d%m%Y}",
                self.sex,
                self.address,
                f"{self.issue_date:%d%m%Y}",
            )
        )


BA_LAN = SimulatedCitizen(
    slug="ba_lan",
    full_name="Nguyễn Thị Lan",
    mrz_surname="NGUYEN",
    mrz_given_names="THI LAN",
    id_number="001150004321",
    old_id_number="011234567",
    birth_date=date(1950, 3, 15),
    sex="Nữ",
    address="Số 12, ngõ 34 phố Hào Nam, Phường Ô Chợ Dừa, Thành phố Hà Nội",
    place_of_origin="Xã Liên Bạt, Huyện Ứng Hòa, Hà Nội",
    issue_date=date(2021, 4, 10),
    expiry_date=None,
)
"""Bà Lan, 76 in 2026: a no-expiry card, so her MRZ expiry is the placeholder."""

CHU_TU = SimulatedCitizen(
    slug="chu_tu",
    full_name="Trần Văn Tư",
    mrz_surname="TRAN",
    mrz_given_names="VAN TU",
    id_number="079062001234",
    old_id_number="023456789",
    birth_date=date(1962, 8, 20),
    sex="Nam",
    address="45/7 đường Lê Văn Sỹ, Phường Nhiêu Lộc, Thành phố Hồ Chí Minh",
    place_of_origin="Xã Tân Phú, Huyện Châu Thành, Bến Tre",
    issue_date=date(2021, 6, 2),
    expiry_date=None,
)
"""Chú Tư, 64 in 2026: card issued at 58, within two years of the 60 milestone, so no expiry."""

ANH_MINH = SimulatedCitizen(
    slug="anh_minh",
    full_name="Lê Hoàng Minh",
    mrz_surname="LE",
    mrz_given_names="HOANG MINH",
    id_number="048092007788",
    old_id_number="201234567",
    birth_date=date(1992, 5, 9),
    sex="Nam",
    address="88 đường Nguyễn Văn Linh, Phường Hải Châu, Thành phố Đà Nẵng",
    place_of_origin="Phường Hải Châu, Đà Nẵng",
    issue_date=date(2021, 7, 15),
    expiry_date=date(2032, 5, 9),
)
"""Anh Minh, 34: an ordinary card that expires at the 40 milestone."""

CITIZENS: tuple[SimulatedCitizen, ...] = (BA_LAN, CHU_TU, ANH_MINH)
