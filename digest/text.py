"""Text and link normalisation shared by the wings (pure)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

from digest.errors import InvalidValue

_WORD = re.compile(r"\w+", re.UNICODE)
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Unicode-compose and case-fold, so ``Ｃhip`` and ``CHIP`` compare equal."""
    return unicodedata.normalize("NFKC", text).casefold()


def words(text: str) -> list[str]:
    """The normalised words of a text, in order."""
    return _WORD.findall(normalise(text))


#: A word for matching: letters and digits, with inner apostrophes kept ("chip's", "don't"),
#: so the stemmer sees the possessive and "s" never stands alone as a word.
_TERM = re.compile(r"\w+(?:'\w+)*")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\uff07": "'"})


def fold(text: str) -> str:
    """Case- and accent-insensitive form: ``Erdős`` and ``ERDOS`` both fold to ``erdos``."""
    if text.isascii():
        return text.casefold()
    composed = unicodedata.normalize("NFKC", text.translate(_APOSTROPHES)).casefold()
    decomposed = unicodedata.normalize("NFKD", composed)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", bare)


def terms(text: str) -> list[str]:
    """The folded words of a text, in order, as matching sees them."""
    return _TERM.findall(fold(text))


def squash(text: str) -> str:
    """Collapse runs of white space and trim."""
    return _SPACE.sub(" ", text).strip()


def slugify(text: str, max_length: int = 80) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = "-".join(_WORD.findall(ascii_text.lower())).replace("_", "-")
    return slug[:max_length].rstrip("-")


def shorten(text: str, limit: int) -> str:
    """Cut at a word boundary and mark the cut."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:")
    return cut + "…"


#: Characters that decorate a headline without being part of it: emoji and other
#: pictographs, their variation selectors, joiners, keycaps and skin tones.
_DECORATION_EXTRA = frozenset("\ufe0e\ufe0f\u200d\u20e3") | frozenset(
    map(chr, range(0x1F3FB, 0x1F400))
)


def _is_decoration(char: str) -> bool:
    return char.isspace() or char in _DECORATION_EXTRA or unicodedata.category(char) == "So"


def strip_decoration(text: str) -> str:
    """Trim emoji and white space from both ends: ``"🎉 Showcase ⚡️"`` -> ``"Showcase"``."""
    if not text or (" " < text[0] < "\x7f" and " " < text[-1] < "\x7f"):
        return text  # ASCII, not space, at both ends: nothing to strip (the common case)
    start, end = 0, len(text)
    while start < end and _is_decoration(text[start]):
        start += 1
    while end > start and _is_decoration(text[end - 1]):
        end -= 1
    return text[start:end]


def is_decoration(text: str) -> bool:
    """Nothing but emoji and other pictographs, and white space."""
    return all(_is_decoration(char) for char in text)


#: What a browser ignores in a link: C0 controls and spaces at its ends, tabs and newlines
#: anywhere (the WHATWG URL rules), so ``" java\tscript:"`` is ``javascript:`` to it.
_URL_EDGES = "".join(map(chr, range(0x21)))
_URL_NOISE = str.maketrans("", "", "\t\n\r")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_WEB_SCHEMES = frozenset({"http", "https"})
#: An http(s) URL with a plain host name (and port): most links, known web without
#: `urlsplit`, which a story's links would otherwise go through one by one.
_PLAIN_WEB = re.compile(r"[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9.-]+(?::[0-9]*)?(?:[/?#]|\Z)")


def web_url(link: str, base: str = "") -> str:
    """`link` as an absolute http(s) URL, resolved against `base` if relative; else "".

    Only such a link may become a post's or a story's address: any other scheme
    (``javascript:``, ``data:``, ``vbscript:``, ``file:``, ``mailto:``), however it is
    spelt, would reach a reader's email and browser as a clickable link.
    """
    cleaned = link.strip(_URL_EDGES).translate(_URL_NOISE)
    try:
        if cleaned and not _SCHEME.match(cleaned):  # relative: "/a", "a", "//host/a"
            web_base = web_url(base) if base else ""
            cleaned = urljoin(web_base, cleaned) if web_base else ""
        return cleaned if cleaned and _is_web(cleaned) else ""
    except ValueError:  # a malformed host: "http://[::1"
        return ""


def _is_web(url: str) -> bool:
    if _PLAIN_WEB.match(url):
        return True
    parts = urlsplit(url)
    return parts.scheme in _WEB_SCHEMES and bool(parts.hostname)


def site_of(url: str) -> str:
    """The host a link points to, as a reader names it: ``arxiv.org``, not ``www.arxiv.org``."""
    try:
        host = (urlsplit(url).hostname or "").rstrip(".")
    except ValueError:
        return ""
    return host.removeprefix("www.")


def story_link(post_url: str, key: str, fallback: str = "") -> str:
    """Where a story stands in its newsletter: the post's link and the story's anchor;
    `fallback` (the link the sectioner chose) for a post without a web address."""
    post = web_url(post_url)
    return f"{post.split('#', 1)[0]}#{key}" if post and key else post or fallback


def cited_source(links: Iterable[str], post_url: str) -> str:
    """The story's own source: its first outbound link to another site than the post's."""
    home = site_of(post_url)
    for link in links:
        site = site_of(link)
        if site and site != home and web_url(link):
            return link
    return ""


# People


def normalise_email(address: str) -> str:
    """Check an address's syntax and return it in the one form we store."""
    # Imported here: it takes longer to load than the rest of this module, and few need it.
    from email_validator import EmailNotValidError, validate_email

    try:
        checked = validate_email(address.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidValue(f"invalid email address {address!r}: {exc}") from None
    return checked.normalized.lower()


MAX_NAME_LENGTH = 200


def normalise_name(name: str) -> str:
    """A person's name as we keep it: trimmed, on one line; control characters refused.

    A name may end up in a message's To: header, where a line break does not belong.
    """
    kept = squash(name)
    if any(unicodedata.category(char) == "Cc" for char in kept):
        raise InvalidValue(f"name {name!r} holds a control character")
    if len(kept) > MAX_NAME_LENGTH:
        raise InvalidValue(f"name longer than {MAX_NAME_LENGTH} characters")
    return kept
