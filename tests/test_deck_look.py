"""The built-in deck's look, consultancy grade: cards sized to their text, the ask in one callout no larger than
the title, a source line under slides whose figures have a recorded source, and no lone East Asian character on
a table cell's last line."""

from __future__ import annotations

from pathlib import Path

import pytest

from qbrgen.account.validate import load_account
from qbrgen.brandkit import fonts
from qbrgen.build.assets import assets_for
from qbrgen.render.registry import render
from qbrgen.render.textfit import measuring, wrap
from qbrgen.sections.assemble import build_deck

from .conftest import AS_OF
from .render_helpers import PT, all_shapes, deck, slide_title

EXAMPLES = Path(__file__).parent.parent / "examples"


@pytest.fixture(scope="module")
def northwind():
    info = load_account(EXAMPLES / "accounts" / "northwind-logistics.yaml")
    doc = build_deck(info, AS_OF)
    return doc, deck(render("pptx", doc, assets_for(info, AS_OF)))


def _by_id(doc, prs) -> dict[str, object]:
    ids = {p.title: p.id for p in doc.parts}
    return {ids[t]: s for s in prs.slides if (t := slide_title(s)) in ids}


def _sizes(shape) -> list[float]:
    return [r.font.size.pt for p in shape.text_frame.paragraphs for r in p.runs if r.font.size is not None]


def test_cards_are_sized_to_their_text(northwind):
    doc, prs = northwind
    slides = _by_id(doc, prs)
    for key in ("roadmap", "success-plan"):
        cards = [s for s in all_shapes(slides[key]) if s.name == "qbrgen:card"]
        assert cards, key
        extents = []
        for card in cards:
            top, height = card.top / PT, card.height / PT
            texts = [k for k in card.shapes if k.has_text_frame and k.text_frame.text.strip()]
            extents.append(((max((k.top + k.height) / PT for k in texts) - top + 14), height))
        # never a tall panel with its text at the top: the fullest card's text and padding take 70% of it
        assert max(e for e, _ in extents) >= 0.7 * max(h for _, h in extents), (key, extents)
    dates = [s.text_frame.text for s in all_shapes(slides["roadmap"]) if s.name == "qbrgen:timeline-date"]
    assert dates == ["Q1\xa02027", "Q2\xa02027"]  # dated cards stand on a timeline


def test_the_ask_is_one_callout_no_larger_than_the_title(northwind):
    doc, prs = northwind
    for slide in prs.slides:
        titles = [s for s in slide.shapes if s.name == "qbrgen:title"]
        if not titles or any(s.name.startswith("qbrgen:cover") for s in slide.shapes):
            continue
        title = max(_sizes(titles[0]))
        shown = [s for s in slide.shapes if s.name not in ("qbrgen:metric", "qbrgen:card")]  # a key figure stands out
        for shape in (k for s in shown for k in (s.shapes if s.shape_type == 6 else (s,))):
            if shape.name in ("qbrgen:text", "qbrgen:bullets") and shape.text_frame.text.strip():
                assert max(_sizes(shape), default=0) <= title, (slide_title(slide), shape.text_frame.text[:40])
    summary = _by_id(doc, prs)["summary"]
    (callout,) = [s for s in summary.shapes if s.name == "qbrgen:callout"]
    (text,) = [k for k in callout.shapes if k.has_text_frame and k.text_frame.text.strip()]
    assert text.text_frame.text.startswith("What we ask today")


def test_a_source_line_under_slides_whose_figures_have_a_recorded_source(northwind):
    doc, prs = northwind
    slides = _by_id(doc, prs)
    for key in ("summary", "value", "value-chart", "renewal"):
        (line,) = [s for s in slides[key].shapes if s.name == "qbrgen:source"]
        text = line.text_frame.text
        assert text.startswith("Source: ") and "Treasury report, FY2026 H1" in text, key
        content = [s for s in slides[key].shapes if s.name.startswith("qbrgen:") and s.name not in
                   ("qbrgen:source", "qbrgen:footer", "qbrgen:page")]
        assert max((s.top + s.height) for s in content) <= line.top  # at the foot, under every figure
        assert max(_sizes(line)) < 12  # small print
    for key in ("agenda", "usage", "roadmap", "next-steps"):  # no recorded source: no line
        assert not [s for s in slides[key].shapes if s.name == "qbrgen:source"], key
    assert "risk" not in " ".join(p.source_line.lower() for p in doc.parts)


