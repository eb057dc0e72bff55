"""A subject access request as a readable page: every table held about the person, each row
with its fields, in plain words. Pure; made from the JSON that domain.subject_access gives."""

from __future__ import annotations

import html
from typing import Any

TITLES = {"person": "Your details", "referrals": "Referrals to groups",
          "enrolments": "Places in groups", "attendance": "Register marks",
          "waiting_list_entries": "Waiting lists",
          "contact_attempts": "Our attempts to contact you after a missed session",
          "audit_of_this_record": "Who viewed or changed your record"}


def _words(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _value(value: Any) -> str:
    if value is None or value == "":
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dict | list):
        import json

        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _table(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "<p>None held.</p>"
    columns = list(rows[0])
    head = "".join(f"<th align='left'>{html.escape(_words(c))}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(_value(row.get(c)))}</td>"
                                    for c in columns) + "</tr>" for row in rows)
    return (f"<table border='1' cellspacing='0' cellpadding='4' width='100%'>"
            f"<tr>{head}</tr>{body}</table>")


def subject_access_html(held: dict[str, Any], service: str, made_on: str) -> str:
    person = held["person"]
    details = "".join(f"<tr><th align='left'>{html.escape(_words(k))}</th>"
                      f"<td>{html.escape(_value(v))}</td></tr>" for k, v in person.items())
    sections = "".join(f"<h3>{html.escape(TITLES.get(key, _words(key)))}</h3>{_table(rows)}"
                       for key, rows in held.items() if key != "person")
    return (
        "<html><body style='font-family: sans-serif; font-size: 10pt'>"
        f"<h1>Information {html.escape(service)} holds about you</h1>"
        f"<p>Made on {html.escape(made_on)} in answer to a subject access request. It lists "
        "every record held about you, as stored.</p>"
        f"<h3>{TITLES['person']}</h3><table cellspacing='0' cellpadding='3'>{details}</table>"
        f"{sections}</body></html>"
    )
