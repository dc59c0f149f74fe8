"""Links a post or a story may carry: absolute http(s) only, however the others are spelt."""

from __future__ import annotations

import pytest

from digest.text import web_url

BASE = "https://letter.example/issues/12"


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "JAVASCRIPT:alert(1)",
        "java\tscript:alert(1)",  # "java&#x09;script:" once the feed's entities are decoded
        "java\nscript:alert(1)",
        "java\r\nscript:alert(1)",
        "\x00javascript:alert(1)",
        "\x1f javascript:alert(1) \x7f",
        "vbscript:msgbox(1)",
        "VBScript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "file:///etc/passwd",
        "mailto:someone@example.org",
        "ftp://files.example/a",
        "c:\\Users\\a.html",
        "http://",
        "https://",
        "https:a",  # a scheme of its own makes a link absolute, and this one has no host
        "http://[::1",
        "",
        "   ",
    ],
)
def test_any_other_scheme_or_no_host_is_dropped(link: str) -> None:
    assert web_url(link) == ""
    assert web_url(link, BASE) == ""


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("https://letter.example/a", "https://letter.example/a"),
        ("http://letter.example/a?b=1#c", "http://letter.example/a?b=1#c"),
        ("HTTPS://Letter.example/a", "HTTPS://Letter.example/a"),
        ("  https://letter.example/a\n", "https://letter.example/a"),
        ("https://letter.example/a\tb", "https://letter.example/ab"),  # as a browser reads it
    ],
)
def test_absolute_web_links_are_kept(link: str, expected: str) -> None:
    assert web_url(link) == expected
    assert web_url(link, "https://elsewhere.example/") == expected


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("/a", "https://letter.example/a"),
        ("a", "https://letter.example/issues/a"),
        ("../a", "https://letter.example/a"),
        ("?page=2", "https://letter.example/issues/12?page=2"),
        ("#story", "https://letter.example/issues/12#story"),
        ("//cdn.example/a", "https://cdn.example/a"),
        # No scheme of its own (an undecoded entity, an escaped colon): a path on the site.
        ("java&#x09;script:alert(1)", "https://letter.example/issues/java&#x09;script:alert(1)"),
        ("javascript%3Aalert(1)", "https://letter.example/issues/javascript%3Aalert(1)"),
    ],
)
def test_relative_links_are_resolved_against_a_web_base(link: str, expected: str) -> None:
    assert web_url(link, BASE) == expected


@pytest.mark.parametrize(
    "base", ["", "javascript:alert(1)", "file:///srv/feed.xml", "/srv/feed.xml", "http://[::1"]
)
def test_a_relative_link_without_a_web_base_is_dropped(base: str) -> None:
    assert web_url("/a", base) == ""
