"""Mail: what a digest holds, how it looks, and how it is sent."""

from .capture import (
    Inbox as Inbox,
    InboxHandler as InboxHandler,
    capture_server as capture_server,
)
from .catchup import (
    Followed as Followed,
    added as added,
    catchup_filters as catchup_filters,
    pick_missed as pick_missed,
)
from .compose import (
    DigestRules as DigestRules,
    apply_caps as apply_caps,
    plan_digest as plan_digest,
    queue_confirmation as queue_confirmation,
    queue_digest as queue_digest,
    window_start as window_start,
)
from .deliver import (
    SendOutcome as SendOutcome,
    SendReport as SendReport,
    delivery_period as delivery_period,
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
from .outbox import (
    Pause as Pause,
    requeue_failed as requeue_failed,
    worker_name as worker_name,
)
from .pipeline import (
    send_digests as send_digests,
)
from .render import (
    DEFAULT_BUDGET as DEFAULT_BUDGET,
    DigestContext as DigestContext,
    Links as Links,
    Period as Period,
    Templates as Templates,
    excerpt as excerpt,
    highlight as highlight,
    inline_template as inline_template,
    render_digest as render_digest,
    wrap as wrap,
)
from .replies import (
    dropped as dropped,
    enhanced_status as enhanced_status,
    login_refused as login_refused,
    one_line as one_line,
    refusal as refusal,
    timed_out as timed_out,
    tls_failed as tls_failed,
    unreachable as unreachable,
)
from .retries import (
    Failure as Failure,
    bounces_to_suppress as bounces_to_suppress,
    is_hard_bounce as is_hard_bounce,
    judge as judge,
    probe_delay as probe_delay,
    retry_delay as retry_delay,
    retry_span as retry_span,
)
from .sending import (
    Planned as Planned,
    Queued as Queued,
    plan_sends as plan_sends,
    queue_digests as queue_digests,
)
from .smtp import (
    UNVERIFIED_WARNING as UNVERIFIED_WARNING,
    Mailer as Mailer,
    RecordingMailer as RecordingMailer,
    SmtpMailer as SmtpMailer,
    SmtpSettings as SmtpSettings,
    parse_smtp_url as parse_smtp_url,
    smtp_settings as smtp_settings,
)
