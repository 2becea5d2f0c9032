"""A legal team's own clauses (proposal.clauses, and an account's renewal.clauses) in the DOCX and the PDF."""

from __future__ import annotations

import io
import re

from qbrgen.cli import main

from .conftest import AS_OF

CLAUSES = """
  clauses:
    - title: Data protection
      text: |
        The Data Processing Agreement of 1 March 2024 applies
        to every service in this proposal.

        - Personal data stays in the EU.
        - Sub-processors are listed at trust.example.com.
    - title: Governing law
      text: This agreement is governed by the laws of **Ireland**.
"""


def _texts(spec_dir):
    from docx import Document
    from pypdf import PdfReader

    from qbrgen.account.validate import load_account
    from qbrgen.build.assets import assets_for
    from qbrgen.render.registry import render
    from qbrgen.sections.assemble import build_proposal

    info = load_account(spec_dir / "northwind.yaml")
    tree = build_proposal(info, AS_OF)
    assets = assets_for(info, AS_OF)
    doc = Document(io.BytesIO(render("docx", tree, assets)))
    docx = [p.text for p in doc.paragraphs]
    pdf = " ".join(" ".join(page.extract_text().split()) for page in
                   PdfReader(io.BytesIO(render("pdf", tree, assets))).pages).replace("\xa0", " ")
    return docx, pdf


def _with_clauses(spec_dir, account_clause: bool = True):
    ws = spec_dir / "qbrgen.yaml"
    text = ws.read_text()
    if "\nproposal:" in text:
        text = text.replace("\nproposal:", "\nproposal:" + CLAUSES.rstrip("\n"), 1)
    else:
        text += "\nproposal:" + CLAUSES
    ws.write_text(text)
    if account_clause:
        account = spec_dir / "northwind.yaml"
        body = account.read_text()
        assert "\nrenewal:\n" in body
        account.write_text(body.replace("\nrenewal:\n", "\nrenewal:\n  clauses:\n    - title: Northwind pilot\n"
                                        "      text: The pilot sites keep their current prices until June 2027.\n", 1))


def test_team_clauses_appear_in_both_formats_after_our_terms(spec_dir):
    _with_clauses(spec_dir)
    docx, pdf = _texts(spec_dir)
    wanted = ["Data protection",
              "The Data Processing Agreement of 1 March 2024 applies to every service in this proposal.",
              "Personal data stays in the EU.", "Sub-processors are listed at trust.example.com.",
              "Governing law", "This agreement is governed by the laws of **Ireland**.",
              "Northwind pilot", "The pilot sites keep their current prices until June 2027."]
    at = [docx.index(w) for w in wanted]
    assert at == sorted(at)  # in order: the workspace's, then the account's
    ours = next(i for i, p in enumerate(docx) if p.startswith("Payment terms:"))
    assert ours < at[0]  # after qbrgen's own terms, never mixed into them
    assert all(w not in docx[ours] for w in wanted)
    positions = [pdf.index(w) for w in wanted]
    assert positions == sorted(positions)
    assert pdf.index("Payment terms:") < positions[0]


def test_without_clauses_nothing_is_added(spec_dir):
    docx, pdf = _texts(spec_dir)
    assert "Data protection" not in docx and "Data protection" not in pdf


def test_a_clause_without_text_is_a_validation_error(runner, spec_dir):
    ws = spec_dir / "qbrgen.yaml"
    ws.write_text(ws.read_text() + "\nproposal:\n  clauses:\n    - title: Empty\n      text: '  '\n")
    result = runner.invoke(main, ["validate", str(spec_dir)])
    assert result.exit_code == 1
    assert re.search(r"qbrgen\.yaml:\d+: proposal\.clauses\[0\]\.text: must not be empty", result.output), result.output
