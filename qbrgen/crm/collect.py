"""Gather the rows every target returns into one record per CRM account, cell by cell.

Each cell is read by its column's kind (date, amount, choice ...). A cell that cannot be read becomes
a :class:`~qbrgen.errors.Problem` at ``export.csv:ROW: column`` and marks its account as bad, so the
importer leaves that account's file alone while the others are imported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from qbrgen.crm import normalise as norm
from qbrgen.crm.levels import level_of
from qbrgen.crm.mapping import COLUMNS, FUNCTIONS, KINDS, LEVELS, ROLES, SEGMENTS, SENTIMENTS, Mapping, Target
from qbrgen.errors import Problem

ACCOUNT_FIELDS = ("name", "id", "industry", "segment", "currency", "locale", "owner", "csm")
CONTRACT_FIELDS = ("start_date", "renewal_date", "term_months", "auto_renew", "uplift_cap_pct")
_CHOICES = {"segment": SEGMENTS, "level": LEVELS, "function": FUNCTIONS, "role": ROLES, "sentiment": SENTIMENTS,
            "kind": KINDS}


@dataclass
class Record:
    """What the CRM says about one account: owned fields and lists, in qbrgen's terms."""

    key: str
    account: dict[str, object] = field(default_factory=dict)
    contract: dict[str, object] = field(default_factory=dict)
    lists: dict[str, list[dict[str, object]]] = field(default_factory=dict)
    usage: dict[str, object] | None = None


@dataclass
class Collected:
    """Every account record, the problems found in the rows, and the accounts those problems concern."""

    key: str
    records: dict[str, Record] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    bad: set[str] = field(default_factory=set)
    owned: set[str] = field(default_factory=set)  # dotted names of the fields and lists the CRM owns
    date_orders: dict[str, str] = field(default_factory=dict)  # source -> dmy | mdy, inferred from its dates


def collect(mapping: Mapping, exports, catalog: tuple[str, ...] = ()) -> Collected:
    """Return the records of every account in the exports, read through ``mapping``; ``catalog`` is the
    workspace's product catalog, to warn about a product name it does not know."""
    accounts = mapping.targets["accounts"]
    names = exports.output_columns(accounts)
    out = Collected("id" if "id" in names else "name")
    out.date_orders = _infer_date_orders(mapping, exports)
    out.owned |= {f"account.{n}" for n in names if n in ACCOUNT_FIELDS}
    out.owned |= {f"contract.{n}" for n in names if n in CONTRACT_FIELDS}
    for ref, row in exports.rows(accounts):
        cells = _Cells(mapping, accounts, ref, out)
        values = {name: cells.read(name, row) for name in row}
        key = cells.key(values.get(out.key), out.key)
        if key is None or cells.failed:
            out.bad.update([key] if key else [])
            continue
        record = out.records.setdefault(key, Record(key))
        clash = _clash(record, values)
        if clash:  # one id, two different accounts: reported, and that account's file left as it is
            file, line = ref if ref else (mapping.file, accounts.line)
            out.problems.append(Problem(file, line, f"account.{out.key}", f"'{key}' is given again to an account "
                                        f"with another {clash}; CRM ids must be unique (its file is left as it was)"))
            out.bad.add(key)
            continue
        for name, value in values.items():
            if value is None:
                continue
            part = record.account if name in ACCOUNT_FIELDS else record.contract
            part.setdefault(name, value)
    for name in ("products", "arr_history", "health", "signals", "stakeholders", "usage"):
        if name in mapping.targets:
            out.owned.add(name if name != "products" else "contract.products")
            _collect_list(mapping, mapping.targets[name], exports, out, catalog)
    return out


def _clash(record: Record, values: dict[str, object]) -> str | None:
    """Return the field in which a repeated row of an account differs from the first (a report repeats an
    account once per contact, identically; a different name under the same id is a second account)."""
    for name in ("name",):
        old, new = record.account.get(name), values.get(name)
        if old is not None and new is not None and old != new:
            return name
    return None


def _squeeze(name: str) -> str:
    return "".join(name.casefold().split())


