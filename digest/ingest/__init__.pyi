"""Ingestion: poll feeds and store their posts."""

from .feedlist import (
    FeedsAdded as FeedsAdded,
    add_feeds as add_feeds,
)
from .fetch import (
    FakeFetcher as FakeFetcher,
    FeedFetcher as FeedFetcher,
    Fetcher as Fetcher,
    normalise_feed_url as normalise_feed_url,
)
from .inspect import (
    BlockRole as BlockRole,
    InspectedPost as InspectedPost,
    inspect_feed as inspect_feed,
)
from .opml import (
    OpmlFeed as OpmlFeed,
    read_opml as read_opml,
    write_opml as write_opml,
)
from .parse import (
    discover_feeds as discover_feeds,
    parse_feed as parse_feed,
)
from .poll import (
    PollPolicy as PollPolicy,
    PollResult as PollResult,
    add_feed as add_feed,
    enable_feed as enable_feed,
    poll_feeds as poll_feeds,
    poll_targets as poll_targets,
    read_feed as read_feed,
)
