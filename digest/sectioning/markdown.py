"""Posts whose text is Markdown source, as some static-site and GitHub-based newsletters
put in a feed (pure).

Such a post is cut like its HTML rendering: `## ` lines are its headings, `**x**` its
bold leads, `[a](url)` its links. Detection is strict, so that a plain-text mail (with
`*` bullets and `====` underlines of its own) keeps being read as plain text.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_ATX_HEADING = re.compile(r"^ {0,3}#{1,6} \S", re.M)
_LINK = re.compile(r"\[[^\]\n]+\]\(https?://[^)\s]+\)")
_BOLD = re.compile(r"\*\*\S[^*\n]*?\*\*|__\S[^_\n]*?__")
#: Two bullet lines in a row: a list, not a line that happens to start with a dash.
_BULLET_RUN = re.compile(r"^ {0,3}[-*] \S.*\n {0,3}[-*] \S", re.M)
#: Markup a feed's HTML would have: then the post is HTML, whatever its text says.
_HTML_TAG = re.compile(r"</?(?:p|div|br|a|h[1-6]|ul|ol|li|table|span|strong|em|b|i)\b", re.I)


def looks_like_markdown(text: str) -> bool:
    """Markdown by strict evidence: two ATX headings, or an ATX heading or a Markdown
    link together with one more kind of Markdown (bold, a bullet list, a link)."""
    if _HTML_TAG.search(text):
        return False
    headings = len(_ATX_HEADING.findall(text))
    if headings >= 2:
        return True
    links = len(_LINK.findall(text))
    if not (headings or links):
        return False  # bold and bullets alone are also plain-text mail conventions
    others = (links >= 2) + bool(_BOLD.search(text)) + bool(_BULLET_RUN.search(text))
    return bool(headings and links) or others >= 1


def markdown_to_html(text: str) -> str:
    """The CommonMark rendering of `text`; raw HTML in it is escaped, not passed on."""
    html: str = _renderer().render(text)
    return html


@cache
def _renderer() -> MarkdownIt:
    # Imported here: the command line starts without it.
    from markdown_it import MarkdownIt

    # GitHub's tables and strikethrough too; no raw HTML, so nothing unsanitised gets in.
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
