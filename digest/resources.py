"""Where the files shipped beside the code live.

In a wheel, ``templates/``, ``migrations/`` and ``alembic.ini`` sit inside the
package; in a source checkout (and an editable install) they sit beside it.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_path(name: str) -> Path:
    """The path of a shipped resource such as ``templates`` or ``migrations``."""
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"{name} is missing from the digest installation")


def sample_feed_path() -> Path:
    return _PACKAGE / "data" / "sample-feed.xml"
