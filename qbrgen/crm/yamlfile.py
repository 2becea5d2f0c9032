"""Update the CRM-owned fields of an account file in place, and write the file of a new account.

The file is edited as a round-trip document (ruamel.yaml): keys keep their order, comments and
quoting, and a field whose CRM value equals what the file holds is not touched at all, so a file
the CRM has not changed comes out byte for byte as it went in.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from qbrgen.crm.collect import ACCOUNT_FIELDS, CONTRACT_FIELDS, Record
from qbrgen.crm.emit import block, flow, scalar

CRM_MARK = "from the CRM"
HAND_MARK = "added by hand: not in the CRM, kept by every import"
HEADER = "# Created by `qbrgen import`"
MODELINE = "# yaml-language-server: $schema=../account.schema.json"  # as init writes it: accounts/ beside qbrgen.yaml
ORDER = ("version", "account", "contract", "arr_history", "health", "usage", "stakeholders", "value", "activity",
         "priorities", "roadmap", "success_plan", "whitespace", "risks", "signals", "renewal", "qbr")
STAKEHOLDER_DEFAULTS = ("function", "role", "strength", "sentiment")
_FAST = getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader)
_MARK_LINE = re.compile(r"^\s*- name:\s*(.+?)\s+#\s*(.*?)\s*$", re.MULTILINE)
_NOTES = {"segment": "check it (smb | mid-market | enterprise)", "currency": "check it",
          "owner": "the account manager accountable for renewal", "start_date": "first day of the current contract",
          "renewal_date": "the day the contract renews", "term_months": "length of the current term"}
_HAND_SECTIONS = (
    ("value", "documented outcomes: what changed for the customer, with baseline, current figure and unit"),
    ("priorities", "the customer's own priorities for the next 2-4 quarters: id, title, horizon"),
    ("roadmap", "your roadmap items, each naming the priority ids it supports"),
    ("success_plan", "goals agreed with the customer, each with an owner on both sides and a due date"),
    ("whitespace", "business units and the products they could add: where growth can come from"),
    ("risks", "what could stop the renewal, with its likelihood, impact and mitigation"),
)


def new_account_text(record: Record, owned: set[str], defaults: dict[str, object], as_of: dt.date) -> str:
    """Return the file of an account the folder does not have yet: CRM fields set, the rest to fill in."""
    def line(part: dict[str, object], field: str, value: object) -> str:
        if field in part:
            return f"  {field}: {scalar(_yaml_value(part[field]))}"
        return f"{f'  {field}: {scalar(value)}':<32} # not in the CRM export: {_NOTES[field]}"

    start = record.contract.get("start_date") or as_of
    term = int(record.contract.get("term_months") or defaults["term_months"])
    given = {"segment": defaults["segment"], "currency": defaults["currency"], "owner": defaults["owner"],
             "start_date": start, "renewal_date": record.contract.get("renewal_date") or _add_months(start, term),
             "term_months": term}
    lines = [
        MODELINE,
        f"{HEADER} from the CRM export. The fields the mapping file names are the CRM's: each import",
        "# updates them. Everything else is yours: write it here and every import keeps it as it is.",
        "version: 1", "", "account:",
        *(line(record.account, f, given.get(f)) for f in ACCOUNT_FIELDS if f in given or f in record.account),
        "", "contract:",
        *(line(record.contract, f, given.get(f)) for f in CONTRACT_FIELDS if f in given or f in record.contract),
    ]
    products = record.lists.get("products")
    if products:
        lines.append("  products:")
        for product in products:
            lines += block(product, 4)
    else:
        lines.append(f"  {'products: []':<30} # fill in: what the customer has bought, each with its ARR")
    lines.append("")
    for name in ("arr_history", "health"):
        if record.lists.get(name):
            lines += [f"{name}:", *(f"  - {flow(i)}" for i in _by_date(record.lists[name])), ""]
    if record.usage:
        lines += ["usage:", f"  metric: {scalar(record.usage['metric'])}", "  monthly:",
                  *(f"    {m}: {scalar(v)}" for m, v in sorted(record.usage["monthly"].items())), ""]
    people = [_new_person(p, defaults) for p in record.lists.get("stakeholders", ())]
    lines += ["stakeholders:", *(x for p in people for x in block(p, 2, CRM_MARK))] if people else \
        ["stakeholders: []"]
    lines.append("")
    lines += [f"{section + ': []':<32} # fill in: {note}" for section, note in _HAND_SECTIONS]
    lines.append("")
    if record.lists.get("signals"):
        lines += ["signals:", *(f"  - {flow(i)}" for i in _by_date(record.lists["signals"])), ""]
    lines += ["renewal:", f"  {'increase_pct: 0':<30} # fill in: the list-price increase you will propose at renewal"]
    return "\n".join(lines) + "\n"


def _by_date(items: list[dict[str, object]]) -> list[dict[str, object]]:
    return sorted(items, key=lambda i: (i["date"], str(i.get("kind", ""))))


def _new_person(person: dict[str, object], defaults: dict[str, object]) -> dict[str, object]:
    item = dict(person)
    for key in STAKEHOLDER_DEFAULTS:
        item.setdefault(key, defaults[key])
    return {k: item[k] for k in ("name", "title", "level", "function", "role", "strength", "sentiment",
                                 "last_contact") if k in item}


def unchanged(text: str, record: Record, owned: set[str]) -> bool:
    """Return True when the file already holds every CRM value of ``record``: a quick check with libyaml.

    False means "maybe changed": :func:`update_text` then decides on the round-trip document.
    """
    try:
        doc = pyyaml.load(text, Loader=_FAST)
    except pyyaml.YAMLError:
        return False
    if not isinstance(doc, dict):
        return False
    for path, value in _wanted(record, owned):
        current: object = doc
        for part in path:
            current = current.get(part) if isinstance(current, dict) else None
        if _canon(current) != _canon(value):
            return False
    if "stakeholders" in owned and "stakeholders" in record.lists:
        return _same_people(text, doc.get("stakeholders"), record.lists["stakeholders"])
    return True


def _wanted(record: Record, owned: set[str]):
    """Yield (path, value) for every CRM-owned value of ``record`` except the stakeholders."""
    for part, values in (("account", record.account), ("contract", record.contract)):
        for name, value in values.items():
            if f"{part}.{name}" in owned:
                yield (part, name), value
    if "contract.products" in owned and "products" in record.lists:
        yield ("contract", "products"), record.lists["products"]
    for name in ("arr_history", "health", "signals"):
        if name in owned and name in record.lists:
            yield (name,), _by_date(record.lists[name])
    if "usage" in owned and record.usage:
        yield ("usage",), {"metric": record.usage["metric"], "monthly": record.usage["monthly"]}


def _same_people(text: str, existing: object, people: list[dict[str, object]]) -> bool:
    marks: dict[str, str] = {}
    for m in _MARK_LINE.finditer(text):
        try:
            marks[str(pyyaml.load(m.group(1), Loader=_FAST)).casefold()] = m.group(2)
        except pyyaml.YAMLError:
            continue
    crm = {str(p["name"]).casefold(): p for p in people}
    seen: set[str] = set()
    for item in existing if isinstance(existing, list) else []:
        if not isinstance(item, dict):
            return False
        name = str(item.get("name", "")).casefold()
        if name in crm and name not in seen:
            seen.add(name)
            if marks.get(name) != CRM_MARK or any(_canon(item.get(k)) != _canon(v) for k, v in crm[name].items()):
                return False
        elif marks.get(name) != HAND_MARK:
            return False
    return seen == set(crm)


def update_text(text: str, record: Record, owned: set[str], defaults: dict[str, object]) -> str | None:
    """Return ``text`` with the CRM-owned fields set from ``record``, or None when nothing changes."""
    yaml = _yaml(text)
    doc = yaml.load(text)
    changed = _update(doc, record, owned, defaults)
    if not changed:
        return None
    out = io.StringIO()
    yaml.dump(doc, out)
    result = out.getvalue()
    if not result.endswith("\n"):
        result += "\n"
    return None if result == text else result


def _update(doc: CommentedMap, record: Record, owned: set[str], defaults: dict[str, object]) -> bool:
    changed = False
    for part, fields, values in (("account", ACCOUNT_FIELDS, record.account),
                                 ("contract", CONTRACT_FIELDS, record.contract)):
        section = _section(doc, part)
        for name in fields:
            if f"{part}.{name}" in owned and name in values:
                changed |= _set(section, name, _yaml_value(values[name]))
    if "contract.products" in owned and "products" in record.lists:
        products = [_product(p) for p in record.lists["products"]]
        changed |= _set(_section(doc, "contract"), "products", _seq(products))
    for name in ("arr_history", "health", "signals"):
        if name in owned and name in record.lists:
            changed |= _set_top(doc, name, _seq([_flow(i) for i in _by_date(record.lists[name])]))
    if "usage" in owned and record.usage:
        monthly = CommentedMap((m, _yaml_value(v)) for m, v in sorted(record.usage["monthly"].items()))
        changed |= _set_top(doc, "usage", CommentedMap([("metric", record.usage["metric"]), ("monthly", monthly)]))
    if "stakeholders" in owned and "stakeholders" in record.lists:
        changed |= _stakeholders(doc, record.lists["stakeholders"], defaults)
    return changed


def _stakeholders(doc: CommentedMap, people: list[dict[str, object]], defaults: dict[str, object]) -> bool:
    existing = doc.get("stakeholders")
    if not isinstance(existing, list):
        existing = CommentedSeq()
        _set_top(doc, "stakeholders", existing)
    crm = {str(p["name"]).casefold(): p for p in people}
    changed, seen, keep = False, set(), CommentedSeq()
    for item in existing:
        name = str(item.get("name", "")).casefold() if isinstance(item, dict) else ""
        if name in crm and name not in seen:
            seen.add(name)
            for key, value in crm[name].items():
                changed |= _set(item, key, _yaml_value(value))
            changed |= _mark(item, CRM_MARK)
            keep.append(item)
        elif isinstance(item, dict) and _marked(item) == CRM_MARK:
            changed = True  # a CRM contact the CRM no longer lists for this account
        else:
            if isinstance(item, dict):
                changed |= _mark(item, HAND_MARK)
            keep.append(item)
    for person in people:
        if str(person["name"]).casefold() not in seen:
            item = CommentedMap((k, _yaml_value(v)) for k, v in _new_person(person, defaults).items())
            _mark(item, CRM_MARK)
            keep.append(item)
            changed = True
    if changed:
        existing[:] = keep
        if keep:
            existing.fa.set_block_style()
    return changed


def _marked(item: CommentedMap) -> str | None:
    token = (item.ca.items.get("name") or [None] * 3)[2]
    return token.value.strip().lstrip("#").strip() if token is not None else None


def _mark(item: CommentedMap, mark: str) -> bool:
    if _marked(item) == mark:
        return False
    item.ca.items.pop("name", None)
    item.yaml_add_eol_comment(mark, "name")
    return True


def _section(doc: CommentedMap, name: str) -> CommentedMap:
    if not isinstance(doc.get(name), dict):
        _set_top(doc, name, CommentedMap())
    return doc[name]


def _set_top(doc: CommentedMap, key: str, value: object) -> bool:
    """Set a top-level key; a new key goes where the account file format puts it."""
    if key in doc:
        return _set(doc, key, value)
    rank = ORDER.index(key)
    position = sum(1 for k in doc if k in ORDER and ORDER.index(k) < rank)
    doc.insert(position, key, value)
    return True


def _set(mapping: CommentedMap, key: str, value: object) -> bool:
    """Set ``mapping[key]`` unless it already holds ``value``; containers are edited in place.

    Editing in place keeps what ruamel.yaml attached to the old node: the comments of entries that stay,
    and the blank line or comment after its last entry (moved to the new last entry).
    """
    if key in mapping and _canon(mapping[key]) == _canon(value):
        return False
    old = mapping.get(key)
    if isinstance(old, CommentedMap) and isinstance(value, CommentedMap) and list(old)[:1] and \
            [k for k in old if k in value] == [k for k in value if k in old]:
        last = list(old)[-1]
        for gone in [k for k in old if k not in value]:
            del old[gone]
        for k, v in value.items():
            _set(old, k, v)
        _move_token(old, last, list(old)[-1] if len(old) else None)
        return True
    if isinstance(old, CommentedSeq) and isinstance(value, CommentedSeq) and len(old) and len(value):
        last = len(old) - 1
        _keep_trailing(old[-1], value[-1])
        old[:] = list(value)
        _move_token(old, last, len(old) - 1)
        return True
    if key in mapping:
        _keep_trailing(old, value)
    mapping[key] = value
    return True


def _move_token(node: CommentedMap | CommentedSeq, old_last: object, new_last: object) -> None:
    if new_last is not None and old_last != new_last and old_last in node.ca.items:
        token = node.ca.items.pop(old_last)
        if new_last not in node.ca.items:
            node.ca.items[new_last] = token


def _keep_trailing(old: object, new: object) -> None:
    """Move what follows the old value's last entry (a blank line, a comment) to the new value's last entry."""
    containers = (CommentedMap, CommentedSeq)
    if not (isinstance(old, containers) and isinstance(new, containers) and len(old) and len(new)):
        return
    old_last = list(old)[-1] if isinstance(old, CommentedMap) else len(old) - 1
    new_last = list(new)[-1] if isinstance(new, CommentedMap) else len(new) - 1
    token = old.ca.items.get(old_last)
    if token:
        new.ca.items[new_last] = token
    else:
        _keep_trailing(old[old_last], new[new_last])


def _canon(value: object) -> object:
    if isinstance(value, dict):
        return {str(k): _canon(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_canon(v) for v in value]
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value)).normalize()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _yaml_value(value: object) -> object:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _product(item: dict[str, object]) -> CommentedMap:
    product = CommentedMap([("name", item["name"]), ("arr", _yaml_value(item["arr"]))])
    if "capacity" in item:
        product["capacity"] = _flow(item["capacity"])
    return product


def _flow(item: dict[str, object]) -> CommentedMap:
    mapping = CommentedMap((k, _yaml_value(v)) for k, v in item.items())
    mapping.fa.set_flow_style()
    return mapping


def _seq(items: list) -> CommentedSeq:
    seq = CommentedSeq(items)
    if not items:
        seq.fa.set_flow_style()
    return seq


def _add_months(day: dt.date, months: int) -> dt.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _yaml(text: str) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    mapping, sequence, offset = _indents(text)
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _indents(text: str) -> tuple[int, int, int]:
    """Return the mapping indent, sequence indent and dash offset the file already uses."""
    mapping = sequence_offset = None
    previous_key = None
    for raw in text.splitlines():
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        if stripped.startswith("- ") and previous_key is not None and sequence_offset is None:
            sequence_offset = max(indent - previous_key, 0)
        elif re.match(r"[^\s-][^:]*:(\s+#.*)?$", stripped):
            previous_key = indent
        elif mapping is None and indent > 0 and not stripped.startswith("- "):
            mapping = indent
        if mapping is None and indent > 0 and re.match(r"[^\s-][^:]*:", stripped):
            mapping = indent
    mapping = mapping or 2
    offset = 2 if sequence_offset is None else sequence_offset
    return mapping, offset + 2, offset
