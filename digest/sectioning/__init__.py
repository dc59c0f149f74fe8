"""Sectioning: a post's HTML cut into its stories (pure).

`sections` finds the stories and their titles, teasers, links and anchors; `sanitise` keeps
only safe markup; `fingerprints` recognise the same story in another feed.

The names below are the wing's public face, loaded on first use (see `__init__.pyi`), so
importing one module of the wing does not import the others.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
