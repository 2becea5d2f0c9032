"""Team templates (.pptx/.potx/.docx/.dotx) and logos checked before any Office library opens them.

Light on purpose (zipfile, expat, lxml, re): ``qbrgen validate`` uses it without importing python-pptx.
A template is refused, with a message naming it, when its zip could exhaust memory, when it is not
an Office package, when an XML part declares a DTD or is not well-formed, or when its slide size is
outside what Office allows. What a customer file must not carry is removed, with a warning: links
to outside resources that Office fetches when the file opens (external relationships, however they
are spelt), a remote attached template, Word fields that fetch or include (``links``), a mail-merge
data source, and macro projects.
"""

from __future__ import annotations

import io
import re
import zipfile
from functools import lru_cache
from pathlib import Path
from xml.parsers import expat

from qbrgen.brandkit import links
from qbrgen.errors import TemplateError

MAX_FILE = 50 * 1024 * 1024  # a template file on disk
MAX_MEMBER = 100 * 1024 * 1024  # one part, inflated
MAX_TOTAL = 300 * 1024 * 1024  # every part, inflated
MAX_RATIO = 100  # inflated / stored, for parts over RATIO_FLOOR bytes
RATIO_FLOOR = 1024 * 1024
SLIDE_MIN, SLIDE_MAX = 914400, 51206400  # EMU: 1 to 56 inches, the range PowerPoint accepts

_ATTR = re.compile(rb'([\w:.-]+)\s*=\s*"([^"]*)"')
_SLIDE_SIZE = re.compile(rb"<(?:[\w.-]+:)?sldSz\b[^>]*>")
_CONTENT_TYPE = re.compile(rb"<(?:Default|Override)\b[^>]*/>")
_MACRO_PARTS = re.compile(r"(^|/)vba(Project|Data|ProjectSignature\w*)\.(bin|xml)$", re.IGNORECASE)
_MACRO_RELS = {"vbaProject", "vbaData", "wordVbaData", "vbaProjectSignature", "vbaProjectSignatureAgile"}
_MACRO_MAIN = {
    b"application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml":
        b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    b"application/vnd.ms-powerpoint.template.macroEnabled.main+xml":
        b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
    b"application/vnd.ms-word.document.macroEnabled.main+xml":
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    b"application/vnd.ms-word.template.macroEnabledTemplate.main+xml":
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
}


@lru_cache(maxsize=8)
def safe_template(path: str, mtime: float) -> tuple[bytes, tuple[str, ...]]:  # noqa: ARG001 - mtime keys the cache
    """Return a team template's bytes with risky parts removed, and one warning per kind removed.

    Raise TemplateError (naming the file) when the template cannot be used safely.
    """
    name = Path(path).name
    try:
        size = Path(path).stat().st_size
        if size > MAX_FILE:
            raise TemplateError(f"{name}: the file is {size // (1024 * 1024)} MB; a template is at most "
                                f"{MAX_FILE // (1024 * 1024)} MB")
        data = Path(path).read_bytes()
    except OSError as exc:
        raise TemplateError(f"{name}: cannot read the file: {exc.strerror or exc}") from None
    return sanitize(data, name)


def sanitize(data: bytes, name: str) -> tuple[bytes, tuple[str, ...]]:
    """Return ``data`` (an Office package) without external links and macros, and what was removed."""
    try:
        src = zipfile.ZipFile(io.BytesIO(data))
        infos = src.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise TemplateError(f"{name}: not a valid Office file (the zip package is unreadable: {exc})") from None
    _check_sizes(infos, name)
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names:
        raise TemplateError(f"{name}: not an Office file (it has no [Content_Types].xml)")
    parts = {}
    for info in infos:
        try:
            parts[info.filename] = src.read(info)
        except (zipfile.BadZipFile, NotImplementedError, ValueError, EOFError, OSError) as exc:
            raise TemplateError(f"{name}: the part '{info.filename}' cannot be read ({exc})") from None
    for part, blob in parts.items():
        if part.endswith((".xml", ".rels")):
            _check_xml(blob, part, name)
    warnings: list[str] = []
    try:
        changed = links.strip_external(parts, name, warnings)
        changed |= links.strip_fields(parts, name, warnings)
        changed |= _strip_macros(parts, name, warnings)
    except links.UnsafeXml as exc:
        raise TemplateError(f"{name}: a part {exc}; qbrgen does not open such a file") from None
    _check_slide_size(parts, name)
    if not changed:
        return data, ()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in infos:
            if info.filename in parts:
                dst.writestr(info, parts[info.filename])
    return out.getvalue(), tuple(warnings)


