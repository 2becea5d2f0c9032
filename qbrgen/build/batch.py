"""Build many accounts: sharded, incremental, parallel, bounded, and honest about failures.

The parent process finds the accounts, keeps its shard, and hashes each account's inputs against
the manifest in the output folder; an unchanged account is skipped without importing the model or
any renderer, so a no-op rebuild is cheap. Accounts to build go to forked workers (forked after
the heavy imports, so they are paid once); each worker validates, renders every format to bytes,
then writes each file atomically. One failing account never stops the others unless asked.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from qbrgen import __version__
from qbrgen.account.discover import Seen, discover
from qbrgen.account.paths import display_path, find_workspace
from qbrgen.build import manifest, pool
from qbrgen.build.writer import TEMP_SUFFIX
from qbrgen.errors import InputError, QbrgenError, printable
from qbrgen.render.folders import templates_dir  # light: no rendering library, no model


@dataclass(frozen=True)
class Options:
    """How to build: what, where, for which date and audience, and how."""

    output: Path
    formats: tuple[str, ...]
    as_of: dt.date
    audience: str = "customer"
    jobs: int = 0  # 0: the machine's cores
    force: bool = False
    check: bool = False
    fail_fast: bool = False
    timeout: float = 600.0
    shard: tuple[int, int] = (1, 1)
    esign: str | None = None  # None: the workspace's proposal.esign
    pdf_variant: str | None = None  # None: the workspace's proposal.pdf_variant
    strict_lint: bool = False  # lint errors fail the account (for CI)
    since: str | None = None  # the last review (a date or git revision); None: each account's qbr.previous
    trace: bool = False  # write where each figure comes from beside the documents
    allow_placeholders: bool = False  # write customer documents even for an account with stand-in values
    deck_asked: bool = False  # --format named pptx: a tech-touch account gets its deck too
    selection: object = None  # qbrgen.build.selection.Selection: only these accounts (--select, --changed-since)
    language: str | None = None  # --language: every account's documents in this language; None: each account's

    @property
    def customer_documents(self) -> bool:
        """Whether this build writes anything a customer may receive."""
        return any(f in ("docx", "pdf") or (f == "pptx" and self.audience == "customer") for f in self.formats)


@dataclass
class AccountResult:
    """What happened to one account."""

    file: str
    outputs: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0
    status: str = "built"  # built | skipped | failed | stale | cancelled
    lint: str = ""  # one-line lint summary when the account has lint errors


@dataclass
class BuildResult:
    """What a build did, account by account."""

    accounts: list[AccountResult] = field(default_factory=list)
    seconds: float = 0.0
    leftovers: int = 0  # with --check: accounts with outputs a build would remove
    problems: list[str] = field(default_factory=list)  # not about one account (the manifest could not be saved)

    @property
    def ok(self) -> bool:
        """Return whether the build (or check) should exit 0."""
        return not (self.failed or self.problems or self.leftovers or self.count("stale"))

    @property
    def failed(self) -> list[AccountResult]:
        return [a for a in self.accounts if a.errors]

    def count(self, status: str) -> int:
        return sum(1 for a in self.accounts if a.status == status)

    def summary(self, check: bool = False) -> str:
        if check:
            stale = self.count("stale")
            extra = f", {self.leftovers} with leftover outputs" if self.leftovers else ""
            return (f"{len(self.accounts)} account(s) checked: {stale} stale or missing, "
                    f"{len(self.failed)} invalid{extra}" + ("" if not self.ok else "; all outputs are current"))
        files = sum(len(a.outputs) for a in self.accounts if a.status == "built")
        cancelled = f", {self.count('cancelled')} not built" if self.count("cancelled") else ""
        return (f"{len(self.accounts)} account(s): {self.count('built')} built ({files} files), "
                f"{self.count('skipped')} unchanged, {len(self.failed)} failed{cancelled} in {self.seconds:.1f} s")


def parse_shard(text: str) -> tuple[int, int]:
    """Return (k, n) from 'K/N' with 1 <= K <= N; raise ValueError otherwise."""
    k, _, n = text.partition("/")
    shard = (int(k), int(n))
    if not 1 <= shard[0] <= shard[1]:
        raise ValueError(text)
    return shard


def in_shard(key: str, shard: tuple[int, int]) -> bool:
    """Return whether the account with this stable key belongs to shard K of N."""
    k, n = shard
    digest = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big")
    return digest % n == k - 1


# -- hashing -------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _package_hash() -> str:
    """Return one hash of qbrgen's own templates, catalogs and version (computed once per process)."""
    catalogs = Path(__file__).resolve().parent.parent / "locale"  # qbrgen.i18n.CATALOGS, without importing gettext

    h = hashlib.sha256(__version__.encode())
    for root in (templates_dir(), catalogs):
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            h.update(str(path.relative_to(root)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def _messages_hash(workspace: Path) -> str:
    """Return one hash of a workspace's own message files (messages/*.po), which change its documents' words."""
    h = hashlib.sha256()
    folder = workspace.parent / "messages"
    for path in sorted(folder.glob("*.po")) if folder.is_dir() else ():
        h.update(path.name.encode())
        h.update(manifest.hash_file(path).encode())
    return h.hexdigest()


def input_key(account: Path, workspace: Path | None, options: Options, hashes: dict | None = None,
              digest: str | None = None) -> str:
    """Return the hash of everything an account's outputs depend on, except files named inside it.

    ``hashes`` remembers the workspace file's hash across the accounts of one build (hashed once, not once
    per account); ``digest`` is the account file's own hash when the build has read it already (the book's
    ranking reads every account file).
    """
    h = hashlib.sha256()
    hashes = {} if hashes is None else hashes
    if options.since:  # a moving revision (HEAD~1, a branch) names another commit after each commit
        from qbrgen.build.history import NoHistory, resolve

        try:
            h.update(resolve(Path(os.path.abspath(account)), options.since).encode())
        except NoHistory:
            h.update(b"no history")
    if workspace and workspace not in hashes:
        hashes[workspace] = manifest.hash_file(workspace) + _messages_hash(workspace)
    constant = ("options", id(options))  # the same for every account of a build: joined once
    if constant not in hashes:
        hashes[constant] = b"".join(part.encode() + b"\0" for part in (
            _package_hash(), ",".join(options.formats) + ("+deck" if options.deck_asked else ""), options.audience,
            options.as_of.isoformat(),
            options.esign or "-", options.pdf_variant or "-", options.since or "-", str(options.trace),
            os.environ.get("SOURCE_DATE_EPOCH", ""), options.language or "-",
            *(["stand-ins allowed"] if options.allow_placeholders else [])))
    for part in (digest or manifest.hash_file(account), hashes[workspace] if workspace else "-"):
        h.update(part.encode())
        h.update(b"\0")
    h.update(hashes[constant])
    return h.hexdigest()


def _current(entry: dict | None, job: Job, output: Path, hashes: dict | None = None) -> bool:
    """Return whether an account's outputs are current; ``hashes`` keeps the hash of each dependency that
    several accounts share (a team template, a logo) across one plan."""
    if not entry or entry.get("key") != job.key or entry.get("folder") != job.folder.name:
        return False
    hashes = {} if hashes is None else hashes
    if "templates" not in hashes:
        hashes["templates"] = templates_dir()
    roots = (job.root, hashes["templates"])
    for p, h in entry.get("deps", {}).items():
        if (p, roots) not in hashes:
            hashes[p, roots] = manifest.hash_file(Path(p), roots)
        if hashes[p, roots] != h:
            return False
    return manifest.outputs_intact(entry, output)


# -- planning ------------------------------------------------------------------------------------


@dataclass
class Job:
    """One account to consider: its file, how it is shown, its manifest name, its input hash, its folder."""

    file: Path
    shown: str
    name: str
    key: str
    root: Path  # the workspace folder: every file the account depends on lies inside it
    folder: Path | None = None
    slug_source: tuple[str, ...] = ()  # (name, id, file stem) the folder name was made from
    read_names: tuple[str, ...] = ()  # (name, id, file stem) as read from the account file
    tier: str = ""  # the book's tier, when the file sets none (qbrgen.build.segments): part of the key
    book: list | None = None  # the file's hash and what the book's ranking read of it, kept in its manifest entry


def _slug_source(path: Path) -> tuple[str, str]:
    """Return (name, id) read cheaply from an account file, for naming its output folder."""
    from qbrgen.account.loader import load_file, peek_account

    peeked = peek_account(path)  # the account block only: a large file is loaded in full once, by its build
    if peeked is not None:
        return peeked
    try:
        data = load_file(path).data
    except InputError:
        return "", ""
    account = data.get("account") if isinstance(data.get("account"), dict) else {}
    name, ident = account.get("name"), account.get("id")
    return (name if isinstance(name, str) else ""), (ident if isinstance(ident, str) else "")


def plan_folders(jobs: list[Job], entries: dict, output: Path) -> None:
    """Give each job an output folder; names that slug alike are told apart before anything is written."""
    from qbrgen.build.slugs import unique_slugs

    names = {}
    for job in jobs:
        entry = entries.get(job.name)
        if entry and entry.get("key") == job.key and entry.get("slug_source"):
            names[job.file] = tuple(entry["slug_source"])
        else:
            if not job.read_names:  # read once per build, though a build may plan twice (see run)
                job.read_names = (*_slug_source(job.file), job.file.stem)
            names[job.file] = job.read_names
    slugs = unique_slugs({str(f): n for f, n in names.items()})
    for job in jobs:
        job.folder = output / slugs[str(job.file)]
        job.slug_source = names[job.file]


def planned_outputs(folder: Path, options: Options) -> list[str]:
    """Return the output files (relative to the output folder) a build of one account may write: the ones
    asked for, and the renewal notice's, which a tech-touch account gets (known only once it is read)."""
    from qbrgen.render.registry import RENDERERS

    names = []
    formats = list(options.formats)
    if options.audience == "customer":  # a tech-touch account gets its renewal notice: the files it may write
        formats += [f for f in ("notice-pdf", "notice-md", "notice-html") if f in RENDERERS]
    for fmt in formats:
        name = RENDERERS[fmt][2]
        names.append(name.replace(".pptx", "-INTERNAL.pptx") if fmt == "pptx" and options.audience == "internal"
                     else name)
    return [f"{folder.name}/{n}" for n in names]


# -- workers -------------------------------------------------------------------------------------


class _LintFailed(Exception):
    pass


class _StandIns(Exception):
    pass


_WORKSPACES: dict = {}


def _build_one(args) -> tuple[dict, dict | None]:
    """Validate, render and write one account; return (result, manifest entry or None)."""
    job_file, shown, key, folder, root, options, tier, book = args
    from qbrgen.account.validate import Workspaces, load_account
    from qbrgen.analysis.lint import build_summary
    from qbrgen.build.assets import assets_for
    from qbrgen.build.history import since_of
    from qbrgen.build.outputs import document_language, render_outputs
    from qbrgen.build.writer import write_all

    result = AccountResult(shown)
    start = time.perf_counter()
    entry = None
    try:
        workspaces = _WORKSPACES.setdefault("cache", Workspaces())
        info = load_account(Path(job_file), workspaces.for_account(Path(job_file)), display=shown, tier=tier)
        result.warnings = [str(w) for w in info.warnings]
        result.lint = build_summary(info, options.as_of)
        if result.lint and options.strict_lint:
            raise _LintFailed(result.lint)
        if options.customer_documents and not options.allow_placeholders:
            from qbrgen.analysis.placeholders import findings

            stand_ins = findings(info, info.source)
            if stand_ins:
                result.errors.extend(str(p) for p in stand_ins)
                raise _StandIns()
        assets = assets_for(info, options.as_of, options.esign, options.pdf_variant)
        since, why = since_of(info, options.since, options.as_of)
        if why:
            result.warnings.append(why + " (warning)")
        language, why = document_language(info, options.language)
        if why:
            result.warnings.append(f"{shown}: {why} (warning)")
        files = render_outputs(info, Path(folder), options.formats, options.as_of, options.audience, assets,
                               since=since, trace=options.trace, deck_asked=options.deck_asked, language=language)
        write_all(files)
        result.outputs = [str(p) for p in files]
        roots = (Path(root), templates_dir())
        entry = {"key": key, "lint": result.lint,
                 "deps": {str(p): manifest.hash_file(p, roots) for p in assets.local_files},
                 "outputs": [p.relative_to(options.output).as_posix() for p in files],
                 "sums": manifest.output_sums(files, options.output)}
        if book:
            entry["book"] = book  # the next build ranks the book without parsing this file again
    except _LintFailed:
        result.errors.append(f"{shown}: not built: lint errors fail the build with --strict-lint")
    except _StandIns:
        result.errors.append(f"{shown}: not built: a customer document would show the stand-in values above; "
                             "replace them, or pass --allow-placeholders for an internal draft")
    except InputError as exc:
        result.errors.extend(str(p) for p in exc.problems)
    except QbrgenError as exc:
        result.errors.append(f"{shown}: {exc.format_message()}")
    except MemoryError:
        from qbrgen.build.limits import margin_mb

        result.errors.append(f"{shown}: not built: it ran out of memory (a worker may use {margin_mb()} MB more than "
                             "the build; QBRGEN_WORKER_MEMORY_MB sets this); look for a huge picture or table")
    except Exception as exc:  # noqa: BLE001 - one account's bug must not stop the book
        if os.environ.get("QBRGEN_DEBUG"):
            import traceback

            traceback.print_exc()
        result.errors.append(f"{shown}: internal error: {type(exc).__name__}: {exc} (please report this)")
    result.errors = [printable(e) for e in result.errors]
    result.seconds = time.perf_counter() - start
    result.status = "failed" if result.errors else "built"
    return asdict(result), entry


def _preload(formats) -> None:
    """Import the renderers and warm their per-process caches before forking, so workers share them."""
    import importlib

    import holidays  # noqa: F401 - the steps to signature skip public holidays; imported once, before forking

    import qbrgen.build.outputs  # noqa: F401
    import qbrgen.sections.assemble  # noqa: F401
    from qbrgen.render.registry import RENDERERS

    for fmt in formats:
        module = importlib.import_module(RENDERERS[fmt][0])
        warm = getattr(module, "warm_up", None)
        if warm is not None:
            warm()
    pool.freeze()  # what was just loaded lives as long as the process: keep the garbage collector off it


# -- the build -----------------------------------------------------------------------------------


def run(paths, options: Options, echo: Callable[[str], None] = print,
        progress: bool = False) -> BuildResult:
    """Build (or with ``check``, only inspect) every account under ``paths``; return what happened."""
    start = time.perf_counter()
    from qbrgen.build.selection import narrow

    seen = Seen()  # what finding the accounts learns of each file, for the book's ranking to reuse
    found = narrow(discover(paths, seen), options.selection, options.as_of)
    result = BuildResult()
    for path, reason in found.skipped:
        result.problems.append(f"{path}: skipped: {reason}")
        echo(printable(result.problems[-1]))
    ws_of: dict[Path, Path | None] = {}
    ws_hashes: dict[Path, str] = {}
    jobs: list[Job] = []
    base, dirs = manifest.key_base(options.output), {}
    real_dirs: dict[str, Path] = {}
    cwd = os.getcwd()
    from qbrgen.build.segments import Tiers

    entries, warning = manifest.load(options.output)
    tiers = Tiers(entries, seen)  # the book's tier of each account, ranked over its whole workspace
    for path in found.accounts:
        shown = display_path(path)
        name = manifest.account_key(path, options.output, base, dirs)
        if not in_shard(name, options.shard):  # by the manifest's name: the same from any working folder
            continue
        parent = os.path.dirname(os.path.join(cwd, path))  # lexical, as Path.absolute(): '..' kept for resolve
        if parent not in real_dirs:
            real_dirs[parent] = Path(parent).resolve()
        folder = real_dirs[parent]  # a symlinked account belongs where the link is
        if folder not in ws_of:
            ws_of[folder] = find_workspace(path)
        ws = ws_of[folder]
        tier, book = tiers.tier(path, ws)
        key = input_key(path, ws, options, ws_hashes, book[0] if book else None)  # the file hashed once
        key = hashlib.sha256(f"{key}\0tier:{tier}".encode()).hexdigest() if tier else key
        jobs.append(Job(path, shown, name, key, ws.parent if ws else folder, tier=tier, book=book))

    if warning:
        echo(f"warning: {warning}")
    lines: list[str] = []  # what planning has to say, shown once, from the plan that is carried out
    todo, clean, orphans = _plan(jobs, entries, options, result, lines.append)
    if options.check:
        for name in orphans:
            if any(p.is_file() for p in manifest.owned_outputs(entries[name], options.output)):
                lines.append(f"{name}: leftover outputs of an account file that no longer exists")
                result.leftovers += 1
        result.leftovers += len(clean)
    elif todo or clean or orphans:
        lock = manifest.Lock(options.output)
        lock.acquire(echo)
        try:
            entries, _ = manifest.load(options.output)  # another build may have finished while we planned
            result.accounts.clear()
            lines.clear()
            todo, clean, orphans = _plan(jobs, entries, options, result, lines.append)
            for line in lines:
                echo(line)
            lines.clear()
            _build(todo, clean, orphans, entries, options, result, echo, progress)
        finally:
            lock.release()
    for line in lines:
        echo(line)
    result.seconds = time.perf_counter() - start
    return result


def _plan(jobs: list[Job], entries: dict, options: Options, result: BuildResult, echo):
    """Return (accounts to build, current accounts with leftovers, orphaned names); record the skipped."""
    plan_folders(jobs, entries, options.output)
    todo, clean = [], []
    hashes: dict = {}
    common = CommonLint()
    for job in jobs:
        entry = entries.get(job.name)
        if not options.force and _current(entry, job, options.output, hashes):
            skipped = AccountResult(job.shown, outputs=entry["outputs"], status="skipped", lint=entry.get("lint", ""))
            if skipped.lint and common.show(skipped.lint):
                echo(skipped.lint)
                if options.strict_lint:
                    skipped.errors.append(f"{job.shown}: lint errors fail the build with --strict-lint")
                    echo(skipped.errors[-1])
            result.accounts.append(skipped)
            extra = manifest.leftovers(entry, entry["outputs"], job.folder, options.output, options.audience)
            if extra:
                clean.append((job, extra))
                if options.check:
                    echo(f"{job.shown}: leftover outputs: {', '.join(str(p) for p in extra)}")
        elif options.check:
            _check_one(job, result, echo)
        else:
            todo.append(job)
    for line in common.summary():
        echo(line)
    return todo, clean, manifest.orphans(entries, options.output)


def _check_one(job: Job, result: BuildResult, echo) -> None:
    """Record an account that is not current: invalid (with its problems) or stale."""
    from qbrgen.account.validate import Workspaces, load_account

    try:
        load_account(job.file, _WORKSPACES.setdefault("cache", Workspaces()).for_account(job.file), display=job.shown)
    except InputError as exc:
        errors = [printable(str(p)) for p in exc.problems]
        result.accounts.append(AccountResult(job.shown, errors=errors, status="failed"))
        for line in errors:
            echo(line)
        echo(f"{job.shown}: invalid, so its outputs cannot be current")
        return
    except Exception:  # noqa: BLE001 - a build reports the details; --check only says the account is stale
        pass
    result.accounts.append(AccountResult(job.shown, status="stale"))
    echo(f"{job.shown}: outputs are missing or out of date")


def _build(todo, clean, orphans, entries, options: Options, result: BuildResult, echo, progress) -> None:
    """Build ``todo``, remove leftovers, and save the manifest (recording each account as it lands)."""
    out = options.output
    loaded = json.dumps(entries, sort_keys=True)
    for _job, extra in clean:
        manifest.remove(extra, out, echo)
    for job in todo:
        manifest.unlink_replaced(entries.get(job.name), out, echo)
    gone = [entries.pop(name) for name in orphans]
    for entry in gone:
        owned = sorted(p for p in manifest.owned_outputs(entry, out) if p.is_file())
        manifest.remove(manifest.unclaimed(owned, entries, None, out), out, echo)
    journal = manifest.Journal(out)
    try:
        if todo:
            _clean_temp_files(out)
            pending = []
            for job in todo:
                old = entries.get(job.name)
                if old:  # an account with no entry is not current anyway, and owns nothing yet
                    outputs = list(dict.fromkeys([*old.get("outputs", []), *planned_outputs(job.folder, options)]))
                    entries[job.name] = {**old, "key": None, "outputs": outputs}
                    pending.append((job.name, outputs))
            journal.pending(pending)
            _run_jobs(todo, options, entries, journal, result, echo, progress)
    finally:
        journal.close()
        if json.dumps(entries, sort_keys=True) != loaded:  # nothing built, nothing written (bad input)
            try:
                manifest.save(out, entries)
            except QbrgenError as exc:
                result.problems.append(f"the manifest was not saved: {exc.format_message()}")
                echo(f"Error: {result.problems[-1]}")


def _run_jobs(todo: list[Job], options: Options, entries: dict, journal, result: BuildResult, echo,
              progress) -> None:
    tasks = [(str(j.file), j.shown, j.key, str(j.folder), str(j.root), options, j.tier, j.book) for j in todo]
    by_shown = {j.shown: j for j in todo}
    jobs = min(options.jobs or os.cpu_count() or 1, len(tasks))
    _preload(options.formats)
    bar = None
    if progress:  # rich's live bar on stderr; every line a build prints goes above it, never into it
        from qbrgen.render.terminal import LiveProgress

        bar = LiveProgress(len(tasks))
        echo = bar.echo
    common = CommonLint()
    said: set[str] = set()  # a problem of the shared qbrgen.yaml (a stand-in vendor name) is said once

    def handle(data, entry) -> bool:
        account = AccountResult(**data)
        result.accounts.append(account)
        lint_line = [account.lint] if account.lint and common.show(account.lint) else []
        for line in (*account.warnings, *lint_line, *account.errors):
            if line not in said:
                echo(line)
            if not line.startswith(account.file):
                said.add(line)
        job = by_shown[account.file]
        if entry is not None:
            old = entries.get(job.name)
            extra = manifest.leftovers(old, entry["outputs"], job.folder, options.output, options.audience)
            manifest.remove(manifest.unclaimed(extra, entries, job.name, options.output), options.output, echo)
            entry["folder"] = job.folder.name
            entry["slug_source"] = list(job.slug_source)
            entries[job.name] = entry
            journal.record(job.name, entry)
        if bar is not None:
            bar.advance()
        return bool(account.errors) and options.fail_fast

    if not pool.available():  # pragma: no cover - Windows: one account after another, in this process
        outcomes = ((task, _build_one(task)) for task in tasks)
    else:
        outcomes = pool.imap(_build_one, tasks, jobs, options.timeout)
    try:
        for task, outcome in outcomes:
            if isinstance(outcome, pool.Lost):
                outcome = (asdict(AccountResult(task[1], status="failed", errors=[f"{task[1]}: {outcome}"])), None)
            if handle(*outcome):
                break
    finally:
        outcomes.close()  # ends every worker now, whatever stopped the loop (Ctrl-C included)
        gc.unfreeze()  # frozen for the workers forked from here; this process may go on (a test, a library user)
        if bar is not None:
            bar.stop()
        for line in common.summary():
            echo(line)
    done = {a.file for a in result.accounts}
    cancelled = [job for job in todo if job.shown not in done]
    for job in cancelled:
        result.accounts.append(AccountResult(job.shown, status="cancelled"))
    if cancelled:
        echo(f"{len(cancelled)} account(s) not built (--fail-fast)")


class CommonLint:
    """Say a lint finding that many accounts share once: after an import, 180 accounts lacking value
    stories are one line, not 180. The first few accounts with a given set of rules are named in full."""

    SHOWN = 3

    def __init__(self) -> None:
        self.by_rules: dict[str, list[str]] = {}

    @staticmethod
    def rules(line: str) -> str:
        return line.split(" error(s): ", 1)[-1].split("; run ", 1)[0]

    def show(self, line: str) -> bool:
        """Record one account's lint summary; return whether to print it."""
        seen = self.by_rules.setdefault(self.rules(line), [])
        seen.append(line.split(": lint: ", 1)[0])
        return len(seen) <= self.SHOWN

    def summary(self) -> list[str]:
        return [f"{len(files) - self.SHOWN} more account(s) have the same lint errors ({rules}), like "
                f"{files[self.SHOWN]}; run 'qbrgen lint' on the folder for the details"
                for rules, files in self.by_rules.items() if len(files) > self.SHOWN]


def _clean_temp_files(output: Path) -> None:
    """Remove temporary files an interrupted earlier build may have left behind."""
    if not output.is_dir():
        return
    for tmp in output.rglob(f".*{TEMP_SUFFIX}"):
        try:
            tmp.unlink()
        except OSError:
            pass
