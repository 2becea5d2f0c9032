"""Our own files cannot call out: no part of a built deck or proposal refers to anything outside it.

An office suite fetches what a file links to when it opens it: an external relationship (a linked
picture, an OLE link, a remote template), a field that includes a picture or text from a URL, a
mail-merge data source. Every example account is built as a deck (customer and internal) and a DOCX
proposal, every part of every file is parsed, and nothing of the kind may be there; the only outside
target allowed is a ``mailto:`` link, which opens nothing by itself.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from qbrgen.cli import main
from tests.conftest import EXAMPLES, SPEC

AS_OF = ["--as-of", "2026-11-23"]
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# Word fields that fetch or embed something when the file is opened or its fields are updated
FETCHING = re.compile(r"^\s*(INCLUDEPICTURE|INCLUDETEXT|LINK|DDE|DDEAUTO|IMPORT|DATABASE|MERGEFIELD|AUTOTEXT)\b",
                      re.IGNORECASE)
URL = re.compile(r"(?:https?|ftp|file|smb|webdav)://|\\\\\\\\[A-Za-z0-9]", re.IGNORECASE)
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
# where a part may refer outside by an attribute: a linked picture, an OLE link, an image's source
LINK_ATTRIBUTES = {f"{{{R}}}link", f"{{{R}}}href", "{urn:schemas-microsoft-com:office:office}href", "src",
                   "{http://www.w3.org/1999/xlink}href"}


def external_references(path: Path) -> list[str]:
    """Return every reference ``path`` (an OOXML package) makes outside itself, as 'part: what'."""
    found = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            data = z.read(name)
            if not name.endswith((".xml", ".rels", ".vml")) and not data.lstrip().startswith(b"<"):
                continue  # a picture, a font: bytes, not references
            root = etree.fromstring(data, PARSER)
            found += [f"{name}: {what}" for what in _part_references(root)]
    return found


def _part_references(root) -> list[str]:
    out = []
    instructions = []
    for el in root.iter():
        tag = el.tag.split("}")[-1] if isinstance(el.tag, str) else ""
        if tag == "Relationship":
            target, mode = el.get("Target", ""), el.get("TargetMode", "")
            if mode.lower() == "external" and not target.lower().startswith("mailto:"):
                out.append(f"external relationship {el.get('Type', '').rsplit('/', 1)[-1]} -> {target}")
            elif URL.search(target) and not target.lower().startswith("mailto:"):
                out.append(f"relationship to a URL -> {target}")
        if tag in ("attachedTemplate", "mailMerge", "dataSource", "odso", "linkedTemplate"):
            out.append(f"{tag} element")
        if tag == "HyperlinkBase" and (el.text or "").strip():  # an empty one is what python-pptx/docx write
            out.append(f"HyperlinkBase {el.text.strip()}")
        if tag == "OLEObject" and (el.get("Type") or "").lower() == "link":
            out.append("linked OLE object")
        if tag == "instrText":
            instructions.append(el.text or "")
        if tag == "fldSimple":
            instructions.append(el.get(f"{{{_w(el)}}}instr", "") or el.get("instr", ""))
        for key, value in el.attrib.items():
            if key in LINK_ATTRIBUTES and value and URL.search(value):
                out.append(f"{tag} {key.split('}')[-1]}={value}")
    for instr in instructions:
        if FETCHING.match(instr) or (URL.search(instr) and not instr.strip().upper().startswith("HYPERLINK")):
            out.append(f"field {instr.strip()!r}")
    return out


def _w(el) -> str:
    return el.tag.split("}")[0].lstrip("{") if el.tag.startswith("{") else ""


@pytest.fixture
def built(tmp_path_factory) -> list[Path]:
    from click.testing import CliRunner

    root = tmp_path_factory.mktemp("external")
    shutil.copytree(EXAMPLES, root / "examples")
    spec = root / "spec"
    spec.mkdir()
    shutil.copy(SPEC / "qbrgen.example.yaml", spec / "qbrgen.yaml")
    shutil.copy(SPEC / "account.example.yaml", spec / "northwind.yaml")
    runner = CliRunner()
    files = []
    for name, folder, extra in [("customer", root / "examples", ["--format", "pptx,docx"]),
                                ("internal", spec, ["--format", "pptx,docx", "--audience", "internal"])]:
        out = root / f"out-{name}"
        result = runner.invoke(main, ["build", str(folder), "-o", str(out), *AS_OF, *extra])
        assert "0 failed" in result.output, result.output
        files += sorted(out.rglob("*.pptx")) + sorted(out.rglob("*.docx"))
    return files


def test_no_part_of_any_example_deck_or_proposal_refers_outside_it(built):
    names = {p.name for p in built}
    assert {"qbr-deck.pptx", "qbr-deck-INTERNAL.pptx", "renewal-proposal.docx"} <= names
    assert len([p for p in built if p.name == "renewal-proposal.docx"]) >= 8  # seven examples and the spec's
    found = {str(p): refs for p in built if (refs := external_references(p))}
    assert not found, found


@pytest.mark.parametrize(("part", "xml", "what"), [
    ("word/_rels/document.xml.rels",
     f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r9" '
     f'Type="{R}/image" Target="https://example.invalid/p.png" TargetMode="External"/></Relationships>',
     "external relationship image"),
    ("word/document.xml",
     '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
     '<w:instrText> INCLUDEPICTURE "x.png" \\d </w:instrText></w:r></w:p></w:body></w:document>',
     "field 'INCLUDEPICTURE"),
    ("word/settings.xml",
     '<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
     '<w:attachedTemplate r:id="rId1" xmlns:r="' + R + '"/></w:settings>', "attachedTemplate element"),
    ("ppt/slides/slide1.xml",
     '<p:sld xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" '
     'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="' + R + '"><a:blip r:link='
     '"rId4"/><a:hlinkClick r:id="rId5"/><a:blip r:link="http://example.invalid/x.png"/></p:sld>',
     "blip link=http://example.invalid/x.png"),
    ("docProps/app.xml",
     '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
     '<HyperlinkBase>https://example.invalid/</HyperlinkBase></Properties>', "HyperlinkBase https://"),
])
def test_the_scan_finds_each_kind_of_reference(tmp_path, part, xml, what):
    """The scan is proved on planted references, so an empty finding above means something."""
    planted = tmp_path / "planted.zip"
    with zipfile.ZipFile(planted, "w") as z:
        z.writestr("[Content_Types].xml", '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                                          'content-types"/>')
        z.writestr(part, xml)
    found = external_references(planted)
    assert len(found) == 1 and found[0].startswith(f"{part}: {what}"), found


# --- LibreOffice opening our files: no connection leaves the machine ----------------------------------


def _offline():
    import importlib.util

    from tests.conftest import ROOT

    spec = importlib.util.spec_from_file_location("offline_soffice", ROOT / "benchmarks" / "offline_soffice.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_connection_check_tells_this_machine_from_outside():
    log = "\n".join([
        '15717 connect(3, {sa_family=AF_UNIX, sun_path="/var/run/nscd/socket"}, 110) = -1 ENOENT',
        '15718 connect(5, {sa_family=AF_INET, sin_port=htons(8100), sin_addr=inet_addr("127.0.0.1")}, 16) = 0',
        '15719 connect(6, {sa_family=AF_INET6, sin6_port=htons(80), sin6_flowinfo=htonl(0), '
        'inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = 0',
        '15720 connect(7, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("192.0.2.10")}, 16) = -1',
        '15721 connect(8, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), '
        'inet_pton(AF_INET6, "2001:db8::1", &sin6_addr), sin6_scope_id=0}, 28) = -1 ENETUNREACH',
    ])
    found = _offline().outside(log)
    assert len(found) == 2 and "192.0.2.10" in found[0] and "2001:db8::1" in found[1]


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")) or not shutil.which("strace"),
                    reason="needs LibreOffice and strace")
def test_libreoffice_converts_our_deck_and_proposal_without_a_network_connection(runner, spec_dir, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", str(spec_dir), "-o", str(out), "--format", "pptx,docx", *AS_OF])
    assert result.exit_code == 0, result.output
    files = sorted(out.rglob("*.pptx")) + sorted(out.rglob("*.docx"))
    assert len(files) == 2
    work = tmp_path / "lo"
    work.mkdir()
    assert _offline().check(files, work) == []
