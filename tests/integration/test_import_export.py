"""Bulk import and export through the command line: subscribers as CSV, feeds as OPML.

On SQLite and PostgreSQL; feeds from a real HTTP server. A second, empty database (SQLite)
receives what the first exported.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from digest.db import create_db_engine, session_factory, transaction
from digest.models import Post, Subscriber
from tests.conftest import FeedServer, Result, Route
from tests.feedbuilder import Item, issue, rss, story

Run = Callable[..., Result]
NOW = "2026-10-05T09:00:00+00:00"  # a Monday


def ok(result: Result) -> Result:
    assert result.code == 0, result.err
    return result


def add_topics(digest: Run) -> None:
    ok(digest("topic", "add", "chips", "--query", "chip OR chips", "--now", NOW))
    ok(digest("topic", "add", "robots", "--query", "robot OR robots", "--now", NOW))


def listed(digest: Run) -> dict[str, dict[str, object]]:
    return {s["email"]: s for s in json.loads(ok(digest("subscriber", "list", "--json")).out)}


def empty_database(run: Run, tmp_path: Path, name: str = "second.db") -> Run:
    """`digest` on a second database, empty but for the schema and the same topics."""
    url = f"sqlite:///{tmp_path / name}"
    ok(run("--database", url, "db", "upgrade"))

    def second(*args: str) -> Result:
        return run("--database", url, *args)

    return second


# Subscribers


BAD_ROWS = (
    "email,name,topics,queries,hour,timezone\n"  # line 1
    'ada@example.org,"Lovelace, Ada",chips,"robot OR robots\n""open weight""",7,Europe/Paris\n'
    "bob@,Bob,,,,\n"  # line 4, after a cell of two lines
    "carol@example.org,,gardening,,,\n"
    "dan@example.org,,,(broken,,\n"
    "erin@example.org,,,,,Mars/Olympus\n"
    "frank@example.org,,,,25,\n"
    "ADA@example.org,,,,,\n"
    "grace@example.org,Grace,robots,,,\n"
)


def test_bad_rows_are_named_by_line_and_the_good_ones_imported(digest: Run, tmp_path: Path) -> None:
    add_topics(digest)
    (tmp_path / "list.csv").write_text(BAD_ROWS)
    result = digest("subscriber", "import", str(tmp_path / "list.csv"), "--now", NOW)
    assert result.code == 2
    assert result.err.splitlines() == [
        "digest: line 4: invalid email address 'bob@': There must be something after the @-sign.",
        "digest: line 5: carol@example.org: unknown topic 'gardening': see `digest topic list`",
        "digest: line 6: dan@example.org: query '(broken': unbalanced parenthesis at column 1",
        "digest: line 7: erin@example.org: unknown time zone 'Mars/Olympus':"
        " use an IANA name such as Europe/Paris",
        "digest: line 8: frank@example.org: hour must be from 0 to 23, not 25",
        "digest: line 9: ada@example.org: a duplicate of line 2: the same address",
    ]
    assert result.out == "imported 2 subscribers; 6 rows refused (see above)\n"
    people = listed(digest)
    assert sorted(people) == ["ada@example.org", "grace@example.org"]
    ada = people["ada@example.org"]
    assert ada["name"] == "Lovelace, Ada"
    assert ada["status"] == "active"  # an operator's list: people who agreed
    assert (ada["topics"], ada["queries"]) == (["chips"], ["robot OR robots", '"open weight"'])
    assert (ada["hour"], ada["timezone"], ada["day"]) == (7, "Europe/Paris", "mon")
    assert ada["next_digest_at"] == "2026-10-12T05:00:00+00:00"  # next Monday, 07:00 in Paris


