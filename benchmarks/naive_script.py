"""The script a user would write instead of qbrgen: python-pptx, python-docx and WeasyPrint the tutorial way.

One loop over the account files; for each, documents comparable to qbrgen's customer set (the same sections
and about the same amount of content; see benchmarks/README.md for slides and pages side by side):

- a QBR deck of 13 slides with speaker notes: title, executive summary, agenda, value delivered (table), where
  the value comes from (bar chart), usage (line chart), priorities (table), roadmap, mutual success plan,
  renewal (ARR chart), renewal options (table), next steps, appendix (chart and table);
- a renewal proposal in Word and the same proposal as a PDF from a Jinja2 HTML template (the bundled fonts,
  page numbers and a running header): cover page, executive summary with three figures and the outcomes,
  what is new, pricing, what the renewal covers, value against price (a bar chart), renewal options,
  optional expansion, terms, steps to signature, acceptance with tick boxes and signature lines, and the
  "how we measured" appendix on a page of its own.

Written as the libraries' tutorials show: a new Presentation / Document / HTML per document, each property
set through the API, CSS in the HTML, tables laid out automatically. No validation, no analysis, no caching,
no layout fitting: the yardstick for benchmarks/speed.py.

Run: python benchmarks/naive_script.py ACCOUNTS_FOLDER OUT_FOLDER [-j N] [--format pptx,docx,pdf]
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
from pathlib import Path

import yaml
from docx import Document
from docx.enum.section import WD_SECTION
from docx.shared import Pt, RGBColor
from jinja2 import Template
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Inches
from pptx.util import Pt as PptPt
from weasyprint import HTML

FONTS = Path(__file__).resolve().parent.parent / "templates" / "fonts"

HTML_TEMPLATE = Template("""<!doctype html><html><head><meta charset="utf-8">
<title>Renewal proposal for {{ a.account.name }}</title><style>
@font-face { font-family: "Brand"; src: url("{{ fonts }}/Carlito-Regular.ttf"); }
@font-face { font-family: "Brand"; src: url("{{ fonts }}/Carlito-Bold.ttf"); font-weight: bold; }
@page { size: A4; margin: 22mm 20mm;
        @top-right { content: "{{ vendor }} · Renewal proposal for {{ a.account.name }}"; font-size: 7.5pt; }
        @bottom-center { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; } }
