"""The mapping file: which export feeds which part of the account files, and how.

A mapping names its **sources** (export files) and, for each **target** the CRM owns (accounts,
products, arr_history, health, usage, stakeholders, signals), either a plain column mapping over one
source (``columns`` and optional ``values``) or one SQL query over the sources (``sql``) returning
qbrgen's column names. Everything is checked here, with the mapping file's line for each problem,
before any export is read.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path

from qbrgen.account.loader import LList, LMap, line_of, load_file
from qbrgen.errors import InputError, Problem

FORMATS = {".csv": "csv", ".tsv": "csv", ".txt": "csv", ".xlsx": "xlsx", ".parquet": "parquet", ".json": "json",
           ".jsonl": "json", ".ndjson": "json"}
SEGMENTS = ("smb", "mid-market", "enterprise")
LEVELS = ("ic", "manager", "director", "vp", "c-level")
FUNCTIONS = ("buying", "using", "adjacent")
ROLES = ("champion", "economic-buyer", "technical", "user", "blocker")
SENTIMENTS = ("advocate", "neutral", "detractor")
KINDS = ("sponsor-left", "usage-decline", "meeting-cancelled", "vendor-rationalization", "data-export-request",
         "api-docs-request", "ticket-sentiment", "competitor-evaluation")

# target -> {qbrgen column: how its cells are read}
COLUMNS: dict[str, dict[str, str]] = {
    "accounts": {"id": "text", "name": "text", "industry": "text", "segment": "segment", "currency": "currency",
                 "locale": "text", "owner": "text", "csm": "text", "start_date": "date", "renewal_date": "date",
                 "term_months": "integer", "auto_renew": "boolean", "uplift_cap_pct": "amount"},
    "products": {"account": "text", "name": "text", "arr": "amount", "unit": "text", "contracted": "amount",
                 "used": "amount"},
    "arr_history": {"account": "text", "date": "date", "arr": "amount"},
    "health": {"account": "text", "date": "date", "score": "amount"},
    "usage": {"account": "text", "month": "month", "date": "month", "value": "amount", "metric": "text"},
    "stakeholders": {"account": "text", "name": "text", "first_name": "text", "last_name": "text", "title": "text",
                     "level": "level", "function": "function", "role": "role", "strength": "integer",
                     "sentiment": "sentiment", "last_contact": "date"},
    "signals": {"account": "text", "date": "date", "kind": "kind", "note": "text"},
}
REQUIRED: dict[str, tuple[tuple[str, ...], ...]] = {  # each inner tuple: one of these columns is needed
    "accounts": (("name", "id"),),
    "products": (("account",), ("name",), ("arr",)),
    "arr_history": (("account",), ("date",), ("arr",)),
    "health": (("account",), ("date",), ("score",)),
    "usage": (("account",), ("month", "date"), ("value",)),
    "stakeholders": (("account",), ("name", "last_name")),
    "signals": (("account",), ("date",), ("kind",)),
}
DEFAULTS = {"segment": "mid-market", "currency": "USD", "owner": "Unassigned", "term_months": 12,
            "function": "using", "role": "user", "strength": 3, "sentiment": "neutral", "metric": "Usage",
            "unit": "seats"}
SOURCE_KEYS = ("file", "delimiter", "encoding", "date_order", "decimal", "records", "sheet")
TARGET_KEYS = ("from", "columns", "values", "sql", "metric", "where", "aggregate")


@dataclass(frozen=True)
class Source:
    """One export file and how to read it."""

    name: str
    path: Path
    display: str
    kind: str
    delimiter: str | None = None
    encoding: str | None = None
    date_order: str | None = None
    decimal: str | None = None
    records: str | None = None
    sheet: str | None = None


@dataclass(frozen=True)
class Target:
    """How one owned part of the account files is filled: a column mapping or one SQL query."""

    name: str
    line: int
    source: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    sql: str | None = None
    metric: str | None = None
    where: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (export column, accepted values): rows to keep
    aggregate: str | None = None  # "sum": the rows of one account and product become one product


@dataclass(frozen=True)
class Mapping:
    """A checked mapping: sources, targets, defaults for new accounts, and the file it came from."""

    file: str
    sources: dict[str, Source]
    targets: dict[str, Target]
    defaults: dict[str, object]


def load_mapping(path: Path, display: str | None = None) -> Mapping:
    """Return the mapping file at ``path``, checked; raise InputError listing every problem."""
    loaded = load_file(path, display or str(path))
    return parse_mapping(loaded.data, loaded.file, path.resolve().parent)


def parse_mapping(data: LMap, name: str, folder: Path, files_outside_ok: bool = False) -> Mapping:
    """Return the mapping in ``data`` (read from ``name``); source paths are relative to ``folder``."""
    problems: list[Problem] = []

    def bad(loc: tuple, message: str) -> None:
        problems.append(Problem(name, line_of(data, loc), ".".join(str(p) for p in loc), message))

    _unknown(data, (), ("version", "sources", "defaults", *COLUMNS), bad)
    if str(data.get("version", "")).strip() != "1":
        bad(("version",), "a mapping file starts with 'version: 1'")
    sources = _sources(data.get("sources"), folder, files_outside_ok, bad)
    targets: dict[str, Target] = {}
    for target in COLUMNS:
        if target in data:
            parsed = _target(target, data[target], line_of(data, (target,)) or 1, sources, bad)
            if parsed:
                targets[target] = parsed
    if "accounts" not in data:
        bad(("accounts",), "the 'accounts' target is required: it says which rows are accounts")
    defaults = dict(DEFAULTS)
    given = data.get("defaults") or LMap()
    if not isinstance(given, dict):
        bad(("defaults",), "must be a mapping like {segment: mid-market, currency: USD}")
    else:
        _unknown(given, ("defaults",), tuple(DEFAULTS), bad)
        defaults.update({k: v for k, v in given.items() if k in DEFAULTS})
        for key in ("strength", "term_months"):
            try:
                defaults[key] = int(str(defaults[key]))
            except ValueError:
                bad(("defaults", key), f"must be a whole number (got {defaults[key]})")
    if problems:
        raise InputError(sorted(set(problems), key=lambda p: (p.line or 0, p.path)))
    return Mapping(name, sources, targets, defaults)


def _unknown(data: dict, loc: tuple, known: tuple[str, ...], bad) -> None:
    for key in data:
        if key not in known:
            close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
            hint = f"; did you mean '{close[0]}'?" if close else f"; known: {', '.join(known)}"
            bad((*loc, key), f"unknown field '{key}'{hint}")


def _sources(data, folder: Path, outside_ok: bool, bad) -> dict[str, Source]:
    if not isinstance(data, dict) or not data:
        bad(("sources",), "name at least one export file, like 'sources: {accounts: accounts.csv}'")
        return {}
    sources = {}
    for name, spec in data.items():
        loc = ("sources", name)
        if isinstance(spec, str):
            spec = {"file": spec}
        if not isinstance(spec, dict) or not spec.get("file"):
            bad(loc, "give a file name, or a mapping with 'file' and reading options")
            continue
        _unknown(spec, loc, SOURCE_KEYS, bad)
        path = (folder / str(spec["file"])).resolve()
        if not outside_ok and not path.is_relative_to(folder):
            bad((*loc, "file"), f"'{spec['file']}' is outside the mapping file's folder; copy the export beside it")
            continue
        kind = FORMATS.get(path.suffix.lower())
        if kind is None:
            bad((*loc, "file"), f"'{spec['file']}' is not a .csv, .tsv, .xlsx, .parquet or .json file")
            continue
        if not path.is_file():
            bad((*loc, "file"), f"'{spec['file']}' does not exist")
            continue
        options = {k: (str(spec[k]) if spec.get(k) is not None else None) for k in SOURCE_KEYS[1:]}
        if options["date_order"] not in (None, "dmy", "mdy"):
            bad((*loc, "date_order"), "must be dmy (31/01/2026) or mdy (01/31/2026)")
        if options["decimal"] not in (None, ",", "."):
            bad((*loc, "decimal"), "must be ',' or '.'")
        if options["delimiter"] is not None and len(options["delimiter"].replace("\\t", "\t")) != 1:
            bad((*loc, "delimiter"), "must be one character, like ';' or '\\t'")
        display = str(spec["file"]) if not outside_ok else path.name
        sources[str(name)] = Source(str(name), path, display, kind, **options)
    return sources


def _target(name: str, spec, line: int, sources: dict[str, Source], bad) -> Target | None:
    if not isinstance(spec, dict):
        bad((name,), "must be a mapping with 'from' and 'columns', or with 'sql'")
        return None
    _unknown(spec, (name,), TARGET_KEYS, bad)
    if ("sql" in spec) == ("columns" in spec):
        bad((name,), "give either 'columns' (with 'from') or 'sql', not both or neither")
        return None
    known = COLUMNS[name]
    values: dict[str, dict[str, str]] = {}
    for column, table in (spec.get("values") or {}).items():
        if column not in known:
            bad((name, "values", column), f"'{column}' is not a column of {name}; known: {', '.join(known)}")
        elif not isinstance(table, dict):
            bad((name, "values", column), "must map export values to qbrgen values, like {'Decision Maker': champion}")
        else:
            values[column] = {str(k): str(v) for k, v in table.items()}
    metric = str(spec["metric"]) if spec.get("metric") is not None else None
    if "sql" in spec:
        sql = str(spec["sql"] or "").strip()
        if not sql:
            bad((name, "sql"), "is empty")
        return Target(name, line, source=None, values=values, sql=sql, metric=metric)
    source = str(spec.get("from") or "")
    if not source:
        if len(sources) == 1:
            source = next(iter(sources))
        else:
            bad((name, "from"), f"say which source the columns come from ({', '.join(sources) or 'none defined'})")
    elif source not in sources:
        bad((name, "from"), f"'{source}' is not a source; known: {', '.join(sources) or 'none'}")
    columns = spec.get("columns")
    if not isinstance(columns, dict) or isinstance(columns, LList):
        bad((name, "columns"), "must map qbrgen columns to export columns, like {name: 'Account Name'}")
        return None
    _unknown(columns, (name, "columns"), tuple(known), bad)
    for options in REQUIRED[name]:
        if not any(option in columns for option in options):
            bad((name, "columns"), f"map the '{options[0]}' column" + (f" (or '{options[1]}')" if options[1:] else ""))
    where = _where(spec.get("where"), name, bad)
    aggregate = spec.get("aggregate")
    if aggregate is not None and (name != "products" or aggregate != "sum"):
        bad((name, "aggregate"), "only 'aggregate: sum' on products is known: it adds up the rows of one account "
                                 "and product (ARR, seats contracted and used)")
        aggregate = None
    return Target(name, line, source=source, columns={str(k): str(v) for k, v in columns.items() if k in known},
                  values=values, metric=metric, where=where, aggregate=aggregate)


def _where(spec, name: str, bad) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Return the row filter ``where: {Export column: value or [values]}`` (all must hold; a list is any of)."""
    if spec is None:
        return ()
    if not isinstance(spec, dict) or isinstance(spec, LList) or not spec:
        bad((name, "where"), "must map export columns to the value to keep, like {Stage: Closed Won}")
        return ()
    out = []
    for column, accepted in spec.items():
        options = accepted if isinstance(accepted, list | tuple) else [accepted]
        if not options or any(isinstance(o, dict | list) or o is None for o in options):
            bad((name, "where", column), "must be a value, or a list of values, like [Closed Won, Renewal]")
            continue
        out.append((str(column), tuple(str(o) for o in options)))
    return tuple(out)
