"""OOXML package helpers: reproducible bytes, and templates (.potx/.dotx) opened as documents."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from functools import lru_cache

from qbrgen.brandkit.safety import safe_template

# A template's main part type, and the document type python-pptx / python-docx insist on.
TEMPLATE_TYPES = {
    ".potx": (b"application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
              b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"),
    ".dotx": (b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
              b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
}

# Extended properties a template or the library's default file carries that describe another document: its
# application, statistics (pages, words, slides), the template it came from, its author's company and its part
# titles. Office recomputes them on the next save.
_STALE_APP = {"Template", "TotalTime", "Pages", "Words", "Characters", "CharactersWithSpaces", "Lines", "Paragraphs",
              "Slides", "Notes", "HiddenSlides", "MMClips", "PresentationFormat", "HeadingPairs", "TitlesOfParts",
              "Application", "AppVersion", "Company", "Manager"}
_CORE_DATE = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def normalize_zip(data: bytes, date: dt.date, stored: bool = False) -> bytes:
    """Return ``data`` re-zipped with fixed entry times, [Content_Types].xml first, and fixed core dates.

    Embedded packages (the workbook behind each chart) are normalised too. ``stored``: no member compressed
    (for a package inside another, which compresses it whole).
    """
    src = zipfile.ZipFile(io.BytesIO(data))
    return write_package({name: src.read(name) for name in src.namelist()}, date, stored)


class PartCollector:
    """Stands in for python-pptx's and python-docx's zip writer: keeps each part's bytes by member name, so
    the package is zipped once, deterministically (:func:`write_package`), instead of zipped and re-zipped."""

    def __init__(self) -> None:
        self.parts: dict[str, bytes] = {}

    def write(self, uri, blob: bytes) -> None:
        self.parts[uri.membername] = blob

    def close(self) -> None:
        pass


# Parts smaller than this are stored, not compressed: a deck has a hundred parts, half of them under 1 KB, and
# starting a compressor costs more than storing such a part whole (a deck's zip takes about a quarter less CPU,
# its file is about 7% larger).
STORE_BELOW = 1024


def write_package(parts: dict[str, bytes], date: dt.date, stored: bool = False) -> bytes:
    """Return the OOXML package of ``parts`` (member name -> bytes) zipped reproducibly: fixed entry times,
    [Content_Types].xml first, fixed core dates, extended properties that describe this document only. Small
    parts are stored, larger ones compressed; with ``stored``, every part is stored (an embedded package: the
    package around it compresses it whole, in one piece instead of one per part)."""
    stamp = (max(date.year, 1980), date.month, date.day, 0, 0, 0)
    iso = f"{date.isoformat()}T00:00:00Z".encode()
    order = sorted(parts, key=lambda n: (n != "[Content_Types].xml", n != "_rels/.rels", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in order:
            blob = parts[name]
            if name.endswith("core.xml"):
                blob = _CORE_DATE.sub(rb"\g<1>" + iso + rb"\g<2>", blob)
            elif name == "docProps/app.xml":
                blob = _app_properties(blob)
            elif name.endswith((".xlsx", ".docx", ".pptx")) and blob[:2] == b"PK":
                blob = normalize_zip(blob, date, stored=True)
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED if stored or len(blob) < STORE_BELOW else zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            info.create_system = 0
            dst.writestr(info, blob)
    return out.getvalue()


def _app_properties(blob: bytes) -> bytes:
    """Return the extended properties with what describes another document removed, naming qbrgen as the
    application; unchanged when they cannot be read."""
    from lxml import etree

    try:
        root = etree.fromstring(blob, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return blob
    for child in list(root):
        if etree.QName(child).localname in _STALE_APP:
            root.remove(child)
    app = etree.SubElement(root, f"{{{etree.QName(root).namespace}}}Application" if etree.QName(root).namespace
                           else "Application")
    app.text = "qbrgen"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


@lru_cache(maxsize=8)
def template_bytes(path: str, mtime: float) -> bytes:
    """Return a team template's bytes made safe (template_safety), a .potx/.dotx relabelled as a presentation/document.

    Cached; raise TemplateError when the template cannot be used safely. The content type decides, not the
    name: a template renamed to .pptx or .docx opens too.
    """
    data, _ = safe_template(path, mtime)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            types = z.read("[Content_Types].xml")
    except (KeyError, zipfile.BadZipFile):
        return data  # the opening library reports what is wrong with it
    for template_type, document_type in TEMPLATE_TYPES.values():
        if template_type in types:
            return _relabel(data, template_type, document_type)
    return data


def _relabel(data: bytes, template_type: bytes, document_type: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            blob = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                blob = blob.replace(template_type, document_type)
            dst.writestr(item, blob)
    return out.getvalue()
