"""BAC keys from the MRZ, and from the card QR by the age-milestone renewal rule (worked cases)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devices.simulated.citizens import CITIZENS, NO_EXPIRY_MRZ_PLACEHOLDER, SimulatedCitizen
from kiosk.ports.card_reader import BacKey
from kiosk.services.identity.bac_keys import (
    NO_EXPIRY_ENCODINGS,
    bac_key_candidates,
    bac_key_from_mrz,
    expiry_by_rule,
    expiry_candidates,
)
from kiosk.services.identity.card_qr import CardQr, parse_card_qr
from kiosk.services.identity.mrz import Mrz, parse_dg1

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("born", "issued", "expiry"),
    [
        # issued at 29 → next milestone 40 (the sample card of Anh Minh)
        (date(1992, 5, 9), date(2021, 7, 15), date(2032, 5, 9)),
        # issued at 20 → 25
        (date(2001, 1, 1), date(2021, 3, 15), date(2026, 1, 1)),
        # issued at 23½: inside the 2 years before 25 → valid to 40
        (date(1998, 1, 1), date(2021, 7, 1), date(2038, 1, 1)),
        # issued the day before turning 23: still before the window → 25
        (date(1998, 7, 2), date(2021, 7, 1), date(2023, 7, 2)),
        # issued on the 23rd birthday: the window has begun → 40
        (date(1998, 7, 1), date(2021, 7, 1), date(2038, 7, 1)),
        # issued at 45 → 60
        (date(1976, 6, 1), date(2021, 6, 1), date(2036, 6, 1)),
        # issued at 58 (Chú Tư): inside the window before 60 → no expiry
        (date(1962, 8, 20), date(2021, 6, 2), None),
        # issued at 71 (Bà Lan) → no expiry
        (date(1950, 3, 15), date(2021, 4, 10), None),
        # căn cước issued to a 6-year-old (allowed from 2024) → 14
        (date(2018, 9, 1), date(2024, 9, 1), date(2032, 9, 1)),
        # issued at 12½: inside the window before 14 → 25
        (date(2012, 1, 1), date(2024, 7, 1), date(2037, 1, 1)),
        # born 29 February: the milestone birthday in a common year is read as 28 February
        (date(2000, 2, 29), date(2021, 5, 1), date(2025, 2, 28)),
    ],
)
def test_renewal_rule(born: date, issued: date, expiry: date | None) -> None:
    assert expiry_by_rule(born, issued) == expiry
    assert expiry_candidates(born, issued)[0] == expiry


def test_candidates_cover_the_window_edge() -> None:
    # Issued 3 days before the 23rd birthday: the rule says 25, the neighbour 40 comes next.
    assert expiry_candidates(date(1998, 7, 4), date(2021, 7, 1)) == [
        date(2023, 7, 4),
        date(2038, 7, 4),
    ]
    # Issued at 58: no expiry first, then 60 in case the issue date was just before the window.
    assert expiry_candidates(date(1962, 8, 20), date(2021, 6, 2)) == [None, date(2022, 8, 20)]
    # Issued at 71: nothing else is plausible.
    assert expiry_candidates(date(1950, 3, 15), date(2021, 4, 10)) == [None]
    # A 29 February birthday also tries 1 March.
    assert expiry_candidates(date(2000, 2, 29), date(2021, 5, 1))[:2] == [
        date(2025, 2, 28),
        date(2025, 3, 1),
    ]


def _qr(citizen: SimulatedCitizen) -> CardQr:
    qr = parse_card_qr(citizen.card_qr)
    assert isinstance(qr, CardQr)
    return qr


@pytest.mark.parametrize("citizen", CITIZENS, ids=lambda c: c.slug)
def test_the_first_candidate_opens_each_simulated_card(citizen: SimulatedCitizen) -> None:
    keys = bac_key_candidates(_qr(citizen), TODAY)
    assert keys[0] == citizen.bac_key
    assert len(keys) == len(set(keys)) <= 6


def test_no_expiry_tries_every_plausible_encoding() -> None:
    keys = bac_key_candidates(_qr(CITIZENS[0]), TODAY)
    assert [k.expiry_date for k in keys] == list(NO_EXPIRY_ENCODINGS)
    assert NO_EXPIRY_ENCODINGS[0] == NO_EXPIRY_MRZ_PLACEHOLDER
    assert {k.document_number for k in keys} == {CITIZENS[0].id_number[-9:]}


def test_a_future_issue_date_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    bac_key_candidates(_qr(CITIZENS[2]), date(2020, 1, 1))
    assert "clock" in caplog.text


@pytest.mark.parametrize("citizen", CITIZENS, ids=lambda c: c.slug)
def test_key_from_the_mrz(citizen: SimulatedCitizen) -> None:
    mrz = parse_dg1(citizen.card.data_groups["DG1"])
    assert isinstance(mrz, Mrz)
    assert bac_key_from_mrz(mrz) == citizen.bac_key


@given(st.dates(date(1920, 1, 1), date(2025, 1, 1)), st.integers(0, 80 * 365))
def test_rule_properties(born: date, days: int) -> None:
    issued = date.fromordinal(born.toordinal() + days)
    expiry = expiry_by_rule(born, issued)
    candidates = expiry_candidates(born, issued)
    assert candidates[0] == expiry and len(candidates) == len(set(candidates))
    if expiry is not None:
        assert expiry > issued  # a new card is never born expired
        assert (expiry - issued).days <= 22 * 366 + 1  # the longest: issued at 38, valid to 60
    else:
        assert issued.year - born.year >= 58  # only cards issued from 58 on never expire


def test_key_shape() -> None:
    key = bac_key_candidates(_qr(CITIZENS[2]), TODAY)[0]
    assert key == BacKey("092007788", "920509", "320509")