def test_json_reports_counts_and_every_refused_row(digest: Run, tmp_path: Path) -> None:
    add_topics(digest)
    (tmp_path / "list.csv").write_text(BAD_ROWS)
    result = digest("subscriber", "import", str(tmp_path / "list.csv"), "--json", "--now", NOW)
    assert result.code == 2
    report = json.loads(result.out)
    assert list(report) == ["imported", "updated", "skipped", "errors"]
    assert (report["imported"], report["updated"], report["skipped"]) == (2, 0, 0)
    assert [(e["line"], e["email"]) for e in report["errors"]] == [
        (4, "bob@"),
        (5, "carol@example.org"),
        (6, "dan@example.org"),
        (7, "erin@example.org"),
        (8, "frank@example.org"),
        (9, "ada@example.org"),
    ]
    assert report["errors"][2]["reason"] == "query '(broken': unbalanced parenthesis at column 1"
    again = json.loads(
        digest("subscriber", "import", str(tmp_path / "list.csv"), "--json", "--now", NOW).out
    )
    assert (again["imported"], again["skipped"]) == (0, 2)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("email,colour", "unknown column 'colour' in the header: the columns are email, name,"),
        ("name,hour", "the header has no email column"),
    ],
)
def test_a_missing_or_unknown_header_imports_nothing(
    digest: Run, tmp_path: Path, header: str, message: str
) -> None:
    (tmp_path / "list.csv").write_text(f"{header}\nada@example.org,red\n")
    result = digest("subscriber", "import", str(tmp_path / "list.csv"), "--now", NOW)
    assert result.code == 2
    assert result.err.startswith(f"digest: error: {message}")
    assert listed(digest) == {}


ROUND_TRIP = (
    "email,name,status,cadence,weekday,hour,timezone,topics,queries,send_empty\n"
    'ada@example.org,"Ada ""Countess"" Lovelace, of Lovelace",active,weekly,fri,7,Europe/Paris,'
    '"chips robots","robot OR robots\n""open weight"" -crypto\na | b, c; d",true\n'
    "bob@example.org,,pending,daily,,23,America/New_York,chips,,\n"
    "carol@example.org,Carol,unsubscribed,instant,,,,,cubesat,false\n"
    "dan@example.org,Dan,bounced,,sun,0,Asia/Tokyo,,,\n"
    "erin@example.org,Érin Ñandú,,,,,,,,\n"
)


def test_export_then_import_into_an_empty_database_round_trips(
    digest: Run, run: Run, tmp_path: Path
) -> None:
    add_topics(digest)
    (tmp_path / "list.csv").write_text(ROUND_TRIP)
    ok(digest("subscriber", "import", str(tmp_path / "list.csv"), "--now", NOW))
    exported = ok(digest("subscriber", "export")).out
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert [r["email"] for r in rows] == [
        "ada@example.org",
        "bob@example.org",
        "carol@example.org",
        "dan@example.org",
        "erin@example.org",
    ]
    assert rows[0]["queries"] == 'robot OR robots\n"open weight" -crypto\na | b, c; d'
    assert rows[0]["topics"] == "chips robots"
    assert rows[4] == {
        "email": "erin@example.org",
        "name": "Érin Ñandú",
        "status": "active",
        "cadence": "weekly",
        "weekday": "mon",
        "hour": "8",
        "timezone": "UTC",
        "topics": "",
        "queries": "",
        "send_empty": "false",
    }
    second = empty_database(run, tmp_path)
    add_topics(second)
    (tmp_path / "exported.csv").write_text(exported)
    ok(second("subscriber", "import", str(tmp_path / "exported.csv"), "--now", NOW))
    assert ok(second("subscriber", "export")).out == exported
    assert listed(second) == listed(digest)


def test_export_to_a_file_and_by_status(digest: Run, tmp_path: Path) -> None:
    add_topics(digest)
    (tmp_path / "list.csv").write_text(ROUND_TRIP)
    ok(digest("subscriber", "import", str(tmp_path / "list.csv"), "--now", NOW))
    result = ok(digest("subscriber", "export", str(tmp_path / "out.csv"), "--status", "active"))
    assert result.out == f"exported 2 subscribers to {tmp_path / 'out.csv'}\n"
    rows = list(csv.DictReader((tmp_path / "out.csv").open(newline="")))
    assert [r["email"] for r in rows] == ["ada@example.org", "erin@example.org"]


