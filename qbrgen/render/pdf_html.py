"""The proposal as HTML, the text the PDF renderer prints: a sandboxed Jinja2 template (the built-in one, or a
team's within the workspace), fed the document tree and the values that give it its look (the theme, a Word
template's page and fonts, charts drawn as SVG, column widths measured with the bundled font). Files are named
by virtual URLs, so the PDF's bytes do not depend on where the workspace lies. No WeasyPrint here: it prints
this HTML in :mod:`qbrgen.render.pdf`.
"""

from __future__ import annotations

import functools
import os
import re
import sys
import traceback
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from jinja2 import BaseLoader, StrictUndefined, TemplateNotFound, TemplateSyntaxError
from jinja2 import TemplateError as JinjaError
from jinja2.loaders import split_template_path
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup, escape

from qbrgen import i18n
from qbrgen.brandkit import fonts
from qbrgen.errors import TemplateError
from qbrgen.render.assets import Assets, chosen_colours, templates_dir
from qbrgen.render.design import tokens
from qbrgen.render.esign import anchor
from qbrgen.render.keep import kept_parts
from qbrgen.render.paper import page_size
from qbrgen.render.pdf_language import (
    keep_together,
    template_gettext,
    template_ngettext,
    template_npgettext,
    template_pgettext,
)
from qbrgen.render.textfit import auto_column_widths
from qbrgen.render.wordxml import field_label
from qbrgen.sections.document import Chart, Document, Table

# The HTML names local files by a virtual URL, one prefix per allowed folder, never by their absolute
# path: WeasyPrint names an image inside the PDF by a hash of its URL, so absolute paths would make
# the PDF's bytes depend on where the workspace lies (two CI runners, two different files).
_VIRTUAL = re.compile(r"/qbrgen-root-(\d+)/(.*)", re.DOTALL)


def virtual_url(path: Path, roots: tuple[Path, ...]) -> str:
    """Return a file URL for ``path`` (a file or, with a trailing slash, a folder) that does not depend on
    where the allowed folder ``roots`` lie."""
    real = path.resolve()
    for i, root in enumerate(r.resolve() for r in roots):
        if inside(real, (root,)):
            rel = real.relative_to(root).as_posix()
            tail = "" if rel == "." else quote(rel) + ("/" if path.is_dir() else "")
            return f"file:///qbrgen-root-{i}/{tail}"
    return real.as_uri() + ("/" if path.is_dir() else "")


def inside(path: Path, roots: tuple[Path, ...]) -> bool:
    """Return whether the resolved ``path`` is one of ``roots`` or lies below one."""
    return any(path == r or r in path.parents for r in roots)


class TemplateRefused(JinjaError):
    """A template name that resolves outside the allowed folders, or to something that is not a text file."""


MAX_TEMPLATE_BYTES = 1024 * 1024


class ConfinedLoader(BaseLoader):
    """Load templates from ``folders``, refusing any whose real path (symlinks resolved) is outside ``roots``.

    Every file served is remembered in :attr:`served`, so the build can record it as a dependency.
    """

    def __init__(self, folders: tuple[str, ...], roots: tuple[Path, ...]):
        self.folders = tuple(Path(f) for f in folders)
        self.roots = tuple(r.resolve() for r in roots)
        self.served: dict[Path, None] = {}

    def get_source(self, environment, template):
        pieces = split_template_path(template)  # refuses '..'
        for folder in self.folders:
            candidate = folder.joinpath(*pieces)
            if not os.path.lexists(candidate):
                continue
            real = candidate.resolve()
            if not inside(real, self.roots):
                raise TemplateRefused(f"refused to load '{template}': it resolves to '{real}', outside the "
                                      "workspace and qbrgen's templates")
            if not real.is_file():
                raise TemplateRefused(f"refused to load '{template}': '{real}' is not a regular file")
            mtime = real.stat().st_mtime
            with open(real, "rb") as fh:
                raw = fh.read(MAX_TEMPLATE_BYTES + 1)
            if len(raw) > MAX_TEMPLATE_BYTES:
                raise TemplateRefused(f"'{template}' is larger than {MAX_TEMPLATE_BYTES // 1024} KB")
            try:
                source = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise TemplateRefused(f"'{template}' is not UTF-8 text") from None
            self.served[real] = None
            return source, str(real), functools.partial(_unchanged, real, mtime)
        raise TemplateNotFound(template)


def _unchanged(path: Path, mtime: float) -> bool:
    try:
        return path.stat().st_mtime == mtime
    except OSError:
        return False


def _record(assets: Assets, files) -> None:
    """Add the workspace files a render read (partials, stylesheets, images) to the account's dependencies."""
    package = templates_dir().resolve()
    for path in files:
        if not inside(path, (package,)) and path not in assets.used:
            assets.used.append(path)


