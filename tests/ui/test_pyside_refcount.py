"""PySide6 6.12.0 drops a reference to `True` on every Python `Signal.emit()` and one to `None`
on every call of a Qt method returning void (CPython 3.11): after a few hundred emits or a few
thousand `setText` calls the kiosk aborts ("Fatal Python error: bool_dealloc" / "none_dealloc").
No upstream report was found; pyproject.toml excludes that release. These tests fail on any
release that brings the bug back, before it can reach a ward.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    text = Signal(str)
    flag = Signal(bool)
    bare = Signal()


class _Receiver(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    def on_any(self, *_args: object) -> None:
        self.calls += 1


def test_emitting_signals_leaves_the_reference_counts_of_true_false_and_none_alone() -> None:
    emitter, receiver = _Emitter(), _Receiver()
    emitter.text.connect(receiver.on_any)
    emitter.flag.connect(receiver.on_any)
    emitter.bare.connect(receiver.on_any)
    before = {
        name: sys.getrefcount(obj)
        for name, obj in (("True", True), ("False", False), ("None", None))
    }
    for _ in range(100):  # few enough not to abort the run on a buggy release
        emitter.text.emit("x")
        emitter.flag.emit(False)
        emitter.bare.emit()
    after = {
        name: sys.getrefcount(obj)
        for name, obj in (("True", True), ("False", False), ("None", None))
    }
    assert receiver.calls == 300
    drift = {name: after[name] - before[name] for name in before}
    assert all(abs(d) < 10 for d in drift.values()), f"reference counts drifted: {drift}"


def test_void_qt_calls_leave_the_reference_count_of_none_alone() -> None:
    target = QObject()
    before = sys.getrefcount(None)
    for i in range(200):  # 6.12.0 loses one reference per call
        target.setObjectName(f"n{i % 3}")
    assert abs(sys.getrefcount(None) - before) < 10
