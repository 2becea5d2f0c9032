"""Where every figure comes from (build --trace, qbrgen explain): the figures beyond the headline ones, checked
against hand-computed values for the Northwind example, and every figure-like text in the customer deck and
proposal traced to a source."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from docx import Document as DocxDocument
from pptx import Presentation

from qbrgen.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
AS_OF = dt.date(2026, 11, 23)
ACCOUNT = EXAMPLES / "accounts" / "northwind-logistics.yaml"


@pytest.fixture(scope="module")
def traced(tmp_path_factory) -> tuple[Path, dict, str]:
    """Build the Northwind example once with --trace (deck and proposal); return its folder, trace and text."""
    work = tmp_path_factory.mktemp("provenance")
    shutil.copy(EXAMPLES / "qbrgen.yaml", work / "qbrgen.yaml")
    shutil.copy(ACCOUNT, work / "northwind.yaml")
    out = work / "out"
    result = CliRunner().invoke(main, ["build", str(work / "northwind.yaml"), "-o", str(out), "--format", "pptx,docx",
                                       "--as-of", AS_OF.isoformat(), "-j", "1", "--trace"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    (folder,) = [p for p in out.iterdir() if p.is_dir()]
    return folder, json.loads((folder / "figure-sources.json").read_text()), ACCOUNT.read_text()


def _line(text: str, pattern: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if re.search(pattern, line))


def _fig(data: dict, figure: str) -> tuple[Decimal | str, str, list[tuple[str, int | None]]]:
    f = data["figures"][figure]
    value = f["value"]
    try:
        value = Decimal(value)
    except ArithmeticError:
        pass
    return value, f["shown"], [(x["field"], x["line"]) for x in f["fields"]]


def test_usage_health_and_capacity_against_hand_computed_values(traced):
    _, data, text = traced
    capacity = _line(text, r"capacity: \{unit: seats, contracted: 500, used: 462\}")
    value, shown, fields = _fig(data, "product[0].utilisation")
    assert (value, shown) == (Decimal("92.4"), "92.4%")  # 462 / 500
    assert fields == [("contract.products[0].capacity.used", capacity),
                      ("contract.products[0].capacity.contracted", capacity)]
    assert _fig(data, "product[1].utilisation")[:2] == (Decimal(89), "89%")  # 8,900,000 / 10,000,000
    assert _fig(data, "product[0].contracted")[1] == "500" and _fig(data, "product[0].used")[1] == "462"
    value, shown, fields = _fig(data, "usage-change")  # (61,200 - 41,000) / 41,000 = 49.27%
    assert round(value, 2) == Decimal("49.27") and shown == "49.3%"
    assert fields == [("usage.monthly.2026-10", _line(text, r"^    2026-10: 61200")),
                      ("usage.monthly.2026-01", _line(text, r"^    2026-01: 41000"))]
    assert _fig(data, "usage-from")[1] == "Jan 2026"
    assert _fig(data, "health")[:3] == (Decimal(78), "78", [("health[2].score", _line(text, r"score: 78"))])


def test_outcomes_before_now_and_change_against_hand_computed_values(traced):
    _, data, text = traced
    assert _fig(data, "outcome[0].before")[:2] == (Decimal("6.5"), "6.5")
    assert _fig(data, "outcome[0].now")[2] == [("value[0].current", _line(text, r"^    current: 2.1"))]
    value, shown, _ = _fig(data, "outcome[0].improvement")  # (6.5 - 2.1) / 6.5 = 67.69%
    assert round(value, 2) == Decimal("67.69") and shown == "67.7%"
    assert _fig(data, "outcome[1].improvement")[:2] == (Decimal(100), "100%")  # 2,400 hours to 0
    assert _fig(data, "outcome[1].before")[1] == "2,400"
    assert _fig(data, "outcome[2].before")[1] == "1.2%"  # unit "% of spend"
    assert _fig(data, "outcome[2].change")[:2] == (Decimal("2.2"), "2.2")  # 3.4 - 1.2 points


def test_dates_and_quarters_against_hand_computed_values(traced):
    _, data, text = traced
    renewal = _line(text, r"^  renewal_date: 2027-01-15")
    assert _fig(data, "renewal-date") == ("2027-01-15", "Jan 15, 2027", [("contract.renewal_date", renewal)])
    assert _fig(data, "term-start")[:2] == ("2027-01-15", "Jan 15, 2027")
    assert _fig(data, "goal[1].due") == ("2027-01-08", "Jan 8, 2027",
                                         [("success_plan[1].due", _line(text, r"due: 2027-01-08"))])
    assert _fig(data, "qbr-date")[1] == "Dec 10, 2026"
    assert _fig(data, "roadmap[0].available") == ("2027-Q1", "Q1 2027",
                                                  [("roadmap[0].available", _line(text, r"available: 2027-Q1"))])
    assert _fig(data, "priority[0].horizon")[1] == "Q2 2027"
    # Signature 30 days before Jan 15, 2027 (Dec 16), but the 15 business days of review from Dec 2 reach Dec 23.
    value, shown, fields = _fig(data, "step.signature")
    assert shown == "Dec 23, 2026" == _fig(data, "signature-target")[1]
    assert ("contract.renewal_date", renewal) in fields
    assert ("qbrgen.yaml: renewal_policy.review_days", None) in fields and ("as_of", None) in fields
    assert _fig(data, "step.proposal")[1] == "Nov 23, 2026"  # shared on the as-of date
    assert _fig(data, "step.legal")[1] == "Dec 2, 2026"
    # The offer: as-of + proposal.valid_days (30) = Dec 23, 2026, not before the signature target.
    value, shown, fields = _fig(data, "offer-until")
    assert shown == "Dec 23, 2026" and ("qbrgen.yaml: proposal.valid_days", None) in fields
    assert "the as-of date plus proposal.valid_days" in data["figures"]["offer-until"]["explain"]


def test_lines_discounts_and_policy_against_hand_computed_values(traced):
    _, data, text = traced
    pct = _line(text, r"^  increase_pct: 5")
    value, shown, fields = _fig(data, "product[0].renewed")  # 300,000 × 1.05
    assert (value, shown) == (Decimal(315000), "$315,000")
    assert fields == [("renewal.increase_pct", pct), ("contract.products[0].arr", _line(text, r"arr: 300000"))]
    assert _fig(data, "product[1].renewed")[1] == "$105,000"  # 100,000 × 1.05
    assert _fig(data, "expansion[0]") == (Decimal(80000), "$80,000",
                                          [("renewal.expansion[0].arr", _line(text, r"product: Workflows, unit"))])
    assert _fig(data, "uplift-cap")[:2] == (Decimal(6), "6%")
    assert _fig(data, "option[1].pct")[1] == "3%" and _fig(data, "option[1].months")[1] == "36"
    assert _fig(data, "review-days")[1] == "15" and _fig(data, "notice-days")[1] == "90"
    assert _fig(data, "meeting-length")[1] == "60"  # qbr.length left out


def test_true_up_lines_are_traced(tmp_path):
    """Overage priced on a line of its own: the excess, the unit price and the line's amount, from the file."""
    shutil.copy(EXAMPLES / "qbrgen.yaml", tmp_path / "qbrgen.yaml")
    text = ACCOUNT.read_text().replace("contracted: 500, used: 462", "contracted: 500, used: 550")
    (tmp_path / "a.yaml").write_text(text)
    result = CliRunner().invoke(main, ["explain", str(tmp_path / "a.yaml"), "true-up[0]", "--as-of",
                                       AS_OF.isoformat()], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    # 50 seats above 500, at 300,000 / 500 = $600 a seat a year: $30,000.
    assert result.output.startswith("$30,000 (True-up: Core Platform, per year) = ")
    assert "contract.products[0].capacity.used 550" in result.output
    result = CliRunner().invoke(main, ["explain", str(tmp_path / "a.yaml"), "true-up[0].unit-price", "--as-of",
                                       AS_OF.isoformat()], catch_exceptions=False)
    assert result.output.startswith("$600 ")


TOKEN = re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}, \d{4}"
                   r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}|Q[1-4] \d{4}"
                   r"|[$€£]?\d(?:[\d,]*\d)?(?:\.\d+)?(?:[KMB](?![a-z])|%|×)?")


