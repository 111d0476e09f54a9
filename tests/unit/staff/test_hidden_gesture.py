"""The hidden gesture's logic with plain timestamps (no Qt, no sleeping)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.services.hidden_gesture import Corner, GestureConfig, HiddenGesture

W, H = 476.6, 268.1


def gesture(corner: Corner = Corner.TOP_RIGHT, size: float = 25.0) -> HiddenGesture:
    return HiddenGesture(GestureConfig(corner=corner, size_mm=size), W, H)


def test_three_seconds_in_the_corner_fires_once() -> None:
    g = gesture()
    assert g.press(W - 10, 10, now=100.0)
    assert not g.tick(101.0)
    assert not g.tick(102.99)
    assert g.tick(103.0)
    assert not g.tick(104.0)  # once per press
    assert not g.release(105.0)


def test_release_before_three_seconds_cancels() -> None:
    g = gesture()
    g.press(W - 10, 10, now=0.0)
    assert not g.release(2.9)
    assert not g.tick(10.0)


def test_movement_cancels_but_a_small_wobble_does_not() -> None:
    g = gesture()
    g.press(W - 10, 10, now=0.0)
    assert not g.move(W - 14, 12, now=1.0)  # 4.5 mm: still held
    assert g.holding
    assert not g.move(W - 30, 10, now=2.0)  # 20 mm away: cancelled
    assert not g.tick(3.5)


def test_a_late_release_still_fires_when_the_timer_lagged() -> None:
    g = gesture()
    g.press(W - 1, 1, now=0.0)
    assert g.release(3.2)


def test_a_second_finger_cancels() -> None:
    g = gesture()
    g.press(W - 10, 10, now=0.0)
    g.cancel()
    assert not g.tick(5.0)


@pytest.mark.parametrize(
    ("corner", "inside", "outside"),
    [
        (Corner.TOP_LEFT, (5, 5), (W - 5, 5)),
        (Corner.TOP_RIGHT, (W - 5, 5), (5, 5)),
        (Corner.BOTTOM_LEFT, (5, H - 5), (5, 5)),
        (Corner.BOTTOM_RIGHT, (W - 5, H - 5), (W - 5, 5)),
    ],
)
def test_configured_corner(
    corner: Corner, inside: tuple[float, float], outside: tuple[float, float]
) -> None:
    g = gesture(corner)
    assert not g.press(*outside, now=0.0)
    assert not g.tick(10.0)
    assert g.press(*inside, now=20.0)
    assert g.tick(23.0)


def test_size_in_mm() -> None:
    g = gesture(Corner.TOP_LEFT, size=40.0)
    assert g.in_corner(39.0, 39.0) and not g.in_corner(41.0, 5.0)
    with pytest.raises(ValueError):
        HiddenGesture(GestureConfig(size_mm=0), W, H)


@given(
    x=st.floats(-50, W + 50),
    y=st.floats(-50, H + 50),
    hold=st.floats(0, 10),
    corner=st.sampled_from(Corner),
)
def test_fires_only_for_a_corner_press_held_long_enough(
    x: float, y: float, hold: float, corner: Corner
) -> None:
    g = gesture(corner)
    started = g.press(x, y, now=0.0)
    assert started == g.in_corner(x, y)
    assert g.tick(hold) == (started and hold >= 3.0)
