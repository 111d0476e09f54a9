"""The privacy guard: personal data never goes to the loudspeaker (design §4, §5).

`PrivacyGuard` wraps any `Speaker`. Unless private mode is on (a headset is plugged in, as the
audio system reports it), an utterance that contains one of the current session's personal values
— the ID number in any grouping, the name, the address or its house/street part, the birth
date in any usual writing — is refused: nothing is said, and the log gets the prompt id and the
kind of value, never the value itself.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from kiosk.domain.devices import HealthReport
from kiosk.ports.speaker import Speaker, Utterance
from kiosk.services.speech_text.normalise import date_words, grouped_digits, normalise

log = logging.getLogger(__name__)

_NON_DIGITS = re.compile(r"\D+")
_WORD = re.compile(r"\w+")
_UNITS = ("phường", "xã", "quận", "huyện", "thành phố", "tỉnh", "thị trấn", "thị xã", "đặc khu")
_TITLES = ("ông", "bà", "anh", "chị", "cô", "chú", "bác", "em", "cháu", "cụ")


@dataclass(frozen=True, slots=True)
class PersonalValues:
    """What must not be said aloud in this session. Empty between sessions."""

    id_numbers: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    birth_dates: tuple[date, ...] = ()


NO_PERSONAL_VALUES = PersonalValues()


def _fold(text: str) -> str:
    """Case- and spacing-insensitive, keeping the tone marks (Lan ≠ lần)."""
    return " ".join(_WORD.findall(unicodedata.normalize("NFC", text).casefold()))


def _address_phrases(address: str) -> set[str]:
    """The whole address and its house/street part ("Số 12, ngõ 34 phố Hào Nam"). The wider
    units (ward, district, province) alone are not personal: the kiosk's own ward shares them
    with every local citizen."""
    parts = [p.strip() for p in address.split(",") if p.strip()]
    phrases = {address}
    street: list[str] = []
    for part in parts:
        if _fold(part).startswith(_UNITS):
            break
        street.append(part)
        if len(_fold(part).split()) >= 3:
            phrases.add(part)
            break
    if street:
        phrases.add(", ".join(street))
    return {f for p in phrases if len((f := _fold(p)).split()) >= 2}


def _date_forms(d: date) -> set[str]:
    forms = {
        f"{d.day}/{d.month}/{d.year}",
        f"{d.day:02d}/{d.month:02d}/{d.year}",
        f"{d.day}-{d.month}-{d.year}",
        f"{d.day:02d}-{d.month:02d}-{d.year}",
        f"{d.day:02d}.{d.month:02d}.{d.year}",
        d.isoformat(),
    }
    return {_fold(f) for f in forms} | {_fold(date_words(d.day, d.month, d.year))}


def find_personal(text: str, values: PersonalValues) -> str | None:
    """The kind of personal value `text` contains ("id_number", "name", …), or None."""
    folded = _fold(text)
    padded = f" {folded} "
    digits = _NON_DIGITS.sub("", text)
    spoken = f" {_fold(normalise(text))} "
    for number in values.id_numbers:
        clean = _NON_DIGITS.sub("", number)
        if len(clean) >= 6 and (clean in digits or f" {_fold(grouped_digits(clean))} " in spoken):
            return "id_number"
    for name in values.names:
        words = _fold(name).split()
        candidates = {
            " ".join(words[i:j]) for i in range(len(words)) for j in range(i + 2, len(words) + 1)
        }
        if words:  # the given name alone is a common word too ("An", "Minh"): only after a title
            candidates |= {f"{title} {words[-1]}" for title in _TITLES}
        if any(f" {c} " in padded for c in candidates if c):
            return "name"
    for address in values.addresses:
        if any(f" {p} " in padded for p in _address_phrases(address)):
            return "address"
    for born in values.birth_dates:
        if any(f" {form} " in padded or f" {form} " in spoken for form in _date_forms(born)):
            return "birth_date"
    return None


class PrivacyGuard:
    """A `Speaker` that refuses utterances carrying personal data unless in private mode.

    `personal_values` is replaced by the session owner (GUI thread) whenever the session
    changes; `private_mode()` is asked per utterance on the speaking thread (it may run a tool,
    e.g. a headset probe) and anything but True means the loudspeaker.
    """

    def __init__(self, inner: Speaker, private_mode: Callable[[], bool] | None = None) -> None:
        self._inner = inner
        self._private_mode = private_mode
        self._lock = threading.Lock()
        self._values = NO_PERSONAL_VALUES
        self.refused: list[tuple[str, str]] = []  # (prompt id, kind): for diagnostics and tests

    @property
    def inner(self) -> Speaker:
        return self._inner

    def set_personal_values(self, values: PersonalValues) -> None:
        with self._lock:
            self._values = values

    def set_private_mode(self, private_mode: Callable[[], bool] | None) -> None:
        with self._lock:
            self._private_mode = private_mode

    def is_private(self) -> bool:
        with self._lock:
            probe = self._private_mode
        if probe is None:
            return False
        try:
            return probe() is True
        except Exception as exc:  # a failing probe means "loudspeaker", never "private"
            log.warning("headset probe failed, assuming the loudspeaker: %s", exc)
            return False

    def open(self) -> None:
        self._inner.open()

    def health(self) -> HealthReport:
        return self._inner.health()

    def speak(self, utterance: Utterance) -> None:
        with self._lock:
            values = self._values
        kind = find_personal(utterance.text, values)
        if kind is not None and not self.is_private():
            with self._lock:
                self.refused.append((utterance.prompt_id, kind))
            log.warning(
                "speech %s refused: it contains personal data (%s) and no headset is plugged in",
                utterance.prompt_id,
                kind,
            )
            return
        self._inner.speak(utterance)

    def stop(self) -> None:
        self._inner.stop()

    def close(self) -> None:
        self._inner.close()


def personal_values_of(
    id_numbers: Iterable[str | None] = (),
    names: Iterable[str | None] = (),
    addresses: Iterable[str | None] = (),
    birth_dates: Iterable[date | None] = (),
) -> PersonalValues:
    """Build `PersonalValues`, dropping the missing ones (None or blank)."""
    return PersonalValues(
        id_numbers=tuple(v for v in id_numbers if v and v.strip()),
        names=tuple(v for v in names if v and v.strip()),
        addresses=tuple(v for v in addresses if v and v.strip()),
        birth_dates=tuple(v for v in birth_dates if v is not None),
    )
