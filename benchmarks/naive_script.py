"""The script a user would write instead of qbrgen: python-pptx, python-docx and WeasyPrint the tutorial way.

One loop over the account files; for each, a QBR deck (title, summary, outcomes table, ARR chart, usage
chart, stakeholders, priorities and roadmap, success plan, renewal, next steps), a proposal in Word
(headings, paragraphs, products, outcomes, options and terms tables) and the same proposal as a PDF from
a Jinja2 HTML template. No validation, no analysis, no layout fitting: the yardstick for benchmarks/speed.py.

Run: python benchmarks/naive_script.py ACCOUNTS_FOLDER OUT_FOLDER [-j N] [--format pptx,docx,pdf]
"""

from __future__ import annotations

import argparse
import multiprocessing
from pathlib import Path

import yaml
from docx import Document
from docx.shared import Pt
from jinja2 import Template
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Inches
from weasyprint import HTML

HTML_TEMPLATE = Template("""<!doctype html><html><head><meta charset="utf-8"><style>
@page { size: A4; margin: 2cm; @bottom-right { content: counter(page); } }
body { font-family: sans-serif; font-size: 10pt; color: #222; }
h1 { color: #1f4e79; } h2 { color: #1f4e79; border-bottom: 1px solid #ccc; }
table { width: 100%; border-collapse: collapse; margin: 8pt 0; }
th, td { border: 1px solid #ccc; padding: 4pt; text-align: left; } th { background: #eef3f8; }
</style></head><body>
<h1>Renewal proposal for {{ a.account.name }}</h1>
<p>Prepared by {{ a.account.owner }} for the renewal on {{ a.contract.renewal_date }}.</p>
<h2>Summary</h2>
<p>Over the contract so far, {{ a.account.name }} documented {{ a.value|length }} outcomes worth
{{ "{:,}".format(total) }} {{ a.account.currency }} a year.</p>
<h2>What you achieved</h2>
<table><tr><th>Outcome</th><th>Before</th><th>Now</th><th>Unit</th><th>Yearly value</th></tr>
{% for v in a.value %}<tr><td>{{ v.outcome }}</td><td>{{ v.baseline }}</td><td>{{ v.current }}</td>
<td>{{ v.unit }}</td><td>{{ v.annual_value or "" }}</td></tr>{% endfor %}</table>
<h2>What you have today</h2>
<table><tr><th>Product</th><th>ARR</th><th>Contracted</th><th>Used</th></tr>
{% for p in a.contract.products %}<tr><td>{{ p.name }}</td><td>{{ "{:,}".format(p.arr) }}</td>
<td>{{ p.capacity.contracted if p.capacity else "" }}</td><td>{{ p.capacity.used if p.capacity else "" }}</td></tr>
{% endfor %}</table>
<h2>Your priorities</h2><ul>{% for p in a.priorities %}<li>{{ p.title }} ({{ p.horizon }})</li>{% endfor %}</ul>
<h2>Roadmap</h2><ul>{% for r in a.roadmap %}<li>{{ r.title }}, {{ r.available }}</li>{% endfor %}</ul>
<h2>Renewal options</h2>
<table><tr><th>Option</th><th>Term (months)</th><th>Increase</th><th>New ARR</th></tr>
{% for o in options %}<tr><td>{{ o.name }}</td><td>{{ o.term_months }}</td><td>{{ o.increase_pct }}%</td>
<td>{{ "{:,.0f}".format(arr * (1 + o.increase_pct / 100)) }}</td></tr>{% endfor %}</table>
<h2>Terms</h2>
<p>Prices are in {{ a.account.currency }} and exclude taxes. The offer is valid for 30 days. Invoices are due
within 30 days. The renewed term starts on the renewal date.</p>
<h2>Acceptance</h2>
<table><tr><th>For {{ a.account.name }}</th><th>For the vendor</th></tr>
<tr><td style="height: 60pt">Name, title, date, signature</td><td>Name, title, date, signature</td></tr></table>
<h2>Appendix: how we measured</h2>
{% for v in a.value %}<p>{{ v.outcome }}: from {{ v.baseline }} to {{ v.current }} {{ v.unit }}
{% if v.evidence %}({{ v.evidence }}){% endif %}.</p>{% endfor %}
</body></html>""")


def _options(a: dict) -> list[dict]:
    options = a.get("renewal", {}).get("options") or []
    return options or [{"name": "Renewal", "term_months": a["contract"]["term_months"],
                        "increase_pct": a["renewal"]["increase_pct"]}]


def _bullets(prs, title: str, lines: list[str]) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = title
    body = slide.placeholders[1].text_frame
    body.text = lines[0] if lines else ""
    for line in lines[1:]:
        body.add_paragraph().text = line


def _table(prs, title: str, header: list[str], rows: list[list]) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = title
    shape = slide.shapes.add_table(len(rows) + 1, len(header), Inches(0.5), Inches(1.5), Inches(9), Inches(0.4))
    for j, text in enumerate(header):
        shape.table.cell(0, j).text = text
    for i, row in enumerate(rows, 1):
        for j, value in enumerate(row):
            shape.table.cell(i, j).text = str(value)


