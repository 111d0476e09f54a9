"""Searching the old (pre-2025) ward names too: a citizen often knows only the ward she lived in
before the reform ("Cống Vị"), which is no unit any more. A hit leads to the same choice as an
old address on a card: the new unit(s) it became, chosen by the citizen, old text kept.

Optional: works with any address book that also has `old_wards()` (the real one does; contract 4
does not require it), so a smaller book simply searches the new units only.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from kiosk.domain.address import Commune
from kiosk.services.addresses.normalise import fold, unit_key


class OldWardLike(Protocol):
    @property
    def province(self) -> str: ...
    @property
    def district(self) -> str: ...
    @property
    def ward(self) -> str: ...
    @property
    def new_codes(self) -> tuple[str, ...]: ...


@runtime_checkable
class OldWardsBook(Protocol):
    def old_wards(self) -> Sequence[OldWardLike]: ...


def old_text(ward: OldWardLike) -> str:
    """The old three-level address, as older papers print it."""
    return f"{ward.ward}, {ward.district}, {ward.province}"


def match_rank(key: str, query: str) -> int | None:
    """0 the name itself, 1 starts with it, 2 every typed word starts a word; None: no match."""
    if key == query:
        return 0
    if key.startswith(query):
        return 1
    words = key.split()
    if all(any(w.startswith(q) for w in words) for q in query.split()):
        return 2
    return None


class OldWardIndex:
    """The old wards by their folded name without the kind word ("cong vi"), built once."""

    def __init__(self, wards: Sequence[OldWardLike]) -> None:
        self._wards = sorted(((unit_key(w.ward), w) for w in wards), key=lambda kw: kw[0])

    def search(
        self, text: str, within: set[str] | None = None, skip: frozenset[str] = frozenset()
    ) -> list[tuple[int, OldWardLike]]:
        """(rank, ward) of old wards matching `text`, best first; `within`: only wards that went
        into these new unit codes (the chosen province); `skip`: names the new units still have.
        """
        query = unit_key(text) or fold(text)
        if not query:
            return []
        hits: list[tuple[int, OldWardLike]] = []
        for key, ward in self._wards:
            if key in skip or (within is not None and not within.intersection(ward.new_codes)):
                continue
            rank = match_rank(key, query)
            if rank is not None and rank <= 1:  # the name or its start: word games add noise
                hits.append((rank, ward))
        hits.sort(key=lambda h: h[0])
        return hits


def with_old_wards(
    index: OldWardIndex | None,
    text: str,
    units: list[Commune],
    within: set[str] | None,
    limit: int,
) -> tuple[list[Commune], list[OldWardLike]]:
    """(units, old wards) to show for a search: old names that match better than every unit
    found come alone ("cong vi": Phường Cống Vị, not the loose match Xã Vĩnh Công); otherwise the
    units first and old names fill the rest. An old name a unit still has is not repeated."""
    if index is None or not text.strip():
        return units, []
    query = unit_key(text) or fold(text)
    found = index.search(text, within, skip=frozenset(unit_key(c.name) for c in units))
    ranks = [match_rank(unit_key(c.name), query) for c in units]
    best_unit = min((r for r in ranks if r is not None), default=3)
    better = [ward for rank, ward in found if rank < best_unit]
    if better:
        return [], better[:limit]
    return units, [ward for _, ward in found][: max(0, limit - len(units))]
