"""East Asian text in the deck's theme: the font Japanese (Chinese, Korean) text is drawn in.

A run names its East Asian font in ``a:ea``; the theme's major and minor fonts name one too, which
text without its own (a chart's labels, a placeholder a team template fills) falls back to. For an
East Asian deck the theme's empty ``a:ea`` is set to the font paired with the theme's Latin font; a
template that names its own keeps it, and its runs use that one.
"""

from __future__ import annotations

from lxml import etree

_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_THEME = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"


def theme_east_asian(prs, typeface: str) -> str:
    """Set ``typeface`` as the East Asian font of every master's theme whose major or minor font names none,
    and return the East Asian font runs should name: the template theme's own when it has one."""
    own = ""
    for master in prs.slide_masters:
        for rel in master.part.rels.values():
            if rel.reltype != _THEME or rel.is_external:
                continue
            part = rel.target_part
            root = etree.fromstring(part.blob)
            changed = False
            for kind in ("majorFont", "minorFont"):
                ea = root.find(f".//{{{_A}}}{kind}/{{{_A}}}ea")
                if ea is None:
                    continue
                if ea.get("typeface"):
                    own = own or ea.get("typeface")
                    continue
                ea.set("typeface", typeface)
                changed = True
            if changed:
                part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)  # noqa: SLF001
    return own if own and not own.startswith("+") else typeface
