"""The SMTP edge against real servers on 127.0.0.1: aiosmtpd, and scripted misbehaving ones.

Each failure is checked for what the worker acts on (scope, permanent, in_flight, code,
status) and for a message a person can read; the pool for how it uses connections.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import replace
from pathlib import Path

import pytest

from digest.config import Settings
from digest.errors import ConfigError, DeliveryError
from digest.mail.message import OutgoingMessage
from digest.mail.smtp import (
    UNVERIFIED_WARNING,
    SmtpMailer,
    SmtpSettings,
    parse_smtp_url,
    smtp_settings,
)
from tests.conftest import free_port
from tests.smtpfaults import (
    DROP,
    SILENT,
    Act,
    Certificates,
    FaultServer,
    FaultSession,
    Script,
    ScriptedHandler,
    SmtpdServer,
    certificates,
    password_checker,
    then_close,
    then_hang,
)

#: Waits for a server that works: generous, as the machine may be loaded.
PATIENT = 10.0
#: Waits for a server that has stopped answering: the test checks that it gives up this soon.
IMPATIENT = 0.5


def message(to: str = "ada@example.org", n: int = 0) -> OutgoingMessage:
    data = (
        f"From: digest@letter.example\r\nTo: {to}\r\nSubject: test {n}\r\n"
        f"Message-ID: <{n}@letter.example>\r\n\r\nhello\r\n.a line that starts with a dot\r\n"
    ).encode()
    return OutgoingMessage("digest@letter.example", to, f"<{n}@letter.example>", data)


def settings_for(url: str, **changes: object) -> SmtpSettings:
    return replace(parse_smtp_url(url, timeout=PATIENT), **changes)


async def send(settings: SmtpSettings, *messages: OutgoingMessage) -> None:
    """Send the messages one after another through one mailer."""
    async with SmtpMailer(settings) as mailer:
        for each in messages:
            await mailer.send(each)


def failure(settings: SmtpSettings, *messages: OutgoingMessage) -> DeliveryError:
    with pytest.raises(DeliveryError) as caught:
        asyncio.run(send(settings, *(messages or (message(),))))
    error = caught.value
    assert "\n" not in str(error)
    assert f"127.0.0.1:{settings.port}" in str(error)
    return error


def facts(error: DeliveryError) -> tuple[str, bool, bool, int | None, str | None]:
    return error.scope, error.permanent, error.in_flight, error.code, error.status


@pytest.fixture(scope="module")
def certs(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    return certificates(tmp_path_factory.mktemp("tls"))


# Delivery that works


def test_a_message_arrives_whole_and_dot_stuffing_is_undone() -> None:
    with SmtpdServer() as server:
        asyncio.run(send(settings_for(server.url), message("ada@example.org")))
    [received] = server.messages
    assert received.recipients == ("ada@example.org",)
    assert received.mail_from == "digest@letter.example"
    assert received.data.endswith(b"hello\r\n.a line that starts with a dot\r\n")


# Replies: whose failure, and for how long


def test_421_on_connecting_pauses_delivery() -> None:
    with FaultServer({"greeting": "421 4.3.2 too busy, come back later"}) as server:
        error = failure(settings_for(server.url))
    assert facts(error) == ("server", False, False, 421, "4.3.2")
    assert "is not available: 421 4.3.2 too busy" in str(error)


@pytest.mark.parametrize(
    ("reply", "status"),
    [("451 4.3.0 try again later", "4.3.0"), ("452 4.2.2 mailbox full", "4.2.2")],
)
def test_a_temporary_refusal_of_a_recipient_is_retried(reply: str, status: str) -> None:
    with SmtpdServer(ScriptedHandler(rcpt=reply)) as server:
        error = failure(settings_for(server.url))
    assert facts(error) == ("recipient", False, False, int(reply[:3]), status)
    assert f"refused recipient ada@example.org: {reply}" in str(error)


def test_an_unknown_user_is_a_permanent_failure_of_that_recipient() -> None:
    handler = ScriptedHandler(rcpt="550 5.1.1 <ghost@example.org>: no such user")
    with SmtpdServer(handler) as server:
        error = failure(settings_for(server.url), message("ghost@example.org"))
    assert facts(error) == ("recipient", True, False, 550, "5.1.1")
    assert str(error) == (
        f"SMTP server 127.0.0.1:{server.port} refused recipient ghost@example.org:"
        " 550 5.1.1 <ghost@example.org>: no such user"
    )


def test_a_message_refused_after_its_data_is_a_permanent_failure() -> None:
    with SmtpdServer(ScriptedHandler(data="554 5.6.0 message content rejected")) as server:
        error = failure(settings_for(server.url))
    assert facts(error) == ("recipient", True, False, 554, "5.6.0")
    assert "refused the message to ada@example.org: 554 5.6.0" in str(error)


@pytest.mark.parametrize("command", ["EHLO", "MAIL", "RCPT", "DATA", "body"])
def test_421_at_any_stage_is_the_servers(command: str) -> None:
    with FaultServer({command: "421 4.7.0 shutting down"}) as server:
        error = failure(settings_for(server.url))
    assert facts(error)[:2] == ("server", False)
    assert (error.code, error.status) == (421, "4.7.0")
    assert error.in_flight == (command == "body")


def test_a_refused_sender_pauses_delivery() -> None:
    with SmtpdServer(ScriptedHandler(mail="530 5.7.0 Authentication required")) as server:
        error = failure(settings_for(server.url))
    assert facts(error) == ("server", True, False, 530, "5.7.0")
    assert "refused the sender digest@letter.example: 530 5.7.0" in str(error)
    assert "put user:password in smtp_url" in str(error)


def test_a_refused_greeting_or_ehlo_is_the_servers() -> None:
    with FaultServer({"EHLO": "554 5.7.1 go away", "HELO": "554 5.7.1 go away"}) as server:
        error = failure(settings_for(server.url))
    assert facts(error) == ("server", True, False, 554, "5.7.1")
    with FaultServer({"greeting": "this is not smtp"}) as server:
        error = failure(settings_for(server.url))
    assert error.scope == "server" and "malformed reply" in str(error)


# A connection that fails


def test_a_refused_connection_pauses_delivery() -> None:
    port = free_port()
    error = failure(settings_for(f"smtp://127.0.0.1:{port}"))
    assert facts(error) == ("server", False, False, None, None)
    assert str(error) == f"cannot reach SMTP server 127.0.0.1:{port}: connection refused"


def test_a_name_that_does_not_resolve_pauses_delivery() -> None:
    # .invalid never resolves (RFC 2606); a resolver that cannot be reached times out instead.
    settings = settings_for("smtp://no-such-host.invalid:25", connect_timeout=3)
    with pytest.raises(DeliveryError) as caught:
        asyncio.run(send(settings, message()))
    assert facts(caught.value) == ("server", False, False, None, None)
    said = str(caught.value)
    assert said.startswith("cannot reach SMTP server no-such-host.invalid:25: cannot resolve") or (
        "did not answer" in said
    )


def test_a_connection_dropped_mid_message_is_in_flight() -> None:
    with FaultServer({"body": DROP}) as server:
        error = failure(settings_for(server.url))
    assert facts(error) == ("server", False, True, None, None)
    assert "closed the connection while the message to ada@example.org was being sent" in str(error)


@pytest.mark.parametrize(
    ("script", "setting", "in_flight", "said"),
    [
        ({"greeting": SILENT}, "connect_timeout", False, "within 0.5 s of connecting"),
        ({"MAIL": SILENT}, "timeout", False, "did not answer MAIL FROM within 0.5 s"),
        ({"body": SILENT}, "data_timeout", True, "after the message to ada@example.org"),
    ],
)
def test_a_server_that_stops_answering_fails_within_the_timeout(
    script: dict[str, Script], setting: str, in_flight: bool, said: str
) -> None:
    with FaultServer(script) as server:
        settings = settings_for(server.url, **{setting: IMPATIENT})
        start = time.monotonic()
        error = failure(settings)
        elapsed = time.monotonic() - start
    assert facts(error) == ("server", False, in_flight, None, None)
    assert said in str(error)
    assert elapsed < IMPATIENT + 3  # not PATIENT: the stalled wait is the one that gave up


def test_a_server_that_stalls_the_tls_handshake_fails_within_the_timeout() -> None:
    ehlo = "250-faults.test\n250 STARTTLS"
    with FaultServer({"EHLO": ehlo, "STARTTLS": then_hang("220 2.0.0 ready")}) as server:
        start = time.monotonic()
        error = failure(settings_for(server.url + "?tls=starttls", timeout=IMPATIENT))
        elapsed = time.monotonic() - start
    assert facts(error) == ("server", False, False, None, None)
    assert "did not answer STARTTLS within 0.5 s" in str(error)
    assert elapsed < IMPATIENT + 3


def test_closing_the_pool_does_not_wait_on_a_server_that_ignores_quit() -> None:
    with FaultServer({"QUIT": SILENT}) as server:
        start = time.monotonic()
        asyncio.run(send(settings_for(server.url, timeout=IMPATIENT), message()))
        assert time.monotonic() - start < IMPATIENT + 3
    assert len(server.messages) == 1


# TLS


def test_starttls_required_but_not_offered() -> None:
    with SmtpdServer() as server:
        error = failure(settings_for(server.url + "?tls=starttls"))
    assert facts(error) == ("server", False, False, None, None)
    assert "does not offer STARTTLS, which tls=starttls requires" in str(error)
    assert server.messages == []


def test_a_certificate_from_an_unknown_ca_is_refused_and_smtp_ca_file_accepts_it(
    certs: Certificates,
) -> None:
    with SmtpdServer(tls_context=certs.server, require_starttls=True) as server:
        url = server.url + "?tls=starttls"
        error = failure(settings_for(url))
        asyncio.run(send(settings_for(url, ca_file=str(certs.ca_file)), message()))
    assert facts(error) == ("server", False, False, None, None)
    assert "certificate" in str(error)
    assert "set smtp_ca_file, or smtp_tls_verify = false for a test server" in str(error)
    assert len(server.messages) == 1


def test_without_verification_it_sends_and_warns_once_per_mailer(certs: Certificates) -> None:
    warnings: list[str] = []
    with SmtpdServer(tls_context=certs.server, require_starttls=True) as server:
        settings = settings_for(server.url + "?tls=starttls", tls_verify=False, connections=2)

        async def scenario() -> None:
            async with SmtpMailer(settings, warn=warnings.append) as mailer:
                await asyncio.gather(*(mailer.send(message(n=n)) for n in range(4)))

        asyncio.run(scenario())
    assert warnings == [UNVERIFIED_WARNING]
    assert len(server.messages) == 4
    assert server.connections == 2


def test_implicit_tls(certs: Certificates) -> None:
    with SmtpdServer(tls=certs.server) as server:
        assert server.url.startswith("smtps://")
        settings = settings_for(server.url, ca_file=str(certs.ca_file))
        assert settings.tls == "ssl"
        asyncio.run(send(settings, message()))
        plain = server.url.replace("smtps", "smtp") + "?tls=none"
        error = failure(settings_for(plain, connect_timeout=IMPATIENT))
    assert len(server.messages) == 1
    assert error.scope == "server"  # a TLS port spoken to in plain text waits for a greeting


def test_implicit_tls_against_a_plain_server_says_so() -> None:
    with SmtpdServer() as server:
        error = failure(settings_for(server.url.replace("smtp://", "smtps://")))
    assert facts(error) == ("server", False, False, None, None)
    assert "TLS with SMTP server" in str(error)
    assert "smtps:// is for a port that starts with TLS" in str(error)


def test_opportunistic_tls_upgrades_when_offered(certs: Certificates) -> None:
    # require_starttls: the server refuses MAIL FROM until the client has started TLS.
    with SmtpdServer(tls_context=certs.server, require_starttls=True) as server:
        settings = settings_for(server.url, ca_file=str(certs.ca_file))
        assert settings.tls == "opportunistic"
        asyncio.run(send(settings, message()))
    assert len(server.messages) == 1


# Logging in


def test_a_login_over_starttls(certs: Certificates) -> None:
    with SmtpdServer(
        tls_context=certs.server,
        require_starttls=True,
        auth_required=True,
        authenticator=password_checker("ada", "s3cret word"),
    ) as server:
        url = server.url.replace("//", "//ada:s3cret%20word@") + "?tls=starttls"
        asyncio.run(send(settings_for(url, ca_file=str(certs.ca_file)), message()))
        bad = failure(settings_for(url.replace("s3cret", "wrong"), ca_file=str(certs.ca_file)))
    assert len(server.messages) == 1
    assert facts(bad) == ("server", True, False, 535, "5.7.8")
    assert f"SMTP server 127.0.0.1:{server.port} refused the login for ada: 535 5.7.8" in str(bad)
    assert "wrong" not in str(bad)


def test_a_password_without_tls_is_refused_before_anything_is_sent() -> None:
    plain = "smtp://ada:secret@127.0.0.1:2525?tls=none"
    with pytest.raises(ConfigError) as caught:
        smtp_settings(Settings(smtp_url=plain))
    assert str(caught.value) == (
        "refusing to send the SMTP password without TLS: use ?tls=starttls or smtps://,"
        " or set smtp_allow_insecure_auth = true"
    )
    allowed = smtp_settings(Settings(smtp_url=plain, smtp_allow_insecure_auth=True))
    assert (allowed.username, allowed.password) == ("ada", "secret")
    assert "secret" not in repr(allowed)


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
def test_an_allowed_insecure_login_works() -> None:
    with SmtpdServer(
        auth_required=True,
        auth_require_tls=False,
        authenticator=password_checker("ada", "secret"),
    ) as server:
        url = server.url.replace("//", "//ada:secret@") + "?tls=none"
        settings = smtp_settings(Settings(smtp_url=url, smtp_allow_insecure_auth=True))
        asyncio.run(send(settings, message()))
    assert len(server.messages) == 1


def test_opportunistic_tls_never_sends_a_password_in_the_clear() -> None:
    with FaultServer({"EHLO": "250-faults.test\n250 AUTH PLAIN LOGIN"}) as server:
        error = failure(settings_for(server.url.replace("//", "//ada:secret@")))
    assert facts(error) == ("server", False, False, None, None)
    assert "does not offer STARTTLS: refusing to send the SMTP password without TLS" in str(error)
    assert not any(line.upper().startswith("AUTH") for _, line in server.commands)


def test_a_login_the_server_does_not_offer(certs: Certificates) -> None:
    with SmtpdServer(tls=certs.server, auth_exclude_mechanism=["PLAIN", "LOGIN"]) as server:
        url = server.url.replace("//", "//ada:secret@")
        error = failure(settings_for(url, ca_file=str(certs.ca_file)))
    assert error.scope == "server"
    assert "AUTH" in str(error) or "login method" in str(error)


# The pool


def test_concurrent_sends_share_at_most_the_configured_connections() -> None:
    with FaultServer() as server:
        settings = settings_for(server.url, connections=3)
        wanted = [f"reader{n}@example.org" for n in range(30)]

        async def scenario() -> None:
            async with SmtpMailer(settings) as mailer:
                await asyncio.gather(*(mailer.send(message(to, n)) for n, to in enumerate(wanted)))

        asyncio.run(scenario())
    assert server.max_active <= 3
    assert server.connections <= 3
    assert sorted(r for m in server.messages for r in m.recipients) == sorted(to for to in wanted)
    quits = {number for number, line in server.commands if line == "QUIT"}
    assert quits == set(range(1, server.connections + 1))  # closing QUITs each connection


def test_a_refused_recipient_leaves_the_connection_usable() -> None:
    def rcpt(session: FaultSession, argument: str) -> str:
        return "550 5.1.1 no such user" if "ghost" in argument else "250 2.1.5 OK"

    with FaultServer({"RCPT": rcpt}) as server:

        async def scenario() -> DeliveryError:
            async with SmtpMailer(settings_for(server.url)) as mailer:
                with pytest.raises(DeliveryError) as caught:
                    await mailer.send(message("ghost@example.org"))
                await mailer.send(message("ada@example.org"))
            return caught.value

        error = asyncio.run(scenario())
    assert facts(error) == ("recipient", True, False, 550, "5.1.1")
    assert server.connections == 1
    assert [m.recipients for m in server.messages] == [("ada@example.org",)]
    verbs = [line.split()[0] for _, line in server.commands]
    assert verbs[verbs.index("RCPT") + 1] == "RSET"


def test_the_pool_reconnects_after_the_server_drops_a_connection() -> None:
    # The server closes every connection after one message, as some relays do.
    with FaultServer({"body": then_close("250 2.0.0 queued, bye")}) as server:
        messages = [message(f"reader{n}@example.org", n) for n in range(3)]
        asyncio.run(send(settings_for(server.url, connections=1), *messages))
    assert len(server.messages) == 3
    assert server.connections == 3


def test_a_reused_connection_that_was_dropped_is_replaced_without_an_error() -> None:
    # The server takes the message and hangs up, without a word, as MAIL FROM arrives: the
    # pool cannot know before it tries, and tries once more on a new connection.
    def mail(session: FaultSession, argument: str) -> str | Act:
        return DROP if session.delivered else "250 2.1.0 OK"

    with FaultServer({"MAIL": mail}) as server:
        messages = [message(f"reader{n}@example.org", n) for n in range(3)]
        asyncio.run(send(settings_for(server.url, connections=1), *messages))
    assert len(server.messages) == 3
    assert server.connections == 3


def test_a_rate_limit_spaces_the_messages_out() -> None:
    with FaultServer() as server:
        settings = settings_for(server.url, connections=3, rate_per_second=20)

        async def scenario() -> float:
            async with SmtpMailer(settings) as mailer:
                start = time.monotonic()
                await asyncio.gather(*(mailer.send(message(n=n)) for n in range(30)))
                return time.monotonic() - start

        elapsed = asyncio.run(scenario())
    assert len(server.messages) == 30
    assert elapsed >= 1.0  # 20 a second: the 30th message begins 1.45 s after the first


def test_a_rate_per_minute_spaces_the_messages_out() -> None:
    with FaultServer() as server:
        settings = settings_for(server.url, rate_per_minute=600)  # one each 0.1 s
        start = time.monotonic()
        asyncio.run(send(settings, *(message(n=n) for n in range(6))))
        elapsed = time.monotonic() - start
    assert elapsed >= 0.45


# Settings


def test_smtp_settings_from_the_settings(tmp_path: Path) -> None:
    settings = Settings(
        smtp_url="smtp://mail.example.org",
        smtp_connect_timeout=5,
        smtp_timeout=30,
        smtp_data_timeout=90,
        smtp_connections=2,
        smtp_rate_per_second=5,
        smtp_rate_per_minute=100,
    )
    smtp = smtp_settings(settings)
    assert (smtp.host, smtp.port, smtp.tls, smtp.username) == (
        "mail.example.org",
        25,
        "opportunistic",
        None,
    )
    assert (smtp.connect_timeout, smtp.timeout, smtp.data_timeout) == (5, 30, 90)
    assert (smtp.connections, smtp.rate_per_second, smtp.rate_per_minute) == (2, 5, 100)
    assert smtp_settings(Settings(smtp_url="smtps://mail.example.org")).port == 465
    starttls = smtp_settings(Settings(smtp_url="smtp://u:p@mail.example.org?tls=starttls"))
    assert (starttls.port, starttls.tls, starttls.username) == (587, "starttls", "u")


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("smtp://mail.example.org?tls=maybe", "tls must be one of none, starttls, opportunistic"),
        ("smtp://mail.example.org:99999", "invalid port"),
        ("smtp://mail.example.org:0", "invalid port"),
        ("http://mail.example.org", "must look like smtp://host:port"),
    ],
)
def test_a_bad_smtp_url_is_a_config_error(url: str, said: str) -> None:
    with pytest.raises(ConfigError, match=said):
        smtp_settings(Settings(smtp_url=url))


def test_a_ca_file_that_cannot_be_read_is_a_config_error(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.pem"
    with pytest.raises(ConfigError, match=f"cannot read smtp_ca_file {missing}"):
        smtp_settings(Settings(smtp_ca_file=str(missing)))
    junk = tmp_path / "junk.pem"
    junk.write_text("not a certificate\n")
    with pytest.raises(ConfigError, match=f"smtp_ca_file {junk} holds no usable certificate"):
        smtp_settings(Settings(smtp_ca_file=str(junk)))
