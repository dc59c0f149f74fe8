"""How a feed's posts are cut: by the automatic rules, or by a layout its operator chose.

Kept apart from the rules themselves (and their parser) so that the command line can
offer the choices without loading them.
"""

from __future__ import annotations

AUTO, HEADINGS, BOLD, DIVIDERS, NONE = "auto", "headings", "bold", "dividers", "none"
#: Every split mode, the default first.
SPLIT_MODES = (AUTO, HEADINGS, BOLD, DIVIDERS, NONE)


def check_split(mode: str) -> str:
    """`mode`, if it is one of `SPLIT_MODES`."""
    if mode not in SPLIT_MODES:
        raise ValueError(f"unknown split mode {mode!r}: use one of {', '.join(SPLIT_MODES)}")
    return mode
