"""Font subsets for the PDF: HarfBuzz's subsetter as pip installs it (uharfbuzz), cached per worker.

WeasyPrint subsets each embedded font with the system's ``libharfbuzz-subset`` when the machine has it
and with fontTools (about eight times slower) when it does not, so the same book built on two machines
took very different times and embedded different font bytes. qbrgen subsets every font here instead,
on every machine: the same steps as WeasyPrint's HarfBuzz path, with the HarfBuzz that the uharfbuzz
wheel carries. A subset depends only on the font's bytes and the glyphs kept, so it is remembered
across the accounts a worker builds (the same few fonts and mostly the same glyphs, account after
account): a repeat costs a dictionary look-up and returns the very bytes a fresh subset would.

No format library is imported here: the caller hands over bytes and glyph ids and gets bytes back.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Iterable

import uharfbuzz as hb

# Tables a PDF viewer never reads (shaping is done before the PDF is written); as WeasyPrint drops them.
DROP_TABLES = ("BASE", "DSIG", "EBDT", "EBLC", "EBSC", "GPOS", "GSUB", "JSTF", "LTSH", "PCLT", "SVG ")
CACHE_SIZE = 64  # subsets kept per worker; a few fonts times the glyph sets of recent accounts

_cache: OrderedDict[tuple, bytes] = OrderedDict()
_digests: dict[int, tuple[bytes, str]] = {}  # id(font bytes) -> (the bytes, their digest): hash a font once
stats = {"subsets": 0, "hits": 0}  # counted, for tests and benchmarks


def _digest(data: bytes) -> str:
    known = _digests.get(id(data))
    if known is not None and known[0] is data:
        return known[1]
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    if len(_digests) > 16:
        _digests.clear()
    _digests[id(data)] = (data, digest)
    return digest


def subset(data: bytes, index: int, glyphs: Iterable[int], hinting: bool, notdef_outline: bool,
           cache: bool = True) -> bytes | None:
    """Return the font ``data`` (face ``index``) cut to ``glyphs``, glyph ids kept; None if HarfBuzz cannot.

    The result depends only on the arguments: a cached subset is byte for byte a fresh one.
    """
    gids = tuple(sorted(set(glyphs)))
    if not gids:
        return None
    key = (_digest(data), index, gids, bool(hinting), bool(notdef_outline))
    if cache and key in _cache:
        _cache.move_to_end(key)
        stats["hits"] += 1
        return _cache[key]
    out = _subset(data, index, gids, hinting, notdef_outline)
    stats["subsets"] += 1
    if cache and out is not None:
        _cache[key] = out
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return out


def clear() -> None:
    """Forget every cached subset."""
    _cache.clear()
    _digests.clear()


def _subset(data: bytes, index: int, gids: tuple[int, ...], hinting: bool, notdef_outline: bool) -> bytes | None:
    """Subset as WeasyPrint's HarfBuzz path does: keep the used glyphs at their ids, then drop the empty
    glyphs after the last one used (and the hinting, unless asked to keep it)."""
    face = hb.Face(hb.Blob(data), index)
    base = hb.SubsetFlags.PASSTHROUGH_UNRECOGNIZED | hb.SubsetFlags.DESUBROUTINIZE
    if notdef_outline:
        base |= hb.SubsetFlags.NOTDEF_OUTLINE
    try:
        first = _input(gids, base | hb.SubsetFlags.RETAIN_GIDS)
        kept = hb.subset(face, first)
        second = _input(range(gids[-1] + 1), base if hinting else base | hb.SubsetFlags.NO_HINTING)
        out = hb.subset(kept, second)
    except RuntimeError:  # HarfBuzz could not subset this font; the caller falls back
        return None
    blob = out.blob.data if out is not None else b""
    return bytes(blob) or None


def _input(gids: Iterable[int], flags) -> hb.SubsetInput:
    inp = hb.SubsetInput()
    inp.glyph_set.update(gids)
    inp.flags = flags
    inp.sets(hb.SubsetInputSets.DROP_TABLE_TAG).update(_tag(t) for t in DROP_TABLES)
    return inp


def _tag(name: str) -> int:
    raw = name.encode("ascii").ljust(4)
    return int.from_bytes(raw, "big")
