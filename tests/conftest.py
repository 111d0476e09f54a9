"""Project-wide test rules: a test that leaves a thread running has leaked a device worker."""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def no_leaked_threads() -> Iterator[None]:
    before = set(threading.enumerate())
    yield
    leaked = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    for thread in leaked:  # a worker told to stop may need a moment to notice
        thread.join(timeout=2.0)
    still = [t.name for t in leaked if t.is_alive()]
    assert not still, f"threads left running after the test: {still}"


_exit_status: list[int] = []


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _exit_status.append(int(exitstatus))


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    # WORKAROUND (no upstream report found yet): after a few hundred pytest-qt tests, PySide6
    # 6.12 aborts in the garbage collector while the interpreter finalizes ("bool_dealloc:
    # deallocating True or False"), after every test has passed and been reported, turning a
    # green run into exit 134. The kiosk process itself exits cleanly (tests/e2e checks exit 0
    # on SIGTERM). Skip interpreter finalization once pytest has reported, keeping its status.
    if "PySide6" in sys.modules and _exit_status:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_exit_status[-1])
