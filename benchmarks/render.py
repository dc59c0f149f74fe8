"""Complete digest messages per second on one core: the naive path against digest's.

The workload is a send run: 500 subscribers, each getting a 10-section digest
drawn from 60 stories, matched through 2 or 3 of 6 topics (so the words
highlighted and the "why" line differ between subscribers). Each path goes from
a subscriber's context to the bytes an SMTP server receives:

- naive: render a template that carries its stylesheet in a <style> block,
  inline the CSS into the document with css-inline, build an
  `email.message.EmailMessage` and call `as_bytes()`: what a simple sender does.
- digest: `render_digest` (templates whose CSS was inlined once, when they were
  loaded), then `build_message` and `as_bytes()`, as `digest send` does.

Both paths cycle through the 500 digests in chunks of CHUNK messages, taking turns
chunk by chunk for RUN_SECONDS each, so both meet the same disturbances from the
rest of the machine. The table gives messages per second in the best chunk and the
median chunk, and the time per message of the render and MIME steps apart (best
chunk). digest renders each distinct story block once and reuses it (a story
reaches many subscribers): the table says how many distinct blocks the run had.

    python benchmarks/render.py
"""

from __future__ import annotations

import itertools
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

import css_inline
from jinja2 import Environment, StrictUndefined, select_autoescape

from digest.mail.message import Envelope, build_message
from digest.mail.render import DigestContext, Links, Templates, render_digest
from digest.resources import resource_path
from digest.types import Reason, RenderedMessage, SectionView

RUN_SECONDS = 3.0  # per path and measure
CHUNK = 100
SECTIONS = 10
POOL = 60
SUBSCRIBERS = 500
TOPICS = ("Chips", "Robots", "Energy", "Open source", "Space", "Repair")

NAIVE_TEMPLATE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<style>{{ css }}</style></head><body class="body">
<table role="presentation" class="page" width="100%"><tr><td class="frame">
<table role="presentation" class="card" width="600"><tr><td>
{% for s in sections %}
<table role="presentation" width="100%"><tr><td class="item">
<h3 class="headline"><a href="{{ s.url }}">{{ s.title }}</a></h3>
<p class="source">{{ s.feed }} · {{ s.post }} · {{ s.published_at.strftime("%d %b %Y") }}</p>
<p class="teaser">{{ s.teaser }}</p>
<p class="excerpt">{{ s.text[:320] }}</p>
<p class="why">Why you got this: {% for r in s.reasons %}{{ r.label }}{% endfor %}</p>
<p class="more"><a href="{{ s.url }}">Read the full story</a></p>
</td></tr></table>
{% endfor %}
</td></tr><tr><td class="footer"><a href="{{ links.unsubscribe }}">Unsubscribe</a></td></tr>
</table></td></tr></table></body></html>"""

NAIVE_TEXT = """{% for s in sections %}{{ s.title }}
{{ s.text[:320] }}
{{ s.url }}

{% endfor %}Unsubscribe: {{ links.unsubscribe }}
"""


def contexts() -> list[DigestContext]:
    """The send run's digests: deterministic, so two runs measure the same work."""
    rng = random.Random(2026)
    text = (
        "A small team built a chip that runs a language model on a kettle. "
        "The board costs nine dollars and boots Linux in four seconds. " * 6
    )
    links = Links(
        preferences="https://digest.example.org/preferences/eyJhbGciOiJIUzI1NiJ9.tok",
        unsubscribe="https://digest.example.org/unsubscribe/eyJhbGciOiJIUzI1NiJ9.tok",
    )
    made = []
    for number in range(SUBSCRIBERS):
        topics = rng.sample(TOPICS, rng.choice((2, 3)))
        picked = sorted(rng.sample(range(POOL), SECTIONS))
        sections = [_section(n, text, topics, rng) for n in picked]
        made.append(DigestContext(f"reader{number}@example.com", sections, links))
    return made


def _section(number: int, text: str, topics: list[str], rng: random.Random) -> SectionView:
    words = ("chip", "linux", "kettle", "board", "model")
    held = topics[: 1 + number % len(topics)]
    return SectionView(
        id=number,
        feed="The Tinkerer's Weekly",
        post=f"Issue #{40 + number % 7}",
        title=f"Story {number}: a nine-dollar chip that boots Linux on a kettle",
        teaser="a tiny board for kitchen gear",
        url=f"https://tinkerers-weekly.example.org/issues/{40 + number}#story-{number}",
        published_at=datetime(2026, 11, 16, 8, tzinfo=UTC),
        text=text.replace("kettle", f"kettle {number}"),
        score=float(POOL - number),
        reasons=tuple(
            Reason(topic, topic.lower(), (word,), (word,), ("text",), rng.random())
            for topic, word in zip(held, words, strict=False)
        ),
    )


