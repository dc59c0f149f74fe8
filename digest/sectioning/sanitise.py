"""Make HTML safe to show and mail (pure: no I/O, no clock).

`sanitise` keeps only harmless markup (`ALLOWED_TAGS`, `ALLOWED_ATTRIBUTES`),
keeps ``data:`` URLs only as raster images' sources, and fits images to
`MAX_IMAGE_WIDTH`. Used on every story's body by `digest.sectioning.sections`.
"""

from __future__ import annotations

import math
import re

import nh3

#: Images wider than this are scaled down, keeping their proportions.
MAX_IMAGE_WIDTH = 600
#: An image with a height and no width is left unsized when taller than this.
MAX_IMAGE_HEIGHT = 1200
#: Width or height values beyond this are absurd and dropped.
MAX_IMAGE_DIMENSION = 10_000

ALLOWED_TAGS = frozenset(
    {"a", "abbr", "b", "blockquote", "br", "cite", "code", "dd", "del", "dl", "dt", "em"}
    | {"figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "i", "img", "ins", "kbd"}
    | {"li", "mark", "ol", "p", "pre", "q", "s", "small", "strong", "sub", "sup", "table"}
    | {"tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul"}
)
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "abbr": {"title"},
}

#: Never shown, or interactive: removed with everything inside them.
REMOVED_TAGS = (
    "script", "style", "noscript", "template", "iframe", "object", "head", "title",
    "svg", "math", "form", "button", "input", "select", "textarea", "canvas",
)  # fmt: skip
_DATA_IMAGE = re.compile(r"\s*data:image/(?:png|jpe?g|gif|webp|avif|bmp);", re.I)
_IMG_TAG = re.compile(r"<img\b[^>]*>")
_SIZE_ATTRIBUTE = re.compile(r'\s(width|height)="([^"]*)"')


def sanitise(html: str) -> str:
    """Only harmless markup: no scripts, styles, frames, forms, svg or event handlers.

    Links keep http, https and mailto URLs; ``data:`` URLs survive only as the
    ``src`` of an image (png, jpeg, gif, webp, avif, bmp). Images wider than
    `MAX_IMAGE_WIDTH` are scaled down; absurd sizes are dropped.
    """
    cleaned: str = _CLEANER.clean(html)
    if "<img" in cleaned:
        cleaned = _IMG_TAG.sub(_fit_image, cleaned)
    return cleaned


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    """Links and sources absolute (an email cannot resolve a relative one); ``data:``
    URLs only as an image's source, and only for raster images."""
    if attribute not in ("href", "src"):
        return value
    start = value[:8].lstrip().lower()
    if start.startswith("data:"):
        return value if tag == "img" and attribute == "src" and _DATA_IMAGE.match(value) else None
    return value if start.startswith(("https://", "http://", "mailto:")) else None


_CLEANER = nh3.Cleaner(
    tags=set(ALLOWED_TAGS),
    clean_content_tags=set(REMOVED_TAGS) - {"input"} | {"embed"},
    attributes={"*": set()} | {tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
    attribute_filter=_attribute_filter,
    url_schemes={"http", "https", "mailto", "data"},
    link_rel="noopener noreferrer",
)


def _dimension(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        number = float(value.strip().removesuffix("px"))
    except ValueError:
        return None
    if not math.isfinite(number) or number <= 0 or number > MAX_IMAGE_DIMENSION:
        return None
    return max(1, math.floor(number + 0.5))


def _fit_image(match: re.Match[str]) -> str:
    """Width at most `MAX_IMAGE_WIDTH`, height scaled with it; absurd values dropped; an
    image without a source dropped."""
    tag = match.group(0)
    if ' src="' not in tag:
        return ""  # nothing to show (its source was not allowed)
    sizes = dict(_SIZE_ATTRIBUTE.findall(tag))
    if not sizes:
        return tag
    width, height = _dimension(sizes.get("width")), _dimension(sizes.get("height"))
    if width and width > MAX_IMAGE_WIDTH:
        height = max(1, round(height * MAX_IMAGE_WIDTH / width)) if height else None
        width = MAX_IMAGE_WIDTH
    if height and not width and height > MAX_IMAGE_HEIGHT:
        height = None
    size = (f' width="{width}"' if width else "") + (f' height="{height}"' if height else "")
    tag = _SIZE_ATTRIBUTE.sub("", tag)
    end = len(tag) - (2 if tag.endswith("/>") else 1)
    return tag[:end] + size + tag[end:]
