"""What the layout builders share (standard library only): the block model that labels
each block where it is written, the check that a label occurs in its own block, title
matching as `section_score.py` does it, and RSS 2.0 / Atom feed writers.

    from layoutkit import C, O, R, S, Post, atom, check, day, rss_encoded, write

A builder is run as a script from any directory (`python3 tests/layouts/build_….py`):
its own folder is first on the import path, so this module is found beside it.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

OUT = Path(__file__).resolve().parent


# ------------------------------------------------ title matching (as in section_score.py)


def norm(title: str | None) -> str:
    t = unicodedata.normalize("NFKD", title or "").casefold()
    t = "".join(c for c in t if not unicodedata.combining(c))
    return " ".join(re.findall(r"\w+", t))


def same(a: str | None, b: str | None) -> bool:
    a, b = norm(a), norm(b)
    if not a or not b:
        return False
    if a == b or a.startswith(b) or b.startswith(a):
        return True
    wa, wb = set(a.split()), set(b.split())
    return len(wa & wb) / max(1, len(wa | wb)) >= 0.8


# ---------------------------------------------------------------- model


@dataclass
class Block:
    kind: str  # story | chrome | optional | raw
    label: str
    html: str
    alts: tuple = ()


def S(title, body):
    return Block("story", title, body)


def C(label, body, alts=()):
    return Block("chrome", label, body, tuple(alts))


def O(label, body, alts=()):
    return Block("optional", label, body, tuple(alts))


def R(body):
    return Block("raw", "", body)


@dataclass
class Post:
    title: str
    link: str
    date: datetime
    blocks: list[Block]
    whole: bool = False
    summary: str = ""
    author: str = ""
    guid: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def html(self) -> str:
        return "".join(b.html for b in self.blocks)

    def expected(self) -> dict:
        ex: dict = {
            "titles": [self.title]
            if self.whole
            else [b.label for b in self.blocks if b.kind == "story"]
        }
        if self.whole:
            ex["whole"] = True
        opt = []
        for b in self.blocks:
            if b.kind == "optional":
                opt += [lab for lab in (b.label, *b.alts) if lab not in opt]
        chrome = []
        for b in self.blocks:
            if b.kind == "chrome":
                for lab in (b.label, *b.alts):
                    if lab not in chrome:
                        chrome.append(lab)
        # a masthead that reads like the post's own title would turn an unsplit post into
        # "chrome": leave it out
        chrome = [c for c in chrome if not same(c, self.title)]
        if opt:
            ex["optional"] = opt
        if chrome:
            ex["not_sections"] = chrome
        return ex


def esc(s: str) -> str:
    return html.escape(s, quote=False)


def day(y, m, d, h=6, mi=0):
    return datetime(y, m, d, h, mi, tzinfo=UTC)


def text_of(fragment: str) -> str:
    fragment = re.sub(r"<style[^>]*>.*?</style>", " ", fragment, flags=re.S)
    fragment = re.sub(r"<!--.*?-->", " ", fragment, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def check(post: Post) -> None:
    for b in post.blocks:
        if b.kind == "raw":
            continue
        for lab in (b.label, *b.alts):
            if b.kind == "story" and lab == post.title:
                continue  # an untitled opening piece takes the post's own title
            if lab not in text_of(b.html):
                raise SystemExit(
                    f"{post.title}: label {lab!r} is not in its block: {text_of(b.html)[:160]!r}"
                )
        if b.kind == "story":
            if b.label != b.label.strip() or b.label.endswith((".", ":")):
                raise SystemExit(
                    f"{post.title}: title {b.label!r} keeps a trailing stop/colon or spaces"
                )
            if b.label and unicodedata.category(b.label[0])[0] == "S":
                raise SystemExit(f"{post.title}: title {b.label!r} keeps an edge emoji")
    # on a whole post, no chrome or optional label may read like the post's own title
    if post.whole:
        for b in post.blocks:
            for lab in (b.label, *b.alts) if b.kind in ("chrome", "optional") else ():
                if same(lab, post.title):
                    raise SystemExit(
                        f"{post.title}: {b.kind} label {lab!r} reads like the post title"
                    )
    # a story title must not also read like a chrome or optional label of the same post
    stories = [b.label for b in post.blocks if b.kind == "story"]
    for b in post.blocks:
        if b.kind in ("chrome", "optional"):
            for lab in (b.label, *b.alts):
                clash = [t for t in stories if same(lab, t)]
                if clash:
                    raise SystemExit(
                        f"{post.title}: {b.kind} label {lab!r} matches story {clash[0]!r}"
                    )


def write(name: str, feed_xml: str, posts: list[Post]) -> None:
    for p in posts:
        check(p)
    titles = [p.title for p in posts]
    assert len(set(titles)) == len(titles), f"{name}: post titles must be unique"
    links = [p.link for p in posts]
    assert len(set(links)) == len(links), f"{name}: post links must be unique"
    for p in posts:
        if p.whole:
            assert not any(b.kind == "story" for b in p.blocks), p.title
        else:
            assert any(b.kind == "story" for b in p.blocks), p.title
    (OUT / f"{name}.xml").write_text(feed_xml)
    expected = {p.link: p.expected() for p in posts}
    (OUT / f"{name}.expected.json").write_text(
        json.dumps(expected, indent=1, ensure_ascii=False) + "\n"
    )
    n = sum(len(e["titles"]) for e in expected.values() if not e.get("whole"))
    w = sum(1 for e in expected.values() if e.get("whole"))
    print(f"{name}: {len(posts)} posts, {n} sections (+{w} whole)")


def newest_first(posts):
    return sorted(posts, key=lambda p: p.date, reverse=True)


def rss_encoded(title, link, description, generator, posts, *, language="en", self_path="feed"):
    """RSS 2.0 with the HTML in content:encoded (CDATA): Substack, WordPress, Kit."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:atom="http://www.w3.org/2005/Atom" version="2.0"><channel>',
        f"<title><![CDATA[{title}]]></title><description><![CDATA[{description}]]></description>"
        f"<link>{link}</link><generator>{generator}</generator>"
        f"<lastBuildDate>{format_datetime(max(p.date for p in posts))}</lastBuildDate>"
        f'<atom:link href="{link}/{self_path}" rel="self" type="application/rss+xml"/>'
        f"<language>{language}</language>",
    ]
    for p in newest_first(posts):
        guid = p.guid or p.link
        perma = "false" if p.guid else "true"
        cats = "".join(
            f"<category><![CDATA[{c}]]></category>" for c in p.extra.get("categories", [])
        )
        out.append(
            f"<item><title><![CDATA[{p.title}]]></title>"
            f"<description><![CDATA[{p.summary}]]></description>"
            f'<link>{p.link}</link><guid isPermaLink="{perma}">{guid}</guid>{cats}'
            f"<dc:creator><![CDATA[{p.author}]]></dc:creator><pubDate>{format_datetime(p.date)}</pubDate>"
            f"<content:encoded><![CDATA[{p.html}]]></content:encoded></item>"
        )
    out.append("</channel></rss>")
    return "\n".join(out) + "\n"


