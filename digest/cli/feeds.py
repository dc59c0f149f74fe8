"""Commands for the schema, the feeds, polling and the stored sections."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, BinaryIO

import click

from digest.cli.common import (
    State,
    _print_sections,
    _since,
    clock_option,
    emit_json,
    emit_table,
    input_name,
    json_option,
    pass_state,
    session_for,
)
from digest.errors import InvalidValue
from digest.sectioning import SPLIT_MODES

if TYPE_CHECKING:
    from digest.ingest.feedlist import FeedsAdded
    from digest.ingest.inspect import InspectedPost
    from digest.ingest.poll import PollResult
    from digest.models import Feed

# db


@click.group()
def db() -> None:
    """The database schema."""


@db.command("upgrade")
@pass_state
def db_upgrade(state: State) -> None:
    """Create the schema, or bring it up to date."""
    from digest.db import create_db_engine, upgrade

    engine = create_db_engine(state.settings.database_url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    click.echo(f"database is up to date: {engine.url.render_as_string()}")


# feeds


@click.group()
def feed() -> None:
    """The feeds to watch."""


_language_option = click.option(
    "--language",
    help="Stem its words in this language (a name or code: french, fr). "
    "Default: the language the feed declares, else English.",
)


def _split_option(help: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    return click.option("--split", type=click.Choice(SPLIT_MODES), help=help)


_SPLIT_HELP = (
    "How its posts are cut into stories: auto (the default: the layout is read from each"
    " post), or at its headings, bold headlines, dividers, or none (each post one story)."
)


def _checked_language(value: str | None) -> str | None:
    from digest.matching.analysis import language_name, languages

    if value is None:
        return None
    name = language_name(value)
    if name is None:
        raise InvalidValue(
            f"no stemmer for language {value!r}: use one of {', '.join(languages())}"
        )
    return name


@feed.command("inspect")
@click.argument("url")
@click.option("--post", "guid", help="Show this post (its guid or link) block by block.")
@_split_option("Cut with this split mode instead of the feed's (auto for a feed not added).")
@json_option
@pass_state
def feed_inspect(
    state: State, url: str, guid: str | None, split: str | None, as_json: bool
) -> None:
    """How each post of a feed is cut into stories, and why; nothing is stored.

    Without --post, a line per post: its layout, the cue its stories open with, how many
    stories and what was dropped as chrome. With --post, every block of that post with
    its role (opener, body, category label, or chrome and the reason), the evidence for
    the layout, and the sections. Posts are cut with the feed's split mode, or --split.
    """
    found_url, used, posts = state.runtime().inspect_feed(url, split)
    if guid is not None:
        posts = [p for p in posts if guid in (p.entry.guid, p.entry.url)]
        if not posts:
            raise InvalidValue(
                f"{found_url} has no post {guid!r}: `digest feed inspect URL` lists them"
            )
    if as_json:
        emit_json([p.as_json(blocks=guid is not None) for p in posts])
        return
    click.echo(f"split: {used}")
    if guid is None:
        _print_inspected(posts)
    else:
        _print_trace(posts[0])


def _print_inspected(posts: Sequence[InspectedPost]) -> None:
    emit_table(
        ["POST", "LAYOUT", "OPENS WITH", "STORIES", "CHROME"],
        [
            [
                p.entry.guid,
                p.layout,
                p.family,
                len(p.cut.drafts),
                ", ".join(f"{n} {reason}" for reason, n in p.chrome().items()),
            ]
            for p in posts
        ],
        "the feed lists no posts",
    )


def _print_trace(post: InspectedPost) -> None:
    click.echo(f"post    {post.entry.title}\nlayout  {post.layout}  {post.family}")
    for evidence in post.cut.plan.evidence:
        click.echo(f"        {evidence}")
    click.echo("")
    emit_table(
        ["#", "KIND", "WORDS", "ROLE", "TEXT"],
        [[r.index, r.kind, r.words, r.role, r.text] for r in post.roles()],
        "no blocks",
    )
    click.echo("")
    emit_table(
        ["KEY", "TITLE", "CATEGORY", "WORDS"],
        [[d.key, d.title, d.category or "", len(d.text.split())] for d in post.cut.drafts],
        "no sections",
    )


@feed.command("set")
@click.argument("url")
@_language_option
@_split_option(_SPLIT_HELP)
@pass_state
def feed_set(state: State, url: str, language: str | None, split: str | None) -> None:
    """Change how a feed is read: its language, for matching, and how its posts are cut."""
    from digest import store
    from digest.ingest.fetch import normalise_feed_url
    from digest.matching.analysis import DEFAULT_LANGUAGE

    checked = _checked_language(language)
    with session_for(state) as session:
        found = store.feed_by_url(session, normalise_feed_url(url))
        if checked is not None:
            found.language = checked
        before, found.split = found.split, split or found.split
        click.echo(
            f"{found.url}: language {found.language or DEFAULT_LANGUAGE}, split {found.split}"
        )
        if found.split != before:
            stored = store.post_counts(session).get(found.id, 0)
            click.echo(_split_changed(before, found.split, stored))


def _split_changed(before: str, after: str, stored: int) -> str:
    # A post's HTML is not kept once it is cut, so its sections cannot be cut again.
    return (
        f"split: {before} -> {after} (takes effect for posts fetched from now on;"
        f" the {stored} posts stored keep their sections;"
        " `digest feed inspect URL` shows how the posts the feed lists now are cut)"
    )


@feed.command("add")
@click.argument("url")
@click.option(
    "--backfill/--only-new",
    default=False,
    help="Deliver the posts the feed lists now too, or (the default) keep them as an archive.",
)
@_language_option
@_split_option(_SPLIT_HELP)
@clock_option
@json_option
@pass_state
def feed_add(
    state: State,
    url: str,
    backfill: bool,
    language: str | None,
    split: str | None,
    as_json: bool,
) -> None:
    """Add a feed: an RSS or Atom URL, a page that advertises one, or a local file."""
    result = state.runtime().add_feed(
        url, backfill=backfill, language=_checked_language(language), split=split or "auto"
    )
    if result.error:  # a malformed feed: added, with what could be read of it
        click.echo(f"digest: warning: {result.error}", err=True)
    if as_json:
        emit_json(result.as_json())
        return
    archive = "deliverable" if backfill else "kept as archive, not delivered"
    click.echo(
        f"added {result.feed}: {result.new_posts} posts, {result.new_sections} sections ({archive})"
    )


@feed.command("import")
@click.argument("file", type=click.File("rb"))
@click.option(
    "--backfill/--only-new",
    default=False,
    help="Deliver the posts the feeds list now too, or (the default) keep them as an archive.",
)
@clock_option
@json_option
@pass_state
def feed_import(state: State, file: BinaryIO, backfill: bool, as_json: bool) -> None:
    """Add every feed an OPML file lists (- for standard input), as `feed add` adds one.

    Feeds already there are skipped; one that fails is named with its reason, and the
    others are added all the same (exit 1).
    """
    from digest.ingest.opml import read_opml

    listed = read_opml(file.read(), input_name(file))
    outcome = state.runtime().add_feeds([f.url for f in listed], backfill=backfill)
    for url, error in outcome.failed:  # fetch errors name their feed already
        click.echo(f"digest: error: {error if url in error else f'{url}: {error}'}", err=True)
    if as_json:
        emit_json(outcome.as_json())
    else:
        _print_feeds_added(outcome, backfill)
    if outcome.failed:
        raise SystemExit(1)


def _print_feeds_added(outcome: FeedsAdded, backfill: bool) -> None:
    for result in outcome.added:
        if result.error:  # a malformed feed: added, with what could be read of it
            click.echo(f"digest: warning: {result.error}", err=True)
        click.echo(f"added {result.feed}: {result.new_posts} posts, {result.new_sections} sections")
    for url in outcome.skipped:
        click.echo(f"{url}: there already, skipped")
    archive = "deliverable" if backfill else "their posts kept as archive, not delivered"
    summary = f"added {len(outcome.added)} feeds ({archive})"
    if outcome.skipped:
        summary += f"; {len(outcome.skipped)} there already"
    if outcome.failed:
        summary += f"; {len(outcome.failed)} failed (see above)"
    click.echo(summary)


@feed.command("export")
@click.argument(
    "file", required=False, default="-", type=click.Path(dir_okay=False, allow_dash=True)
)
@pass_state
def feed_export(state: State, file: str) -> None:
    """Write every feed to an OPML 2.0 file (default: standard output)."""
    from digest import store
    from digest.ingest.opml import OpmlFeed, write_opml

    with session_for(state) as session:
        listed = [OpmlFeed(f.url, f.title, f.site_url) for f in store.feeds(session)]
    with click.open_file(file, "wb", atomic=file != "-") as out:
        out.write(write_opml(listed))
    if file != "-":
        click.echo(f"exported {len(listed)} feeds to {file}")


def _feed_health(feed: Feed) -> str:
    if feed.disabled_at is not None:
        return f"disabled since {feed.disabled_at:%Y-%m-%d %H:%M}: {feed.disabled_reason}"
    if feed.error_count and feed.failing_since is not None:
        state = "malformed" if feed.last_error_kind == "malformed" else "failing"
        return (
            f"{state} since {feed.failing_since:%Y-%m-%d %H:%M} ({feed.error_count} in a row):"
            f" {feed.last_error}"
        )
    return "ok" if feed.last_success_at else "not polled yet"


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


@feed.command("list")
@json_option
@pass_state
def feed_list(state: State, as_json: bool) -> None:
    """The feeds, with their health: failing feeds say since when and why."""
    from digest import store
    from digest.matching.analysis import DEFAULT_LANGUAGE

    with session_for(state) as session:
        counts = store.post_counts(session)
        feeds = store.feeds(session)
        rows = [
            {
                "url": f.url,
                "title": f.title,
                "posts": counts.get(f.id, 0),
                "health": _feed_health(f),
                "last_polled_at": _iso(f.last_polled_at),
                "next_poll_at": _iso(f.next_poll_at),
                "error_count": f.error_count,
                "failing_since": _iso(f.failing_since),
                "last_error": f.last_error,
                "last_error_kind": f.last_error_kind,
                "disabled": f.disabled_at is not None,
                "language": f.language or DEFAULT_LANGUAGE,
                "split": f.split,
            }
            for f in feeds
        ]
    if as_json:
        emit_json(rows)
        return
    emit_table(
        ["URL", "TITLE", "POSTS", "HEALTH"],
        [[r["url"], r["title"], r["posts"], r["health"]] for r in rows],
        "no feeds yet: add one with `digest feed add URL`",
    )


@feed.command("remove")
@click.argument("url")
@pass_state
def feed_remove(state: State, url: str) -> None:
    """Remove a feed with its posts and sections."""
    from digest import store
    from digest.ingest.fetch import normalise_feed_url

    with session_for(state) as session:
        session.delete(store.feed_by_url(session, normalise_feed_url(url)))
    click.echo(f"removed {url}")


@feed.command("enable")
@click.argument("url")
@clock_option
@pass_state
def feed_enable(state: State, url: str) -> None:
    """Poll a disabled or backing-off feed again at the next `digest poll`."""
    from digest.ingest.poll import enable_feed

    with session_for(state) as session:
        enabled = enable_feed(session, url, state.now())
        click.echo(f"{enabled.url} will be polled at the next run")


@click.command("poll")
@click.option("--feed", "feed_url", help="Poll this feed only, due or not.")
@click.option("--all", "force", is_flag=True, help="Poll every feed now, due or not.")
@clock_option
@json_option
@pass_state
def poll_command(state: State, feed_url: str | None, force: bool, as_json: bool) -> None:
    """Fetch the feeds that are due, store new posts and sections, and match them."""
    runtime = state.runtime()
    show_progress = not as_json and sys.stderr.isatty()
    with click.progressbar(
        length=_due_count(state, feed_url, force),
        label="polling",
        file=sys.stderr if show_progress else io.StringIO(),
    ) as bar:
        results = runtime.poll(feed_url=feed_url, force=force, on_result=lambda _: bar.update(1))
    if as_json:
        emit_json([r.as_json() for r in results])
    else:
        _print_poll(results)
    failed = [r for r in results if r.error]
    if failed:  # any feed that failed is an operational failure, the others polled as usual
        if as_json:  # `_print_poll` gave these reasons already
            for r in failed:
                click.echo(f"{r.feed}: error: {r.error}", err=True)
        raise SystemExit(1)


def _due_count(state: State, feed_url: str | None, force: bool) -> int:
    from digest.ingest.poll import poll_targets

    return len(poll_targets(state.runtime().sessions, state.now(), feed_url, force))


def _print_poll(results: Sequence[PollResult]) -> None:
    for r in results:
        if r.error:
            click.echo(f"{r.feed}: error: {r.error}", err=True)
            if not (r.new_posts or r.updated_posts):
                continue  # nothing came of it (a malformed feed may still yield posts)
        if r.not_modified:
            click.echo(f"{r.feed}: not modified")
        else:
            moved = f" (moved permanently to {r.moved_to})" if r.moved_to else ""
            click.echo(
                f"{r.feed}: {r.new_posts} new posts, {r.updated_posts} updated,"
                f" {r.new_sections} new sections{moved}"
            )
    if not results:
        click.echo("no feed is due: `digest poll --all` polls every feed now")


# sections


@click.group()
def section() -> None:
    """The stories cut out of posts."""


@section.command("list")
@click.option("--feed", "feed_url", help="Only this feed's sections.")
@click.option("--since", help="Only sections first seen since: 4w, 10d, 12h or a date.")
@clock_option
@json_option
@pass_state
def section_list(state: State, feed_url: str | None, since: str | None, as_json: bool) -> None:
    """List stored sections, newest posts first."""
    from digest import store
    from digest.ingest.fetch import normalise_feed_url

    with session_for(state) as session:
        if feed_url is not None:
            feed_url = store.feed_by_url(session, normalise_feed_url(feed_url)).url
        found = store.sections(session, feed_url=feed_url, since=_since(since, state.now()))
        views = [store.section_view(s) for s in found]
    _print_sections(views, as_json, "no sections yet: add a feed and run `digest poll`")
