"""Build many accounts: sharded, incremental, parallel, bounded, and honest about failures.

The parent process finds the accounts, keeps its shard, and hashes each account's inputs against
the manifest in the output folder; an unchanged account is skipped without importing the model or
any renderer, so a no-op rebuild is cheap. Accounts to build go to forked workers (forked after
the heavy imports, so they are paid once); each worker validates, renders every format to bytes,
then writes each file atomically. One failing account never stops the others unless asked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from qbrgen import __version__
from qbrgen.discover import discover
from qbrgen.errors import InputError, QbrgenError
from qbrgen.validate import display_path, find_workspace
from qbrgen.writer import TEMP_SUFFIX

MANIFEST = ".qbrgen-manifest.json"


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
    strict_lint: bool = False  # lint errors fail the account (for CI)


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

    @property
    def failed(self) -> list[AccountResult]:
        return [a for a in self.accounts if a.errors]

    def count(self, status: str) -> int:
        return sum(1 for a in self.accounts if a.status == status)

    def summary(self, check: bool = False) -> str:
        if check:
            stale = self.count("stale")
            return (f"{len(self.accounts)} account(s) checked: {stale} stale or missing, "
                    f"{len(self.failed)} invalid" + ("" if stale or self.failed else "; all outputs are current"))
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


# -- hashing and the manifest ----------------------------------------------------------------------


def _file_hash(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


@lru_cache(maxsize=1)
def _package_hash() -> str:
    """Return one hash of qbrgen's own templates and version (computed once per process)."""
    from qbrgen.render import templates_dir  # light: no rendering library

    h = hashlib.sha256(__version__.encode())
    root = templates_dir()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(root)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def input_key(account: Path, workspace: Path | None, options: Options) -> str:
    """Return the hash of everything an account's outputs depend on, except files named inside it."""
    h = hashlib.sha256()
    for part in (_file_hash(account), _file_hash(workspace) if workspace else "-", _package_hash(),
                 ",".join(options.formats), options.audience, options.as_of.isoformat(),
                 os.environ.get("SOURCE_DATE_EPOCH", "")):
        h.update(part.encode())
        h.update(b"\0")
    return h.hexdigest()


def load_manifest(output: Path) -> dict:
    try:
        data = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data.get("accounts", {}) if data.get("qbrgen") == __version__ else {}


def save_manifest(output: Path, entries: dict) -> None:
    from qbrgen.writer import write_atomic

    text = json.dumps({"qbrgen": __version__, "accounts": dict(sorted(entries.items()))}, indent=1)
    write_atomic(output / MANIFEST, text.encode("utf-8"))


def _current(entry: dict | None, key: str, output: Path) -> bool:
    if not entry or entry.get("key") != key:
        return False
    if any(_file_hash(Path(p)) != h for p, h in entry.get("deps", {}).items()):
        return False
    return all((output / o).is_file() for o in entry.get("outputs", []))


# -- planning ------------------------------------------------------------------------------------


@dataclass
class Job:
    """One account to consider: its file, how it is shown, its input hash, where its files go."""

    file: Path
    shown: str
    key: str
    folder: Path | None = None
    slug_source: tuple[str, ...] = ()  # (name, id, file stem) the folder name was made from


def _slug_source(path: Path) -> tuple[str, str]:
    """Return (name, id) read cheaply from an account file, for naming its output folder."""
    from qbrgen.loader import load_file

    try:
        data = load_file(path).data
    except InputError:
        return "", ""
    account = data.get("account") if isinstance(data.get("account"), dict) else {}
    name, ident = account.get("name"), account.get("id")
    return (name if isinstance(name, str) else ""), (ident if isinstance(ident, str) else "")


def plan_folders(jobs: list[Job], manifest: dict, output: Path) -> None:
    """Give each job an output folder; names that slug alike are told apart before anything is written."""
    from qbrgen.outputs import unique_slugs

    names = {}
    for job in jobs:
        entry = manifest.get(job.shown)
        if entry and entry.get("key") == job.key and entry.get("slug_source"):
            names[job.file] = tuple(entry["slug_source"])
        else:
            names[job.file] = (*_slug_source(job.file), job.file.stem)
    slugs = unique_slugs({str(f): n for f, n in names.items()})
    for job in jobs:
        job.folder = output / slugs[str(job.file)]
        job.slug_source = names[job.file]


