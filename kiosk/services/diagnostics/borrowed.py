"""A running kiosk's port, lent to a self-test: the test may not open or close it.

The self-tests in `selftests` open and close the port they are given (right for `kiosk diag`,
which builds its own). On the diagnostics screen the ports belong to the composition root
(kiosk/app.py opens them after the first paint and closes them at exit); closing the live card
reader would stop its presence monitor under the citizen flow. So the screen hands each test a
proxy whose `open`/`close` do nothing and which forwards everything else.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar, cast

T = TypeVar("T")


class Borrowed(Generic[T]):
    def __init__(self, port: T) -> None:
        self._port = port

    @property
    def port(self) -> T:
        return self._port

    def open(self) -> None:
        """The owner opened it already (or will): a test never changes that."""

    def close(self) -> None:
        """The owner closes it at exit, not the test."""

    def __getattr__(self, name: str) -> Any:
        # Also makes runtime-checkable Protocols (DescribesEngines …) see the port's methods.
        return getattr(self._port, name)


def borrow(port: T) -> T:
    """The port as its own type, so the self-tests keep their typed signatures."""
    return cast(T, Borrowed(port))
