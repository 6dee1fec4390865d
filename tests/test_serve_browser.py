"""`dualfreeze serve` in a real browser: Debian's Chromium through Playwright opens the page,
starts a game with the keyboard, ends a month, saves, and quits; screenshots of the title and
the board show them. `.ci/run` installs Chromium, so CI runs this rather than skipping it.

It prints the time from page load to the title screen (a figure to note, not to assert)."""

from __future__ import annotations

import base64
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from test_serve import running_server, session_folders

pytest.importorskip("textual_serve", reason="needs the web extra: pip install -e '.[web]'")
sync_api = pytest.importorskip("playwright.sync_api", reason="needs playwright (the test extra)")

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    if os.environ.get("CI"):
        pytest.fail("CI needs Debian's chromium for the browser test: .ci/run installs it", pytrace=False)
    pytest.skip("needs Debian's chromium: apt-get install -y chromium", allow_module_level=True)

pytestmark = pytest.mark.slow

#: Watches the websocket the way the page does and keeps the text it was sent, escapes taken out,
#: and the moment (ms since navigation began) the title screen arrived.
WATCH = r"""
(() => {
  const decoder = new TextDecoder();
  const escapes = /\x1b\[[0-9;?<>=]*[ -\/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]/g;
  window.__screen = "";
  const Real = window.WebSocket;
  window.WebSocket = class extends Real {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (e) => {
        if (typeof e.data === "string") return;
        const text = decoder.decode(new Uint8Array(e.data), { stream: true }).replace(escapes, "");
        window.__screen = (window.__screen + text).slice(-300000);
        if (window.__titleAt === undefined && window.__screen.includes("New game")) {
          window.__titleAt = performance.now();
        }
      });
    }
  };
})();
"""

#: Reads two screenshots back in the page: how much of each is lit (text) and how many colours
#: it has, and what share of pixels differ between them.
LOOK = r"""
async ([a, b]) => {
  const pixels = async (png) => {
    const img = new Image();
    img.src = "data:image/png;base64," + png;
    await img.decode();
    const c = document.createElement("canvas");
    c.width = img.width; c.height = img.height;
    const g = c.getContext("2d");
    g.drawImage(img, 0, 0);
    return g.getImageData(0, 0, c.width, c.height).data;
  };
  const look = (d) => {
    const colours = new Set(); let lit = 0;
    for (let i = 0; i < d.length; i += 4) {
      colours.add((d[i] >> 4) << 8 | (d[i + 1] >> 4) << 4 | (d[i + 2] >> 4));
      if (0.3 * d[i] + 0.59 * d[i + 1] + 0.11 * d[i + 2] > 120) lit++;
    }
    return { colours: colours.size, lit: lit / (d.length / 4) };
  };
  const [pa, pb] = [await pixels(a), await pixels(b)];
  let differ = 0;
  for (let i = 0; i < pa.length; i += 4) {
    if (Math.abs(pa[i] - pb[i]) + Math.abs(pa[i + 1] - pb[i + 1]) + Math.abs(pa[i + 2] - pb[i + 2]) > 48) differ++;
  }
  return { title: look(pa), board: look(pb), differ: differ / (pa.length / 4) };
}
"""


class Page:
    def __init__(self, page: Any) -> None:
        self.page = page

    def shows(self, *texts: str, timeout: float = 90) -> None:
        """Wait until every text has reached the page since the last key."""
        try:
            self.page.wait_for_function(
                "texts => texts.every(t => window.__screen.includes(t))", arg=list(texts), timeout=timeout * 1000
            )
        except sync_api.TimeoutError:
            screen = self.page.evaluate("window.__screen")[-3000:]
            raise AssertionError(f"the page never showed {texts}:\n{screen}") from None

    def press(self, key: str, *texts: str) -> None:
        self.page.evaluate("window.__screen = ''")
        self.page.keyboard.press(key)
        self.shows(*texts)

    def settle(self) -> None:
        """Let the terminal paint what it was sent."""
        self.page.wait_for_timeout(400)


def test_a_real_browser_plays_a_month_saves_and_quits(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    shots = Path(os.environ.get("DUALFREEZE_SHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    with running_server(saves) as url, sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            asked = []
            page.on("request", lambda r: asked.append(r.url))
            page.add_init_script(WATCH)
            page.goto(url)
            p = Page(page)
            p.shows("New game", "no saves yet")
            page.wait_for_selector("body.-first-byte", state="attached")
            p.settle()
            timing = page.evaluate(
                "({title: window.__titleAt, load: performance.getEntriesByType('navigation')[0].loadEventEnd})"
            )
            print(
                f"\npage load to title: {(timing['title'] - timing['load']) / 1000:.2f} s "
                f"(from navigation start: {timing['title'] / 1000:.2f} s)"
            )
            title_png = page.screenshot(path=shots / "serve-title.png")
            assert page.title() == "Dual Freeze"
            assert page.evaluate("document.fonts.check('16px \"Roboto Mono\"')")  # the font came from the server
            assert all(u.startswith(url) for u in asked), [u for u in asked if not u.startswith(url)]

            page.focus(".xterm-helper-textarea")
            p.press("n", "Scenario", "Start the game")
            p.press("s", "Briefing", "turn 1 of")
            p.press("Enter", "Decide [enter]")
            page.keyboard.press("1")  # shows the first choice; the same key again makes it
            p.press("1", "End month")
            p.settle()
            board_png = page.screenshot(path=shots / "serve-board.png")

            p.press("e", "Briefing", "turn 2 of")
            page.evaluate("window.__screen = ''")
            page.keyboard.press("Enter")
            page.wait_for_function(
                "['Decide [enter]', 'End month'].some(t => window.__screen.includes(t))", timeout=60_000
            )
            page.wait_for_timeout(1000)
            if "Decide [enter]" in page.evaluate("window.__screen"):
                p.press("Escape", "End month")  # look at the board; the event waits
            p.press("Control+s", "Save the game")
            p.press("Enter", "Saved as")
            (mine,) = session_folders(saves)
            (slot,) = [f for f in mine.glob("*.json") if not f.name.startswith("autosave-")]

            p.press("Control+q", "Save and quit")
            page.keyboard.press("y")
            page.wait_for_selector("body.-closed", state="attached", timeout=30_000)
            assert page.locator(".closed-dialog").is_visible()
            assert slot.is_file() and session_folders(saves) == [mine]

            seen = page.evaluate(LOOK, [base64.b64encode(title_png).decode(), base64.b64encode(board_png).decode()])
            print(f"screenshots in {shots}: {seen}")
            for name in ("title", "board"):
                assert seen[name]["colours"] >= 6, (name, seen)  # text in colours, not a blank page
                assert 0.005 < seen[name]["lit"] < 0.6, (name, seen)
            assert seen["differ"] > 0.05, seen  # the board is not the title
        finally:
            browser.close()
