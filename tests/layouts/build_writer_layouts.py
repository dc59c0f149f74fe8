#!/usr/bin/env python3
"""Build six blog and letter layout sets for the sectioner (stdlib only, deterministic).

    python3 tests/layouts/build_writer_layouts.py

Sets: linkblog, longform, markdown, weeknotes, medium, interviews-and-letters. Every word of these posts is
fictional (people, places, companies, products), written for this check. Labels follow the rules in
shared/feeds/sectioning/README.md ("Labels", "What a careful reader cuts"), as a careful reader cuts.

Each post is a list of blocks and each block carries its own label, so the feed and its expected file are built
from the same list:

    S(title, text)   a story a careful reader cuts out, titled `title`
    C(label, text)   chrome (ad, category label, sign-off, widget, footer): must not be a section
    O(label, text)   optional: may or may not be cut
    R(text)          anything else (preamble, spacers, wrappers): no label
A post built with whole=True must stay one section, titled with the post's own title.

`check` refuses a label that does not occur, character for character, in its own block's text.
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
UTC = UTC


def norm(title):
    t = unicodedata.normalize("NFKD", title or "").casefold()
    t = "".join(c for c in t if not unicodedata.combining(c))
    return " ".join(re.findall(r"\w+", t))


def same(a, b):
    """The scorer's fuzzy title equality (shared/tools/section_score.py), copied to stay standalone."""
    a, b = norm(a), norm(b)
    if not a or not b:
        return False
    if a == b or a.startswith(b) or b.startswith(a):
        return True
    wa, wb = set(a.split()), set(b.split())
    return len(wa & wb) / max(1, len(wa | wb)) >= 0.8


@dataclass
class Block:
    kind: str
    label: str
    text: str


def S(title, body):
    return Block("story", title, body)


def C(label, body):
    return Block("chrome", label, body)


def O(label, body):
    return Block("optional", label, body)


def R(body):
    return Block("raw", "", body)


@dataclass
class Post:
    title: str
    link: str
    date: datetime
    blocks: list
    whole: bool = False
    summary: str = ""
    author: str = ""
    categories: list = field(default_factory=list)
    sep: str = ""  # joins blocks (Markdown posts use blank lines)

    @property
    def body(self):
        return self.sep.join(b.text for b in self.blocks)

    def expected(self):
        ex = {
            "titles": [self.title]
            if self.whole
            else [b.label for b in self.blocks if b.kind == "story"]
        }
        if self.whole:
            ex["whole"] = True
        opt = [b.label for b in self.blocks if b.kind == "optional"]
        chrome = [b.label for b in self.blocks if b.kind == "chrome"]
        # chrome that reads like the post's own title (Medium's repeated title, its footer) is left out
        chrome = [c for c in chrome if not same(c, self.title)]
        if opt:
            ex["optional"] = opt
        if chrome:
            ex["not_sections"] = chrome
        return ex


def esc(s):
    return html.escape(s, quote=False)


def day(y, m, d, h=7, mi=0):
    return datetime(y, m, d, h, mi, tzinfo=UTC)


def text_of(fragment):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def check(post):
    for b in post.blocks:
        if b.kind != "raw" and b.label not in text_of(b.text):
            raise SystemExit(
                f"{post.title}: label {b.label!r} is not in its block: {text_of(b.text)[:120]!r}"
            )
        if b.kind == "story" and (b.label != b.label.strip() or b.label.endswith((".", ":"))):
            raise SystemExit(
                f"{post.title}: label {b.label!r} keeps a trailing full stop, colon or space"
            )


