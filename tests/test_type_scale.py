"""One type scale through the built-in deck: each role (body, table, caption, metric figure, card text) takes
at most two sizes (its regular step and its compact one), annotations are never larger than what they
annotate, and no text on a customer slide is under 10 pt.

Builds the northwind, meridian and German (Klinikum Rheinaue) decks once, reopens them with python-pptx and
collects the point size of every run by the role of the shape that holds it.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from qbrgen.account.validate import Workspaces, load_account
from qbrgen.build.outputs import render_outputs
from qbrgen.render.pptx.shapes import MUTED

from .conftest import EXAMPLES

AS_OF = dt.date(2026, 12, 6)
ACCOUNTS = (EXAMPLES / "accounts" / "northwind-logistics.yaml", EXAMPLES / "accounts" / "meridian-health.yaml",
            EXAMPLES / "languages" / "klinikum-rheinaue.yaml")


def _runs(shape):
    """Return (size, bold, colour) of every run with text in ``shape`` (table cells included)."""
    frames = [shape.text_frame] if shape.has_text_frame else []
    if getattr(shape, "has_table", False) and shape.has_table:
        frames = [c.text_frame for row in shape.table.rows for c in row.cells]
    out = []
    for frame in frames:
        for p in frame.paragraphs:
            for r in p.runs:
                if r.text.strip() and r.font.size is not None:
                    colour = r.font.color.rgb if r.font.color and r.font.color.type is not None else None
                    out.append((r.font.size.pt, bool(r.font.bold), colour))
    return out


def _sizes(shape) -> set[float]:
    return {size for size, _bold, _colour in _runs(shape)}


def slide_roles(slide) -> dict[str, set[float]]:
    """Return the sizes each role uses on ``slide``."""
    roles: dict[str, set[float]] = defaultdict(set)
    for shape in slide.shapes:
        name = shape.name
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            inner = [s for s in shape.shapes if s.has_text_frame and s.text_frame.text.strip()]
            texts = [s for s in inner if s.name == "qbrgen:text"]
            if name == "qbrgen:metric" and texts:  # figure, label, then the detail
                for role, s in zip(("figure", "figure-label", "figure-detail"), texts, strict=False):
                    roles[role] |= _sizes(s)
            elif name == "qbrgen:card":
                bold = [s for s in texts if all(b for _z, b, _c in _runs(s))]
                for s in texts:
                    role = "card-line" if s not in bold else ("card-title" if s is bold[-1] else "card-tag")
                    roles[role] |= _sizes(s)
                for s in inner:
                    if s.name == "qbrgen:chip":
                        roles["card-tag"] |= _sizes(s)
            elif name == "qbrgen:timeline":
                for s in inner:
                    roles["card-tag"] |= _sizes(s)
            elif name == "qbrgen:callout":
                for s in inner:
                    roles["callout"] |= _sizes(s)
            continue
        if getattr(shape, "has_table", False) and shape.has_table:
            roles["table"] |= _sizes(shape)
        elif name == "qbrgen:bullets":
            roles["body"] |= _sizes(shape)
        elif name == "qbrgen:text":
            for size, bold, colour in _runs(shape):
                if not bold:  # a paragraph: a muted note is a caption, the rest body text
                    roles["caption" if colour == MUTED else "body"].add(size)
        elif name in ("qbrgen:source", "qbrgen:footer", "qbrgen:page"):
            roles["small-print"] |= _sizes(shape)
    return roles


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    out = {}
    for path in ACCOUNTS:
        if not path.exists():
            pytest.skip(f"{path.name} is not in this checkout")
        folder = tmp_path_factory.mktemp(path.stem)
        info = load_account(path, Workspaces().for_account(path))
        files = render_outputs(info, folder, ("pptx",), AS_OF)
        data = next(d for p, d in files.items() if p.suffix == ".pptx")
        out[path.stem] = Presentation(io.BytesIO(data))
    return out


def _content_slides(prs):
    return [s for s in prs.slides if not any(sh.name == "qbrgen:cover" for sh in s.shapes)]


@pytest.mark.parametrize("stem", [p.stem for p in ACCOUNTS])
def test_each_role_takes_at_most_two_sizes_through_the_deck(decks, stem):
    deck: dict[str, set[float]] = defaultdict(set)
    for slide in _content_slides(decks[stem]):
        for role, sizes in slide_roles(slide).items():
            deck[role] |= sizes
    assert {"body", "table", "figure", "card-title"} & set(deck)  # the roles were found: the test reads the deck
    wide = {role: sorted(sizes) for role, sizes in deck.items() if len(sizes) > 2}
    assert not wide, f"{stem}: roles set at more than two sizes: {wide}"


@pytest.mark.parametrize("stem", [p.stem for p in ACCOUNTS])
def test_annotations_are_never_larger_than_what_they_annotate(decks, stem):
    # (annotation, what it annotates) on one slide
    pairs = (("figure-detail", "figure-label"), ("figure-label", "figure"), ("card-tag", "card-title"),
             ("card-line", "card-title"), ("caption", "body"), ("caption", "table"), ("small-print", "body"),
             ("small-print", "table"), ("small-print", "figure-label"), ("small-print", "caption"))
    for n, slide in enumerate(_content_slides(decks[stem]), 2):
        roles = slide_roles(slide)
        for note, data in pairs:
            if roles.get(note) and roles.get(data):
                assert max(roles[note]) <= min(roles[data]), (stem, n, note, roles[note], data, roles[data])


@pytest.mark.parametrize("stem", [p.stem for p in ACCOUNTS])
def test_no_text_on_a_customer_slide_is_under_10_points(decks, stem):
    small = []
    for n, slide in enumerate(decks[stem].slides, 1):
        stack = list(slide.shapes)
        while stack:
            shape = stack.pop()
            if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
                stack.extend(shape.shapes)
                continue
            small += [(n, shape.name, size) for size, _b, _c in _runs(shape) if size < 10]
    assert not small, small
