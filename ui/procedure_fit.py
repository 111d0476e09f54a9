"""Fitting a step screen into the panel's height (a 15.6" panel has 146 mm between the bars):
secondary texts give way, in the order a screen names them, before anything is squeezed."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QLayout, QWidget


def needed_height(layout: QLayout, width: int) -> int:
    """The height `layout` needs at `width`, wrapped labels included (hidden widgets are not)."""
    _invalidate(layout)
    if layout.hasHeightForWidth():
        return layout.totalHeightForWidth(width)
    return layout.totalMinimumSize().height()


def fits(screen: QWidget, layout: QLayout) -> bool:
    if screen.height() < 50:  # not laid out yet: the resize that follows fits it again
        return True
    return needed_height(layout, screen.width()) <= screen.height()


def shed_to_fit(
    screen: QWidget, layout: QLayout, optional: Sequence[QWidget], spacing: int = 0
) -> None:
    """Hide `optional` widgets, first ones first, until `layout` fits `screen`'s height; then,
    if it still does not, close up the spacing between the lines (down to a third, never
    below 1 mm: given as `spacing`, the normal spacing to start from)."""
    if spacing:
        layout.setSpacing(spacing)
    for widget in optional:
        if fits(screen, layout):
            return
        widget.setVisible(False)
    while spacing and not fits(screen, layout) and layout.spacing() > spacing // 3:
        layout.setSpacing(max(spacing // 3, layout.spacing() - 2))


def _invalidate(layout: QLayout) -> None:
    """Drop the cached sizes of `layout` and every layout nested in it (a child widget that
    changed size, like a tile, is seen only then)."""
    layout.invalidate()
    for i in range(layout.count()):
        item = layout.itemAt(i)
        inner = item.layout() if item is not None else None
        if inner is not None:
            _invalidate(inner)
