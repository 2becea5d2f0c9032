"""Where each figure comes from: the traced figures found on each slide and section, and their calculation.

``build --trace`` writes :data:`TRACE_FILE` beside the documents; ``qbrgen explain`` prints one figure's
calculation in words. The document trees are annotated on a copy (``Part.sources``) after the documents are
rendered, and renderers never read it, so the customer files are byte-identical with tracing on.

A figure is found in a part when one of the ways the documents write it (exact, short, headline, multiple,
percent) stands in the part's text as a whole number, not inside a longer one.
"""

from __future__ import annotations

import dataclasses
import json
import re
from decimal import Decimal

from qbrgen.account.loader import line_of
from qbrgen.analysis.provenance import Term, Traced, traced
from qbrgen.analysis.provenance_more import more
from qbrgen.sections.document import Document, Source, _strings

TRACE_FILE = "figure-sources.json"


def traced_all(ctx) -> dict[str, Traced]:
    """Return every traced figure of the build's account: the headline ones first, then the others."""
    out = traced(ctx.account, ctx.figures)
    for t in more(ctx.account, ctx.workspace, ctx.figures):
        out.setdefault(t.id, t)
    if not ctx.short_review:  # the executive QBR's agenda: four blocks of the same length
        from qbrgen.sections.deck import BLOCKS

        out["agenda-block"] = Traced("agenda-block", "Minutes of each agenda block", Decimal(BLOCKS[0][2]), "number",
                                     "policy", (Term(("qbr", "length"), ctx.account.qbr.length if ctx.account.qbr
                                                     else None, "text"),),
                                     "the 60-minute QBR in four equal blocks: value, alignment, roadmap, plan")
    return out


