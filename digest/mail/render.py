"""Render emails from Jinja2 templates (pure: values in, strings out).

HTML templates are written with classes and a stylesheet (``email/style.css``);
the loader inlines that CSS into style attributes once, when a template is
first loaded, so each message is a plain Jinja render. What cannot be inlined
(dark mode, narrow screens) lives in ``email/media.css`` in the ``<head>``.
Operators may override any template, or the stylesheets, from a directory of
their own (`Templates(override_dir)`).
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache, partial
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

import css_inline
from jinja2 import (
    BaseLoader,
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    nodes,
    select_autoescape,
)
from jinja2.visitor import NodeTransformer
from markupsafe import Markup, escape

from digest.matching.score import OWN_QUERY_LABEL, best_topic, highlight_words
from digest.resources import resource_path
from digest.text import fold, shorten, site_of, squash
from digest.types import Reason, RenderedMessage, SectionView

EXCERPT_LENGTH = 320
#: Excerpt lengths tried, longest first, when a digest is over its size budget.
SHORTER_EXCERPTS = (EXCERPT_LENGTH, 160, 0)
DEFAULT_BUDGET = 90_000


@dataclass(frozen=True)
class Links:
    preferences: str
    unsubscribe: str
    browser: str | None = None  # the digest as a web page, where the site serves one
    confirm: str | None = None  # where a new subscriber confirms (double opt-in)
    #: The subscriber's page that stops one topic: a topic's slug is appended.
    stop: str | None = None


@dataclass(frozen=True)
class Period:
    """What a digest covers: from the previous one (or the subscriber's first look-back)
    to its own composing, shown in the subscriber's time zone."""

    start: datetime
    end: datetime
    timezone: str = "UTC"


def format_period(period: Period) -> str:
    """``7–14 December 2026``; ``30 November – 14 December 2026`` across months."""
    zone = ZoneInfo(period.timezone)
    start, end = period.start.astimezone(zone), period.end.astimezone(zone)
    last = f"{end.day} {end:%B %Y}"
    if (start.year, start.month, start.day) == (end.year, end.month, end.day):
        return last
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{last}"
    first = f"{start.day} {start:%B}" if start.year == end.year else f"{start.day} {start:%B %Y}"
    return f"{first} – {last}"


@dataclass(frozen=True)
class DigestContext:
    """Everything a digest is rendered from. Stories come best first, in the order their
    digest was composed in: a digest read back from the outbox shows them as composed."""

    email: str
    sections: Sequence[SectionView]
    links: Links
    #: The list's name (setting `site_name`), wherever a message names what sent it.
    site_name: str = "Digest"
    postal_address: str = ""
    lang: str = "en"
    #: Stories matched past the digest's caps, listed only in its browser view.
    overflow: int = 0
    #: Those stories themselves, for the browser view: shown after the others.
    more: Sequence[SectionView] = ()
    #: Stories of topics or queries the subscriber just added, from before their window.
    missed: Sequence[SectionView] = ()
    #: What the digest covers, for its masthead; None shows the list's name alone.
    period: Period | None = None


# What the templates see


class StoryBlock(NamedTuple):
    """What a story's block (``email/_story.*``) shows, and nothing of its reader but the
    words marked in it: blocks are rendered once per distinct value, so one reader's
    why line, stop links or token can never reach another's email. (A tuple: made and
    hashed for every story of every message.)"""

    title: str
    url: str | None
    source: str | None
    feed: str
    category: str | None
    published_at: datetime
    teaser: str | None
    excerpt: str
    #: The matched words that stand in the teaser or the excerpt (no others are marked).
    found: frozenset[str]
    #: Its cited source's footnote number in the plain-text part; 0 without one.
    source_note: int

    @property
    def source_site(self) -> str:
        return site_of(self.source) if self.source else ""


@dataclass(slots=True)
class ShownSection:
    """A section as a template shows it: its excerpt cut, its matched words found.

    Plain slots, with the section's own fields as properties: templates read these
    attributes for every story of every message.
    """

    view: SectionView
    excerpt: str
    found: frozenset[str]
    why: str
    note: int  # its link's footnote number in the plain-text part; 0 without a link
    #: What the story's block shows (the `story` filter renders each value once).
    block: StoryBlock
    #: The catalog topics that matched it, (name, slug): each gets a stop link.
    stops: tuple[tuple[str, str], ...] = ()
    #: Its cited source's footnote number in the plain-text part; 0 without one.
    source_note: int = 0

    title = property(lambda self: self.view.title)
    #: The story in its newsletter (the section's own link for rows without one).
    url = property(lambda self: self.view.link or self.view.url)
    source = property(lambda self: self.view.source)
    source_site = property(lambda self: site_of(self.view.source))
    feed = property(lambda self: self.view.feed)
    post = property(lambda self: self.view.post)
    category = property(lambda self: self.view.category)
    published_at = property(lambda self: self.view.published_at)
    teaser = property(lambda self: self.view.teaser)


@dataclass(frozen=True)
class TopicGroup:
    label: str
    sections: tuple[ShownSection, ...]


@dataclass(frozen=True)
class DigestView:
    groups: tuple[TopicGroup, ...]
    count: int
    overflow: int
    feeds: tuple[str, ...]
    browser_note: int
    #: The stories past the digest's caps (its browser view only), grouped the same way.
    more_groups: tuple[TopicGroup, ...] = ()
    more_count: int = 0
    #: "What you missed": stories of newly added topics or queries, best first.
    missed: tuple[ShownSection, ...] = ()


@dataclass(frozen=True)
class MessageView:
    email: str
    links: Links
    site_name: str
    postal_address: str
    lang: str
    title: str
    preheader: str
    #: The plain-text part's links, numbered from 1.
    footnotes: tuple[tuple[int, str], ...] = field(default=())
    #: What the digest covers ("7–14 December 2026"), or "".
    period: str = ""


# Templates


class Templates:
    """The email templates: an operator's directory first, then the bundled ones."""

    def __init__(self, override_dir: str | Path | None = None) -> None:
        self.env = _environment(str(override_dir) if override_dir else None)

    def render(self, name: str, **values: object) -> str:
        return self.env.get_template(name).render(values)


@lru_cache(maxsize=8)
def _environment(override_dir: str | None) -> Environment:
    paths = [override_dir] if override_dir else []
    paths.append(str(resource_path("templates")))
    env = _InliningEnvironment(
        loader=_InliningLoader(paths),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters["excerpt"] = excerpt
    env.filters["wrap"] = wrap
    marker = _highlight_tag(env)
    env.filters["highlight"] = lambda text, found: highlight(text, found, marker)
    env.filters["story"] = _StoryCache(env)
    env.filters["date"] = lambda moment: f"{moment.day} {moment:%b %Y}"
    return env


class _InliningEnvironment(Environment):
    """Compiles each ``{% include %}`` of a plain template into the template that includes
    it, in a scope of its own, as an include would run it: a digest includes a story's
    item thirty times, and each include made a new context (a quarter of rendering).

    A plain template: named by a string, included with its context, escaped alike, and
    free of inheritance, blocks, macros and imports. Any other include, or one whose
    template is missing or broken, is left as it is, to fail where it would have.
    """

    def _parse(self, source: str, name: str | None, filename: str | None) -> nodes.Template:
        tree = super()._parse(source, name, filename)
        seen = frozenset({name} if name else ())
        return _IncludesInlined(self, name, seen).visit(tree)  # type: ignore[no-any-return]

    def inlined_body(
        self, name: str, includer: str | None, seen: frozenset[str]
    ) -> list[nodes.Node] | None:
        """The body of template `name` with its own includes inlined; None when it is not
        plain, or cannot be read."""
        if name in seen or self._escapes(name) != self._escapes(includer):
            return None
        try:
            source, filename, _ = self.loader.get_source(self, name)  # type: ignore[union-attr]
            tree = super()._parse(source, name, filename)
        except TemplateError:
            return None
        if any(tree.find(kind) for kind in _NOT_INLINED):
            return None
        inlined = _IncludesInlined(self, name, seen | {name}).visit(tree)
        return list(inlined.body)

    def _escapes(self, name: str | None) -> bool:
        autoescape = self.autoescape
        return bool(autoescape(name) if callable(autoescape) else autoescape)


#: What only a template of its own may hold.
_NOT_INLINED = (nodes.Extends, nodes.Block, nodes.Macro, nodes.Import, nodes.FromImport)


class _IncludesInlined(NodeTransformer):
    def __init__(self, env: _InliningEnvironment, name: str | None, seen: frozenset[str]) -> None:
        self.env, self.name, self.seen = env, name, seen

    def visit_Include(self, node: nodes.Include) -> nodes.Node:
        target = node.template
        if not (
            isinstance(target, nodes.Const)
            and isinstance(target.value, str)
            and node.with_context
            and not node.ignore_missing
        ):
            return node
        body = self.env.inlined_body(target.value, self.name, self.seen)
        if body is None:
            return node
        return nodes.Scope(body, lineno=node.lineno)


class _StoryCache:
    """Renders one story's block, remembering the last few thousand.

    A send run shows the same story to many subscribers: each distinct block (a
    `StoryBlock`, which holds everything the block may show) is rendered once. The
    template sees the block alone, so what it shows is all in the key; when it reads
    only attributes of the block, the key is those attributes (the plain-text block,
    which marks no words, is then shared by readers whose marked words differ).
    """

    SIZE = 4096

    def __init__(self, env: Environment) -> None:
        self.env = env
        self.blocks: dict[str, OrderedDict[object, str]] = {}
        self.reads: dict[str, tuple[str, ...] | None] = {}

    def __call__(self, shown: ShownSection, template: str) -> str:
        blocks = self.blocks.setdefault(template, OrderedDict())
        key = self._key(shown.block, template)
        block = blocks.get(key)
        if block is None:
            block = self.env.get_template(template).render(s=shown.block).rstrip("\n")
            if template.endswith(".html"):
                block = Markup(block)
            blocks[key] = block
            if len(blocks) > self.SIZE:
                blocks.popitem(last=False)
        else:
            blocks.move_to_end(key)
        return block

    def _key(self, story: StoryBlock, template: str) -> object:
        if template not in self.reads:
            self.reads[template] = _attributes_read(self.env, template, "s")
        names = self.reads[template]
        return story if names is None else tuple(getattr(story, name) for name in names)


def _attributes_read(env: Environment, template: str, name: str) -> tuple[str, ...] | None:
    """The attributes a template reads of variable `name`, when that is all it does with
    it (no other use, such as passing it whole to a filter, and no other template that
    could read it: includes of plain templates are inlined, so they are seen); else None."""
    assert env.loader is not None
    source, _, _ = env.loader.get_source(env, template)
    tree = env.parse(source)
    if any(tree.find(kind) for kind in (nodes.Include, *_NOT_INLINED)):
        return None
    uses = [node for node in tree.find_all(nodes.Name) if node.name == name]
    reads = [
        node.attr
        for node in tree.find_all(nodes.Getattr)
        if isinstance(node.node, nodes.Name) and node.node.name == name
    ]
    return tuple(sorted(set(reads))) if len(reads) == len(uses) else None


class _InliningLoader(BaseLoader):
    """Loads templates from a search path, inlining the stylesheet into HTML ones."""

    def __init__(self, paths: Sequence[str]) -> None:
        self.files = FileSystemLoader(list(paths))

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        source, filename, uptodate = self.files.get_source(environment, template)
        if template.endswith(".html"):
            stylesheet, _, _ = self.files.get_source(environment, "email/style.css")
            source = inline_template(source, stylesheet)
        return source, filename, uptodate


_JINJA = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.DOTALL)
_PLACEHOLDER = re.compile("<!--\ue000(\\d+)\ue001-->|\ue000(\\d+)\ue001")


def inline_template(source: str, stylesheet: str) -> str:
    """Inline CSS into a template's HTML, leaving its Jinja tags where they were.

    Tags are swapped for placeholders the HTML parser keeps in place: statements
    for comments (allowed anywhere, even between table rows), expressions for
    private-use characters (text or attribute values).
    """
    tags: list[str] = []

    def hide(found: re.Match[str]) -> str:
        tags.append(found.group())
        marker = f"\ue000{len(tags) - 1}\ue001"
        return marker if found.group().startswith("{{") else f"<!--{marker}-->"

    hidden = _JINJA.sub(hide, source)
    if hidden.lstrip().lower().startswith(("<!doctype", "<html")):
        inliner = css_inline.CSSInliner(
            inline_style_tags=False,
            keep_style_tags=True,
            extra_css=stylesheet,
            load_remote_stylesheets=False,
        )
        inlined = inliner.inline(hidden)
    else:
        inlined = css_inline.inline_fragment(hidden, stylesheet)
    return _PLACEHOLDER.sub(lambda m: tags[int(m.group(1) or m.group(2))], inlined)


# Filters


@lru_cache(maxsize=4096)  # a send run cuts the same story for many subscribers
def excerpt(text: str, limit: int = EXCERPT_LENGTH) -> str:
    """The opening of a story, cut at a sentence end where one falls late enough."""
    if limit <= 0:
        return ""
    head = text[: limit * 3]  # squashing white space never shrinks a text to a third
    flat = squash(head)
    if len(flat) <= limit and len(head) == len(text):
        return flat
    window = flat[:limit]
    end = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
    return window[: end + 1] if end > limit // 2 else shorten(flat, limit)


@lru_cache(maxsize=8192)  # titles and lines recur across a send run's messages
def wrap(text: str, width: int = 72, indent: str = "") -> str:
    """Greedy word wrap (a long word, a URL, stands alone on its line, unbroken).

    Written out rather than `textwrap.fill`, which was half of a digest's rendering time.
    """
    wrapped: list[str] = []
    for line in text.splitlines():
        words = line.split()
        if not words:
            wrapped.append("")
            continue
        current = indent + words[0]
        for word in words[1:]:
            if len(current) + 1 + len(word) <= width:
                current += " " + word
            else:
                wrapped.append(current)
                current = indent + word
        wrapped.append(current)
    return "\n".join(wrapped)


_WORD = re.compile(r"\w+(?:['’]\w+)*")


def _highlight_tag(env: Environment) -> str:
    """The opening tag that marks a matched word, with the stylesheet's `.hl` inlined:
    it is made while rendering, after the templates' own inlining."""
    assert isinstance(env.loader, _InliningLoader)
    stylesheet, _, _ = env.loader.files.get_source(env, "email/style.css")
    inlined = inline_template('<b class="hl"></b>', stylesheet)
    return inlined[: inlined.index(">") + 1]


def highlight(text: str, found: Iterable[str], tag: str = '<b class="hl">') -> Markup:
    """The text, escaped, with the words that matched the reader's topics marked."""
    wanted = frozenset(word for phrase in found for word in phrase.split())
    if not wanted:
        return escape(text)
    parts: list[str] = []
    last = 0
    for start, end, folded in _words(text):
        if folded in wanted:
            parts.append(str(escape(text[last:start])))
            parts.append(f"{tag}{escape(text[start:end])}</b>")
            last = end
    parts.append(str(escape(text[last:])))
    return Markup("".join(parts))


@lru_cache(maxsize=4096)  # a story's teaser and excerpt are highlighted for many readers
def _words(text: str) -> tuple[tuple[int, int, str], ...]:
    """The text's words: where each starts and ends, and its folded form. Read once per
    text, each reader's words are then looked up in it: readers' own queries make the sets
    of words to mark nearly as many as the readers."""
    return tuple((word.start(), word.end(), fold(word.group())) for word in _WORD.finditer(text))


# Digests


#: The kinds of message rendered from a list of stories, each with its templates
#: ``email/<kind>.html``, ``<kind>.txt`` and ``<kind>_subject.txt``.
#: "link": a confirmation's delivery sent to a subscriber already confirmed (they asked
#: for a fresh link to their page): the same link, worded for them.
KINDS = ("digest", "notification", "confirmation", "link")


def render_digest(
    context: DigestContext,
    templates: Templates | None = None,
    budget: int = DEFAULT_BUDGET,
    kind: str = "digest",
) -> RenderedMessage:
    """A digest's subject, HTML and text, its HTML kept under `budget` bytes.

    Over budget, excerpts are shortened first, then the lowest-ranked stories
    move to the browser view ("N more stories"); the footer always stays.
    """
    if kind not in KINDS:
        raise ValueError(f"no templates for a {kind!r} message")
    templates = templates or Templates()
    render = partial(_render, templates, context, kind=kind)
    ranked = list(context.sections)
    for limit in SHORTER_EXCERPTS:
        rendered = render(ranked, limit, context.overflow)
        if _within(rendered, budget):
            return rendered
    kept_low, kept_high = 1, len(ranked) - 1  # the most that fit, by bisection
    more = context.overflow
    best: RenderedMessage | None = None
    while kept_low <= kept_high:
        middle = (kept_low + kept_high) // 2
        attempt = render(ranked[:middle], 0, more + len(ranked) - middle)
        if _within(attempt, budget):
            best, kept_low = attempt, middle + 1
        else:
            kept_high = middle - 1
    return best or render(ranked[:1], 0, more + len(ranked) - 1)  # one story, whatever it costs


def _within(rendered: RenderedMessage, budget: int) -> bool:
    """Whether the HTML is at most `budget` bytes as UTF-8 (4 at most per character)."""
    html = rendered.html
    return len(html) * 4 <= budget or len(html.encode()) <= budget


def _render(
    templates: Templates,
    context: DigestContext,
    ranked: Sequence[SectionView],
    excerpt_length: int,
    overflow: int = 0,
    *,
    kind: str,
) -> RenderedMessage:
    groups = group_by_topic(ranked, excerpt_length)
    shown = [s for group in groups for s in group.sections]
    missed = _numbered(context.missed, excerpt_length, _last_note(shown))
    more_groups = group_by_topic(
        context.more, excerpt_length, first_note=_last_note([*shown, *missed])
    )
    more = [s for group in more_groups for s in group.sections]
    notes = _footnotes([*shown, *missed, *more])
    browser = (context.links.browser,) if overflow and context.links.browser else ()
    digest = DigestView(
        groups=groups,
        count=len(shown),
        overflow=overflow,
        feeds=tuple(dict.fromkeys(s.view.feed for s in shown)),
        browser_note=len(notes) + 1,
        more_groups=more_groups,
        more_count=len(more),
        missed=missed,
    )
    message = MessageView(
        email=context.email,
        links=context.links,
        site_name=context.site_name,
        postal_address=context.postal_address,
        lang=context.lang,
        title=_title(kind, len(shown) + len(missed)),
        preheader=_preheader(shown or missed),
        footnotes=tuple(enumerate(notes + browser, start=1)),
        period=format_period(context.period) if context.period else "",
    )
    values = {"digest": digest, "message": message}
    return RenderedMessage(
        subject=squash(templates.render(f"email/{kind}_subject.txt", **values)),
        html=templates.render(f"email/{kind}.html", **values),
        text=templates.render(f"email/{kind}.txt", **values),
    )


def group_by_topic(
    ranked: Sequence[SectionView], excerpt_length: int, first_note: int = 0
) -> tuple[TopicGroup, ...]:
    """Sections under their best topic (the reason that scored highest), topics in the
    order of their best section, each section once, tagged with all its topics; their
    links numbered as footnotes after `first_note` (a story without a link has none)."""
    grouped: dict[str, list[SectionView]] = {}
    for view in ranked:
        grouped.setdefault(best_topic(view.reasons), []).append(view)
    groups = []
    note = first_note
    for label, views in grouped.items():
        shown = _numbered(views, excerpt_length, note)
        note = _last_note(shown, note)
        groups.append(TopicGroup(label, shown))
    return tuple(groups)


def _numbered(
    views: Sequence[SectionView], excerpt_length: int, first_note: int
) -> tuple[ShownSection, ...]:
    """The sections as shown, their links (story, then source) numbered after `first_note`."""
    shown = []
    note = first_note
    for view in views:
        shown.append(_shown(view, excerpt_length, note))
        note = _last_note(shown, note)
    return tuple(shown)


def _last_note(shown: Sequence[ShownSection], default: int = 0) -> int:
    """The last footnote number the sections use, or `default` when they have none."""
    for s in reversed(shown):
        if s.source_note or s.note:
            return s.source_note or s.note
    return default


def _footnotes(shown: Sequence[ShownSection]) -> tuple[str, ...]:
    """The links the sections number, in their numbers' order."""
    links = []
    for s in shown:
        links += [s.url] if s.note else []
        links += [s.source] if s.source_note else []
    return tuple(links)


def _shown(view: SectionView, excerpt_length: int, last_note: int) -> ShownSection:
    cut = excerpt(view.text, excerpt_length) if view.text else ""
    found, why, stops = _explained(view.reasons)
    note = last_note + 1 if view.link or view.url else 0
    source_note = max(note, last_note) + 1 if view.source else 0
    marked = _marked(found, view.teaser or "", cut)
    block = StoryBlock(view.title, view.link or view.url, view.source, view.feed,
                       view.category, view.published_at, view.teaser, cut, marked,
                       source_note)  # fmt: skip
    return ShownSection(view, cut, found, why, note, block, stops, source_note)


def _marked(found: frozenset[str], *texts: str) -> frozenset[str]:
    """The words of `found` that `highlight` marks in the texts. A reader's own query
    often matched words of a story that its excerpt does not show: a block marking none
    of them is the same block as every other reader's."""
    wanted = _wanted(found)
    if not wanted:
        return wanted
    return frozenset().union(*(wanted & _vocabulary(text) for text in texts))


@lru_cache(maxsize=8192)
def _wanted(found: frozenset[str]) -> frozenset[str]:
    return frozenset(word for phrase in found for word in phrase.split())


@lru_cache(maxsize=4096)
def _vocabulary(text: str) -> frozenset[str]:
    """The folded words of a text (`_words`), as a set."""
    return frozenset(folded for *_, folded in _words(text))


@lru_cache(maxsize=8192)  # a send run shows the same story for the same reasons many times
def _explained(
    reasons: tuple[Reason, ...],
) -> tuple[frozenset[str], str, tuple[tuple[str, str], ...]]:
    """A story's words to highlight, its why line, and the topics it may be stopped for."""
    found = frozenset(highlight_words(reasons))
    stops = tuple(dict.fromkeys((r.label, r.topic) for r in reasons if r.topic))
    return found, _why(reasons), stops


def _why(reasons: Sequence[Reason]) -> str:
    """``Chips & hardware (verilog, chip); your query “heat pump”``."""
    parts = []
    for reason in reasons:
        name = reason.label
        if reason.label == OWN_QUERY_LABEL:
            name = f"{reason.label} “{reason.query}”"
        parts.append(f"{name} ({', '.join(reason.words)})" if reason.words else name)
    return "; ".join(parts)


def _title(kind: str, count: int) -> str:
    """The HTML part's <title>, before the site's name: a browser view's tab shows it."""
    if kind == "confirmation":
        return "Please confirm your subscription"
    if kind == "link":
        return "Your link"
    return f"{count} {'story' if count == 1 else 'stories'} picked for you"


def _preheader(shown: Sequence[ShownSection], limit: int = 140) -> str:
    """The top stories' titles, the line many inboxes show after the subject."""
    return shorten(" · ".join(s.view.title for s in shown[:3]), limit)
