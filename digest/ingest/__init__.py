"""Ingestion: poll feeds and store their posts.

fetch (HTTP and files) -> decoding -> parse (feedparser) -> prepare (sections each post)
-> poll (store, health, instant matching); `polling` decides when a feed is next due.

The names below are the wing's public face, loaded on first use (see `__init__.pyi`), so
importing one module of the wing does not import the others.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
