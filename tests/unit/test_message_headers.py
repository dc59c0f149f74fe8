"""The MIME message's headers and lines: RFC 5322 limits, list headers, injection, DKIM.

Every message is read back by two independent parsers: the standard library's and
fast-mail-parser (Rust's mailparse), and DKIM signatures are verified by dkimpy
against a key made for the test.
"""

from __future__ import annotations

import base64
import binascii
import email
import email.policy
import pickle
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

import dkim
import fast_mail_parser
import pytest
from hypothesis import given, settings, strategies as st

from digest.errors import ConfigError, InvalidAddress
from digest.mail.message import (
    DKIM_HEADERS,
    DkimKey,
    Envelope,
    build_message,
    message_id,
    redirected,
    sign_message,
)
from digest.tokens import make_token
from digest.types import RenderedMessage

NOW = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
TOKEN = make_token("test-secret", 7, 1)
UNSUBSCRIBE = f"https://digest.example.org/unsubscribe/{TOKEN}"
MAILTO = f"mailto:digest@example.org?subject=unsubscribe%20{TOKEN}"
SELECTOR = "mail2026"
HEADERS = {
    "From",
    "To",
    "Subject",
    "Date",
    "Message-ID",
    "List-Id",
    "List-Unsubscribe",
    "List-Unsubscribe-Post",
    "Precedence",
    "Auto-Submitted",
    "MIME-Version",
    "Content-Type",
}
RENDERED = RenderedMessage(
    subject="Café <chips> & “robots” über alles and 1 more story",
    html="<p>Café <b>chips</b> – “robots”</p>\n<p>" + "a long line, " * 300 + "</p>\n",
    text="Café chips – “robots”\n\nUnsubscribe: " + UNSUBSCRIBE + "\n",
)


def envelope(**changes: str | datetime) -> Envelope:
    base = Envelope(
        sender="Example Digest <digest@example.org>",
        to="reader@example.com",
        list_id="digest.example.org",
        unsubscribe_url=UNSUBSCRIBE,
        date=NOW,
        message_key="delivery:7:weekly:2026-11-16",
        unsubscribe_token=TOKEN,
    )
    return replace(base, **changes)


def build(rendered: RenderedMessage = RENDERED, **changes: str | datetime) -> EmailMessage:
    return build_message(rendered, envelope(**changes))


def reparse(raw: bytes) -> EmailMessage:
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def lf(text: str) -> str:
    """Both parsers keep the CRLF line ends that the quoted-printable bodies carry."""
    return text.replace("\r\n", "\n")


def header_block(raw: bytes) -> list[bytes]:
    return raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n")


def header_names(raw: bytes) -> list[str]:
    """The name of every header line; continuation lines must start with white space."""
    names = []
    for line in header_block(raw):
        if line[:1] in (b" ", b"\t"):
            continue
        match = re.fullmatch(rb"([A-Za-z-]+): .*", line)
        assert match, line
        names.append(match[1].decode())
    return names


# --- structure and line lengths ---------------------------------------------------------


