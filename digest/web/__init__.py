"""The subscriber's pages, reached from the links in every email (Flask).

    /preferences/<token>          topics, own queries, cadence, time: GET shows, POST saves
    /unsubscribe/<token>          GET asks; POST unsubscribes (also RFC 8058's one-click POST)
    /resubscribe/<token>          POST undoes an unsubscribe
    /confirm/<token>              GET asks; POST confirms a pending subscription
    /view/<token>/<delivery id>   a digest as a web page, with the stories past its caps

Nothing changes on a GET: mail scanners open links to check them, and must not
unsubscribe or confirm anyone. The token in each address is the subscriber's
signed link (`digest.tokens`); the pages send no Referer, so it never leaks to
the sites the stories link to.
"""

from __future__ import annotations

from digest.web.app import create_app

__all__ = ["create_app"]
