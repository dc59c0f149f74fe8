"""The subscriber pages (Flask): preferences, unsubscribe, confirm, digests in the browser."""

from .app import (
    create_app as create_app,
)
from .embed import (
    embed_snippet as embed_snippet,
)
from .preferences import (
    MAX_QUERIES as MAX_QUERIES,
    FormResult as FormResult,
    Preferences as Preferences,
    read_preferences as read_preferences,
)
from .selfservice import (
    catalog as catalog,
    preferences_of as preferences_of,
)
