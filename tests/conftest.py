"""Shared fixtures: a CLI runner, the spec example as a workspace, the examples, and the as-of date."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = ROOT / "tests" / "fixtures"
# The format-version-1 example files, copied from the spec: tests never read outside this checkout.
SPEC = FIXTURES / "spec"
# Real team templates are not ours to ship: the tests that use them run only when QBRGEN_REAL_TEMPLATES names
# a folder holding them, and are skipped otherwise (a fresh clone has none).
REAL_TEMPLATES = Path(os.environ.get("QBRGEN_REAL_TEMPLATES") or ROOT / "tests" / ".no-real-templates")
AS_OF = dt.date(2026, 11, 23)


def outside_repository(path) -> bool:
    """Whether reading ``path`` would leave this checkout: a sibling of it (``../shared``, another clone).

    Python's own library, installed packages and temporary folders are fine; so is the folder a user names
    in QBRGEN_REAL_TEMPLATES on purpose.
    """
    try:
        target = Path(os.fsdecode(path)).absolute()
    except (TypeError, ValueError):
        return False
    if target.is_relative_to(ROOT):
        return False
    if target.is_relative_to(ROOT.parent / "shared") or target.is_relative_to("/work/shared"):
        return True  # the folder a user's clone does not have, wherever the clone lives (even in /tmp)
    allowed = [Path(tempfile.gettempdir()), Path(sys.prefix), Path(sys.base_prefix)]
    if os.environ.get("QBRGEN_REAL_TEMPLATES"):
        allowed.append(Path(os.environ["QBRGEN_REAL_TEMPLATES"]))
    if any(target.is_relative_to(a.absolute()) for a in allowed):
        return False
    return target.is_relative_to(ROOT.parent.absolute())


OUTSIDE_READS: list[str] = []


def _audit(event: str, args: tuple) -> None:
    if event in ("open", "os.listdir", "os.scandir") and args and isinstance(args[0], str | bytes | os.PathLike):
        if outside_repository(args[0]):
            OUTSIDE_READS.append(os.fsdecode(args[0]))


sys.addaudithook(_audit)


@pytest.fixture(autouse=True)
def stays_in_repository(request):
    """Fail any test that opens or lists a file beside this checkout (a user's clone has no ``../shared``)."""
    start = len(OUTSIDE_READS)
    yield
    read = OUTSIDE_READS[start:]
    del OUTSIDE_READS[start:]
    if read and "reads_outside" not in request.keywords:
        pytest.fail(f"this test read outside the repository: {sorted(set(read))[:5]}", pytrace=False)


class NetworkBlocked(RuntimeError):
    """A test tried to reach the network; qbrgen must never do that."""


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Block every IPv4/IPv6 connection for the whole suite: builds must work offline."""
    import socket

    real_connect = socket.socket.connect

    def guarded(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            raise NetworkBlocked(f"network access attempted: {address!r}")
        return real_connect(self, address)

    def refuse(*args, **kwargs):
        raise NetworkBlocked(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", guarded)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite the golden document dumps")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def spec_dir(tmp_path) -> Path:
    """Return a folder holding the spec's two files, unchanged, as qbrgen.yaml and an account file."""
    folder = tmp_path / "spec"
    folder.mkdir()
    shutil.copy(SPEC / "qbrgen.example.yaml", folder / "qbrgen.yaml")
    shutil.copy(SPEC / "account.example.yaml", folder / "northwind.yaml")
    return folder


@pytest.fixture
def spec_account(spec_dir):
    from qbrgen.account.validate import load_account

    return load_account(spec_dir / "northwind.yaml")


def example_accounts() -> list[Path]:
    return sorted((EXAMPLES / "accounts").glob("*.yaml"))


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def pytest_configure(config):
    config.addinivalue_line("markers", "reads_outside: reads beside the checkout on purpose (the guard's own test)")
