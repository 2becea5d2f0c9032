"""The qbrgen command line: each command parses its options and calls one library function.

Rendering libraries are imported only inside the commands that need them, so ``qbrgen --help``
and ``qbrgen validate`` start fast.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import sys
import traceback
from pathlib import Path

import click

from qbrgen import __version__
from qbrgen.crm import PRESETS  # the package's __init__ imports nothing heavy
from qbrgen.errors import InputError, QbrgenError, printable


class _Group(click.Group):
    """A group that turns qbrgen errors into messages and unexpected ones into a short report."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except InputError as exc:
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            ctx.exit(exc.exit_code)
        except QbrgenError as exc:
            click.echo(printable(f"Error: {exc.format_message()}"), err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("Interrupted; outputs written before the interruption are complete.", err=True)
            ctx.exit(130)
        except Exception as exc:  # noqa: BLE001 - the last line of defence for the user
            if ctx.meta.get("qbrgen.debug"):
                traceback.print_exc()
            else:
                where = ctx.meta.get("qbrgen.current", "")
                click.echo(
                    printable(f"internal error{f' while processing {where}' if where else ''}: "
                              f"{type(exc).__name__}: {exc}") + "\nThis is a bug in qbrgen; please report it "
                    "(run again with --debug for the traceback).",
                    err=True,
                )
            ctx.exit(1)


def _as_of(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date like 2026-11-23", param_hint="--as-of") from None
    if not 1900 <= day.year <= 2199:  # the model's date range (qbrgen.account.model.DATE_MIN/DATE_MAX)
        raise click.BadParameter(f"'{value}' is outside the dates qbrgen handles (1900 to 2199)", param_hint="--as-of")
    return day


def _timeout(ctx, param, value: float) -> float:  # noqa: ARG001 - click's callback signature
    """Return the timeout in seconds; 'inf' (or anything above a year) means no limit, like 0."""
    if math.isnan(value):
        raise click.BadParameter("must be a number of seconds")
    return 0.0 if value > 365 * 24 * 3600 else value


def _source_date_or_usage_error() -> None:
    from qbrgen.render.stamp import source_date

    try:
        source_date()
    except QbrgenError as exc:
        raise click.UsageError(str(exc)) from None


def _github(problem) -> str:
    """Return ``problem`` as a GitHub Actions workflow command (an annotation on the file and line)."""
    def escape(text: str, prop: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if prop else text

    where = f"file={escape(problem.file, True)}" + (f",line={problem.line}" if problem.line else "")
    message = f"{problem.path}: {problem.message}" if problem.path else problem.message
    return f"::{problem.severity} {where}::{escape(printable(message))}"


def _print_report(report, fmt: str, findings_to_stdout: bool = False) -> None:
    """Print problems one per line with a summary on stderr, the whole report as JSON on stdout, or GitHub
    workflow annotations on stdout. Lint's findings are its output, so they go to stdout as ruff's do."""
    if fmt == "json":
        click.echo(json.dumps(report.as_dict(), indent=2))
        return
    for problem in report.problems:
        if fmt == "github":
            click.echo(_github(problem))
        else:
            click.echo(str(problem), err=not findings_to_stdout)
    click.echo(report.summary(), err=True)


AS_OF = click.option(
    "--as-of", "as_of", metavar="DATE", help="Compute dates as of this day (YYYY-MM-DD); default: today."
)


def _selecting(command):
    """Add --select and --changed-since, turned into one ``selection`` argument."""
    command = click.option("--changed-since", "changed_since", metavar="REV",
                           help="Only accounts whose file, or whose workspace's other files, changed since this git "
                                "revision (committed or not), e.g. origin/main.")(command)
    return click.option("--select", "select", multiple=True, metavar="KEY=VALUE",
                        help="Only accounts whose owner, segment or tier is VALUE, or whose file matches the glob "
                             "(file=accounts/emea/*). Repeat to narrow further; a comma separates alternatives.")(
        command)


def _selection(select: tuple[str, ...], changed_since: str | None):
    from qbrgen.build.selection import SelectionError, parse

    try:
        return parse(select, changed_since)
    except SelectionError as exc:
        raise click.UsageError(exc.format_message()) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="qbrgen")
@click.option("--debug", is_flag=True, help="Show the full traceback of unexpected errors.")
@click.pass_context
def main(ctx: click.Context, debug: bool) -> None:
    """Build QBR decks, renewal proposals and account plans from YAML account files."""
    ctx.meta["qbrgen.debug"] = debug
    if debug:
        os.environ["QBRGEN_DEBUG"] = "1"  # library code re-raises unexpected errors instead of reporting them
        ctx.call_on_close(lambda: os.environ.pop("QBRGEN_DEBUG", None))


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True,
              help="github: one workflow annotation per problem (::error file=...,line=...::), for GitHub Actions.")
@_selecting
def validate(paths: tuple[Path, ...], fmt: str, select: tuple[str, ...], changed_since: str | None) -> None:
    """Check account files (and qbrgen.yaml files) in PATHS; exit 1 if any is invalid."""
    from qbrgen.brandkit.kit import add_deck_planner
    from qbrgen.build.pipeline import validate_paths

    add_deck_planner(_deck_plan)  # which layouts a deck template gives, said by the deck renderer when asked
    report = validate_paths(paths, _selection(select, changed_since))
    _print_report(report, fmt)
    sys.exit(1 if report.errors else 0)


def _deck_plan(path: Path) -> list[tuple[str, str]]:
    from qbrgen.render.pptx.plan import describe  # python-pptx: loaded only for a workspace with a deck template

    return describe(path)


@main.command()
@click.option("--workspace", is_flag=True, help="Print the schema of qbrgen.yaml instead of an account file.")
@click.option("--import-mapping", "mapping", is_flag=True, help="Print the schema of qbrgen-import.yaml.")
def schema(workspace: bool, mapping: bool) -> None:
    """Print the JSON Schema of the account file (or of qbrgen.yaml, or of qbrgen-import.yaml)."""
    if mapping:
        from qbrgen.crm.schema import import_schema

        click.echo(json.dumps(import_schema(), indent=2))
        return
    from qbrgen.account.schema import json_schema

    click.echo(json.dumps(json_schema(workspace=workspace), indent=2))


@main.command()
@click.argument("directory", type=click.Path(path_type=Path))
def init(directory: Path) -> None:
    """Create a workspace in DIRECTORY: a qbrgen.yaml and one account that builds."""
    from qbrgen.account.schema import FILES
    from qbrgen.build.scaffold import init_workspace
    from qbrgen.crm.schema import import_schema

    for path in init_workspace(directory, {FILES["import"]: import_schema()}):
        click.echo(f"created {path}")


def _shard(ctx, param, value):
    if value is None:
        return (1, 1)
    from qbrgen.build.plan import parse_shard

    try:
        return parse_shard(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not K/N with 1 <= K <= N, like 2/4") from None


def _language(ctx, param, value):
    if value is None:
        return None
    from qbrgen.account.fields import language_code

    try:
        return language_code(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", "output", type=click.Path(path_type=Path, file_okay=False),
              default=Path("qbrgen-out"), show_default=True, help="Folder to write one sub-folder per account into.")
@click.option("--format", "formats", default=None,
              help="Comma-separated formats: pptx, docx, pdf, md (the internal account plan); default: "
                   "pptx,docx,pdf. A tech-touch account gets a renewal notice, and a deck only when "
                   "--format names pptx.")
@click.option("--audience", type=click.Choice(["customer", "internal"]), default="customer", show_default=True,
              help="'internal' adds the internal appendix to the deck; never send that deck to a customer.")
@AS_OF
@click.option("-j", "--jobs", type=click.IntRange(0), default=0, help="Parallel workers; default: the machine's cores.")
@click.option("--force", is_flag=True, help="Rebuild accounts whose inputs have not changed.")
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if any output is missing or out of date.")
@click.option("--fail-fast", is_flag=True, help="Stop at the first account that fails.")
@click.option("--timeout", type=click.FloatRange(min=0), default=600.0, show_default=True, callback=_timeout,
              help="Seconds one account may take before it is reported and skipped (0: no limit).")
@click.option("--shard", callback=_shard, metavar="K/N", help="Build only shard K of N (for CI matrix runners).")
@click.option("--report", type=click.Path(path_type=Path, dir_okay=False), help="Write a JSON report here.")
@click.option("--junit", type=click.Path(path_type=Path, dir_okay=False), help="Write a JUnit XML report here.")
@click.option("--strict-lint", is_flag=True, help="Fail an account that has lint errors instead of building it.")
@click.option("--allow-placeholders", is_flag=True,
              help="Write customer documents even for an account that still has stand-in values "
                   "(\"Your Company\", \"Unassigned\", made-up dates, no ARR): for an internal draft only.")
@click.option("--esign", type=click.Choice(["docusign", "adobe-sign", "none"]),
              help="Place invisible anchors for this e-signature platform at the proposal's signature lines "
                   "(default: proposal.esign of qbrgen.yaml, else none).")
@click.option("--pdf-variant", "pdf_variant", type=click.Choice(["plain", "pdf/a-3b", "pdf/ua-1"]),
              help="pdf/a-3b for archiving, pdf/ua-1 for an accessible, tagged PDF "
                   "(default: proposal.pdf_variant of qbrgen.yaml, else plain).")
@click.option("--since", "since", metavar="REV",
              help="The last review, as a git revision or a date: the deck opens with what changed since the "
                   "account file as it stood then (default: each account's qbr.previous).")
@click.option("--trace", is_flag=True, help="Also write figure-sources.json: each figure on each slide and page, "
                                            "and the account-file fields and lines it comes from.")
@click.option("--language", metavar="LANG", callback=_language,
              help="Write every account's documents in this language (en, de, fr, es, pt_BR, ja); default: "
                   "each account's account.language, else its locale's language.")
@_selecting
def build(paths: tuple[Path, ...], output: Path, formats: str, audience: str, as_of: str | None, jobs: int,
          force: bool, check: bool, fail_fast: bool, timeout: float, shard: tuple[int, int],
          report: Path | None, junit: Path | None, strict_lint: bool, allow_placeholders: bool, esign: str | None,
          pdf_variant: str | None, select: tuple[str, ...], changed_since: str | None, since: str | None = None,
          trace: bool = False, language: str | None = None) -> None:
    """Build the documents of every account in PATHS into OUTPUT (unchanged accounts are skipped)."""
    from qbrgen.build.options import Options
    from qbrgen.build.pipeline import build_paths, parse_formats
    from qbrgen.build.reports import write_junit, write_report

    _source_date_or_usage_error()
    options = Options(output=output, formats=parse_formats(formats or "pptx,docx,pdf"),
                      deck_asked=formats is not None and "pptx" in parse_formats(formats),
                      as_of=_as_of(as_of), audience=audience,
                      jobs=jobs, force=force, check=check, fail_fast=fail_fast, timeout=timeout, shard=shard,
                      strict_lint=strict_lint, allow_placeholders=allow_placeholders, esign=esign,
                      pdf_variant=pdf_variant, selection=_selection(select, changed_since), since=since, trace=trace,
                      language=language)
    progress = sys.stderr.isatty() and not os.environ.get("CI")
    result = build_paths(paths, options, echo=lambda line: click.echo(line, err=True), progress=progress)
    if report:
        write_report(result, report, options)
    if junit:
        write_junit(result, junit)
    click.echo(result.summary(check), err=True)
    sys.exit(0 if result.ok else 1)


@main.command("portfolio")
@click.argument("path", type=click.Path(path_type=Path, exists=True))
@click.option("--format", "fmt", type=click.Choice(["table", "md", "csv", "json", "pptx"]), default="table",
              show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="File for --format pptx (default: portfolio.pptx).")
@AS_OF
def portfolio_command(path: Path, fmt: str, output: Path | None, as_of: str | None) -> None:
    """Review the whole book: totals, retention, renewals, risk, upsell, tiers and owners."""
    from qbrgen.build.pipeline import portfolio

    if fmt == "pptx":
        _source_date_or_usage_error()

    text = portfolio(path, _as_of(as_of), fmt, output, echo=lambda line: click.echo(line, err=True))
    if text is not None:
        click.echo(text, nl=not text.endswith("\n"))


@main.command("lint")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Fail on warnings too (for CI).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text", show_default=True,
              help="github: one workflow annotation per finding (::error file=...,line=...::), for GitHub Actions.")
@AS_OF
@_selecting
def lint_command(paths: tuple[Path, ...], strict: bool, fmt: str, as_of: str | None, select: tuple[str, ...],
                 changed_since: str | None) -> None:
    """Check accounts for QBR and account-management anti-patterns before the meeting."""
    from qbrgen.build.pipeline import lint_paths

    report = lint_paths(paths, _as_of(as_of), _selection(select, changed_since))
    _print_report(report, fmt, findings_to_stdout=True)
    sys.exit(1 if report.errors or (strict and report.warnings) else 0)


@main.command()
@click.argument("account", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["md"]), default="md", show_default=True)
@AS_OF
def plan(account: Path, fmt: str, as_of: str | None) -> None:
    """Print the internal account plan of ACCOUNT as Markdown."""
    from qbrgen.build.pipeline import account_plan_markdown

    click.get_current_context().meta["qbrgen.current"] = str(account)
    click.echo(account_plan_markdown(account, _as_of(as_of)), nl=False)


