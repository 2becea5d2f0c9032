"""What a team's deck template imposes on each layout: where content fits, which colours read, its type scale.

Reads a layout, its master and their theme through the parts python-pptx has opened (without
importing python-pptx), and answers with points and ``RRGGBB`` colours:

- the content area: the layout's region (body placeholders, else the band below the title) less
  every picture, logo, decorative shape and free text of the layout and master;
- the effective background (slide, layout, master: solid, gradient, picture) and a text colour
  that reaches WCAG AA on it, preferring the template's own;
- the title size the brand uses, and its theme accents for table headers, cards and charts;
- the fonts its text is drawn in (theme fonts and the masters' text styles), to measure with.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from lxml import etree

from qbrgen.render import ooxml_color as oc
from qbrgen.render.pptx.space import PT, Rect, drawn_shapes, free_box, obstacles

_THEME = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
_TITLE = ("title", "ctrTitle")
_BODY = ("body", "obj")
INK = "1E252E"


@dataclass(frozen=True)
class Space:
    """Where content goes on a layout: the box, the share of the slide it is, and whether it needs a panel."""

    box: Rect
    usable: float
    panel: bool = False  # drawn over a full-bleed picture: content sits on a white panel


def _ph(sp):
    ph = sp.find(f"{{{oc.P}}}nvSpPr/{{{oc.P}}}nvPr/{{{oc.P}}}ph")
    if ph is None:
        return None
    return ph.get("type", "body" if ph.get("idx") else "obj")


def _xfrm_rect(sp) -> Rect | None:
    off = sp.find(f"{{{oc.P}}}spPr/{{{oc.A}}}xfrm/{{{oc.A}}}off")
    ext = sp.find(f"{{{oc.P}}}spPr/{{{oc.A}}}xfrm/{{{oc.A}}}ext")
    if off is None or ext is None:
        return None
    return Rect(int(off.get("x", 0)) / PT, int(off.get("y", 0)) / PT, int(ext.get("cx", 0)) / PT,
                int(ext.get("cy", 0)) / PT)


def placeholder_rect(layout_el, master_el, types) -> Rect | None:
    """Return the rectangle of the layout's first placeholder of ``types`` (inheriting the master's position)."""
    for sp in layout_el.iter(f"{{{oc.P}}}sp"):
        if _ph(sp) in types:
            rect = _xfrm_rect(sp)
            if rect is None and master_el is not None:
                rect = next((_xfrm_rect(m) for m in master_el.iter(f"{{{oc.P}}}sp") if _ph(m) in types), None)
            if rect is not None:
                return rect
    return None


class Brand:
    """A template's masters and theme as seen by the deck renderer (one per presentation)."""

    def __init__(self, prs, sample_layouts: frozenset[str] = frozenset()):
        self.prs = prs
        self.w = prs.slide_width / PT
        self.h = prs.slide_height / PT
        self.sample_layouts = sample_layouts  # part names of the layouts the template's own slides used
        self._parts = {}
        self._cache: dict[tuple[str, str], object] = {}  # (what, layout part name) -> answer

    def _once(self, what: str, layout, compute):
        key = (what, str(layout.part.partname))
        if key not in self._cache:
            self._cache[key] = compute(layout)
        return self._cache[key]

    # -- plumbing
    def _blob(self, el, r_id: str) -> bytes | None:
        part = self._parts.get(el.getroottree().getroot())
        try:
            return part.related_part(r_id).blob if part is not None else None
        except (KeyError, AttributeError):
            return None

    def _register(self, obj):
        self._parts[obj.element] = obj.part  # the element, not its id(): the key keeps lxml's proxy alive
        return obj.element

    def _theme(self, master):
        for rel in master.part.rels.values():
            if rel.reltype == _THEME and not rel.is_external:
                return etree.fromstring(rel.target_part.blob)
        return None

    @cached_property
    def _themes(self) -> dict[object, object]:
        return {m.part: self._theme(m) for m in self.prs.slide_masters}

    def palette(self, layout) -> oc.Palette:
        master = layout.slide_master
        return oc.Palette(self._themes.get(master.part), oc.clr_map_of(master.element, layout.element))

    @cached_property
    def accents(self) -> list[str]:
        """Return the first master's theme accent colours (RRGGBB), in order."""
        master = self.prs.slide_masters[0]
        return oc.Palette(self._themes.get(master.part)).accents

    def typefaces(self) -> set[str]:
        """Return the Latin fonts text may be drawn in: the themes' major and minor fonts, and the fonts the
        masters' text styles and the presentation's default text style name (theme references resolved)."""
        names: set[str] = set()
        styles = [self.prs.element.find(f"{{{oc.P}}}defaultTextStyle")]
        for master in self.prs.slide_masters:
            theme = self._themes.get(master.part)
            own = {}
            for kind, ref in (("major", "mj"), ("minor", "mn")):
                el = theme.find(f".//{{{oc.A}}}{kind}Font/{{{oc.A}}}latin") if theme is not None else None
                own[ref] = el.get("typeface", "") if el is not None else ""
                names.add(own[ref])
            styles.append(master.element.find(f"{{{oc.P}}}txStyles"))
            for style in styles:
                for latin in style.iter(f"{{{oc.A}}}latin") if style is not None else ():
                    face = latin.get("typeface", "")
                    names.add(own.get(face[1:3], "") if face.startswith("+") else face)
        return {n for n in names if n}

    # -- colours
    def background(self, layout) -> str:
        """Return the effective background colour of a slide on ``layout`` (its pictures by average colour)."""
        return self._once("background", layout, self._background)

    def _background(self, layout) -> str:
        chain = [self._register(layout), self._register(layout.slide_master)]
        return oc.background(chain, self.palette(layout), self._blob, self.w * self.h * PT * PT)

    def own_body_colour(self, layout) -> str | None:
        """Return the body text colour the template itself gives ``layout`` (before any recolouring)."""
        pal = self.palette(layout)
        master = layout.slide_master.element
        return oc.text_colour(pal, oc.placeholder_rpr(layout.element, _BODY), oc.placeholder_rpr(master, _BODY),
                              oc.style_rpr(master, "bodyStyle")) or pal.named("tx1")

    def body_colour(self, layout) -> str:
        """Return a body text colour that reads on ``layout``'s background: the template's when it does."""
        pal = self.palette(layout)
        own = self.own_body_colour(layout)
        candidates = tuple(c for c in (pal.named("tx1"), pal.named("bg1"), pal.named("tx2"), pal.named("bg2")) if c)
        return oc.readable(own, self.background(layout), candidates, oc.BODY_RATIO)

    def title_colour(self, layout) -> str | None:
        """Return a colour for titles on ``layout`` when the template's own would not read; None when it does."""
        pal = self.palette(layout)
        master = layout.slide_master.element
        own = oc.text_colour(pal, oc.placeholder_rpr(layout.element, _TITLE), oc.placeholder_rpr(master, _TITLE),
                             oc.style_rpr(master, "titleStyle")) or pal.named("tx1") or oc.BLACK
        bg = self.background(layout)
        if oc.contrast(own, bg) >= oc.LARGE_RATIO:
            return None
        candidates = tuple(c for c in (pal.named("tx1"), pal.named("bg1"), pal.named("tx2"), pal.named("bg2")) if c)
        return oc.readable(None, bg, candidates, oc.LARGE_RATIO)

    def title_size(self, layout) -> float | None:
        """Return the title size (points) the template gives ``layout``'s title, if it sets one."""
        master = layout.slide_master.element
        return oc.size_of(oc.placeholder_rpr(layout.element, _TITLE), oc.placeholder_rpr(master, _TITLE),
                          oc.style_rpr(master, "titleStyle"))

    def body_size(self, layout) -> float | None:
        """Return the body text size (points) the template gives ``layout``, if it sets one."""
        master = layout.slide_master.element
        return oc.size_of(oc.placeholder_rpr(layout.element, _BODY), oc.placeholder_rpr(master, _BODY),
                          oc.style_rpr(master, "bodyStyle"))

    # -- space
    def title_rect(self, layout) -> Rect | None:
        return placeholder_rect(layout.element, layout.slide_master.element, _TITLE)

    def space(self, layout) -> Space:
        """Return where content may go on ``layout``: its region less what the layout and master draw."""
        return self._once("space", layout, self._space)

    def _space(self, layout) -> Space:
        lay, master = layout.element, layout.slide_master.element
        title = self.title_rect(layout)
        title_bottom = title.y + title.h if title is not None else 0.0
        bodies = [r for sp in lay.iter(f"{{{oc.P}}}sp") if _ph(sp) in _BODY
                  for r in [_xfrm_rect(sp)] if r is not None and r.y >= title_bottom - 4]
        margin = 0.045 * self.w
        region = None
        if bodies:
            x0, y0 = min(r.x for r in bodies), min(r.y for r in bodies)
            x1, y1 = max(r.x + r.w for r in bodies), max(r.y + r.h for r in bodies)
            region = Rect(x0, y0, x1 - x0, y1 - y0)
            if region.w < 0.4 * self.w or region.h < 0.35 * self.h:
                region = None
        if region is None:
            top = title_bottom + 10 if title is not None else 0.05 * self.h
            region = Rect(margin, top, self.w - 2 * margin, max(0.0, self.h - top - 0.08 * self.h))
        slide = self.w * self.h
        box = free_box(region, obstacles(lay, master, self.w, self.h))
        panel = False
        if box.w < 0.4 * self.w or box.h < 0.3 * self.h:  # a photo fills the slide: write on a panel over it
            other = free_box(region, obstacles(lay, master, self.w, self.h, skip_full=True))
            if other.area > box.area:
                box, panel = other, True
        usable = box.area / slide if box.w >= 0.3 * self.w and box.h >= 0.2 * self.h else 0.0
        return Space(box, usable * (0.5 if panel else 1.0), panel)

    def branded(self, layout) -> bool:
        """Return whether ``layout`` draws its own branding (pictures or shapes beyond its master's)."""
        return bool(drawn_shapes(layout.element, self.w, self.h))

    def used_by_samples(self, layout) -> bool:
        return str(layout.part.partname) in self.sample_layouts
