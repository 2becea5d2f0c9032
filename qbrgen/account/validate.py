"""Turn loaded YAML into a validated model, reporting every problem of a file at once."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from qbrgen.account import checks
from qbrgen.account.loader import LMap, Loaded, format_path, line_of, load_file
from qbrgen.account.model import DEFAULT_WORKSPACE, SUPPORTED_VERSIONS, Account, Workspace
from qbrgen.account.paths import WORKSPACE_FILE, display_path, find_workspace, located  # noqa: F401 - re-exported
from qbrgen.errors import InputError, Problem

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class WorkspaceInfo:
    """A validated workspace and the folder its relative paths start from (None: built-in defaults)."""

    model: Workspace
    root: Path | None
    file: Path | None = None
    warnings: tuple[Problem, ...] = ()
    loaded: Any = field(default=None, compare=False, repr=False)  # the file as read: line numbers for notes
    book: dict = field(default_factory=dict, compare=False, repr=False)  # the book's tiers, read once when asked

    def book_tier(self, path: Path) -> str:
        """Return the tier the book's ranking gives the account file ``path`` (see qbrgen.account.segments)."""
        import os

        from qbrgen.account import segments

        if "tiers" not in self.book:
            self.book["tiers"] = segments.book_tiers(self.file)
        return self.book["tiers"].get(os.path.realpath(path), "")

    def template_notes(self) -> list[Problem]:
        """Return what a build takes from the workspace's templates and what it leaves (validate prints it)."""
        if self.root is None or self.loaded is None:
            return []
        return checks.template_notes(self.model, self.loaded, self.root)


DEFAULT = WorkspaceInfo(DEFAULT_WORKSPACE, None)


@dataclass(frozen=True)
class AccountInfo:
    """A validated account, the file it came from and the warnings about it."""

    model: Account
    file: Path
    display: str
    workspace: WorkspaceInfo
    warnings: tuple[Problem, ...] = field(default=())
    source: LMap | None = field(default=None, repr=False, compare=False)  # the parsed file, with its lines (for lint)

    @property
    def folder(self) -> Path:
        return self.file.parent


def validate_mapping(model: type[M], loaded: Loaded) -> M:
    """Return ``model`` validated from ``loaded``; raise InputError listing every problem."""
    data = loaded.data
    version = data.get("version")
    if version is None:
        raise InputError([Problem(loaded.file, data.line, "version", "required field is missing; add 'version: 1'")])
    if str(version).strip() not in {str(v) for v in SUPPORTED_VERSIONS}:
        supported = ", ".join(str(v) for v in SUPPORTED_VERSIONS)
        raise InputError(
            [
                Problem(
                    loaded.file,
                    line_of(data, ("version",)),
                    "version",
                    f"format version {version!s} is not supported; this qbrgen reads version {supported}",
                )
            ]
        )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = [_problem(model, loaded, err) for err in exc.errors(include_url=False)]
        raise InputError(sorted(set(problems), key=lambda p: (p.line or 0, p.path))) from None


def _problem(model: type[BaseModel], loaded: Loaded, err: dict[str, Any]) -> Problem:
    loc = tuple(p for p in err["loc"] if isinstance(p, int) or (isinstance(p, str) and "[" not in p))
    path = format_path(loc)
    line = line_of(loaded.data, loc)
    return Problem(loaded.file, line, path, _message(model, loc, err))


def _message(model: type[BaseModel], loc: tuple, err: dict[str, Any]) -> str:
    kind = err["type"]
    got = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return _unknown_field(model, loc)
    if kind == "literal_error":
        return f"'{got}' is not allowed; use one of: {ctx.get('expected', '').replace(' or ', ', ')}"
    if kind in {"greater_than_equal", "greater_than"}:
        return f"must be at least {ctx.get('ge', ctx.get('gt'))} (got {got})"
    if kind in {"less_than_equal", "less_than"}:
        return f"must be at most {ctx.get('le', ctx.get('lt'))} (got {_short(got)})"
    if kind.startswith("decimal") or kind in {"float_parsing", "float_type"}:
        return f"must be a plain number without symbols or commas (got {_short(got)})"
    if kind.startswith("int"):
        return f"must be a whole number (got {_short(got)})"
    if kind.startswith("bool"):
        return f"must be true or false (got {_short(got)})"
    if kind.startswith("date") or kind.startswith("datetime"):
        detail = ctx.get("error", "")
        if "out of range" in str(detail) or "outside expected range" in str(detail):
            return f"'{got}' is not a real date"
        return f"must be a date like 2027-01-15 (got {_short(got)})"
    if kind in {"list_type", "tuple_type"}:
        return f"must be a list (got {_type_name(got)})"
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return f"must be a mapping of fields (got {_type_name(got)})"
    if kind == "string_type":
        return f"must be text (got {_type_name(got)})"
    if kind == "string_too_long":
        return f"is too long (at most {ctx.get('max_length')} characters)"
    if kind == "string_pattern_mismatch":
        if loc and loc[-1] in {"primary", "accent"}:
            return f"must be a colour like #1F3A5F (got {_short(got)})"
        if loc and loc[-1] == "previous":
            return (f"must be the last review's date like 2026-09-10 or a git revision (a tag, branch or commit "
                    f"id) (got {_short(got)})")
        return f"'{_short(got)}' has characters that are not allowed (letters, digits, '-', '_', '.')"
    if kind == "value_error":
        return str(ctx.get("error", err["msg"]))
    return err["msg"]