def _collect_list(mapping: Mapping, target: Target, exports, out: Collected, catalog: tuple[str, ...] = ()) -> None:
    seen: dict[str, set[str]] = {}
    known = {_squeeze(c): c for c in catalog}
    warned: set[str] = set()
    for ref, row in exports.rows(target):
        cells = _Cells(mapping, target, ref, out)
        if target.name == "stakeholders" and not any(row.get(c) for c in ("name", "first_name", "last_name")):
            continue  # a report row of an account with no contact
        values = {name: cells.read(name, row) for name in row}
        key = cells.key(values.pop("account", None), "account")
        if key is None:
            continue
        record = out.records.get(key)
        if record is None:
            continue  # rows of accounts the accounts target does not return are not imported
        item = _item(target, values, cells, mapping)
        if cells.failed or item is None:
            out.bad.add(key)
            continue
        if target.name == "products" and known and item["name"] not in catalog and item["name"] not in warned:
            warned.add(item["name"])
            close = known.get(_squeeze(str(item["name"])))
            cells.warn("name", f"'{item['name']}' is not in the workspace catalog"
                               + (f"; did you mean '{close}'? (map it under 'values')" if close else
                                  " (add it to catalog in qbrgen.yaml, or map the name under 'values')"))
        start = record.contract.get("start_date")
        if target.name == "signals" and start is not None and item["date"] < start:
            cells.warn("date", f"{item['date']} is before the current contract (it started {start}): imported as "
                               "history, which no churn alarm counts as live; remove it if it says nothing now")
        if target.name == "usage":
            usage = record.usage or {"metric": item["metric"], "monthly": {}}
            monthly = usage["monthly"]
            monthly[item["month"]] = monthly.get(item["month"], Decimal(0)) + item["value"]
            record.usage = usage
            continue
        if target.name == "stakeholders":
            names = seen.setdefault(key, set())
            if item["name"].casefold() in names:
                continue
            names.add(item["name"].casefold())
        if target.aggregate == "sum" and _add_to_same(record.lists.setdefault(target.name, []), item):
            continue
        record.lists.setdefault(target.name, []).append(item)


def _add_to_same(items: list[dict[str, object]], item: dict[str, object]) -> bool:
    """Add ``item`` (a product row) into the product of the same name already collected; False if none."""
    same = next((i for i in items if str(i["name"]).casefold() == str(item["name"]).casefold()), None)
    if same is None:
        return False
    same["arr"] = same["arr"] + item["arr"]
    if "capacity" in same and "capacity" in item and same["capacity"]["unit"] == item["capacity"]["unit"]:
        same["capacity"] = {**same["capacity"], "contracted": same["capacity"]["contracted"] + item["capacity"][
            "contracted"], "used": same["capacity"]["used"] + item["capacity"]["used"]}
    elif "capacity" in item and "capacity" not in same:
        same["capacity"] = dict(item["capacity"])
    return True


def _item(target: Target, values: dict[str, object], cells: _Cells, mapping: Mapping) -> dict[str, object] | None:
    """Return one list item in the account file's shape, or None when a required cell is empty."""
    defaults = mapping.defaults
    if target.name == "usage":
        month = values.get("month") or values.get("date")
        metric = values.get("metric") or target.metric or defaults["metric"]
        if month is None or values.get("value") is None:
            cells.fail("month" if month is None else "value", "is empty")
            return None
        return {"month": month, "value": values["value"], "metric": metric}
    if target.name == "stakeholders":
        name = values.get("name") or " ".join(str(v) for v in (values.get("first_name"), values.get("last_name")) if v)
        if not values.get("title"):
            cells.fail("title", "is empty; every stakeholder needs a job title")
            return None
        item = {"name": name, "title": values["title"], "level": values.get("level") or level_of(values["title"])}
        for column in ("function", "role", "strength", "sentiment", "last_contact"):
            if values.get(column) is not None:
                item[column] = values[column]
        return item
    required = {"products": ("name", "arr"), "arr_history": ("date", "arr"), "health": ("date", "score"),
                "signals": ("date", "kind")}[target.name]
    for column in required:
        if values.get(column) is None:
            cells.fail(column, "is empty")
            return None
    if target.name == "products":
        item = {"name": values["name"], "arr": values["arr"]}
        capacity = [values.get("unit") or mapping.defaults["unit"], values.get("contracted"), values.get("used")]
        if all(v is not None for v in capacity):
            item["capacity"] = dict(zip(("unit", "contracted", "used"), capacity, strict=True))
        elif capacity[1] is not None:
            cells.warn("used", f"{capacity[1]} {capacity[0]} contracted but none given as used: the capacity of "
                               f"'{values['name']}' is not imported (map the 'used' column)")
        return item
    return {k: values[k] for k in COLUMNS[target.name] if k != "account" and values.get(k) is not None}


