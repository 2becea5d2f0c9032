"""``qbrgen diff``: what a change to account files changes in the customer documents, for a pull request.

Each account file is compared with itself at a git revision (default ``HEAD``): both versions are built into
the customer deck and the proposal for the same as-of date, and the report lists the traced figures that
changed (before, after, and the fields that moved them), the slides and sections added or dropped, the
sentences changed part by part, and the lint findings opened or closed. The "since our last review" slide
is left out of both versions: it depends on the history itself, not on the change under review.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from qbrgen.account.discover import discover
from qbrgen.account.loader import load_bytes
from qbrgen.account.model import Account
from qbrgen.account.validate import AccountInfo, Workspaces, display_path, load_account, validate_mapping
from qbrgen.analysis.context import context
from qbrgen.analysis.lint import lint
from qbrgen.build import history
from qbrgen.build.trace import shown, term_text, traced_all
from qbrgen.errors import InputError
from qbrgen.sections.assemble import build_deck, build_proposal
from qbrgen.sections.document import _strings

DOCUMENTS = (("deck", "QBR deck"), ("proposal", "Renewal proposal"))


@dataclass
class AccountDiff:
    file: str
    since: str
    commit: str = ""
    note: str = ""  # why there is nothing to compare with (a new file, no git)
    figures: list[dict] = field(default_factory=list)
    parts_added: list[dict] = field(default_factory=list)
    parts_dropped: list[dict] = field(default_factory=list)
    sentences: list[dict] = field(default_factory=list)
    lint_opened: list[str] = field(default_factory=list)
    lint_closed: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.figures or self.parts_added or self.parts_dropped or self.sentences or self.lint_opened
                    or self.lint_closed)


@dataclass(frozen=True)
class _Built:
    ctx: object
    documents: dict
    figures: dict
    lint: frozenset


def _build(info: AccountInfo, as_of: dt.date) -> _Built:
    ctx = context(info.model, info.workspace.model, as_of)
    documents = {"deck": build_deck(ctx), "proposal": build_proposal(ctx)}
    findings = frozenset(f"{p.path}: {p.message}" if p.path else p.message for p in lint(info, ctx, info.source))
    return _Built(ctx, documents, traced_all(ctx), findings)


def _old(info: AccountInfo, since: str) -> tuple[AccountInfo, str]:
    commit = history.resolve(info.file, since)
    raw = history.read_at(info.file, commit)
    shown_name = f"{info.display}@{since}"
    try:
        loaded = load_bytes(raw, shown_name)
        model = validate_mapping(Account, loaded)
    except InputError as exc:
        raise history.NoHistory(f"the file at {since} is not valid ({exc.problems[0] if exc.problems else ''})") \
            from None
    return AccountInfo(model, info.file, shown_name, info.workspace, (), loaded.data), commit


def compare(before: _Built, after: _Built, result: AccountDiff) -> None:
    """Fill ``result`` with what differs between two builds of one account."""
    for fid in dict.fromkeys([*before.figures, *after.figures]):
        old, new = before.figures.get(fid), after.figures.get(fid)
        if old is not None and new is not None and old.value == new.value:
            continue
        fields_old = {t.field: t.value for t in (old.terms if old else ())}
        fields_new = {t.field: t.value for t in (new.terms if new else ())}
        terms = {t.field: t for t in (*(old.terms if old else ()), *(new.terms if new else ()))}
        moved = [{"field": name, "before": _value(before.ctx, terms[name], fields_old.get(name)),
                  "after": _value(after.ctx, terms[name], fields_new.get(name))}
                 for name in dict.fromkeys([*fields_old, *fields_new]) if fields_old.get(name) != fields_new.get(name)]
        result.figures.append({"figure": fid, "label": (new or old).label,
                               "before": shown(before.ctx, old) if old else None,
                               "after": shown(after.ctx, new) if new else None, "fields": moved})
    for kind, name in DOCUMENTS:
        old_parts, new_parts = before.documents[kind].parts, after.documents[kind].parts
        old_ids, new_ids = Counter(p.id for p in old_parts), Counter(p.id for p in new_parts)
        for pid in (new_ids - old_ids):
            title = next(p.title for p in new_parts if p.id == pid)
            result.parts_added.append({"document": name, "part": pid, "title": title})
        for pid in (old_ids - new_ids):
            title = next(p.title for p in old_parts if p.id == pid)
            result.parts_dropped.append({"document": name, "part": pid, "title": title})
        for pid in dict.fromkeys(p.id for p in new_parts if p.id in old_ids):
            old_text = [s for p in old_parts if p.id == pid for s in _texts(p)]
            new_text = [s for p in new_parts if p.id == pid for s in _texts(p)]
            removed = [s for s in dict.fromkeys(old_text) if s not in set(new_text)]
            added = [s for s in dict.fromkeys(new_text) if s not in set(old_text)]
            if removed or added:
                title = next(p.title for p in new_parts if p.id == pid)
                result.sentences.append({"document": name, "part": pid, "title": title, "removed": removed,
                                         "added": added})
    old_rules, new_rules = {_rule(x) for x in before.lint}, {_rule(x) for x in after.lint}
    result.lint_opened = sorted(x for x in after.lint if _rule(x) not in old_rules)
    result.lint_closed = sorted(x for x in before.lint if _rule(x) not in new_rules)


def _value(ctx, term, value) -> str | None:
    """Return a field's value as the documents write it, or None where the field is absent."""
    return None if value is None else term_text(ctx, dataclasses.replace(term, value=value))


