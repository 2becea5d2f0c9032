"""Hardening of team templates: nothing in a customer file can call out when it is opened.

External relationships are found by parsing, whatever their spelling (single quotes, character
references, an end tag, another case), and Word fields that fetch or include outside content are
removed from every part, headers and footers included; each removal is a ``validate`` warning.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from qbrgen.brandkit.links import FETCHING_FIELDS
from qbrgen.brandkit.safety import sanitize
from qbrgen.cli import main
from tests.test_hardening_input import _edit, _office, _validate, _workspace

AS_OF = ["--as-of", "2026-11-23"]
HOST = "tracker.example.invalid"
REL_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"
SPELLINGS = {
    "double quotes": f'<Relationship Id="rId90" Type="{REL_TYPE}" Target="https://{HOST}/a.png" '
                     'TargetMode="External"/>',
    "single quotes": f"<Relationship Id='rId90' Type='{REL_TYPE}' Target='https://{HOST}/a.png' "
                     "TargetMode='External'/>",
    "character references": f'<Relationship Id="rId90" Type="{REL_TYPE}" Target="https://{HOST}/a.png" '
                            'TargetMode="&#69;xt&#x65;rnal"/>',
    "end tag": f'<Relationship Id="rId90" Type="{REL_TYPE}" Target="https://{HOST}/a.png" '
               'TargetMode="External"></Relationship>',
    "spaces around =": f'<Relationship Id = "rId90" Type = "{REL_TYPE}" Target = "https://{HOST}/a.png" '
                       'TargetMode = "External" />',
    "other case": f'<Relationship Id="rId90" Type="{REL_TYPE}" Target="https://{HOST}/a.png" '
                  'TargetMode="EXTERNAL"/>',
    "url without mode": f'<Relationship Id="rId90" Type="{REL_TYPE}" Target="https://{HOST}/a.png"/>',
    "unc path": f'<Relationship Id="rId90" Type="{REL_TYPE}" Target="\\\\{HOST}\\share\\a.png" '
                'TargetMode="External"/>',
}


def header_footer_docx() -> bytes:
    """A Word template with a header and a footer of its own (python-docx's default has none)."""
    from docx import Document

    doc = Document()
    doc.add_paragraph("Sample body")
    doc.sections[0].header.paragraphs[0].text = "Brand header"
    doc.sections[0].footer.paragraphs[0].text = "Brand footer"
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _part(data: bytes, prefix: str) -> str:
    return next(n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if re.match(prefix + r"\d*\.xml$", n))


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def simple(instr: str) -> bytes:
    return f'<w:fldSimple w:instr="{instr}"><w:r><w:t>shown</w:t></w:r></w:fldSimple>'.encode()


def complex_field(instr: str, split: bool = True) -> bytes:
    pieces = [instr[:3], instr[3:]] if split else [instr]
    runs = "".join(f'<w:r><w:instrText xml:space="preserve">{p}</w:instrText></w:r>' for p in pieces)
    return (f'<w:r><w:fldChar w:fldCharType="begin"/></w:r>{runs}<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f'<w:r><w:t>cached result</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>').encode()


def with_fields() -> bytes:
    """Every fetching field, simple and complex, spread over the body, the header and the footer."""
    base = header_footer_docx()
    header, footer = _part(base, "word/header"), _part(base, "word/footer")
    body = (simple(f"INCLUDEPICTURE &quot;https://{HOST}/p.png&quot; \\d")
            + complex_field(f" INCLUDETEXT &quot;\\\\\\\\{HOST}\\\\share\\\\x.docx&quot; ")
            + simple("DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe &quot;/k calc&quot;"))
    head = complex_field(f" includepicture &quot;https://{HOST}/h.png&quot; \\d ") + simple(
        f"LINK Excel.Sheet.8 &quot;https://{HOST}/b.xlsx&quot; Sheet1!R1C1 \\a")
    nested = (b'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> IF 1 = 1 "</w:instrText></w:r>'
              + complex_field(f"DDE Excel &quot;https://{HOST}/c.xlsx&quot; A1", split=False)
              + b'<w:r><w:instrText>"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')

    def into_paragraph(xml: bytes, extra: bytes) -> bytes:
        return re.sub(rb"(<w:p\b[^>]*>)", lambda m: m.group(1) + extra, xml, count=1)

    return _edit(base, {"word/document.xml": lambda b: into_paragraph(b, body),
                        header: lambda b: into_paragraph(b, head),
                        footer: lambda b: into_paragraph(b, nested)})


def assert_nothing_calls_out(package: zipfile.ZipFile) -> None:
    """Open every part: no external relationship but a hyperlink, no fetching field, no tracker host."""
    from lxml import etree

    for part in package.namelist():
        blob = package.read(part)
        if not part.endswith((".xml", ".rels")):
            assert HOST.encode() not in blob, part
            continue
        root = etree.fromstring(blob, etree.XMLParser(resolve_entities=False, no_network=True))
        text = etree.tostring(root, encoding="unicode")
        assert HOST not in text, part
        for el in root.iter():
            tag = el.tag.rsplit("}", 1)[-1] if isinstance(el.tag, str) else ""
            if tag == "Relationship":
                external = (el.get("TargetMode") or "").lower() == "external" or "://" in (el.get("Target") or "")
                assert not external or (el.get("Type") or "").endswith("/hyperlink"), (part, dict(el.attrib))
            if tag == "instrText" or tag == "fldSimple":
                instr = (el.text or "") + "".join(v for k, v in el.attrib.items() if k.endswith("}instr"))
                assert not re.match(r"\s*(" + "|".join(FETCHING_FIELDS) + r")\b", instr, re.I), (part, instr)
            if tag == "mailMerge":
                raise AssertionError(part)


@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
def test_every_spelling_of_an_external_link_is_removed_from_a_deck_template(spelling, spec_dir, runner, tmp_path):
    rels = "ppt/slideLayouts/_rels/slideLayout1.xml.rels"
    data = _edit(_office("pptx"), {rels: lambda b: b.replace(b"</Relationships>",
                                                            SPELLINGS[spelling].encode() + b"</Relationships>")})
    cleaned, warnings = sanitize(data, "brand.pptx")
    assert any("removed links to outside files" in w for w in warnings)
    assert_nothing_calls_out(zipfile.ZipFile(io.BytesIO(cleaned)))
    _workspace(spec_dir, "deck", "brand.pptx", data)
    result = _validate(runner, spec_dir)
    assert result.exit_code == 0 and "templates.deck: brand.pptx: removed links to outside files" in result.output
    built = runner.invoke(main, ["build", str(spec_dir), "-o", str(tmp_path / "out"), "-j", "1", "--format", "pptx",
                                 *AS_OF])
    assert built.exit_code == 0, built.output
    (deck,) = (tmp_path / "out").rglob("*.pptx")
    assert_nothing_calls_out(zipfile.ZipFile(deck))


def test_an_external_picture_referenced_in_single_quotes_loses_its_reference():
    rel = SPELLINGS["single quotes"].encode()
    data = _edit(_office("docx"), {
        "word/_rels/document.xml.rels": lambda b: b.replace(b"</Relationships>", rel + b"</Relationships>"),
        "word/document.xml": lambda b: b.replace(b"<w:body>", b"<w:body><w:p><w:r><w:pict><v:imagedata "
                                                 b"xmlns:v='urn:schemas-microsoft-com:vml' r:id='rId90'/>"
                                                 b"</w:pict></w:r></w:p>", 1)})
    cleaned, _ = sanitize(data, "brand.docx")
    package = zipfile.ZipFile(io.BytesIO(cleaned))
    assert b"rId90" not in package.read("word/_rels/document.xml.rels")
    assert b"rId90" not in package.read("word/document.xml")  # the reference is emptied too


def test_fetching_word_fields_are_removed_from_every_part_with_a_warning(spec_dir, runner, tmp_path):
    data = with_fields()
    cleaned, warnings = sanitize(data, "brand.docx")
    package = zipfile.ZipFile(io.BytesIO(cleaned))
    assert_nothing_calls_out(package)
    for kind in ("INCLUDEPICTURE", "INCLUDETEXT", "DDEAUTO", "LINK", "DDE"):
        assert any(w.startswith(f"brand.docx: removed {kind} field(s)") for w in warnings), (kind, warnings)
    header = package.read(_part(cleaned, "word/header")).decode()
    assert "Brand header" in header and "cached result" in header  # what the field showed stays, as text
    _workspace(spec_dir, "proposal_docx", "brand.docx", data)
    result = _validate(runner, spec_dir)
    assert result.exit_code == 0, result.output
    assert "brand.docx: removed INCLUDEPICTURE field(s), which fetch or include outside content" in result.output
    built = runner.invoke(main, ["build", str(spec_dir), "-o", str(tmp_path / "out"), "-j", "1",
                                 "--format", "docx,pptx", *AS_OF])
    assert built.exit_code == 0, built.output
    outputs = [p for p in (tmp_path / "out").rglob("*") if p.suffix in {".docx", ".pptx"}]
    assert outputs
    for path in outputs:  # every customer file, every part
        assert_nothing_calls_out(zipfile.ZipFile(path))
    (doc,) = [p for p in outputs if p.suffix == ".docx"]
    assert "Brand header" in "".join(zipfile.ZipFile(doc).read(n).decode() for n in zipfile.ZipFile(doc).namelist()
                                     if "header" in n and n.endswith(".xml"))


def test_mail_merge_data_source_is_removed_from_settings():
    merge = (b'<w:mailMerge><w:mainDocumentType w:val="formLetters"/><w:connectString w:val="Provider=x;Data '
             b'Source=\\\\' + HOST.encode() + b'\\db.mdb"/><w:query w:val="SELECT * FROM t"/></w:mailMerge>')
    data = _edit(_office("docx"), {"word/settings.xml": lambda b: b.replace(b"<w:defaultTabStop",
                                                                             merge + b"<w:defaultTabStop", 1)})
    cleaned, warnings = sanitize(data, "brand.docx")
    assert any("mail-merge data source" in w for w in warnings)
    assert_nothing_calls_out(zipfile.ZipFile(io.BytesIO(cleaned)))


def test_a_utf16_part_with_a_dtd_is_refused(spec_dir, runner):
    xml = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE r [<!ENTITY x "y">]><r>&x;</r>'.encode("utf-16")
    data = _edit(_office("docx"), {"word/extra.xml": xml})
    _workspace(spec_dir, "proposal_docx", "brand.docx", data)
    result = _validate(runner, spec_dir)
    assert result.exit_code == 1 and "brand.docx: the part 'word/extra.xml' declares a DTD" in result.output
