"""The Today tab's table of who is expected at a session: name, phone, whether it is their first
session, and access needs (what reception needs to greet and help people in; nothing clinical).
Fed ExpectedPerson rows through set_rows()."""

from __future__ import annotations

from recovery_desk.identifiers import format_phone
from recovery_desk.item_models.review_models import RowTableModel
from recovery_desk.rows.places import ExpectedPerson


def _phone(person: ExpectedPerson) -> str:
    return format_phone(person.phone) if person.phone else ""


class ExpectedModel(RowTableModel[ExpectedPerson]):
    columns = (
        ("Name", lambda p: p.name, lambda p: p.name.casefold()),
        ("Phone", _phone, _phone),
        ("First session", lambda p: "Yes" if p.first_session else "",
         lambda p: not p.first_session),
        ("Access needs", lambda p: p.access_needs, lambda p: p.access_needs.casefold()),
    )
