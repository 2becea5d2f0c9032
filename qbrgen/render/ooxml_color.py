"""Colours of an Office template: theme colours, effective backgrounds and text colours, WCAG contrast.

Works on the raw XML (lxml elements) of a slide, layout and master, so the deck renderer can ask
"what colour is the background here, and is the template's text readable on it?" before it
writes anything. Pictures count by their average colour (read with Pillow). No python-pptx here.
"""

from __future__ import annotations

import colorsys
from collections.abc import Callable

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"a": A, "p": P, "r": R}

BODY_RATIO = 4.5  # WCAG AA, body text
LARGE_RATIO = 3.0  # WCAG AA, large text (titles)
WHITE, BLACK = "FFFFFF", "000000"
_PRESET = {"black": BLACK, "white": WHITE, "gray": "808080", "red": "FF0000", "navy": "000080", "blue": "0000FF"}
_FILLS = ("solidFill", "gradFill", "blipFill", "pattFill", "noFill")

Blob = Callable[[object, str], bytes | None]  # (element, relationship id) -> the related part's bytes


# -- WCAG -----------------------------------------------------------------------------------------


def luminance(hex_color: str) -> float:
    """Return the WCAG relative luminance of ``RRGGBB``."""
    out = 0.0
    for weight, i in ((0.2126, 0), (0.7152, 2), (0.0722, 4)):
        c = int(hex_color[i:i + 2], 16) / 255
        out += weight * (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
    return out


def contrast(a: str, b: str) -> float:
    """Return the WCAG contrast ratio of two ``RRGGBB`` colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def readable(preferred: str | None, background: str, candidates: tuple[str, ...], ratio: float) -> str:
    """Return ``preferred`` when it reaches ``ratio`` on ``background``; else the first candidate that does,
    else black or white, whichever contrasts more."""
    for colour in (preferred, *candidates):
        if colour and contrast(colour, background) >= ratio:
            return colour
    return BLACK if contrast(BLACK, background) >= contrast(WHITE, background) else WHITE


def shade_to(colour: str, background: str, ratio: float) -> str:
    """Return ``colour`` darkened (on a light background) or lightened (on a dark one) in small steps until it
    reaches ``ratio`` on ``background``, keeping its hue: an orange overline stays orange, only deeper."""
    if contrast(colour, background) >= ratio:
        return colour
    target = (0, 0, 0) if luminance(background) > 0.18 else (255, 255, 255)
    rgb = [int(colour[i:i + 2], 16) for i in (0, 2, 4)]
    for step in range(1, 41):
        t = step / 40
        out = "".join(f"{round(c + (g - c) * t):02X}" for c, g in zip(rgb, target, strict=True))
        if contrast(out, background) >= ratio:
            return out
    return readable(None, background, (), ratio)


def mix(colours: list[str]) -> str:
    """Return the average of ``RRGGBB`` colours."""
    if not colours:
        return WHITE
    chans = [sum(int(c[i:i + 2], 16) for c in colours) / len(colours) for i in (0, 2, 4)]
    return "".join(f"{round(v):02X}" for v in chans)


def picture_colour(data: bytes | None) -> str | None:
    """Return the average colour of an image (None when it cannot be read).

    Only the colour is needed, so only a bounded part is decoded (see :func:`brandkit.picture.average_colour`):
    a template's small file that unpacks to gigabytes cannot exhaust a worker's memory or time.
    """
    from qbrgen.brandkit.picture import average_colour

    return average_colour(data)


# -- theme ----------------------------------------------------------------------------------------


def theme_scheme(theme) -> dict[str, str]:
    """Return the colour scheme of a theme part (``a:theme`` element): slot -> RRGGBB."""
    out: dict[str, str] = {}
    scheme = theme.find(f".//{{{A}}}clrScheme") if theme is not None else None
    for child in scheme if scheme is not None else ():
        value = _plain_colour(child[0]) if len(child) else None
        if value:
            out[child.tag.split("}")[1]] = value
    return out


class Palette:
    """A theme's colour scheme seen through a colour map (bg1 -> lt1, tx1 -> dk1 ...)."""

    def __init__(self, theme, clr_map: dict[str, str] | None = None):
        self.scheme = theme_scheme(theme)
        self.theme = theme
        self.clr_map = clr_map or {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}

    def named(self, name: str) -> str | None:
        """Return the colour of a scheme name (``tx1``, ``accent1``, ``dk2`` ...)."""
        return self.scheme.get(self.clr_map.get(name, name))

    @property
    def accents(self) -> list[str]:
        return [self.scheme[f"accent{i}"] for i in range(1, 7) if f"accent{i}" in self.scheme]

    def colour(self, el, placeholder: str | None = None) -> str | None:
        """Return the ``RRGGBB`` of a colour element (srgbClr, schemeClr, sysClr, prstClr) with its modifiers."""
        if el is None:
            return None
        tag = el.tag.split("}")[1]
        if tag == "schemeClr":
            val = el.get("val")
            base = placeholder if val == "phClr" else self.named(val)
        else:
            base = _plain_colour(el)
        return _modify(base, el) if base else None

    def fill_colour(self, fill, placeholder: str | None = None, blob: Blob | None = None) -> str | None:
        """Return the representative colour of a fill element (solid, gradient, picture); None for none."""
        if fill is None:
            return None
        kind = fill.tag.split("}")[1]
        if kind == "solidFill":
            return self.colour(fill[0] if len(fill) else None, placeholder)
        if kind == "gradFill":
            stops = [self.colour(gs[0], placeholder) for gs in fill.iter(f"{{{A}}}gs") if len(gs)]
            return mix([s for s in stops if s])
        if kind == "blipFill":
            blip = fill.find(f"{{{A}}}blip")
            r_id = blip.get(f"{{{R}}}embed") if blip is not None else None
            return picture_colour(blob(fill, r_id)) if blob and r_id else None
        if kind == "pattFill":
            return self.colour(next(iter(fill.iter(f"{{{A}}}bgClr")), None), placeholder)
        return None


def _plain_colour(el) -> str | None:
    tag = el.tag.split("}")[1]
    if tag == "srgbClr":
        return (el.get("val") or "").upper() or None
    if tag == "sysClr":
        return (el.get("lastClr") or ("FFFFFF" if el.get("val") == "window" else "000000")).upper()
    if tag == "prstClr":
        return _PRESET.get(el.get("val", ""), None)
    return None


def _modify(hex_color: str, el) -> str:
    """Apply DrawingML colour modifiers (lumMod/lumOff, tint, shade) approximately."""
    r, g, b = (int(hex_color[i:i + 2], 16) / 255 for i in (0, 2, 4))
    for mod in el:
        name = mod.tag.split("}")[1]
        try:
            v = int(mod.get("val", "100000")) / 100000
        except ValueError:
            continue
        if name in ("lumMod", "lumOff"):
            h, lum, s = colorsys.rgb_to_hls(r, g, b)
            lum = min(1.0, max(0.0, lum * v if name == "lumMod" else lum + v))
            r, g, b = colorsys.hls_to_rgb(h, lum, s)
        elif name == "tint":
            r, g, b = (c + (1 - c) * (1 - v) for c in (r, g, b))
        elif name == "shade":
            r, g, b = (c * v for c in (r, g, b))
    return "".join(f"{round(min(1.0, max(0.0, c)) * 255):02X}" for c in (r, g, b))


def clr_map_of(master, layout=None) -> dict[str, str]:
    """Return the colour map in force on ``layout`` (its override, else the master's map)."""
    if layout is not None:
        over = layout.find(f"{{{P}}}clrMapOvr/{{{A}}}overrideClrMapping")
        if over is not None:
            return dict(over.attrib)
    node = master.find(f"{{{P}}}clrMap") if master is not None else None
    return dict(node.attrib) if node is not None else {}


# -- slides ---------------------------------------------------------------------------------------


def background(chain, palette: Palette, blob: Blob | None, slide_area: float) -> str:
    """Return the effective background colour of a slide whose layout chain is ``chain`` (slide or layout
    first, master last): a full-slide picture drawn on a layout or master counts, then the first ``p:bg``.
    ``slide_area`` is the slide's area in EMU squared; ``blob`` reads a picture's bytes."""
    hidden = False  # a layout with showMasterSp="0" hides the master's shapes (not its background)
    for el in chain:
        pic = None if hidden else _full_picture(el, slide_area)
        hidden = hidden or el.get("showMasterSp") == "0"
        if pic is not None:
            colour = palette.fill_colour(pic, blob=blob)
            if colour:
                return colour
        bg = el.find(f"{{{P}}}cSld/{{{P}}}bg")
        if bg is None:
            continue
        pr = bg.find(f"{{{P}}}bgPr")
        if pr is not None:
            fill = next((c for c in pr if c.tag.split("}")[1] in _FILLS), None)
            return palette.fill_colour(fill, blob=blob) or palette.named("bg1") or WHITE
        ref = bg.find(f"{{{P}}}bgRef")
        if ref is not None:
            placeholder = palette.colour(ref[0]) if len(ref) else None
            style = _bg_style(palette, int(ref.get("idx", "0") or 0))
            return palette.fill_colour(style, placeholder, blob) or placeholder or WHITE
    return palette.named("bg1") or WHITE


def _bg_style(palette: Palette, idx: int):
    if palette.theme is None or idx < 1001:
        return None
    styles = palette.theme.find(f".//{{{A}}}bgFillStyleLst")
    if styles is None or len(styles) < idx - 1000:
        return None
    return styles[idx - 1001]


def _full_picture(el, slide_area: float):
    """Return the fill of a picture (``p:pic``) on ``el`` that covers most of the slide, or None."""
    tree = el.find(f"{{{P}}}cSld/{{{P}}}spTree")
    if tree is None:
        return None
    for pic in tree.iter(f"{{{P}}}pic"):
        ext = pic.find(f"{{{P}}}spPr/{{{A}}}xfrm/{{{A}}}ext")
        if ext is None:
            continue
        area = int(ext.get("cx", "0")) * int(ext.get("cy", "0"))
        if slide_area and area >= 0.6 * slide_area:
            return pic.find(f"{{{P}}}blipFill")
    return None


def text_colour(palette: Palette, *rprs) -> str | None:
    """Return the first colour set on the run-property elements ``rprs`` (a:rPr / a:defRPr), in order."""
    for rpr in rprs:
        if rpr is None:
            continue
        fill = rpr.find(f"{{{A}}}solidFill")
        if fill is not None and len(fill):
            return palette.colour(fill[0])
    return None


def style_rpr(master, style: str, level: int = 1):
    """Return the ``a:defRPr`` of a master text style (``titleStyle``, ``bodyStyle``, ``otherStyle``)."""
    if master is None:
        return None
    return master.find(f"{{{P}}}txStyles/{{{P}}}{style}/{{{A}}}lvl{level}pPr/{{{A}}}defRPr")


def placeholder_rpr(container, types: tuple[str, ...], level: int = 1):
    """Return the ``a:defRPr`` of the first placeholder of ``types`` on a layout or master (its lstStyle)."""
    if container is None:
        return None
    for sp in container.iter(f"{{{P}}}sp"):
        ph = sp.find(f"{{{P}}}nvSpPr/{{{P}}}nvPr/{{{P}}}ph")
        if ph is not None and ph.get("type", "body" if ph.get("idx") else "obj") in types:
            return sp.find(f"{{{P}}}txBody/{{{A}}}lstStyle/{{{A}}}lvl{level}pPr/{{{A}}}defRPr")
    return None


def size_of(*rprs) -> float | None:
    """Return the first font size (points) set on ``rprs``."""
    for rpr in rprs:
        if rpr is not None and rpr.get("sz"):
            try:
                return int(rpr.get("sz")) / 100
            except ValueError:
                continue
    return None


def brand_colours(accents: list[str]) -> tuple[str | None, str | None]:
    """Return (primary, accent) from a theme's accents: the first that shows on white (3:1, for table
    headers, bars and lines), then the next one that shows at all; None where the theme has none."""
    shown = [c for c in accents if contrast(c, WHITE) >= LARGE_RATIO]
    primary = shown[0] if shown else None
    after = accents[accents.index(primary) + 1:] + accents if primary else accents
    accent = next((c for c in after if c != primary and contrast(c, WHITE) >= 1.5), None)
    return primary, accent
