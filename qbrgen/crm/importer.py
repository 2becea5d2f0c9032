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
import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from ruamel.yaml.error import YAMLError

from qbrgen.account import checks
from qbrgen.account.discover import IMPORT_MAPPING_FILES
from qbrgen.account.loader import load_bytes
from qbrgen.account.model import Account
from qbrgen.account.validate import WORKSPACE_FILE, find_workspace, load_workspace, validate_mapping
from qbrgen.build.outputs import slugify
from qbrgen.build.writer import TEMP_SUFFIX, fsync_dir, write_atomic
from qbrgen.crm.collect import Record, collect
from qbrgen.crm.mapping import Mapping
from qbrgen.crm.sources import Exports
from qbrgen.crm.yamlfile import new_account_text, unchanged, update_text
from qbrgen.errors import InputError, Problem, WriteError

_BASE_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)
_ACCOUNT_BLOCK = re.compile(r"^account:[ \t]*(?:#.*)?\n((?:[ \t]*(?:[ \t].*)?\n)*)", re.MULTILINE)
# Names the build or the import reads as something other than an account file: never given to an account.
RESERVED_NAMES = frozenset({WORKSPACE_FILE, "qbrgen.yml", *IMPORT_MAPPING_FILES})
PRUNE_MAX = 20  # percent of the book's account files that --prune may remove without --force
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
    renamed: list[tuple[str, Path]] = field(default_factory=list)  # (name the CRM gives, file written instead)
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
               prune: bool = False, prune_max: float = PRUNE_MAX, force: bool = False) -> ImportResult:
    """Import the exports named by ``mapping`` into ``folder``; return what changed (and write it unless dry)."""
    workspace = load_workspace(find_workspace(folder if folder.exists() else folder.parent))
    with Exports(mapping) as exports:
        collected = collect(mapping, exports, workspace.model.catalog)
    files, problems, blocked = _existing(folder, collected.key)
    book = len(files)
    result = ImportResult(problems=list(dict.fromkeys(collected.problems + problems)),
                          bad_accounts=set(collected.bad) | {p.file for p in problems},
                          bad_rows=len({(p.file, p.line) for p in collected.problems
                                        if p.severity == "error" and p.line is not None and p.file != mapping.file}))
    writes: dict[Path, bytes] = {}
    jobs: list[tuple[Record, Path, bool]] = []
    taken = {p.name.lower() for p in folder.iterdir()} if folder.is_dir() else set()
    for key in sorted(collected.records):
        if key in collected.bad or key in blocked:
            continue
        record = collected.records[key]
        path = files.pop(key, None)
        if path is None:
            wanted = str(record.account.get("name") or key)
            name = _free_name(wanted, taken)
            if f"{slugify(wanted) or 'account'}.yaml" in RESERVED_NAMES:
                result.renamed.append((wanted, folder / name))
            jobs.append((record, folder / name, False))
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
    for key in collected.bad | blocked:
        files.pop(key, None)
    result.left = sorted(files.values())
    if prune and result.left and not force:
        _check_prune(result, collected, book, prune_max)
    if not dry_run:
        _remove_stale_temp_files(folder)
        _write(writes)
        if prune:
            for path in result.left:
                try:
                    path.unlink()
                except OSError as exc:
                    raise WriteError(f"cannot remove {path}: {exc.strerror or exc}") from None
            result.pruned = bool(result.left)
    return result


def _check_prune(result: ImportResult, collected, book: int, prune_max: float) -> None:
    """Refuse a prune that would empty or gut the book: an empty or truncated export looks like churn."""
    if not collected.records:
        raise PruneRefused("--prune refused: the export has no accounts, so every account file would be removed; "
                           "check the export (or add --force to remove them anyway); nothing was written") \
            from None
    share = 100 * len(result.left) / max(book, 1)
    if share > prune_max:
        raise PruneRefused(f"--prune refused: it would remove {len(result.left)} of {book} account files "
                           f"({share:.0f}%, more than --prune-max {prune_max:g}%); check the export is complete, "
                           "raise --prune-max or add --force; nothing was written") from None


