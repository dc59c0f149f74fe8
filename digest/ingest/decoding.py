"""Undo a response's Content-Encoding in bounded steps (pure).

httpx's own decoders inflate a whole network read at once, and 64 KB of gzipped
zeros is 64 MB. Here every step yields at most `DECODE_STEP` bytes, so the
caller can stop at its size cap before a compression bomb fills memory.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

import brotli

#: The most bytes one decompression step may produce before the cap is checked again.
DECODE_STEP = 64 * 1024

#: What can go wrong while decoding a damaged body.
DecodingError = (zlib.error, brotli.error)

#: The encodings `Decoding` can undo within the size cap, for Accept-Encoding.
ACCEPT_ENCODING = "gzip, deflate, br"


class _Inflate:
    """zlib, gzip or raw deflate, never producing more than `DECODE_STEP` bytes at once."""

    def __init__(self, wbits: int, *, raw_fallback: bool = False) -> None:
        self._decompressor = zlib.decompressobj(wbits)
        self._raw_fallback = raw_fallback

    def decode(self, data: bytes) -> Iterator[bytes]:
        if self._raw_fallback and data:
            self._raw_fallback = False
            if not _has_zlib_header(data):
                self._decompressor = zlib.decompressobj(-zlib.MAX_WBITS)
        while True:
            chunk = self._decompressor.decompress(data, DECODE_STEP)
            if chunk:
                yield chunk
            data = self._decompressor.unconsumed_tail
            if not data and len(chunk) < DECODE_STEP:
                return

    def flush(self) -> Iterator[bytes]:
        if tail := self._decompressor.flush():
            yield tail


def _has_zlib_header(data: bytes) -> bool:
    """HTTP's "deflate" should be zlib-wrapped (RFC 1950), but many servers send it raw."""
    return len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0


class _Brotli:
    def __init__(self) -> None:
        self._decompressor = brotli.Decompressor()

    def decode(self, data: bytes) -> Iterator[bytes]:
        chunk: bytes = self._decompressor.process(data, output_buffer_limit=DECODE_STEP)
        yield chunk
        while not self._decompressor.can_accept_more_data():
            chunk = self._decompressor.process(b"", output_buffer_limit=DECODE_STEP)
            yield chunk

    def flush(self) -> Iterator[bytes]:
        return iter(())


class _Identity:
    def decode(self, data: bytes) -> Iterator[bytes]:
        yield data

    def flush(self) -> Iterator[bytes]:
        return iter(())


_Decoder = _Inflate | _Brotli | _Identity


def _decoder(name: str) -> _Decoder:
    if name in ("gzip", "x-gzip"):
        return _Inflate(zlib.MAX_WBITS | 32)
    if name == "deflate":
        return _Inflate(zlib.MAX_WBITS, raw_fallback=True)
    if name == "br":
        return _Brotli()
    return _Identity()


class Decoding:
    """Undo a Content-Encoding (a list, applied in order) lazily, in bounded steps.

    httpx's own decoders inflate a whole network read at once, and 64 KB of
    gzipped zeros is 64 MB; here each step yields at most `DECODE_STEP` bytes so
    the caller can stop at its cap. Unknown encodings pass through, as in httpx.
    """

    def __init__(self, content_encoding: str) -> None:
        names = [n.strip().lower() for n in content_encoding.split(",") if n.strip()]
        self._decoders = [_decoder(name) for name in reversed(names)]

    def decode(self, raw: bytes) -> Iterator[bytes]:
        chunks: Iterator[bytes] = iter((raw,))
        for decoder in self._decoders:
            chunks = _through(decoder, chunks)
        return chunks

    def flush(self) -> Iterator[bytes]:
        chunks: Iterator[bytes] = iter(())
        for decoder in self._decoders:
            chunks = _through(decoder, chunks, finish=True)
        return chunks


def _through(
    decoder: _Decoder, chunks: Iterator[bytes], *, finish: bool = False
) -> Iterator[bytes]:
    for chunk in chunks:
        yield from decoder.decode(chunk)
    if finish:
        yield from decoder.flush()
