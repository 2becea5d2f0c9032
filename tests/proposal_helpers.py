"""Build the example proposal from an edited copy of the example files, and read the DOCX and PDF back."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import yaml
from docx import Document as open_docx
from pypdf import PdfReader

from qbrgen.account.validate import load_account
from qbrgen.build.assets import assets_for
from qbrgen.render.registry import render
from qbrgen.sections.assemble import build_proposal

from .conftest import AS_OF, EXAMPLES


def example_data(name: str = "northwind-logistics") -> tuple[dict, dict]:
    """Return (account, workspace) of an example as plain data to edit."""
    account = yaml.safe_load((EXAMPLES / "accounts" / f"{name}.yaml").read_text(encoding="utf-8"))
    workspace = yaml.safe_load((EXAMPLES / "qbrgen.yaml").read_text(encoding="utf-8"))
    return account, workspace


def load(folder: Path, account: dict, workspace: dict | None):
    """Write the two files into ``folder`` and return the loaded account."""
    folder.mkdir(parents=True, exist_ok=True)
    if workspace is not None:
        (folder / "qbrgen.yaml").write_text(yaml.safe_dump(workspace, sort_keys=False), encoding="utf-8")
    path = folder / "account.yaml"
    path.write_text(yaml.safe_dump(account, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return load_account(path)


def render_both(info, as_of: dt.date = AS_OF, esign: str | None = None, pdf_variant: str | None = None
                ) -> dict[str, bytes]:
    """Return the proposal of ``info`` as {'docx': bytes, 'pdf': bytes}."""
    assets = assets_for(info, as_of, esign, pdf_variant)
    tree = build_proposal(info, as_of)
    return {"docx": render("docx", tree, assets), "pdf": render("pdf", tree, assets)}


def docx_all_text(data: bytes) -> str:
    """Return every paragraph's text of a DOCX, body and tables (nested ones too), in document order."""
    doc = open_docx(io.BytesIO(data))
    ns = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    lines = []
    for p in doc.element.body.iter(f"{ns}p"):
        lines.append("".join(t.text or "" for t in p.iter(f"{ns}t")))
    return "\n".join(lines)


def docx_page_texts(doc) -> list[str]:
    """Return the texts a reader sees in an opened DOCX: body paragraphs, table cells, headers and footers."""
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    for section in doc.sections:
        parts += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    return parts


def pdf_all_text(data: bytes) -> str:
    """Return the PDF's text with line breaks and runs of spaces made single spaces."""
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.replace("\xa0", " ").split())


def flat(text: str) -> str:
    return " ".join(text.replace("\xa0", " ").split())


def texts(info, **kwargs) -> dict[str, str]:
    """Return the proposal's text as read back from the DOCX and the PDF, whitespace made single spaces."""
    files = render_both(info, **kwargs)
    return {"docx": flat(docx_all_text(files["docx"])), "pdf": pdf_all_text(files["pdf"])}
