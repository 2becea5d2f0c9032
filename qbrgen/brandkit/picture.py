"""The colour of a picture, learned from a bounded part of it: a large picture is never decoded whole.

A logo or a template's background picture is looked at only for its colour (to pick readable text
over it). A small file can describe an enormous picture (a PNG of one colour, 20,000 x 20,000 pixels,
is about a megabyte), so at most ``SAMPLE_PIXELS`` pixels are ever decoded: a JPEG is decoded reduced
(a draft), a large PNG by its top rows only (read from the start of its compressed data and decoded
as a picture of their own), and any other picture that large does not count.
"""

from __future__ import annotations

import io
import struct
import zlib

SAMPLE_PIXELS = 1_000_000  # decoded at most, whatever the picture's size: 4 MB as RGBA
_PNG = b"\x89PNG\r\n\x1a\n"
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # PNG colour type -> samples per pixel


def average_colour(data: bytes | None) -> str | None:
    """Return the average ``RRGGBB`` of the picture's visible pixels (None when it cannot be read).

    A picture of more than ``SAMPLE_PIXELS`` pixels is judged by the part that can be decoded within
    that bound: a JPEG reduced up to an eighth a side, a PNG by its top band (where a title sits on a
    background picture). Anything else that large does not count.
    """
    if not data:
        return None
    try:
        if data.startswith(_PNG):
            data = _png_top_band(data)
            if data is None:
                return None
        from PIL import Image

        with Image.open(io.BytesIO(data)) as img:
            img.draft("RGB", (64, 64))
            if img.width * img.height > SAMPLE_PIXELS:
                return None
            small = img.convert("RGBA").resize((16, 16))
    except Exception:  # noqa: BLE001 - an unreadable picture (EMF, broken file) just does not count
        return None
    raw = small.tobytes()
    pixels = [raw[i:i + 3] for i in range(0, len(raw), 4) if raw[i + 3] > 32]
    if not pixels:
        return None
    return "".join(f"{round(sum(p[i] for p in pixels) / len(pixels)):02X}" for i in range(3))


def _chunks(data: bytes):
    """Yield (type, body) of each PNG chunk, without checking CRCs (only the first rows are used)."""
    pos = len(_PNG)
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        yield kind, data[pos + 8:pos + 8 + length]
        if kind == b"IEND":
            return
        pos += 12 + length


def _png_top_band(data: bytes) -> bytes | None:
    """Return ``data`` itself when it is small enough to decode, else a PNG of its top rows only.

    The rows are inflated from the start of the compressed stream, no more than they need, and
    wrapped with the original header, palette and transparency; an interlaced PNG spreads its first
    bytes over the whole picture, so a large one does not count (None).
    """
    chunks = _chunks(data)
    kind, header = next(chunks, (b"", b""))
    if kind != b"IHDR" or len(header) != 13:
        return None
    width, height, depth, colour, _compression, _filter, interlace = struct.unpack(">IIBBBBB", header)
    if width == 0 or height == 0 or colour not in _CHANNELS:
        return None
    if width * height <= SAMPLE_PIXELS:
        return data
    if interlace or width > SAMPLE_PIXELS:
        return None
    rows = min(height, max(1, SAMPLE_PIXELS // width))
    need = rows * (1 + (width * _CHANNELS[colour] * depth + 7) // 8)  # each row starts with its filter byte
    inflate, raw, keep = zlib.decompressobj(), bytearray(), []
    for kind, body in chunks:
        if kind in (b"PLTE", b"tRNS"):
            keep.append((kind, body))
        elif kind == b"IDAT":
            raw += inflate.decompress(body, need - len(raw))
            while len(raw) < need and inflate.unconsumed_tail:
                raw += inflate.decompress(inflate.unconsumed_tail, need - len(raw))
            if inflate.eof:
                break
            if len(raw) >= need:
                break
    if len(raw) < need:
        return None
    head = struct.pack(">IIBBBBB", width, rows, depth, colour, 0, 0, 0)
    parts = [(b"IHDR", head), *keep, (b"IDAT", zlib.compress(bytes(raw), 1)), (b"IEND", b"")]
    return _PNG + b"".join(struct.pack(">I", len(body)) + kind + body
                           + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF) for kind, body in parts)