def _chart(prs, title: str, categories: list[str], values: list[float]) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = title
    data = CategoryChartData()
    data.categories = categories
    data.add_series(title, values)
    slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(0.5), Inches(1.5), Inches(9), Inches(5), data)


def deck(a: dict, path: Path) -> None:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[0])
    slide.shapes.title.text = f"{a['account']['name']}: quarterly business review"
    slide.placeholders[1].text = f"{a['account']['owner']}"
    total = sum(v.get("annual_value") or 0 for v in a.get("value", []))
    _bullets(prs, "Summary", [f"{len(a.get('value', []))} outcomes documented", f"{total:,} a year of value",
                              f"Renewal on {a['contract']['renewal_date']}"])
    _table(prs, "Outcomes", ["Outcome", "Before", "Now", "Unit"],
           [[v["outcome"], v["baseline"], v["current"], v["unit"]] for v in a.get("value", [])])
    history = a.get("arr_history", [])
    _chart(prs, "ARR", [str(h["date"]) for h in history], [h["arr"] for h in history])
    usage = a.get("usage", {}).get("monthly", {})
    _chart(prs, a.get("usage", {}).get("metric", "Usage"), list(usage), list(usage.values()))
    _table(prs, "Stakeholders", ["Name", "Title"], [[s["name"], s["title"]] for s in a.get("stakeholders", [])])
    _bullets(prs, "Your priorities", [f"{p['title']} ({p['horizon']})" for p in a.get("priorities", [])])
    _bullets(prs, "Roadmap", [f"{r['title']}, {r['available']}" for r in a.get("roadmap", [])])
    _table(prs, "Success plan", ["Goal", "Owner", "Due", "Status"],
           [[g["goal"], g["customer_owner"], g["due"], g["status"]] for g in a.get("success_plan", [])])
    _bullets(prs, "Renewal", [f"{o['name']}: {o['term_months']} months, +{o['increase_pct']}%" for o in _options(a)])
    _bullets(prs, "Next steps", ["Agree the renewal option", "Schedule the executive session", "Sign"])
    prs.save(path)


def proposal_docx(a: dict, path: Path) -> None:
    doc = Document()
    doc.styles["Normal"].font.size = Pt(10)
    doc.add_heading(f"Renewal proposal for {a['account']['name']}", 0)
    doc.add_paragraph(f"Prepared by {a['account']['owner']} for the renewal on {a['contract']['renewal_date']}.")
    doc.add_heading("What you achieved", 1)
    table = doc.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["Outcome", "Before", "Now", "Unit"], strict=True):
        cell.text = text
    for v in a.get("value", []):
        cells = table.add_row().cells
        for cell, value in zip(cells, [v["outcome"], v["baseline"], v["current"], v["unit"]], strict=True):
            cell.text = str(value)
    doc.add_heading("What you have today", 1)
    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Product", "ARR"
    for p in a["contract"]["products"]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = p["name"], f"{p['arr']:,}"
    doc.add_heading("Your priorities", 1)
    for p in a.get("priorities", []):
        doc.add_paragraph(f"{p['title']} ({p['horizon']})", style="List Bullet")
    doc.add_heading("Renewal options", 1)
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["Option", "Term (months)", "Increase"], strict=True):
        cell.text = text
    for o in _options(a):
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = o["name"], str(o["term_months"]), f"{o['increase_pct']}%"
    doc.add_heading("Terms", 1)
    doc.add_paragraph("Prices exclude taxes. The offer is valid for 30 days. Invoices are due within 30 days.")
    doc.add_heading("Acceptance", 1)
    doc.add_paragraph("Name, title, date, signature")
    doc.add_heading("Appendix: how we measured", 1)
    for v in a.get("value", []):
        doc.add_paragraph(f"{v['outcome']}: from {v['baseline']} to {v['current']} {v['unit']}.")
    doc.save(path)


def proposal_pdf(a: dict, path: Path) -> None:
    total = sum(v.get("annual_value") or 0 for v in a.get("value", []))
    arr = sum(p["arr"] for p in a["contract"]["products"])
    html = HTML_TEMPLATE.render(a=a, total=total, arr=arr, options=_options(a))
    HTML(string=html).write_pdf(path)


def build(args: tuple[str, str, str]) -> None:
    account, out, formats = args
    a = yaml.safe_load(Path(account).read_text())
    folder = Path(out) / Path(account).stem
    folder.mkdir(parents=True, exist_ok=True)
    if "pptx" in formats:
        deck(a, folder / "qbr-deck.pptx")
    if "docx" in formats:
        proposal_docx(a, folder / "renewal-proposal.docx")
    if "pdf" in formats:
        proposal_pdf(a, folder / "renewal-proposal.pdf")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("accounts", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("-j", type=int, default=1)
    parser.add_argument("--format", default="pptx,docx,pdf")
    args = parser.parse_args()
    tasks = [(str(p), str(args.out), args.format) for p in sorted(args.accounts.glob("*.yaml"))]
    if args.j == 1:
        for task in tasks:
            build(task)
    else:
        pool = multiprocessing.get_context("fork").Pool(args.j)
        pool.map(build, tasks, chunksize=1)
        pool.close()
        pool.join()


if __name__ == "__main__":
    main()