def _check_sizes(infos, name: str) -> None:
    total = 0
    for info in infos:
        if info.file_size > MAX_MEMBER:
            raise TemplateError(f"{name}: the part '{info.filename}' inflates to {info.file_size // (1024 * 1024)} "
                                f"MB (at most {MAX_MEMBER // (1024 * 1024)} MB); this is not a usable template")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise TemplateError(f"{name}: the part '{info.filename}' is compressed more than {MAX_RATIO} to 1 "
                                "(a zip bomb?); this is not a usable template")
        total += info.file_size
    if total > MAX_TOTAL:
        raise TemplateError(f"{name}: its parts inflate to {total // (1024 * 1024)} MB in all "
                            f"(at most {MAX_TOTAL // (1024 * 1024)} MB)")


class _Dtd(Exception):
    pass


def _refuse_dtd(*_args) -> None:
    raise _Dtd


def _guarded_parser():
    """Return an expat parser that raises _Dtd at a DTD or an entity declaration and never expands one."""
    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.ExternalEntityRefHandler = _refuse_dtd
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return parser


def _check_xml(blob: bytes, part: str, name: str) -> None:
    """Refuse a DTD (entity expansion, external entities) and XML that is not well-formed.

    The parser itself reports a DTD or an entity declaration, whatever the part's encoding (a UTF-16
    part hides ``<!DOCTYPE`` from a byte search), and never expands or fetches anything.
    """
    dtd = TemplateError(f"{name}: the part '{part}' declares a DTD or XML entities; Office files never do, "
                        "and qbrgen does not open such a file")
    if b"<!DOCTYPE" in blob or b"<!ENTITY" in blob:
        raise dtd
    parser = _guarded_parser()
    try:
        parser.Parse(blob, True)
    except _Dtd:
        raise dtd from None
    except expat.ExpatError as exc:
        raise TemplateError(f"{name}: the part '{part}' is not well-formed XML ({expat.ErrorString(exc.code)}, "
                            f"line {exc.lineno})") from None


def check_xml_part(stream, part: str, name: str) -> None:
    """Like the template check, for a part read as a stream (a workbook's sheets can be large)."""
    dtd = TemplateError(f"{name}: the part '{part}' declares a DTD or XML entities; a spreadsheet export never "
                        "does, and qbrgen does not open such a file")
    parser = _guarded_parser()
    try:
        parser.ParseFile(stream)
    except _Dtd:
        raise dtd from None
    except expat.ExpatError as exc:
        raise TemplateError(f"{name}: the part '{part}' is not well-formed XML ({expat.ErrorString(exc.code)}, "
                            f"line {exc.lineno})") from None


def _strip_macros(parts: dict[str, bytes], name: str, warnings: list[str]) -> bool:
    macros = [p for p in parts if _MACRO_PARTS.search(p)]
    types = parts["[Content_Types].xml"]
    if not macros and not any(t in types for t in _MACRO_MAIN) and b"vbaProject" not in types:
        return False
    for part in macros:
        del parts[part]
    for old, new in _MACRO_MAIN.items():
        types = types.replace(old, new)
    parts["[Content_Types].xml"] = _CONTENT_TYPE.sub(
        lambda m: b"" if b"ms-office.vba" in m.group() else m.group(), types)
    for rels in [p for p in parts if p.endswith(".rels")]:
        root = links.parse(parts[rels])
        gone = [r for r in root if (r.get("Type") or "").strip().rsplit("/", 1)[-1] in _MACRO_RELS]
        for rel in gone:
            root.remove(rel)
        if gone:
            parts[rels] = links.serialize(root)
    warnings.append(f"{name}: removed its macro project (VBA); a customer file never carries macros")
    return True


