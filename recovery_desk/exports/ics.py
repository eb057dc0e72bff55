"""Sessions as an iCalendar (.ics) file, closed sessions left out; where the service's address
is known it is each event's LOCATION, so a phone's calendar can show the way.

Times are written as local ("floating") times, which calendar programs show as the clinic's
wall-clock time; a session whose time is to be confirmed becomes an all-day entry that says so.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from recovery_desk.schedule.timetable import SessionRow

PRODUCT_ID = "-//Recovery Desk//Timetable//EN"


def sessions_to_ics(sessions: Iterable[SessionRow], calendar_name: str,
                    location: str = "") -> bytes:
    # Imported here: only an export needs it, and start-up should not pay for it.
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", calendar_name)
    stamp = datetime.now().replace(microsecond=0)
    for row in sessions:
        if not row.runs:
            continue
        event = Event()
        event.add("uid", f"{row.group_id}-{row.date.isoformat()}@recovery-desk")
        event.add("dtstamp", stamp)
        if row.start is not None and row.end is not None:
            event.add("summary", row.group_name)
            event.add("dtstart", datetime.combine(row.date, row.start))
            event.add("dtend", datetime.combine(row.date, row.end))
        else:
            event.add("summary", f"{row.group_name} (time to be confirmed)")
            event.add("dtstart", row.date)
            event.add("dtend", row.date + timedelta(days=1))
        if location:
            event.add("location", location)
        calendar.add_component(event)
    ical: bytes = calendar.to_ical()  # icalendar leaves this method unannotated
    return ical