def _environment(assets: Assets) -> ImmutableSandboxedEnvironment:
    folders = [str(templates_dir() / "proposal")]
    if assets.html_template is not None:
        folders.insert(0, str(assets.html_template.parent))
    return _environment_for(tuple(folders), tuple(assets.roots) or (templates_dir(),))


@lru_cache(maxsize=8)
def _environment_for(folders: tuple[str, ...], roots: tuple[Path, ...]) -> ImmutableSandboxedEnvironment:
    """Return the Jinja2 environment of ``folders``; kept per worker, so each template is compiled once.

    (Jinja2 still checks the files' modification times and recompiles a template that changed.)
    """
    env = _Sandbox(loader=ConfinedLoader(folders, roots), autoescape=True, undefined=StrictUndefined,
                   trim_blocks=False, finalize=_capped, extensions=["jinja2.ext.i18n"])
    # {% trans %} blocks and _() in a template are translated when the document is rendered, into the
    # language of the account being built (qbrgen.i18n's), not when the template is compiled
    env.install_gettext_callables(template_gettext, template_ngettext, newstyle=True,
                                  pgettext=template_pgettext, npgettext=template_npgettext)
    return env


MAX_REPEAT = 1_000_000  # items or characters a template's `*` may make; `range` is capped by Jinja itself
MAX_POWER = 10_000  # bits of a template's `**` result


class _Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's sandbox, with repetition and powers bounded: a template cannot build a 10 GB string."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context, operator, left, right):
        from jinja2.exceptions import SecurityError

        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple | bytes) and isinstance(n, int) and len(seq) * n > MAX_REPEAT:
                    raise SecurityError(f"the template repeats a value into more than {MAX_REPEAT:,} items")
        if operator == "**" and isinstance(left, int) and isinstance(right, int) and abs(left) > 1 \
                and right * max(abs(left).bit_length(), 1) > MAX_POWER:
            raise SecurityError("the template computes a power too large to show")
        return super().call_binop(context, operator, left, right)


MAX_VALUE = 1000  # characters of one value the PDF shows; longer text is cut with an ellipsis


def _capped(value):
    """Return ``value`` cut to MAX_VALUE characters (safe in text and in attributes alike).

    Without a cap, WeasyPrint spends tens of seconds laying out a 10,000-character word in tables and
    flex boxes; CSS overflow-wrap breaks what remains.
    """
    if isinstance(value, str) and not isinstance(value, Markup) and len(value) > MAX_VALUE:
        return value[: MAX_VALUE - 1] + "…"
    return value


def render_html(document: Document, assets: Assets) -> str:
    """Return the proposal as HTML (the text WeasyPrint prints)."""
    env = _environment(assets)
    name = assets.html_template.name if assets.html_template is not None else "proposal.html"
    meta = dict(document.meta)
    meta["stamped"] = assets.build_date.isoformat()  # as the DOCX and PPTX: SOURCE_DATE_EPOCH's day, else as-of
    locale = meta.get("locale", "en_US")
    logo = assets.vendor_logo or assets.customer_logo
    values = {
        "document": document,
        "meta": meta,
        "theme": assets.theme,
        "font_family": _font_family(assets.theme.font),
        "page_size": {"a4": "A4", "letter": "letter"}[page_size(locale, assets.page_size)],
        "lang": i18n.document_tag(locale),
        "field_label": field_label,
        "keep": lambda text: keep_together(_capped(text), meta.get("customer", "")),
        "kept_parts": kept_parts(document, tokens(), page_size(locale, assets.page_size)),
        "anchor": lambda signer, role: anchor(assets.esign, signer, role),
        "logo": virtual_url(logo, assets.roots or (templates_dir(),)) if logo else "",
        "svg": lambda block: chart_svg(block, assets.theme.primary, assets.theme.accent,
                                       _font_family(assets.theme.font)),
        "column_widths": column_percentages,
        "brand_css": Markup(""),
    }
    if assets.docx_template is not None and assets.html_template is None:
        values.update(_word_values(assets))
    try:
        html = env.get_template(name).render(**values)
        _record(assets, env.loader.served)
        return html
    except TemplateSyntaxError as exc:
        raise TemplateError(f"{exc.filename or name}:{exc.lineno}: {exc.message}") from None
    except JinjaError as exc:
        where = _template_frame(sys.exc_info()[2]) or name
        raise TemplateError(f"{where}: {exc}") from None
    except (ArithmeticError, LookupError, TypeError, ValueError, RecursionError) as exc:
        # A runtime error in a team's template ({{ 1 / 0 }}, a bad filter argument) is theirs to fix.
        where = _template_frame(sys.exc_info()[2])
        if where is None or where.startswith(str(templates_dir().resolve())):
            raise
        raise TemplateError(f"{where}: {type(exc).__name__}: {exc}") from None


def _css_name(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum() or ch in " -_" or ord(ch) > 0x2E7F)


