"""``qbrgen import``: bring a folder of account files in step with the CRM exports.

Gather, check, then write: every account's new text is computed and validated by qbrgen's own
validator first; only then are the files written (atomically). A bad row leaves its account's file
as it was; a mapping error writes nothing at all.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from ruamel.yaml.error import YAMLError

from qbrgen.account import checks
from qbrgen.account.loader import load_bytes
from qbrgen.account.model import Account
from qbrgen.account.validate import find_workspace, load_workspace, validate_mapping
from qbrgen.build.outputs import slugify
from qbrgen.build.writer import fsync_dir, write_atomic
from qbrgen.crm.collect import Record, collect
from qbrgen.crm.mapping import Mapping
from qbrgen.crm.sources import Exports
from qbrgen.crm.yamlfile import new_account_text, unchanged, update_text
from qbrgen.errors import InputError, Problem, WriteError

_BASE_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
_ACCOUNT_BLOCK = re.compile(r"^account:[ \t]*(?:#.*)?\n((?:[ \t]*(?:[ \t].*)?\n)*)", re.MULTILINE)
PARALLEL_FROM = 400  # accounts: below this, starting worker processes costs more than it saves
CHUNK = 200


@dataclass
class ImportResult:
    """What an import found and did, file by file."""

    new: list[Path] = field(default_factory=list)
    changed: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    left: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    diffs: list[str] = field(default_factory=list)
    pruned: bool = False
    bad_accounts: set[str] = field(default_factory=set)  # CRM keys (or files) of the accounts left as they were
    bad_rows: int = 0  # rows of the exports with a cell that could not be read

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    def summary(self, dry_run: bool) -> str:
        """Return the one-line summary printed at the end of an import."""
        left = f"{len(self.left)} left the CRM" + (" (removed)" if self.pruned else
                                                   " (kept; --prune removes them)" if self.left else "")
        failed = (f", {len(self.bad_accounts)} account(s) with problems (left as they were)"
                  + (f", {self.bad_rows} row(s) of the exports with a bad cell" if self.bad_rows else "")
                  ) if self.errors else ""
        warned = len([p for p in self.problems if p.severity == "warning"])
        failed += f", {warned} warning(s)" if warned else ""
        head = "dry run, nothing written: " if dry_run else ""
        counts = f"{len(self.new)} new, {len(self.changed)} changed, {len(self.unchanged)} unchanged"
        return f"{head}{counts}, {left}{failed}"


def run_import(mapping: Mapping, folder: Path, as_of: dt.date, dry_run: bool = False,
               prune: bool = False) -> ImportResult:
    """Import the exports named by ``mapping`` into ``folder``; return what changed (and write it unless dry)."""
    workspace = load_workspace(find_workspace(folder if folder.exists() else folder.parent))
    with Exports(mapping) as exports:
        collected = collect(mapping, exports, workspace.model.catalog)
    files, problems = _existing(folder, collected.key)
    result = ImportResult(problems=list(dict.fromkeys(collected.problems + problems)),
                          bad_accounts=set(collected.bad) | {p.file for p in problems},
                          bad_rows=len({(p.file, p.line) for p in collected.problems
                                        if p.severity == "error" and p.line is not None and p.file != mapping.file}))
    writes: dict[Path, bytes] = {}
    jobs: list[tuple[Record, Path, bool]] = []
    taken = {p.name for p in folder.glob("*")} if folder.is_dir() else set()
    for key in sorted(collected.records):
        if key in collected.bad:
            continue
        record = collected.records[key]
        path = files.pop(key, None)
        if path is None:
            jobs.append((record, folder / _free_name(str(record.account.get("name") or key), taken), False))
        else:
            jobs.append((record, path, True))
    context = _Context(collected.owned, mapping.defaults, as_of, workspace, dry_run)
    for outcome in _prepare_all(jobs, context):
        if outcome.problems:
            result.problems.extend(outcome.problems)
            result.bad_accounts.add(str(outcome.path))
        elif outcome.text is None:
            result.unchanged.append(outcome.path)
        else:
            (result.changed if outcome.existed else result.new).append(outcome.path)
            writes[outcome.path] = outcome.text.encode("utf-8")
            if outcome.diff:
                result.diffs.append(outcome.diff)
    for key in collected.bad:
        files.pop(key, None)
    result.left = sorted(files.values())
    if not dry_run:
        _write(writes)
        if prune:
            for path in result.left:
                try:
                    path.unlink()
                except OSError as exc:
                    raise WriteError(f"cannot remove {path}: {exc.strerror or exc}") from None
            result.pruned = bool(result.left)
    return result


def _existing(folder: Path, key: str) -> tuple[dict[str, Path], list[Problem]]:
    """Return the account files already in ``folder`` by their CRM key (id or name)."""
    found: dict[str, Path] = {}
    problems = []
    if not folder.is_dir():
        return found, problems
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
        if path.name == "qbrgen.yaml":
            continue
        try:
            text = path.read_text(encoding="utf-8")
            value = _quick_key(text, key)
            if value is None:
                data = yaml.load(text, Loader=_BASE_LOADER)
                account = data.get("account") if isinstance(data, dict) else None
                value = account.get(key) if isinstance(account, dict) else None
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            problems.append(Problem(str(path), None, "", "cannot be read as YAML; fix it, then import again"))
            continue
        if not isinstance(value, str) or not value.strip():
            continue  # not an account file, or one the CRM cannot match: left alone
        value = value.strip()
        if value in found:
            problems.append(Problem(str(path), None, f"account.{key}",
                                    f"'{value}' is also the {key} of {found[value].name}; keep one file per account"))
            continue
        found[value] = path
    return found, problems


@dataclass(frozen=True)
class _Context:
    """What every account's preparation needs besides its own record (sent once to each worker)."""

    owned: set[str]
    defaults: dict[str, object]
    as_of: dt.date
    workspace: object
    dry_run: bool


