"""Feeds touches on the kiosk window to the hidden staff gesture (kiosk.services.hidden_gesture).

An application-wide event filter watching the kiosk's native window (QWindow), which sees every
touch and click once before Qt hands it to the widget under the finger. It only watches: events
always go on to their widget (the corner holds no citizen button). Positions become millimetres
with the panel's px per mm (from the theme), time comes from the Clock port; a timer asks "held
long enough?" while a finger is down, and `tick()` does the same for tests driving a ManualClock.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QTouchEvent
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.ports.clock import Clock
from kiosk.services.hidden_gesture import GestureConfig, HiddenGesture

TICK_MS = 100

_MOUSE = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.MouseButtonRelease,
}
_TOUCH = {
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
    QEvent.Type.TouchEnd,
    QEvent.Type.TouchCancel,
}


class StaffGestureFilter(QObject):
    triggered = Signal()  # the corner was held: open the staff PIN pad

    def __init__(
        self,
        target: QWidget,
        clock: Clock,
        px_per_mm: float,
        config: GestureConfig | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._target = target
        self._clock = clock
        self._ppm = px_per_mm
        self.gesture = HiddenGesture(config or GestureConfig(), *self._size_mm())
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)
        self.enabled = True  # the lead turns it off while a staff screen is shown

    def install(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def uninstall(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self._timer.stop()
        self.gesture.cancel()

    def set_px_per_mm(self, px_per_mm: float) -> None:
        self._ppm = px_per_mm

    def _size_mm(self) -> tuple[float, float]:
        return self._target.width() / self._ppm, self._target.height() / self._ppm

    def _mm(self, global_pos: QPointF) -> tuple[float, float]:
        p = self._target.mapFromGlobal(global_pos)
        return p.x() / self._ppm, p.y() / self._ppm

    def _ours(self, obj: QObject) -> bool:
        # Real input reaches the native window first, whatever widget is under the finger (and
        # touches reach it even when no widget accepts touch events); events sent straight to a
        # widget (QTest, synthesised clicks) only reach that widget. Seeing one event twice is
        # harmless: the same press at the same time and place, or a release after a release.
        if obj is self._target.window().windowHandle():
            return True
        return isinstance(obj, QWidget) and (obj is self._target or self._target.isAncestorOf(obj))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if self.enabled and (kind in _MOUSE or kind in _TOUCH) and self._ours(obj):
            if isinstance(event, QTouchEvent):
                self._on_touch(event)
            elif isinstance(event, QMouseEvent):
                self._on_mouse(event)
        return False  # only watching

    def _on_mouse(self, event: QMouseEvent) -> None:
        if event.source() != Qt.MouseEventSource.MouseEventNotSynthesized:
            return  # made from a touch we already saw
        now = self._clock.monotonic()
        x, y = self._mm(event.globalPosition())
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress:
            if event.button() == Qt.MouseButton.LeftButton:
                self._press(x, y, now)
        elif kind == QEvent.Type.MouseMove:
            self._fire_if(self.gesture.move(x, y, now))
        else:
            self._fire_if(self.gesture.release(now))

    def _on_touch(self, event: QTouchEvent) -> None:
        now = self._clock.monotonic()
        points = event.points()
        kind = event.type()
        if kind == QEvent.Type.TouchCancel or len(points) != 1:
            self.gesture.cancel()  # a second finger is not the gesture
            self._timer.stop()
            return
        x, y = self._mm(points[0].globalPosition())
        if kind == QEvent.Type.TouchBegin:
            self._press(x, y, now)
        elif kind == QEvent.Type.TouchUpdate:
            self._fire_if(self.gesture.move(x, y, now))
        else:
            self._fire_if(self.gesture.release(now))

    def _press(self, x: float, y: float, now: float) -> None:
        self.gesture.resize(*self._size_mm())
        if self.gesture.press(x, y, now):
            self._timer.start()

    def tick(self) -> None:
        self._fire_if(self.gesture.tick(self._clock.monotonic()))

    def _fire_if(self, fired: bool) -> None:
        if not self.gesture.holding:
            self._timer.stop()
        if fired:
            self.triggered.emit()
