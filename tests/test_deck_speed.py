"""The deck's quick paths (notes pages copied from the first, shape ids counted, chart labels copied from a kept
one) write what python-pptx's own calls write: the same notes, charts and bytes."""

from __future__ import annotations

import io
import random
import re
import zipfile
from decimal import Decimal

import pytest
from pptx.chart.data import CategoryChartData

from qbrgen.render.assets import Assets
from qbrgen.render.pptx import charts as charts_module
from qbrgen.render.pptx import deck as deck_module
from qbrgen.render.pptx import notes as notes_module
from qbrgen.render.pptx.workbook import workbook
from qbrgen.render.registry import render
from qbrgen.sections.document import Bullets, Chart, Document, Paragraph, Part, Series, Table

from .render_helpers import charts, deck

NOTES = [
    "Welcome.\nOpen with the outcome they asked for.",
    "Adoption grew in every team & region <all of it>.",
    "",  # a slide without notes still gets a notes page (one space)
    "Café — 東京 office\nTwo lines\vwith a break inside the second",
    "Close with the date.",
]
BARS = Chart("bar", "Value by outcome", ("Hours saved", "Fewer errors", "Faster close"),
             (Series("Value", (Decimal(700000), Decimal(320000), Decimal(180000))),), "$#,##0",
             labels=("$700K", "$320K", "$180K"))
COLUMNS = Chart("column", "Active users", ("Jan", "Feb", "Mar", "Apr"),
                (Series("Users", (Decimal(310), Decimal(335), None, Decimal(402))),))
LINE = Chart("line", "Tickets", ("Q1", "Q2", "Q3"), (Series("Tickets", (Decimal(40), Decimal(31), Decimal(22))),),
             labels=("40", "31", "22"))


def _document() -> Document:
    parts = (
        Part("cover", "Quarterly review", subtitle="Northwind", notes=NOTES[0], layout="title"),
        Part("value", "Value delivered", blocks=(BARS,), notes=NOTES[1]),
        Part("usage", "Usage", blocks=(COLUMNS, Paragraph("Steady growth.")), notes=NOTES[2]),
        Part("tickets", "Support", blocks=(LINE, Bullets(("Fewer tickets", "Faster answers"))), notes=NOTES[3]),
        Part("next", "Next steps", blocks=(Table(("Step", "When"), (("Sign", "Dec 1"),)),), notes=NOTES[4]),
    )
    return Document("deck", "customer", "Quarterly review", "Northwind", parts=parts,
                    meta=(("customer", "Northwind"), ("vendor", "Acme")))


class _NeverKeeps(dict):
    """A label cache that keeps nothing: every label is written by python-pptx's own setters."""

    def __setitem__(self, key, value) -> None:
        pass


def _add_slide(self, layout):
    """A new slide as python-pptx's own ``add_slide`` makes it."""
    self.page += 1
    return self.prs.slides.add_slide(layout)


@pytest.fixture(scope="module")
def built() -> bytes:
    return render("pptx", _document(), Assets())


def test_each_slide_has_its_own_notes_page_with_its_text(built):
    prs = deck(built)
    slides = list(prs.slides)
    assert len(slides) == len(NOTES)
    for slide, text in zip(slides, NOTES, strict=True):
        assert slide.has_notes_slide
        notes = slide.notes_slide
        assert notes.notes_text_frame.text == (text or " ")
        assert notes.part.part_related_by(notes_module.RT.SLIDE) is slide.part  # the page points back to its slide
    pages = {str(s.notes_slide.part.partname) for s in slides}
    assert len(pages) == len(slides)
    masters = {id(s.notes_slide.part.part_related_by(notes_module.RT.NOTES_MASTER)) for s in slides}
    assert len(masters) == 1
    ids = [[sh.shape_id for sh in s.shapes] for s in slides]
    assert all(len(set(i)) == len(i) for i in ids)  # shape ids stay unique on every slide