def _check_slide_size(parts: dict[str, bytes], name: str) -> None:
    main = parts.get("ppt/presentation.xml")
    if main is None:
        return
    found = _SLIDE_SIZE.search(main)
    if found is None:
        raise TemplateError(f"{name}: the presentation has no slide size (p:sldSz)")
    attrs = dict(_ATTR.findall(found.group()))
    try:
        cx, cy = int(attrs.get(b"cx", b"")), int(attrs.get(b"cy", b""))
    except ValueError:
        raise TemplateError(f"{name}: the slide size is not a number") from None
    if not (SLIDE_MIN <= cx <= SLIDE_MAX and SLIDE_MIN <= cy <= SLIDE_MAX):
        raise TemplateError(f"{name}: the slide size {cx / 914400:g} x {cy / 914400:g} inches is outside what "
                            "Office allows (1 to 56 inches a side)")


MAX_LOGO_BYTES = 10 * 1024 * 1024
MAX_LOGO_SIDE = 10000  # pixels; a logo is a few hundred
MAX_LOGO_PIXELS = 25_000_000


def check_image(path: Path) -> str | None:
    """Return why the logo at ``path`` cannot be used (empty, not PNG/JPEG/GIF, too large), or None."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(1024 * 1024)  # a JPEG's size can follow a large EXIF block
    except OSError as exc:
        return f"cannot read '{path.name}': {exc.strerror or exc}"
    if size == 0:
        return f"'{path.name}' is empty"
    if size > MAX_LOGO_BYTES:
        return f"'{path.name}' is {size // (1024 * 1024)} MB; a logo is at most {MAX_LOGO_BYTES // (1024 * 1024)} MB"
    dims = _dimensions(head)
    if dims is None:
        kind = "an SVG drawing" if b"<svg" in head[:4096].lower() else "not an image qbrgen can use"
        return f"'{path.name}' is {kind}; use a PNG, JPEG or GIF file"
    w, h = dims
    if not (0 < w <= MAX_LOGO_SIDE and 0 < h <= MAX_LOGO_SIDE) or w * h > MAX_LOGO_PIXELS:
        return (f"'{path.name}' says it is {w} x {h} pixels; a logo must be at most {MAX_LOGO_SIDE} pixels a side "
                "(resize it)")
    return _decodes(path)


def _decodes(path: Path) -> str | None:
    """Return why the image cannot be decoded, or None; the pixel count is checked before, and a JPEG is
    decoded reduced (a draft), since this only proves the data is whole."""
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow comes with python-pptx
        return None
    try:
        with Image.open(path) as img:
            if img.width * img.height > MAX_LOGO_PIXELS:
                return (f"'{path.name}' is {img.width} x {img.height} pixels; a logo is at most "
                        f"{MAX_LOGO_PIXELS:,} pixels")
            img.draft("RGB", (64, 64))
            img.load()
    except Exception as exc:  # noqa: BLE001 - Pillow raises many kinds for damaged data
        detail = str(exc).strip() or type(exc).__name__
        return f"'{path.name}' cannot be decoded as an image ({detail}); export it again as PNG or JPEG"
    return None


def _dimensions(head: bytes) -> tuple[int, int] | None:
    """Return (width, height) from a PNG, GIF, BMP or JPEG header, (1, 1) for TIFF; None if not an image."""
    if head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR":
        return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return int.from_bytes(head[6:8], "little"), int.from_bytes(head[8:10], "little")
    if head[:2] == b"BM" and len(head) >= 26:
        return abs(int.from_bytes(head[18:22], "little", signed=True)), abs(
            int.from_bytes(head[22:26], "little", signed=True))
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return 1, 1
    if head[:2] == b"\xff\xd8":
        return _jpeg_dimensions(head) or (1, 1)
    return None


def _jpeg_dimensions(head: bytes) -> tuple[int, int] | None:
    i = 2
    while i + 9 < len(head):
        if head[i] != 0xFF:
            return None
        marker = head[i + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            i += 2
            continue
        length = int.from_bytes(head[i + 2:i + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            return int.from_bytes(head[i + 7:i + 9], "big"), int.from_bytes(head[i + 5:i + 7], "big")
        i += 2 + length
    return None
