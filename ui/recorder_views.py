"""The staff prompt recorder's view model (worded from the prompt catalogue by the controller)."""

from __future__ import annotations

import msgspec


class RecorderRow(msgspec.Struct, frozen=True, kw_only=True):
    prompt_id: str
    text: str  # the speech form staff read aloud
    recorded: bool
    state: str  # "Đã ghi" / "Chưa ghi"


class RecorderView(msgspec.Struct, frozen=True, kw_only=True):
    title: str
    intro: str
    voice: str  # "Giọng đọc: Chị Hoa"
    progress: str  # "Đã ghi 3/57 câu"
    rows: tuple[RecorderRow, ...]
    current: int  # index into rows
    status: str  # what is happening now ("Đang ghi âm…", "Đã lưu …", a problem)
    recording: bool
    record_label: str  # "Ghi âm" or "Dừng"
    play_label: str
    retake_label: str
    previous_label: str
    next_label: str
    done_label: str
    can_play: bool
