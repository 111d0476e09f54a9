"""Screen blanking on a schedule (settings `display.blank_from` / `display.blank_until`).

In the window a black cover lies over the kiosk; speech is muted (`blanked_changed(True)`, the
composition root mutes the speaker with it). A touch on the cover only wakes the screen (it does
not also start a session); the screen stays awake for that citizen's session and blanks again
when it ends, or `wake_grace_s` after a wake that started nothing. Never while a session runs.
Time comes from the injected Clock; the schedule is in the ward's local time.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import time, tzinfo

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QTouchEvent
from PySide6.QtWidgets import QWidget

from kiosk.ports.clock import Clock

_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
POLL_MS = 15_000
WAKE_GRACE_S = 60.0


@dataclass(frozen=True, slots=True)
class BlankSchedule:
    start: time | None = None  # None: never blank
    end: time | None = None

    @classmethod
    def parse(cls, blank_from: str, blank_until: str) -> BlankSchedule:
        if not blank_from and not blank_until:
            return cls()
        if not (blank_from and blank_until):
            raise ValueError("blank_from and blank_until are set together or not at all")
        start, end = _parse_hhmm(blank_from), _parse_hhmm(blank_until)
        if start == end:
            raise ValueError("blank_from and blank_until are the same time")
        return cls(start, end)

    def covers(self, at: time) -> bool:
        if self.start is None or self.end is None:
            return False
        at = at.replace(second=0, microsecond=0, tzinfo=None)
        if self.start < self.end:  # e.g. 12:00–13:30 the same day
            return self.start <= at < self.end
        return at >= self.start or at < self.end  # across midnight, e.g. 22:00–06:00


def _parse_hhmm(text: str) -> time:
    m = _HHMM.match(text)
    if m is None:
        raise ValueError(f"{text!r} is not a time HH:MM")
    return time(int(m.group(1)), int(m.group(2)))


class _Cover(QWidget):
    touched = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("BlankCover")
        self.setStyleSheet("QWidget#BlankCover { background: #000000; }")
        self.setAutoFillBackground(True)
        self.hide()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()  # swallowed: the touch that wakes the screen does nothing else

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        event.accept()
        self.touched.emit()

    def touchEvent(self, event: QTouchEvent) -> None:
        event.accept()
        if event.type() == QEvent.Type.TouchEnd:
            self.touched.emit()


class ScreenBlanker(QObject):
    blanked_changed = Signal(bool)  # True: screen black and speech muted

    def __init__(
        self,
        window: QWidget,
        schedule: BlankSchedule,
        clock: Clock,
        session_idle: Callable[[], bool],
        *,
        tz: tzinfo | None = None,
        wake_grace_s: float = WAKE_GRACE_S,
        poll_ms: int = POLL_MS,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._schedule = schedule
        self._clock = clock
        self._session_idle = session_idle
        self._tz = tz
        self._grace = wake_grace_s
        self._woken_at: float | None = None
        self._cover = _Cover(window)
        self._cover.touched.connect(self.wake)
        window.installEventFilter(self)
        self._timer = QTimer(self)
        self._timer.setObjectName("ScreenBlanker")
        self._timer.setInterval(poll_ms)
        self._timer.timeout.connect(self.tick)

    @property
    def blanked(self) -> bool:
        return self._cover.isVisibleTo(self._window)

    @property
    def cover(self) -> QWidget:
        return self._cover

    def start(self) -> None:
        if self._schedule.start is not None:
            self._timer.start()
            self.tick()

    def tick(self) -> None:
        local = self._clock.now().astimezone(self._tz)  # tz None: the system's local time
        if not self._schedule.covers(local.time()):
            self._woken_at = None
            self._set_blank(False)
            return
        if not self._session_idle():
            self._woken_at = self._clock.monotonic()  # awake for the whole session
            self._set_blank(False)
            return
        awake = self._woken_at is not None and (
            self._clock.monotonic() - self._woken_at < self._grace
        )
        self._set_blank(not awake)

    def wake(self) -> None:
        self._woken_at = self._clock.monotonic()
        self._set_blank(False)

    def session_ended(self, *_: object) -> None:
        """Connect to the session's end: dark again at the next idle tick (not mid-goodbye)."""
        self._woken_at = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Resize:
            self._cover.setGeometry(self._window.rect())
        return False

    def _set_blank(self, on: bool) -> None:
        if on == self.blanked:
            return
        if on:
            self._cover.setGeometry(self._window.rect())
            self._cover.show()
            self._cover.raise_()
        else:
            self._cover.hide()
        self.blanked_changed.emit(on)
