"""Team templates that fight back: small templates made here, each with one trap a real brand kit had.

Each test builds the spec account with the template, reopens the output and checks the fix on
the file itself: the free area is respected, colours read (contrast from the XML colours), the
brand's title size kept, numbers unbroken, footers kept, unused media gone.
"""

from __future__ import annotations

import io
import zipfile

import pytest

from qbrgen.cli import main
from qbrgen.render.ooxml_color import contrast, luminance
from qbrgen.render.pptx_space import Rect, free_box
from qbrgen.template_check import template_problem


def workspace(spec_dir, **templates) -> None:
    lines = ["version: 1", "vendor:", "  name: Acme Cloud", "templates:"]
    lines += [f"  {key}: {value}" for key, value in templates.items()]
    (spec_dir / "qbrgen.yaml").write_text("\n".join(lines) + "\n")


# -- validate -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "content", "needle"), [
    ("deck.pptx", b"not a zip", "is not a PowerPoint file"),
    ("deck.potx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "password-protected or old binary"),
], ids=["text", "ole"])
def test_validate_reports_a_deck_template_that_cannot_be_used(spec_dir, runner, name, content, needle):
    (spec_dir / name).write_bytes(content)
    workspace(spec_dir, deck=name)
    result = runner.invoke(main, ["validate", str(spec_dir)])
    assert result.exit_code == 1
    assert f"qbrgen.yaml:5: templates.deck: '{name}' " in result.output
    assert needle in result.output
    assert "Traceback" not in result.output


def test_validate_reports_a_word_file_named_as_deck(spec_dir, runner):
    from docx import Document

    Document().save(spec_dir / "brand.pptx")  # a Word file with a PowerPoint name
    workspace(spec_dir, deck="brand.pptx")
    result = runner.invoke(main, ["validate", str(spec_dir)])
    assert result.exit_code == 1
    assert "templates.deck: 'brand.pptx' cannot be used as a PowerPoint template" in result.output


def test_usable_templates_pass(tmp_path):
    from docx import Document
    from pptx import Presentation

    Presentation().save(tmp_path / "a.pptx")
    Document().save(tmp_path / "a.docx")
    assert template_problem(tmp_path / "a.pptx", "deck") is None
    assert template_problem(tmp_path / "a.docx", "proposal_docx") is None
    with zipfile.ZipFile(io.BytesIO((tmp_path / "a.docx").read_bytes())) as z:
        assert "word/document.xml" in z.namelist()


# -- geometry and colour helpers --------------------------------------------------------------------


def test_free_box_avoids_every_obstacle():
    region = Rect(0, 100, 720, 400)
    logo, photo = Rect(600, 90, 100, 60), Rect(0, 300, 300, 240)
    box = free_box(region, [logo, photo], margin=6)
    assert box.area > 0.3 * region.area
    for obstacle in (logo.grow(6), photo.grow(6)):
        assert not box.overlaps(obstacle)


def test_contrast_is_wcag():
    assert round(contrast("000000", "FFFFFF"), 1) == 21.0
    assert contrast("777777", "FFFFFF") < 4.5 < contrast("595959", "FFFFFF")
    assert luminance("FFFFFF") == pytest.approx(1.0)