def _spaced(text: str) -> str:
    """Return ``text`` with ordinary spaces: the documents keep a date or quarter on one line with no-break ones."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def _as_date(ctx, value) -> str:
    return _spaced(ctx.fmt.date(value.date() if hasattr(value, "date") and callable(value.date) else value))


def shown(ctx, t: Traced) -> str:
    if t.kind == "date":
        return _as_date(ctx, t.value)
    if t.kind == "quarter":
        return _spaced(ctx.fmt.quarter(t.value))
    if t.kind == "month":
        return _spaced(ctx.fmt.month(t.value))
    if t.kind == "year":
        return str(t.value)
    if t.kind == "number":
        return ctx.fmt.number(t.value, 2)
    if t.kind == "multiple":
        return ctx.fmt.multiple(t.value)
    if t.kind == "percent":
        return ctx.fmt.pct(t.value)
    return ctx.money(t.value)


def renderings(ctx, t: Traced) -> tuple[str, ...]:
    """Return every way a document writes the figure, longest first."""
    if t.kind in ("date", "quarter", "month", "year"):
        texts = {shown(ctx, t)}
    elif t.kind == "number":  # only the roundings that keep the value: 6.5 is never written 7
        value = Decimal(t.value)
        texts = {ctx.fmt.number(value, p) for p in (0, 1, 2) if value == round(value, p)} or {
            ctx.fmt.number(value, 2)}
    elif t.kind == "multiple":
        texts = {ctx.fmt.multiple(t.value)}
    elif t.kind == "percent":
        texts = {ctx.fmt.pct(t.value), ctx.fmt.pct(t.value, 0)}
    else:
        texts = {ctx.money(t.value), ctx.compact(t.value), ctx.fmt.money_headline(t.value), ctx.fmt.money(t.value)}
    return tuple(sorted(texts, key=lambda s: (-len(s), s)))


def term_text(ctx, term: Term) -> str:
    if term.kind == "date":
        return _as_date(ctx, term.value)
    if term.kind == "quarter":
        return ctx.fmt.quarter(term.value)
    if term.kind == "number":
        return ctx.fmt.number(term.value, 2)
    if term.kind == "days":
        return f"{term.value} days"
    if term.kind == "text":
        return "(as set)"
    if term.kind == "percent":
        return ctx.fmt.pct(term.value)
    if term.kind == "months":
        return f"{term.value} months"
    if term.kind == "flag":
        return "yes" if term.value else "no"
    return ctx.money(term.value)


def _lines(terms, line) -> str:
    found = [str(n) for n in (line(t.path) for t in terms if t.value is not None) if n]
    if not found:
        return ""
    return f"line {found[0]}" if len(found) == 1 else f"lines {', '.join(found)}"


def _listed(ctx, terms, line, sep: str = " + ") -> str:
    return sep.join(f"{t.field} {term_text(ctx, t)}" for t in terms) + (
        f" ({_lines(terms, line)})" if _lines(terms, line) else "")


def explain(ctx, t: Traced, line=lambda path: None) -> str:
    """Return the figure's calculation in words, with the fields and lines it comes from."""
    head = f"{shown(ctx, t)} ({t.label}) = "
    money = [x for x in t.terms if x.kind == "money"]
    products = [x for x in t.terms if x.path[:2] == ("contract", "products")]
    valued = [x for x in t.terms if x.path[:1] == ("value",)]
    pct = next((x for x in t.terms if x.path == ("renewal", "increase_pct")), None)
    arr = f"ARR {ctx.money(sum((x.value for x in products), Decimal(0)))}"
    if t.op == "as-written":
        x = t.terms[0]
        where = line(x.path)
        return head + f"{x.field}, as written" + (f" on line {where}" if where else "")
    if t.op in ("difference", "change", "policy", "true-up") or (t.op == "ratio" and t.note):
        return head + f"{t.note}, from {_listed(ctx, t.terms, line, ', ')}"
    if t.op == "percent-of" and t.note:
        return head + f"{t.note}: {_listed(ctx, t.terms, line, ' × ')}"
    if t.op == "sum":
        return head + (_listed(ctx, money, line) if money else "nothing documented yet")
    if t.op == "ratio" and t.id == "value-multiple":
        return head + (f"documented value {ctx.money(sum((x.value for x in valued), Decimal(0)))} "
                       f"[{_listed(ctx, valued, line)}] ÷ {arr} [{_listed(ctx, products, line)}]")
    if t.op == "ratio":  # documented value against the increase
        increase = ctx.money(ctx.figures.renewal.increase)
        return head + (f"documented value {ctx.money(ctx.figures.documented_value)} [{_listed(ctx, valued, line)}] "
                       f"÷ the increase {increase} [{_listed(ctx, [pct], line)} × {arr}: "
                       f"{_listed(ctx, products, line)}]")
    if t.op == "percent-of":
        return head + f"{_listed(ctx, [pct], line)} × {arr} [{_listed(ctx, products, line)}]"
    if t.op == "plus" and t.id == "renewal-price":
        return head + (f"{arr} [{_listed(ctx, products, line)}] + the increase "
                       f"{ctx.money(ctx.figures.renewal.increase)} [{_listed(ctx, [pct], line)} of ARR]")
    if t.op == "plus":
        extra = [x for x in t.terms if x.path[:2] == ("renewal", "expansion")]
        return head + (f"the renewed price {ctx.money(ctx.figures.renewal.renewed_arr)} [{arr} "
                       f"({_listed(ctx, products, line)}) + {_listed(ctx, [pct], line)}] + the expansion "
                       f"[{_listed(ctx, extra, line)}]")
    others = [x for x in t.terms if x not in products]
    text = f"{arr} [{_listed(ctx, products, line)}], {t.note}, with {_listed(ctx, others, line, ', ')}"
    match = re.match(r"option\[(\d+)\]\.(total|saving)$", t.id)
    if match:  # the yearly prices the total adds up
        option = ctx.figures.renewal.options[int(match.group(1))]
        yearly = " + ".join(ctx.money(y) for y in option.yearly)
        text += (f": {yearly}" if match.group(2) == "total" else
                 f": {ctx.money(option.baseline_total)} − {ctx.money(option.total)} ({yearly})")
    return head + text


def _found(text: str, needle: str) -> bool:
    return re.search(r"(?<![\d.,])" + re.escape(needle) + r"(?![\d]|[.,]\d)", text) is not None


