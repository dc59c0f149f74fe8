"""Mail: what a digest holds, how it looks, and how it is sent.

compose (what a digest holds) -> render (Jinja2) -> message (MIME, pure) -> deliver (the
outbox worker) -> smtp (aiosmtplib, a connection pool); `bulk` composes a chunk of
subscribers at once, `pipeline` runs a send end to end (composing and rendering in worker
processes while this one sends), `sending` queues a send run, `outbox` claims and records
deliveries, `retries` and `replies` judge failures (pure),
`catchup` says what a topic or query just added catches up on (pure), `capture` is a local
SMTP capture.

The names below are the wing's public face, loaded on first use (see `__init__.pyi`), so
importing one module of the wing does not import the others.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
