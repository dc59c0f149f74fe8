"""Matching: the filter language and its matchers.

`query` parses a search-box query, `analysis` folds and stems text, `atoms` compiles queries,
`score` matches and explains (BM25F), `filterindex` matches many filters at once (all pure);
`filters` reads filters and documents off the tables, `instant` matches new sections for
instant subscribers.

The names below are the wing's public face, loaded on first use (see `__init__.pyi`), so
importing one module of the wing does not import the others.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)
