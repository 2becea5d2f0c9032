"""List styles a proposal can show: a Word template's List Bullet and List Number, and their bullets and
numbers, set in the body's font and visible (raw XML, no python-docx here).

A template whose List Bullet is in Times New Roman, whose bullet is a Symbol-font glyph, or whose list text is
hidden would make qbrgen's lists stand out of the page; they take the body's font and a plain bullet instead.
"""

from __future__ import annotations

from qbrgen.render.wordxml import _AFTER_COLOR, _W, _copy, child, insert_ordered


def plain_lists(index, numbering=None) -> list[str]:
    """Set the list styles qbrgen writes with (and their bullets and numbers in ``numbering``, a
    ``w:numbering`` element) in the body's font and make them visible: a template's List Bullet in Times New
    Roman, a Symbol-font bullet, or hidden list text would stand out in a proposal. Return what changed."""
    normal = index.find("Normal")
    found = index.fonts(normal)  # the body's (Normal's, else the document defaults')
    body = _copy(found) if found is not None else None
    body_font = index.font(normal) if normal is not None else None
    changed: list[str] = []
    num_ids: set[str] = set()
    for name in LIST_STYLES:
        style = index.find(name)
        if style is None:
            continue
        rpr = child(style, "rPr")
        if index.font(style) != body_font:
            for old in rpr.findall(f"{_W}rFonts"):
                rpr.remove(old)
            rpr.insert(0, _copy(body) if body is not None else rpr.makeelement(
                f"{_W}rFonts", {f"{_W}asciiTheme": "minorHAnsi", f"{_W}hAnsiTheme": "minorHAnsi"}))
            changed.append(f"{name}: font")
        if any(s.find(f"{_W}rPr/{_W}vanish") is not None and s.find(f"{_W}rPr/{_W}vanish").get(f"{_W}val")
               not in ("0", "false") for s in index._chain(style)):
            for old in rpr.findall(f"{_W}vanish"):
                rpr.remove(old)
            insert_ordered(rpr, rpr.makeelement(f"{_W}vanish", {f"{_W}val": "0"}), _AFTER_VANISH)
            changed.append(f"{name}: hidden")
        num = index.para(style, "numPr")
        num_id = num.find(f"{_W}numId") if num is not None else None
        if num_id is not None and num_id.get(f"{_W}val"):
            num_ids.add(num_id.get(f"{_W}val"))
    if numbering is not None:
        changed += _plain_markers(numbering, num_ids, body)
    return changed


LIST_STYLES = ("List Bullet", "List Number", "List Paragraph")
SYMBOL_FONTS = {"symbol", "wingdings", "wingdings 2", "wingdings 3", "webdings", "zapfdingbats", "zapf dingbats",
                "marlett", "mt extra", "monotype sorts"}
_BULLETS = ("•", "◦", "▪")
_AFTER_VANISH = {"webHidden", "color"} | _AFTER_COLOR  # what follows w:vanish in a w:rPr


def _plain_markers(numbering, num_ids: set[str], body) -> list[str]:
    """Give the levels of the lists ``num_ids`` the body's font and a plain bullet for a symbol font's glyph."""
    abstract = {}
    for num in numbering.iterfind(f"{_W}num"):
        if num.get(f"{_W}numId") in num_ids:
            ref = num.find(f"{_W}abstractNumId")
            if ref is not None:
                abstract[ref.get(f"{_W}val")] = num.get(f"{_W}numId")
    changed = []
    for definition in numbering.iterfind(f"{_W}abstractNum"):
        if definition.get(f"{_W}abstractNumId") not in abstract:
            continue
        for lvl in definition.iterfind(f"{_W}lvl"):
            rpr = lvl.find(f"{_W}rPr")
            if rpr is None:
                continue
            fonts = rpr.find(f"{_W}rFonts")
            named = (fonts.get(f"{_W}ascii") or fonts.get(f"{_W}hAnsi") or "") if fonts is not None else ""
            fmt = lvl.find(f"{_W}numFmt")
            text = lvl.find(f"{_W}lvlText")
            if fmt is not None and fmt.get(f"{_W}val") == "bullet" and text is not None and (
                    named.lower() in SYMBOL_FONTS or any(0xF000 <= ord(c) <= 0xF0FF for c in text.get(f"{_W}val", ""))):
                level = int(lvl.get(f"{_W}ilvl") or 0) if (lvl.get(f"{_W}ilvl") or "0").isdigit() else 0
                text.set(f"{_W}val", _BULLETS[level % len(_BULLETS)])
            if fonts is not None and named:
                rpr.remove(fonts)
                if body is not None:
                    rpr.insert(0, _copy(body))
                changed.append(f"list level {lvl.get(f'{_W}ilvl')}: font {named}")
            for hidden in rpr.findall(f"{_W}vanish"):
                rpr.remove(hidden)
    return changed