# -- workers -------------------------------------------------------------------------------------


class _Timeout(Exception):
    pass


class _LintFailed(Exception):
    pass


def _alarm(signum, frame):  # noqa: ARG001
    raise _Timeout()


_WORKSPACES: dict = {}


def _build_one(args) -> tuple[dict, dict | None]:
    """Validate, render and write one account; return (result, manifest entry or None)."""
    job_file, shown, key, folder, options = args
    from qbrgen.lint import build_summary
    from qbrgen.outputs import render_outputs
    from qbrgen.pipeline import Workspaces
    from qbrgen.render import assets_for
    from qbrgen.validate import load_account
    from qbrgen.writer import write_all

    result = AccountResult(shown)
    start = time.perf_counter()
    use_alarm = hasattr(signal, "SIGALRM") and options.timeout > 0
    if use_alarm:
        signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, options.timeout)
    entry = None
    try:
        workspaces = _WORKSPACES.setdefault("cache", Workspaces())
        info = load_account(Path(job_file), workspaces.for_account(Path(job_file)), display=shown)
        result.warnings = [str(w) for w in info.warnings]
        result.lint = build_summary(info, options.as_of)
        if result.lint and options.strict_lint:
            raise _LintFailed(result.lint)
        assets = assets_for(info, options.as_of)
        files = render_outputs(info, Path(folder), options.formats, options.as_of, options.audience, assets)
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)  # writing is never interrupted half-way
        write_all(files)
        result.outputs = [str(p) for p in files]
        entry = {"key": key, "lint": result.lint, "deps": {str(p): _file_hash(p) for p in assets.local_files},
                 "outputs": [str(p.relative_to(options.output)) for p in files]}
    except _LintFailed:
        result.errors.append(f"{shown}: not built: lint errors fail the build with --strict-lint")
    except _Timeout:
        result.errors.append(f"{shown}: gave up after {options.timeout:g} s (--timeout); other accounts go on")
    except InputError as exc:
        result.errors.extend(str(p) for p in exc.problems)
    except QbrgenError as exc:
        result.errors.append(f"{shown}: {exc.format_message()}")
    except Exception as exc:  # noqa: BLE001 - one account's bug must not stop the book
        if os.environ.get("QBRGEN_DEBUG"):
            import traceback

            traceback.print_exc()
        result.errors.append(f"{shown}: internal error: {type(exc).__name__}: {exc} (please report this)")
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
    result.seconds = time.perf_counter() - start
    result.status = "failed" if result.errors else "built"
    return asdict(result), entry


def _preload(formats) -> None:
    """Import the renderers and warm their per-process caches before forking, so workers share them."""
    import importlib

    import qbrgen.build  # noqa: F401
    import qbrgen.outputs  # noqa: F401
    from qbrgen.render import RENDERERS

    for fmt in formats:
        module = importlib.import_module(RENDERERS[fmt][0])
        warm = getattr(module, "warm_up", None)
        if warm is not None:
            warm()


# -- the build -----------------------------------------------------------------------------------


def run(paths, options: Options, echo: Callable[[str], None] = print,
        progress: bool = False) -> BuildResult:
    """Build (or with ``check``, only inspect) every account under ``paths``; return what happened."""
    start = time.perf_counter()
    found = discover(paths)
    result = BuildResult()
    ws_of: dict[Path, Path | None] = {}
    jobs: list[Job] = []
    for path in found.accounts:
        shown = display_path(path)
        if not in_shard(shown, options.shard):
            continue
        folder = path.resolve().parent
        if folder not in ws_of:
            ws_of[folder] = find_workspace(path)
        jobs.append(Job(path, shown, input_key(path, ws_of[folder], options)))

    manifest = load_manifest(options.output)
    plan_folders(jobs, manifest, options.output)
    todo = []
    for job in jobs:
        entry = manifest.get(job.shown)
        if not options.force and _current(entry, job.key, options.output) \
                and entry.get("folder") == str(job.folder.relative_to(options.output)):
            skipped = AccountResult(job.shown, outputs=entry["outputs"], status="skipped", lint=entry.get("lint", ""))
            if skipped.lint:
                echo(skipped.lint)
                if options.strict_lint:
                    skipped.errors.append(f"{job.shown}: lint errors fail the build with --strict-lint")
                    echo(skipped.errors[-1])
            result.accounts.append(skipped)
        elif options.check:
            result.accounts.append(AccountResult(job.shown, status="stale"))
            echo(f"{job.shown}: outputs are missing or out of date")
        else:
            todo.append(job)

    if todo:
        _clean_temp_files(options.output)
        loaded = json.dumps(manifest, sort_keys=True)
        _run_jobs(todo, options, manifest, result, echo, progress)
        if json.dumps(manifest, sort_keys=True) != loaded:  # nothing built, nothing written (bad input)
            save_manifest(options.output, manifest)
    result.seconds = time.perf_counter() - start
    return result


