"""Frozen view models of the staff screens (menu, hand-entered identity, outbox)."""

from __future__ import annotations

from dataclasses import dataclass

from ui.forms.views import QuestionView


@dataclass(frozen=True, slots=True)
class MenuButton:
    action: str  # kiosk.services.assisted.menu.MenuAction value
    label: str


@dataclass(frozen=True, slots=True)
class StaffMenuView:
    title: str
    status: str  # is a citizen session under way / being assisted
    message: str  # the last action's outcome ("" for none)
    buttons: tuple[MenuButton, ...]


@dataclass(frozen=True, slots=True)
class ManualIdentityView:
    title: str
    question: QuestionView  # the field shown now, with the form's own widget
    back_label: str
    cancel_label: str


@dataclass(frozen=True, slots=True)
class OutboxRowView:
    local_id: str  # for "Gửi lại" only; never shown
    title: str  # "<reference> · <procedure>"
    detail: str  # "<state> · <n> lần gửi[ · lỗi: <class>]"
    failed: bool  # shown with the word, not colour only
    retry_label: str  # "" when it cannot be retried


@dataclass(frozen=True, slots=True)
class OutboxView:
    title: str
    counts: str
    message: str
    rows: tuple[OutboxRowView, ...]  # this page's
    page: str  # "" with one page
    prev_label: str  # "" hides it
    next_label: str
    close_label: str
