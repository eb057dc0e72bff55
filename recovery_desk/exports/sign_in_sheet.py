"""The printable sign-in sheet for one session: group, date, time, a row per member with a
signature column, and empty rows for walk-ins."""

from __future__ import annotations

import html
from datetime import date

from recovery_desk.schedule.phrases import format_date

WALK_IN_ROWS = 6


def sign_in_html(group: str, day: date, time_words: str, names: list[str]) -> str:
    def row(number: str, name: str) -> str:
        # The number column is wide enough for two digits and never wraps them.
        return (f"<tr><td width='8%' align='right' style='white-space: nowrap'>{number}</td>"
                f"<td width='42%'>{name}</td><td width='36%'>&nbsp;</td>"
                "<td width='14%'>&nbsp;</td></tr>")

    members = "".join(row(str(n), html.escape(name)) for n, name in enumerate(names, start=1))
    walk_ins = "".join(row("", "&nbsp;") for _ in range(WALK_IN_ROWS))
    return (
        "<html><body style='font-family: sans-serif; font-size: 11pt'>"
        f"<h2>{html.escape(group)}: sign-in sheet</h2>"
        f"<p><b>{format_date(day)}</b>, {html.escape(time_words)}</p>"
        "<table border='1' cellspacing='0' cellpadding='9' width='100%'>"
        "<tr><th>#</th><th align='left'>Name</th><th align='left'>Signature</th>"
        "<th align='left'>Time in</th></tr>"
        f"{members}<tr><td colspan='4'><b>Walk-ins</b> (write your name)</td></tr>{walk_ins}"
        "</table><p style='font-size: 8pt'>Please keep this sheet confidential: it names "
        "people using the service. Shred it after the register is entered.</p></body></html>"
    )