def test_update_changes_the_subscribers_already_there(digest: Run, tmp_path: Path) -> None:
    add_topics(digest)
    first = "email,name,topics,hour\nada@example.org,Ada,chips,7\nbob@example.org,Bob,robots,9\n"
    (tmp_path / "first.csv").write_text(first)
    ok(digest("subscriber", "import", str(tmp_path / "first.csv"), "--now", NOW))
    # No topics column: their topics are kept; an empty name cell clears Bob's name.
    changes = (
        "email,name,hour,status\n"
        "ada@example.org,Ada L.,10,\n"
        "bob@example.org,,,unsubscribed\n"
        "carol@example.org,Carol,,\n"
    )
    (tmp_path / "changes.csv").write_text(changes)
    skipped = ok(digest("subscriber", "import", str(tmp_path / "changes.csv"), "--now", NOW))
    assert skipped.out == (
        "imported 1 subscriber; 2 already there, skipped (--update changes them)\n"
    )
    assert listed(digest)["ada@example.org"]["hour"] == 7
    updated = ok(
        digest("subscriber", "import", str(tmp_path / "changes.csv"), "--update", "--now", NOW)
    )
    assert updated.out == "imported 0 subscribers; updated 2; 1 already there, unchanged\n"
    people = listed(digest)
    ada, bob = people["ada@example.org"], people["bob@example.org"]
    assert (ada["name"], ada["hour"], ada["topics"], ada["status"]) == (
        "Ada L.",
        10,
        ["chips"],
        "active",
    )
    assert ada["next_digest_at"] == "2026-10-05T10:00:00+00:00"  # later today
    assert (bob["name"], bob["status"], bob["topics"]) == ("", "unsubscribed", ["robots"])
    again = ok(digest("subscriber", "import", str(tmp_path / "changes.csv"), "--update", "--json"))
    assert json.loads(again.out) == {"imported": 0, "updated": 0, "skipped": 3, "errors": []}


def test_pending_queues_a_confirmation_for_each_new_subscriber(digest: Run, tmp_path: Path) -> None:
    rows = (
        "email,status\nada@example.org,active\nbob@example.org,\ncarol@example.org,unsubscribed\n"
    )
    (tmp_path / "list.csv").write_text(rows)
    ok(digest("subscriber", "import", str(tmp_path / "list.csv"), "--pending", "--now", NOW))
    people = listed(digest)
    assert {e: s["status"] for e, s in people.items()} == {
        "ada@example.org": "pending",
        "bob@example.org": "pending",
        "carol@example.org": "unsubscribed",  # never mailed again, whatever the flag
    }
    outbox = json.loads(ok(digest("outbox", "--json")).out)
    assert sorted((d["to"], d["kind"], d["status"]) for d in outbox) == [
        ("ada@example.org", "confirmation", "queued"),
        ("bob@example.org", "confirmation", "queued"),
    ]


def test_pending_with_update_activates_nobody_but_an_unsubscribe_still_counts(
    digest: Run, tmp_path: Path
) -> None:
    ok(digest("subscriber", "add", "ada@example.org", "--now", NOW))  # pending, confirmation queued
    ok(digest("subscriber", "add", "bob@example.org", "--now", NOW))
    rows = "email,status,hour\nada@example.org,active,6\nbob@example.org,unsubscribed,\n"
    (tmp_path / "list.csv").write_text(rows)
    ok(
        digest(
            "subscriber",
            "import",
            str(tmp_path / "list.csv"),
            "--pending",
            "--update",
            "--now",
            NOW,
        )
    )
    people = listed(digest)
    assert (people["ada@example.org"]["status"], people["ada@example.org"]["hour"]) == (
        "pending",
        6,
    )
    assert people["bob@example.org"]["status"] == "unsubscribed"
    outbox = json.loads(ok(digest("outbox", "--json")).out)
    assert sorted((d["to"], d["status"]) for d in outbox) == [
        ("ada@example.org", "queued"),
        ("bob@example.org", "cancelled"),
    ]


