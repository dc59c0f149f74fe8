"""The digest's HTML laid out by a real browser (headless Chromium) at 375 and 800 px wide.

Each width is checked for horizontal overflow: the page must not scroll sideways
(``scrollWidth <= innerWidth``) and no element or run of text may reach past the
right edge. Screenshots of the whole page are written for a developer to look at:

    build/screenshots/digest-375.png        the rich, hostile digest on a phone
    build/screenshots/digest-800.png        ... and on a desktop
    build/screenshots/digest-long-375.png   the 100-story digest cut to its budget
    build/screenshots/digest-long-800.png

under the repository root (``pytest -s`` prints their paths).

Headless Chromium will not make a window narrower than 500 px (``--window-size=375,…``
still lays the page out 500 px wide and only crops the screenshot), so the email is
loaded in an iframe exactly as wide as the screen being tested: inside it the viewport,
``innerWidth`` and the ``@media (max-width: …)`` rules are those of a 375 px phone. The
report checks that the email really saw the width asked for.

Skipped only where no Chromium binary is installed; CI (`.ci/run`) installs Debian's.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import signal
import struct
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from digest.mail.render import DEFAULT_BUDGET, DigestContext, Links, render_digest
from digest.types import Reason, SectionView
from tests.conftest import browser_environment

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "build" / "screenshots"
WIDTHS = (375, 800)
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
TIMEOUT = 60
#: How many overflowing elements a failure lists, widest first.
SHOWN = 20

needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium binary (`chromium`) found: install it (Debian: apt-get install chromium)"
    " to run the email layout tests",
)

NOW = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
UNSUBSCRIBE = "https://digest.example.org/unsubscribe/tok123"
PREFERENCES = "https://digest.example.org/preferences/tok123"
BROWSER = "https://digest.example.org/digests/2026-11-16/reader-7f3a9c2e1b4d"
POSTAL_ADDRESS = "Digest Example GmbH · Bahnhofstrasse 1 · 8001 Zürich · Switzerland"
EMAIL = "firstname.middlename.lastname@department.faculty.university-example.ac.uk"

#: 120 letters, no space, no hyphen: nowhere a browser may break it by default.
LONG_WORD = ("Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherung" * 2)[:120]
LONG_URL = (
    "https://tracking.newsletter-platform.example.com/click/2026/11/16/"
    "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"
    "?utm_source=newsletter&utm_medium=email&utm_campaign=the_tinkerers_weekly_issue_43"
)
LONG_TITLE = (
    "An open-source RISC-V chip taped out on a community shuttle run in Zürich, "
    "with its Verilog, its test benches, its bring-up notes and every mistake along the way "
    "published for anyone who wants to build the next one"
)
LONG_TEXT = (
    "The arm lifts three hundred grams and repeats a movement within millimetres. "
    "Chips from the shuttle came back in spring and the robot has run on them since. "
) * 6

CHIPS = Reason(
    "Chips & hardware",
    "chip OR chips OR verilog",
    ("chip", "chips", "verilog"),
    found=("chip", "chips", "verilog"),
    fields=("title", "text"),
    score=3.0,
)
ROBOTS = Reason(
    "Robotics & automation",
    "robot OR robots OR arm",
    ("robot", "robots", "arm"),
    found=("robot", "arm"),
    fields=("title", "teaser", "text"),
    score=2.0,
)
OWN = Reason(
    "your query",
    "zurich OR 中文",
    ("zurich", "中文"),
    found=("zurich", "中文"),
    fields=("title", "text"),
    score=1.0,
)


def section(
    number: int,
    title: str,
    reasons: tuple[Reason, ...],
    *,
    teaser: str = "",
    text: str = LONG_TEXT,
    feed: str = "The Tinkerer's Weekly",
) -> SectionView:
    return SectionView(
        id=number,
        feed=feed,
        post=f"Issue #{40 + number}",
        title=title,
        teaser=teaser,
        url=f"https://tinkerers-weekly.example.org/issues/{40 + number}#story-{number}",
        published_at=NOW - timedelta(hours=number),
        text=text,
        score=max(r.score for r in reasons) - number / 100,
        reasons=reasons,
    )


def rich_context() -> DigestContext:
    """Ten sections over three topics, with everything that has broken email layouts."""
    sections = [
        section(1, LONG_TITLE, (CHIPS,), teaser="chips, Verilog and a very patient cat"),
        section(
            2,
            f"The word of the week: {LONG_WORD}",
            (ROBOTS,),
            teaser=f"Say it slowly: {LONG_WORD}",
            text=f"Our robot arm learnt one word this week: {LONG_WORD}. {LONG_TEXT}",
        ),
        section(
            3,
            "Where the links go",
            (CHIPS,),
            text=f"Every chip in this issue is listed at {LONG_URL} along with its Verilog. "
            + LONG_TEXT,
        ),
        section(
            4,
            "Zürich 中文 robots 🤖🚀 — ünïcödé everywhere, 中文标题也很长很长很长很长很长很长很长",
            (OWN, ROBOTS),
            teaser="Grüße aus Zürich 👋 und 中文 对话",
            text="在苏黎世的中文机器人爱好者聚会上，大家讨论了机械臂和芯片。" * 8,
            feed="Zürcher Bastler 🛠️",
        ),
        section(5, "Heat pumps, chips and the cold", (CHIPS, OWN), teaser="A chip in every pump"),
        section(6, "Six axes, three evenings", (ROBOTS,), teaser="one robot arm, built at home"),
        section(7, LONG_TITLE.upper(), (CHIPS, ROBOTS)),
        section(8, "A short one", (OWN,), text="Zürich."),
        section(
            9,
            "Bring-up notes, part two: clocks, resets and the robot that would not boot",
            (ROBOTS, CHIPS),
            teaser=LONG_URL,
        ),
        section(
            10,
            "Verilog for people who solder",
            (CHIPS,),
            feed="A newsletter with a rather long name about hardware, robots and Zürich",
        ),
    ]
    return DigestContext(
        email=EMAIL,
        sections=sections,
        links=Links(preferences=PREFERENCES, unsubscribe=UNSUBSCRIBE, browser=BROWSER),
        site_name="digest.example.org",
        postal_address=POSTAL_ADDRESS,
    )


def long_context() -> DigestContext:
    """A hundred long sections: far more than fit in the size budget."""
    topics = (CHIPS, ROBOTS, OWN)
    sections = [
        section(
            number,
            f"{number}: {LONG_TITLE}",
            (topics[number % 3],),
            teaser=f"Part {number} of a very long series about chips, robots and Zürich " * 3,
            text=LONG_TEXT * 3,
        )
        for number in range(1, 101)
    ]
    return DigestContext(
        email=EMAIL,
        sections=sections,
        links=Links(preferences=PREFERENCES, unsubscribe=UNSUBSCRIBE, browser=BROWSER),
        site_name="digest.example.org",
        postal_address=POSTAL_ADDRESS,
    )


DIGESTS = {"rich": rich_context, "long": long_context}


def screenshot_path(name: str, width: int) -> Path:
    stem = "digest" if name == "rich" else f"digest-{name}"
    return SCREENSHOTS / f"{stem}-{width}.png"


# The browser

#: Run in the email after layout: what reaches past the right edge, sent to the frame's parent.
MEASURE = """<script>
(function () {
  function describe(element, text) {
    var name = element.tagName.toLowerCase();
    var classes = typeof element.className === "string" ? element.className.trim() : "";
    if (classes) { name += "." + classes.split(/\\s+/).join("."); }
    return name + " " + JSON.stringify(text.replace(/\\s+/g, " ").trim().slice(0, 60));
  }
  function measure() {
    var width = window.innerWidth;
    var overflowing = [];
    var elements = document.body.getElementsByTagName("*");
    var past = [];
    for (var i = 0; i < elements.length; i++) {
      var box = elements[i].getBoundingClientRect();
      if (elements[i].tagName === "SCRIPT" || (box.width === 0 && box.height === 0)) { continue; }
      if (box.right > width || box.left < 0) { past.push([elements[i], box]); }
    }
    // Each overflowing element whose children all fit: the page, card and cells around it
    // overflow only because it does.
    for (var k = 0; k < past.length; k++) {
      var inner = past.some(function (other) {
        return other[0] !== past[k][0] && past[k][0].contains(other[0]);
      });
      if (!inner) {
        overflowing.push({what: describe(past[k][0], past[k][0].textContent || ""),
                          left: past[k][1].left, right: past[k][1].right});
      }
    }
    var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    var range = document.createRange();
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.data.trim()) { continue; }
      range.selectNodeContents(node);
      var rects = range.getClientRects();
      for (var j = 0; j < rects.length; j++) {
        if (rects[j].width > 0 && (rects[j].right > width || rects[j].left < 0)) {
          overflowing.push({what: "text in " + describe(node.parentElement, node.data),
                            left: rects[j].left, right: rects[j].right});
          break;
        }
      }
    }
    var report = JSON.stringify({
      innerWidth: width,
      clientWidth: document.documentElement.clientWidth,
      scrollWidth: document.documentElement.scrollWidth,
      scrollHeight: document.documentElement.scrollHeight,
      overflowing: overflowing
    });
    window.parent.postMessage(report, "*");
  }
  // Not requestAnimationFrame: headless --dump-dom renders no frames, so it never fires.
  // Reading boxes forces layout anyway; waiting for the fonts makes it the final one.
  window.addEventListener("load", function () {
    document.fonts.ready.then(function () { setTimeout(measure, 0); });
  });
})();
</script>
"""

#: The screen: an iframe exactly `width` px wide holding the email; the email's report is
#: written into <pre id="layout-report">, which --dump-dom prints.
FRAME = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<style>html, body {{ margin: 0; padding: 0; }} iframe {{ display: block; border: 0; }}</style>
</head><body>
<iframe src="{src}" width="{width}" height="{height}"></iframe>
<script>
window.addEventListener("message", function (event) {{
  var pre = document.createElement("pre");
  pre.id = "layout-report";
  pre.textContent = event.data;
  document.body.appendChild(pre);
}});
</script>
</body></html>
"""

