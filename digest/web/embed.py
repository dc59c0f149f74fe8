"""The sign-up form an operator pastes into their own site (pure).

It sends the visitor, with the address and topics they chose, to `/subscribe` (a GET:
nothing is stored yet), where the page shows the whole form again with its token and
the visitor presses Subscribe. So another site's page never POSTs to ours, and a
snippet that never changes needs no token of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from digest.web.signup import TopicChoice


def embed_snippet(base_url: str, site_name: str, topics: Sequence[TopicChoice] = ()) -> str:
    """HTML for a sign-up form on another site; with `topics`, one checkbox each."""
    action = escape(base_url.rstrip("/") + "/subscribe")
    lines = [
        f'<form class="digest-signup" method="get" action="{action}">',
        f"  <label>Get {escape(site_name)} by email",
        '    <input type="email" name="email" required autocomplete="email"'
        ' placeholder="you@example.org"></label>',
    ]
    for topic in topics:
        title = f' title="{escape(topic.description)}"' if topic.description else ""
        lines.append(
            f'  <label{title}><input type="checkbox" name="topics"'
            f' value="{escape(topic.slug)}"> {escape(topic.name)}</label>'
        )
    lines += ['  <button type="submit">Subscribe</button>', "</form>"]
    return "\n".join(lines) + "\n"