def _run_jobs(todo: list[Job], options: Options, manifest: dict, result: BuildResult, echo, progress) -> None:
    tasks = [(str(j.file), j.shown, j.key, str(j.folder), options) for j in todo]
    by_shown = {j.shown: j for j in todo}
    jobs = options.jobs or os.cpu_count() or 1
    jobs = min(jobs, len(tasks))
    _preload(options.formats)
    if "pdf" in options.formats:
        from qbrgen.render.pdf import harfbuzz_hint

        hint = harfbuzz_hint()
        if hint:
            echo(hint)
    bar = None
    if progress:
        import click

        bar = click.progressbar(length=len(tasks), label="building", file=sys.stderr, show_pos=True)
        bar.__enter__()

    def handle(payload) -> bool:
        data, entry = payload
        account = AccountResult(**data)
        result.accounts.append(account)
        for w in account.warnings:
            echo(w)
        if account.lint:
            echo(account.lint)
        for e in account.errors:
            echo(e)
        if entry is not None:
            job = by_shown[account.file]
            entry["folder"] = str(job.folder.relative_to(options.output))
            entry["slug_source"] = list(job.slug_source)
            manifest[account.file] = entry
        else:
            manifest.pop(account.file, None)
        if bar is not None:
            bar.update(1)
        return bool(account.errors) and options.fail_fast

    try:
        if jobs <= 1:
            for task in tasks:
                if handle(_build_one(task)):
                    break
        else:
            ctx = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
            with ctx.Pool(jobs, maxtasksperchild=200) as pool:
                for payload in pool.imap_unordered(_build_one, tasks, chunksize=1):
                    if handle(payload):
                        pool.terminate()
                        break
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
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


# -- reports -------------------------------------------------------------------------------------


def write_report(result: BuildResult, path: Path, options: Options) -> None:
    """Write the JSON report: each account's outputs, warnings, errors and duration."""
    from qbrgen.writer import write_atomic

    data = {"qbrgen": __version__, "as_of": options.as_of.isoformat(), "formats": list(options.formats),
            "seconds": round(result.seconds, 3),
            "summary": {"accounts": len(result.accounts), "built": result.count("built"),
                        "skipped": result.count("skipped"), "failed": len(result.failed)},
            "accounts": [{**asdict(a), "seconds": round(a.seconds, 3)}
                         for a in sorted(result.accounts, key=lambda a: a.file)]}
    write_atomic(path, json.dumps(data, indent=1).encode("utf-8"))


def write_junit(result: BuildResult, path: Path) -> None:
    """Write a JUnit XML report: one test case per account, failed when it did not build."""
    from qbrgen.writer import write_atomic

    cases = []
    for a in sorted(result.accounts, key=lambda a: a.file):
        body = ""
        if a.errors:
            text = "\n".join(a.errors)
            body = f"<failure message={quoteattr(a.errors[0][:200])}>{escape(text)}</failure>"
        elif a.status == "skipped":
            body = '<system-out>unchanged since the last build</system-out>'
        cases.append(f'  <testcase classname="qbrgen.build" name={quoteattr(a.file)} time="{a.seconds:.3f}">'
                     f"{body}</testcase>")
    xml = (f'<?xml version="1.0" encoding="utf-8"?>\n<testsuite name="qbrgen" tests="{len(result.accounts)}" '
           f'failures="{len(result.failed)}" time="{result.seconds:.3f}">\n' + "\n".join(cases) + "\n</testsuite>\n")
    write_atomic(path, xml.encode("utf-8"))
