"""The subscriber CSV and the OPML feed list, read and written (pure)."""

from __future__ import annotations

import io

import pytest

from digest.errors import InvalidValue
from digest.ingest.opml import OpmlFeed, read_opml, write_opml
from digest.subscriber_csv import (
    COLUMNS,
    RowProblem,
    SubscriberRecord,
    decode,
    read_subscribers,
    write_subscribers,
)
from digest.types import Cadence, SubscriberStatus

TOPICS = {"chips", "robots", "ai-policy"}


def read(text: str) -> tuple[list[SubscriberRecord], list[RowProblem]]:
    found = read_subscribers(text, TOPICS)
    return list(found.records), list(found.problems)


def one_problem(row: str, header: str = "email,name,topics,queries,hour,timezone") -> RowProblem:
    records, problems = read(f"{header}\n{row}\n")
    assert records == []
    assert len(problems) == 1
    return problems[0]


# The header


def test_the_columns_come_in_any_order_and_case() -> None:
    records, problems = read(" Hour ,EMAIL\n7,ada@example.org\n")
    assert problems == []
    assert records == [SubscriberRecord(email="ada@example.org", hour=7, line=2)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no header row"),
        ("\n\n", "no header row"),
        ("email,colour,size\n", "unknown columns 'colour', 'size' in the header: the columns are"),
        ("name,hour\n", "the header has no email column"),
        ("email,name,Name\n", "the header names 'name' more than once"),
        ("email,,name\n", "column 2 has no name in the header"),
        ('email,"name\n', "line 1, the header: malformed CSV: unexpected end of data"),
    ],
)
def test_a_missing_or_bad_header_refuses_the_file(text: str, message: str) -> None:
    with pytest.raises(InvalidValue, match="^" + message.replace("(", r"\(")):
        read_subscribers(text, TOPICS)


def test_a_spreadsheet_byte_order_mark_is_dropped_and_other_encodings_refused() -> None:
    assert decode("\ufeffemail\n".encode(), "list.csv") == "email\n"
    with pytest.raises(InvalidValue, match=r"list.csv is not UTF-8 text \(line 2\)"):
        decode("email\nJos\xe9@example.org\n".encode("latin-1"), "list.csv")


# Each row's problems


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("bob@,,,,,", "invalid email address 'bob@': There must be something after the @-sign."),
        (",Nobody,,,,", "no email address"),
        (
            "ada@example.org,,chips gardening,,,",
            "unknown topic 'gardening': see `digest topic list`",
        ),
        ("ada@example.org,,x;y,,,", "unknown topics 'x', 'y': see `digest topic list`"),
        ("ada@example.org,,,(chips,,", "query '(chips': unbalanced parenthesis at column 1"),
        ("ada@example.org,,,title:,,", "query 'title:': title: needs a word, a phrase or"),
        ("ada@example.org,,,,24,", "hour must be from 0 to 23, not 24"),
        ("ada@example.org,,,,8am,", "hour must be a whole number from 0 to 23, not '8am'"),
        ("ada@example.org,,,,-1,", "hour must be a whole number from 0 to 23, not '-1'"),
        ("ada@example.org,,,,,Mars/Olympus", "unknown time zone 'Mars/Olympus': use an IANA"),
        ("ada@example.org,,,,,,extra", "7 cells, but the header names 6 columns"),
        ('ada@example.org,"Ada"x,,,,', "malformed CSV: ',' expected after '\"'"),
        ("ada@example.org,Ada\x07,,,,", "name 'Ada\\x07' holds a control character"),
    ],
)
def test_each_bad_row_says_why(row: str, reason: str) -> None:
    problem = one_problem(row)
    assert problem.line == 2
    assert problem.reason.startswith(reason)


@pytest.mark.parametrize(
    ("column", "cell", "reason"),
    [
        ("status", "gone", "status 'gone': use one of pending, active, unsubscribed, bounced"),
        ("cadence", "hourly", "cadence 'hourly': use one of weekly, daily, instant"),
        ("weekday", "someday", "unknown day 'someday': use one of mon, tue, wed, thu, fri"),
        ("send_empty", "maybe", "send_empty 'maybe': use true or false"),
    ],
)
def test_each_choice_names_the_allowed_values(column: str, cell: str, reason: str) -> None:
    problem = one_problem(f"ada@example.org,{cell}", header=f"email,{column}")
    assert problem.reason.startswith(reason)
    assert str(problem).startswith(f"line 2: ada@example.org: {reason}")