def claims(ctx, figures: dict[str, Traced]) -> dict[str, tuple[Traced, ...]]:
    """Return, for each way of writing a figure, the figures it stands for.

    A short form ($1.2M) may stand for several amounts ($1,200,000 and $1,236,000): it is claimed by the first
    figure in the registry's order (the headline ones come first) and by the figures of exactly the same value.
    """
    out: dict[str, list[Traced]] = {}
    for t in figures.values():
        for text in renderings(ctx, t):
            taken = out.setdefault(text, [])
            if not taken or (taken[0].value == t.value and taken[0].kind == t.kind):
                taken.append(t)
    return {k: tuple(v) for k, v in sorted(out.items(), key=lambda kv: (-len(kv[0]), kv[0]))}


def annotate(ctx, document: Document, figures: dict[str, Traced], line) -> Document:
    """Return a copy of ``document`` whose parts list the traced figures they show, once for each way a part
    writes a figure ($1,200,000 and $1.2M)."""
    texts = claims(ctx, figures)
    parts = []
    for part in document.parts:
        text = _spaced("\n".join(_strings(dataclasses.replace(part, sources=()))))
        hits: dict[str, list[str]] = {}
        for written, owners in texts.items():
            if _found(text, written):
                for t in owners:
                    hits.setdefault(t.id, []).append(written)
        sources = tuple(Source(t.id, written, tuple((x.field, line(x.path)) for x in t.terms))
                        for t in figures.values() if t.id in hits for written in hits[t.id])
        parts.append(dataclasses.replace(part, sources=sources))
    return dataclasses.replace(document, parts=tuple(parts))


def line_finder(info):
    """Return the account-file line of a field's path (None for the workspace's fields and the as-of date)."""
    source = info.source

    def line(path):
        if source is None or path[:1] in (("qbrgen.yaml",), ("as_of",)):
            return None
        return line_of(source, path)
    return line


def trace_data(info, ctx, documents: dict[str, Document], slides: dict | None = None) -> dict:
    """Return the trace of an account: each figure's calculation, and where each document shows it."""
    line = line_finder(info)
    figures = traced_all(ctx)
    data = {"account": info.display, "as_of": ctx.as_of.isoformat(), "covers": (
        "every figure the documents compute or quote from the account: money (ARR, products, value, increase, "
        "renewal, options, expansion and true-up lines), multiples and percents (utilisation, usage change, "
        "outcome improvement, increases, cap), counts and measures (capacity, outcomes before and now, health, "
        "activity, review and notice days), dates (renewal, term start, steps to signature, offer valid until, "
        "goal due dates, the meeting) and quarters (priorities, roadmap); a field whose path starts with "
        "qbrgen.yaml is the workspace's policy, as_of the build's date"),
        "figures": {t.id: {"label": t.label, "value": str(t.value), "shown": shown(ctx, t),
                           "explain": explain(ctx, t, line),
                           "fields": [{"field": x.field, "value": str(x.value),
                                       "line": line(x.path) if x.value is not None else None}
                                      for x in t.terms]} for t in figures.values()},
        "documents": {}}
    data["numbering"] = ("n is the part's position in its document (a proposal's section, a plan's section); in "
                         "the deck, slides lists the slide numbers the part became, as rendered (a part whose "
                         "table continues takes more than one slide)")
    slides = slides or {}
    for name, document in documents.items():
        annotated = annotate(ctx, document, figures, line)
        numbers = slides.get(name)
        data["documents"][name] = [
            {"n": n, "part": part.id, "title": part.title,
             **({"slides": list(numbers[n - 1])} if numbers is not None and n <= len(numbers) else {}),
             "figures": [{"figure": s.figure, "shown": s.shown} for s in part.sources]}
            for n, part in enumerate(annotated.parts, 1) if part.sources]
    return data


def trace_json(info, ctx, documents: dict, slides: dict | None = None) -> bytes:
    """Return the trace file of a build (``documents``: the built trees by kind: deck, proposal, plan;
    ``slides``: by kind, the slide numbers each part became, where the renderer tells)."""
    names = {"deck": "qbr-deck", "proposal": "renewal-proposal", "plan": "account-plan-INTERNAL"}
    named = {names.get(kind, kind): doc for kind, doc in documents.items()}
    numbered = {names.get(kind, kind): n for kind, n in (slides or {}).items()}
    return (json.dumps(trace_data(info, ctx, named, numbered), indent=1, ensure_ascii=False) + "\n").encode("utf-8")