def envelope() -> Envelope:
    return Envelope(
        sender="The Tinkerer's Digest <digest@example.org>",
        to="reader@example.com",
        list_id="digest.example.org",
        unsubscribe_url="https://digest.example.org/unsubscribe/eyJhbGciOiJIUzI1NiJ9.tok",
        date=datetime(2026, 11, 16, 9, tzinfo=UTC),
        message_key="delivery:1:weekly:2026-11-16",
        unsubscribe_token="eyJhbGciOiJIUzI1NiJ9.tok",
    )


@dataclass(frozen=True)
class MessagePath:
    name: str
    render: Callable[[], RenderedMessage]
    mime: Callable[[RenderedMessage], bytes]


def naive_path(run: list[DigestContext]) -> MessagePath:
    env = Environment(
        autoescape=select_autoescape(default_for_string=True), undefined=StrictUndefined
    )
    html_template = env.from_string(NAIVE_TEMPLATE)
    text_template = Environment(undefined=StrictUndefined).from_string(NAIVE_TEXT)
    css = Path(resource_path("templates"), "email", "style.css").read_text()

    turn = itertools.cycle(run)

    def render() -> RenderedMessage:
        ctx = next(turn)
        values = {"sections": ctx.sections, "links": ctx.links, "css": css}
        html = css_inline.inline(html_template.render(values))
        return RenderedMessage(ctx.sections[0].title, html, text_template.render(values))

    def mime(rendered: RenderedMessage) -> bytes:
        message = EmailMessage(policy=SMTP)
        message["From"] = "The Tinkerer's Digest <digest@example.org>"
        message["To"] = "reader@example.com"
        message["Subject"] = rendered.subject
        message.set_content(rendered.text)
        message.add_alternative(rendered.html, subtype="html")
        return message.as_bytes()

    return MessagePath("naive: render, css-inline per message, EmailMessage", render, mime)


def digest_path(run: list[DigestContext]) -> MessagePath:
    templates = Templates()
    the_envelope = envelope()
    turn = itertools.cycle(run)
    return MessagePath(
        "digest: pre-inlined templates, story blocks reused, build_message",
        lambda: render_digest(next(turn), templates),
        lambda rendered: build_message(rendered, the_envelope).as_bytes(),
    )


def chunk_rates(actions: Sequence[Callable[[], object]]) -> list[list[float]]:
    """Messages per second of each action over many short chunks, taken in turn.

    Taking the actions in turn, chunk by chunk, gives each the same share of
    whatever else the machine is doing; the best chunk is the least disturbed.
    """
    rates: list[list[float]] = [[] for _ in actions]
    started = time.perf_counter()
    while time.perf_counter() - started < RUN_SECONDS * len(actions) or len(rates[0]) < 5:
        for action, found in zip(actions, rates, strict=True):
            begun = time.perf_counter()
            for _ in range(CHUNK):
                action()
            found.append(CHUNK / (time.perf_counter() - begun))
    return rates


def main() -> None:
    run = contexts()
    paths = (naive_path(run), digest_path(run))
    samples = [p.render() for p in paths]
    for path in paths:  # warm every cache a send run fills
        for _ in range(SUBSCRIBERS):
            path.mime(path.render())
    whole = chunk_rates([lambda p=p: p.mime(p.render()) for p in paths])
    render = chunk_rates([p.render for p in paths])
    mime = chunk_rates([lambda p=p, s=s: p.mime(s) for p, s in zip(paths, samples, strict=True)])
    blocks = {(s.id, tuple(r.label for r in s.reasons)) for c in run for s in c.sections}
    print(
        f"{SUBSCRIBERS} digests of {SECTIONS} stories from {POOL}: {len(blocks)} distinct story"
        f" blocks among {SUBSCRIBERS * SECTIONS}; one core, Python {sys.version.split()[0]};"
        f" {len(whole[0])} chunks of {CHUNK} messages per path, taken in turn\n"
    )
    print(
        "| path | messages/s (best chunk) | median chunk | render | MIME | ×naive (best / median) |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    naive_best, naive_median = max(whole[0]), statistics.median(whole[0])
    for index, path in enumerate(paths):
        best, median = max(whole[index]), statistics.median(whole[index])
        print(
            f"| {path.name} | {best:,.0f} | {median:,.0f} | {1000 / max(render[index]):.2f} ms |"
            f" {1000 / max(mime[index]):.2f} ms | {best / naive_best:.1f} /"
            f" {median / naive_median:.1f} |"
        )


if __name__ == "__main__":
    main()
