"""``qbrgen recap``: the written recap after the meeting and its calendars, rendered to bytes, then written.

Like the build, the recap is written in the account's language (``account.language``, else its locale's),
with the workspace's own messages (``messages/<lang>.po``) over the shipped catalog."""

from __future__ import annotations

import datetime as dt
from email.utils import format_datetime
from pathlib import Path

from qbrgen.analysis.context import context
from qbrgen.build.outputs import document_language, slugify
from qbrgen.build.pipeline import load_one
from qbrgen.build.writer import write_all
from qbrgen.i18n import language, override_files
from qbrgen.render.ics import render_calendar
from qbrgen.render.recap import eml, html_text, markdown
from qbrgen.sections.recap import build_recap, customer_calendar, internal_calendar, recipients

FILES = ("recap.md", "recap.html", "recap.eml", "calendar.ics", "renewal-timeline-INTERNAL.ics")


def recap_files(path: Path, output: Path | None, as_of: dt.date) -> tuple[dict[Path, bytes], list[str]]:
    """Return ({path: bytes} of the recap, its draft email and calendars; notes for the user)."""
    info = load_one(path)
    lang, warning = document_language(info)
    with language(lang, override_files(info.workspace.root, lang)):
        files, notes = _recap_files(info, output, as_of)
    return files, ([f"{info.display}: {warning}"] if warning else []) + notes


def _recap_files(info, output: Path | None, as_of: dt.date) -> tuple[dict[Path, bytes], list[str]]:
    ctx = context(info.model, info.workspace.model, as_of, "customer")
    folder = output or Path("qbrgen-out") / (slugify(ctx.customer) or "account")
    document = build_recap(ctx)
    text = markdown(document)
    page = html_text(document, info.workspace.model.theme.primary)
    people = recipients(ctx)
    to = [(r.name, r.email) for r in people if r.email]
    notes = []
    missing = [r.name for r in people if not r.email]
    if missing:
        notes.append(f"{info.display}: the draft is not addressed to {', '.join(missing)}: no email in the account "
                     "file (add stakeholders[].email)")
    if not people:
        notes.append(f"{info.display}: no customer attendee in qbr.attendees; the draft has no recipient")
    a = info.model.account
    sent = format_datetime(dt.datetime.combine(as_of, dt.time(9, 0), tzinfo=dt.UTC))
    files = {
        folder / FILES[0]: text.encode("utf-8"),
        folder / FILES[1]: page.encode("utf-8"),
        folder / FILES[2]: eml(document, (a.owner, a.owner_email), to, text, page, sent),
        folder / FILES[3]: render_calendar(customer_calendar(ctx)),
        folder / FILES[4]: render_calendar(internal_calendar(ctx)),
    }
    return files, notes


def write_recap(path: Path, output: Path | None, as_of: dt.date) -> tuple[list[Path], list[str]]:
    files, notes = recap_files(path, output, as_of)
    write_all(files)
    return list(files), notes