body { font-family: "Brand", sans-serif; font-size: 10pt; color: #1e252e; line-height: 1.4; }
h1 { color: #1f4e79; font-size: 28pt; margin-top: 70mm; } h2 { color: #1f4e79; font-size: 15pt; }
.cover, .new-page { page-break-after: always; }
table { width: 100%; border-collapse: collapse; margin: 0 0 10pt; font-size: 8.5pt; }
th { background: #f2f4f7; color: #1f4e79; text-align: left; padding: 4pt 5pt; border-bottom: 1pt solid #1f4e79; }
td { padding: 3.5pt 5pt; border-bottom: 0.5pt solid #d5dae0; } td.num, th.num { text-align: right; }
tr.total td { font-weight: bold; border-top: 1pt solid #1f4e79; }
.cards { display: flex; gap: 8pt; margin-bottom: 10pt; }
.card { flex: 1; background: #f2f4f7; border-left: 3pt solid #e07b24; padding: 6pt 8pt; }
.card .v { font-size: 14pt; font-weight: bold; color: #1f4e79; }
.muted { color: #5f6b7a; font-size: 8.5pt; }
.sign { display: flex; gap: 24pt; } .sign div { flex: 1; } .line { border-bottom: 0.75pt solid #1e252e; height:
 26pt; }
</style></head><body>
<div class="cover"><h1>Renewal proposal for {{ a.account.name }}</h1>
<p>Prepared for {{ a.account.name }} by {{ vendor }} on {{ today }}.</p>
<p>For the contract renewing on {{ a.contract.renewal_date }}. This offer is valid for 30 days.</p>
<p>Your contact: {{ a.account.owner }} · {{ a.account.owner_email }} · {{ a.account.owner_phone }}</p></div>
<h2>Executive summary</h2>
<p><b>Since {{ a.contract.start_date }}, together we documented {{ money(total) }} of value a year,
{{ "%.1f"|format(total / arr) }}× the annual subscription of {{ money(arr) }}.</b></p>
<div class="cards"><div class="card"><div class="v">{{ money(arr) }}</div>Annual subscription today</div>
<div class="card"><div class="v">{{ money(total) }}</div>Documented value per year</div>
<div class="card"><div class="v">{{ money(renewed) }}</div>Renewed annual subscription
<div class="muted">a {{ pct }}% increase</div></div></div>
<table><tr><th>Outcome</th><th>Before</th><th>Now</th><th>Change</th><th class="num">Value per year</th></tr>
{% for v in a.value %}<tr><td>{{ v.outcome }}</td><td>{{ v.baseline }} {{ v.unit }}</td>
<td>{{ v.current }} {{ v.unit }}</td>
<td>{{ change(v) }}</td><td class="num">{{ money(v.annual_value or 0) }}</td></tr>{% endfor %}
<tr class="total"><td colspan="4">Total documented value per year</td><td class="num">{{ money(total) }}</td></tr>
</table>
<h2>What is new since your last contract</h2>
<p>Delivered since the last contract, included in the renewal:</p>
<ul>{% for c in a.renewal.new_capabilities %}<li>{{ c }}</li>{% endfor %}</ul>
<p>Coming next, in line with your priorities:</p>
<ul>{% for r in a.roadmap if r.supports %}<li>{{ r.title }} ({{ r.available }})</li>{% endfor %}</ul>
<p class="muted">Roadmap items show our current plans and timing; they are not part of what this proposal commits
 to.</p>
<h2>Pricing</h2>
<p>A {{ pct }}% increase on {{ money(arr) }} comes to {{ money(renewed - arr) }} a year, set against
{{ money(total) }} of value we documented together each year.</p>
<table><tr><th></th><th class="num">Per year</th></tr>
<tr><td>Annual subscription today</td><td class="num">{{ money(arr) }}</td></tr>
<tr><td>Increase ({{ pct }}%)</td><td class="num">{{ money(renewed - arr) }}</td></tr>
<tr><td>Renewed annual subscription</td><td class="num">{{ money(renewed) }}</td></tr>
<tr><td>Optional expansion</td><td class="num">{{ money(expansion) }}</td></tr>
<tr class="total"><td>Total with the optional expansion</td><td class="num">{{ money(renewed + expansion) }}</td>
</tr></table>
<p class="muted">The expansion is optional: the renewal stands on its own.</p>
<p>What the renewal covers:</p>
<table><tr><th>Product</th><th>Included</th><th class="num">Per year today</th>
<th class="num">Per year renewed</th></tr>
{% for p in a.contract.products %}<tr><td>{{ p.name }}</td>
<td>{% if p.capacity %}{{ "{:,}".format(p.capacity.contracted) }} {{ p.capacity.unit }}{% endif %}</td>
<td class="num">{{ money(p.arr) }}</td><td class="num">{{ money(p.arr * (100 + pct) / 100) }}</td></tr>{% endfor %}
<tr class="total"><td colspan="2">Total</td><td class="num">{{ money(arr) }}</td>
<td class="num">{{ money(renewed) }}</td></tr></table>
<p>Documented value per year against the renewal price</p>
<svg width="100%" viewBox="0 0 600 90" font-size="11">{% for label, value in bars %}
<text x="160" y="{{ 18 + loop.index0 * 28 }}" text-anchor="end">{{ label }}</text>
<rect x="170" y="{{ 6 + loop.index0 * 28 }}" width="{{ 320 * value / total }}" height="18" fill="#1f4e79"/>
<text x="{{ 176 + 320 * value / total }}" y="{{ 18 + loop.index0 * 28 }}">{{ money(value) }}</text>{% endfor %}</svg>
<h2>Renewal options</h2>
<table><tr><th>Option</th><th>Term</th><th>Change</th><th class="num">Price per year</th>
<th class="num">Total contract value</th></tr>
{% for o in options %}<tr><td>{{ o.name }}</td><td>{{ o.term_months }} months</td><td>{{ o.increase_pct }}%</td>
<td class="num">{{ money(arr * (100 + o.increase_pct) / 100) }}</td>
<td class="num">{{ money(arr * (100 + o.increase_pct) / 100 * o.term_months / 12) }}</td></tr>{% endfor %}</table>
<p class="muted">Options with price protection hold the price for the whole term.</p>
<h2>Optional expansion</h2>
<p>New scope we propose alongside the renewal. It is optional and priced on its own.</p>
<table><tr><th>Product</th><th>For</th><th class="num">Per year</th></tr>
{% for e in a.renewal.expansion %}<tr><td>{{ e.product }}</td><td>{{ e.unit }}</td>
<td class="num">{{ money(e.arr) }}</td></tr>{% endfor %}
<tr class="total"><td colspan="2">Total optional expansion</td><td class="num">{{ money(expansion) }}</td></tr>
</table>
<p class="new-page">With the optional expansion, the renewal as proposed comes to {{ money(renewed + expansion) }}
 a year.</p>
<h2>Terms</h2><ul>{% for t in terms %}<li>{{ t }}</li>{% endfor %}</ul>
<h2>Steps to signature</h2><p>We have planned 15 business days for your legal and procurement review.</p>
<table class="new-page"><tr><th>Date</th><th>Step</th></tr>{% for d, s in steps %}<tr><td>{{ d }}</td>
<td>{{ s }}</td></tr>{% endfor %}</table>
<h2>Acceptance</h2>
<p>By signing, {{ a.account.name }} accepts the one renewal option ticked below, any expansion ticked below and the
terms of this proposal. Tick exactly one renewal option.</p>
<table><tr><th>Tick</th><th>Renewal option</th><th class="num">Price per year</th>
<th class="num">Total for the term</th></tr>
{% for o in options %}<tr><td>☐</td><td>{{ o.name }} ({{ o.term_months }} months)</td>
<td class="num">{{ money(arr * (100 + o.increase_pct) / 100) }}</td>
<td class="num">{{ money(arr * (100 + o.increase_pct) / 100 * o.term_months / 12) }}</td></tr>{% endfor %}</table>
<table><tr><th>Tick</th><th>Expansion</th><th class="num">Price per year</th></tr>
{% for e in a.renewal.expansion %}<tr><td>☐</td><td>{{ e.product }} ({{ e.unit }})</td>
<td class="num">{{ money(e.arr) }}</td></tr>{% endfor %}</table>
<div class="sign">{% for party, who in signers %}<div><p><b>For {{ party }}</b></p>
{% for label in ["Name", "Title", "Signature", "Date"] %}<div class="line">{{ who[loop.index0] if loop.index0 < 2
 else "" }}</div>
<p class="muted">{{ label }}</p>{% endfor %}</div>{% endfor %}</div>
<p class="new-page">Please return the signed proposal to {{ a.account.owner }} at {{ vendor }} ({{
 a.account.owner_email }}).</p>
<h2>How we measured</h2>
<p>Where each figure in this proposal comes from: the starting point, the value today, the period and the source.</p>
<ul>{% for v in a.value %}<li>{{ v.outcome }}: {{ v.baseline }} {{ v.unit }} at the start, {{ v.current }} {{
 v.unit }} now,
measured {{ v.period or "since " ~ a.contract.start_date }}. Valued at {{ money(v.annual_value or 0) }} a year.
{% if v.evidence %}Source: {{ v.evidence }}.{% endif %}</li>{% endfor %}</ul>
</body></html>""")

VENDOR = "Acme Cloud"
TERMS = ["Prices are in the account's currency, per year unless a total for the term is shown.",
         "Prices exclude taxes, which are added to each invoice as the law requires.",
         "The renewed term starts on the renewal date.",
         "Payment terms: annually in advance, net 30 days from the invoice date.",
         "With a price-protected option, the price per year stays the same for the whole term.",
         "At each later renewal, the price per year rises by at most the agreed cap.",
         "The current contract renews automatically at the end of its term.",
         "We propose that the renewed contract renews automatically unless either party gives notice.",
         "Notice of non-renewal: in writing, at least 90 days before the end of the term.",
         "This offer is valid for 30 days."]


def money(x: float) -> str:
    return f"${x:,.0f}"


def _options(a: dict) -> list[dict]:
    options = a.get("renewal", {}).get("options") or []
    return options or [{"name": "Renewal", "term_months": a["contract"]["term_months"],
                        "increase_pct": a["renewal"]["increase_pct"]}]


def _change(v: dict) -> str:
    if not v["baseline"]:
        return ""
    return f"{abs(v['current'] - v['baseline']) / v['baseline'] * 100:.1f}% better"


def _figures(a: dict) -> dict:
    arr = sum(p["arr"] for p in a["contract"]["products"])
    total = sum(v.get("annual_value") or 0 for v in a.get("value", []))
    pct = a["renewal"]["increase_pct"]
    renewed = arr * (100 + pct) / 100
    expansion = sum(e["arr"] for e in a["renewal"].get("expansion", []))
    start = dt.date.fromisoformat(str(a["contract"]["renewal_date"])) - dt.timedelta(days=53)
    steps = [(start, "We share the renewal proposal with its price and options"),
             (start + dt.timedelta(days=8), "We answer your questions and agree on the terms"),
             (start + dt.timedelta(days=9), "Your legal and procurement review"),
             (start + dt.timedelta(days=30), "Target date for signature"),
             (start + dt.timedelta(days=53), "The renewed subscription starts")]
    customer = a["renewal"].get("signatories", {}).get("customer", {})
    return {"arr": arr, "total": total or 1, "pct": pct, "renewed": renewed, "expansion": expansion,
            "steps": steps, "terms": TERMS, "vendor": VENDOR, "today": dt.date.today().isoformat(),
            "signers": [(a["account"]["name"], (customer.get("name", ""), customer.get("title", ""))),
                        (VENDOR, ("Jordan Blake", "VP Sales"))],
            "bars": [("Documented value", total), ("Renewed subscription", renewed), ("Increase", renewed - arr)]}


# -- deck ----------------------------------------------------------------------------------------


def _notes(slide, text: str) -> None:
    slide.notes_slide.notes_text_frame.text = text


def _bullets(prs, title: str, lines: list[str], notes: str) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[1])
    slide.shapes.title.text = title
    body = slide.placeholders[1].text_frame
    body.text = lines[0] if lines else ""
    for line in lines[1:]:
        body.add_paragraph().text = line
    _notes(slide, notes)


def _table(prs, title: str, header: list[str], rows: list[list], notes: str, slide=None, top: float = 1.5) -> None:
    if slide is None:
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        slide.shapes.title.text = title
        _notes(slide, notes)
    shape = slide.shapes.add_table(len(rows) + 1, len(header), Inches(0.5), Inches(top), Inches(9), Inches(0.4))
    for j, text in enumerate(header):
        shape.table.cell(0, j).text = text
    for i, row in enumerate(rows, 1):
        for j, value in enumerate(row):
            cell = shape.table.cell(i, j)
            cell.text = str(value)
            for run in cell.text_frame.paragraphs[0].runs:
                run.font.size = PptPt(12)


def _chart(prs, title: str, categories: list[str], values: list[float], notes: str,
           kind=XL_CHART_TYPE.COLUMN_CLUSTERED, height: float = 5):
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = title
    data = CategoryChartData()
    data.categories = categories
    data.add_series(title, values)
    frame = slide.shapes.add_chart(kind, Inches(0.5), Inches(1.5), Inches(9), Inches(height), data)
    frame.chart.has_legend = False
    frame.chart.plots[0].has_data_labels = True
    _notes(slide, notes)
    return slide


def deck(a: dict, path: Path) -> None:
    f = _figures(a)
    values = a.get("value", [])
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[0])
    slide.shapes.title.text = f"{a['account']['name']}: quarterly business review"
    slide.placeholders[1].text = f"{a['account']['owner']}, {VENDOR}"
    _notes(slide, "Welcome; agree the goals of the meeting.")
    _bullets(prs, "Executive summary", [f"{money(f['total'])} of documented value a year",
                                        f"{f['total'] / f['arr']:.1f}x the annual subscription of {money(f['arr'])}",
                                        f"Renewal on {a['contract']['renewal_date']}"], "Lead with the value.")
    _bullets(prs, "Agenda", ["Value delivered", "Usage", "Your priorities and our roadmap", "Mutual success plan",
                             "Your renewal", "Next steps"], "Confirm the agenda.")
    _table(prs, "Value delivered", ["Outcome", "Before", "Now", "Unit", "Value per year"],
           [[v["outcome"], v["baseline"], v["current"], v["unit"], money(v.get("annual_value") or 0)] for v in values],
           "Walk through each outcome.")
    _chart(prs, "Where the value comes from", [v["outcome"] for v in values],
           [v.get("annual_value") or 0 for v in values], "The largest outcome first.", XL_CHART_TYPE.BAR_CLUSTERED)
    usage = a.get("usage", {}).get("monthly", {})
    _chart(prs, a.get("usage", {}).get("metric", "Usage"), list(usage), list(usage.values()), "Usage keeps growing.",
           XL_CHART_TYPE.LINE_MARKERS)
    _table(prs, "Your priorities", ["Priority", "When", "How we help"],
           [[p["title"], p["horizon"], ", ".join(r["title"] for r in a.get("roadmap", []) if p["id"] in r["supports"])]
            for p in a.get("priorities", [])], "Check the priorities are still right.")
    _bullets(prs, "Roadmap", [f"{r['title']}, {r['available']}" for r in a.get("roadmap", []) if r["supports"]],
             "Plans, not commitments.")
    _bullets(prs, "Mutual success plan", [f"{g['goal']}: {g['customer_owner']} and {g['vendor_owner']}, by {g['due']} "
                                          f"({g['status']})" for g in a.get("success_plan", [])],
             "Agree owners and dates.")
    history = a.get("arr_history", [])
    slide = _chart(prs, "Your renewal", [str(h["date"]) for h in history], [h["arr"] for h in history],
                   "The renewal in one slide.", height=3)
    box = slide.shapes.add_textbox(Inches(0.5), Inches(4.8), Inches(9), Inches(1.5)).text_frame
    box.text = f"Renewal on {a['contract']['renewal_date']}: {money(f['arr'])} today, {money(f['renewed'])} renewed"
    box.add_paragraph().text = f"A {f['pct']}% increase against {money(f['total'])} of value a year"
    _table(prs, "Renewal options", ["Option", "Term", "Change", "Price per year"],
           [[o["name"], f"{o['term_months']} months", f"{o['increase_pct']}%",
             money(f["arr"] * (100 + o["increase_pct"]) / 100)] for o in _options(a)], "Recommend one option.")
    _bullets(prs, "Next steps", [f"{d}: {s}" for d, s in f["steps"]], "Agree the dates.")
    slide = _chart(prs, "Appendix", [v["outcome"] for v in values], [v["current"] for v in values],
                   "For reference.", height=2.5)
    _table(prs, "", ["Outcome", "Measured", "Source"],
           [[v["outcome"], v.get("period", ""), v.get("evidence", "")] for v in values], "", slide=slide, top=4.2)
    prs.save(path)


# -- proposal ------------------------------------------------------------------------------------


def _doc_table(doc, header: list[str], rows: list[list]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Light List Accent 1"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for row in rows:
        for cell, value in zip(table.add_row().cells, row, strict=True):
            cell.text = str(value)


def proposal_docx(a: dict, path: Path) -> None:
    f = _figures(a)
    arr, options = f["arr"], _options(a)
    doc = Document()
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(10)
    header = doc.sections[0].header.paragraphs[0]
    header.text = f"{VENDOR} · Renewal proposal for {a['account']['name']}"
    doc.add_heading(f"Renewal proposal for {a['account']['name']}", 0)
    doc.add_paragraph(f"Prepared for {a['account']['name']} by {VENDOR} on {f['today']}.")
    doc.add_paragraph(f"For the contract renewing on {a['contract']['renewal_date']}. This offer is valid for 30 days.")
    doc.add_paragraph(f"Your contact: {a['account']['owner']} · {a['account'].get('owner_email', '')}")
    doc.add_section(WD_SECTION.NEW_PAGE)
    doc.add_heading("Executive summary", 1)
    lead = doc.add_paragraph().add_run(f"Since {a['contract']['start_date']}, together we documented "
                                       f"{money(f['total'])} of value a year.")
    lead.bold = True
    _doc_table(doc, ["Annual subscription today", "Documented value per year", "Renewed annual subscription"],
               [[money(arr), money(f["total"]), money(f["renewed"])]])
    _doc_table(doc, ["Outcome", "Before", "Now", "Change", "Value per year"],
               [[v["outcome"], f"{v['baseline']} {v['unit']}", f"{v['current']} {v['unit']}", _change(v),
                 money(v.get("annual_value") or 0)] for v in a.get("value", [])]
               + [["Total documented value per year", "", "", "", money(f["total"])]])
    doc.add_heading("What is new since your last contract", 1)
    doc.add_paragraph("Delivered since the last contract, included in the renewal:")
    for c in a["renewal"].get("new_capabilities", []):
        doc.add_paragraph(c, style="List Bullet")
    doc.add_paragraph("Coming next, in line with your priorities:")
    for r in a.get("roadmap", []):
        if r["supports"]:
            doc.add_paragraph(f"{r['title']} ({r['available']})", style="List Bullet")
    doc.add_heading("Pricing", 1)
    doc.add_paragraph(f"A {f['pct']}% increase on {money(arr)} comes to {money(f['renewed'] - arr)} a year.")
    _doc_table(doc, ["", "Per year"], [["Annual subscription today", money(arr)],
                                       [f"Increase ({f['pct']}%)", money(f["renewed"] - arr)],
                                       ["Renewed annual subscription", money(f["renewed"])],
                                       ["Optional expansion", money(f["expansion"])],
                                       ["Total with the optional expansion", money(f["renewed"] + f["expansion"])]])
    doc.add_paragraph("What the renewal covers:")
    _doc_table(doc, ["Product", "Included", "Per year today", "Per year renewed"],
               [[p["name"], f"{p['capacity']['contracted']:,} {p['capacity']['unit']}" if p.get("capacity") else "",
                 money(p["arr"]), money(p["arr"] * (100 + f["pct"]) / 100)] for p in a["contract"]["products"]])
    doc.add_heading("Renewal options", 1)
    _doc_table(doc, ["Option", "Term", "Change", "Price per year", "Total contract value"],
               [[o["name"], f"{o['term_months']} months", f"{o['increase_pct']}%",
                 money(arr * (100 + o["increase_pct"]) / 100),
                 money(arr * (100 + o["increase_pct"]) / 100 * o["term_months"] / 12)] for o in options])
    doc.add_heading("Optional expansion", 1)
    doc.add_paragraph("New scope we propose alongside the renewal. It is optional and priced on its own.")
    _doc_table(doc, ["Product", "For", "Per year"],
               [[e["product"], e["unit"], money(e["arr"])] for e in a["renewal"].get("expansion", [])])
    doc.add_page_break()
    doc.add_heading("Terms", 1)
    for t in TERMS:
        doc.add_paragraph(t, style="List Bullet")
    doc.add_heading("Steps to signature", 1)
    _doc_table(doc, ["Date", "Step"], [[str(d), s] for d, s in f["steps"]])
    doc.add_page_break()
    doc.add_heading("Acceptance", 1)
    doc.add_paragraph(f"By signing, {a['account']['name']} accepts the one renewal option ticked below, any expansion "
                      "ticked below and the terms of this proposal.")
    _doc_table(doc, ["Tick", "Renewal option", "Price per year"],
               [["☐", o["name"], money(arr * (100 + o["increase_pct"]) / 100)] for o in options])
    _doc_table(doc, ["Tick", "Expansion", "Price per year"],
               [["☐", e["product"], money(e["arr"])] for e in a["renewal"].get("expansion", [])])
    signatures = doc.add_table(rows=5, cols=2)
    for col, (party, who) in enumerate(f["signers"]):
        signatures.cell(0, col).text = f"For {party}"
        for row, label in enumerate(["Name", "Title", "Signature", "Date"], 1):
            signatures.cell(row, col).text = f"{who[row - 1] if row < 3 else ''}\n\n{label}"
    doc.add_page_break()
    doc.add_heading("How we measured", 1)
    for v in a.get("value", []):
        run = doc.add_paragraph(style="List Bullet").add_run(
            f"{v['outcome']}: {v['baseline']} {v['unit']} at the start, {v['current']} {v['unit']} now. "
            f"Valued at {money(v.get('annual_value') or 0)} a year. {v.get('evidence', '')}")
        run.font.color.rgb = RGBColor(0x1E, 0x25, 0x2E)
    doc.save(path)


def proposal_pdf(a: dict, path: Path) -> None:
    html = HTML_TEMPLATE.render(a=a, options=_options(a), money=money, change=_change, fonts=FONTS.as_uri(),
                                **_figures(a))
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