@lru_cache(maxsize=8)
def _word_look(path: str, mtime: float):  # noqa: ARG001 - mtime keys the cache
    from qbrgen.render.wordxml import word_look

    return word_look(path)


def _word_values(assets: Assets) -> dict:
    """Return the template values that give the PDF the Word template's look: its page size, margins,
    fonts and heading colours, and its theme colour where the team chose none."""
    path = assets.docx_template
    look = _word_look(str(path), path.stat().st_mtime)
    if look is None:
        return {}
    out: dict = {}
    if assets.page_size not in ("a4", "letter"):  # a size the workspace forces wins over the template's
        out["page_size"] = f"{look.page[0]:.1f}pt {look.page[1]:.1f}pt"
    text_width = look.page[0] - look.margins[1] - look.margins[3]  # tables are measured for the template's page
    if 100 < text_width < NOMINAL_WIDTH:
        out["column_widths"] = lambda block: column_percentages(block, text_width)
    css = ["@page { margin: %s; }" % " ".join(f"{m:.1f}pt" for m in look.margins)]  # noqa: UP031
    if look.body_font:
        out["font_family"] = _css_name(look.body_font)
    if look.heading_font:
        css.append(f'h1, h2 {{ font-family: "{_css_name(look.heading_font)}", var(--font), "qbrgen sans"; }}')
    if look.heading_colour:
        css.append(f"h2 {{ color: #{look.heading_colour}; }}")
    if look.title_colour:
        css.append(f".cover .title {{ color: #{look.title_colour}; }}")
    if look.primary and "primary" not in chosen_colours(assets.theme):
        out["theme"] = assets.theme.model_copy(update={"primary": f"#{look.primary}"})
        out["svg"] = lambda block: chart_svg(block, f"#{look.primary}", assets.theme.accent)
    out["brand_css"] = Markup("\n    ".join(css))
    return out


def _font_family(font: str) -> str:
    """Return the CSS family of the theme font's bundled twin (embedded in the PDF): Carlito for Calibri,
    Liberation Sans for Arial, DejaVu Sans for itself; an unknown font falls back to Carlito."""
    twin = fonts.face(font).twin
    return {"Carlito": "qbrgen carlito", "Liberation Sans": "qbrgen liberation"}.get(twin, "qbrgen sans")


def _template_frame(tb) -> str | None:
    """Return 'file:line' of the innermost template frame of a Jinja2 traceback."""
    found = None
    for frame, line in traceback.walk_tb(tb):
        filename = frame.f_code.co_filename
        if filename.endswith((".html", ".htm", ".j2", ".jinja")):
            found = f"{filename}:{line}"
    return found


NOMINAL_WIDTH = 480.0  # points between the margins of an A4 page (letter is 3% wider)


def column_percentages(block: Table, width: float = NOMINAL_WIDTH) -> list[str]:
    """Return each column's share of a table's width, as CSS percentages.

    The widths are measured here with the bundled font's metrics, as a browser's automatic layout
    would set them, so WeasyPrint can lay the table out with ``table-layout: fixed`` instead of
    measuring every cell twice (which was a third of the PDF's time).
    """
    right = [a == "right" for a in block.align]  # amounts: on one line where the page allows
    design = tokens()  # the table's type size and padding, as proposal.css sets them
    widths = auto_column_widths((block.columns, *block.rows), width, design.table, design.pad_x, whole=right)
    total = sum(widths) or 1.0
    return [f"{100 * w / total:.2f}%" for w in widths]


def chart_svg(block: Chart, primary: str, accent: str, family: str = "qbrgen carlito") -> Markup:
    """Return a horizontal bar chart as inline SVG; every text is escaped."""
    values = [float(v or 0) for v in block.series[0].values]
    labels = block.labels or tuple(str(v) for v in block.series[0].values)
    top = max(values + [0.0]) or 1.0
    row, label_w, value_w, width = 26, 170, 110, 600
    bar_w = width - label_w - value_w - 10
    height = row * len(values) + 6
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
             f'aria-label="{escape(block.title)}" font-family="{family}, sans-serif" font-size="11">']
    described = "; ".join(f"{cat}: {label}" for cat, label in zip(block.categories, labels, strict=False))
    parts.append(f"<title>{escape(block.title)}: {escape(described)}</title>")  # the tagged PDF's alternative text
    key = max(range(len(values)), key=values.__getitem__) if len(values) > 1 else None  # the largest bar
    for i, (cat, value, label) in enumerate(zip(block.categories, values, labels, strict=False)):
        y = 3 + i * row
        w = max(1.0, bar_w * value / top) if value > 0 else 0
        color = accent if i == key else primary  # the bar the chart is about, as the DOCX and the deck draw it
        parts.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end" fill="#1e252e">{escape(cat)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" fill="{escape(color)}"/>')
        parts.append(f'<text x="{label_w + w + 6:.1f}" y="{y + 15}" fill="#1e252e" font-weight="bold">'
                     f'{escape(label)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
