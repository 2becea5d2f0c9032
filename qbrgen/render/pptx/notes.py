"""Speaker notes: each slide's notes page written in one piece from the deck's first one.

python-pptx makes a notes page by walking the notes master's shapes and cloning three of its placeholders
(slide image, notes body, slide number) one property at a time; that was about a sixth of a deck. Those
placeholders are the same on every notes page of a deck, so the first page is made by python-pptx and
every later one is a copy of it with its own text: the same part, relationships and XML.
"""

from __future__ import annotations

from copy import deepcopy

from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.parts.slide import NotesSlidePart
from pptx.text.text import TextFrame

PARTNAME = "/ppt/notesSlides/notesSlide%d.xml"  # python-pptx's own name for a notes page


class Notes:
    """Writes the notes pages of one presentation."""

    def __init__(self):
        self._blank = None  # the first notes page's XML before its text: every later page starts as a copy
        self._body_at: int | None = None  # the notes body's position among the shape tree's children
        self._master = None

    def write(self, slide, text: str) -> None:
        """Give ``slide`` a notes page holding ``text`` (one paragraph per line)."""
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