def write(name, feed_xml, posts):
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
        ex = p.expected()
        for key in ("optional", "not_sections"):
            for lab in ex.get(key, []):
                clash = [t for t in ex["titles"] if same(lab, t)]
                assert not clash, f"{p.title}: {key} {lab!r} matches expected {clash}"
    (OUT / f"{name}.xml").write_text(feed_xml, encoding="utf-8")
    expected = {p.link: p.expected() for p in posts}
    (OUT / f"{name}.expected.json").write_text(
        json.dumps(expected, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    n = sum(len(e["titles"]) for e in expected.values() if not e.get("whole"))
    w = sum(1 for e in expected.values() if e.get("whole"))
    print(f"{name}: {len(posts)} posts, {n} sections (+{w} whole)")


def newest_first(posts):
    return sorted(posts, key=lambda p: p.date, reverse=True)


def rss_cdata(
    title, link, description, generator, posts, item_extra=None, channel_extra="", self_link=None
):
    """RSS 2.0 with the post in content:encoded CDATA (WordPress, Ghost, Medium)."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        (
            '<rss xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:atom="http://www.w3.org/2005/Atom" version="2.0" xmlns:media="http://search.yahoo.com/mrss/"'
            ' xmlns:cc="http://cyber.law.harvard.edu/rss/creativeCommonsRssModule.html"><channel>'
        ),
        (
            f"<title><![CDATA[{title}]]></title><description><![CDATA[{description}]]></description>"
            f"<link>{link}</link><generator>{generator}</generator>"
            f"<lastBuildDate>{format_datetime(max(p.date for p in posts))}</lastBuildDate>"
            f'<atom:link href="{self_link or link.rstrip("/") + "/feed/"}" rel="self" type="application/rss+xml"/>'
            f"{channel_extra}"
        ),
    ]
    for p in newest_first(posts):
        cats = "".join(f"<category><![CDATA[{c}]]></category>" for c in p.categories)
        extra = item_extra(p) if item_extra else ""
        out.append(
            f"<item><title><![CDATA[{p.title}]]></title>"
            + (f"<description><![CDATA[{p.summary}]]></description>" if p.summary else "")
            + f'<link>{p.link}</link><guid isPermaLink="false">{p.link}</guid>{cats}'
            f"<dc:creator><![CDATA[{p.author}]]></dc:creator><pubDate>{format_datetime(p.date)}</pubDate>"
            f"{extra}<content:encoded><![CDATA[{p.body}]]></content:encoded></item>"
        )
    out.append("</channel></rss>")
    return "\n".join(out) + "\n"


def rss_escaped(title, link, description, generator, posts):
    """RSS 2.0 with the post escaped inside <description> (Hugo, Pelican, home-made generators)."""
    out = [
        '<?xml version="1.0" encoding="utf-8" standalone="yes"?>',
        '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>',
        (
            f"<title>{esc(title)}</title><link>{link}</link><description>{esc(description)}</description>"
            f"<generator>{esc(generator)}</generator><language>en-gb</language>"
            f"<lastBuildDate>{format_datetime(max(p.date for p in posts))}</lastBuildDate>"
            f'<atom:link href="{link}index.xml" rel="self" type="application/rss+xml"/>'
        ),
    ]
    for p in newest_first(posts):
        out.append(
            f"<item><title>{esc(p.title)}</title><link>{p.link}</link>"
            f"<pubDate>{format_datetime(p.date)}</pubDate><guid>{p.link}</guid>"
            f"<description>{esc(p.body)}</description></item>"
        )
    out.append("</channel></rss>")
    return "\n".join(out) + "\n"


def atom(title, link, author, generator, posts):
    """Atom with content type="html" (Django / Jekyll style)."""
    upd = max(p.date for p in posts).isoformat()
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-us">',
        (
            f'<title>{esc(title)}</title><link href="{link}" rel="alternate"/>'
            f'<link href="{link}atom/everything/" rel="self"/><id>{link}</id><updated>{upd}</updated>'
            f"<author><name>{esc(author)}</name></author><generator>{esc(generator)}</generator>"
        ),
    ]
    for p in newest_first(posts):
        out.append(
            f'<entry><title>{esc(p.title)}</title><link href="{p.link}" rel="alternate"/>'
            f"<published>{p.date.isoformat()}</published><updated>{p.date.isoformat()}</updated>"
            f"<author><name>{esc(p.author or author)}</name></author><id>{p.link}</id>"
            + (f'<summary type="html">{esc(p.summary)}</summary>' if p.summary else "")
            + f'<content type="html" xml:base="{p.link}">{esc(p.body)}</content></entry>'
        )
    out.append("</feed>")
    return "\n".join(out) + "\n"


# ================================================================ 1. linkblog (Atom, weekly newsletter of a link blog)

LB = "https://ferrier.example.net/"


def lb_item(href, title, quote, comment):
    return (
        f'<h3><a href="{href}">{title}</a></h3>'
        f"<blockquote><p>{quote}</p></blockquote><p>{comment}</p>"
    )


def lb_item_p(href, title, quote, comment):
    return (
        f'<p><strong><a href="{href}">{title}</a></strong></p>'
        f"<blockquote><p>{quote}</p></blockquote><p>{comment}</p>"
    )


def linkblog():
    posts = []
    posts.append(
        Post(
            "Linkblog weekly: SQLite on a lamp post, the death of the changelog",
            f"{LB}2026/Mar/6/weekly/",
            day(2026, 3, 6, 17, 30),
            author="Tobias Ferrier",
            summary="Seven links: lamp posts, changelogs, caches and council typefaces.",
            blocks=[
                R(
                    "<p>Hello from a rainy Friday. Six links this week, two of them about fonts, which I am told is a "
                    "phase. As always, everything here was posted to the blog first.</p>"
                ),
                S(
                    "Running SQLite on a lamp post",
                    lb_item(
                        "https://blog.kelderworks.example/posts/sqlite-on-a-lamp-post",
                        "Running SQLite on a lamp post",
                        "Each of the 412 street lights logs its own faults to a local database the size of a postage stamp. "
                        "When the van drives past, it syncs. Nobody has had to climb a ladder to read a log since "
                        "February.",
                        "Kelder Works did the boring, sensible thing, and it worked. The sync-on-drive-by trick deserves "
                        "to be stolen.",
                    ),
                ),
                S(
                    "The quiet death of the changelog",
                    lb_item(
                        "https://ottilie.example.com/2026/changelogs",
                        "The quiet death of the changelog",
                        "We replaced a file that humans wrote with a list of merge titles that nobody reads. Then we "
                        "wondered why upgrading felt like gambling.",
                        "Ottilie Brandt on why &#8220;see commits&#8221; is not release notes. I agree with every word and "
                        "am guilty of most of it.",
                    ),
                ),
                S(
                    "Why our build got faster when we deleted the cache",
                    lb_item(
                        "https://engineering.palmhouse.example/deleted-the-cache",
                        "Why our build got faster when we deleted the cache",
                        "The cache was 38 GB, restored on every run, and hit for about four percent of the steps. "
                        "Downloading it took longer than doing the work.",
                        "Measure before you cache. Then measure the cache.",
                    ),
                ),
                S(
                    "A field guide to municipal fonts",
                    lb_item(
                        "https://signspotting.example.org/field-guide",
                        "A field guide to municipal fonts",
                        "If the lowercase l has a tail and the numerals are slightly too wide, you are probably looking "
                        "at a parking sign from between 1974 and 1991.",
                        "An illustrated catalogue of the typefaces on street signs in eleven countries, with a key for "
                        "dating a sign by its letters. I lost an evening to this.",
                    ),
                ),
                S(
                    "Quote of the week",
                    "<h3>Quote of the week</h3><blockquote><p>The best documentation I ever wrote was a comment that "
                    "said &#8220;do not remove this sleep, ask Priya why&#8221;. Priya left in 2019. The sleep is still "
                    'there.</p></blockquote><p>&#8212; <a href="https://social.example/@marekd">Marek Dulski</a>, '
                    "in a thread about tribal knowledge</p>",
                ),
                S(
                    "Tidepool, a notebook for time series",
                    lb_item(
                        "https://tidepool.example.dev/",
                        "Tidepool, a notebook for time series",
                        "Paste a CSV, get a chart. Drag across the chart, get the rows. That is most of it.",
                        "A tiny open-source tool by Wen Lacroix. The drag-to-select-rows interaction is the kind of idea "
                        "that seems obvious only afterwards, and I have already used it twice at work this week to find "
                        "the exact hour a sensor started lying.",
                    ),
                ),
                C(
                    "That’s all for this week",
                    "<p><em>That&#8217;s all for this week. If someone forwarded this to you, you can "
                    '<a href="https://ferrier.example.net/newsletter/">subscribe here</a>; replies come straight to me.'
                    "</em></p><p>&#8212; Tobias</p>",
                ),
            ],
        )
    )

    posts.append(
        Post(
            "Linkblog weekly: paper maps, polite robots and a very old bug",
            f"{LB}2026/Mar/13/weekly/",
            day(2026, 3, 13, 17, 30),
            author="Tobias Ferrier",
            summary="Paper maps, a robots.txt etiquette guide, a 23-year-old bug and a quote about meetings.",
            blocks=[
                R(
                    "<p>Short one this week: I was at a conference in Grenholm and spent most of it in the hallway, "
                    "which is where conferences happen.</p>"
                ),
                C(
                    "This week’s newsletter is supported by Quillstack",
                    '<p><em>This week&#8217;s newsletter is supported by <a href="https://quillstack.example.com/?ref='
                    'ferrier">Quillstack</a>, hosted Postgres that scales to zero. First project free.</em></p>',
                ),
                S(
                    "The last paper map shop in Grenholm",
                    lb_item_p(
                        "https://grenholmpost.example.com/2026/03/map-shop",
                        "The last paper map shop in Grenholm",
                        "Half of our customers are walkers whose phones have died on a hill once. The other half are "
                        "people who want to see the whole valley at the same time.",
                        "A lovely profile. &#8220;See the whole valley at the same time&#8221; is the best argument for "
                        "paper I have heard.",
                    ),
                ),
                S(
                    "A polite crawler’s guide to robots.txt",
                    lb_item_p(
                        "https://hollis.example.org/polite-crawlers",
                        "A polite crawler’s guide to robots.txt",
                        "Identify yourself, publish a contact address, respect crawl-delay even though the standard does "
                        "not require it, and back off hard on any 429.",
                        "Anna Hollis wrote the checklist I wish every scraper author had read. Number four, caching "
                        "robots.txt for no more than a day, is the one most often ignored.",
                    ),
                ),
                S(
                    "Fixing a bug that was older than the intern who found it",
                    lb_item_p(
                        "https://dev.tarnwell.example/blog/23-year-old-bug",
                        "Fixing a bug that was older than the intern who found it",
                        "The off-by-one had been there since 2003. Every report about it had been closed as "
                        "&#8220;cannot reproduce&#8221; because it only fired on the 31st of a month with a leap "
                        "second.",
                        "A great debugging story with a satisfying one-character fix.",
                    ),
                ),
                S(
                    "Quote of the week",
                    "<p><strong>Quote of the week</strong></p><blockquote><p>A meeting without an agenda is just a "
                    'group of people waiting to find out why they are there.</p></blockquote><p>&#8212; <a href="'
                    'https://rosalindmbeki.example.com/">Rosalind Mbeki</a>, closing keynote at Grenholm Dev Days</p>',
                ),
                S(
                    "Also worth a click",
                    "<p><strong>Also worth a click</strong></p><ul>"
                    '<li><a href="https://letterpress.example.org/kerning">A kerning game that is far too hard</a></li>'
                    '<li><a href="https://tramfan.example.net/2026/timetables">Every tram timetable of 1931, '
                    "scanned</a></li>"
                    '<li><a href="https://sennacode.example.dev/diffs">Semantic diffs for YAML, finally</a></li>'
                    '<li><a href="https://birdcount.example.org/results">This winter&#8217;s garden bird count '
                    "results</a></li></ul>",
                ),
                C(
                    "Thanks for reading",
                    "<p><em>Thanks for reading! Hit reply if you spot something I should link to next week.</em></p>",
                ),
            ],
        )
    )
    write(
        "linkblog", atom("Tobias Ferrier’s Linkblog", LB, "Tobias Ferrier", "Django", posts), posts
    )


# ================================================================ 2. longform (a columnist's daily letter, WordPress)

LL = "https://ledgerlines.example.com"
LL_FOOTER = (
    "<hr /><p><em>If you&#8217;d like to get this letter in your inbox every weekday, "
    '<a href="https://ledgerlines.example.com/subscribe/">please subscribe here</a>. Thanks!</em></p>'
)
LL_FOOTER_LABEL = "If you’d like to get this letter in your inbox every weekday"


def longform():
    posts = []
    posts.append(
        Post(
            "Bread bonds, stadium seats and an index that ate itself",
            f"{LL}/2026/04/14/bread-bonds-stadium-seats/",
            day(2026, 4, 14, 16),
            author="Harriet Vance",
            categories=["Letters"],
            summary="A bakery borrows in loaves, a football club pledges its seats, and a thematic index discovers recursion.",
            blocks=[
                S(
                    "Bread bonds",
                    (
                        "<h2>Bread bonds</h2>"
                        "<p>The basic idea of a bond is that you give a company money now and it gives you more money later. "
                        "The basic idea of a <em>bakery</em> bond, apparently, is that you give a company money now and it "
                        'gives you croissants later. Here is <a href="https://marrowdaily.example.com/crumbworth-notes">the '
                        "Marrow Daily</a> on Crumbworth, the regional bakery chain:</p>"
                        "<blockquote><p>Crumbworth raised &#163;2.4 million from 3,100 customers through five-year notes "
                        "paying 7 per cent a year, or 9 per cent if taken as credit in its 41 shops. More than two thirds of "
                        "investors chose the credit option, according to the company.</p></blockquote>"
                        "<p>I love this, for a few reasons. One is that it is a perfectly sensible way for a bakery to "
                        "borrow: its lenders are also its customers, they already love it, and the &#8220;9 per cent in "
                        "credit&#8221; coupon costs Crumbworth a lot less than 9 per cent, because its gross margin on a "
                        "croissant is, let&#8217;s say, generous. The effective interest rate on a loan you repay in your "
                        "own product at retail prices is a fun thing to calculate and I encourage you to do it on a "
                        "napkin.</p>"
                        "<p>Another is that it inverts the normal worry about credit risk. If you hold a normal bond and the "
                        "company gets into trouble, you worry that you won&#8217;t get paid. If you hold a bread bond and the "
                        "company gets into trouble, you worry that you won&#8217;t get paid <em>and</em> you have nowhere to "
                        "buy lunch. Your exposure is, so to speak, doubled. Diversification would suggest that you should "
                        "buy your bread somewhere else, but then why would you own the bond?</p>"
                        "<p>And the third is that bread is a terrible store of value, which is exactly why the credit "
                        "option works. Nobody is going to hoard five years of coupons in sourdough. They will spend it on "
                        "Tuesday mornings, which is what the bakery wanted all along. The notes are, at some level, a "
                        "loyalty scheme with a prospectus.</p>"
                    ),
                ),
                S(
                    "Stadium seats as collateral",
                    (
                        "<h2>Stadium seats as collateral</h2>"
                        "<p>Meanwhile, in football finance: Harlow Vale Athletic, which plays in the third tier and has the "
                        "ambitions of a club that plays in the first, has borrowed &#163;18 million against future "
                        "season-ticket sales, and the interesting part is what the lenders get if things go wrong. From "
                        '<a href="https://pitchledger.example.co.uk/harlow-vale-loan">Pitch Ledger</a>:</p>'
                        "<blockquote><p>Under the terms of the facility, the lenders are granted a security interest over the "
                        "club&#8217;s ticketing receivables and, unusually, a right to sell up to 4,000 named seats in the "
                        "East Stand directly to supporters should the club miss two consecutive payments.</p></blockquote>"
                        "<p>So the collateral is, roughly, the fans. Securitising ticket revenue is not new; clubs and "
                        "concert promoters have done it for decades, because season-ticket holders are among the most "
                        "reliable payers in the world. They will renew through relegation, through bad managers, through "
                        "owners who sell the best striker in August. A lender looking at that cash flow sees something "
                        "close to an annuity.</p>"
                        "<p>But the right to sell <em>named seats</em> is a new twist. If Harlow Vale defaults, a fund in "
                        "another city would, in theory, be selling supporters the seat their grandfather sat in. I suspect "
                        "the lenders never want to use this right, and that its real function is to make default "
                        "unthinkable for the board: no chairman wants to be the one who let the bondholders sell the East "
                        "Stand. Collateral that works by being embarrassing is underrated. Most covenants are just a "
                        "politer version of it.</p>"
                        "<p>The club says the money will fund a new training ground. The lenders, I assume, would like it "
                        "to fund some wins.</p>"
                    ),
                ),
                S(
                    "The index that ate itself",
                    (
                        "<h2>The index that ate itself</h2>"
                        "<p>There is a thematic exchange-traded fund, the Brightwater Conversational Economy ETF, that owns "
                        "companies in proportion to how often they say &#8220;AI&#8221; on their earnings calls. I want to be "
                        'clear that I am describing the methodology accurately. Here is <a href="https://fundfiling.example.'
                        'com/brightwater-cex">its index document</a>:</p>'
                        "<blockquote><p>Constituent weights are determined quarterly by a natural-language model that scores "
                        "the frequency and prominence of artificial-intelligence terminology in each eligible "
                        "company&#8217;s most recent earnings call transcript.</p></blockquote>"
                        "<p>You can see where this goes. Companies noticed that saying &#8220;AI&#8221; more got them bought by "
                        "the fund, so they said it more, so the fund bought them, so their stock went up a little, so they "
                        "said it even more. Last quarter, according to the fund&#8217;s own report, the average constituent "
                        "mentioned the term 61 times in an hour-long call, up from 14 a year earlier. One maker of garden "
                        "furniture reached 112.</p>"
                        "<p>And then the recursion: the fund&#8217;s sponsor, Brightwater Capital, is itself a listed "
                        "company, and on its own earnings call it naturally talked a lot about its AI fund. Enough, it "
                        "turns out, to qualify. The fund now holds a small position in its own manager. This is not "
                        "illegal and it is not, really, a problem; it is just an index doing exactly what it says, which "
                        "is the most dangerous thing an index can do.</p>"
                        "<p>Goodhart&#8217;s law says that a measure which becomes a target stops being a good measure. The "
                        "finance version is shorter: if you pay people to say a word, they will say the word.</p>"
                    ),
                ),
                S(
                    "Things happen",
                    (
                        "<h2>Things happen</h2>"
                        '<p><a href="https://example.com/a1">Regional lender Pellham Mutual agrees to buy Orwin Savings</a>. '
                        '<a href="https://example.com/a2">The ferry operator that hedged its fuel with weather '
                        'derivatives</a>. <a href="https://example.com/a3">Tollbridge Partners raises its third credit '
                        'fund</a>. <a href="https://example.com/a4">Insurers retreat from the Marsh Coast again</a>. '
                        '<a href="https://example.com/a5">A pension fund votes against a chief executive&#8217;s '
                        '&#163;40 million pay packet, twice</a>. <a href="https://example.com/a6">The bank that forgot '
                        'to renew its own domain name</a>. <a href="https://example.com/a7">Cocoa futures hit another '
                        'record</a>. <a href="https://example.com/a8">Auditor resigns, cites &#8220;a difference of view '
                        'on what the inventory is&#8221;</a>. <a href="https://example.com/a9">Llama-wool '
                        "shortage</a>.</p>"
                    ),
                ),
                C(LL_FOOTER_LABEL, LL_FOOTER),
            ],
        )
    )

    posts.append(
        Post(
            "A water utility’s bond, a chess club’s sponsor, and a very large order",
            f"{LL}/2026/04/15/water-bond-chess/",
            day(2026, 4, 15, 16),
            author="Harriet Vance",
            categories=["Letters"],
            summary="Rain-linked coupons, a chess club's naming rights and a fat finger.",
            blocks=[
                R(
                    "<p>Programming note: no letter on Friday, I am moving house. Back on Monday.</p>"
                ),
                S(
                    "Rain-linked coupons",
                    (
                        "<h2>Rain-linked coupons</h2>"
                        "<p>Westmere Water, a utility serving about a million people in a wet corner of the country, has "
                        "issued what its bankers are calling a &#8220;drought-linked&#8221; bond. The coupon goes up if it "
                        'does not rain. From <a href="https://utilitywire.example.com/westmere-drought-bond">Utility '
                        "Wire</a>:</p>"
                        "<blockquote><p>The &#163;300 million notes pay 4.1 per cent, rising by 0.75 percentage points in "
                        "any year in which the company imposes a hosepipe ban across more than half of its supply area."
                        "</p></blockquote>"
                        "<p>This is backwards from what you might expect, and the backwardness is the point. A normal "
                        "catastrophe bond pays investors to take a risk off the issuer: if the disaster happens, the "
                        "investors lose money and the issuer gets help. Westmere has built the opposite: if the drought "
                        "happens, Westmere pays <em>more</em>. Why would a utility volunteer for that?</p>"
                        "<p>The answer, as with most sustainability-linked bonds, is that the penalty is a promise. A "
                        "hosepipe ban is partly about weather and partly about leaks, and Westmere loses about a fifth of "
                        "its water through pipes it has not fixed. By tying its interest bill to bans, it is telling "
                        "investors (and, more to the point, its regulator) that it expects to fix the pipes. If it does, "
                        "it borrows cheaply. If it does not, it pays a fine, to bondholders instead of the state.</p>"
                        "<p>Whether 0.75 points is enough to change behaviour is another question. On &#163;300 million it "
                        "comes to about &#163;2.25 million a year, which is real money but not leak-fixing money. I suspect "
                        "the bond&#8217;s real audience is the regulator, and that the coupon step is priced for "
                        "press releases.</p>"
                    ),
                ),
                S(
                    "Naming rights, but for a chess club",
                    (
                        "<h2>Naming rights, but for a chess club</h2>"
                        "<p>The Dunmore Chess Club, founded in 1887 and, by its own account, the second-oldest chess club "
                        "in the county, has sold its naming rights. It is now the Ferncastle Insurance Dunmore Chess Club, "
                        'for a fee of &#163;6,000 a year. Its secretary told <a href="https://dunmoreecho.example.co.uk/'
                        'chess-sponsor">the Dunmore Echo</a>:</p>'
                        "<blockquote><p>We debated it for three meetings. In the end the heating bill won. Nobody has "
                        "asked us to wear the logo, and if they did, we would resign.</p></blockquote>"
                        "<p>I find this extremely charming and also a nice small example of how sponsorship prices work. "
                        "What is Ferncastle buying for &#163;6,000? Not eyeballs; the club has 54 members and its matches are "
                        "watched by other members. It is buying a particular kind of association: old, careful, thoughtful, "
                        "local, good at planning several moves ahead. Those are, not coincidentally, the qualities an "
                        "insurer wants you to attribute to it.</p>"
                        "<p>There is a version of finance theory that says brand spending is waste, and a version of "
                        "marketing theory that says it is everything, and a chess club with a heating bill sits very "
                        "comfortably in the middle. The club gets warm rooms. The insurer gets a line in the local paper "
                        "and, today, a paragraph in this letter. That is probably a better return than most stadium "
                        "deals.</p>"
                    ),
                ),
                S(
                    "The very large order",
                    (
                        "<h2>The very large order</h2>"
                        "<p>Every so often a trader at a big bank types too many zeros, and every so often the systems catch "
                        'it. Yesterday, at Calder &amp; Rowe, they caught it late. According to <a href="https://'
                        'marketsdesk.example.com/calder-rowe-order">Markets Desk</a>, an order to sell 2,000 lots of '
                        "a power futures contract went in as 2,000,000:</p>"
                        "<blockquote><p>The exchange&#8217;s price bands halted the contract for five minutes after the "
                        "first 31,000 lots traded. Calder &amp; Rowe said the order had been &#8220;entered in error&#8221; "
                        "and that it was working with the exchange to unwind the resulting position.</p></blockquote>"
                        "<p>The interesting thing about fat-finger errors is not that they happen but what stops them. "
                        "There are usually three layers: a limit on the trader&#8217;s own screen, a limit in the "
                        "bank&#8217;s risk system, and the exchange&#8217;s price bands. Here the first two apparently "
                        "failed, and the third did exactly its job, which was to stop the price moving too far, too fast, "
                        "rather than to stop the order.</p>"
                        "<p>Unwinding 31,000 lots of power futures is going to cost something, though probably less than "
                        "the headlines suggest; the market bounced back within the halt. The bigger cost will be the "
                        "conversation the bank now has with its regulator about why layer two did not work.</p>"
                    ),
                ),
                S(
                    "Things happen",
                    (
                        "<h2>Things happen</h2>"
                        '<p><a href="https://example.com/b1">Lowmoor Bank fined over call-centre waiting times</a>. '
                        '<a href="https://example.com/b2">Private credit fund gates redemptions</a>. <a href="https://'
                        'example.com/b3">The shipping company paying its dividend in containers</a>. <a href="https://'
                        'example.com/b4">Harbourline and Tessel call off their merger</a>. <a href="https://example.com/'
                        'b5">A crypto exchange&#8217;s proof of reserves turns out to be a spreadsheet</a>. <a href="'
                        'https://example.com/b6">Grain traders bet on a late spring</a>. <a href="https://example.com/'
                        'b7">Cat bond issuance hits a record</a>. <a href="https://example.com/b8">The CFO who expensed '
                        "a racehorse</a>.</p>"
                    ),
                ),
                C(LL_FOOTER_LABEL, LL_FOOTER),
            ],
        )
    )

    posts.append(
        Post(
            "Why every company wants to be a bank",
            f"{LL}/2026/04/16/every-company-a-bank/",
            day(2026, 4, 16, 16),
            author="Harriet Vance",
            categories=["Letters", "Essays"],
            whole=True,
            summary="One argument today, in three steps: the pitch, the catch, and who ends up holding the risk.",
            blocks=[
                R(
                    "<p>Today&#8217;s letter is one long argument rather than the usual handful of stories. The argument is "
                    "that the rush of ordinary companies into lending &#8212; retailers, airlines, a bakery or two &#8212; "
                    "is not really about lending at all, and that it will end in one of two ways. I will make it in three "
                    "steps: first, why the pitch is so attractive; second, the catch that the pitch leaves out; and third, "
                    "who ends up holding the risk when the catch arrives.</p>"
                    "<h2>The pitch</h2>"
                    "<p>The pitch goes like this. You are a company with millions of customers who trust you, see you "
                    "every week, and already give you their card details. A bank, by contrast, is a company your customers "
                    "mostly see when something has gone wrong. So why let the bank earn the interest on your customers' "
                    "purchases? Offer them &#8220;buy now, pay later&#8221; at checkout, or a store account with a "
                    "little credit line, and capture the margin yourself. Here is how the chief executive of Halloran "
                    'Home, a furniture chain, put it to <a href="https://retailweekly.example.com/halloran-credit">'
                    "Retail Weekly</a>:</p>"
                    "<blockquote><p>We know our customers better than any bank does. We know what they buy, when they "
                    "buy it and whether they come back. Lending to them is just an extension of selling to them."
                    "</p></blockquote>"
                    "<p>That last sentence is the whole pitch, and it is half true. Lending to your own customers does "
                    "make them buy more, and the data is genuinely useful. The first step of the argument, then, is that "
                    "the attraction is real. Nobody is being stupid.</p>"
                    "<h2>The catch</h2>"
                    "<p>The catch is in the phrase &#8220;just an extension of selling&#8221;. Selling a sofa is done "
                    "when the sofa leaves the shop. Lending against a sofa is done three years later, when the last "
                    "payment comes in, or does not. Everything a retailer knows about its customers is about the moment "
                    "of purchase; what a lender needs to know is about the next three years, and in particular about "
                    "the years that go badly.</p>"
                    "<p>Banks are mostly not better at predicting those years. What they are better at is surviving them: "
                    "they hold capital against losses, they fund themselves with deposits that do not run (usually), and "
                    "they have spent a century learning, expensively, what a recession does to a loan book. A retailer "
                    "that lends has none of this. When its customers stop paying, it is usually because the economy has "
                    "turned, which is exactly when its sales are also falling. The credit losses and the sales losses "
                    "arrive together. That is the catch: the lending business and the selling business are the same bet, "
                    "made twice.</p>"
                    "<h2>Who holds the risk</h2>"
                    "<p>Which brings us to the third step. Most of the companies doing this know about the catch, and so "
                    "they do not keep the loans. They sell them, in bundles, to funds, or they partner with a bank that "
                    "books the loan while the retailer keeps the customer relationship and a fee. The risk moves. Here is "
                    'a line from a <a href="https://fundfiling.example.com/ashgrove-consumer-credit">fund '
                    "prospectus</a> that buys exactly these loans:</p>"
                    "<blockquote><p>The Fund&#8217;s returns are expected to be correlated with consumer spending and "
                    "may decline materially in an economic downturn.</p></blockquote>"
                    "<p>In other words: the risk the retailer did not want ends up with investors who were promised a "
                    "steady yield, or with a partner bank that has a thin slice of the economics and all of the "
                    "regulatory responsibility.</p>"
                    "<h2>So what</h2>"
                    "<p>Put the three steps together and you get the two endings I promised. If the pitch is right and "
                    "the economy stays kind, the retailers earn a lender&#8217;s margin without ever having been tested "
                    "as lenders, and everyone concludes that the catch was theoretical. If the economy turns, the catch "
                    "shows up all at once, in the retailer&#8217;s sales and in the funds that bought its loans, and "
                    "the people who learn what a recession does to a loan book will be the ones who thought they were "
                    "buying a sofa business. Every company wants to be a bank until the part of banking that is hard "
                    "arrives. It always does.</p>"
                ),
                C(LL_FOOTER_LABEL, LL_FOOTER),
            ],
        )
    )
    write(
        "longform",
        rss_cdata(
            "Ledger Lines",
            LL,
            "A daily letter about money, markets and the odd things people do "
            "with them, by Harriet Vance.",
            "https://wordpress.org/?v=6.7.2",
            posts,
        ),
        posts,
    )


# ================================================================ 3. markdown (raw Markdown in <description>)

DW = "https://driftwood-reader.github.example.io/weekly/"
DW_FOOT = (
    "---\n\n*You’re reading Driftwood Weekly, the newsletter of the Driftwood e-reader firmware. "
    "[Subscribe](https://driftwood-reader.github.example.io/weekly/subscribe) · "
    "[Archive](https://driftwood-reader.github.example.io/weekly/) · "
    "[Edit this issue on GitHub](https://github.example.com/driftwood-reader/weekly/edit/main/issues/{n}.md)*"
)
DW_FOOT_LABEL = "You’re reading Driftwood Weekly, the newsletter of the Driftwood e-reader firmware"


def markdown():
    posts = []
    posts.append(
        Post(
            "Driftwood Weekly #57",
            f"{DW}57/",
            day(2026, 2, 20, 9),
            sep="\n\n",
            blocks=[
                R(
                    "# Driftwood Weekly #57\n\nHi all! A release, a call for testers, a maintainer profile and the usual "
                    "pile of links. Thanks to the 14 people who sent patches this week.\n\n---"
                ),
                S(
                    "Driftwood 3.2 ships with page-turn gestures",
                    (
                        "## Driftwood 3.2 ships with page-turn gestures\n\n"
                        "After four release candidates, **Driftwood 3.2** is out. The headline feature is gesture page "
                        "turns: swipe anywhere on the left two thirds of the screen to go forward, the right third to go "
                        "back, or flip the whole thing in settings if you read one-handed with your left.\n\n"
                        "Other changes worth knowing about:\n\n"
                        "- Cold boot is down from 9.1 to 5.4 seconds on the Marlin 6 board\n"
                        "- The dictionary lookup now works in footnotes\n"
                        "- EPUB files with broken tables of contents no longer crash the library view\n\n"
                        "Full notes are in the [release announcement](https://driftwood-reader.github.example.io/blog/3-2/). "
                        "If you build from source, note that the minimum toolchain version has changed."
                    ),
                ),
                S(
                    "The font renderer rewrite needs testers",
                    (
                        "## The font renderer rewrite needs testers\n\n"
                        "Kasia Lund has spent the winter replacing the old bitmap font cache with a renderer that does "
                        "proper hinting and kerning at every size. It is faster on most pages and much faster on pages "
                        "with a lot of italics, but it touches every screen you will ever look at, so it needs eyes.\n\n"
                        "To help, install the **nightly** build, open three or four books you know well, and compare. "
                        "Screenshots of anything odd go in [the testing thread](https://github.example.com/driftwood-reader/"
                        "driftwood/discussions/2231). Please include the font, the size and the device."
                    ),
                ),
                S(
                    "Meet the maintainers: Ilse Varga",
                    (
                        "## Meet the maintainers: Ilse Varga\n\n"
                        "Ilse has looked after the EPUB parser for three years. She started by fixing a crash in her own "
                        'copy of a Hungarian cookbook and, in her words, "never managed to leave". Outside Driftwood she '
                        "restores church organs in Szeged, which she says is the same job with more dust.\n\n"
                        "Her advice for new contributors: **read the failing file first**. Most parser bugs are files that "
                        "break the spec in a way nobody has seen yet, and the fix is usually to be more forgiving, not more "
                        "clever."
                    ),
                ),
                S(
                    "Quick links",
                    (
                        "## Quick links\n\n"
                        "- [Sideloading dictionaries, a video walkthrough](https://video.example.org/driftwood-dicts)\n"
                        "- [A 3D-printed page-turn remote](https://makers.example.net/driftwood-remote)\n"
                        "- [Battery stats from 400 devices, visualised](https://kettle.example.dev/battery)\n"
                        "- [Our accessibility roadmap for 2026](https://github.example.com/driftwood-reader/driftwood/issues/"
                        "2190)"
                    ),
                ),
                C(DW_FOOT_LABEL, DW_FOOT.format(n=57)),
            ],
        )
    )

    posts.append(
        Post(
            "Driftwood Weekly #58",
            f"{DW}58/",
            day(2026, 2, 27, 9),
            sep="\n\n",
            blocks=[
                R(
                    "# Driftwood Weekly #58\n\nA busier week than usual, so this issue is sorted into sections."
                ),
                C("Releases", "## Releases"),
                S(
                    "Driftwood 3.2.1 fixes the sleep-mode drain",
                    (
                        "### Driftwood 3.2.1 fixes the sleep-mode drain\n\n"
                        "Several of you noticed that 3.2 lost about 6% of battery a night while asleep. The culprit was the "
                        "new gesture driver polling the touch panel during sleep. **3.2.1** turns it off properly; overnight "
                        "drain is back under 1%. Update over Wi-Fi or grab it from the "
                        "[releases page](https://github.example.com/driftwood-reader/driftwood/releases/tag/v3.2.1)."
                    ),
                ),
                S(
                    "Companion app 1.4 adds library sync",
                    (
                        "### Companion app 1.4 adds library sync\n\n"
                        "The desktop companion can now keep a folder on your computer in sync with the device, in both "
                        "directions. Deleting a book on one side asks before deleting it on the other, after a very loud "
                        "discussion in the issue tracker."
                    ),
                ),
                C("Community", "---\n\n## Community"),
                S(
                    "A meetup in Tallinn, with soldering",
                    (
                        "### A meetup in Tallinn, with soldering\n\n"
                        "Mart and Liis are hosting the first Baltic Driftwood meetup on **14 March** at the Kalamaja "
                        "makerspace. Bring a device, a book, and if you are brave a soldering iron: there will be a "
                        "session on replacing worn page-turn buttons. [Sign up here](https://events.example.ee/driftwood-tallinn)."
                        "\n\n- Doors at 17:00\n- Talks at 18:00\n- Soldering until the makerspace throws us out"
                    ),
                ),
                S(
                    "Translation sprint for Welsh and Basque",
                    (
                        "### Translation sprint for Welsh and Basque\n\n"
                        "Both translations are over 90% done and stuck. If you read either language, an hour on the "
                        "[translation platform](https://translate.example.org/projects/driftwood/) next weekend would get "
                        "them over the line."
                    ),
                ),
                C("From the forum", "---\n\n## From the forum"),
                S(
                    "Why does my battery show 101%?",
                    (
                        "### Why does my battery show 101%?\n\n"
                        "Because the fuel gauge on the Marlin 5 is calibrated at the factory and some units were calibrated "
                        "optimistically. It is harmless; the percentage corrects itself after a full cycle. Tomas wrote "
                        "[a longer explanation](https://forum.example.org/t/battery-101-percent/8812) with graphs."
                    ),
                ),
                C(DW_FOOT_LABEL, DW_FOOT.format(n=58)),
            ],
        )
    )
    write(
        "markdown",
        rss_escaped(
            "Driftwood Weekly",
            DW,
            "News from the Driftwood e-reader firmware project",
            "driftwood-weekly feedgen 0.3 (github.example.com/driftwood-reader/weekly)",
            posts,
        ),
        posts,
    )


# ================================================================ 4. weeknotes (Hugo RSS, escaped HTML)

WN = "https://allenbystreet.example.org/"


def h2(slug, text):
    return f'<h2 id="{slug}">{text}</h2>\n'


def h3(slug, text, body):
    return f'<h3 id="{slug}">{text}</h3>\n{body}\n'


def weeknotes():
    posts = []
    posts.append(
        Post(
            "Weeknotes 2026-W11",
            f"{WN}weeknotes/2026-w11/",
            day(2026, 3, 15, 20),
            blocks=[
                R(
                    "<p>A quieter week. The garden is mostly mud, the boiler is mostly fixed, and I finally cleared the "
                    "pile of tabs I have been carrying around since January.</p>\n"
                ),
                C("Reading", h2("reading", "Reading")),
                S(
                    "The Salt Roads, by Ama Lindqvist",
                    h3(
                        "the-salt-roads-by-ama-lindqvist",
                        "The Salt Roads, by Ama Lindqvist",
                        "<p>Halfway through. A history of salt told through six trade routes, and much better than that "
                        "sounds.</p>",
                    ),
                ),
                S(
                    "“Small Rooms”, an essay by Tomás Arkwright",
                    h3(
                        "small-rooms-an-essay-by-tomás-arkwright",
                        "&ldquo;Small Rooms&rdquo;, an essay by Tomás Arkwright",
                        '<p><a href="https://arkwright.example.net/small-rooms">On why cramped flats make people more '
                        "sociable</a>. Persuasive, if you already agree.</p>",
                    ),
                ),
                C("Listening", h2("listening", "Listening")),
                S(
                    "Fenwick Lane — Harbour Lights",
                    h3(
                        "fenwick-lane--harbour-lights",
                        "Fenwick Lane &mdash; Harbour Lights",
                        "<p>On repeat all week. Synths that sound like weather.</p>",
                    ),
                ),
                S(
                    "The Slow Repair podcast",
                    h3(
                        "the-slow-repair-podcast",
                        "The Slow Repair podcast",
                        "<p>Episode 40, on darning jumpers, is a gentle forty minutes. I have since darned a jumper.</p>",
                    ),
                ),
                C("Tools", h2("tools", "Tools")),
                S(
                    "Moved my notes into plain Markdown files",
                    h3(
                        "moved-my-notes-into-plain-markdown-files",
                        "Moved my notes into plain Markdown files",
                        "<p>Three apps in two years, and now a folder. It already feels calmer, and search is faster.</p>",
                    ),
                ),
                O(
                    "quietclock",
                    h3(
                        "quietclock",
                        '<a href="https://github.example.com/hnorberg/quietclock">quietclock</a>',
                        '<p><a href="https://github.example.com/hnorberg/quietclock">github.example.com/hnorberg/'
                        "quietclock</a></p>",
                    ),
                ),
                C(
                    "Previously: Weeknotes 2026-W10",
                    '<hr>\n<p>Previously: <a href="https://allenbystreet.example.org/weeknotes/2026-w10/">Weeknotes '
                    "2026-W10</a></p>\n",
                ),
            ],
        )
    )

    posts.append(
        Post(
            "Weeknotes 2026-W12",
            f"{WN}weeknotes/2026-w12/",
            day(2026, 3, 22, 20),
            blocks=[
                R(
                    "<p>Spring arrived on Tuesday and left on Wednesday. In between I planted the broad beans.</p>\n"
                ),
                C("Reading", h2("reading", "Reading")),
                S(
                    "Finished The Salt Roads",
                    h3(
                        "finished-the-salt-roads",
                        "Finished The Salt Roads",
                        "<p>The chapter on the Baltic herring trade is the best thing I have read this year. Lent it to my "
                        "neighbour before I could change my mind.</p>",
                    ),
                ),
                S(
                    "A long thread on allotment waiting lists",
                    h3(
                        "a-long-thread-on-allotment-waiting-lists",
                        "A long thread on allotment waiting lists",
                        '<p><a href="https://social.example/@plotholder/11203">Eleven years in one borough</a>. Seems '
                        "about right.</p>",
                    ),
                ),
                S(
                    "Watching",
                    h2("watching", "Watching")
                    + "<ul>\n<li>The first two episodes of <em>Lowtide</em>. Slow, in a good way.</li>\n"
                    "<li>A documentary about the last lighthouse keepers of the Orla coast.</li>\n"
                    "<li>Far too many bread-scoring videos.</li>\n</ul>\n",
                ),
                C("Tools", h2("tools", "Tools")),
                S(
                    "A cheap label printer",
                    h3(
                        "a-cheap-label-printer",
                        "A cheap label printer",
                        "<p>Every seed tray now has a label. The cat has not been labelled, yet.</p>",
                    ),
                ),
                S(
                    "Syncing the notes folder",
                    h3(
                        "syncing-the-notes-folder",
                        "Syncing the notes folder",
                        "<p>Settled on a plain git repository and a cron job that commits every hour. Boring, which is "
                        "the point: I have not thought about it since Monday, and my phone and laptop agree on what I "
                        "wrote.</p>",
                    ),
                ),
                C(
                    "Previously: Weeknotes 2026-W11",
                    '<hr>\n<p>Previously: <a href="https://allenbystreet.example.org/weeknotes/2026-w11/">Weeknotes '
                    "2026-W11</a></p>\n",
                ),
            ],
        )
    )
    write(
        "weeknotes",
        rss_escaped(
            "Notes from Allenby Street",
            WN,
            "Recent content on Notes from Allenby Street",
            "Hugo -- gohugo.io",
            posts,
        ),
        posts,
    )


# ================================================================ 5. medium (Medium RSS, content:encoded)

MD = "https://medium.com"


def md_img(key, caption=None, w=1024):
    cap = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f'<figure><img alt="" src="https://cdn-images-1.medium.com/max/{w}/1*{key}" />{cap}</figure>'


def md_tail(post_id, title, link, pub=None, pub_link=None):
    stat = (
        f'<img src="https://medium.com/_/stat?event=post.clientViewed&amp;referrerSource=full_rss&amp;'
        f'postId={post_id}" width="1" height="1" alt="">'
    )
    if not pub:
        return stat
    return (
        stat
        + f'<hr><p><a href="{link}">{title}</a> was originally published in <a href="{pub_link}">{pub}</a> '
        "on Medium, where people are continuing the conversation by highlighting and responding to this story.</p>"
    )


def medium():
    posts = []
    # -- essay (whole): image-only first block, repeated title, subtitle, <h3> section headings
    pid = "8c41d07e2b9a"
    title = "Your side project doesn’t need a roadmap"
    link = f"{MD}/@noor.castellane/your-side-project-doesnt-need-a-roadmap-{pid}?source=rss-5e1f0c9a7d21------2"
    posts.append(
        Post(
            title,
            link,
            day(2026, 1, 18, 14, 12),
            author="Noor Castellane",
            whole=True,
            categories=["side-projects", "open-source", "productivity"],
            blocks=[
                R(
                    md_img("kP3vD9_tQe1xW0mZr8Jb2A.jpeg", w=1024)
                    + f"<h3>{title}</h3><h4>A roadmap is a promise to strangers. Most small projects are better off "
                    "keeping a list of promises to themselves.</h4>"
                    "<p>Every few weeks someone opens an issue on one of my small libraries asking for the roadmap. I "
                    "used to write one. I have stopped, and I want to explain why, because I think the reasons apply to "
                    "most side projects: a roadmap makes the wrong promise, it changes what you build, and there is a "
                    "lighter thing that does the useful part of its job.</p>"
                    "<h3>A roadmap is a promise</h3>"
                    "<p>When a company publishes a roadmap, there is a team behind it, a budget and a quarter. When I "
                    "publish one, there is me, on Sunday evenings, if my daughter goes to sleep. The readers of the two "
                    "documents cannot tell the difference. They see &#8220;Q2: plugin API&#8221; and plan their own work "
                    "around it, and when Q2 comes and goes, they are disappointed in a way that is entirely reasonable "
                    "and entirely my fault.</p>"
                    "<p>A promise to strangers is a debt, and a side project cannot carry much debt.</p>"
                    "<h3>It changes what you build</h3>"
                    "<p>The subtler problem is what a roadmap does to me. Once the plugin API is on a public list, it "
                    "becomes the next thing, even when the next thing should be fixing the bug three people hit last "
                    "week. I start building toward the document instead of toward the people using the code. The "
                    "roadmap, which was supposed to describe the project, starts steering it.</p>"
                    + md_img(
                        "Lw0qT5mG8sVb3nXe2cYh7Q.png",
                        "The issue tracker of my date-formatting library, the week I "
                        "deleted the roadmap.",
                    )
                    + "<h3>What I do instead</h3>"
                    "<p>I keep a file called <code>IDEAS.md</code> in the repository. It is explicitly not a plan. Each "
                    "entry says what the idea is and why it might matter, and nothing about when. When someone asks for "
                    "the roadmap, I point them to it and to the last three releases, which are a much more honest "
                    "forecast of what I will do than anything I could write.</p>"
                    "<blockquote>The best predictor of what a side project will ship next is what it shipped last."
                    "</blockquote>"
                    "<h3>So, no roadmap</h3>"
                    "<p>Put together: a roadmap promises strangers something I cannot guarantee, it pulls my attention "
                    "away from the people I actually have, and a plain list of ideas plus a visible release history "
                    "gives users everything a roadmap would have told them honestly. If your project has a team and a "
                    "budget, write the roadmap. If it has you and Sunday evenings, write the list.</p>"
                    + md_tail(pid, title, link)
                )
            ],
        )
    )

    # -- publication roundup: the <h3> items are unrelated stories
    pid = "3f9a1c2b7d10"
    title = "5 things from this week’s JavaScript world"
    link = f"{MD}/byte-harbour/5-things-from-this-weeks-javascript-world-{pid}?source=rss-5e1f0c9a7d21------2"
    posts.append(
        Post(
            title,
            link,
            day(2026, 2, 6, 9, 40),
            author="Noor Castellane",
            categories=["javascript", "web-development", "frontend", "newsletter"],
            blocks=[
                C(
                    "Tidal goes compiler-only, a bundler on a diet, and Calendry finally hits 1.0",
                    f"<h3>{title}</h3><h4>Tidal goes compiler-only, a bundler on a diet, and Calendry finally hits "
                    "1.0</h4>" + md_img("Bq2n7YkX0aT4fRzW9uPe1g.png", "Illustration by the author"),
                ),
                R(
                    "<p>Welcome back to the Friday roundup. Five stories this week, none of them about the thing "
                    "everyone argued about on Tuesday.</p>"
                ),
                S(
                    "Tidal 4.0 drops its virtual DOM",
                    (
                        "<h3>1. Tidal 4.0 drops its virtual DOM</h3>"
                        "<p>The Tidal team shipped version 4.0 on Wednesday, and the big change is under the hood: "
                        "components are now compiled to direct DOM updates, and the virtual DOM is gone. The team&#8217;s "
                        "benchmarks show a 35% smaller runtime and faster updates on long lists. Existing components "
                        "mostly work unchanged, but anything that reached into the old <code>vnode</code> internals will "
                        'break, and the <a href="https://tidal.example.dev/blog/4-0">migration guide</a> is long.</p>'
                    ),
                ),
                S(
                    "Bundlewise cuts its install size by 60%",
                    (
                        "<h3>2. Bundlewise cuts its install size by 60%</h3>"
                        "<p>Bundlewise, the zero-config bundler, has replaced eleven of its dependencies with small "
                        "internal modules and now installs in 9 MB instead of 23. Maintainer Jorge Abadi wrote "
                        '<a href="https://jorgeabadi.example.com/bundlewise-diet">a detailed post</a> on which '
                        "dependencies were easy to drop and which took a month.</p>"
                        + md_img(
                            "Ry6cV1pM3dWq8hLt0sNb5e.png",
                            "Install size by release, from the Bundlewise changelog",
                        )
                    ),
                ),
                S(
                    "Calendry reaches 1.0 after nine years",
                    (
                        "<h3>3. Calendry reaches 1.0 after nine years</h3>"
                        "<p>Nine years and 212 pre-releases later, the Calendry date library has a stable API. The 1.0 "
                        "release freezes time-zone handling and removes the long-deprecated mutable API.</p>"
                        "<blockquote>&#8220;We kept saying 1.0 would be next month. This time we just tagged it.&#8221; "
                        "&#8212; Calendry maintainer Hanne Sørbø</blockquote>"
                    ),
                ),
                S(
                    "A typosquatting scare around colour-parse",
                    (
                        "<h3>4. A typosquatting scare around colour-parse</h3>"
                        "<p>A package named <code>color-parsre</code> sat on the registry for six days with a "
                        "post-install script that read environment variables and sent them to a remote server. About "
                        "1,400 installs were logged before it was removed. If it appears in your lockfile, rotate your "
                        "credentials.</p>"
                    ),
                ),
                S(
                    "HarbourJS announces its speakers",
                    (
                        "<h3>5. HarbourJS announces its speakers</h3>"
                        "<p>The Rotterdam conference has published its line-up for June, with talks on compilers, "
                        "accessibility testing and one promisingly titled &#8220;I deleted our state management and "
                        "nobody noticed&#8221;. Early-bird tickets end on 28 February.</p>"
                    ),
                ),
                C(
                    "That’s it for this week",
                    '<p>That&#8217;s it for this week. Follow <a href="https://medium.com/byte-harbour">Byte '
                    "Harbour</a> to get next Friday&#8217;s five in your feed.</p>",
                ),
                C(
                    f"{title} was originally published in Byte Harbour on Medium",
                    md_tail(pid, title, link, "Byte Harbour", "https://medium.com/byte-harbour"),
                ),
            ],
        )
    )

    # -- numbered listicle that is one essay (whole)
    pid = "b27e6a0f93c4"
    title = "Seven lessons from a year of running a repair café"
    link = f"{MD}/mending-matters/seven-lessons-from-a-year-of-running-a-repair-cafe-{pid}?source=rss-5e1f0c9a7d21------2"
    lessons = [
        (
            "1. Most things are not broken, they are stuck",
            "About a third of what comes through the door works the moment someone takes the back off, cleans a "
            "contact or frees a jammed gear. People had given up on a thing that only needed ten minutes of "
            "attention. That set the tone for everything else I learned.",
        ),
        (
            "2. The kettle matters more than the tools",
            "We started with a good set of screwdrivers and no tea. Attendance doubled when we added the tea. "
            "People wait an hour for a repair if the waiting is pleasant, and a repair café is mostly waiting.",
        ),
        (
            "3. Let the owner hold the screwdriver",
            "Our volunteers are faster than the visitors, and it is tempting to just do it. But a toaster fixed "
            "for you is a favour; a toaster you fixed yourself is a skill, and skills are what keep the next "
            "toaster out of landfill.",
        ),
        (
            "4. Keep a notebook of every repair",
            "We log the item, the fault and the fix. After a year the notebook knows that one brand of hand blender "
            "always fails at the same plastic clip, which is worth more than any of our tools.",
        ),
        (
            "5. Some things should not be saved",
            "Telling someone their heater is unsafe is part of the job. The lesson about stuck things cuts both "
            "ways: sometimes the back comes off and the honest answer is no.",
        ),
        (
            "6. Manufacturers are the real bottleneck",
            "Glued cases, missing spare parts and proprietary screws cause more failed repairs than lack of skill. "
            "Our notebook turned into evidence, and we sent a summary to the council&#8217;s waste team.",
        ),
        (
            "7. People come back for each other",
            "By the autumn, half of our visitors were regulars who had nothing to fix. They came to help, or to "
            "watch, or for the tea. The café had become a place, not a service.",
        ),
    ]
    body = (
        "<h3>Seven lessons from a year of running a repair café</h3>"
        "<h4>What fixing 600 toasters, lamps and jumpers taught a group of neighbours in Aldbrook</h4>"
        + md_img("Tn4aZ2wE7kQv1cMx9oLr3d.jpeg", "Our first Saturday, in the Aldbrook scout hut.")
        + "<p>A year ago, six of us borrowed a scout hut, put up a sign that said &#8220;Bring us your broken "
        "things&#8221;, and waited. Since then we have seen more than 600 repairs. I want to set down seven "
        "lessons from that year, because together they add up to one argument: a repair café is less about "
        "fixing objects than about changing how people feel about the objects they own.</p>"
    )
    for head, text in lessons:
        body += f"<h3>{head}</h3><p>{text}</p>"
    body += (
        "<h3>What the seven add up to</h3><p>Look back over the list: things that only seemed broken, "
        "owners who learned to fix them, a notebook that turned into evidence, and neighbours who stayed for "
        "each other. None of it is really about toasters. It is about people deciding that the things around "
        "them are worth a second look, and discovering they can give it. If you are thinking of starting one "
        "in your town: borrow a hall, buy a kettle, and let the owners hold the screwdrivers.</p>"
    )
    posts.append(
        Post(
            title,
            link,
            day(2026, 2, 22, 11, 5),
            author="Noor Castellane",
            whole=True,
            categories=["repair", "community", "sustainability", "right-to-repair"],
            blocks=[
                R(body),
                C(
                    f"{title} was originally published in Mending Matters on Medium",
                    md_tail(
                        pid, title, link, "Mending Matters", "https://medium.com/mending-matters"
                    ),
                ),
            ],
        )
    )

    def extra(p):
        return f"<atom:updated>{p.date.strftime('%Y-%m-%dT%H:%M:%S.%f')[:-3]}Z</atom:updated>"

    chan = (
        "<image><url>https://cdn-images-1.medium.com/fit/c/150/150/1*N0orCa5tE11aNeAv4tar.jpeg</url>"
        "<title>Stories by Noor Castellane on Medium</title><link>https://medium.com/@noor.castellane?source="
        "rss-5e1f0c9a7d21------2</link></image><webMaster><![CDATA[yourfriends@medium.com]]></webMaster>"
    )
    write(
        "medium",
        rss_cdata(
            "Stories by Noor Castellane on Medium",
            "https://medium.com/@noor.castellane?source=rss-5e1f0c9a7d21------2",
            "Stories by Noor Castellane on Medium",
            "Medium",
            posts,
            item_extra=extra,
            channel_extra=chan,
            self_link="https://medium.com/feed/@noor.castellane",
        ),
        posts,
    )


# ================================================================ 6. interviews-and-letters (Ghost RSS)

NL = "https://northlight.example.co.uk"
NL_FOOT = (
    "<hr><p><em>Northlight is free and reader-supported. If you enjoyed this, forward it to a friend or "
    '<a href="https://northlight.example.co.uk/#/portal/signup">become a member</a>.</em></p>'
)
NL_FOOT_LABEL = "Northlight is free and reader-supported"


def ghost_img(name, alt):
    return (
        f'<figure class="kg-card kg-image-card kg-card-hascaption"><img src="{NL}/content/images/2026/05/'
        f'{name}" class="kg-image" alt="{alt}" loading="lazy" width="2000" height="1333" srcset="{NL}/content/'
        f'images/size/w600/2026/05/{name} 600w, {NL}/content/images/2026/05/{name} 2000w" sizes="(min-width: '
        f'720px) 720px"><figcaption><span style="white-space: pre-wrap;">{alt}</span></figcaption></figure>'
    )


def interviews_and_letters():
    posts = []
    qa = [
        (
            "How did you end up repairing wooden boats?",
            "By accident, like most people in this trade. I was a joiner, building kitchens, and a man brought a "
            "rotten dinghy into the workshop because he thought wood was wood. It is not. I spent three months on "
            "that dinghy and I have not built a kitchen since.",
        ),
        (
            "Who brings you boats now?",
            "Mostly people who have inherited one. A grandfather&#8217;s fishing boat, a clinker dinghy that has "
            "been in a barn since 1970. They come in half-apologising, because everyone else has told them to burn "
            "it. My job is usually to tell them the truth, which is sometimes &#8220;burn it&#8221; and more often "
            "&#8220;it will take a winter&#8221;.",
        ),
        (
            "What is the hardest part of the work?",
            "Not the woodwork. The hardest part is deciding what to keep. Every plank you replace makes the boat "
            "stronger and a little less itself. I try to keep anything that can still do its job, even if it is "
            "ugly. Ugly and original beats pretty and new.",
        ),
        (
            "Is there still a living to be made?",
            "Just about. I charge by the day and I tell people up front that I cannot promise a total, because you "
            "do not know what is under the paint until you take it off. Most of my customers are fine with that. "
            "The ones who are not, I send to the fibreglass yard down the road, with my blessing.",
        ),
        (
            "What would you tell someone who wants to learn?",
            "Find an old boat and a patient person, in that order. And buy good chisels. I have had the same set "
            "for twenty-two years and they are the only thing in the workshop I will not lend.",
        ),
    ]
    qa_html = (
        "<p>Agnes Rudd has run a one-woman boatyard on the Kelmouth estuary for twenty years, taking on "
        "the wooden boats other yards turn away. I spent a wet afternoon in her shed, among the clamps and "
        "the smell of linseed oil, and asked her about the work. Our conversation has been edited for "
        "length.</p>"
        + ghost_img("rudd-shed.jpg", "Agnes Rudd in her workshop on the Kelmouth estuary.")
    )
    for q, a in qa:
        qa_html += f"<p><strong>Q: {q}</strong></p><p>{a}</p>"
    qa_html += (
        "<p><em>Agnes Rudd&#8217;s yard is open to visitors on the first Saturday of each month. "
        "She asks that you bring biscuits.</em></p>"
    )
    posts.append(
        Post(
            "“We fix the boats nobody else will”: a conversation with Agnes Rudd",
            f"{NL}/agnes-rudd-interview/",
            day(2026, 5, 4, 8),
            author="Elodie Marr",
            whole=True,
            categories=["Interviews"],
            summary="A boatbuilder on rot, honesty and good chisels.",
            blocks=[R(qa_html), C(NL_FOOT_LABEL, NL_FOOT)],
        )
    )

    posts.append(
        Post(
            "A letter about what’s changing at Northlight",
            f"{NL}/whats-changing/",
            day(2026, 5, 11, 8),
            author="Elodie Marr",
            whole=True,
            categories=["Letters"],
            summary="Three changes, and why I am making them.",
            blocks=[
                R(
                    "<p>Dear readers,</p>"
                    "<p>Northlight turns four this month, and I want to tell you about three changes I am making to it, "
                    "all for the same reason: to keep doing the slow, reported pieces you tell me you value, without "
                    "burning out or filling the letter with adverts. I have thought about this for most of the winter, "
                    "so bear with me while I explain.</p>"
                    "<p><strong>First, the schedule.</strong> From June, Northlight will come out every other Monday "
                    "instead of every Monday. The interviews and travel pieces take two or three weeks each to report "
                    "properly, and a weekly deadline has meant more short notes and fewer of the pieces you write to me "
                    "about. Fewer letters, but each one with something in it that took time.</p>"
                    "<p><strong>Second, memberships.</strong> The letter stays free for everyone. But I am adding an "
                    "optional paid membership, at &#163;4 a month, which pays for the travel and the hours that the "
                    "schedule change makes room for. Members get nothing extra except my gratitude and a postcard once a "
                    "year; I would rather nobody feels locked out of a piece.</p>"
                    "<p><strong>Third, the archive.</strong> All four years of back issues are now sorted by place and by "
                    "person, so you can find the piece about the Orla lighthouse keepers without scrolling through two "
                    "hundred Mondays. This is the change that took longest and will be noticed least, which is how good "
                    "housekeeping usually goes.</p>"
                    "<p><strong>What stays the same.</strong> No adverts, no tracking pixels, no clever growth tricks. "
                    "The same long pieces about people who make and mend things, and the same reply button, which "
                    "still reaches me and only me.</p>"
                    "<p>Put together, these three changes are one bet: that a slower, reader-funded letter can do better "
                    "work than a faster, free-for-all one. If I am wrong, I will tell you, and we will change again. "
                    "Thank you for four years of reading and replying.</p>"
                    "<p>With love from a damp desk,<br>Elodie</p>"
                ),
                C(NL_FOOT_LABEL, NL_FOOT),
            ],
        )
    )

    days_ = [
        (
            "Day 1: Lisbon",
            "<p>I arrived late and walked straight up to the Gra&#231;a viewpoint with my bag still on my back, "
            "which I do not recommend. The city looked like a dropped box of tiles. Dinner was grilled sardines at a "
            "place with four tables and no menu; the owner decided what I was eating, and she was right.</p>"
            "<p>Before bed I sat down with the map and worked out the route for the week: inland to the hills, "
            "then north along the coast, never more than an hour&#8217;s bus ride a day.</p>",
        ),
        (
            "Day 2: Sintra",
            "<p>The early train, to beat the coaches. The palaces are extraordinary and crowded, so I spent most of "
            "the day in the forest above them instead, on paths that smelled of eucalyptus and wet moss. A woman "
            "selling cheese tarts at the station told me to come back in November, when it rains and nobody "
            "comes.</p>",
        ),
        (
            "Day 3: Ericeira",
            "<p>The bus down to the coast took forty minutes and changed the weather completely. Ericeira is a "
            "fishing town that surfers found, and it has not quite decided which it is. I watched the boats come "
            "in at six, then the surfers go out at seven, and ate the catch of the first group at a table next to "
            "the second.</p>",
        ),
        (
            "Day 4: Peniche",
            "<p>Further north, the sea gets wilder. The old fortress in Peniche was a political prison until 1974 "
            "and is now a museum, and the cells look out on some of the most beautiful water I have ever seen. I "
            "could not stop thinking about that, and I still have not.</p>",
        ),
        (
            "Day 5: Óbidos",
            "<p>The last day, inland again, inside the walls of a town that feels built for visitors because it "
            "mostly is. I walked the walls at dusk, after the tour groups had gone, and it was suddenly a real "
            "place again: a man fixing a shutter, children kicking a ball against the gate.</p>",
        ),
    ]
    tv = (
        "<p>I had a week, a rail pass and a rule: no day with more than an hour on a bus. This is the diary "
        "of that week, a slow line from Lisbon up the coast, written each night and tidied up only a little. "
        "It is really about one thing, which I only noticed at the end.</p>"
        + ghost_img("coast-map.jpg", "My route, sketched on the back of a bus timetable.")
    )
    for head, text in days_:
        tv += f'<h3 id="{norm(head).replace(" ", "-")}">{head}</h3>{text}'
    tv += (
        '<h3 id="home">Home</h3><p>Reading the diary back on the flight, every day has the same shape: '
        "a place at its busiest, and then the same place an hour later, when it belongs to the people who "
        "live there. Sintra&#8217;s forest, Ericeira at six, the walls of &#211;bidos at dusk. Going slowly "
        "was not a way of seeing more. It was a way of being there for the second hour.</p>"
    )
    posts.append(
        Post(
            "Five slow days on the Portuguese coast",
            f"{NL}/five-slow-days-portuguese-coast/",
            day(2026, 5, 18, 8),
            author="Elodie Marr",
            whole=True,
            categories=["Travel"],
            summary="A week, a rail pass and no more than an hour on a bus each day.",
            blocks=[R(tv), C(NL_FOOT_LABEL, NL_FOOT)],
        )
    )

    posts.append(
        Post(
            "Northlight notes: a lighthouse for sale, a choir of strangers, and more",
            f"{NL}/notes-lighthouse-choir/",
            day(2026, 5, 25, 8),
            author="Elodie Marr",
            categories=["Notes"],
            summary="Five small things from around the coast.",
            blocks=[
                R(
                    "<p>Between the long pieces, a handful of short things that caught my eye along the coast this "
                    "fortnight. None of them are connected, except by salt.</p>"
                ),
                S(
                    "A lighthouse for sale, one careful owner",
                    (
                        "<p><strong>A lighthouse for sale, one careful owner.</strong> The decommissioned light at Skerry "
                        "Point is on the market for the first time since the lighthouse board sold it in 1988. The "
                        "listing describes it, with admirable restraint, as &#8220;a project&#8221;. The current owner, "
                        "a retired teacher, says the stairs kept her fit and the neighbours never complained.</p>"
                    ),
                ),
                S(
                    "The choir that has never met",
                    (
                        "<p><strong>The choir that has never met.</strong> Ninety singers from fishing villages on three "
                        "coasts have been rehearsing a setting of old net-mending songs entirely by phone, each recording "
                        "their part alone. They will sing together for the first time in Kelmouth harbour on 21 June, "
                        "and the conductor admits she has no idea what it will sound like.</p>"
                    ),
                ),
                S(
                    "A bookshop in a phone box",
                    (
                        "<p><strong>A bookshop in a phone box.</strong> In Ardlow, the disused red kiosk by the bus shelter "
                        "now holds about sixty second-hand paperbacks and an honesty tin. It took £31 in its first week, "
                        "and one customer left a note asking for more westerns.</p>"
                    ),
                ),
                S(
                    "Ferry timetables go back to paper",
                    (
                        "<p><strong>Ferry timetables go back to paper.</strong> After a year of complaints, the island "
                        "ferry company will print pocket timetables again. Its app, a spokesperson said, &#8220;remains "
                        "available&#8221;, which is the kind of thing people say about apps nobody uses.</p>"
                    ),
                ),
                S(
                    "One more thing",
                    (
                        "<p><strong>One more thing:</strong> a reader in Tarrow sent a photograph of a seal asleep on her "
                        "paddleboard. She waited two hours for it to leave. It did not.</p>"
                    ),
                ),
                C("See you in a fortnight", "<p>See you in a fortnight. &#8212; Elodie</p>"),
                C(NL_FOOT_LABEL, NL_FOOT),
            ],
        )
    )

    def extra(p):
        return (
            f'<media:content url="{NL}/content/images/2026/05/{p.link.rstrip("/").rsplit("/", 1)[1]}.jpg" '
            'medium="image"/>'
        )

    chan = (
        f"<image><url>{NL}/favicon.png</url><title>Northlight</title><link>{NL}/</link></image>"
        "<ttl>60</ttl>"
    )
    write(
        "interviews-and-letters",
        rss_cdata(
            "Northlight",
            f"{NL}/",
            "People who make and mend things, and the places they live. A letter by Elodie Marr.",
            "Ghost 5.82",
            posts,
            item_extra=extra,
            channel_extra=chan,
            self_link=f"{NL}/rss/",
        ),
        posts,
    )


def main():
    linkblog()
    longform()
    markdown()
    weeknotes()
    medium()
    interviews_and_letters()


if __name__ == "__main__":
    main()