def _free_text(node) -> list[str]:
    """Return the account file's own text (names, titles, terms): numbers inside them are quoted, not figures."""
    if isinstance(node, dict):
        return [s for v in node.values() for s in _free_text(v)]
    if isinstance(node, list):
        return [s for v in node for s in _free_text(v)]
    return [node] if isinstance(node, str) else []


def _shape_texts(shapes) -> list[str]:
    """Return the text of every text box, table cell and grouped shape (KPI tiles are groups)."""
    out = []
    for shape in shapes:
        if shape.shape_type == 6:  # a group
            out += _shape_texts(shape.shapes)
        if shape.has_text_frame:
            out.append(shape.text_frame.text)
        if getattr(shape, "has_table", False) and shape.has_table:
            out += [c.text for row in shape.table.rows for c in row.cells]
        if getattr(shape, "has_chart", False) and shape.has_chart:  # its values, for the per-slide check
            out += [f"chart:{v}" for plot in shape.chart.plots for series in plot.series for v in series.values]
            out += [f"category:{c}" for plot in shape.chart.plots for c in plot.categories]
    return out


def _clean(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def test_every_figure_in_the_deck_and_proposal_is_traced(traced):
    """Every amount, percent, multiple, count, date and quarter the customer reads has a traced source.

    The exceptions, and only these: the slide number in each slide's footer; numbers inside the account
    file's own text (a name, a title, the payment terms, a phone number, an evidence note), which the
    documents quote as written; and the presenter's minutes for one slide in its speaker notes ("Time: about
    5 min of the 15 minutes": the 5 is the agenda block's minutes shared out over its slides; the 15 is traced).
    Chart series are checked by the chart tests, not here.
    """
    folder, data, text = traced
    quoted = [_clean(s) for s in _free_text(yaml.safe_load(text))]
    written = {name: {f["shown"] for part in parts for f in part["figures"]} for name, parts in
               data["documents"].items()}
    untraced = []

    def check(document: str, where: str, body: str, page: int | None = None):
        for match in TOKEN.finditer(_clean(body)):
            token = match.group(0)
            if token in written[document] or (page is not None and token == str(page)):
                continue
            if any(re.search(r"(?<![\d.,])" + re.escape(token) + r"(?![\d])", s) for s in quoted):
                continue
            untraced.append((document, where, token))

    for n, slide in enumerate(Presentation(folder / "qbr-deck.pptx").slides, 1):
        for body in _shape_texts(slide.shapes):
            if body.startswith(("chart:", "category:")):  # chart series: the chart tests check them
                continue
            check("qbr-deck", f"slide {n}", body, n)
        if slide.has_notes_slide:
            notes = re.sub(r"Time: about \d+ min of", "Time: of", slide.notes_slide.notes_text_frame.text)
            check("qbr-deck", f"slide {n} notes", notes)
    doc = DocxDocument(folder / "renewal-proposal.docx")
    for paragraph in doc.paragraphs:
        check("renewal-proposal", "body", paragraph.text)
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                check("renewal-proposal", "table", cell.text)
    assert untraced == [], untraced
    # the deck and the proposal do show figures of each new kind
    assert {"49%", "92.4%", "Dec 23, 2026", "Q1 2027", "Jan 8, 2027"} <= written["qbr-deck"]
    assert {"$315,000", "Nov 23, 2026", "Dec 2, 2026", "6%", "2,400"} <= written["renewal-proposal"]


def test_deck_entries_name_the_rendered_slides(traced):
    """Each deck entry gives the slides its part became, and each figure it lists stands on those slides."""
    folder, data, _ = traced
    slides = list(Presentation(folder / "qbr-deck.pptx").slides)

    def text(slide) -> str:
        out = _shape_texts(slide.shapes)
        if slide.has_notes_slide:  # the speaker notes are the part's too
            out.append(slide.notes_slide.notes_text_frame.text)
        return _clean("\n".join(out))

    entries = data["documents"]["qbr-deck"]
    assert entries and "slide numbers" in data["numbering"]
    for entry in entries:
        assert entry["slides"], entry["part"]
        shown = "\n".join(text(slides[n - 1]) for n in entry["slides"])
        charted = {Decimal(str(v)) for v in re.findall(r"chart:([-\d.]+)", shown)}
        for figure in entry["figures"]:
            value = data["figures"][figure["figure"]]["value"]
            in_chart = re.fullmatch(r"-?[\d.]+", value) and Decimal(value) in charted  # a data label
            assert figure["shown"] in shown or in_chart, (entry["slides"], figure)
    usage = next(e for e in entries if e["part"] == "usage")
    assert _clean(usage["title"]) in text(slides[usage["slides"][0] - 1])
