"""BAC keys so the citizen types nothing: from the MRZ, or guessed from the card QR.

The QR gives the ID (document number = its last 9 digits, vn-formats.md §2.4) and the birth date,
but no expiry. The expiry follows from the renewal rule (vn-formats.md §2.4, quoting Law
26/2023/QH15 Art. 21; the 2014 Law on Citizen Identification Art. 21 had the same rule with
milestones 25/40/60):
  - a card must be renewed when its holder turns 14, 25, 40 and 60;
  - a card issued within the 2 years before a milestone is valid until the next one;
  - a card issued after the last window (from age 58) has no expiry ("không thời hạn").
So the expiry is the holder's birthday at the first milestone M with issue date < birthday(M - 2).
Milestone 14 only matters for cards issued before 12, which only the 2024 law allows, so one list
serves both card generations. The card's printed expiry is the birthday itself (e.g. born
09/05/1992, issued 2021 → valid to 09/05/2032).

What the MRZ holds for "không thời hạn" is unknown (§2.4 leaves it open), so every plausible
encoding is tried: 991231 (what devices/simulated/citizens.py uses) and the ICAO filler `<<<<<<`.
Ordered by likelihood: the rule's answer first; then a 29 February birthday's other reading;
then the neighbouring milestones, which cover an issue date on the far side of a 2-year window
(a renewal application dated before the window, the card printed inside it).
"""

from __future__ import annotations

import logging
from datetime import date

from kiosk.ports.card_reader import BacKey
from kiosk.services.identity.card_qr import CardQr
from kiosk.services.identity.mrz import NO_DATE, Mrz

log = logging.getLogger(__name__)

MILESTONES = (14, 25, 40, 60)
WINDOW_YEARS = 2
NO_EXPIRY_ENCODINGS = ("991231", NO_DATE)


def _birthday(born: date, age: int, *, leap_day_to_march: bool = False) -> date:
    try:
        return born.replace(year=born.year + age)
    except ValueError:  # 29 February in a common year
        return date(born.year + age, 3, 1) if leap_day_to_march else date(born.year + age, 2, 28)


def expiry_by_rule(born: date, issued: date) -> date | None:
    """The renewal-rule expiry of a card issued on `issued`; None means no expiry."""
    for milestone in MILESTONES:
        if issued < _birthday(born, milestone - WINDOW_YEARS):
            return _birthday(born, milestone)
    return None


def _milestone_of(born: date, expiry: date | None) -> int | None:
    for milestone in MILESTONES:
        if expiry is not None and expiry.year == born.year + milestone:
            return milestone
    return None


def expiry_candidates(born: date, issued: date) -> list[date | None]:
    """Expiry dates worth trying, most likely first (None = no expiry)."""
    primary = expiry_by_rule(born, issued)
    out: list[date | None] = [primary]
    if born.month == 2 and born.day == 29 and primary is not None:
        out.append(_birthday(born, primary.year - born.year, leap_day_to_march=True))
    milestone = _milestone_of(born, primary)
    index = MILESTONES.index(milestone) if milestone is not None else len(MILESTONES)
    if index + 1 < len(MILESTONES):
        out.append(_birthday(born, MILESTONES[index + 1]))
    elif index + 1 == len(MILESTONES):
        out.append(None)
    if index > 0:
        previous = _birthday(born, MILESTONES[index - 1])
        if previous > issued:
            out.append(previous)
    return list(dict.fromkeys(out))


def _yymmdd(day: date) -> str:
    return f"{day.year % 100:02d}{day.month:02d}{day.day:02d}"


def bac_key_from_mrz(mrz: Mrz) -> BacKey:
    return BacKey(
        document_number=mrz.document_number.ljust(9, "<"),
        birth_date=mrz.birth_yymmdd,
        expiry_date=mrz.expiry_yymmdd or NO_DATE,
    )


def bac_key_candidates(qr: CardQr, today: date) -> list[BacKey]:
    """Keys to try in order for the card whose QR is `qr`; `today` only flags clock trouble."""
    if qr.issue_date > today:
        log.warning("card QR issue date lies after today; is the kiosk clock right?")
    document = qr.id_number[-9:]
    birth = _yymmdd(qr.birth_date)
    keys: list[BacKey] = []
    for expiry in expiry_candidates(qr.birth_date, qr.issue_date):
        encodings = NO_EXPIRY_ENCODINGS if expiry is None else (_yymmdd(expiry),)
        keys.extend(BacKey(document, birth, e) for e in encodings)
    return list(dict.fromkeys(keys))