def test_charts_keep_their_series_categories_and_labels(built):
    prs = deck(built)
    found = {c.chart_type: c for s in prs.slides for c in charts(s)}
    bars, columns, line = (found[charts_module.KINDS[k]] for k in ("bar", "column", "line"))
    assert [str(c) for c in bars.plots[0].categories] == list(BARS.categories)
    assert list(bars.plots[0].series[0].values) == [700000.0, 320000.0, 180000.0]
    assert [bars.plots[0].series[0].points[i].data_label.text_frame.text for i in range(3)] == list(BARS.labels)
    assert [str(c) for c in columns.plots[0].categories] == list(COLUMNS.categories)
    assert list(columns.plots[0].series[0].values) == [310.0, 335.0, None, 402.0]
    labelled = [int(i) for i in columns.plots[0].series[0]._element.xpath("./c:dLbls/c:dLbl/c:idx/@val")]
    assert labelled == [0, 1, 3]  # every bar with a value shows it; the missing month has no label
    assert columns.plots[0].series[0]._element.xpath("./c:dLbls/c:dLbl/c:showVal/@val") == ["1"] * 3
    texts = line.plots[0].series[0]._element.xpath("./c:dLbls/c:dLbl//a:t/text()")
    assert texts == ["40", "22"]  # a line is labelled at its first and last points


@pytest.mark.parametrize("template", [False, True], ids=["built-in look", "team template"])
def test_quick_paths_write_the_bytes_python_pptx_writes(monkeypatch, tmp_path, template):
    from pptx import Presentation

    assets = Assets()
    if template:  # a template whose layouts have placeholders: each slide prunes some before its shapes are added
        Presentation().save(tmp_path / "brand.pptx")
        assets = Assets(deck_template=tmp_path / "brand.pptx")
    monkeypatch.setattr(charts_module, "_LABELS", {})
    monkeypatch.setattr(notes_module, "_BLANKS", {})
    first = render("pptx", _document(), assets)  # labels and a blank notes page kept from this deck
    again = render("pptx", _document(), assets)  # copied from the kept ones, the first notes page too
    monkeypatch.setattr(notes_module, "_BLANKS", {})
    monkeypatch.setattr(notes_module.Notes, "_learn", lambda self, notes: None)
    monkeypatch.setattr(deck_module, "_count_ids", lambda slide: None)
    monkeypatch.setattr(charts_module, "_LABELS", _NeverKeeps())
    monkeypatch.setattr(charts_module, "WorkbookChartData", CategoryChartData)
    monkeypatch.setattr(deck_module.Deck, "_new_slide", _add_slide)
    plain = render("pptx", _document(), assets)  # every notes page, shape id, label and workbook by python-pptx
    assert first == again == plain


def test_chart_workbooks_hold_the_chart_data(built):
    from openpyxl import load_workbook

    prs = deck(built)
    found = {c.chart_type: c for s in prs.slides for c in charts(s)}
    blob = found[charts_module.KINDS["column"]].part.chart_workbook.xlsx_part.blob
    sheet = load_workbook(io.BytesIO(blob)).active
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        [None, "Users"], ["Jan", 310], ["Feb", 335], ["Mar", None], ["Apr", 402]]


def _members(blob: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(blob)) as z:
        found = {name: z.read(name) for name in z.namelist()}
    found["docProps/core.xml"] = re.sub(rb"\d{4}-\d\d-\d\dT[\d:]+Z", b"", found["docProps/core.xml"])  # its clock
    return found


def test_workbooks_written_directly_hold_what_xlsxwriter_writes():
    rng = random.Random(28)
    words = ["Jan", "Feb 2026", "Jan", "A & B", "<x>", "Café", "東京", "1,638万円", "280.000 €", 'say "hi"', "x" * 60]
    for _ in range(60):
        n, count = rng.randint(1, 30), rng.randint(1, 3)
        data = CategoryChartData(number_format=rng.choice(["General", "#,##0", "$#,##0", '#,##0" €"', "0%"]))
        data.categories = [rng.choice(words) for _ in range(n)]
        for i in range(count):
            data.add_series(f"Series & {i}", [rng.choice([None, 0.0, 1.5, 7e5, 1e-7, -42.0, 1 / 3, 1e15])
                                              for _ in range(n)])
        mine = workbook(data)
        assert mine is not None
        assert list(_members(mine).items()) == list(_members(data._workbook_writer.xlsx_blob).items())


@pytest.mark.parametrize("category", ["=SUM(A1)", "https://example.com", "", " padded", "tab\there", "a:b"])
def test_text_xlsxwriter_treats_specially_is_left_to_it(category):
    data = CategoryChartData()
    data.categories = ["Plain", category]
    data.add_series("Users", [1.0, 2.0])
    assert workbook(data) is None