@main.command()
@click.argument("account", type=click.Path(path_type=Path, dir_okay=False))
@AS_OF
def roi(account: Path, as_of: str | None) -> None:
    """Print a one-screen ROI summary of ACCOUNT: value, ARR, multiple and renewal framing."""
    from qbrgen.build.pipeline import roi_summary

    click.get_current_context().meta["qbrgen.current"] = str(account)
    click.echo(roi_summary(account, _as_of(as_of)))


@main.command("import")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--mapping", "mapping_file", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="The mapping file: which export feeds which part of the account files.")
@click.option("--preset", type=click.Choice(PRESETS),
              help="Use a built-in mapping for a standard export (FILES are the exported files).")
@click.option("-o", "--output", type=click.Path(path_type=Path, file_okay=False),
              help="Folder of account files; default: 'accounts' beside the workspace's qbrgen.yaml.")
@click.option("--dry-run", is_flag=True, help="Print a diff per file and a summary; write nothing.")
@click.option("--prune", is_flag=True, help="Remove the account files of accounts that left the CRM.")
@click.option("--prune-max", type=click.FloatRange(0, 100), default=20, show_default=True, metavar="PERCENT",
              help="--prune refuses to remove more than this share of the account files.")
@click.option("--force", is_flag=True, help="Let --prune remove more than --prune-max, or every file.")
@AS_OF
def import_command(files: tuple[Path, ...], mapping_file: Path | None, preset: str | None, output: Path | None,
                   dry_run: bool, prune: bool, prune_max: float, force: bool, as_of: str | None) -> None:
    """Create or update account files from CRM exports; hand-written parts are kept as they are."""
    if (mapping_file is None) == (preset is None):
        raise click.UsageError("give either --mapping MAPPING.yaml or --preset NAME with the exported files")
    if mapping_file is not None and files:
        raise click.UsageError("with --mapping the exports are named in the mapping file, not on the command line")
    from qbrgen.crm.cli import import_exports

    code = import_exports(mapping_file, preset, files, output, dry_run, prune, _as_of(as_of),
                          out=click.echo, err=lambda line: click.echo(line, err=True),
                          prune_max=prune_max, force=force)
    sys.exit(code)


