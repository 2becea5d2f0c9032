"""DOCX renderer: the renewal proposal as a Word document a procurement team can work with.

The only package that imports python-docx. Title page, a heading outline (navigable), tables
whose header row repeats on each page, "Page X of Y" in the footer, an acceptance block with
signature lines. With a team template (.docx or .dotx) its styles are used by name; a style
the template lacks falls back to direct formatting, never to an error. :mod:`.template` opens
the template, :mod:`.page` sets up pages, :mod:`.blocks` writes the content.
"""

from __future__ import annotations

import io
from functools import partial

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from qbrgen.brandkit import fonts
from qbrgen.fmt import unbroken
from qbrgen.render.assets import Assets, chosen_colours
from qbrgen.render.design import tokens
from qbrgen.render.docx.blocks import MUTED, Blocks
from qbrgen.render.docx.design import define_styles
from qbrgen.render.docx.lang import east_asian_document, set_default_language, tag_runs
from qbrgen.render.docx.legal import (
    _AFTER_BORDER,
    keep_short_tables,
    keep_whole,
    limit_keep_chains,
    set_page_size,
    signature,
)
from qbrgen.render.docx.page import set_up
from qbrgen.render.docx.template import Styles, drop_thumbnail, drop_unused, lean_base, open_template, typefaces
from qbrgen.render.ooxml_color import brand_colours
from qbrgen.render.textfit import measuring, text_width
from qbrgen.render.zipnorm import PartCollector, normalize_zip, write_package
from qbrgen.sections.document import APPENDIX_PARTS, KEPT_PARTS, Document, Part, Signature

__all__ = ["open_template", "render", "warm_up"]


def warm_up() -> None:
    """Build the lean base document now (before workers fork)."""
    lean_base()


def render(document: Document, assets: Assets) -> bytes:
    """Return the proposal as .docx bytes."""
    doc, custom = open_template(assets.docx_template, assets.cover == "keep")
    drop_thumbnail(doc)
    locale = document.meta_value("locale", "en_US")
    theme = assets.theme
    primary = theme.primary.lstrip("#").upper()
    if not custom:  # the built-in look: the PDF's design, as Word styles
        define_styles(doc, primary, fonts.face(theme.font).name)
    styles = Styles(doc, custom)
    own = brand_colours(styles.accents)[0] if custom else None
    if own and "primary" not in chosen_colours(theme):
        primary = own  # the template's own colour, unless the team chose one
    writer = Blocks(doc, styles, custom, primary, theme.accent.lstrip("#").upper(),
                    fonts.face(theme.font).name, fonts.language_tag(locale))
    set_up(doc, document, assets, custom, styles)
    if not custom or assets.page_size in ("a4", "letter"):  # a team's Word template keeps its own page size
        set_page_size(doc, document.meta_value("locale", "en_US"), assets.page_size)  # before tables measure it
    # tables are measured in the font their text is set in: a template's own, or the widest when it names several
    # or one qbrgen has no metrics for (a substitute font may be wider than the one named)
    face = fonts.measure_face(typefaces(doc)) if custom else fonts.face(theme.font)
    with measuring(face):
        for part in document.parts:
            if part.layout == "title":
                _title_page(writer, part, assets)
            else:
                _section(writer, part, assets.esign)
    keep_short_tables(doc.element.body)
    section = doc.sections[-1]
    page_h = (section.page_height - section.top_margin - section.bottom_margin) / 12700
    with measuring(face):
        headings = frozenset(filter(None, (styles.index.style_id(n) for n in ("Title", "Heading 1", "Heading 2"))))
        limit_keep_chains(doc.element.body, page_h, writer.usable_pt(), writer.body, _line_pitch(styles, section),
                          headings, tuple(writer.kept_whole), partial(_spacing, styles.index))
    _tag_languages(doc, locale, document.meta_value("customer"))
    drop_unused(doc)
    return save(doc, assets)


def _tag_languages(doc, locale: str, customer: str = "") -> None:
    """In a document with East Asian text (or locale, or language), tag every run with its text's language
    and give the defaults the East Asian tag and font; elsewhere the defaults already tag every run."""
    body = doc.element.body
    if not east_asian_document(locale, "".join(t.text or "" for t in body.iter(qn("w:t")))):
        return
    set_default_language(doc.styles.element, locale, True)
    parts = [rel.target_part.element for rel in doc.part.rels.values()
             if not rel.is_external and rel.reltype.rsplit("/", 1)[-1] in ("header", "footer")]
    tag_runs([body, *dict.fromkeys(parts)], locale, customer)


def save(doc, assets: Assets) -> bytes:
    """Return the document's reproducible .docx bytes, zipped once (python-docx's own writer lists the
    parts; :func:`write_package` zips them)."""
    from docx.opc.pkgwriter import PackageWriter

    package = doc.part.package
    try:
        for part in package.parts:
            part.before_marshal()
        collect = PartCollector()
        PackageWriter._write_content_types_stream(collect, package.parts)
        PackageWriter._write_pkg_rels(collect, package.rels)
        PackageWriter._write_parts(collect, package.parts)
    except AttributeError:  # pragma: no cover - a python-docx whose writer changed: save, then re-zip
        out = io.BytesIO()
        doc.save(out)
        return normalize_zip(out.getvalue(), assets.build_date)
    return write_package(collect.parts, assets.build_date)