def test_every_problem_of_a_row_is_given_at_once() -> None:
    problem = one_problem("Ada@Example.org,,nope,,25,Nowhere/Zone")
    assert problem.email == "ada@example.org"
    assert problem.reason.split("; ") == [
        "unknown topic 'nope': see `digest topic list`",
        "hour must be from 0 to 23, not 25",
        "unknown time zone 'Nowhere/Zone': use an IANA name such as Europe/Paris",
    ]
    assert problem.as_json() == {"line": 2, "email": "ada@example.org", "reason": problem.reason}


def test_a_refused_address_is_quoted_once() -> None:
    problem = one_problem("bob@,,,,,")
    assert problem.email == "bob@"
    assert str(problem) == f"line 2: {problem.reason}"
    assert str(one_problem(",x,,,,")) == "line 2: no email address"


def test_a_second_row_for_an_address_is_refused_naming_the_first() -> None:
    records, problems = read("email\nada@example.org\nbob@example.org\n ADA@example.ORG \n")
    assert [r.email for r in records] == ["ada@example.org", "bob@example.org"]
    assert problems == [RowProblem(4, "ada@example.org", "a duplicate of line 2: the same address")]


def test_lines_count_the_header_and_every_line_of_a_quoted_cell() -> None:
    text = (
        "email,queries,hour\n"  # line 1
        'ada@example.org,"robots\nchips\n""open weight""",7\n'  # lines 2-4
        "\n"  # line 5, blank: skipped
        "bob@example.org,,99\n"  # line 6
        'carol@example.org,"cubesat\r\n(broken",\r\n'  # lines 7-8
        "dan@example.org,,x\n"  # line 9
    )
    records, problems = read(text)
    assert [(r.email, r.line) for r in records] == [("ada@example.org", 2)]
    assert [(p.line, p.email) for p in problems] == [
        (6, "bob@example.org"),
        (7, "carol@example.org"),
        (9, "dan@example.org"),
    ]


def test_a_malformed_row_does_not_hide_the_next_ones() -> None:
    records, problems = read('email,name\nada@example.org,"Ada"x\nbob@example.org,Bob\n')
    assert [r.email for r in records] == ["bob@example.org"]
    assert [p.line for p in problems] == [2]


# What the cells mean


def test_every_column_read() -> None:
    header = ",".join(COLUMNS)
    row = (
        'ada@example.org,"Lovelace, Ada",Pending,Daily,Friday,07,Europe/Paris,'
        '"chips, robots;ai-policy chips","robot OR robots\n""open weight"" -crypto",YES'
    )
    records, problems = read(f"{header}\n{row}\n")
    assert problems == []
    assert records == [
        SubscriberRecord(
            email="ada@example.org",
            name="Lovelace, Ada",
            status=SubscriberStatus.PENDING,
            cadence=Cadence.DAILY,
            weekday=4,
            hour=7,
            timezone="Europe/Paris",
            topics=("chips", "robots", "ai-policy"),
            queries=("robot OR robots", '"open weight" -crypto'),
            send_empty=True,
            line=2,
        )
    ]


def test_empty_cells_say_nothing_except_for_name_topics_and_queries() -> None:
    header = ",".join(COLUMNS)
    records, _ = read(f"{header}\nada@example.org,,,,,,,,,\n")
    assert records == [
        SubscriberRecord(email="ada@example.org", name="", topics=(), queries=(), line=2)
    ]


def test_a_short_row_has_empty_cells_at_its_end() -> None:
    records, problems = read("email,hour,timezone\nada@example.org,9\n")
    assert problems == []
    assert records[0].hour == 9 and records[0].timezone is None


def test_queries_are_one_per_line_and_may_hold_any_operator() -> None:
    cell = '"a | b\r\n\r\n  c OR (d; e, f)  \na | b\n"'
    records, problems = read(f"email,queries\nada@example.org,{cell}\n")
    assert problems == []
    assert records[0].queries == ("a | b", "c OR (d; e, f)")


def test_a_name_is_kept_on_one_line() -> None:
    records, _ = read('email,name\nada@example.org,"  Ada\n  Lovelace "\n')
    assert records[0].name == "Ada Lovelace"


# Writing, and reading back