REPORT = re.compile(r'<pre id="layout-report">(.*?)</pre>', re.DOTALL)


@dataclass(frozen=True)
class Layout:
    inner_width: int
    client_width: int
    scroll_width: int
    scroll_height: int
    overflowing: tuple[str, ...]


def chromium(work: Path, page: Path, *args: str) -> str:
    """Run headless Chromium on a local page, in a profile of its own; its stdout."""
    assert CHROMIUM is not None
    profile = work / f"profile-{len(list(work.glob('profile-*')))}"
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--hide-scrollbars",
        "--virtual-time-budget=2000",
        *args,
        page.as_uri(),
    ]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        start_new_session=True,  # its own process group, so a hang is ended whole
        env=browser_environment(),
    )
    try:
        out, err = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(f"Chromium took over {TIMEOUT} s: {' '.join(command)}")
    assert process.returncode == 0, f"Chromium failed ({process.returncode}):\n{err[-3000:]}"
    return out


def measure(work: Path, page_html: str, width: int) -> Layout:
    """The email laid out in a `width` px wide frame: its widths and what overflows."""
    assert page_html.count("</body>") == 1
    email = work / f"measure-{width}.html"
    email.write_text(page_html.replace("</body>", MEASURE + "</body>"), encoding="utf-8")
    frame = work / f"measure-frame-{width}.html"
    frame.write_text(FRAME.format(src=email.name, width=width, height=900), encoding="utf-8")
    out = chromium(work, frame, f"--window-size={max(width, 500)},900", "--dump-dom")
    found = REPORT.search(out)
    assert found, f"no layout report in Chromium's DOM dump:\n{out[-3000:]}"
    report = json.loads(html.unescape(found.group(1)))
    return Layout(
        inner_width=report["innerWidth"],
        client_width=report["clientWidth"],
        scroll_width=report["scrollWidth"],
        scroll_height=report["scrollHeight"],
        overflowing=tuple(
            f"{item['what']} (left {item['left']:.0f}, right {item['right']:.0f})"
            for item in sorted(report["overflowing"], key=lambda item: -item["right"])
        ),
    )


