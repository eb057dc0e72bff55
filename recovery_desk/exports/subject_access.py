"""A subject access request as a page to hand to a member of the public: the service's name,
address and phone, then every record held about the person, each field named in words, dates
the British way ("3 December 1985"), the assessment as labelled lines (never raw JSON), and each
record as a two-column list of field and value, so no column is too narrow for its words.

Pure; made from the JSON that domain/people/subject_access.py gathers (which stays as stored,
for a machine to read) and the service's details. Used by the person record's "Everything
held" and the `subject-access` verb.
"""

from __future__ import annotations

import html
import re
from datetime import date, datetime
from typing import Any

from recovery_desk.catalogue.service_details import ServiceDetails
from recovery_desk.schedule.words import counted, written_date

TITLES = {"person": "Your details", "referrals": "Referrals to groups",
          "enrolments": "Places in groups", "attendance": "Register marks",
          "waiting_list_entries": "Waiting lists",
          "contact_attempts": "Our attempts to contact you after a missed session",
          "audit_of_this_record": "Who viewed or changed your record"}
ONE = {"referrals": "Referral", "enrolments": "Place", "attendance": "Mark",
       "waiting_list_entries": "Waiting list place"}
"""What one record of each table is called in its heading ("Place 1 of 2")."""
LABELS = {
    "id": "Record number", "given_name": "Given name", "family_name": "Family name",
    "preferred_name": "Name you go by", "date_of_birth": "Date of birth", "sex": "Sex",
    "msm": "Man who has sex with men (MSM)", "nhs_number": "NHS number",
    "postcode": "Postcode", "phone": "Phone", "emergency_contact": "Emergency contact",
    "keyworker": "Keyworker", "referral_source": "Who referred you",
    "consent_to_store": "Agreed to us keeping this record", "access_needs": "Access needs",
    "notes": "Notes", "profile": "Assessment", "created_at": "Record made (UTC)",
    "anonymised_on": "Anonymised on", "service_user_id": "Your record number",
    "group": "Group", "made_on": "Made on", "outcome": "Outcome", "reasons": "Reasons",
    "justification": "Keyworker's justification", "withdrawn": "Withdrawn",
    "position": "Place in the queue", "added_on": "Added on", "status": "Status",
    "reason": "Reason", "passed_over_on": "Passed over on", "referral_id": "Referral number",
    "cohort_id": "Cohort number", "start_date": "Start date",
    "expected_end_date": "Expected end date", "ended_on": "Ended on",
    "end_reason": "Why it ended", "flagged_for_keyworker": "Flagged for your keyworker",
    "booked_by": "Booked by", "session": "Session", "enrolment_id": "Place number",
    "mark": "Mark", "recorded_by": "Recorded by", "recorded_at": "Recorded at",
    "superseded_by_id": "Replaced by mark number", "time_utc": "When (UTC)",
    "staff": "Staff member", "action": "What was done", "record": "Record",
    # The assessment's own fields.
    "substances": "Substances", "abstinent_from_illicit_since":
        "Abstinent from illicit substances since", "abstinent_from_all_since":
        "Abstinent from all substances since", "substitute_medication": "Substitute medication",
    "goals": "Goals", "keyworker_referral": "Keyworker referral",
}
ACRONYMS = {"nhs": "NHS", "msm": "MSM", "id": "number", "utc": "UTC", "ghb": "GHB",
            "gbl": "GBL"}
_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?"
                   r"(?:[+-]\d{2}:\d{2}|Z)?)?\b")
_CODE = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)+$")
NOTHING = "none recorded"