def test_an_imported_row_is_the_subscriber_add_would_make(digest: Run, tmp_path: Path) -> None:
    add_topics(digest)
    options = ["--topic", "chips", "--cadence", "daily", "--hour", "6", "--timezone", "Asia/Tokyo"]
    ok(digest("subscriber", "add", "ada@example.org", *options, "--name", "Ada", "--now", NOW))
    row = "email,name,status,topics,cadence,hour,timezone\n"
    row += "bob@example.org,Ada,pending,chips,daily,6,Asia/Tokyo\n"
    (tmp_path / "list.csv").write_text(row)
    ok(digest("subscriber", "import", str(tmp_path / "list.csv"), "--now", NOW))
    people = listed(digest)
    added, imported = people["ada@example.org"], people["bob@example.org"]
    assert {**added, "email": None} == {**imported, "email": None}
    outbox = json.loads(ok(digest("outbox", "--json")).out)
    assert sorted(d["to"] for d in outbox if d["kind"] == "confirmation") == [
        "ada@example.org",
        "bob@example.org",
    ]


def test_a_dry_run_checks_and_reports_but_writes_nothing(digest: Run, tmp_path: Path) -> None:
    add_topics(digest)
    (tmp_path / "list.csv").write_text(BAD_ROWS)
    result = digest("subscriber", "import", str(tmp_path / "list.csv"), "--dry-run")
    assert result.code == 2
    assert result.out == (
        "would have imported 2 subscribers; 6 rows refused (see above) (dry run: nothing written)\n"
    )
    assert len(result.err.splitlines()) == 6
    assert listed(digest) == {}


