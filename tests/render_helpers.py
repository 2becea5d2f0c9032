"""Reopen rendered files and read them back, for tests that compare them with the document tree."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

from pptx import Presentation

from qbrgen.render.textfit import wrap

PT = 12700


def slide_title(slide) -> str:
    try:
        if slide.shapes.title is not None:
            return slide.shapes.title.text_frame.text
    except (KeyError, ValueError):
        pass
    for shape in slide.shapes:
        if shape.name == "qbrgen:title":
            return shape.text_frame.text
    return ""


def deck(data: bytes):
    return Presentation(io.BytesIO(data))


def all_shapes(slide) -> list:
    """Return the slide's shapes, those inside group shapes (cards) included."""
    out, todo = [], list(slide.shapes)
    while todo:
        shape = todo.pop(0)
        out.append(shape)
        if shape.shape_type == 6:  # MSO_SHAPE_TYPE.GROUP
            todo[:0] = list(shape.shapes)
    return out


def deck_text(prs) -> str:
    """Return every text of a deck: text frames (inside cards too), table cells and chart categories."""
    out = []
    for slide in prs.slides:
        for shape in all_shapes(slide):
            if shape.has_text_frame:
                out.append(shape.text_frame.text)
            if shape.has_table:
                out += [c.text for r in shape.table.rows for c in r.cells]
            if shape.has_chart:
                out += [str(c) for c in shape.chart.plots[0].categories]
    return "\n".join(out)


def table_cells(slide) -> list[str]:
    return [c.text for s in slide.shapes if s.has_table for r in s.table.rows for c in r.cells]


def charts(slide):
    return [s.chart for s in slide.shapes if s.has_chart]


def _paragraph_height(p, width: float) -> float:
    size = next((r.font.size.pt for r in p.runs if r.font.size is not None), 18.0)
    bold = any(r.font.bold for r in p.runs)
    indent = 0.0
    p_pr = p._p.pPr  # noqa: SLF001
    if p_pr is not None and p_pr.get("marL"):
        indent = int(p_pr.get("marL")) / PT
    before = p.space_before.pt if p.space_before is not None else 0.0
    return len(wrap(p.text, width - indent, size, bold)) * size * 1.2 + before


def overflowing_frames(prs) -> list[str]:
    """Return a description of every text frame or table cell whose measured text exceeds it."""
    bad = []
    for n, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            if shape.has_text_frame and shape.text_frame.text.strip():
                tf = shape.text_frame
                width = (shape.width - (tf.margin_left or 0) - (tf.margin_right or 0)) / PT
                height = (shape.height - (tf.margin_top or 0) - (tf.margin_bottom or 0)) / PT
                need = sum(_paragraph_height(p, width) for p in tf.paragraphs)
                if need > height + 1.0:
                    bad.append(f"slide {n} {shape.name}: needs {need:.0f}pt, has {height:.0f}pt")
            if shape.has_table:
                table = shape.table
                for r, row in enumerate(table.rows):
                    for c, cell in enumerate(row.cells):
                        width = (table.columns[c].width - cell.margin_left - cell.margin_right) / PT
                        height = (row.height - cell.margin_top - cell.margin_bottom) / PT
                        need = sum(_paragraph_height(p, width) for p in cell.text_frame.paragraphs)
                        if need > height + 1.0:
                            bad.append(f"slide {n} table cell {r},{c}: needs {need:.0f}pt, has {height:.0f}pt")
    return bad


def zip_names(data: bytes) -> list[str]:
    return zipfile.ZipFile(io.BytesIO(data)).namelist()


def zip_text(data: bytes) -> str:
    """Return every XML part of an OOXML package as one string (for leak searches)."""
    z = zipfile.ZipFile(io.BytesIO(data))
    return "\n".join(z.read(n).decode("utf-8", "replace") for n in z.namelist()
                     if n.endswith((".xml", ".rels")))


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(files: list[Path], outdir: Path) -> None:
    """Convert office files to PDF with LibreOffice in one run."""
    subprocess.run([soffice(), "--headless", "--convert-to", "pdf", "--outdir", str(outdir), *map(str, files)],
                   check=True, capture_output=True, timeout=600,
                   env={"HOME": str(outdir), "PATH": "/usr/bin:/bin:/usr/local/bin"})


def bridges(slide) -> list[dict]:
    """Return the price bridges (waterfalls drawn as shapes) on ``slide``: each as its bar names, amounts, bars
    ((top, bottom) in points) and which bars are filled (an outline only is optional scope)."""
    out = []
    for group in (s for s in all_shapes(slide) if s.name == "qbrgen:bridge"):
        kids = list(group.shapes)
        bars = [k for k in kids if k.name == "qbrgen:bridge-bar"]
        out.append({
            "names": [k.text_frame.text for k in kids if k.name == "qbrgen:bridge-label"],
            "amounts": [k.text_frame.text for k in kids if k.name == "qbrgen:bridge-amount"],
            "bars": [(b.top / PT, (b.top + b.height) / PT) for b in bars],
            "filled": [b.fill.type == 1 for b in bars],  # MSO_FILL.SOLID
            "connectors": [k for k in kids if k.name == "qbrgen:bridge-connector"],
        })
    return out
