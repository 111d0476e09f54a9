"""Frozen view models: what a screen shows, already worded from the prompt catalogue.

Screens never read prompts, settings or the session themselves; the controller builds these.
(msgspec Structs: frozen like dataclasses, but much cheaper to define on the startup path.)
"""

from __future__ import annotations

import msgspec


class AttractView(msgspec.Struct, frozen=True, kw_only=True):
    ward: str
    title: str
    subtitle: str


class WelcomeView(msgspec.Struct, frozen=True, kw_only=True):
    title: str
    instruction: str
    big_text_label: str  # says the state in words: "Chữ to: Bật"
    big_text_on: bool
    volume_label: str  # "Âm lượng: Vừa"
    volume_level: int
    start_label: str


class IdentifyAction(msgspec.Struct, frozen=True, kw_only=True):
    way: str  # "use_qr" | "ask_staff" | "retry" | "continue": which button
    label: str


class IdentifyView(msgspec.Struct, frozen=True, kw_only=True):
    phase: str  # "waiting" | "reading" | "identified" | "problem" | "staff" | "next"
    title: str
    hint: str = ""
    picture: str = ""  # "card" | "reading" | "" (none)
    name: str = ""  # identified: the citizen's full name (shown, never spoken)
    id_line: str = ""  # identified: "Số định danh: ••••••••4321"
    note: str = ""  # identified from the QR alone: says so
    actions: tuple[IdentifyAction, ...] = ()


class WarningView(msgspec.Struct, frozen=True, kw_only=True):
    title: str
    countdown: str
    extend_label: str
    can_extend: bool
    ask_staff: str  # shown when no extension is left


class GoodbyeView(msgspec.Struct, frozen=True, kw_only=True):
    title: str
    take_card: str
    timed_out: str  # "" unless the session ended by timeout


class HeaderView(msgspec.Struct, frozen=True, kw_only=True):
    ward: str
    greeting: str  # "" until the session has an identity
    visible: bool


class NavView(msgspec.Struct, frozen=True, kw_only=True):
    back: str
    start_over: str
    replay: str
    visible: bool
    show_back: bool
    show_start_over: bool
    show_replay: bool


ScreenView = AttractView | WelcomeView | IdentifyView | WarningView | GoodbyeView