def _short(value: object) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _type_name(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"'{_short(value)}'"


def _unknown_field(model: type[BaseModel], loc: tuple) -> str:
    name = str(loc[-1])
    fields = _fields_at(model, loc[:-1])
    close = difflib.get_close_matches(name, fields, n=1, cutoff=0.6)
    hint = f"; did you mean '{close[0]}'?" if close else (f"; known fields: {', '.join(fields)}" if fields else "")
    return f"unknown field '{name}'{hint}"


def _fields_at(model: type[BaseModel], loc: tuple) -> list[str]:
    """Return the field names of the model found by walking ``loc`` from ``model``."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            return []
        current = _model_in(info.annotation)
    return list(getattr(current, "model_fields", {}))


def _model_in(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _refuse_outside(path: Path, root: Path, shown: str) -> None:
    """Raise InputError when ``path`` is a symlink whose target lies outside ``root``."""
    real, root = path.resolve(), root.resolve()
    if real != root and root not in real.parents:
        raise InputError([Problem(shown, None, "", f"the file is a symbolic link to '{real}', outside the "
                                                   f"workspace folder ({root}); copy the file in instead")])


def load_workspace(path: Path | None, display: str | None = None) -> WorkspaceInfo:
    """Return the validated workspace at ``path``, or the built-in defaults when ``path`` is None."""
    if path is None:
        return DEFAULT
    shown = display or display_path(path)
    path = located(path)
    root = path.parent
    _refuse_outside(path, root, shown)
    loaded = load_file(path, shown)
    model = validate_mapping(Workspace, loaded)
    problems = checks.check_workspace(model, loaded, root)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InputError(errors)
    warnings = tuple(loaded.warnings) + tuple(p for p in problems if p.severity == "warning")
    return WorkspaceInfo(model, root, path, warnings, loaded)


def load_account(path: Path, workspace: WorkspaceInfo | None = None, display: str | None = None,
                 tier: str | None = None) -> AccountInfo:
    """Return the validated account at ``path`` with its workspace; raise InputError on any problem.

    An account whose file sets no ``account.tier`` takes the book's tier (:mod:`qbrgen.account.segments`):
    ``tier`` when the caller ranked the book already (a build), else the workspace's ranking, read once."""
    shown = display or display_path(path)
    if workspace is None:
        workspace = load_workspace(find_workspace(path))
    path = located(path)
    _refuse_outside(path, workspace.root or path.parent, shown)
    loaded = load_file(path, shown)
    model = validate_mapping(Account, loaded)
    problems = checks.check_account(model, loaded, workspace.model, path.parent, workspace.root)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise InputError(errors)
    warnings = tuple(loaded.warnings) + tuple(p for p in problems if p.severity == "warning")
    if model.account.tier is None and (model.qbr is None or model.qbr.length != "none"):
        from qbrgen.account.segments import apply

        model = apply(model, workspace.book_tier(path) if tier is None else tier)
    return AccountInfo(model, path, shown, workspace, warnings, loaded.data)


class Workspaces:
    """Load each workspace file once; remember a broken one so each account can say why it fails."""

    def __init__(self) -> None:
        self._cache: dict[Path | None, WorkspaceInfo | InputError] = {}

    def get(self, path: Path | None) -> WorkspaceInfo:
        key = path.resolve() if path else None
        if key not in self._cache:
            try:
                self._cache[key] = load_workspace(path)
            except InputError as exc:
                self._cache[key] = exc
        found = self._cache[key]
        if isinstance(found, InputError):
            raise found
        return found

    def for_account(self, account: Path) -> WorkspaceInfo:
        """Return the workspace that governs ``account`` (nearest qbrgen.yaml upward)."""
        return self.get(find_workspace(account))