class PruneRefused(WriteError):
    """``--prune`` would remove too much of the book; nothing is written."""


def _file_kind(path: Path) -> str | None:
    """Return what ``path`` is when it is not a regular file (never following a link), else None."""
    try:
        mode = os.lstat(path).st_mode
    except OSError as exc:
        return f"cannot be inspected ({exc.strerror or exc})"
    if stat.S_ISREG(mode):
        return None
    return ("a symbolic link" if stat.S_ISLNK(mode) else "a FIFO" if stat.S_ISFIFO(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a folder" if stat.S_ISDIR(mode) else "not a regular file")


def _remove_stale_temp_files(folder: Path) -> None:
    """Remove what an interrupted import left: ``.<name>.<random>.qbrgen-tmp`` regular files in ``folder``."""
    if not folder.is_dir():
        return
    for tmp in folder.glob(f".*{TEMP_SUFFIX}"):
        if _file_kind(tmp) is None:
            try:
                tmp.unlink()
            except OSError:
                pass


def _existing(folder: Path, key: str) -> tuple[dict[str, Path], list[Problem], set[str]]:
    """Return the account files already in ``folder`` by their CRM key (id or name), the problems found, and
    the keys of accounts whose file is not a regular file (left alone: never read through, never written)."""
    found: dict[str, Path] = {}
    problems = []
    blocked: set[str] = set()
    if not folder.is_dir():
        return found, problems, blocked
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
        if path.name in RESERVED_NAMES:
            continue
        kind = _file_kind(path)
        if kind is not None:
            problems.append(Problem(str(path), None, "", f"is {kind}, not a regular file; the import neither reads "
                                    "nor writes through it (replace it with the account file itself)"))
            value = _linked_key(path, key) if kind == "a symbolic link" else None
            if value:
                blocked.add(value)
            continue
        try:
            value = _key_in(path.read_text(encoding="utf-8"), key)
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
    return found, problems, blocked


def _key_in(text: str, key: str):
    """Return the value of ``account.<key>`` in an account file's text (raises yaml.YAMLError on bad YAML)."""
    value = _quick_key(text, key)
    if value is None:
        data = yaml.load(text, Loader=_BASE_LOADER)
        account = data.get("account") if isinstance(data, dict) else None
        value = account.get(key) if isinstance(account, dict) else None
    return value


def _linked_key(path: Path, key: str) -> str | None:
    """Return the CRM key of the regular file a link points to, so that account is not imported twice."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode) or os.stat(path).st_size > 16 << 20:
            return None
        value = _key_in(path.read_text(encoding="utf-8"), key)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return value.strip() if isinstance(value, str) and value.strip() else None


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
    from qbrgen.build.pool import _die_with_parent

    with ProcessPoolExecutor(max_workers=2, initializer=_die_with_parent) as pool:
        return [o for outcomes in pool.map(_prepare_chunk, chunks, [ctx] * len(chunks)) for o in outcomes]


def _prepare_chunk(jobs: list[tuple[Record, Path, bool]], ctx: _Context) -> list[_Outcome]:
    return [_prepare(*job, ctx) for job in jobs]


def _write(files: dict[Path, bytes]) -> None:
    """Write every file atomically; several at a time, since each waits for its own sync to disk."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=8) as pool:
        for job in [pool.submit(write_atomic, path, data, False, "refuse") for path, data in files.items()]:
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
    """Return a file name for a new account: its slug, never a reserved name, never one already in the folder."""
    base = slugify(name) or "account"
    if f"{base}.yaml" in RESERVED_NAMES:
        base += "-account"
    candidate, n = f"{base}.yaml", 2
    while candidate.lower() in taken:
        candidate, n = f"{base}-{n}.yaml", n + 1
    taken.add(candidate.lower())
    return candidate


def _diff(path: Path, old: str | None, new: str) -> str:
    lines = difflib.unified_diff((old or "").splitlines(keepends=True), new.splitlines(keepends=True),
                                 fromfile="/dev/null" if old is None else str(path), tofile=str(path))
    return "".join(lines)
