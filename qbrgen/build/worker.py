"""One account in a worker: validate, render every format to bytes, write them; and the imports and caches a
worker loads once, before the workers fork."""

from __future__ import annotations

import os
import time
from dataclasses import asdict
from pathlib import Path

from qbrgen.build import manifest, pool
from qbrgen.build.results import AccountResult
from qbrgen.errors import InputError, QbrgenError, printable
from qbrgen.render.folders import templates_dir


class _LintFailed(Exception):
    pass


class _StandIns(Exception):
    pass


WORKSPACES: dict = {}


def build_one(args) -> tuple[dict, dict | None]:
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
        workspaces = WORKSPACES.setdefault("cache", Workspaces())
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


def preload(formats) -> None:
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
