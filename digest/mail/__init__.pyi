"""Mail: what a digest holds, how it looks, and how it is sent."""

from .capture import (
    Inbox as Inbox,
    InboxHandler as InboxHandler,
    capture_server as capture_server,
)
from .compose import (
    DigestRules as DigestRules,
    apply_caps as apply_caps,
    plan_digest as plan_digest,
    queue_confirmation as queue_confirmation,
    queue_digest as queue_digest,
)
from .deliver import (
    SendOutcome as SendOutcome,
    links_for as links_for,
    render_for as render_for,
    section_views as section_views,
    send_due as send_due,
)
from .message import (
    DKIM_HEADERS as DKIM_HEADERS,
    DkimKey as DkimKey,
    Envelope as Envelope,
    OutgoingMessage as OutgoingMessage,
    build_message as build_message,
    message_id as message_id,
    quoted_printable_part as quoted_printable_part,
    sign_message as sign_message,
)
from .render import (
    DEFAULT_BUDGET as DEFAULT_BUDGET,
    DigestContext as DigestContext,
    Links as Links,
    Templates as Templates,
    excerpt as excerpt,
    highlight as highlight,
    inline_template as inline_template,
    render_digest as render_digest,
    wrap as wrap,
)
from .sending import (
    queue_digests as queue_digests,
)
from .smtp import (
    Mailer as Mailer,
    RecordingMailer as RecordingMailer,
    SmtpMailer as SmtpMailer,
    parse_smtp_url as parse_smtp_url,
)
