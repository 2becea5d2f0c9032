"""Stakeholder coverage on the 3x3 rule, counted in working relationships rather than names.

A cell of the grid (seniority x function) is covered only by someone we really work with: strength 3
or more, not a detractor, and contacted within twice the cadence of their level. A cell held only by weak,
hostile or lapsed contacts is at risk; a cell with nobody is empty. People who left (``departed`` on or
before the as-of date, or named by a sponsor-left signal of the current term) hold no cell, are owed no contact
and back nobody up: the role they held becomes a gap. Pure: no I/O, no clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from qbrgen.account.model import Account, Stakeholder

SENIORITY = ("ic-manager", "director", "executive")
SENIORITY_OF = {"ic": "ic-manager", "manager": "ic-manager", "director": "director", "vp": "executive",
                "c-level": "executive"}
FUNCTIONS = ("buying", "using", "adjacent")
CADENCE_DAYS = {"c-level": 91, "vp": 30, "director": 14, "manager": 7, "ic": 7}
WORKING_STRENGTH = 3
LAPSE_AFTER = 2  # a relationship lapses after twice its level's cadence without contact: one missed touch is no lapse
BACKUP_STRENGTH = 4


@dataclass(frozen=True)
class Contact:
    name: str
    level: str
    last_contact: dt.date | None
    days_since: int | None
    cadence_days: int
    overdue: bool


@dataclass(frozen=True)
class Holder:
    """One person in a cell, and why the relationship does not count when it does not."""

    name: str
    strength: int
    sentiment: str
    days_since: int | None
    cadence_days: int
    weaknesses: tuple[str, ...]  # weak | hostile | lapsed; empty for a working relationship

    @property
    def working(self) -> bool:
        return not self.weaknesses


@dataclass(frozen=True)
class Cell:
    seniority: str
    function: str
    holders: tuple[Holder, ...]

    @property
    def status(self) -> str:
        """Return covered, at-risk or empty."""
        if any(h.working for h in self.holders):
            return "covered"
        return "at-risk" if self.holders else "empty"


@dataclass(frozen=True)
class Coverage:
    cells: tuple[Cell, ...]
    empty: tuple[tuple[str, str], ...]
    at_risk: tuple[tuple[str, str], ...]
    gaps: tuple[str, ...]  # no-executive, no-c-level, no-champion, single-champion, no-backup, one-relationship
    contacts: tuple[Contact, ...]
    working: tuple[str, ...]  # names of the working relationships
    champion: str | None  # the only champion, when there is exactly one
    departed: tuple[tuple[str, str, dt.date], ...] = ()  # (name, role, day they left), in file order

    @property
    def single_threaded(self) -> bool:
        """Return whether the account hangs on one real relationship or on a champion with no backup."""
        return "one-relationship" in self.gaps or "no-backup" in self.gaps


def contact(p: Stakeholder, as_of: dt.date) -> Contact:
    """Return how long since ``p`` was last contacted, against the cadence of their level."""
    cadence = CADENCE_DAYS[p.level]
    days = (as_of - p.last_contact).days if p.last_contact else None
    return Contact(p.name, p.level, p.last_contact, days, cadence, days is None or days > cadence)


def holder(p: Stakeholder, as_of: dt.date) -> Holder:
    """Return ``p`` as a cell holder with what weakens the relationship."""
    c = contact(p, as_of)
    weaknesses = []
    if p.strength < WORKING_STRENGTH:
        weaknesses.append("weak")
    if p.sentiment == "detractor":
        weaknesses.append("hostile")
    if c.days_since is None or c.days_since > LAPSE_AFTER * c.cadence_days:
        weaknesses.append("lapsed")
    return Holder(p.name, p.strength, p.sentiment, c.days_since, c.cadence_days, tuple(weaknesses))


def departures(account: Account, as_of: dt.date) -> dict[str, dt.date]:
    """Return who has left, by name, with the day: a ``departed`` date on or before ``as_of``, or a sponsor-left
    signal of the current term whose note names them (after their last recorded contact, if any)."""
    gone = {p.name: p.departed for p in account.stakeholders if p.departed is not None and p.departed <= as_of}
    for s in account.signals:
        if s.kind != "sponsor-left" or not s.note or s.date < account.contract.start_date or s.date > as_of:
            continue
        note = s.note.casefold()
        for p in account.stakeholders:
            if p.name not in gone and p.name.casefold() in note and (p.last_contact is None
                                                                     or p.last_contact <= s.date):
                gone[p.name] = s.date
    return gone


def present(account: Account, as_of: dt.date) -> tuple[Stakeholder, ...]:
    """Return the stakeholders still there on ``as_of``."""
    gone = departures(account, as_of)
    return tuple(p for p in account.stakeholders if p.name not in gone)


def coverage(account: Account, as_of: dt.date) -> Coverage:
    """Return the 3x3 coverage of ``account`` as of ``as_of``."""
    gone = departures(account, as_of)
    people = tuple(p for p in account.stakeholders if p.name not in gone)
    holders = {p.name: holder(p, as_of) for p in people}
    working = {p.name for p in people if holders[p.name].working}
    cells = tuple(
        Cell(s, fn, tuple(holders[p.name] for p in people if SENIORITY_OF[p.level] == s and p.function == fn))
        for s in SENIORITY for fn in FUNCTIONS
    )
    gaps = []
    if not any(p.level in ("vp", "c-level") and p.name in working for p in people):
        gaps.append("no-executive")
    if not any(p.level == "c-level" and p.name in working for p in people):
        gaps.append("no-c-level")
    champions = [p for p in people if p.role == "champion"]
    if not champions:
        gaps.append("no-champion")
    elif len(champions) == 1:
        gaps.append("single-champion")
        if not any(_is_backup(p, champions[0], working) for p in people):
            gaps.append("no-backup")
    if len(working) <= 1:
        gaps.append("one-relationship")
    if any(p.role == "economic-buyer" for p in account.stakeholders if p.name in gone) and not any(
            p.role == "economic-buyer" for p in people):
        gaps.append("no-economic-buyer")
    return Coverage(
        cells=cells,
        empty=tuple((c.seniority, c.function) for c in cells if c.status == "empty"),
        at_risk=tuple((c.seniority, c.function) for c in cells if c.status == "at-risk"),
        gaps=tuple(gaps),
        contacts=tuple(contact(p, as_of) for p in people),
        working=tuple(p.name for p in people if p.name in working),
        champion=champions[0].name if len(champions) == 1 else None,
        departed=tuple((p.name, p.role, gone[p.name]) for p in account.stakeholders if p.name in gone),
    )


def _is_backup(person: Stakeholder, champion: Stakeholder, working: set[str]) -> bool:
    """Return whether ``person`` could carry the account if the champion left."""
    senior = person.level in ("director", "vp", "c-level")
    return (person is not champion and senior and person.name in working
            and person.strength >= BACKUP_STRENGTH)