def label(key: str) -> str:
    """A field's name in words: LABELS, else its words with acronyms kept ('NHS number')."""
    if key in LABELS:
        return LABELS[key]
    words = [ACRONYMS.get(word, word) for word in key.split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def _dated(match: re.Match[str]) -> str:
    year, month, day, hour, minute = match.groups()
    try:
        written = written_date(date(int(year), int(month), int(day)))
    except ValueError:
        return match.group(0)
    return f"{written} at {hour}:{minute}" if hour else written


def words(text: str) -> str:
    """A stored value as words: ISO dates and times written out, codes without underscores."""
    if _CODE.match(text):
        return text.replace("_", " ")
    return _DATE.sub(_dated, text)


def _substance(item: dict[str, Any]) -> str:
    name = words(str(item.get("name", "")))
    days = item.get("days_used_last_28")
    return f"{name}: used on {days} of the last 28 days" if isinstance(days, int) else name


def _medication(item: dict[str, Any]) -> str:
    dose = item.get("daily_dose_mg")
    parts = [words(str(item.get("drug", ""))),
             f"{dose:g} mg a day" if isinstance(dose, int | float) else "",
             words(str(item.get("stage") or ""))]
    return ", ".join(part for part in parts if part)


def value_lines(key: str, value: Any) -> list[str]:
    """A value as one or more lines of words; a dict (the assessment) as 'Label: value' lines,
    a list as a line per item."""
    if value is None or value == "" or value == [] or value == {}:
        return [NOTHING]
    if isinstance(value, bool):
        return ["yes" if value else "no"]
    if isinstance(value, dict):
        if key == "substitute_medication":
            return [_medication(value)]
        return [f"{label(k)}: {'; '.join(value_lines(k, v))}" for k, v in value.items()]
    if isinstance(value, list):
        if key == "substances":
            return [_substance(item) if isinstance(item, dict) else words(str(item))
                    for item in value]
        return [line for item in value for line in value_lines(key, item)]
    if isinstance(value, datetime | date):
        return [words(value.isoformat())]
    return [words(str(value))]


def _cell(key: str, value: Any) -> str:
    return "<br>".join(html.escape(line) for line in value_lines(key, value))


def _fields(row: dict[str, Any]) -> str:
    """One record as a two-column list: the field's name, then its value."""
    lines = "".join(f"<tr><td width='38%' valign='top'><b>{html.escape(label(key))}</b></td>"
                    f"<td valign='top'>{_cell(key, value)}</td></tr>"
                    for key, value in row.items())
    return f"<table cellspacing='0' cellpadding='3' width='100%'>{lines}</table>"


def _audit(rows: list[dict[str, Any]]) -> str:
    """The trail as a table of short columns: when, who, what, which record, outcome."""
    columns = list(rows[0])
    head = "".join(f"<th align='left'>{html.escape(label(c))}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td valign='top'>{_cell(c, row.get(c))}</td>"
                                    for c in columns) + "</tr>" for row in rows)
    return (f"<table border='1' cellspacing='0' cellpadding='3' width='100%'>"
            f"<tr>{head}</tr>{body}</table>")


def _section(key: str, rows: list[dict[str, Any]]) -> str:
    title = html.escape(TITLES.get(key, label(key)))
    if not rows:
        return f"<h2>{title}</h2><p>None held.</p>"
    if key == "audit_of_this_record":
        return f"<h2>{title}</h2><p>{counted(len(rows), 'entry')}.</p>{_audit(rows)}"
    one = ONE.get(key, "Record")
    records = "".join(f"<h3>{html.escape(one)} {n} of {len(rows)}</h3>{_fields(row)}"
                      for n, row in enumerate(rows, 1))
    return f"<h2>{title}</h2>{records}"


def subject_access_html(held: dict[str, Any], service: ServiceDetails, made_on: date) -> str:
    """The readable copy: the service's heading, the person's details, then each table."""
    address = "".join(f"{html.escape(line)}<br>" for line in service.address_lines)
    phone = f"Phone {html.escape(service.phone)}" if service.phone.strip() else ""
    sections = "".join(_section(key, rows) for key, rows in held.items() if key != "person")
    name = html.escape(service.name)
    return (
        "<html><head><title>Subject access request</title></head>"
        "<body style='font-family: sans-serif; font-size: 11pt'>"
        f"<p align='right'><b>{name}</b><br>{address}{phone}</p>"
        f"<h1>Information {name} holds about you</h1>"
        f"<p>Made on {written_date(made_on)} in answer to your subject access request. It "
        "lists every record we hold about you. Ask us if anything here is wrong or unclear."
        "</p>"
        f"<h2>{TITLES['person']}</h2>{_fields(held['person'])}"
        f"{sections}</body></html>"
    )
