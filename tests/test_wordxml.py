"""The Word XML helpers keep exactly what they promise to keep, whatever lxml does with its element proxies."""

from __future__ import annotations

import gc

from lxml import etree

from qbrgen.render.wordxml import strip_sample_text

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def _body(paragraphs: int):
    rows = "".join(
        f'<w:p><w:r><w:t>sample {n}</w:t></w:r><w:r><w:drawing><wp:anchor n="{n}"/></w:drawing></w:r>'
        f"<w:r><w:t>more sample text</w:t></w:r></w:p>"
        for n in range(paragraphs))
    return etree.fromstring(f'<w:body xmlns:w="{W_NS}" xmlns:wp="{WP_NS}">'
                            f"<w:p><w:r><w:t>only text</w:t></w:r></w:p>{rows}<w:sectPr/></w:body>")


def test_strip_sample_text_drops_the_whole_sample_document():
    body = _body(30)
    strip_sample_text(body)
    assert [el.tag for el in body] == [f"{W}sectPr"]


def test_strip_sample_text_keeps_every_cover_drawing_and_drops_every_sample_run():
    body = _body(300)
    gc.collect()
    strip_sample_text(body, cover=True)
    paragraphs = body.findall(f"{W}p")
    assert len(paragraphs) == 300  # the text-only paragraph went, every paragraph with a drawing stayed
    assert [len(p.findall(f"{W}r/{W}drawing")) for p in paragraphs] == [1] * 300
    assert not list(body.iter(f"{W}t"))  # no sample text is left beside the drawings
    assert body[-1].tag == f"{W}sectPr"
