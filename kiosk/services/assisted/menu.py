"""What the staff menu offers, for a role and the state of the citizen's session.

Pure data: the UI asks `menu_actions(role, state)` and shows one big button per action, in
this order. An action that cannot help right now is left out rather than greyed: a button that
does nothing is a question at the counter.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from kiosk.services.staff_access import Role


class MenuAction(enum.StrEnum):
    TAKE_OVER = "take_over"  # "Hỗ trợ công dân đang làm"
    MANUAL_IDENTITY = "manual_identity"  # "Nhập thông tin thay cho công dân"
    REPRINT = "reprint"  # "In lại biên nhận"
    OUTBOX = "outbox"  # "Hộp thư gửi hồ sơ"
    RECORDER = "recorder"  # "Ghi âm lời nhắc"
    DIAGNOSTICS = "diagnostics"  # "Chẩn đoán thiết bị" (technician only)
    RESUME = "resume"  # "Trả lại cho công dân" (while assisting)
    EXIT = "exit"  # "Thoát"


@dataclass(frozen=True, slots=True)
class MenuState:
    """What the menu needs to know of the kiosk right now (no personal data)."""

    in_session: bool = False  # a citizen session is under way (welcome … rating)
    on_identify: bool = False  # that session is at the identify step (no identity yet)
    has_receipt: bool = False  # this session has a receipt to print again
    assisting: bool = False  # staff already took the session over
    recorder: bool = False  # the prompt recorder is wired in
    diagnostics: bool = False  # the diagnostics screen is wired in


def menu_actions(role: Role, state: MenuState) -> tuple[MenuAction, ...]:
    actions: list[MenuAction] = []
    if state.in_session:
        actions.append(MenuAction.RESUME if state.assisting else MenuAction.TAKE_OVER)
        if state.on_identify:
            actions.append(MenuAction.MANUAL_IDENTITY)
        if state.has_receipt:
            actions.append(MenuAction.REPRINT)
    actions.append(MenuAction.OUTBOX)
    if state.recorder:
        actions.append(MenuAction.RECORDER)
    if role is Role.TECHNICIAN and state.diagnostics:
        actions.append(MenuAction.DIAGNOSTICS)
    actions.append(MenuAction.EXIT)
    return tuple(actions)
