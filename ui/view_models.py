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
    volume_level: int  # 0 quiet, 1 normal, 2 loud
    start_label: str
    # the big "−" / "+" beside the volume (prompts voice.volume_down / voice.volume_up); the
    # defaults are those prompts' texts, so a controller that does not pass them still matches
    volume_down_label: str = "−"
    volume_up_label: str = "+"
    volume_max_level: int = 2


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


# ---- the procedure steps (kiosk.flows.procedure_flow) -----------------------------------------


class ChoiceTile(msgspec.Struct, frozen=True, kw_only=True):
    key: str  # the life event (LifeEvent value)
    label: str  # the words under the picture
    icon: str  # pictogram name under ui/icons/


class ProcedureRow(msgspec.Struct, frozen=True, kw_only=True):
    procedure_id: str
    title: str
    detail: str = ""  # fee and time, in one short line


class ChooseView(msgspec.Struct, frozen=True, kw_only=True):
    mode: str  # "tiles" | "list" | "search"
    title: str
    hint: str = ""  # tiles: "or scan the procedure's QR"
    tiles: tuple[ChoiceTile, ...] = ()
    rows: tuple[ProcedureRow, ...] = ()
    search_label: str = ""  # the "Tìm thủ tục" button (tiles) or the box's label (search)
    query: str = ""  # what was typed on the on-screen keyboard
    empty: str = ""  # search: nothing found / type a few letters


class PaperLine(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    tag: str = ""  # "Không bắt buộc"
    note: str = ""  # when it is needed, what replaces it (shown when the screen has room)


class ChecklistView(msgspec.Struct, frozen=True, kw_only=True):
    title: str  # the procedure's name
    papers_title: str
    papers: tuple[PaperLine, ...]
    fee: str
    fee_note: str = ""  # exemptions, online price (shown when the screen has room)
    days: str
    continue_label: str


class ReviewRow(msgspec.Struct, frozen=True, kw_only=True):
    field_id: str
    question: str
    answer: str  # formatted for display (personal: shown, never spoken)
    edit_label: str


class ReviewView(msgspec.Struct, frozen=True, kw_only=True):
    title: str
    hint: str
    rows: tuple[ReviewRow, ...]
    papers: str = ""  # "Giấy tờ: 1 giấy đã chụp" or that they go to the counter
    continue_label: str
    page_template: str = "{page}/{pages}"  # the catalogue's words: "Trang {page}/{pages}"


class ConsentView(msgspec.Struct, frozen=True, kw_only=True):
    title: str
    points: tuple[str, ...]  # plain words: what is sent, to whom, why, how long, your rights
    agree_label: str
    decline_label: str
    declined: bool = False
    declined_text: str = ""


class StepAction(msgspec.Struct, frozen=True, kw_only=True):
    action: str  # "continue" | "retry" | "skip" | "rate_1" … "rate_5"
    label: str


class StepView(msgspec.Struct, frozen=True, kw_only=True):
    """Papers, submit, receipt and rating until their issues plug in: plain, never pretending."""

    step: str
    title: str
    lines: tuple[str, ...] = ()
    notice: str = ""  # a boxed warning, e.g. "Hồ sơ CHƯA được gửi"
    actions: tuple[StepAction, ...] = ()


ScreenView = (
    AttractView
    | WelcomeView
    | IdentifyView
    | WarningView
    | GoodbyeView
    | ChooseView
    | ChecklistView
    | ReviewView
    | ConsentView
    | StepView
    | object  # the question step's view is ui.forms.views.QuestionView (contract 5)
)
