"""Addresses after the 1 July 2025 reform: province → commune-level unit, no district (contract 4).

Older cards and papers still print three levels ("Phường X, Quận Y, Thành phố Z"); an `Address`
keeps that text beside the new unit so the dossier shows both and nothing the citizen brought is
lost. Codes are the National Statistics Office codes (2 digits for a province, 5 for a commune).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

CommuneKind = Literal["xa", "phuong", "dac_khu"]


@dataclass(frozen=True, slots=True)
class Province:
    code: str  # "01" Hà Nội … two digits, NSO code
    name: str  # "Thành phố Hà Nội" / "Tỉnh Lào Cai": full name as published


@dataclass(frozen=True, slots=True)
class Commune:
    code: str  # five digits, NSO code
    name: str  # "Phường Ba Đình" / "Xã Bát Tràng" / "Đặc khu Phú Quốc": full name
    province_code: str
    kind: CommuneKind


@dataclass(frozen=True, slots=True)
class Address:
    """A place in the new two-level units, with the citizen's old text kept as it was printed."""

    province: Province
    commune: Commune
    street: str = ""  # house number, street, hamlet (thôn / tổ dân phố) — free, may be empty
    old_text: str | None = None  # the old three-level address this was converted from, verbatim

    def __post_init__(self) -> None:
        if self.commune.province_code != self.province.code:
            raise ValueError(
                f"commune {self.commune.code} is in province {self.commune.province_code}, "
                f"not {self.province.code}"
            )

    def one_line(self) -> str:
        """How a dossier and the review screen write it: street, commune, province."""
        parts = [self.street.strip(), self.commune.name, self.province.name]
        return ", ".join(p for p in parts if p)