def test_a_source_line_cites_each_sources_name_not_its_details():
    from types import SimpleNamespace

    from qbrgen.sections.deck.value import CITED, source_line

    def outcome(evidence):
        return SimpleNamespace(evidence=evidence)

    line = source_line([outcome("ERP discount report: the 2% discount now taken on 49% more of 5.5M of invoices"),
                        outcome("品質ログ：不良率 5 ポイント改善"),
                        outcome("A very long description of where this figure came from without any colon at all "
                                "in it, running on and on")])
    assert line.startswith("Source: ERP discount report; 品質ログ; A very long description")
    assert "49%" not in line and "不良率" not in line
    assert len(line) < len("Source: ") + 3 * (CITED + 2) + 1


def test_no_east_asian_character_alone_on_a_last_line():
    text = "全工場で部品のトレーサビリティを確立する"
    with measuring(fonts.face("Calibri")):
        for width in range(40, 400, 2):
            lines = wrap(text, width, 12)
            assert "".join(lines) == text
            assert len(lines) == 1 or len(lines[-1]) > 1, (width, lines)


def test_the_japanese_priorities_table_has_no_lone_last_character():
    info = load_account(EXAMPLES / "languages" / "kaito-seisakusho.yaml")
    doc = build_deck(info, AS_OF)
    prs = deck(render("pptx", doc, assets_for(info, AS_OF)))
    cells = [c for s in prs.slides for sh in s.shapes if sh.has_table for r in sh.table.rows for c in r.cells]
    phrase = [c for c in cells if "トレーサビリティ" in c.text.replace("\v", "").replace("\n", "")]
    assert phrase
    for cell in phrase:
        lines = [line for p in cell.text_frame.paragraphs for line in p.text.split("\v")]
        assert all(len(line) > 1 for line in lines), lines


