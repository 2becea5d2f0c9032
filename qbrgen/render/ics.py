"""Calendars (RFC 5545) through the icalendar library: one all-day event per goal or step.

Each event's UID comes from the account and the item (see :mod:`qbrgen.sections.recap`), so importing an
updated file moves the event instead of adding another; DTSTAMP is the as-of date, so a rebuild is identical.
"""

from __future__ import annotations

import datetime as dt

from icalendar import Calendar as ICalendar
from icalendar import Event as IEvent

from qbrgen import __version__


def render_calendar(calendar) -> bytes:
    """Return the calendar (a :class:`qbrgen.sections.recap.Calendar`) as iCalendar bytes."""
    cal = ICalendar()
    cal.add("prodid", f"-//qbrgen//qbrgen {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", calendar.name)
    stamp = dt.datetime.combine(calendar.stamp, dt.time(0, 0), tzinfo=dt.UTC)
    for item in calendar.events:
        event = IEvent()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + dt.timedelta(days=1))
        event.add("summary", item.summary)
        if item.description:
            event.add("description", item.description)
        if item.category:
            event.add("categories", [item.category])
        event.add("transp", "TRANSPARENT")  # a due date, not a meeting: it does not block time
        cal.add_component(event)
    return cal.to_ical()
