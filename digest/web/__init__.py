"""The subscriber pages (Flask): sign-up, preferences, unsubscribe, confirm, stopping a
topic, pausing, fresh links, digests in the browser and the archive.

`preferences` and `signup` read the forms (pure), `selfservice` and `accounts` apply them,
`guard` holds the form tokens and rate limits, `embed` writes the form for other sites,
and `app` serves the pages.

The names below are the wing's public face, loaded on first use (see `__init__.pyi`), so
importing one module of the wing does not import the others.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
