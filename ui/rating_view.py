"""The rating screen's view model: already worded from the prompt catalogue ([rating])."""

from __future__ import annotations

import msgspec


class FaceChoice(msgspec.Struct, frozen=True, kw_only=True):
    score: int  # 1-5, what the outbox stores
    mood: int  # 2 very happy, 1 happy, -1 unhappy, -2 very unhappy: how the face is drawn
    label: str  # the words under the face ("Rất hài lòng" …): never the colour alone


class RatingView(msgspec.Struct, frozen=True, kw_only=True):
    title: str
    faces: tuple[FaceChoice, ...]
    skip_label: str
    thanks: str = ""  # shown once a face was chosen ("" = still asking)