def test_import_reads_standard_input(digest: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    data = "\ufeffemail,name\nada@example.org,Ada\n".encode()  # as a spreadsheet saves it
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    result = ok(digest("subscriber", "import", "-", "--now", NOW))
    assert result.out == "imported 1 subscriber\n"
    assert listed(digest)["ada@example.org"]["name"] == "Ada"


def test_five_thousand_rows_are_imported(digest: Run, tmp_path: Path) -> None:
    add_topics(digest)
    lines = ["email,name,topics,queries,cadence,hour,timezone"]
    zones = ("UTC", "Europe/Paris", "America/New_York")
    for i in range(5000):
        topics = ("chips", "robots", "chips;robots")[i % 3]
        query = '"cubesat\n""open weight"" -crypto"' if i % 2 else ""
        cadence = ("weekly", "daily", "instant")[i % 3]
        lines.append(
            f"reader{i}@example.org,Reader {i},{topics},{query},{cadence},{i % 24},{zones[i % 3]}"
        )
    (tmp_path / "big.csv").write_text("\n".join(lines) + "\n")
    result = ok(digest("subscriber", "import", str(tmp_path / "big.csv"), "--now", NOW))
    assert result.out == "imported 5,000 subscribers\n"
    rows = list(csv.DictReader(io.StringIO(ok(digest("subscriber", "export")).out)))
    assert len(rows) == 5000
    reader = next(r for r in rows if r["email"] == "reader4997@example.org")
    assert reader["topics"] == "chips robots"
    assert reader["queries"] == 'cubesat\n"open weight" -crypto'
    assert (reader["cadence"], reader["hour"], reader["timezone"]) == (
        "instant",
        "5",
        "America/New_York",
    )


def test_names_on_add_set_and_list(digest: Run) -> None:
    ok(digest("subscriber", "add", "ada@example.org", "--name", " Ada  Lovelace ", "--now", NOW))
    assert listed(digest)["ada@example.org"]["name"] == "Ada Lovelace"
    ok(digest("subscriber", "set", "ada@example.org", "--name", "Countess", "--now", NOW))
    table = ok(digest("subscriber", "list")).out.splitlines()
    assert table[0].split() == ["EMAIL", "NAME", "STATUS", "CADENCE", "TOPICS", "QUERIES"]
    assert table[1].split()[:3] == ["ada@example.org", "Countess", "pending"]
    refused = digest("subscriber", "set", "ada@example.org", "--name", "bell\x07", "--now", NOW)
    assert refused.code == 2
    assert refused.err == "digest: error: name 'bell\\x07' holds a control character\n"


def test_list_and_show_tell_until_when_a_subscriber_paused(digest: Run, db_url: str) -> None:
    ok(digest("subscriber", "add", "ada@example.org", "--confirmed", "--now", NOW))
    ok(digest("subscriber", "add", "bob@example.org", "--confirmed", "--now", NOW))
    engine = create_db_engine(db_url)
    with transaction(session_factory(engine)) as session:
        ada = session.scalars(select(Subscriber).where(Subscriber.email == "ada@example.org")).one()
        ada.paused_until = datetime(2026, 12, 24, tzinfo=UTC)  # set on her preference page
    engine.dispose()
    everyone = listed(digest)
    assert everyone["ada@example.org"]["paused_until"] == "2026-12-24T00:00:00+00:00"
    assert everyone["bob@example.org"]["paused_until"] is None
    shown = json.loads(ok(digest("subscriber", "show", "ada@example.org", "--json")).out)
    assert shown["paused_until"] == "2026-12-24T00:00:00+00:00"


# Feeds


def letter(title: str) -> bytes:
    return rss(Item("1", "Issue 1", issue(story(f"{title} news", "About chips."))), title=title)


def opml(*outlines: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<opml version="2.0"><head><title>mine</title>'
        f"</head><body>{''.join(outlines)}</body></opml>\n"
    )


def feed_outline(server: FeedServer, path: str, text: str = "") -> str:
    return f'<outline text="{text or path}" type="rss" xmlUrl="{server.url(path)}"/>'


def feed_urls(digest: Run) -> list[str]:
    return [f["url"] for f in json.loads(ok(digest("feed", "list", "--json")).out)]


def test_opml_import_adds_the_feeds_of_nested_outlines_as_archive(
    digest: Run, feed_server: FeedServer, db_url: str, tmp_path: Path
) -> None:
    for path, title in (("/a", "Letter A"), ("/b", "Letter B"), ("/c", "Letter C")):
        feed_server.routes[path] = Route(body=letter(title))
    document = opml(
        '<outline text="Tech">',
        feed_outline(feed_server, "/a"),
        '<outline text="Deeper">',
        feed_outline(feed_server, "/b"),
        "</outline></outline>",
        '<outline text="A site, not a feed" htmlUrl="https://elsewhere.example/"/>',
        feed_outline(feed_server, "/c"),
    )
    (tmp_path / "feeds.opml").write_text(document)
    result = ok(digest("feed", "import", str(tmp_path / "feeds.opml"), "--json", "--now", NOW))
    report = json.loads(result.out)
    assert list(report) == ["added", "skipped", "failed"]
    assert [a["url"] for a in report["added"]] == [feed_server.url(p) for p in ("/a", "/b", "/c")]
    assert all(a["new_posts"] == 1 for a in report["added"])
    assert (report["skipped"], report["failed"]) == ([], [])
    assert sorted(feed_urls(digest)) == sorted(feed_server.url(p) for p in ("/a", "/b", "/c"))
    engine = create_db_engine(db_url)
    try:
        with transaction(session_factory(engine)) as session:
            assert list(session.scalars(select(Post.deliverable))) == [False, False, False]
    finally:
        engine.dispose()


def test_a_feed_that_fails_is_named_and_the_others_are_added(
    digest: Run, feed_server: FeedServer, tmp_path: Path
) -> None:
    feed_server.routes["/a"] = Route(body=letter("Letter A"))
    feed_server.routes["/b"] = Route(body=letter("Letter B"))
    paths = ("/a", "/missing", "/b")
    (tmp_path / "feeds.opml").write_text(opml(*(feed_outline(feed_server, p) for p in paths)))
    result = digest("feed", "import", str(tmp_path / "feeds.opml"), "--now", NOW)
    assert result.code == 1
    missing = feed_server.url("/missing")
    assert result.err == f"digest: error: {missing}: HTTP 404 Not Found\n"
    assert result.out.splitlines()[-1] == (
        "added 2 feeds (their posts kept as archive, not delivered); 1 failed (see above)"
    )
    assert sorted(feed_urls(digest)) == [feed_server.url("/a"), feed_server.url("/b")]
    again = digest("feed", "import", str(tmp_path / "feeds.opml"), "--json", "--now", NOW)
    assert again.code == 1
    assert json.loads(again.out) == {
        "added": [],
        "skipped": [feed_server.url("/a"), feed_server.url("/b")],
        "failed": [{"url": missing, "error": f"{missing}: HTTP 404 Not Found"}],
    }


def test_feeds_already_there_are_skipped_without_a_fetch(
    digest: Run, feed_server: FeedServer, tmp_path: Path
) -> None:
    feed_server.routes["/a"] = Route(body=letter("Letter A"))
    ok(digest("feed", "add", feed_server.url("/a"), "--now", NOW))
    feed_server.requests.clear()
    (tmp_path / "feeds.opml").write_text(opml(feed_outline(feed_server, "/a")))
    result = ok(digest("feed", "import", str(tmp_path / "feeds.opml"), "--now", NOW))
    assert result.out.splitlines() == [
        f"{feed_server.url('/a')}: there already, skipped",
        "added 0 feeds (their posts kept as archive, not delivered); 1 there already",
    ]
    assert feed_server.requests == []


def test_an_opml_file_with_a_dtd_is_refused(
    digest: Run, feed_server: FeedServer, tmp_path: Path
) -> None:
    feed_server.routes["/a"] = Route(body=letter("Letter A"))
    document = opml(feed_outline(feed_server, "/a", "&x;")).replace(
        "<opml", '<!DOCTYPE opml [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<opml', 1
    )
    (tmp_path / "feeds.opml").write_text(document)
    result = digest("feed", "import", str(tmp_path / "feeds.opml"), "--now", NOW)
    assert result.code == 2
    assert result.err == (
        f"digest: error: {tmp_path / 'feeds.opml'} has a DTD (<!DOCTYPE> or <!ENTITY>): refused,"
        " as entities can read local files or blow up; remove the DTD and import it again\n"
    )
    assert feed_urls(digest) == []
    assert feed_server.requests == []


def test_feed_export_then_import_into_an_empty_database(
    digest: Run, run: Run, feed_server: FeedServer, tmp_path: Path
) -> None:
    for path, title in (("/a", "Letter A & Co"), ("/b", "Letter B")):
        feed_server.routes[path] = Route(body=letter(title))
        ok(digest("feed", "add", feed_server.url(path), "--now", NOW))
    exported = ok(digest("feed", "export")).out
    assert '<outline type="rss" text="Letter A &amp; Co" title="Letter A &amp; Co"' in exported
    assert 'htmlUrl="https://letter.example/"' in exported
    result = ok(digest("feed", "export", str(tmp_path / "feeds.opml")))
    assert result.out == f"exported 2 feeds to {tmp_path / 'feeds.opml'}\n"
    second = empty_database(run, tmp_path)
    imported = ok(second("feed", "import", str(tmp_path / "feeds.opml"), "--now", NOW))
    assert imported.out.splitlines()[-1].startswith("added 2 feeds")
    assert ok(second("feed", "export")).out == exported
