"""Build many accounts: sharded, incremental, parallel, bounded, and honest about failures.

The parent process finds the accounts, keeps its shard, and hashes each account's inputs against
the manifest in the output folder (:mod:`qbrgen.build.plan`); an unchanged account is skipped without
importing the model or any renderer, so a no-op rebuild is cheap. Accounts to build go to forked workers
(forked after the heavy imports, so they are paid once); each worker (:mod:`qbrgen.build.worker`) validates,
renders every format to bytes, then writes each file atomically. One failing account never stops the others
unless asked. What it was asked is :mod:`qbrgen.build.options`, what it did :mod:`qbrgen.build.results`.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from qbrgen.account.discover import Seen, discover
from qbrgen.account.paths import display_path, find_workspace
from qbrgen.build import manifest, pool
from qbrgen.build.options import Options
from qbrgen.build.plan import Job, current, in_shard, input_key, plan_folders, planned_outputs
from qbrgen.build.results import AccountResult, BuildResult, CommonLint
from qbrgen.build.worker import WORKSPACES, build_one, preload
from qbrgen.build.writer import TEMP_SUFFIX
from qbrgen.errors import InputError, QbrgenError, printable


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
        if not options.force and current(entry, job, options.output, hashes):
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
        load_account(job.file, WORKSPACES.setdefault("cache", Workspaces()).for_account(job.file), display=job.shown)
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
    preload(options.formats)
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
        outcomes = ((task, build_one(task)) for task in tasks)
    else:
        outcomes = pool.imap(build_one, tasks, jobs, options.timeout)
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


def _clean_temp_files(output: Path) -> None:
    """Remove temporary files an interrupted earlier build may have left behind."""
    if not output.is_dir():
        return
    for tmp in output.rglob(f".*{TEMP_SUFFIX}"):
        try:
            tmp.unlink()
        except OSError:
            pass
