"""The reports of a build: JSON for scripts, JUnit XML for CI test views."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from qbrgen import __version__
from qbrgen.build.options import Options
from qbrgen.build.results import BuildResult


def write_report(result: BuildResult, path: Path, options: Options) -> None:
    """Write the JSON report: each account's outputs, warnings, errors and duration."""
    from qbrgen.build.writer import write_atomic

    data = {"qbrgen": __version__, "as_of": options.as_of.isoformat(), "formats": list(options.formats),
            "seconds": round(result.seconds, 3),
            "summary": {"accounts": len(result.accounts), "built": result.count("built"),
                        "skipped": result.count("skipped"), "failed": len(result.failed)},
            "problems": result.problems,
            "accounts": [{**asdict(a), "seconds": round(a.seconds, 3)}
                         for a in sorted(result.accounts, key=lambda a: a.file)]}
    write_atomic(path, json.dumps(data, indent=1).encode("utf-8"))


def write_junit(result: BuildResult, path: Path) -> None:
    """Write a JUnit XML report: one test case per account, failed when it did not build."""
    from xml.sax.saxutils import escape, quoteattr  # here: it imports urllib, which a no-op rebuild never needs

    from qbrgen.build.writer import write_atomic

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
