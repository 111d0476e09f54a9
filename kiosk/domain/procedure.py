"""A procedure as data (design §2): what the kiosk asks, which papers it copies, what it costs.

These types are the schema of `config/procedures/*.yaml` as well as the core's model, so there is
one definition of a procedure: msgspec decodes a file straight into them (unknown keys are errors),
and the flow engine renders any procedure from them without a code branch per procedure.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

Id = Annotated[str, Meta(pattern=r"^[a-z][a-z0-9_]*$", description="lower_snake_case id")]
NonEmpty = Annotated[str, Meta(min_length=1)]
# A choice's value may start with a digit ("2" copies, "6_thang"): counts read best as numbers.
ChoiceValue = Annotated[
    str, Meta(pattern=r"^[a-z0-9][a-z0-9_]*$", description="lower_snake_case or digits")
]
NationalCode = Annotated[
    str, Meta(pattern=r"^\d\.\d{6}$", description="national portal (DVCQG) code, e.g. 1.001193")
]


class LifeEvent(StrEnum):
    """The tiles of the choose screen: citizens think in life events, not agencies."""

    BIRTH = "sinh_con"
    RESIDENCE = "cu_tru"
    MARRIAGE = "ket_hon"
    DEATH = "nguoi_than_mat"
    CERTIFICATION = "chung_thuc"
    CRIMINAL_RECORD = "ly_lich_tu_phap"


class FieldKind(StrEnum):
    TEXT = "text"  # on-screen Vietnamese keyboard (last resort: typing)
    DATE = "date"  # day-month-year wheels
    CHOICE = "choice"  # a list of big rows
    NUMBER = "number"  # number pad
    ID_NUMBER = "id_number"  # number pad, 12 digits
    PHONE = "phone"  # number pad
    ADDRESS = "address"  # province → commune picker (+ house and street)
    YES_NO = "yes_no"


# Identity attributes a field may be pre-filled from (kiosk.domain.identity.CitizenIdentity).
PrefillSource = Literal[
    "id_number",
    "full_name",
    "birth_date",
    "sex",
    "address",
    "old_id_number",
    "nationality",
    "ethnicity",
    "religion",
    "place_of_origin",
    "issue_date",
    "father_name",
    "mother_name",
    "spouse_name",
]

Device = Literal["card_reader", "qr_source", "document_scanner", "receipt_printer"]


class _Data(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    pass


class Choice(_Data, frozen=True, kw_only=True):
    value: ChoiceValue
    label: NonEmpty  # shown and spoken


class Validation(_Data, frozen=True, kw_only=True):
    """A field's rule; the flow checks it and speaks `message` (a prompt id) when it fails."""

    required: bool = True
    min_length: Annotated[int, Meta(ge=0)] | None = None
    max_length: Annotated[int, Meta(ge=1)] | None = None
    pattern: str | None = None  # a regular expression the whole value must match
    past_only: bool = False  # dates: not after today
    min_age_years: Annotated[int, Meta(ge=0)] | None = None  # dates: at least this old today
    max_age_days: Annotated[int, Meta(ge=0)] | None = None  # dates: e.g. birth within 60 days
    min_value: int | None = None  # numbers
    max_value: int | None = None


class FormField(_Data, frozen=True, kw_only=True):
    id: Id
    kind: FieldKind
    question: NonEmpty  # one question per screen, shown and spoken ("Họ và tên của cháu bé?")
    hint: str = ""
    prefill_from: PrefillSource | None = None  # asked as "Đúng / Sửa" when the identity has it
    choices: tuple[Choice, ...] = ()  # CHOICE only
    validation: Validation = Validation()
    personal: bool = True  # never spoken on the loudspeaker (design §4)
    ask_if: str | None = None  # "field_id=value": asked only when that earlier answer is given


class Paper(_Data, frozen=True, kw_only=True):
    """A paper the citizen brings; the kiosk copies it and hands the original back."""

    id: Id
    name: NonEmpty  # "Giấy chứng sinh"
    optional: bool = False
    note: str = ""  # when it is needed or what replaces it, in plain words
    max_pages: Annotated[int, Meta(ge=1, le=50)] = 4


class Fee(_Data, frozen=True, kw_only=True):
    amount_vnd: Annotated[int, Meta(ge=0)] = 0
    note: str = ""  # exemptions, per-page pricing, online discount — shown and spoken
    per_page_vnd: Annotated[int, Meta(ge=0)] | None = None  # certified copies
    max_vnd: Annotated[int, Meta(ge=0)] | None = None


class Source(_Data, frozen=True, kw_only=True):
    """Where the procedure's facts come from, so a ward can check them against its decision."""

    reference: NonEmpty  # law, decree or portal page
    verified_at: str = ""  # ISO date the facts were checked
    unverified: tuple[str, ...] = ()  # facts still to confirm, by name


class Procedure(_Data, frozen=True, kw_only=True):
    id: Id
    national_code: NationalCode | None = None  # None where no public code was confirmed
    name: NonEmpty  # full official name
    short_name: NonEmpty  # the tile's words ("Khai sinh")
    group: LifeEvent
    icon: Id  # pictogram name under ui's icon set
    summary: str = ""  # one sentence: what the citizen gets
    agency: NonEmpty = "UBND cấp xã"
    keywords: tuple[str, ...] = ()  # extra search words (without diacritics is fine)
    papers: tuple[Paper, ...] = ()
    fee: Fee = Fee()
    processing_days: Annotated[int, Meta(ge=0, le=60)] = 0  # working days; 0 = same day
    fields: tuple[FormField, ...] = ()
    devices: tuple[Device, ...] = ()  # needed; the flow is hidden when one is down
    linked: tuple[Id, ...] = ()  # procedure ids this linked package also files
    source: Source | None = None