def _spacing(index, p) -> float:
    """Return the space before and after paragraph ``p`` in points: its own, else its style's (through
    ``basedOn``), else none."""
    ppr = p.find(qn("w:pPr"))
    own = ppr.find(qn("w:spacing")) if ppr is not None else None
    sid = ppr.find(qn("w:pStyle")) if ppr is not None else None
    style = index.by_id.get(sid.get(qn("w:val"))) if sid is not None else index.find("Normal")
    total = 0.0
    for side in ("before", "after"):
        value = own.get(qn(f"w:{side}")) if own is not None else None
        if value is None and style is not None:
            value = index.para(style, "spacing", side)
        total += int(value) / 20 if value and value.lstrip("-").isdigit() else 0.0
    return total


def _line_pitch(styles, section) -> float | None:
    """Return the line pitch in points a template fixes (a document grid snapping lines to it, or the Normal
    style's exact spacing, as official-document templates do), else None."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    grid = section._sectPr.find(f"{w}docGrid")  # noqa: SLF001 - no python-docx API for the document grid
    if grid is not None and grid.get(f"{w}type") in ("lines", "linesAndChars") and (grid.get(f"{w}linePitch")
                                                                                 or "").isdigit():
        return int(grid.get(f"{w}linePitch")) / 20
    normal = styles.index.find("Normal")
    spacing = styles.index.para(normal, "spacing") if normal is not None else None
    if spacing is None:
        return None
    rule = spacing.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}lineRule")
    line = spacing.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}line")
    return int(line) / 20 if line and line.isdigit() and rule in ("exact", "atLeast") else None


def _title_page(writer: Blocks, part: Part, assets: Assets) -> None:
    logo = assets.vendor_logo or assets.customer_logo
    if logo is not None:
        writer.doc.add_picture(str(logo), height=Pt(40))
        if not writer.custom:  # the PDF's cover: the logo at the top right
            writer.doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if writer.custom:
        for _ in range(4):
            writer.paragraph()
    else:
        _accent_bar(writer, 0 if logo is None else Pt(40).pt)
    p = writer.paragraph(style="Title")
    run = p.add_run(part.title)
    if not writer.styles.has("Title"):
        run.bold = True
        run.font.size = Pt(26)
    if part.subtitle:
        p = writer.paragraph(style="Subtitle")
        styled = writer.styles.has("Subtitle")
        size = writer.styles.index.size(writer.styles.index.find("Subtitle")) if styled else 13
        text, parts = _unbroken(part.subtitle), part.subtitle.split(" · ")
        if len(parts) > 1 and text_width(text, size) > writer.usable_pt() * 0.85:
            run = p.add_run(parts[0])  # too long for one line: a line per part rather than a break at the dot
            for piece in parts[1:]:
                run.add_break()
                run.add_text(piece)
        else:
            run = p.add_run(text)
        if not styled:
            run.font.size = Pt(13)
            run.font.color.rgb = MUTED
    for block in part.blocks:
        writer.block(block)
    writer.new_page = True  # the first part's heading starts the next page (no empty line on top of it)


def _accent_bar(writer: Blocks, above: float) -> None:
    """Add the cover's accent bar as the PDF draws it: a short thick rule in the accent colour, the design's
    distance down the page (less ``above`` points taken by a logo)."""
    d = tokens()
    p = writer.paragraph()
    fmt = p.paragraph_format
    fmt.space_before = Pt(max(0.0, d.cover_top - above))
    fmt.space_after = Mm(8)
    fmt.right_indent = Pt(max(0.0, writer.usable_pt() - d.bar_w))
    fmt.line_spacing = Pt(1)
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("val", "single"), ("sz", str(round(d.bar_h * 8))), ("space", "0"),
                       ("color", writer.accent)):
        bottom.set(qn(f"w:{key}"), value)
    border.append(bottom)
    ppr = p._p.get_or_add_pPr()  # noqa: SLF001 - no python-docx API for paragraph borders
    ppr.insert_element_before(border, *_AFTER_BORDER)  # in the schema's order
    p.add_run().font.size = Pt(1)


def _unbroken(subtitle: str) -> str:
    """Return ``subtitle`` with its " · " joints (and the short parts, a date) held together by no-break spaces,
    so a line never ends on the dot or splits the date."""
    parts = [unbroken(part) if len(part.split()) <= 3 else part for part in subtitle.split(" · ")]
    return unbroken(" · ").join(parts)


def _section(writer: Blocks, part: Part, esign: str) -> None:
    body = writer.doc.element.body
    first_new = len(body) - 1  # new content goes before the closing w:sectPr
    heading = writer.heading(part.title, 1)
    if writer.new_page or part.id in APPENDIX_PARTS:
        writer.new_page = False
        heading.paragraph_format.page_break_before = True
    for block in part.blocks:
        if isinstance(block, Signature):
            signature(writer, block, esign)
        else:
            writer.block(block)
    if part.id in KEPT_PARTS:  # the terms, and what is signed with the signatures
        keep_whole(list(body)[first_new:-1])
        writer.kept_whole.append(tuple(list(body)[first_new:-1]))
