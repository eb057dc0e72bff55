"""The printable week: an HTML page (A4 landscape) of every session, closures struck through."""

from __future__ import annotations

import html
from datetime import date, timedelta

from recovery_desk.schedule.phrases import format_date
from recovery_desk.schedule.timetable import Week, session_time
from recovery_desk.schedule.words import closure_reason


def week_html(week: Week, today: date) -> str:
    days = [week.monday + timedelta(days=i) for i in range(7)]
    shown = [d for d in days if d.weekday() < 5 or any(r.date == d for r in week.sessions)]
    cells = []
    for day in shown:
        entries = []
        for row in (r for r in week.sessions if r.date == day):
            name = html.escape(row.group_name)
            when = html.escape(session_time(row))
            if row.runs:
                entries.append(f"<p><b>{name}</b><br>{when}<br>{row.booked}/{row.capacity} "
                               "booked</p>")
            else:
                entries.append(f"<p><s><b>{name}</b><br>{when}</s><br><i>Closed: "
                               f"{html.escape(closure_reason(row.closure))}</i></p>")
        cells.append("<td valign='top' width='20%'>" + ("".join(entries) or "<p>-</p>")
                     + "</td>")
    header = "".join(
        f"<th>{format_date(d)}{' (today)' if d == today else ''}</th>" for d in shown)
    undated = ""
    if week.undated:
        names = ", ".join(html.escape(name) for name in week.undated)
        undated = f"<p><b>Day and time to be confirmed:</b> {names}</p>"
    last = week.monday + timedelta(days=6)
    return (
        "<html><body style='font-family: sans-serif; font-size: 10pt'>"
        f"<h2>Groups timetable: week of {format_date(week.monday)} to {format_date(last)}</h2>"
        "<table border='1' cellspacing='0' cellpadding='4' width='100%'>"
        f"<tr>{header}</tr><tr>{''.join(cells)}</tr></table>{undated}"
        f"<p style='font-size: 8pt'>Printed {format_date(today)}. Closed sessions are struck "
        "through with the reason.</p></body></html>"
    )
