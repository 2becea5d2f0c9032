"""The format-neutral document tree that every renderer reads.

A :class:`Document` is a list of :class:`Part` (a slide of the deck, or a section of the proposal
or plan); a part holds blocks: paragraphs, bullet lists, key figures, tables and charts. All
text is final (already formatted in the account's locale); chart values are Decimals. Renderers
lay the tree out; they never compute or reword.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from qbrgen.i18n import N_, _

Audience = Literal["customer", "internal"]


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: Literal["body", "lead", "muted", "quote"] = "body"
    kind: str = "paragraph"


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]
    numbered: bool = False
    kind: str = "bullets"


@dataclass(frozen=True)
class Metric:
    label: str
    value: str
    detail: str = ""


@dataclass(frozen=True)
class Metrics:
    """A row of key figures (big number, label, one line of detail)."""

    items: tuple[Metric, ...]
    kind: str = "metrics"


@dataclass(frozen=True)
class Table:
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    align: tuple[Literal["left", "right", "center"], ...] = ()
    widths: tuple[int, ...] = ()  # relative column widths
    emphasis_last_row: bool = False  # a total row
    chips: tuple[int, ...] = ()  # columns whose cells are short states (owner, status), drawn as chips
    kind: str = "table"


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[Decimal | None, ...]


@dataclass(frozen=True)
class Chart:
    """A chart described by its data; each renderer draws it natively."""

    chart: Literal["line", "bar", "column", "waterfall"]
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    number_format: str = "#,##0"
    labels: tuple[str, ...] = ()  # formatted data labels, one per category (waterfall, bars)
    totals: tuple[int, ...] = ()  # waterfall: indexes of bars that stand on zero (default: first and last)
    optional: tuple[int, ...] = ()  # indexes of bars for optional scope, drawn in a distinct, lighter style
    axis_note: str = ""  # said when a value axis does not start at zero
    kind: str = "chart"


@dataclass(frozen=True)
class Card:
    """One card: a heading, a short tag (a date, a status) and a few lines."""

    title: str
    tag: str = ""
    lines: tuple[str, ...] = ()
    chip: str = ""  # a short state shown as a chip (a goal's status)


@dataclass(frozen=True)
class Cards:
    """A row of cards, side by side (roadmap items, goals)."""

    items: tuple[Card, ...]
    kind: str = "cards"


# TRANSLATORS: the lines of the signature block, one per party: the signer's name, job title, signature, date.
SIGNATURE_FIELDS = (N_("Name"), N_("Title"), N_("Signature"), N_("Date"))


@dataclass(frozen=True)
class Signature:
    """An acceptance block: one column per party, one line per field, pre-filled or blank to fill in."""

    parties: tuple[str, ...]
    fields: tuple[str, ...] = SIGNATURE_FIELDS  # marked for translation; the section passes them translated
    values: tuple[tuple[str, ...], ...] = ()  # per party, one per field: pre-filled text, or "" for a blank line
    roles: tuple[str, ...] = ("name", "title", "signature", "date")  # what each field is (e-signature anchors)
    kind: str = "signature"


KEPT_PARTS = frozenset({"terms", "acceptance"})
"""Ids of the parts a renderer keeps whole on one page: what is signed is read in one piece."""

APPENDIX_PARTS = frozenset({"evidence"})
"""Ids of the parts that start on a page of their own, after what is signed."""

Block = Paragraph | Bullets | Metrics | Table | Chart | Cards | Signature


@dataclass(frozen=True)
class Source:
    """Where a figure shown in a part comes from (``build --trace``): the figure, its text, its fields and lines."""

    figure: str  # the figure's id, like documented-value
    shown: str  # as the part writes it, like $1.2M
    fields: tuple[tuple[str, int | None], ...] = ()  # account-file field and its line


@dataclass(frozen=True)
class Part:
    """A slide (deck) or a section (proposal, plan)."""

    id: str
    title: str
    blocks: tuple[Block, ...] = ()
    subtitle: str = ""
    notes: str = ""  # speaker notes (deck only): a talk track the customer could read without harm
    coaching: str = ""  # negotiation coaching (deck only): written into the notes of the internal deck only
    minutes: int = 0  # time in the meeting (deck only)
    layout: Literal["title", "section", "content", "closing"] = "content"
    overline: str = ""  # the topic, shown small above an action title (deck only)
    tracker: tuple[str, ...] = ()  # the meeting's blocks, for a section tracker (deck only)
    tracker_at: int = -1  # which of ``tracker`` this part belongs to; -1: none
    arrange: Literal["stack", "columns"] = "stack"  # blocks one under the other, or side by side
    sources: tuple[Source, ...] = ()  # provenance of its figures, filled in only when tracing; renderers ignore it
    source_line: str = ""  # where its figures come from, as the customer may read it (deck: small, at the foot)


@dataclass(frozen=True)
class Document:
    kind: Literal["deck", "proposal", "plan", "portfolio", "notice"]
    audience: Audience
    title: str
    subtitle: str
    parts: tuple[Part, ...]
    meta: tuple[tuple[str, str], ...] = field(default=())

    def meta_value(self, key: str, default: str = "") -> str:
        return dict(self.meta).get(key, default)

    def speaker_notes(self, part: Part) -> str:
        """Return what a renderer writes into a slide's notes: coaching only in the internal deck."""
        if self.audience == "internal" and part.coaching:
            # TRANSLATORS: in the internal deck's speaker notes; {coaching} is advice for the account manager.
            return (f"{part.notes}\n\n" + _("Coaching (internal): {coaching}", coaching=part.coaching)).strip()
        return part.notes

    def text(self) -> str:
        """Return every string in the tree, one per line (for leak checks and search)."""
        return "\n".join(_strings(self))


_LAYOUT_FIELDS = {"kind", "style", "layout", "align", "widths", "id", "chart", "number_format", "audience", "roles",
                  "totals", "optional", "arrange", "tracker", "tracker_at", "chips", "sources"}


def _strings(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, Decimal):
        return [str(node)]
    if isinstance(node, (tuple, list)):
        return [s for item in node for s in _strings(item)]
    if dataclasses.is_dataclass(node):
        return [s for f in dataclasses.fields(node) if f.name not in _LAYOUT_FIELDS
                for s in _strings(getattr(node, f.name))]
    return []


def to_jsonable(node):
    """Return the tree as plain JSON types (Decimals as strings), in field order."""
    if isinstance(node, Decimal):
        return str(node)
    if isinstance(node, (tuple, list)):
        return [to_jsonable(x) for x in node]
    if dataclasses.is_dataclass(node):
        return {f.name: to_jsonable(getattr(node, f.name)) for f in dataclasses.fields(node)
                if not (f.name in ("sources", "source_line") and not getattr(node, f.name))}  # only when set
    return node


def dumps(document: Document) -> str:
    """Return the canonical JSON text of a document (golden files compare this)."""
    return json.dumps(to_jsonable(document), indent=1, ensure_ascii=False) + "\n"
