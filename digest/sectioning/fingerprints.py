"""Fingerprints of text (pure: no I/O, no clock).

`block_fingerprint` identifies a block of text exactly (for boilerplate);
`fingerprint` is a story's SimHash, and `near_duplicate` compares two of them.
"""

from __future__ import annotations

import functools
import string
from hashlib import blake2b


def block_fingerprint(text: str) -> str:
    """A block's identity whatever its markup or spacing; "" for no text.

    The length of the text (white space squashed), in hex, a colon, and 64 bits
    of its BLAKE2b hash: ``"5e:3f0c…"``. The length lets `split_post` hash only
    the blocks whose length matches some boilerplate's.
    """
    return fingerprint_squashed(" ".join(text.split()))


def fingerprint_squashed(text: str) -> str:
    """`block_fingerprint` of a text whose white space is already squashed (a block's)."""
    normal = text.replace("\n", " ")
    if not normal:
        return ""
    return f"{len(normal):x}:{blake2b(normal.encode(), digest_size=8).hexdigest()}"


@functools.lru_cache(maxsize=64)
def fingerprint_lengths(boilerplate: frozenset[str]) -> frozenset[int]:
    """The text lengths a set of block fingerprints names: a block of another length
    cannot be one of them, so it needs no hashing."""
    found = (fp.partition(":") for fp in boilerplate)
    return frozenset(int(length, 16) for length, colon, _ in found if colon and _is_hex(length))


def _is_hex(text: str) -> bool:
    return bool(text) and all(char in string.hexdigits for char in text)


def fingerprint(title: str, text: str) -> str:
    """A 64-bit SimHash of the story's word 3-shingles, as 16 lowercase hex digits.

    Words are the runs of letters and digits of title and text, lower-cased
    (`_tokens`: punctuation, including curly quotes and dashes, separates words,
    so ``don’t`` and ``don't`` agree). A shingle a b c hashes to
    ``h(a) ^ rot8(h(b)) ^ rot16(h(c))`` (h: 64 bits of BLAKE2b; rotl by whole
    bytes, as in buzhash); bit i of the fingerprint is set when more than half
    the shingles have bit i set. The same story syndicated with other markup,
    spacing or links gets the same fingerprint; a few edited words move it a few
    bits, fewer the longer the story (`near_duplicate`); unrelated stories land
    about 32 bits apart.
    """
    tokens = _tokens(f"{title}\n{text}")
    if not tokens:
        return "0" * 16
    try:
        joined = b"".join(map(_WORD_HASHES.get, tokens))  # type: ignore[arg-type]
    except TypeError:  # a word not seen before (None)
        known = {word: _WORD_HASHES.get(word) or _word_hash(word) for word in set(tokens)}
        _remember(known)
        joined = b"".join(map(known.__getitem__, tokens))
    # Byte p of every word's hash, for all words at once: a stride-8 slice, read as
    # a big integer (word i in byte i). Byte p of shingle i's hash is byte p of h(w[i])
    # ^ byte p-1 of h(w[i+1]) ^ byte p-2 of h(w[i+2]): columns shifted by one or two
    # words. The shingles with bit b of byte p set are then counted with a mask.
    count = len(tokens) - 2 if len(tokens) >= 3 else len(tokens)
    columns = [int.from_bytes(joined[byte::8], "little") for byte in range(8)]
    if len(tokens) >= 3:
        columns = [
            columns[byte] ^ (columns[byte - 1] >> 8) ^ (columns[byte - 2] >> 16)
            for byte in range(8)
        ]
    half = count // 2  # a count above count / 2 is above its floor too
    masks = _bit_masks(count)
    # Bit 63 first: the flags read as a binary numeral.
    flags = [
        "1" if (column & mask).bit_count() > half else "0"
        for column in reversed(columns)
        for mask in reversed(masks)
    ]
    return f"{int(''.join(flags), 2):016x}"


@functools.lru_cache(maxsize=512)
def _bit_masks(count: int) -> tuple[int, ...]:
    """Bit b of each of `count` bytes, for b in 0..7."""
    ones = int.from_bytes(b"\x01" * count, "little")
    return tuple(ones << bit for bit in range(8))


def near_duplicate(a: str, b: str, max_distance: int = 3) -> bool:
    """Two `fingerprint`s at most `max_distance` bits apart (the same story, lightly edited)."""
    try:
        distance = (int(a, 16) ^ int(b, 16)).bit_count()
    except ValueError:
        return a == b
    return distance <= max_distance


# --- SimHash ------------------------------------------------------------------------------

#: The 64-bit hash of each word seen (8 bytes, little-endian), kept across calls.
_WORD_HASHES: dict[bytes, bytes] = {}
_MAX_WORDS_REMEMBERED = 200_000


def _word_hash(word: bytes) -> bytes:
    return blake2b(word, digest_size=8).digest()


def _remember(hashes: dict[bytes, bytes]) -> None:
    """Keep words' hashes for the next calls (a bounded cache: it starts again when full)."""
    if len(_WORD_HASHES) + len(hashes) > _MAX_WORDS_REMEMBERED:
        _WORD_HASHES.clear()
    _WORD_HASHES.update(hashes)


def _tokens(text: str) -> list[bytes]:
    """The words of a text as UTF-8, ASCII letters lower-cased: like `digest.text.words`
    at a fraction of its cost (bytes.translate and split instead of a regular
    expression), except that non-ASCII capitals are kept and punctuation other than
    ASCII and common typographic marks (curly quotes, dashes, ellipsis, no-break
    space) stays inside a word."""
    if not text.isascii():
        for mark in _TYPOGRAPHIC:
            if mark in text:
                text = text.replace(mark, " ")
    return text.encode().translate(_FOLD).split()


#: ASCII capitals to lower case, ASCII punctuation (underscore too) to a space.
_FOLD = bytes.maketrans(
    string.ascii_uppercase.encode() + string.punctuation.encode(),
    string.ascii_lowercase.encode() + b" " * len(string.punctuation),
)
_TYPOGRAPHIC = "’“”–—…‘\u00a0"  # the common ones: each costs a scan of the text