INFER_ROWS = 100_000  # rows read per source to tell day/month from month/day


def _infer_date_orders(mapping: Mapping, exports) -> dict[str, str]:
    """Tell, per source without ``date_order``, whether its slashed dates are day first: a date like 31/01/2026
    settles it for the whole source (and 01/31/2026 the other way); when both occur, nothing is inferred and
    each ambiguous cell is reported."""
    inferred: dict[str, str] = {}
    for target in mapping.targets.values():
        source = mapping.sources.get(target.source) if target.source else None
        if source is None or source.date_order or source.name in inferred:
            continue
        dated = [n for n in target.columns if COLUMNS[target.name].get(n) in ("date", "month")]
        if not dated:
            continue
        day_first = month_first = False
        for n, (_ref, row) in enumerate(exports.rows(target)):
            for name in dated:
                m = norm._DMY.fullmatch(str(row.get(name) or "").strip())
                if m and m.group(2) != ".":
                    day_first |= int(m.group(1)) > 12
                    month_first |= int(m.group(3)) > 12
            if n >= INFER_ROWS or (day_first and month_first):
                break
        if day_first != month_first:
            inferred[source.name] = "dmy" if day_first else "mdy"
    return inferred


class _Cells:
    """Reads the cells of one row and records the problems of that row."""

    def __init__(self, mapping: Mapping, target: Target, ref, out: Collected):
        self.target, self.ref, self.out, self.failed = target, ref, out, False
        self.failed_names: set[str] = set()  # a cell is reported once: unreadable, not then also "empty"
        source = mapping.sources.get(target.source) if target.source else None
        self.order = (source.date_order or out.date_orders.get(source.name)) if source else None
        self.decimal = source.decimal if source else None
        self.file = mapping.file

    def read(self, name: str, row: dict[str, object]) -> object:
        value = row.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        kind = COLUMNS[self.target.name][name]
        try:
            if kind in _CHOICES:
                return norm.choice(value, _CHOICES[kind], self.target.values.get(name))
            if name in self.target.values:
                value = self._mapped(name, value)
            if kind == "text":
                return norm.text(value)
            if kind == "currency":
                code = (norm.text(value) or "").upper()
                if len(code) != 3 or not code.isalpha():
                    raise norm.CellError(f"'{value}' is not a currency code like USD or EUR")
                return code
            if kind == "date":
                return norm.date(value, self.order)
            if kind == "month":
                return norm.month(value, self.order)
            if kind == "integer":
                return norm.integer(value)
            if kind == "boolean":
                return norm.boolean(value)
            number = norm.amount(value, self.decimal)
            if number < 0:
                raise norm.CellError(f"'{value}' is negative")
            return number
        except norm.CellError as exc:
            self.fail(name, str(exc))
            return None

    def _mapped(self, name: str, value: object) -> object:
        for key, mapped in self.target.values[name].items():
            if key.strip().casefold() == str(value).strip().casefold():
                return mapped
        return value

    def key(self, value: object, column: str) -> str | None:
        if value is None:
            if not self.failed:
                self.fail(column, "is empty; the row cannot be matched to an account")
            return None
        return str(value)

    def fail(self, name: str, message: str) -> None:
        self.failed = True
        if name not in self.failed_names:
            self.failed_names.add(name)
            self._report(name, message, "error")

    def warn(self, name: str, message: str) -> None:
        self._report(name, message, "warning")

    def _report(self, name: str, message: str, severity: str) -> None:
        column = self.target.columns.get(name, name)
        if self.ref is not None:
            self.out.problems.append(Problem(self.ref[0], self.ref[1], column, message, severity))
        else:
            where = f"{self.target.name} row"
            self.out.problems.append(Problem(self.file, self.target.line, f"{where}.{column}", message, severity))
