"""Shared fixtures: a CLI runner, the spec example as a workspace, the examples, and the as-of date."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"
SPEC = SHARED / "spec"
REAL_TEMPLATES = SHARED / "real-templates"
AS_OF = dt.date(2026, 11, 23)


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
    source = SPEC if SPEC.is_dir() else EXAMPLES
    if SPEC.is_dir():
        shutil.copy(SPEC / "qbrgen.example.yaml", folder / "qbrgen.yaml")
        shutil.copy(SPEC / "account.example.yaml", folder / "northwind.yaml")
    else:  # the examples carry the same two files
        shutil.copy(source / "qbrgen.yaml", folder / "qbrgen.yaml")
        shutil.copy(source / "accounts" / "northwind-logistics.yaml", folder / "northwind.yaml")
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