@dataclass(frozen=True)
class _Outcome:
    path: Path
    existed: bool
    text: str | None  # None: unchanged
    problems: tuple[Problem, ...] = ()
    diff: str = ""


def _prepare(record: Record, path: Path, existed: bool, ctx: _Context) -> _Outcome:
    """Return the new text of one account file, checked by qbrgen's validator, or None if unchanged."""
    if existed:
        old = path.read_text(encoding="utf-8")
        if unchanged(old, record, ctx.owned):
            return _Outcome(path, existed, None)
        try:
            text = update_text(old, record, ctx.owned, ctx.defaults)
        except YAMLError as exc:  # PyYAML tolerates what ruamel.yaml refuses, like a key given twice
            line = getattr(getattr(exc, "problem_mark", None), "line", None)
            message = f"cannot be updated: {getattr(exc, 'problem', None) or 'the YAML is not valid'}; fix it first"
            return _Outcome(path, existed, None, (Problem(str(path), None if line is None else line + 1, "", message),))
        if text is None:
            return _Outcome(path, existed, None)
    else:
        old, text = None, new_account_text(record, ctx.owned, ctx.defaults, ctx.as_of)
    invalid = _validate(text, path, ctx.workspace)
    if invalid:
        return _Outcome(path, existed, None, tuple(invalid))
    return _Outcome(path, existed, text, (), _diff(path, old, text) if ctx.dry_run else "")


def _prepare_all(jobs: list[tuple[Record, Path, bool]], ctx: _Context) -> list[_Outcome]:
    """Return the outcome of every job, in order; a large import shares them among two processes."""
    if len(jobs) < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        return [_prepare(*job, ctx) for job in jobs]
    from concurrent.futures import ProcessPoolExecutor

    chunks = [jobs[i:i + CHUNK] for i in range(0, len(jobs), CHUNK)]
    with ProcessPoolExecutor(max_workers=2) as pool:
        return [o for outcomes in pool.map(_prepare_chunk, chunks, [ctx] * len(chunks)) for o in outcomes]


def _prepare_chunk(jobs: list[tuple[Record, Path, bool]], ctx: _Context) -> list[_Outcome]:
    return [_prepare(*job, ctx) for job in jobs]


def _write(files: dict[Path, bytes]) -> None:
    """Write every file atomically; several at a time, since each waits for its own sync to disk."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=8) as pool:
        for job in [pool.submit(write_atomic, path, data, False) for path, data in files.items()]:
            job.result()
    for folder in {path.parent for path in files}:
        fsync_dir(folder)


def _quick_key(text: str, key: str) -> str | None:
    """Return ``account.<key>`` read from the block-style ``account:`` section alone ('' if it has none).

    None when the section is not in the usual block layout: the caller then parses the whole file.
    """
    block = _ACCOUNT_BLOCK.search(text)
    if block is None:
        return None
    lines = [line for line in block.group(1).splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if not lines:
        return None
    indent = len(lines[0]) - len(lines[0].lstrip())
    for line in lines:
        if len(line) - len(line.lstrip()) == indent and line.lstrip().startswith(f"{key}:"):
            value = yaml.load(line.lstrip()[len(key) + 1:], Loader=_BASE_LOADER)
            return value if isinstance(value, str) else None
    return ""


def _validate(text: str, path: Path, workspace) -> list[Problem]:
    """Return the errors qbrgen's own validator finds in the text about to be written to ``path``."""
    try:
        loaded = load_bytes(text.encode("utf-8"), str(path))
        model = validate_mapping(Account, loaded)
        problems = checks.check_account(model, loaded, workspace.model, path.resolve().parent, workspace.root)
    except InputError as exc:
        return list(exc.problems)
    return [p for p in problems if p.severity == "error"]


def _free_name(name: str, taken: set[str]) -> str:
    base = slugify(name) or "account"
    candidate, n = f"{base}.yaml", 2
    while candidate in taken:
        candidate, n = f"{base}-{n}.yaml", n + 1
    taken.add(candidate)
    return candidate


def _diff(path: Path, old: str | None, new: str) -> str:
    lines = difflib.unified_diff((old or "").splitlines(keepends=True), new.splitlines(keepends=True),
                                 fromfile="/dev/null" if old is None else str(path), tofile=str(path))
    return "".join(lines)
