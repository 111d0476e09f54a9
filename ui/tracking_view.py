"""The tracking screen's view model: already worded from the prompt catalogue ([tracking]).

Never holds personal data: only the status words, the dossier code, procedure and dates."""

from __future__ import annotations

import msgspec


class TrackingView(msgspec.Struct, frozen=True, kw_only=True):
    mode: str  # "waiting" (scan or type), "looking", "result", "problem"
    title: str  # the status, the problem, or "Mời ông/bà quét mã QR…"
    hint: str = ""
    lines: tuple[str, ...] = ()  # non-personal details: code, procedure, dates, ready or not
    prefix: str = ""  # the ward's unit code before the typed part ("000.00.12.H29-")
    typed: str = ""  # digits typed so far (the pad keeps them when a problem is shown)
    search_label: str = ""  # the pad's "Tra cứu"
    backspace_label: str = ""
    again_label: str = ""  # "Tra mã khác" after a result ("" = hidden)
    done_label: str = ""  # "Xong"
    ready: bool = False  # the result can be collected (shown in words in `lines` too)

    @property
    def pad_visible(self) -> bool:
        return self.mode in ("waiting", "problem")
