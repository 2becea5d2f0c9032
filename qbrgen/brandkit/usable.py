"""Open a team template before any build and say why it cannot be used (stdlib only: validate stays light).

A deck template must be a PowerPoint package with a presentation part, a slide master and at
least one layout; a proposal template a Word package with a document body. A file in the old
binary format or password-protected (both OLE compound files) is named as such.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_MAX_XML = 64 * 1024 * 1024  # a main part larger than this is not a template


class _Unusable(Exception):
    pass


def template_problem(path: Path, kind: str) -> str | None:
    """Return why the template at ``path`` cannot be used as ``kind`` (``deck`` or ``proposal_docx``), or None."""
    what = "PowerPoint" if kind == "deck" else "Word"
    try:
        with path.open("rb") as fh:
            head = fh.read(8)
        if head == _OLE:
            return (f"is a password-protected or old binary (.{'ppt' if kind == 'deck' else 'doc'}) file; "
                    f"save it as a {what} template without a password")
        if not zipfile.is_zipfile(path):
            return f"is not a {what} file (not a ZIP package)"
        with zipfile.ZipFile(path) as z:
            main = _main_part(z)
            if kind == "deck":
                _check_deck(z, main)
            else:
                _check_docx(z, main)
    except _Unusable as exc:
        return f"cannot be used as a {what} template: {exc}"
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, ET.ParseError) as exc:
        return f"cannot be used as a {what} template: {exc}"
    return None


def _xml(z: zipfile.ZipFile, name: str):
    try:
        info = z.getinfo(name)
    except KeyError:
        raise _Unusable(f"the part {name} is missing") from None
    if info.file_size > _MAX_XML:
        raise _Unusable(f"the part {name} is too large")
    data = z.read(name)
    if b"<!DOCTYPE" in data[:2048] or b"<!ENTITY" in data[:4096]:
        raise _Unusable(f"the part {name} declares a DTD, which Office files never do")
    try:
        return ET.fromstring(data)
    except ET.ParseError as exc:
        raise _Unusable(f"the part {name} is not well-formed XML ({exc})") from None


def _main_part(z: zipfile.ZipFile) -> str:
    rels = _xml(z, "_rels/.rels")
    for rel in rels.iter(f"{_REL}Relationship"):
        if rel.get("Type") == _OFFICE_DOC:
            return rel.get("Target", "").lstrip("/")
    raise _Unusable("it has no main document part")


def _targets(z: zipfile.ZipFile, part: str, suffix: str) -> list[str]:
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if rels_name not in z.namelist():
        return []
    out = []
    for rel in _xml(z, rels_name).iter(f"{_REL}Relationship"):
        if rel.get("Type", "").endswith(suffix) and rel.get("TargetMode") != "External":
            out.append(posixpath.normpath(posixpath.join(folder, rel.get("Target", ""))).lstrip("/"))
    return out


def _check_deck(z: zipfile.ZipFile, main: str) -> None:
    root = _xml(z, main)
    if root.tag != f"{_P}presentation":
        raise _Unusable("its main part is not a presentation")
    masters = _targets(z, main, "/slideMaster")
    if not masters:
        raise _Unusable("it has no slide master")
    layouts = [lay for m in masters for lay in _targets(z, m, "/slideLayout")]
    if not layouts:
        raise _Unusable("its slide master has no layouts")
    for part in (*masters, *layouts):
        _xml(z, part)


def _check_docx(z: zipfile.ZipFile, main: str) -> None:
    root = _xml(z, main)
    if root.tag != f"{_W}document" or root.find(f"{_W}body") is None:
        raise _Unusable("its main part is not a Word document body")
    for part in _targets(z, main, "/styles"):
        _xml(z, part)