def test_what_is_written_reads_back_the_same() -> None:
    written = [
        SubscriberRecord(
            email="ada@example.org",
            name='Ada "Countess" Lovelace, of Lovelace',
            status=SubscriberStatus.ACTIVE,
            cadence=Cadence.WEEKLY,
            weekday=6,
            hour=0,
            timezone="America/Argentina/Buenos_Aires",
            topics=("ai-policy", "chips"),
            queries=('"open weight" -crypto', "a | b, c; d"),
            send_empty=False,
        ),
        SubscriberRecord(
            email="bob@example.org",
            name="",
            status=SubscriberStatus.BOUNCED,
            cadence=Cadence.INSTANT,
            weekday=0,
            hour=23,
            timezone="UTC",
            topics=(),
            queries=(),
            send_empty=True,
        ),
    ]
    out = io.StringIO()
    assert write_subscribers(written, out) == 2
    records, problems = read(out.getvalue())
    assert problems == []
    assert [r.__class__(**{**r.__dict__, "line": 0}) for r in records] == written
    assert out.getvalue().splitlines()[0] == ",".join(COLUMNS)


def test_a_query_written_with_a_line_break_keeps_its_meaning_on_one_line() -> None:
    out = io.StringIO()
    write_subscribers([SubscriberRecord("ada@example.org", queries=('"open\nweight"  x',))], out)
    records, _ = read(out.getvalue())
    assert records[0].queries == ('"open weight" x',)


# OPML


NESTED = b"""<?xml version="1.0" encoding="utf-8"?>
<opml version="2.0">
  <head><title>My feeds</title></head>
  <body>
    <outline text="Tech">
      <outline text="Chips" title="Chips weekly" type="rss"
               xmlUrl="https://chips.example/feed" htmlUrl="https://chips.example/"/>
      <outline text="Deeper">
        <outline text="Robots" xmlUrl=" https://robots.example/rss "/>
      </outline>
    </outline>
    <outline text="A link, not a feed" htmlUrl="https://elsewhere.example/"/>
    <outline text="Chips again" xmlUrl="https://chips.example/feed"/>
    <outline text="Lower case" xmlurl="https://lower.example/atom"/>
  </body>
</opml>
"""


def test_opml_feeds_are_read_at_any_depth_once_each() -> None:
    assert read_opml(NESTED) == [
        OpmlFeed("https://chips.example/feed", "Chips weekly", "https://chips.example/"),
        OpmlFeed("https://robots.example/rss", "Robots", ""),
        OpmlFeed("https://lower.example/atom", "Lower case", ""),
    ]


@pytest.mark.parametrize(
    "document",
    [
        b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x "boom">]>'
        b'<opml version="2.0"><body><outline text="&x;" xmlUrl="https://a.example/"/></body></opml>',
        b'<!DOCTYPE opml SYSTEM "file:///etc/passwd"><opml><body/></opml>',
        '<?xml version="1.0" encoding="utf-16"?><!DOCTYPE opml [<!ENTITY x "y">]>'
        '<opml><body><outline xmlUrl="https://a.example/"/></body></opml>'.encode("utf-16"),
    ],
    ids=["entity", "external-dtd", "utf-16"],
)
def test_an_opml_document_with_a_dtd_is_refused(document: bytes) -> None:
    with pytest.raises(InvalidValue, match=r"^feeds.opml has a DTD \(<!DOCTYPE> or <!ENTITY>\)"):
        read_opml(document, "feeds.opml")


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (b"<opml><body>", "feeds.opml is not well-formed XML: "),
        (b"<rss><channel/></rss>", "feeds.opml is not OPML: its root element is <rss>"),
        (b"<opml><body><outline text='x'/></body></opml>", "feeds.opml lists no feed"),
    ],
)
def test_a_document_that_is_no_feed_list_is_refused(document: bytes, message: str) -> None:
    with pytest.raises(InvalidValue, match="^" + message):
        read_opml(document, "feeds.opml")


def test_opml_written_reads_back_the_same() -> None:
    feeds = [
        OpmlFeed("https://a.example/feed?x=1&y=2", 'Tom & Jerry\'s "news" <weekly>', "https://a/"),
        OpmlFeed("https://b.example/rss"),
    ]
    written = write_opml(feeds)
    assert written.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<opml version=\"2.0\">")
    assert read_opml(written) == feeds


def test_characters_xml_cannot_hold_are_dropped_from_titles() -> None:
    written = write_opml([OpmlFeed("https://a.example/", "Bell\x07 and form\x0cfeed")])
    assert read_opml(written) == [OpmlFeed("https://a.example/", "Bell and formfeed")]
