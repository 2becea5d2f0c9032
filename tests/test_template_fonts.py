"""Team templates in fonts qbrgen has no bundled metrics for: text is measured in the font it is drawn in.

The real templates (in the folder QBRGEN_REAL_TEMPLATES names, skipped without it) draw text in Arial
(measured with its twin, Liberation Sans) and in Meiryo UI / Century Gothic (no twin: measured
with the widest bundled metrics plus a margin). Each deck is reopened: every metric card's figure
must fit its text box on one line at the size written, and no two content shapes may overlap.
"""

from __future__ import annotations

import io
import shutil

import pytest
from pptx import Presentation

from qbrgen.brandkit import fonts
from qbrgen.render.textfit import measuring, text_width, wrap

from .conftest import REAL_TEMPLATES
from .layout_audit import audit

REAL = REAL_TEMPLATES
TEMPLATES = {"rstudio-template.potx": fonts.face("Arial"), "icon-core-consulting-template.potx": fonts.WIDEST}
PT = 12700


def build(spec_dir, template: str, audience: str) -> bytes:
    from qbrgen.account.validate import load_account
    from qbrgen.build.assets import assets_for
    from qbrgen.render.registry import render
    from qbrgen.sections.assemble import build_deck

    from .conftest import AS_OF

    shutil.copy(REAL / template, spec_dir / template)
    text = (spec_dir / "qbrgen.yaml").read_text(encoding="utf-8")
    (spec_dir / "qbrgen.yaml").write_text(text + f"\ntemplates:\n  deck: {template}\n", encoding="utf-8")
    info = load_account(spec_dir / "northwind.yaml")
    return render("pptx", build_deck(info, AS_OF, audience), assets_for(info, AS_OF))


def figures(data: bytes):
    """Yield (slide number, text, size in points, box width in points, (card top, figure top)) of every metric
    card's figure."""
    prs = Presentation(io.BytesIO(data))
    for n, slide in enumerate(prs.slides, 1):
        for group in (s for s in slide.shapes if s.name == "qbrgen:metric"):
            box = next(s for s in group.shapes if s.has_text_frame and s.text_frame.text.strip())
            run = box.text_frame.paragraphs[0].runs[0]
            yield n, box.text_frame.text, run.font.size.pt, box.width / PT, (group.top, box.top)


@pytest.mark.skipif(not REAL.is_dir(), reason="the real templates are not on this machine")
@pytest.mark.parametrize("audience", ["customer", "internal"])
@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_real_template_decks_fit_their_fonts(spec_dir, template, audience):
    if any(line.startswith("templates:") for line in (spec_dir / "qbrgen.yaml").read_text().splitlines()):
        pytest.skip("the spec workspace names its own templates")
    data = build(spec_dir, template, audience)
    found = list(figures(data))
    assert found, "the spec deck has metric cards"
    with measuring(TEMPLATES[template]):
        for n, figure, size, width, _ in found:
            assert "\n" not in figure
            assert text_width(figure, size, bold=True) <= width, f"slide {n}: {figure!r} at {size} pt"
    rows = {(n, top[0]): {(size, t[1]) for m, _, size, _, t in found if (m, t[0]) == (n, top[0])}
            for n, _, _, _, top in found}
    assert all(len(row) == 1 for row in rows.values()), rows  # a row's figures share one size and sit level
    overlaps = [p for p in audit(data) if "overlaps" in p or "outside" in p]
    assert overlaps == []
    assert clear_of_the_marking(data) == []


def clear_of_the_marking(data: bytes) -> list[str]:
    """Return the shapes of each slide, covers included, that reach into the internal marking."""
    found = []
    for n, slide in enumerate(Presentation(io.BytesIO(data)).slides, 1):
        marks = [s for s in slide.shapes if s.name == "qbrgen:internal"]
        for mark in marks:
            for s in slide.shapes:
                if s.shape_id != mark.shape_id and s.top is not None and s.top < mark.top + mark.height \
                        and s.top + s.height > mark.top and s.left < mark.left + mark.width \
                        and s.left + s.width > mark.left:
                    found.append(f"slide {n}: {s.name}")
    return found


def test_template_fonts_pick_the_twin_or_the_widest():
    assert fonts.measure_face({"Arial"}).regular == "LiberationSans-Regular.ttf"
    assert fonts.measure_face({"Calibri", "Carlito"}).regular == "Carlito-Regular.ttf"
    assert fonts.measure_face({"Arial", "Calibri"}) is fonts.WIDEST  # two fonts: measure for the wider
    assert fonts.measure_face({"Century Gothic", "Meiryo UI"}) is fonts.WIDEST
    assert fonts.measure_face(set()) is fonts.WIDEST


@pytest.mark.parametrize("text", ["$1.2M a year", "Renewal 98%", "WWWW mmmm", "iiii llll 1111"])
@pytest.mark.parametrize("bold", [False, True])
def test_an_unknown_font_measures_at_least_as_wide_as_every_twin(text, bold):
    with measuring(fonts.WIDEST):
        widest = text_width(text, 20, bold)
    for twin in ("Calibri", "Arial", "DejaVu Sans"):
        with measuring(fonts.face(twin)):
            assert widest >= text_width(text, 20, bold) * 1.05, twin


def test_an_unknown_font_measures_cjk_as_em_squares():
    with measuring(fonts.WIDEST):
        assert text_width("年間契約", 20) >= 4 * 20
        assert len(wrap("年間契約の更新", 4 * 20, 20)) > 1  # seven em squares do not fit four ems