def test_the_renewal_slide_never_splits(tmp_path):
    import yaml

    data = yaml.safe_load((EXAMPLES / "languages" / "klinikum-rheinaue.yaml").read_text(encoding="utf-8"))
    long = ("Digitale Pflegedokumentation mit mobiler Erfassung am Krankenbett und automatischer Übergabe an das "
            "Krankenhausinformationssystem für alle Stationen, einschließlich der Intensivstationen, der Notaufnahme "
            "und der ambulanten Bereiche, mit revisionssicherer Archivierung")
    data["renewal"]["new_capabilities"] = [f"{long} ({i})" for i in range(1, 4)]
    data["contract"]["renewal_date"] = "2026-11-20"  # passed: one more sentence on the slide
    (tmp_path / "qbrgen.yaml").write_text((EXAMPLES / "qbrgen.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path / "klinikum.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    info = load_account(path)
    doc = build_deck(info, AS_OF)
    prs = deck(render("pptx", doc, assets_for(info, AS_OF)))
    (part,) = [p for p in doc.parts if p.id == "renewal"]
    slides = [s for s in prs.slides if slide_title(s).startswith(part.title.split(":")[0])]
    assert len(slides) == 1, [slide_title(s) for s in slides]
    (slide,) = slides
    assert [s for s in slide.shapes if s.name == "qbrgen:bridge"]  # the price and its bridge, on one slide
    said = slide.notes_slide.notes_text_frame.text + " ".join(s.text_frame.text for s in all_shapes(slide)
                                                            if s.has_text_frame)
    assert "(3)" in said  # what did not fit on the slide is said in its notes


def test_a_lone_row_of_cards_sits_in_the_middle_of_its_slide_and_metric_cards_pad_their_text(northwind):
    doc, prs = northwind
    slides = _by_id(doc, prs)
    for key in ("roadmap", "success-plan"):
        slide = slides[key]
        named = [s for s in slide.shapes if s.name in ("qbrgen:timeline", "qbrgen:card")]
        title = next(s for s in slide.shapes if s.name == "qbrgen:title")
        footer = next(s for s in slide.shapes if s.name == "qbrgen:footer")
        top = min(s.top for s in named)
        bottom = max(s.top + s.height for s in named)
        above, below = (top - (title.top + title.height)) / PT, (footer.top - bottom) / PT
        assert above > 40 and below > 40 and 0.3 < above / (above + below) < 0.7, (key, above, below)
    for shape in slides["renewal"].shapes:  # each metric card leaves room under its last line
        if shape.name == "qbrgen:metric":
            card = shape.shapes[0]
            lowest = max(s.top + s.height for s in shape.shapes if s.has_text_frame and s.text_frame.text)
            assert card.top + card.height - lowest >= 10 * PT


def test_the_success_plan_title_counts_the_goals_its_slide_shows():
    """An adoption goal the deck adds (a product used under the threshold) is counted in the title too."""
    info = load_account(EXAMPLES / "accounts" / "tidewater-labs.yaml")
    doc = build_deck(info, AS_OF)
    part = next(p for p in doc.parts if p.id == "success-plan")
    shown = len(part.blocks[0].items) if hasattr(part.blocks[0], "items") else len(part.blocks[0].rows)
    assert shown == 2 and part.title.startswith("Two shared goals"), part.title


def test_a_katakana_word_is_never_split_over_two_lines_in_any_format():
    from qbrgen.render.docx.lang import WORD_JOINER, keep_amounts
    from qbrgen.render.pdf_language import keep_together

    text = "全工場で部品のトレーサビリティを確立する"
    with measuring(fonts.face("Calibri")):
        for width in range(140, 400, 4):  # wide enough for the word (a narrower line cuts it as it must)
            assert not any(line.endswith(("ト", "トレ", "トレーサ")) for line in wrap(text, width, 16)), width
    assert WORD_JOINER.join("トレーサビリティ") in keep_amounts(text)  # Word and LibreOffice keep it whole
    assert '<span class="nobr">トレーサビリティ</span>' in str(keep_together(text))  # and WeasyPrint


def test_the_renewal_card_counts_the_capacity_added_beside_the_increase():
    """Tidewater renews at +4% on unit prices plus capacity for what it uses: the card never shows the bare 4%
    under a total 16% above today's."""
    info = load_account(EXAMPLES / "accounts" / "tidewater-labs.yaml")
    doc = build_deck(info, AS_OF)
    summary = next(p for p in doc.parts if p.id == "summary")
    renewal = next(m for b in summary.blocks if b.kind == "metrics" for m in b.items if "€104.4K" in m.value)
    assert renewal.detail == "a 4% increase on today's €90K, plus €10.8K for added capacity"


def test_a_new_term_starting_on_its_signature_is_asked_once_by_its_date():
    """Lakeside's renewal date has passed and its new term starts when it is signed: the ask names that date
    once ('signature by Jan 7, 2027'), never 'the new term from Jan 7, 2027 (signature by Jan 7, 2027)'."""
    info = load_account(EXAMPLES / "accounts" / "lakeside-freight.yaml")
    doc = build_deck(info, AS_OF)
    texts = []
    for part in (p for p in doc.parts if p.id in ("summary", "next-steps")):
        for block in part.blocks:
            if block.kind == "paragraph":
                texts.append(block.text)
            elif block.kind == "bullets":
                texts.extend(block.items)
    said = " ".join(texts)
    assert "What we ask today" in said and "Agree the renewal path and sign by" in said
    for date in ("Jan 7, 2027", "7 Jan 2027"):
        assert said.count(date) <= 2, said  # once in the ask, once in the next step
