"""Render emails from Jinja2 templates (pure: values in, strings out)."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from digest.resources import resource_path
from digest.text import shorten, squash
from digest.types import RenderedMessage, SectionView

EXCERPT_LENGTH = 320


@dataclass(frozen=True)
class Links:
    preferences: str
    unsubscribe: str


@dataclass(frozen=True)
class DigestContext:
    """Everything a digest template may use."""

    email: str
    sections: Sequence[SectionView]
    links: Links
    now: datetime
    site_name: str = "digest"


@lru_cache(maxsize=4)
def environment(template_dir: Path | None = None) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(template_dir or resource_path("templates"))),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["excerpt"] = excerpt
    env.filters["wrap"] = wrap
    return env


def excerpt(text: str, limit: int = EXCERPT_LENGTH) -> str:
    """The opening of a story, cut at a sentence end where one falls late enough."""
    flat = squash(text)
    if len(flat) <= limit:
        return flat
    window = flat[:limit]
    end = max(window.rfind(". "), window.rfind("? "), window.rfind("! "))
    return window[: end + 1] if end > limit // 2 else shorten(flat, limit)


def wrap(text: str, width: int = 72, indent: str = "") -> str:
    return "\n".join(
        textwrap.fill(
            line,
            width,
            initial_indent=indent,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
        )
        if line.strip()
        else ""
        for line in text.splitlines()
    )


def render_digest(context: DigestContext, template_dir: Path | None = None) -> RenderedMessage:
    env = environment(template_dir)
    values = {"digest": context}
    subject = squash(env.get_template("email/digest_subject.txt").render(values))
    return RenderedMessage(
        subject=subject,
        html=env.get_template("email/digest.html").render(values),
        text=env.get_template("email/digest.txt").render(values),
    )