def screenshot(work: Path, page_html: str, width: int, height: int, path: Path) -> None:
    """A PNG of the whole email as a `width` px wide screen shows it."""
    email = work / f"shot-{width}.html"
    email.write_text(page_html, encoding="utf-8")
    frame = work / f"shot-frame-{width}.html"
    frame.write_text(FRAME.format(src=email.name, width=width, height=height), encoding="utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    chromium(work, frame, f"--window-size={width},{height}", f"--screenshot={path}")
    png = path.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n", f"not a PNG: {path}"
    assert struct.unpack(">II", png[16:24]) == (width, height), f"wrong size: {path}"
    print(f"\nscreenshot: {path}")


# Tests


def test_rich_digest_holds_the_hostile_content() -> None:
    """The layout tests below see everything that breaks layouts, not a tamed version."""
    rendered = render_digest(rich_context())
    assert len({s.reasons[0].label for s in rich_context().sections}) == 3
    assert rendered.html.count('class="headline"') == 10
    for needle in (
        LONG_WORD,
        LONG_URL.replace("&", "&amp;"),
        "Zürich",
        "中文",
        "🤖",
        '<b class="hl"',
        "Say it slowly",
        POSTAL_ADDRESS,
        f'href="{BROWSER}"',
        f'href="{UNSUBSCRIBE}"',
        EMAIL,
    ):
        assert needle in rendered.html, needle


def test_long_digest_stays_under_budget() -> None:
    rendered = render_digest(long_context())
    assert len(rendered.html.encode()) < DEFAULT_BUDGET == 90_000
    assert re.search(f'<a href="{re.escape(UNSUBSCRIBE)}"[^>]*>Unsubscribe</a>', rendered.html)
    assert POSTAL_ADDRESS in rendered.html
    assert rendered.html.rstrip().endswith("</html>")
    assert "more stories matched your topics" in rendered.html
    assert re.search(
        f'<a href="{re.escape(BROWSER)}"[^>]*>see them all in your browser</a>', rendered.html
    )


@needs_chromium
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(DIGESTS))
def test_nothing_overflows_horizontally(name: str, width: int, tmp_path: Path) -> None:
    """The digest fits the screen's width; see build/screenshots/digest-{375,800}.png."""
    page_html = render_digest(DIGESTS[name]()).html
    layout = measure(tmp_path, page_html, width)
    shot = screenshot_path(name, width)
    screenshot(tmp_path, page_html, width, layout.scroll_height, shot)

    assert layout.inner_width == width, f"the email was laid out {layout.inner_width} px wide"
    assert layout.client_width == width, "a scrollbar took part of the width"
    overflow = "\n  ".join(layout.overflowing[:SHOWN])
    if len(layout.overflowing) > SHOWN:
        overflow += f"\n  … and {len(layout.overflowing) - SHOWN} more"
    assert layout.scroll_width <= layout.inner_width, (
        f"the page scrolls sideways at {width} px: scrollWidth {layout.scroll_width};"
        f" see {shot}\n  {overflow}"
    )
    assert not layout.overflowing, f"past the right edge at {width} px; see {shot}:\n  {overflow}"