def rss_escaped(title, link, description, posts, generator=None):
    """RSS 2.0 with the whole HTML escaped inside <description> (e-mail archive feeds)."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>',
        f"<title>{esc(title)}</title><link>{esc(link)}</link><description>{esc(description)}</description>"
        + (f"<generator>{esc(generator)}</generator>" if generator else "")
        + f'<atom:link href="{esc(link)}/rss.xml" rel="self" type="application/rss+xml"/>'
        f"<language>en-us</language><lastBuildDate>{format_datetime(max(p.date for p in posts))}"
        "</lastBuildDate>",
    ]
    for p in newest_first(posts):
        out.append(
            f"<item><title>{esc(p.title)}</title><link>{p.link}</link>"
            f"<pubDate>{format_datetime(p.date)}</pubDate><description>{esc(p.html)}</description>"
            f'<guid isPermaLink="true">{p.link}</guid></item>'
        )
    out.append("</channel></rss>")
    return "\n".join(out) + "\n"


def atom(title, link, self_link, feed_id, generator, posts, *, author=None, sources=False):
    """Atom with content type="html": an e-mail-to-feed inbox, or a Planet aggregator
    (with <source>)."""
    upd = max(p.date for p in posts).isoformat()
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        f'<title>{esc(title)}</title><link rel="alternate" href="{link}"/>'
        f'<link rel="self" href="{self_link}"/><id>{feed_id}</id><updated>{upd}</updated>'
        + (f"<author><name>{esc(author)}</name></author>" if author else "")
        + f"<generator>{esc(generator)}</generator>",
    ]
    for p in newest_first(posts):
        src = ""
        if sources and p.extra.get("source"):
            s_title, s_link = p.extra["source"]
            src = (
                f'<source><id>{s_link}</id><link rel="alternate" href="{s_link}"/>'
                f"<title>{esc(s_title)}</title><updated>{p.date.isoformat()}</updated></source>"
            )
        out.append(
            f"<entry><id>{p.guid or p.link}</id><title>{esc(p.title)}</title>"
            f"<author><name>{esc(p.author)}</name></author>"
            f'<link rel="alternate" type="text/html" href="{p.link}"/>'
            f"<published>{p.date.isoformat()}</published><updated>{p.date.isoformat()}</updated>"
            f'<content type="html">{esc(p.html)}</content>{src}</entry>'
        )
    out.append("</feed>")
    return "\n".join(out) + "\n"
