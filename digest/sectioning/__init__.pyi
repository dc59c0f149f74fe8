"""Sectioning: a post's HTML cut into its stories (pure)."""

from .fingerprints import (
    block_fingerprint as block_fingerprint,
    fingerprint as fingerprint,
    near_duplicate as near_duplicate,
)
from .modes import (
    SPLIT_MODES as SPLIT_MODES,
)
from .sanitise import (
    ALLOWED_ATTRIBUTES as ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS as ALLOWED_TAGS,
    sanitise as sanitise,
)
from .sections import (
    Cut as Cut,
    cut_post as cut_post,
    learn_boilerplate as learn_boilerplate,
    split_post as split_post,
)
