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

import functools
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


# -- a font for Chinese, Japanese and Korean text, from the system --------------------------------------------

# Families tried first, by language (the sans-serif of the Noto CJK set Debian ships as fonts-noto-cjk, then
# other common ones); a Japanese document never borrows a Chinese font's glyph forms while a Japanese one exists.
CJK_FAMILIES = {
    "ja": ("Noto Sans CJK JP", "Noto Sans JP", "Source Han Sans JP", "IPAexGothic", "IPAGothic", "TakaoGothic",
           "VL Gothic", "Yu Gothic", "Hiragino Sans", "Noto Serif CJK JP"),
    "zh": ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "WenQuanYi Micro Hei"),
    "zh-TW": ("Noto Sans CJK TC", "Noto Sans TC", "Source Han Sans TC", "Noto Sans CJK HK"),
    "ko": ("Noto Sans CJK KR", "Noto Sans KR", "Source Han Sans KR", "NanumGothic", "UnDotum"),
}
CJK_PACKAGE = "fonts-noto-cjk"  # Debian and Ubuntu; elsewhere Noto Sans CJK from the system's font packages
FONT_DIRS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.local/share/fonts", "~/.fonts")


def cjk_family(tag: str = "ja-JP") -> str | None:
    """Return the installed font family for East Asian text of language ``tag`` (ja-JP, zh-CN, zh-TW, ko-KR),
    or None when the system has none (the PDF would show empty boxes)."""
    base = tag.split("-")[0]
    key = "zh-TW" if tag in ("zh-TW", "zh-HK") else base
    return _cjk_family(key if key in CJK_FAMILIES else "ja")


@functools.lru_cache(maxsize=8)
def _cjk_family(key: str) -> str | None:
    installed = _installed_families(key.split("-")[0])
    for family in CJK_FAMILIES[key]:
        if family.lower() in installed:
            return installed[family.lower()]
    return next(iter(sorted(installed.values())), None)


def _installed_families(lang: str) -> dict[str, str]:
    """Return {lower-case name: family} of the installed fonts covering ``lang`` (fontconfig's list, read
    with fc-list; without it, the Noto CJK files found in the system's font folders)."""
    import shutil
    import subprocess

    found: dict[str, str] = {}
    fc_list = shutil.which("fc-list")
    if fc_list:
        try:
            out = subprocess.run([fc_list, f":lang={lang}", "family"], capture_output=True, text=True, timeout=20,
                                 check=False).stdout
        except (OSError, subprocess.SubprocessError):
            out = ""
        for line in out.splitlines():
            for family in line.split(","):
                if family.strip():
                    found.setdefault(family.strip().lower(), family.strip())
        if found:
            return found
    import os
    from pathlib import Path

    region = {"ja": "JP", "zh": "SC", "ko": "KR"}.get(lang, "JP")
    for folder in FONT_DIRS:
        root = Path(os.path.expanduser(folder))
        if not root.is_dir():
            continue
        for path in root.rglob("Noto*CJK*"):
            if path.suffix.lower() in (".ttc", ".otf", ".ttf"):
                style = "Serif" if "Serif" in path.name else "Sans"
                family = f"Noto {style} CJK {region}"
                found.setdefault(family.lower(), family)
    return found
