"""Speaker notes: each slide's notes page written in one piece from a blank one.

python-pptx makes a notes page by walking the notes master's shapes and cloning three of its placeholders
(slide image, notes body, slide number) one property at a time; that was about a sixth of a deck. Those
placeholders are the same on every notes page made from one template, so the first page a worker makes from
a template is made by python-pptx and kept without its text; every later one, in this deck or the next, is a
copy of it with its own text: the same part, relationships and XML.
"""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path

from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.parts.slide import NotesSlidePart
from pptx.text.text import TextFrame

PARTNAME = "/ppt/notesSlides/notesSlide%d.xml"  # python-pptx's own name for a notes page
_BLANKS: dict = {}  # template key -> (a blank notes page made from it, its notes body's position); never changed


def template_key(path: Path | None):
    """Return what identifies the notes master a deck made from template ``path`` has: None for the built-in
    look, else the template's path and modification time (an object of its own when it cannot be read)."""
    if path is None:
        return None
    try:
        return (str(path), path.stat().st_mtime)
    except OSError:
        return object()


class Notes:
    """Writes the notes pages of one presentation made from the template ``key`` names (:func:`template_key`)."""

    def __init__(self, key=None):
        self._key = key
        self._blank = None  # a notes page's XML before its text: every page starts as a copy
        self._body_at: int | None = None  # the notes body's position among the shape tree's children
        self._master = None

    def write(self, slide, text: str) -> None:
        """Give ``slide`` a notes page holding ``text`` (one paragraph per line)."""
        if self._blank is None and self._key in _BLANKS:  # a page made from this template before
            self._blank, self._body_at = _BLANKS[self._key]
            self._master = slide.part.package.presentation_part.notes_master_part  # python-pptx adds it if none
        if self._blank is None:
            notes = slide.notes_slide  # python-pptx makes the notes master (if none) and the first page
            self._learn(notes)
            notes.notes_text_frame.text = text
            return
        slide_part = slide.part
        package = slide_part.package
        element = deepcopy(self._blank)
        part = NotesSlidePart(package.next_partname(PARTNAME), CT.PML_NOTES_SLIDE, package, element)
        part.relate_to(self._master, RT.NOTES_MASTER)
        part.relate_to(slide_part, RT.SLIDE)
        slide_part.relate_to(part, RT.NOTES_SLIDE)
        body = element.cSld.spTree[self._body_at]
        TextFrame(body.txBody, None).text = text

    def _learn(self, notes) -> None:
        """Keep ``notes`` (a notes page python-pptx has just made, with no text yet) as the pattern of the rest."""
        body = notes.notes_placeholder
        tree = notes.element.cSld.spTree
        if body is None or body.element.getparent() is not tree or body.element.find(qn("p:txBody")) is None:
            return  # a notes master without a notes body: every page is made by python-pptx
        self._blank = deepcopy(notes.element)
        self._body_at = list(tree).index(body.element)
        self._master = notes.part.part_related_by(RT.NOTES_MASTER)
        if len(_BLANKS) >= 8:  # a worker rarely sees more than one or two templates
            _BLANKS.clear()
        _BLANKS[self._key] = (self._blank, self._body_at)