def _texts(part) -> list[str]:
    """Return the part's text, one string per line of it; a chart's raw numbers are left out (its labels stay)."""
    out = []
    for s in _strings(part):
        if not s.strip():
            continue
        try:
            Decimal(s)
        except ArithmeticError:
            out.append(s)
    return out


def _rule(finding: str) -> str:
    """Return a lint finding's field and rule id: the same rule on the same field is the same finding."""
    match = re.search(r"\[(QBR\d+)", finding)
    return finding.split(": [", 1)[0] + (match.group(1) if match else finding)


def diff_paths(paths, since: str, as_of: dt.date) -> list[AccountDiff]:
    """Return the diff of every account file under ``paths`` against its version at ``since``."""
    found = discover(paths)
    workspaces = Workspaces()
    out = []
    for path in found.accounts:
        info = load_account(path, workspaces.for_account(path))
        result = AccountDiff(display_path(path), since)
        try:
            old, result.commit = _old(info, since)
        except history.NoHistory as exc:
            result.note = f"nothing to compare with: {exc}"
            out.append(result)
            continue
        compare(_build(old, as_of), _build(info, as_of), result)
        out.append(result)
    return out


def as_json(diffs: list[AccountDiff], as_of: dt.date) -> str:
    data = {"as_of": as_of.isoformat(), "accounts": [
        {"file": d.file, "since": d.since, "commit": d.commit, "note": d.note, "changed": d.changed,
         "figures": d.figures, "parts_added": d.parts_added, "parts_dropped": d.parts_dropped,
         "sentences": d.sentences, "lint_opened": d.lint_opened, "lint_closed": d.lint_closed} for d in diffs]}
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def _cell(text: str | None) -> str:
    return "—" if text is None else text.replace("|", "\\|").replace("\n", " ")


def as_markdown(diffs: list[AccountDiff], as_of: dt.date) -> str:
    """Return the diff as a pull-request comment."""
    out = [f"## qbrgen: what changes in the customer documents (as of {as_of.isoformat()})", ""]
    for d in diffs:
        against = f"`{d.since}`" + (f" ({d.commit[:12]})" if d.commit else "")
        out += [f"### {d.file} against {against}", ""]
        if d.note:
            out += [f"_{d.note}._", ""]
            continue
        if not d.changed:
            out += ["No change in the customer documents.", ""]
            continue
        if d.figures:
            out += ["**Figures**", "", "| Figure | Before | After | Moved by |", "|---|---:|---:|---|"]
            for f in d.figures:
                moved = "; ".join(f"`{m['field']}` {m['before'] or '—'} → {m['after'] or '—'}" for m in f["fields"])
                out.append(f"| {_cell(f['label'])} | {_cell(f['before'])} | {_cell(f['after'])} | {_cell(moved)} |")
            out.append("")
        if d.parts_added or d.parts_dropped:
            out += ["**Slides and sections**", ""]
            out += [f"- added to the {p['document']}: {p['title']}" for p in d.parts_added]
            out += [f"- dropped from the {p['document']}: {p['title']}" for p in d.parts_dropped]
            out.append("")
        if d.sentences:
            out += ["<details><summary>Sentences changed</summary>", ""]
            for s in d.sentences:
                out += [f"{s['document']}, {s['title']}:", "", "```diff"]
                out += [f"- {line}" for line in s["removed"]] + [f"+ {line}" for line in s["added"]] + ["```", ""]
            out += ["</details>", ""]
        if d.lint_opened or d.lint_closed:
            out += ["**Lint**", ""]
            out += [f"- opened: {x}" for x in d.lint_opened] + [f"- closed: {x}" for x in d.lint_closed] + [""]
    return "\n".join(out).rstrip() + "\n"


def run_diff(paths: list[Path], since: str, as_of: dt.date, fmt: str) -> str:
    diffs = diff_paths(paths, since, as_of)
    return as_json(diffs, as_of) if fmt == "json" else as_markdown(diffs, as_of)
