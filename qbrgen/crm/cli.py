"""The import command's work behind the thin Click command: pick the mapping, run, report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from qbrgen.account.validate import display_path, find_workspace
from qbrgen.crm.importer import run_import
from qbrgen.crm.mapping import load_mapping


def import_exports(mapping_file: Path | None, preset: str | None, files: tuple[Path, ...], output: Path | None,
                   dry_run: bool, prune: bool, as_of: dt.date, out: Callable[[str], None],
                   err: Callable[[str], None], prune_max: float = 20, force: bool = False) -> int:
    """Run one import and print its diffs (dry run), problems and summary; return the exit status."""
    if mapping_file is not None:
        mapping = load_mapping(mapping_file, display_path(mapping_file))
    else:
        from qbrgen.crm.presets import preset_mapping

        mapping = preset_mapping(str(preset), files)
    folder = output if output is not None else default_folder()
    result = run_import(mapping, folder, as_of, dry_run=dry_run, prune=prune, prune_max=prune_max, force=force)
    if dry_run:
        for diff in result.diffs:
            out(diff.rstrip("\n"))
        for path in result.left:
            out(f"left the CRM: {display_path(path)}" + (" (--prune would remove it)" if prune else ""))
    for wanted, path in result.renamed:
        err(f"{display_path(path)}: '{wanted}' would be named like a file qbrgen reads for itself; "
            f"written as {path.name} instead")
    for problem in result.problems:
        err(str(problem))
    err(result.summary(dry_run))
    return 1 if result.errors else 0


def default_folder() -> Path:
    """Return the workspace's accounts folder: 'accounts' beside the nearest qbrgen.yaml, else ./accounts."""
    workspace = find_workspace(Path.cwd())
    return (workspace.parent if workspace else Path.cwd()) / "accounts"