def test_multipart_alternative_text_first_html_last() -> None:
    parsed = reparse(build().as_bytes())
    assert parsed.get_content_type() == "multipart/alternative"
    parts = list(parsed.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    assert [p.get_content_charset() for p in parts] == ["utf-8", "utf-8"]
    assert [p["Content-Transfer-Encoding"] for p in parts] == ["quoted-printable"] * 2
    assert parsed["MIME-Version"] == "1.0"
    assert lf(parts[0].get_content()) == RENDERED.text
    assert lf(parts[1].get_content()) == RENDERED.html


def test_the_message_is_ascii_with_crlf_line_ends() -> None:
    raw = build().as_bytes()
    assert raw.isascii()
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert b"\r" not in raw.replace(b"\r\n", b"")


@settings(max_examples=150, deadline=None)
@given(
    subject=st.text(alphabet=st.sampled_from("ab .\r\n\x00é"), max_size=80),
    html=st.text(alphabet=st.sampled_from("<p> .=\r\n\tü"), max_size=400),
    text=st.text(alphabet=st.sampled_from("x .=\r\n \x0c…"), max_size=400),
)
def test_every_line_of_a_built_message_ends_in_crlf_whatever_the_text(
    subject: str, html: str, text: str
) -> None:
    """`ready_for_the_wire` trusts this: it doubles dots without counting line ends."""
    from digest.mail.message import wire_form

    message = build_message(RenderedMessage(subject, html, text), envelope())
    raw = message.as_bytes()
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert b"\r" not in raw.replace(b"\r\n", b"")
    assert message.ready_for_the_wire().wire == wire_form(raw)


@settings(max_examples=300, deadline=None)
@given(
    lines=st.lists(st.binary(max_size=12).map(lambda b: b.replace(b"\r", b"").replace(b"\n", b""))),
    ended=st.booleans(),
)
def test_a_message_ready_for_the_wire_pickles_as_its_wire_form_alone(
    lines: list[bytes], ended: bool
) -> None:
    """A composing process hands messages to the sending one pickled: `data` is not sent
    twice, and comes back byte for byte, dots and all."""
    from digest.mail.message import OutgoingMessage, data_form, wire_form

    data = b"\r\n".join(lines) + (b"\r\n" if ended else b"")
    message = OutgoingMessage("a@example.org", "b@example.org", "<1@example.org>", data)
    ready = message.ready_for_the_wire()
    back = pickle.loads(pickle.dumps(ready))
    assert (back.data, back.wire, back) == (data, ready.wire, ready)
    if ended and data:
        assert data_form(wire_form(data)) == data
        assert "data" not in ready.__getstate__()
    assert pickle.loads(pickle.dumps(message)).data == data  # no wire form: data kept


def long_message() -> bytes:
    rendered = RenderedMessage(
        subject="Über " * 40 + "x" * 200,
        html="<p>" + "y" * 5000 + "</p>",
        text="z" * 3000,
    )
    url = "https://digest.example.org/unsubscribe/" + "t" * 400
    sender = "Ein sehr langer Absendername, der über eine Zeile hinausgeht, wirklich " * 2
    return build(rendered, unsubscribe_url=url, sender=f"{sender}<digest@example.org>").as_bytes()


def assert_line_limits(raw: bytes) -> None:
    """998 octets at most; past 78 only for a URL, which RFC 2369 forbids to fold."""
    lines = raw.split(b"\r\n")
    assert all(len(line) <= 998 for line in lines)
    for line in lines:
        if len(line) > 78:
            assert re.fullmatch(rb"(List-Unsubscribe:)? <[!-~]+>,?", line), line


def test_every_line_fits_78_columns_but_an_unbreakable_url() -> None:
    raw = long_message()
    assert_line_limits(raw)
    assert max(len(line) for line in raw.split(b"\r\n")) > 400  # the URL is there, whole
    assert_line_limits(build().as_bytes())


def test_body_lines_stay_within_quoted_printables_76() -> None:
    body = long_message().split(b"\r\n\r\n", 1)[1]
    assert max(len(line) for line in body.split(b"\r\n")) <= 76


def test_a_long_url_is_neither_split_nor_encoded() -> None:
    url = "https://digest.example.org/unsubscribe/" + "t" * 400
    parsed = reparse(build(unsubscribe_url=url).as_bytes())
    assert parsed["List-Unsubscribe"] == f"<{url}>, <{MAILTO}>"


# --- headers ---------------------------------------------------------------------------


def test_headers() -> None:
    raw = build().as_bytes()
    parsed = reparse(raw)
    assert header_names(raw) == [
        "From",
        "To",
        "Subject",
        "Date",
        "Message-ID",
        "List-Id",
        "List-Unsubscribe",
        "List-Unsubscribe-Post",
        "Precedence",
        "Auto-Submitted",
        "MIME-Version",
        "Content-Type",
    ]
    assert parsed["From"].addresses[0].display_name == "Example Digest"
    assert parsed["From"].addresses[0].addr_spec == "digest@example.org"
    assert parsed["To"].addresses[0].addr_spec == "reader@example.com"
    assert parsed["Subject"] == RENDERED.subject
    assert parsed["Date"].datetime == NOW
    assert parsed["Message-ID"] == message_id("delivery:7:weekly:2026-11-16", "digest@example.org")
    assert parsed["List-Id"] == "<digest.example.org>"
    assert parsed["List-Unsubscribe"] == f"<{UNSUBSCRIBE}>, <{MAILTO}>"
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert parsed["Precedence"] == "bulk"
    assert parsed["Auto-Submitted"] == "auto-generated"


def test_a_non_ascii_subject_is_rfc_2047_encoded() -> None:
    raw = build().as_bytes()
    subject = b"\r\n".join(header_block(raw)).split(b"Subject: ", 1)[1].split(b"\r\nDate:")[0]
    assert subject.startswith(b"=?utf-8?")
    plain = build(RenderedMessage("Heat pumps in the snow", "<p>x</p>", "x")).as_bytes()
    assert b"\r\nSubject: Heat pumps in the snow\r\n" in plain


def test_a_non_ascii_display_name_is_encoded_and_round_trips() -> None:
    raw = build(sender='"Bücher, Café & Co." <digest@example.org>').as_bytes()
    from_header = reparse(raw)["From"].addresses[0]
    assert from_header.display_name == "Bücher, Café & Co."
    assert from_header.addr_spec == "digest@example.org"


def test_a_retry_carries_the_same_message_id() -> None:
    first = build()["Message-ID"]
    retry = build(date=NOW + timedelta(minutes=5))["Message-ID"]
    other = build(message_key="delivery:8:weekly:2026-11-16")["Message-ID"]
    assert first == retry != other
    assert re.fullmatch(r"<[0-9a-f]{20}@example\.org>", first)


def test_the_same_delivery_builds_the_same_bytes() -> None:
    assert build().as_bytes() == build().as_bytes()


def test_the_mailto_goes_to_the_configured_mailbox() -> None:
    parsed = reparse(build(unsubscribe_mailto="leave+digest@lists.example.org").as_bytes())
    mailto = parsed["List-Unsubscribe"].split(", ")[1]
    assert mailto == f"<mailto:leave%2Bdigest@lists.example.org?subject=unsubscribe%20{TOKEN}>"


def test_without_a_token_the_mailto_names_the_subscriber_by_the_url() -> None:
    parsed = reparse(build(unsubscribe_token="").as_bytes())
    mailto = parsed["List-Unsubscribe"].split(", ")[1]
    encoded = "https%3A%2F%2Fdigest.example.org%2Funsubscribe%2F" + TOKEN
    assert mailto == f"<mailto:digest@example.org?subject=unsubscribe%20{encoded}>"


def test_an_idn_domain_is_sent_as_punycode() -> None:
    parsed = reparse(build(to="reader@exämple.com").as_bytes())
    assert parsed["To"].addresses[0].addr_spec == "reader@xn--exmple-cua.com"


# --- injection -------------------------------------------------------------------------

BREAKS = ["\r\n", "\n", "\r", "\r\n\r\n", "\u2028", "\x85", "\x0b", "\x00", "\t"]


@pytest.mark.parametrize("brk", BREAKS)
def test_no_line_break_from_a_subject_reaches_the_headers(brk: str) -> None:
    evil = RenderedMessage(f"Hello{brk}Bcc: evil@example.com{brk}", "<p>x</p>", "x")
    raw = build(evil).as_bytes()
    assert sorted(header_names(raw)) == sorted(HEADERS)
    parsed = reparse(raw)
    assert parsed["Bcc"] is None
    assert parsed["Subject"] == "Hello Bcc: evil@example.com"


@pytest.mark.parametrize("brk", BREAKS)
def test_a_display_name_is_squashed_to_one_line(brk: str) -> None:
    raw = build(sender=f"Evil{brk}Bcc: evil@example.com{brk}<digest@example.org>").as_bytes()
    assert sorted(header_names(raw)) == sorted(HEADERS)
    sender = reparse(raw)["From"].addresses
    assert [(a.display_name, a.addr_spec) for a in sender] == [
        ("Evil Bcc: evil@example.com", "digest@example.org")
    ]


@pytest.mark.parametrize(
    "to",
    [
        "reader@example.com\r\nBcc: evil@example.com",
        "reader@example.com\n",
        "reader@exam\rple.com",
        "reader@example.com, evil@example.com",
        "Reader <reader@example.com>",
        "not an address",
        "reader@",
        "",
    ],
)
def test_a_bad_to_address_is_refused(to: str) -> None:
    with pytest.raises(InvalidAddress, match="cannot send to"):
        build(to=to)


def test_a_non_ascii_mailbox_name_goes_in_utf8_for_smtputf8() -> None:
    message = build(to="jörg@example.com")
    assert message.smtputf8 and message.recipient == "jörg@example.com"
    assert "To: jörg@example.com".encode() in header_block(message.data)
    parsed = email.message_from_string(message.data.decode(), policy=email.policy.SMTPUTF8)
    assert parsed["To"].addresses[0].username == "jörg"  # RFC 6532: UTF-8 as it is


def test_a_unicode_domain_is_idna_encoded_and_needs_no_smtputf8() -> None:
    message = build(to="ada@bücher.de")
    assert not message.smtputf8 and message.recipient == "ada@xn--bcher-kva.de"
    assert message.data.split(b"\r\n\r\n", 1)[0].isascii()
    assert b"To: ada@xn--bcher-kva.de" in header_block(message.data)


def test_a_redirected_utf8_message_still_needs_smtputf8() -> None:
    staged = redirected(build(to="jörg@example.com"), "staging@example.org")
    assert staged.recipient == "staging@example.org" and staged.smtputf8
    assert not redirected(build(), "staging@example.org").smtputf8


@pytest.mark.parametrize(
    "sender",
    [
        "Digest <digest@example.org\r\nBcc: evil@example.com>",
        "digest@example.org\r\nBcc: evil@example.com",
        "Digest <digest@example.org>\r\n",
        "Digest <digest>",
        "Digest <jörg@example.org>",
        "nobody",
    ],
)
def test_a_bad_from_address_is_a_config_error(sender: str) -> None:
    with pytest.raises(ConfigError, match="DIGEST_FROM"):
        build(sender=sender)


@pytest.mark.parametrize(
    "list_id",
    ["digest.example.org>\r\nBcc: evil@example.com", "digest.example.org\n", "a b.c", "digest"],
)
def test_a_bad_list_id_is_refused(list_id: str) -> None:
    with pytest.raises(ConfigError, match="List-Id"):
        build(list_id=list_id)


@pytest.mark.parametrize(
    "url",
    [
        UNSUBSCRIBE + "\r\nBcc: evil@example.com",
        UNSUBSCRIBE + "\n",
        "https://digest.example.org/un subscribe",
        UNSUBSCRIBE + ">, <https://evil.example.com/",
        "javascript:alert(1)",
        "mailto:digest@example.org",
        "https://digest.example.org/unsubscribe/" + "t" * 900,
        "https://digest.exämple.org/unsubscribe",
    ],
)
def test_a_bad_unsubscribe_url_is_refused(url: str) -> None:
    with pytest.raises(ConfigError, match="unsubscribe link"):
        build(unsubscribe_url=url)


@pytest.mark.parametrize(
    "mailbox",
    [
        "leave@example.org\r\nBcc: evil@example.com",
        "leave@exam\nple.org",
        "leave",
        "lé@example.org",
    ],
)
def test_a_bad_unsubscribe_mailbox_is_refused(mailbox: str) -> None:
    with pytest.raises(ConfigError, match="unsubscribe_mailto"):
        build(unsubscribe_mailto=mailbox)


def test_a_token_with_line_breaks_is_percent_encoded() -> None:
    raw = build(unsubscribe_token="tok\r\nBcc: evil@example.com").as_bytes()
    assert sorted(header_names(raw)) == sorted(HEADERS)
    assert "subject=unsubscribe%20tok%0D%0ABcc%3A%20evil%40example.com>" in str(
        reparse(raw)["List-Unsubscribe"]
    )


# --- the list's name -------------------------------------------------------------------

HOSTILE = "Tom & Jerry's <News>"


def raw_header(raw: bytes, name: str) -> str:
    """A header exactly as sent, its continuation lines kept."""
    lines = header_block(raw)
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{name}: ".encode()))
    end = start + 1
    while end < len(lines) and lines[end][:1] in (b" ", b"\t"):
        end += 1
    return b"\r\n".join(lines[start:end]).decode("ascii")


def both_parsers(raw: bytes) -> tuple[EmailMessage, fast_mail_parser.PyMail]:
    theirs = fast_mail_parser.parse_email(raw, strict=True)
    assert theirs.warnings == []
    return reparse(raw), theirs


def test_a_bare_from_address_is_sent_under_the_lists_name() -> None:
    message = build_message(RENDERED, envelope(sender="news@letter.example", site_name=HOSTILE))
    raw = message.as_bytes()
    # Quoted, for "<" and ">" are specials; "&" and "'" may stand in a phrase as they are.
    assert raw_header(raw, "From") == 'From: "Tom & Jerry\'s <News>" <news@letter.example>'
    ours, theirs = both_parsers(raw)
    assert ours["From"].addresses[0].display_name == HOSTILE
    assert ours["From"].addresses[0].addr_spec == "news@letter.example"
    assert theirs.from_ is not None
    assert (theirs.from_.display_name, theirs.from_.address) == (HOSTILE, "news@letter.example")
    assert message.sender == "news@letter.example"  # the envelope's MAIL FROM has no name
    assert sorted(header_names(raw)) == sorted(HEADERS)


def test_a_from_with_its_own_name_keeps_it() -> None:
    raw = build(site_name="Another Name").as_bytes()
    assert raw_header(raw, "From") == "From: Example Digest <digest@example.org>"
    assert raw_header(raw, "List-Id") == "List-Id: Another Name <digest.example.org>"


def test_without_a_list_name_a_bare_from_stays_bare() -> None:
    raw = build(sender="news@letter.example").as_bytes()
    assert raw_header(raw, "From") == "From: news@letter.example"
    assert raw_header(raw, "List-Id") == "List-Id: <digest.example.org>"


@pytest.mark.parametrize(
    ("name", "phrase"),
    [
        ("Digest", "Digest"),
        (HOSTILE, '"Tom & Jerry\'s <News>"'),
        ('Say "hi" \\ now', '"Say \\"hi\\" \\\\ now"'),
        ("The Tinkerer's Weekly", "The Tinkerer's Weekly"),
    ],
)
def test_list_id_carries_the_lists_name_as_its_phrase(name: str, phrase: str) -> None:
    raw = build(sender="news@example.org", site_name=name).as_bytes()
    assert raw_header(raw, "List-Id") == f"List-Id: {phrase} <digest.example.org>"
    ours, theirs = both_parsers(raw)
    assert ours["From"].addresses[0].display_name == name
    assert theirs.from_ is not None and theirs.from_.display_name == name
    assert str(ours["List-Id"]) == f"{phrase} <digest.example.org>"


@pytest.mark.parametrize("name", ["Zürcher Bastler 🛠️", "Bücher, Café & Co."])
def test_a_non_ascii_list_name_is_rfc_2047_encoded_and_round_trips(name: str) -> None:
    raw = build(sender="news@example.org", site_name=name).as_bytes()
    for header in ("From", "List-Id"):
        assert raw_header(raw, header).startswith(f"{header}: =?utf-8?")
    assert_line_limits(raw)
    ours, theirs = both_parsers(raw)
    assert ours["From"].addresses[0].display_name == name
    assert ours["From"].addresses[0].addr_spec == "news@example.org"
    assert theirs.from_ is not None and theirs.from_.display_name == name
    assert str(ours["List-Id"]) == f"{name} <digest.example.org>"
    assert theirs.headers["List-Id"] == [f"{name} <digest.example.org>"]


def test_a_long_non_ascii_list_name_folds_within_the_line_limits() -> None:
    name = "Grüße aus Zürich: " + "ünïcödé " * 12
    raw = build(sender="news@example.org", site_name=name).as_bytes()
    assert_line_limits(raw)
    assert raw_header(raw, "From").count("=?utf-8?") > 1  # encoded words of 75 at most
    theirs = fast_mail_parser.parse_email(raw, strict=True)
    assert theirs.from_ is not None and theirs.from_.display_name == name.strip()
    # The standard library's address parser keeps the fold between two encoded words as a
    # space (RFC 2047 drops it), so only the address is compared there.
    assert reparse(raw)["From"].addresses[0].addr_spec == "news@example.org"


@pytest.mark.parametrize("brk", BREAKS)
def test_a_list_name_is_squashed_to_one_line(brk: str) -> None:
    name = f"Evil{brk}Bcc: evil@example.com{brk}"
    raw = build(sender="news@example.org", site_name=name).as_bytes()
    assert sorted(header_names(raw)) == sorted(HEADERS)
    parsed = reparse(raw)
    assert parsed["Bcc"] is None
    assert parsed["From"].addresses[0].display_name == "Evil Bcc: evil@example.com"
    assert str(parsed["List-Id"]) == '"Evil Bcc: evil@example.com" <digest.example.org>'


# --- DKIM ------------------------------------------------------------------------------


def make_dkim_key(directory: Path) -> tuple[Path, str]:
    """A new 2048-bit RSA key in a PEM file, and its DNS TXT record."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is needed to make a DKIM key")
    key = directory / "dkim.pem"
    subprocess.run([openssl, "genrsa", "-out", str(key), "2048"], check=True, capture_output=True)
    public = subprocess.run(
        [openssl, "rsa", "-in", str(key), "-pubout", "-outform", "DER"],
        check=True,
        capture_output=True,
    ).stdout
    return key, f"v=DKIM1; k=rsa; p={base64.b64encode(public).decode()}"


@pytest.fixture(scope="module")
def dkim_key(tmp_path_factory: pytest.TempPathFactory) -> tuple[DkimKey, str]:
    path, record = make_dkim_key(tmp_path_factory.mktemp("dkim"))
    return DkimKey(SELECTOR, path.read_bytes()), record


def dns_for(record: str, domain: str = "example.org") -> Callable[..., bytes | None]:
    """A resolver that knows only the test key's TXT record."""

    def lookup(name: bytes, timeout: int = 5) -> bytes | None:
        if name == f"{SELECTOR}._domainkey.{domain}.".encode():
            return record.encode()
        return None

    return lookup


def signature_tags(raw: bytes) -> dict[str, str]:
    header = reparse(raw)["DKIM-Signature"]
    tags = (tag.split("=", 1) for tag in re.sub(r"\s+", "", str(header)).split(";") if tag)
    return dict(tags)


@pytest.mark.parametrize(
    ("sender", "site_name"),
    [
        ("Example Digest <digest@example.org>", ""),
        ("digest@example.org", HOSTILE),  # the From signed is the one under the list's name
        ("digest@example.org", "Zürcher Bastler 🛠️"),
    ],
)
def test_a_signed_message_verifies(
    dkim_key: tuple[DkimKey, str], sender: str, site_name: str
) -> None:
    key, record = dkim_key
    raw = sign_message(build(sender=sender, site_name=site_name), key).as_bytes()
    assert raw.startswith(b"DKIM-Signature: v=1; a=rsa-sha256;")
    assert dkim.verify(raw, dnsfunc=dns_for(record))
    tags = signature_tags(raw)
    assert tags["d"] == "example.org"
    assert tags["s"] == SELECTOR
    assert tags["h"].split(":") == [name.lower() for name in DKIM_HEADERS]


def test_the_bytes_smtp_sends_are_the_bytes_signed(dkim_key: tuple[DkimKey, str]) -> None:
    key, record = dkim_key
    unsigned = build(unsubscribe_url=UNSUBSCRIBE + "/" + "t" * 300)
    signed = sign_message(unsigned, key)
    # The signature is put on top; the bytes below it, which SMTP sends as they are, are
    # the ones that were signed.
    assert signed.as_bytes().startswith(b"DKIM-Signature:")
    assert signed.as_bytes().endswith(unsigned.as_bytes())
    assert dkim.verify(signed.as_bytes(), dnsfunc=dns_for(record))


def test_a_signed_message_keeps_its_line_limits(dkim_key: tuple[DkimKey, str]) -> None:
    raw = sign_message(build(), dkim_key[0]).as_bytes()
    assert_line_limits(raw)
    assert sorted(header_names(raw)) == sorted(HEADERS | {"DKIM-Signature"})


@pytest.mark.parametrize(
    ("old", "new"),
    [(b"reader@example.com", b"reader@example.net"), (b"a long line, ", b"a longer line,")],
)
def test_a_changed_message_fails_verification(
    dkim_key: tuple[DkimKey, str], old: bytes, new: bytes
) -> None:
    key, record = dkim_key
    raw = sign_message(build(), key).as_bytes()
    assert not dkim.verify(raw.replace(old, new, 1), dnsfunc=dns_for(record))


def test_signing_without_dkimpy_names_the_extra(
    dkim_key: tuple[DkimKey, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "dkim", None)  # import dkim now raises ImportError
    with pytest.raises(ConfigError, match=r"pip install 'digest\[dkim\]'"):
        sign_message(build(), dkim_key[0])


def test_a_bad_key_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="DKIM key"):
        sign_message(build(), DkimKey(SELECTOR, b"-----BEGIN PRIVATE KEY-----\nAAAA\n"))


@pytest.mark.parametrize("selector", ["", "mail\r\nBcc: evil@example.com", "a;b", "-a"])
def test_a_bad_selector_is_a_config_error(dkim_key: tuple[DkimKey, str], selector: str) -> None:
    with pytest.raises(ConfigError, match="dkim_selector"):
        sign_message(build(), DkimKey(selector, dkim_key[0].private_key))


def test_the_private_key_is_not_in_its_repr(dkim_key: tuple[DkimKey, str]) -> None:
    assert "PRIVATE" not in repr(dkim_key[0])


# --- a second parser -------------------------------------------------------------------


@pytest.mark.parametrize("signed", [False, True])
def test_two_independent_parsers_agree(dkim_key: tuple[DkimKey, str], signed: bool) -> None:
    message = build(sender="Bücher & Café <digest@example.org>")
    raw = (sign_message(message, dkim_key[0]) if signed else message).as_bytes()
    ours = reparse(raw)
    theirs = fast_mail_parser.parse_email(raw, strict=True)
    assert theirs.warnings == []
    assert ours["Subject"] == theirs.subject == RENDERED.subject
    sender = ours["From"].addresses[0]
    assert theirs.from_ is not None
    assert theirs.from_.display_name == sender.display_name == "Bücher & Café"
    assert theirs.from_.address == sender.addr_spec == "digest@example.org"
    assert [a.addr_spec for a in ours["To"].addresses] == [a.address for a in theirs.to]
    assert theirs.date_parsed == ours["Date"].datetime == NOW
    text = lf(ours.get_body(("plain",)).get_content())
    html = lf(ours.get_body(("html",)).get_content())
    assert [lf(t) for t in theirs.text_plain] == [text] == [RENDERED.text]
    assert [lf(h) for h in theirs.text_html] == [html] == [RENDERED.html]
    unsubscribe = f"<{UNSUBSCRIBE}>, <{MAILTO}>"
    assert theirs.headers["List-Unsubscribe"] == [ours["List-Unsubscribe"]] == [unsubscribe]
    assert theirs.headers["Message-ID"] == [ours["Message-ID"]]


@pytest.mark.parametrize(
    "text",
    [
        RENDERED.html,
        RENDERED.text,
        "trailing space \nand tab\t\nlast line without a break",
        "= signs == and dots\n.\n" + "é" * 100 + "\n",
        "",
    ],
)
def test_quoting_line_by_line_is_quoting_at_once(text: str) -> None:
    from digest.mail.message import quoted_printable_part

    whole = binascii.b2a_qp(text.encode(), istext=True, header=False)
    if not whole.endswith(b"\n"):
        whole += b"\n"
    assert quoted_printable_part(text, "plain").endswith(whole.replace(b"\n", b"\r\n"))


def test_a_stray_carriage_return_ends_a_line_and_never_stands_alone() -> None:
    from digest.mail.message import quoted_printable_part

    body = quoted_printable_part("one\rtwo\r\nthree", "plain").split(b"\r\n\r\n", 1)[1]
    assert body == b"one\r\ntwo\r\nthree\r\n"
