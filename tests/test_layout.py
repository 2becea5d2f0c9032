"""Every customer slide is composed: the layout audit passes on the examples and on held-out account styles."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from qbrgen.account.validate import load_account
from qbrgen.build.assets import assets_for
from qbrgen.render.registry import render
from qbrgen.sections.assemble import build_deck

from .conftest import AS_OF, SPEC, example_accounts
from .layout_audit import audit


def _spec() -> dict:
    source = SPEC / "account.example.yaml"
    return yaml.safe_load(source.read_text(encoding="utf-8"))


def _tiny() -> dict:
    """One product, one outcome, one priority, one goal: the smallest account that still tells a story."""
    data = _spec()
    for key in ("arr_history", "health", "usage", "activity", "signals"):
        data.pop(key, None)
    data["contract"]["products"] = data["contract"]["products"][:1]
    data["value"] = data["value"][:1]
    data["priorities"] = data["priorities"][:1]
    data["roadmap"] = data["roadmap"][:1]
    data["success_plan"] = data["success_plan"][:1]
    data["renewal"] = {"increase_pct": 4}
    return data


def _crowded() -> dict:
    """The spec account with 45 stakeholders."""
    data = _spec()
    levels = ("ic", "manager", "director", "vp", "c-level")
    data["stakeholders"] = [
        {"name": f"Stakeholder {i}", "title": f"{levels[i % 5].upper()} of team {i}", "level": levels[i % 5],
         "function": ("buying", "using", "adjacent")[i % 3], "role": ("user", "technical", "champion")[i % 3],
         "strength": 1 + i % 5, "sentiment": "neutral", "last_contact": dt.date(2026, 9, 1 + i % 28)}
        for i in range(45)]
    return data


HELD_OUT = {"tiny": _tiny, "typical": _spec, "45-stakeholders": _crowded}


def _deck_bytes(info) -> bytes:
    return render("pptx", build_deck(info, AS_OF, "customer"), assets_for(info, AS_OF))


# the tech-touch example builds a renewal notice, not a deck (its deck, built on request, is not audited yet)
@pytest.mark.parametrize("path", [p for p in example_accounts() if p.stem != "harbour-print"], ids=lambda p: p.stem)
def test_example_decks_pass_the_layout_audit(path):
    assert audit(_deck_bytes(load_account(path))) == []


@pytest.mark.parametrize("style", list(HELD_OUT))
def test_held_out_account_styles_pass_the_layout_audit(tmp_path, style):
    source = SPEC / "qbrgen.example.yaml"
    (tmp_path / "qbrgen.yaml").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path / f"{style}.yaml"
    path.write_text(yaml.safe_dump(HELD_OUT[style](), sort_keys=False, allow_unicode=True), encoding="utf-8")
    assert audit(_deck_bytes(load_account(path))) == []


def test_audit_finds_overlap_small_text_and_empty_slides():
    """The audit is not vacuous: a deck with the faults it looks for fails it."""
    import io

    from pptx import Presentation
    from pptx.util import Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Pt(960), Pt(540)
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    title = slide.shapes.add_textbox(Pt(40), Pt(28), Pt(880), Pt(56))
    title.name = "qbrgen:title"
    title.text_frame.text = "A title"
    a = slide.shapes.add_textbox(Pt(40), Pt(110), Pt(200), Pt(60))
    a.text_frame.text = "small"
    a.text_frame.paragraphs[0].runs[0].font.size = Pt(9)
    slide.shapes.add_textbox(Pt(100), Pt(120), Pt(200), Pt(60))
    slide.shapes.add_textbox(Pt(900), Pt(500), Pt(200), Pt(60))
    out = io.BytesIO()
    prs.save(out)
    problems = audit(out.getvalue())
    assert any("overlaps" in p for p in problems)
    assert any("9 pt" in p for p in problems)
    assert any("outside the slide" in p for p in problems)
    assert any("covers" in p for p in problems)
