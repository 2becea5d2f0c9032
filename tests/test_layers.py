"""The package's folders are the pipeline's stages: no import circle, and no stage imports a later one.

The rule is read from the source (every import, at module level or inside a function), so a lazy import
cannot hide a circle or a reach into a later stage.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "qbrgen"

# Earlier stages first. A module may import its own stage and the stages before it, never a later one.
STAGES = ("errors", "i18n", "fmt", "brandkit", "account", "analysis", "sections", "render", "build", "crm", "cli",
          "__main__")
# Each third-party library that writes or reads a format has one home (its subpackage or module).
LIBRARY_HOMES = {
    "pptx": ("qbrgen.render.pptx",),
    "docx": ("qbrgen.render.docx",),
    "weasyprint": ("qbrgen.render.pdf",),
    "duckdb": ("qbrgen.crm",),
    "openpyxl": ("qbrgen.crm",),
    "ruamel": ("qbrgen.crm",),
    "rich": ("qbrgen.render.terminal",),
    "icalendar": ("qbrgen.render.ics",),
    "click": ("qbrgen.cli", "qbrgen.build", "qbrgen.crm"),
}
# render/ turns a document tree into bytes: it never reads an account or workspace file itself.
RENDER_MAY_NOT = ("qbrgen.account.loader", "qbrgen.account.validate", "qbrgen.account.discover",
                  "qbrgen.account.checks")


def modules(package: Path = PACKAGE) -> dict[str, Path]:
    """Return every module of the package by dotted name (a package by its own name)."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(name: str, path: Path, known: dict[str, Path]) -> list[tuple[str, int]]:
    """Return (imported name, line) for every import in a module; ``from pkg import sub`` names the submodule."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                found.append((sub if sub in known else target, node.lineno))
    return found


def stage(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ""


def graph(package: Path = PACKAGE) -> tuple[dict[str, set[str]], list[str]]:
    """Return the import graph between the package's modules, and every import that breaks the layering."""
    known = modules(package)
    edges: dict[str, set[str]] = {name: set() for name in known}
    broken = []
    for name, path in known.items():
        where = f"{path.relative_to(package.parent)}"
        for target, line in imports(name, path, known):
            top = target.split(".")[0]
            if top == "qbrgen" and target in known:
                edges[name].add(target)
                a, b = stage(name), stage(target)
                if a in STAGES and b in STAGES and STAGES.index(b) > STAGES.index(a):
                    broken.append(f"{where}:{line}: {a} imports {target}, a later stage")
                if a == "render" and target.startswith(RENDER_MAY_NOT):
                    broken.append(f"{where}:{line}: render imports {target}, which reads account files")
            elif top in LIBRARY_HOMES and not name.startswith(LIBRARY_HOMES[top]):
                broken.append(f"{where}:{line}: {name} imports {top}, whose home is {LIBRARY_HOMES[top]}")
    return edges, broken


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Return the import circles (strongly connected groups of more than one module, or a self-import)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1 or v in edges[v]:
                found.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_every_module_belongs_to_a_stage():
    assert sorted({stage(name) for name in modules()} - set(STAGES) - {""}) == []


def test_no_import_circle():
    assert circles(graph()[0]) == []


def test_no_stage_imports_a_later_one():
    assert graph()[1] == []


def test_each_subpackage_says_what_it_takes_and_must_not_import():
    for init in sorted(PACKAGE.glob("*/__init__.py")):
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
        assert "never" in doc.lower(), f"{init.relative_to(PACKAGE.parent)} does not say what it must never import"


@pytest.mark.parametrize("source, expected", [
    ({"a/__init__.py": "", "a/x.py": "from qbrgen.a import y\n", "a/y.py": "def f():\n    from qbrgen.a import x\n"},
     [["qbrgen.a.x", "qbrgen.a.y"]]),
    ({"a/__init__.py": "", "a/x.py": "from qbrgen.a import y\n", "a/y.py": ""}, []),
], ids=["lazy-circle", "no-circle"])
def test_the_circle_finder_sees_lazy_imports(tmp_path, source, expected):
    package = tmp_path / "qbrgen"
    for rel, text in source.items():
        (package / rel).parent.mkdir(parents=True, exist_ok=True)
        (package / rel).write_text(text)
    (package / "__init__.py").write_text("")
    assert circles(graph(package)[0]) == expected


def test_the_layer_rule_sees_a_reach_into_a_later_stage(tmp_path):
    package = tmp_path / "qbrgen"
    for rel, text in {"analysis/__init__.py": "", "render/__init__.py": "",
                      "analysis/rules.py": "def f():\n    from qbrgen.render import fonts\n",
                      "render/fonts.py": ""}.items():
        (package / rel).parent.mkdir(parents=True, exist_ok=True)
        (package / rel).write_text(text)
    assert graph(package)[1] == ["qbrgen/analysis/rules.py:2: analysis imports qbrgen.render.fonts, a later stage"]


def test_no_package_folder_is_git_ignored():
    """Hatch leaves git-ignored files out of the wheel (and ruff skips them): no part of the package may be."""
    git = shutil.which("git")
    if git is None or not (PACKAGE.parent / ".git").exists():
        pytest.skip("not a git checkout")
    folders = sorted(str(p.relative_to(PACKAGE.parent) / "__init__.py") for p in PACKAGE.rglob("*")
                     if p.is_dir() and (p / "__init__.py").exists())
    result = subprocess.run([git, "check-ignore", "--no-index", *folders], cwd=PACKAGE.parent, capture_output=True,
                            text=True)
    assert result.stdout.split() == []
