"""The terminal driver: Textual's, with the escape key read after ESCDELAY rather than after its
input thread's tenth-of-a-second wait; keys and sequences read as Textual reads them."""

from __future__ import annotations

import os
import selectors
import sys
import threading
import time

import pytest
from textual import constants, events
from textual.drivers.headless_driver import HeadlessDriver

from game.ui.driver import SLICE, driver_for, input_slice

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the Linux and macOS driver")


def test_the_game_runs_on_the_quick_escape_driver_where_textual_would_run_its_linux_one() -> None:
    from textual.drivers.linux_driver import LinuxDriver

    from game.ui.driver import QuickEscapeDriver

    assert driver_for(LinuxDriver) is QuickEscapeDriver
    assert issubclass(QuickEscapeDriver, LinuxDriver)
    assert driver_for(HeadlessDriver) is HeadlessDriver  # tests, and the browser's driver, as they are


class _Recording(selectors.SelectSelector):
    waits: list[float | None] = []

    def select(self, timeout: float | None = None):  # type: ignore[no-untyped-def]
        _Recording.waits.append(timeout)
        return super().select(timeout)


def _read(data: list[bytes], monkeypatch: pytest.MonkeyPatch) -> list[events.Event]:
    """What the driver's input thread makes of `data`, written a chunk at a time to its terminal."""
    from game.ui.driver import QuickEscapeDriver

    monkeypatch.setattr(constants, "ESCAPE_DELAY", 0.03)
    monkeypatch.setattr(selectors, "SelectSelector", _Recording)
    _Recording.waits = []
    got: list[events.Event] = []
    driver = QuickEscapeDriver.__new__(QuickEscapeDriver)
    read_end, write_end = os.pipe()
    driver.fileno = read_end
    driver.exit_event = threading.Event()
    driver._debug = False
    driver.process_message = got.append  # type: ignore[method-assign]
    thread = threading.Thread(target=driver.run_input_thread, daemon=True)
    thread.start()
    try:
        for chunk in data:
            os.write(write_end, chunk)
            end = time.monotonic() + 10
            before = len(got)
            while len(got) == before and time.monotonic() < end:
                time.sleep(0.005)
    finally:
        driver.exit_event.set()
        thread.join(5)
        os.close(write_end)
        os.close(read_end)
    return got


def test_a_lone_escape_is_the_escape_key_and_the_thread_asks_every_escdelay(monkeypatch) -> None:
    got = _read([b"\x1b", b"d"], monkeypatch)
    assert [e.key for e in got if isinstance(e, events.Key)] == ["escape", "d"]
    assert input_slice() == 0.03 < SLICE
    assert _Recording.waits and set(_Recording.waits) == {0.03}


def test_a_key_s_sequence_is_still_one_key(monkeypatch) -> None:
    got = _read([b"\x1b[A", b"\x1b[B"], monkeypatch)
    assert [e.key for e in got if isinstance(e, events.Key)] == ["up", "down"]


def test_a_long_escdelay_keeps_textual_s_own_wait(monkeypatch) -> None:
    monkeypatch.setattr(constants, "ESCAPE_DELAY", 0.5)
    assert input_slice() == SLICE
