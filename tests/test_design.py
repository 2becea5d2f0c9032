"""Designer-grade documents: summary and action-title numbers from the figures, fonts and language on every
run, an East Asian font for Japanese, and a native DOCX chart whose series equal the deck's."""

from __future__ import annotations

import io
import re
import zipfile

from docx import Document as open_docx
from pptx.chart.data import CategoryChartData  # noqa: F401 - the deck's chart library must be present

from qbrgen.account.validate import load_account
from qbrgen.analysis.context import context
from qbrgen.brandkit.fonts import known
from qbrgen.build.assets import assets_for
from qbrgen.render.registry import render
from qbrgen.sections.assemble import build_deck, build_proposal
from qbrgen.sections.document import Chart

from .conftest import AS_OF
from .render_helpers import charts, deck


def _deck(info, audience="customer"):
    doc = build_deck(info, AS_OF, audience)
    return doc, render("pptx", doc, assets_for(info, AS_OF))


def test_executive_summary_numbers_are_the_figures(spec_account):
    ctx = context(spec_account.model, spec_account.workspace.model, AS_OF)
    f, fmt = ctx.figures, ctx.fmt
    doc = build_deck(spec_account, AS_OF)
    ids = [p.id for p in doc.parts]
    assert ids[:2] == ["title", "summary"]
    summary = doc.parts[1]
    values = [m.value for m in summary.blocks[0].items]
    biggest = max(e.arr for e in spec_account.model.renewal.expansion)
    assert values == [f"{fmt.money_headline(f.documented_value)} a year",
                      f"{fmt.money_headline(f.renewal.renewed_arr)} a year", f"{fmt.money_headline(biggest)} a year"]
    assert values[:2] == ["$1.2M a year", "$420K a year"]
    assert summary.blocks[1].text.startswith("What we ask today: ")
    assert summary.overline == "Executive summary"


def test_action_titles_carry_the_figures(spec_account):
    ctx = context(spec_account.model, spec_account.workspace.model, AS_OF)
    f, fmt = ctx.figures, ctx.fmt
    titles = {p.id: p.title for p in build_deck(spec_account, AS_OF).parts}
    assert titles["value"] == (f"{fmt.money_headline(f.documented_value)} a year in documented value, "
                               f"{fmt.multiple(f.value_multiple)} your subscription")
    assert titles["value"] == "$1.2M a year in documented value, 3× your subscription"
    top = max(f.outcomes, key=lambda o: o.annual_value or 0)
    assert titles["value-chart"].startswith(f"{top.outcome}: {fmt.money_headline(top.annual_value)}")
    assert titles["alignment"] == "Two priorities for 2027, and what would make them a success"
    assert f"{fmt.money_headline(f.renewal.increase)} more a year" in titles["renewal"]
    assert titles["roadmap"].startswith("Two roadmap items")  # the delivered one is shown once, as delivered


def test_every_run_names_the_font_and_the_language(spec_account):
    _, data = _deck(spec_account)
    z = zipfile.ZipFile(io.BytesIO(data))
    slides = [n for n in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
    runs = [r for n in slides for r in re.findall(r"<a:r>(.*?)</a:r>", z.read(n).decode())]
    assert len(runs) > 100
    assert all('lang="en-US"' in r and '<a:latin typeface="DejaVu Sans"/>' in r for r in runs)  # the spec's theme


def test_built_in_look_names_calibri_and_an_unknown_font_warns(spec_dir, runner):
    from qbrgen.brandkit.fonts import face
    from qbrgen.cli import main

    assert face(None).name == "Calibri" and face("Calibri").twin == "Carlito"
    assert face("Arial").twin == "Liberation Sans" and face("Comic Foo").name == "Calibri"
    assert not known("Comic Foo")
    text = (spec_dir / "qbrgen.yaml").read_text(encoding="utf-8").replace("font: DejaVu Sans", "font: Comic Foo")
    (spec_dir / "qbrgen.yaml").write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["validate", str(spec_dir)])
    assert "theme.font" in result.output and "Comic Foo" in result.output and "warning" in result.output


def test_japanese_account_gets_an_east_asian_font(spec_dir):
    text = (spec_dir / "northwind.yaml").read_text(encoding="utf-8")
    text = text.replace("locale: en_US ", "locale: ja_JP ").replace("currency: USD ", "currency: JPY ")
    (spec_dir / "northwind.yaml").write_text(text, encoding="utf-8")
    _, data = _deck(load_account(spec_dir / "northwind.yaml"))
    z = zipfile.ZipFile(io.BytesIO(data))
    runs = [r for n in z.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)
            for r in re.findall(r"<a:r>(.*?)</a:r>", z.read(n).decode())]
    # each run is tagged with its own text's language (English en-US, Japanese ja-JP); all name the East Asian
    # font paired with the theme's DejaVu Sans
    assert runs and all('<a:ea typeface="Noto Sans CJK JP"/>' in r for r in runs)
    assert all('lang="en-US"' in r for r in runs if re.search(r"<a:t>[A-Za-z ]+</a:t>", r))


def test_docx_has_a_native_chart_with_the_decks_series(spec_account):
    proposal = build_proposal(spec_account, AS_OF)
    (block,) = [b for p in proposal.parts for b in p.blocks if isinstance(b, Chart)]
    data = render("docx", proposal, assets_for(spec_account, AS_OF))
    z = zipfile.ZipFile(io.BytesIO(data))
    assert "word/charts/chart1.xml" in z.namelist()
    assert any(n.startswith("word/embeddings/") and n.endswith(".xlsx") for n in z.namelist())
    chart_xml = z.read("word/charts/chart1.xml").decode()
    val = chart_xml.split("<c:val>")[1].split("</c:val>")[0]
    values = [float(v) for v in re.findall(r"<c:v>([-\d.E+]+)</c:v>", val)]
    assert values == [float(v) for v in block.series[0].values]
    # the same block drawn in a deck gives the same series
    from qbrgen.render.pptx.charts import chart_data

    assert list(next(iter(chart_data(block))).values) == values
    doc = open_docx(io.BytesIO(data))
    rels = [r for r in doc.part.rels.values() if r.reltype.endswith("/chart")]
    assert len(rels) == 1


def test_deck_charts_have_labels_not_gridlines(spec_account):
    _, data = _deck(spec_account)
    found = [c for s in deck(data).slides for c in charts(s)]
    assert found
    for chart in found:
        assert not chart.value_axis.has_major_gridlines


def test_the_key_bar_is_in_the_accent_colour_and_bars_start_at_zero(spec_account):
    doc, data = _deck(spec_account)
    ids = {p.title: p.id for p in doc.parts}
    from .render_helpers import slide_title

    (value_chart,) = [c for s in deck(data).slides if ids.get(slide_title(s)) == "value-chart" for c in charts(s)]
    xml = value_chart._chartSpace.xml  # noqa: SLF001
    point = re.search(r'<c:dPt>\s*<c:idx val="(\d+)"/>.*?<a:srgbClr val="([0-9A-F]{6})"/>', xml, re.S)
    assert point.groups() == ("0", "F28C28")  # the largest outcome, first since bars are sorted, in the theme's accent
    assert value_chart.value_axis.minimum_scale == 0
