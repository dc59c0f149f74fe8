"""The subscriber pages (Flask): preferences, unsubscribe, confirm, digests in the browser.

`preferences` reads the form (pure), `selfservice` applies it, `app` serves the pages.

The names below are the wing's public face, loaded on first use (see `__init__.pyi`), so
importing one module of the wing does not import the others.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
