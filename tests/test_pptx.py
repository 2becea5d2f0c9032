"""The QBR deck as PPTX: reopened with python-pptx and compared with the document tree."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from qbrgen.account.validate import load_account
from qbrgen.build.assets import assets_for
from qbrgen.render.registry import render
from qbrgen.sections.assemble import build_deck
from qbrgen.sections.document import Chart, Table

from .conftest import AS_OF, REAL_TEMPLATES, example_accounts
from .render_helpers import (
    bridges,
    charts,
    convert_to_pdf,
    deck,
    overflowing_frames,
    slide_title,
    soffice,
    table_cells,
    zip_names,
    zip_text,
)
from .test_documents import internal_values

DECK_TEMPLATES = ["sol-eng-basic-template.potx", "rstudio-template.potx", "icon-core-consulting-template.potx"]


def rendered(info, audience="customer"):
    doc = build_deck(info, AS_OF, audience)
    return doc, render("pptx", doc, assets_for(info, AS_OF))


def check_against_tree(doc, data):
    prs = deck(data)
    slides = list(prs.slides)
    titles = [slide_title(s) for s in slides]
    # every part is one slide or several: the first carries the part's title, the rest "(continued)"
    # a title too long for a template's title box is shortened at a clause: the slide's title leads the part's
    expected = [p.title for p in doc.parts]
    firsts = [t for t in titles if not t.endswith("(continued)")]
    assert len(firsts) == len(expected)
    assert all(full.startswith(shown) and (shown == full or full[len(shown)] in ":,;( —–")
               for shown, full in zip(firsts, expected, strict=True)), (firsts, expected)
    by_title: dict[str, list] = {}
    at = -1
    for slide, title in zip(slides, titles, strict=True):
        at += not title.endswith("(continued)")
        by_title.setdefault(expected[at], []).append(slide)
    for part in doc.parts:
        group = by_title[part.title]
        notes = " ".join(s.notes_slide.notes_text_frame.text for s in group)
        assert part.notes.split("\n")[0] in notes
        cells = [c for s in group for c in table_cells(s)]
        for block in part.blocks:
            if isinstance(block, Table):
                for value in [*block.columns, *(c for r in block.rows for c in r)]:
                    assert value in cells, (part.title, value)
            if isinstance(block, Chart) and block.chart == "waterfall":  # the price bridge, drawn as shapes
                (drawn,) = [b for s in group for b in bridges(s)]
                assert drawn["names"] == list(block.categories)
                assert [a.lstrip("+−") for a in drawn["amounts"]] == list(block.labels)
            elif isinstance(block, Chart):
                (chart,) = [c for s in group for c in charts(s)]
                series = list(chart.plots[0].series)[-1]
                assert [Decimal(str(v)) for v in series.values] == [Decimal(str(float(v)))
                                                                     for v in block.series[0].values]
    for slide in slides:
        assert slide.notes_slide.notes_text_frame.text.strip(), "every slide has speaker notes"
        content = [s for s in slide.shapes if s.has_chart or s.has_table or
                   (s.has_text_frame and s.text_frame.text.strip())]
        assert len(content) >= 1, "no slide is empty"
    assert overflowing_frames(prs) == []
    return prs


@pytest.mark.parametrize("path", example_accounts(), ids=lambda p: p.stem)
def test_example_decks_match_their_tree(path):
    doc, data = rendered(load_account(path))
    check_against_tree(doc, data)


def test_spec_deck_charts_are_native_with_the_right_series(spec_account):
    doc, data = rendered(spec_account)
    prs = deck(data)
    ids = {p.title: p.id for p in doc.parts}
    found = {ids[slide_title(s)]: charts(s) for s in prs.slides if charts(s)}
    assert set(found) == {"value-chart", "usage", "appendix"}
    (renewal,) = [s for s in prs.slides if ids[slide_title(s)] == "renewal"]
    (bridge,) = bridges(renewal)  # the price bridge: a waterfall of shapes, amounts above the bars
    assert bridge["names"] == ["Today", "Increase", "Renewal", "Optional expansion", "With the optional expansion"]
    assert bridge["amounts"] == ["$400K", "+$20K", "$420K", "+$80K", "$500K"]
    tops = [top for top, _ in bridge["bars"]]
    bottoms = [bottom for _, bottom in bridge["bars"]]
    base = bottoms[0]
    assert bottoms[2] == bottoms[4] == base  # the totals stand on the baseline
    assert abs(bottoms[1] - tops[0]) < 0.5 and abs(bottoms[3] - tops[2]) < 0.5  # each step starts where the last ended
    height = base - tops[0]  # one scale from zero: the bars' heights are in proportion to their amounts
    assert abs((base - tops[2]) / height - 420 / 400) < 0.01 and abs((base - tops[4]) / height - 500 / 400) < 0.01
    assert bridge["filled"] == [True, True, True, False, False]  # optional scope is an outline only
    assert len(bridge["connectors"]) == 4
    (value_chart,) = found["value-chart"]
    assert list(value_chart.plots[0].series[0].values) == [700000.0, 320000.0, 180000.0]  # largest first
    (usage,) = found["usage"]
    assert list(usage.plots[0].series[0].values)[-1] == 61200.0


def test_no_internal_string_anywhere_in_the_customer_deck(spec_account):
    _, data = rendered(spec_account)
    xml = zip_text(data)
    leaks = [v for v in internal_values(spec_account.model) if v.replace("'", "&apos;") in xml or v in xml]
    assert leaks == []


def test_internal_deck_is_marked(spec_account):
    doc, data = rendered(spec_account, "internal")
    text = zip_text(data)
    assert "Champion could move to the parent company" in text
    prs = deck(data)
    assert prs.core_properties.keywords == "QBR; INTERNAL"
    marks = [[sh.text_frame.text for sh in sl.shapes if sh.name == "qbrgen:internal"] for sl in prs.slides]
    assert all(m == ["INTERNAL · not for the customer"] for m in marks), marks


def test_long_tables_continue_on_another_slide(spec_account):
    model = spec_account.model
    goals = tuple(model.success_plan[0].model_copy(update={"goal": f"Goal number {i} with a longer description"})
                  for i in range(40))
    big = spec_account.__class__(model.model_copy(update={"success_plan": goals}), spec_account.file,
                                 spec_account.display, spec_account.workspace)
    doc, data = rendered(big)
    prs = check_against_tree(doc, data)
    titles = [slide_title(s) for s in prs.slides]
    plan = next(p.title for p in doc.parts if p.id == "success-plan")
    assert f"{plan} (continued)" in titles
    plan_slides = [s for s in prs.slides if slide_title(s).startswith(plan)]
    for s in plan_slides:  # each continued table repeats its header row
        (table,) = [sh.table for sh in s.shapes if sh.has_table]
        assert table.cell(0, 0).text == "Goal"


@pytest.mark.parametrize("name", DECK_TEMPLATES)
def test_real_team_templates(tmp_path, spec_dir, name):
    source = REAL_TEMPLATES / name
    if not source.exists():
        pytest.skip("no real team templates: set QBRGEN_REAL_TEMPLATES to run this test")
    shutil.copy(source, spec_dir / name)
    ws = (spec_dir / "qbrgen.yaml").read_text()
    (spec_dir / "qbrgen.yaml").write_text(ws.replace("# templates:", f"templates:\n  deck: {name}\n#"))
    info = load_account(spec_dir / "northwind.yaml")
    assert info.workspace.model.templates.deck == name
    doc, data = rendered(info)
    prs = check_against_tree(doc, data)
    from qbrgen.render.pptx import open_template

    template, _ = open_template(source)
    names = {layout.name for layout in template.slide_layouts}
    assert {s.slide_layout.name for s in prs.slides} <= names  # the team's own layouts
    ours = {p.title for p in doc.parts}  # the template's sample slides are gone: every slide is one of ours
    assert all(any(t.startswith(slide_title(s).removesuffix(" (continued)")) for t in ours) for s in prs.slides)
    assert "docProps/thumbnail.jpeg" not in zip_names(data)  # nor its preview of them
    assert slide_title(prs.slides[0]) == "Quarterly Business Review"
    (tmp_path / "deck.pptx").write_bytes(data)


def test_same_input_same_bytes(spec_account):
    assert rendered(spec_account)[1] == rendered(spec_account)[1]


@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
def test_decks_open_in_libreoffice(tmp_path, spec_dir):
    from pypdf import PdfReader

    files = []
    for path in example_accounts():
        _, data = rendered(load_account(path))
        files.append(tmp_path / f"{path.stem}.pptx")
        files[-1].write_bytes(data)
    for name in DECK_TEMPLATES:
        if (REAL_TEMPLATES / name).exists():
            shutil.copy(REAL_TEMPLATES / name, spec_dir / name)
            (spec_dir / "qbrgen.yaml").write_text(f"version: 1\ntemplates:\n  deck: {name}\n")
            _, data = rendered(load_account(spec_dir / "northwind.yaml"))
            files.append(tmp_path / f"tpl-{Path(name).stem}.pptx")
            files[-1].write_bytes(data)
    out = tmp_path / "pdf"
    convert_to_pdf(files, out)
    for f in files:
        pages = len(PdfReader(out / f"{f.stem}.pdf").pages)
        assert pages == len(deck(f.read_bytes()).slides), f.name


def test_every_part_is_named_once_and_each_slide_has_its_own_notes(spec_account):
    data = rendered(spec_account)[1]
    names = zip_names(data)
    assert len(names) == len(set(names))
    assert not any("thumbnail" in n for n in names)  # python-pptx's blank preview is not shipped
    prs = deck(data)
    notes = [s.notes_slide.part.partname for s in prs.slides]
    assert len(set(notes)) == len(prs.slides)
    assert len([n for n in names if n.startswith("ppt/charts/chart")]) == len([c for s in prs.slides
                                                                               for c in charts(s)])


def test_text_written_as_xml_is_escaped():
    from qbrgen.render.assets import Assets
    from qbrgen.sections.document import Bullets, Document, Paragraph, Part

    hostile = 'a<b>&"c"\x07 \t end'
    doc = Document("deck", "customer", "Deck", "", parts=(Part("one", "One", blocks=(
        Paragraph(hostile), Bullets((hostile,)), Table(("H<1>", "H&2"), ((hostile, "1 & 2"),))), notes="n"),))
    prs = deck(render("pptx", doc, Assets()))
    (slide,) = prs.slides
    texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
    expected = 'a<b>&"c"_x0007_ \t end'  # control characters as PowerPoint writes them
    assert texts.count(expected) == 2
    assert table_cells(slide) == ["H<1>", "H&2", expected, "1 & 2"]


def test_a_line_measured_as_just_fitting_wraps():
    """Office applications draw text a little wider than its advance widths: lines keep a margin."""
    from qbrgen.render.textfit import text_width, wrap

    text = "183.3% better"
    assert wrap(text, text_width(text, 32, True) * 1.05, 32, True) == [text]
    assert len(wrap(text, text_width(text, 32, True) + 0.5, 32, True)) == 2