# -- between meetings: the recap, the diff of a change, where a figure comes from --------------------------


@main.command()
@click.argument("account", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", type=click.Path(path_type=Path, file_okay=False),
              help="Folder to write into; default: qbrgen-out/<account>.")
@AS_OF
def recap(account: Path, output: Path | None, as_of: str | None) -> None:
    """Write the recap after the QBR (Markdown, HTML, an .eml draft to the attendees) and its calendars."""
    from qbrgen.build.recap import write_recap

    click.get_current_context().meta["qbrgen.current"] = str(account)
    written, notes = write_recap(account, output, _as_of(as_of))
    for note in notes:
        click.echo(f"{note} (warning)", err=True)
    for path in written:
        click.echo(f"wrote {path}")



@main.command()
@click.argument("account", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("figure")
@AS_OF
def explain(account: Path, figure: str, as_of: str | None) -> None:
    """Print how FIGURE of ACCOUNT is computed, from which fields and lines ($1.2M, or an id like arr)."""
    from qbrgen.build.explain import explain_figure

    click.get_current_context().meta["qbrgen.current"] = str(account)
    for line in explain_figure(account, figure, _as_of(as_of)):
        click.echo(line)



@main.command("diff")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--since", "since", default="HEAD", show_default=True, metavar="REV",
              help="The git revision to compare each account file with.")
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
@AS_OF
def diff_command(paths: tuple[Path, ...], since: str, fmt: str, as_of: str | None) -> None:
    """Show what changes in the customer documents since REV: figures, slides, sentences, lint (exit 0)."""
    from qbrgen.build.diff import run_diff
    from qbrgen.build.pipeline import _paths_or_usage_error

    _paths_or_usage_error(paths)
    click.echo(run_diff(list(paths), since, _as_of(as_of), fmt), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main(prog_name=os.environ.get("QBRGEN_PROG", "qbrgen"))
