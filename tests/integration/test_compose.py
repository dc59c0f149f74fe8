"""What a digest holds: caps per topic and overall, overflow kept out of later digests,
and the "nothing matched" note for those who want it; on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from sqlalchemy import func, select

from digest.db import create_db_engine
from digest.mail.capture import Inbox
from digest.mail.compose import apply_caps
from digest.models import Delivery, DeliverySection, Section
from digest.types import Reason, SectionView
from tests.conftest import Result
from tests.feedbuilder import Item, issue, rss, story

Run = Callable[..., Result]
NOW = "2026-11-20T09:00:00+00:00"
MONDAY_9AM = "2026-11-23T09:00:00+00:00"


def at(hours: int) -> str:
    return f"2026-11-20T{9 + hours:02d}:00:00+00:00"


def ok(result: Result) -> Result:
    assert result.code == 0, result.err
    return result


def parts(raw: bytes) -> tuple[str, str, str]:
    message = message_from_bytes(raw, policy=policy.default)
    html = message.get_body(("html",))
    text = message.get_body(("plain",))
    assert html is not None and text is not None
    return str(message["Subject"]), str(html.get_content()), str(text.get_content())


def headlines(html: str) -> list[str]:
    return re.findall(r'<h3 class="headline"[^>]*><a [^>]*>([^<]*)</a></h3>', html)


def chip_feed(path: Path, count: int) -> str:
    stories = [story(f"Chip story {n}", f"A chip for job {n}, then more.") for n in range(count)]
    stories += [story(f"Robot story {n}", f"A robot for job {n}.") for n in range(3)]
    path.write_bytes(rss(Item("1", "Issue 1", issue(*stories))))
    return str(path)


@pytest.fixture
def capped(digest: Run, monkeypatch: pytest.MonkeyPatch) -> Run:
    monkeypatch.setenv("DIGEST_PER_TOPIC_CAP", "3")
    monkeypatch.setenv("DIGEST_MAX_SECTIONS", "5")
    ok(digest("topic", "add", "chips", "--query", "chip", "--now", NOW))
    ok(digest("topic", "add", "robots", "--query", "robot", "--now", NOW))
    return digest


def test_caps_per_topic_and_overall_with_the_rest_counted(
    capped: Run, smtp_server: Inbox, tmp_path: Path
) -> None:
    reader = ("subscriber", "add", "ada@example.org", "--topic", "chips", "--topic", "robots")
    ok(capped(*reader, "--confirmed", "--now", NOW))
    ok(capped("feed", "add", chip_feed(tmp_path / "f.xml", 8), "--backfill", "--now", NOW))
    ok(capped("send", "--all", "--now", NOW))
    [message] = smtp_server.messages
    _, html, text = parts(message.raw)
    shown = headlines(html)
    assert len(shown) == 5  # the overall cap
    # Robot stories rank first (a rarer word scores higher); chips fill the rest.
    assert sum(title.startswith("Robot") for title in shown) == 3  # the per-topic cap
    assert sum(title.startswith("Chip") for title in shown) == 2
    assert "6 more stories matched your topics" in html  # 11 matched, 5 shown
    assert "6 more stories matched your topics" in text

    again = json.loads(ok(capped("send", "--all", "--now", NOW, "--json")).out)
    assert again["deliveries"] == []  # the overflow was recorded with the first digest
    assert len(smtp_server.messages) == 1


def test_what_a_digest_listed_past_its_caps_is_never_offered_again(
    capped: Run, db_url: str, smtp_server: Inbox, tmp_path: Path
) -> None:
    """Stories past the caps are promised as shown ones are: a later digest neither shows
    nor counts them, and covers the same story told again by another feed."""
    reader = ("subscriber", "add", "ada@example.org", "--topic", "chips", "--confirmed")
    ok(capped(*reader, "--now", NOW))
    ok(capped("feed", "add", chip_feed(tmp_path / "f.xml", 8), "--backfill", "--now", NOW))
    ok(capped("send", "--all", "--now", NOW))
    shown = headlines(parts(smtp_server.messages[0].raw)[1])
    listed = [f"Chip story {n}" for n in range(8) if f"Chip story {n}" not in shown]
    assert len(shown) == 3 and len(listed) == 5  # the per-topic cap
    retold = listed[-1]
    told = story(retold, f"A chip for job {retold.rsplit(' ', 1)[1]}, then more.")
    new = story("Chip story new", "A chip for a new job, then more.")
    (tmp_path / "g.xml").write_bytes(rss(Item("2", "Issue 2", issue(told, new))))
    ok(capped("feed", "add", str(tmp_path / "g.xml"), "--backfill", "--now", at(2)))
    ok(capped("send", "--all", "--now", at(2)))
    html = parts(smtp_server.messages[1].raw)[1]
    assert headlines(html) == ["Chip story new"]
    assert "more stories matched" not in html and "more story matched" not in html
    engine = create_db_engine(db_url)
    with engine.connect() as connection:  # the second digest shows one and covers one
        rows = connection.execute(
            select(Section.title, DeliverySection.shown)
            .join(DeliverySection, DeliverySection.section_id == Section.id)
            .where(DeliverySection.delivery_id == select(func.max(Delivery.id)).scalar_subquery())
        ).all()
    engine.dispose()
    assert sorted(rows) == sorted([("Chip story new", True), (retold, False)])


def test_preview_and_match_show_the_capped_digest(capped: Run, tmp_path: Path) -> None:
    ok(
        capped(
            "subscriber", "add", "ada@example.org", "--topic", "chips", "--confirmed", "--now", NOW
        )
    )
    ok(capped("feed", "add", chip_feed(tmp_path / "f.xml", 8), "--backfill", "--now", NOW))
    matched = json.loads(ok(capped("match", "ada@example.org", "--now", NOW, "--json")).out)
    assert len(matched) == 3
    preview = ok(capped("preview", "ada@example.org", "--now", NOW)).out
    assert "5 more stories matched your topics" in preview


def test_an_empty_digest_is_skipped_unless_the_reader_asked_for_a_note(
    digest: Run, smtp_server: Inbox, tmp_path: Path
) -> None:
    ok(digest("topic", "add", "chips", "--query", "chip", "--now", NOW))
    schedule = ("--day", "mon", "--hour", "9", "--timezone", "UTC", "--confirmed", "--now", NOW)
    ok(digest("subscriber", "add", "quiet@example.org", "--topic", "chips", *schedule))
    ok(
        digest(
            "subscriber",
            "add",
            "keen@example.org",
            "--topic",
            "chips",
            "--empty-digests",
            *schedule,
        )
    )
    shown = json.loads(ok(digest("subscriber", "show", "keen@example.org", "--json")).out)
    assert shown["empty_digests"] is True
    ok(digest("send", "--due", "--now", MONDAY_9AM))
    [message] = smtp_server.messages
    assert list(message.recipients) == ["keen@example.org"]
    subject, html, text = parts(message.raw)
    assert subject == "Nothing new matched your topics"
    assert "Nothing new matched your topics since your last digest" in html
    assert "Unsubscribe" in html and "Unsubscribe:" in text
    # The same period is not sent twice, and the note can be turned off.
    ok(digest("send", "--due", "--now", MONDAY_9AM))
    ok(digest("subscriber", "set", "keen@example.org", "--no-empty-digests", "--now", NOW))
    ok(digest("send", "--due", "--now", "2026-11-30T09:00:00+00:00"))
    assert len(smtp_server.messages) == 1


def view(number: int, topic: str, score: float) -> SectionView:
    from datetime import UTC, datetime

    return SectionView(
        id=number,
        feed="F",
        post="P",
        title=f"{topic} {number}",
        teaser="",
        url=f"https://example.org/{number}",
        published_at=datetime(2026, 11, 1, tzinfo=UTC),
        score=score,
        reasons=(Reason(topic, topic, (topic,), score=score),),
    )


@pytest.mark.parametrize(
    ("per_topic", "total", "kept", "rest"),
    [
        (5, 20, [1, 2, 3, 4, 5, 6], []),
        (2, 20, [1, 2, 4, 5], [3, 6]),
        (5, 3, [1, 2, 3], [4, 5, 6]),
        (1, 1, [1], [2, 3, 4, 5, 6]),
    ],
)
def test_apply_caps_keeps_rank_order(
    per_topic: int, total: int, kept: list[int], rest: list[int]
) -> None:
    ranked = [view(n, "a" if n <= 3 else "b", 10 - n) for n in range(1, 7)]
    shown, over = apply_caps(ranked, per_topic, total)
    assert [v.id for v in shown] == kept
    assert [v.id for v in over] == rest


def test_an_instant_reader_gets_one_notification_per_post(
    digest: Run, smtp_server: Inbox, db_url: str, tmp_path: Path
) -> None:
    from sqlalchemy import func, select

    from digest.db import create_db_engine
    from digest.models import Match

    def stored_matches() -> int:
        engine = create_db_engine(db_url)
        try:
            with engine.connect() as connection:
                count = connection.execute(select(func.count()).select_from(Match)).scalar_one()
                return int(count)
        finally:
            engine.dispose()

    ok(digest("topic", "add", "chips", "--query", "chip", "--now", NOW))
    instant = ("--cadence", "instant", "--confirmed", "--now", NOW)
    ok(digest("subscriber", "add", "quick@example.org", "--topic", "chips", *instant))
    feed = tmp_path / "feed.xml"
    feed.write_bytes(rss())
    ok(digest("feed", "add", str(feed), "--now", NOW))

    first = [story("A chip for kettles", "Kettles boil on time."), story("Tomatoes", "Late.")]
    second = [story("Chips in tractors", "A chip steers."), story("Verilog chip class", "A chip.")]
    feed.write_bytes(rss(Item("1", "Issue 1", issue(*first))))
    ok(digest("poll", "--all", "--now", NOW))
    feed.write_bytes(rss(Item("2", "Issue 2", issue(*second)), Item("1", "Issue 1", issue(*first))))
    ok(digest("poll", "--all", "--now", at(hours=1)))
    assert stored_matches() == 3

    sent = json.loads(
        ok(digest("send", "--due", "--now", "2026-11-20T11:00:00+00:00", "--json")).out
    )
    # Both go out in one send, over several connections: in either order.
    assert sorted(d["sections"] for d in sent["deliveries"]) == [1, 2]
    assert stored_matches() == 0  # the deliveries now record what was promised
    subjects = sorted(parts(m.raw)[0] for m in smtp_server.messages)
    assert subjects[0] == "A chip for kettles"
    assert subjects[1].endswith("(+1 more)")
    [second] = [m for m in smtp_server.messages if parts(m.raw)[0].endswith("(+1 more)")]
    _, html, text = parts(second.raw)
    assert "New in Test Letter: 2 stories for you" in html
    assert "as soon as they are published" in text

    again = json.loads(
        ok(digest("send", "--due", "--now", "2026-11-20T12:00:00+00:00", "--json")).out
    )
    assert again["deliveries"] == []


def test_switching_to_instant_sends_a_last_digest_so_nothing_is_lost(
    digest: Run, smtp_server: Inbox, tmp_path: Path
) -> None:
    ok(digest("topic", "add", "chips", "--query", "chip", "--now", NOW))
    weekly = ("--day", "mon", "--hour", "9", "--timezone", "UTC", "--confirmed", "--now", NOW)
    ok(digest("subscriber", "add", "ada@example.org", "--topic", "chips", *weekly))
    ok(digest("feed", "add", chip_feed(tmp_path / "f.xml", 2), "--backfill", "--now", NOW))
    set_instant = ("subscriber", "set", "ada@example.org", "--cadence", "instant")
    ok(digest(*set_instant, "--now", at(hours=1)))
    sent = json.loads(ok(digest("send", "--due", "--now", at(hours=2), "--json")).out)
    assert [d["to"] for d in sent["deliveries"]] == ["ada@example.org"]
    [message] = smtp_server.messages
    assert sorted(headlines(parts(message.raw)[1])) == ["Chip story 0", "Chip story 1"]
    # Switching back and forth does not send the same stories again.
    ok(digest("subscriber", "set", "ada@example.org", "--cadence", "weekly", "--now", at(hours=3)))
    ok(digest(*set_instant, "--now", at(hours=3)))
    ok(digest("send", "--due", "--now", at(hours=4)))
    assert len(smtp_server.messages) == 1


def test_a_pending_subscriber_is_asked_to_confirm_once(
    digest: Run, smtp_server: Inbox, tmp_path: Path
) -> None:
    ok(digest("topic", "add", "chips", "--query", "chip", "--now", NOW))
    ok(digest("subscriber", "add", "new@example.org", "--topic", "chips", "--now", NOW))
    ok(
        digest(
            "subscriber",
            "add",
            "known@example.org",
            "--topic",
            "chips",
            "--confirmed",
            "--now",
            NOW,
        )
    )
    ok(digest("feed", "add", chip_feed(tmp_path / "f.xml", 2), "--backfill", "--now", NOW))
    ok(digest("send", "--due", "--now", at(hours=1)))
    [message] = smtp_server.messages
    assert list(message.recipients) == ["new@example.org"]
    subject, html, text = parts(message.raw)
    assert subject == "Please confirm your subscription to Digest"
    assert "/confirm/" in text
    assert re.search(r'href="http://localhost:8000/confirm/[\w.-]+"', html)
    assert "Chip story" not in html  # no stories before they confirm
    ok(digest("send", "--due", "--now", at(hours=2)))
    assert len(smtp_server.messages) == 1
