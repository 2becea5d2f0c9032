"""Planning a build before anything is loaded: each account's shard, its input key (the hash of everything its
outputs depend on), whether its outputs are current, and the folder each one is written to. Light: no model, no
renderer, so a no-op rebuild imports nothing heavy."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from qbrgen import __version__
from qbrgen.build import manifest
from qbrgen.build.options import Options
from qbrgen.errors import InputError
from qbrgen.render.folders import templates_dir  # light: no rendering library, no model


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


# -- hashing -------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _package_hash() -> str:
    """Return one hash of qbrgen's own templates, catalogs and version (computed once per process)."""
    catalogs = Path(__file__).resolve().parent.parent / "locale"  # qbrgen.i18n.CATALOGS, without importing gettext

    h = hashlib.sha256(__version__.encode())
    for root in (templates_dir(), catalogs):
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            h.update(str(path.relative_to(root)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def _messages_hash(workspace: Path) -> str:
    """Return one hash of a workspace's own message files (messages/*.po), which change its documents' words."""
    h = hashlib.sha256()
    folder = workspace.parent / "messages"
    for path in sorted(folder.glob("*.po")) if folder.is_dir() else ():
        h.update(path.name.encode())
        h.update(manifest.hash_file(path).encode())
    return h.hexdigest()


def input_key(account: Path, workspace: Path | None, options: Options, hashes: dict | None = None,
              digest: str | None = None) -> str:
    """Return the hash of everything an account's outputs depend on, except files named inside it.

    ``hashes`` remembers the workspace file's hash across the accounts of one build (hashed once, not once
    per account); ``digest`` is the account file's own hash when the build has read it already (the book's
    ranking reads every account file).
    """
    h = hashlib.sha256()
    hashes = {} if hashes is None else hashes
    if options.since:  # a moving revision (HEAD~1, a branch) names another commit after each commit
        from qbrgen.build.history import NoHistory, resolve

        try:
            h.update(resolve(Path(os.path.abspath(account)), options.since).encode())
        except NoHistory:
            h.update(b"no history")
    if workspace and workspace not in hashes:
        hashes[workspace] = manifest.hash_file(workspace) + _messages_hash(workspace)
    constant = ("options", id(options))  # the same for every account of a build: joined once
    if constant not in hashes:
        hashes[constant] = b"".join(part.encode() + b"\0" for part in (
            _package_hash(), ",".join(options.formats) + ("+deck" if options.deck_asked else ""), options.audience,
            options.as_of.isoformat(),
            options.esign or "-", options.pdf_variant or "-", options.since or "-", str(options.trace),
            os.environ.get("SOURCE_DATE_EPOCH", ""), options.language or "-",
            *(["stand-ins allowed"] if options.allow_placeholders else [])))
    for part in (digest or manifest.hash_file(account), hashes[workspace] if workspace else "-"):
        h.update(part.encode())
        h.update(b"\0")
    h.update(hashes[constant])
    return h.hexdigest()


def current(entry: dict | None, job: Job, output: Path, hashes: dict | None = None) -> bool:
    """Return whether an account's outputs are current; ``hashes`` keeps the hash of each dependency that
    several accounts share (a team template, a logo) across one plan."""
    if not entry or entry.get("key") != job.key or entry.get("folder") != job.folder.name:
        return False
    hashes = {} if hashes is None else hashes
    if "templates" not in hashes:
        hashes["templates"] = templates_dir()
    roots = (job.root, hashes["templates"])
    for p, h in entry.get("deps", {}).items():
        if (p, roots) not in hashes:
            hashes[p, roots] = manifest.hash_file(Path(p), roots)
        if hashes[p, roots] != h:
            return False
    return manifest.outputs_intact(entry, output)


# -- planning ------------------------------------------------------------------------------------


@dataclass
class Job:
    """One account to consider: its file, how it is shown, its manifest name, its input hash, its folder."""

    file: Path
    shown: str
    name: str
    key: str
    root: Path  # the workspace folder: every file the account depends on lies inside it
    folder: Path | None = None
    slug_source: tuple[str, ...] = ()  # (name, id, file stem) the folder name was made from
    read_names: tuple[str, ...] = ()  # (name, id, file stem) as read from the account file
    tier: str = ""  # the book's tier, when the file sets none (qbrgen.build.segments): part of the key
    book: list | None = None  # the file's hash and what the book's ranking read of it, kept in its manifest entry


def _slug_source(path: Path) -> tuple[str, str]:
    """Return (name, id) read cheaply from an account file, for naming its output folder."""
    from qbrgen.account.loader import load_file, peek_account

    peeked = peek_account(path)  # the account block only: a large file is loaded in full once, by its build
    if peeked is not None:
        return peeked
    try:
        data = load_file(path).data
    except InputError:
        return "", ""
    account = data.get("account") if isinstance(data.get("account"), dict) else {}
    name, ident = account.get("name"), account.get("id")
    return (name if isinstance(name, str) else ""), (ident if isinstance(ident, str) else "")


def plan_folders(jobs: list[Job], entries: dict, output: Path) -> None:
    """Give each job an output folder; names that slug alike are told apart before anything is written."""
    from qbrgen.build.slugs import unique_slugs

    names = {}
    for job in jobs:
        entry = entries.get(job.name)
        if entry and entry.get("key") == job.key and entry.get("slug_source"):
            names[job.file] = tuple(entry["slug_source"])
        else:
            if not job.read_names:  # read once per build, though a build may plan twice (see run)
                job.read_names = (*_slug_source(job.file), job.file.stem)
            names[job.file] = job.read_names
    slugs = unique_slugs({str(f): n for f, n in names.items()})
    for job in jobs:
        job.folder = output / slugs[str(job.file)]
        job.slug_source = names[job.file]


def planned_outputs(folder: Path, options: Options) -> list[str]:
    """Return the output files (relative to the output folder) a build of one account may write: the ones
    asked for, and the renewal notice's, which a tech-touch account gets (known only once it is read)."""
    from qbrgen.render.registry import RENDERERS

    names = []
    formats = list(options.formats)
    if options.audience == "customer":  # a tech-touch account gets its renewal notice: the files it may write
        formats += [f for f in ("notice-pdf", "notice-md", "notice-html") if f in RENDERERS]
    for fmt in formats:
        name = RENDERERS[fmt][2]
        names.append(name.replace(".pptx", "-INTERNAL.pptx") if fmt == "pptx" and options.audience == "internal"
                     else name)
    return [f"{folder.name}/{n}" for n in names]
