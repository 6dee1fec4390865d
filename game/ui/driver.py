"""The terminal driver: Textual's own, with the escape key read as soon as ESCDELAY allows.

Textual's input thread waits for the terminal in slices of 0.1 s and only between slices asks
its parser whether a lone escape byte has waited long enough to be the escape key rather than
the start of a sequence. So every `esc` took at least a tenth of a second, whatever ESCDELAY
said. `QuickEscapeDriver` runs the same loop with slices no longer than ESCDELAY (30 ms unless
the player set it, `game.cli.quick_escape`); everything else is Textual's `LinuxDriver`. Where
this Textual lays its driver out otherwise, or on Windows, the game keeps Textual's driver.
"""

from __future__ import annotations

import os
import selectors
from codecs import getincrementaldecoder

from textual import constants
from textual.driver import Driver

try:
    from textual._loop import loop_last
    from textual._parser import ParseError
    from textual._xterm_parser import XTermParser
    from textual.drivers.linux_driver import LinuxDriver
except ImportError:  # Windows, or a Textual whose insides moved: its own driver then
    LinuxDriver = None  # type: ignore[assignment,misc]

#: The longest slice (seconds) the input thread waits for the terminal: Textual's own.
SLICE = 0.1


def input_slice() -> float:
    """How long the input thread waits for the terminal before it asks the parser again."""
    return max(0.001, min(SLICE, constants.ESCAPE_DELAY))


def driver_for(default: type[Driver]) -> type[Driver]:
    """The driver to run the game with, given the one Textual picked for this terminal."""
    if LinuxDriver is not None and default is LinuxDriver:
        return QuickEscapeDriver
    return default


if LinuxDriver is not None:

    class QuickEscapeDriver(LinuxDriver):
        """Textual's Linux and macOS driver, asking its parser for a lone escape every
        `input_slice()` seconds instead of every 0.1."""

        def run_input_thread(self) -> None:  # Textual's loop, with the slice as the only change
            selector = selectors.SelectSelector()
            selector.register(self.fileno, selectors.EVENT_READ)
            fileno = self.fileno
            parser = XTermParser(self._debug)
            feed, tick = parser.feed, parser.tick
            decode = getincrementaldecoder("utf-8")().decode
            wait = input_slice()

            def process(events: list[tuple[selectors.SelectorKey, int]], final: bool = False) -> None:
                for last, (_key, mask) in loop_last(events):
                    if mask & selectors.EVENT_READ:
                        data = decode(os.read(fileno, 1024 * 4), final=final and last)
                        if not data:
                            break
                        for event in feed(data):
                            self.process_message(event)
                for event in tick():
                    self.process_message(event)

            try:
                while not self.exit_event.is_set():
                    process(selector.select(wait))
                selector.unregister(self.fileno)
                process(selector.select(wait), final=True)
            finally:
                selector.close()
                try:
                    for _ in feed(""):
                        pass
                except (EOFError, ParseError):
                    pass
