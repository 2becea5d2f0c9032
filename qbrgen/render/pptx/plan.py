"""What a deck template will be used for, said before a build: ``qbrgen validate`` lists it per template.

The layouts the deck picks for the cover, content slides and section dividers (the same choice a build
makes, :class:`~qbrgen.render.pptx.layouts.Layouts`), and what on them is recoloured for contrast or set
on a white panel (:class:`~qbrgen.render.pptx.brand.Brand`). Loaded only when a workspace names a deck
template, so validating accounts alone stays light.
"""

from __future__ import annotations

from pathlib import Path

from qbrgen.render.ooxml_color import BODY_RATIO, contrast
from qbrgen.render.pptx.layouts import Layouts, open_with_samples

ROLES = (("title", "the cover"), ("content", "content slides"), ("section", "section dividers"))


def describe(path: Path) -> list[tuple[str, str]]:
    """Return (severity, message) lines: the layout of each slide role, and each recolouring for contrast."""
    try:
        prs, custom, samples = open_with_samples(path)
    except Exception:  # noqa: BLE001 - validate reports an unusable template elsewhere; nothing to add here
        return []
    if not custom:
        return []
    layouts = Layouts(prs, True, samples, False)
    brand = layouts.brand
    chosen = [(role, words, layouts.layout(role)) for role, words in ROLES]
    used = "; ".join(f"'{layout.name}' for {words}" for _, words, layout in chosen)
    out = [("note", f"uses the layout {used}")]
    seen = set()
    for _role, words, layout in chosen:
        if id(layout) in seen:  # one layout serving two roles is described once
            continue
        seen.add(id(layout))
        background = brand.background(layout)
        title = brand.title_colour(layout)
        if title is not None:
            out.append(("note", f"draws titles on '{layout.name}' ({words}) in #{title} instead of the template's "
                                f"own colour, which reads at less than 3:1 on its background #{background}"))
        own = brand.own_body_colour(layout)
        if brand.space(layout).panel:
            out.append(("note", f"sets content on '{layout.name}' ({words}) on a white panel: a picture fills the "
                                "slide behind it"))
        elif own and contrast(own, background) < BODY_RATIO:
            out.append(("note", f"draws body text on '{layout.name}' ({words}) in #{brand.body_colour(layout)} "
                                f"instead of the template's #{own}, which reads at "
                                f"{contrast(own, background):.1f}:1 on its background #{background}"))
    return out
