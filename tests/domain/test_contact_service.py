"""Contact attempts after a did-not-attend: logged against the place and the session missed,
listed newest first, shown on the did-not-attend flag; refused for a session that was not a
did-not-attend, and two desks correcting the register and logging at once take turns."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import event, insert, select

from recovery_desk.domain.places import booking_service as booking
from recovery_desk.domain.places import contact_service as contacts
from recovery_desk.domain.places import register_service, review_service
from recovery_desk.domain.places import waiting_list_service as waiting
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.models import AuditEvent, ContactAttempt
from recovery_desk.vocabulary import AttendanceMark, ContactKind, StaffRole
from tests.domain.conftest import ON
from tests.domain.queued_desks import queued_behind_group

RDP = "Reduced Drinking Programme"
D, A = AttendanceMark.DID_NOT_ATTEND, AttendanceMark.ATTENDED
MISSED = (date(2026, 11, 30), date(2026, 12, 2), date(2026, 12, 7))
LATER = date(2026, 12, 10)


@pytest.fixture
def missed_three(db, actor, make_person, group_ids):
    """A person with a place in the Reduced Drinking Programme who missed three sessions in a
    row (flagged for their keyworker); returns (person, place)."""
    person = make_person()
    place = booking.book(db, actor, person, group_ids[RDP], ON).enrolment_id
    for day in MISSED:
        register_service.record(db, actor, group_ids[RDP], day, {place: D}, day)
    return person, place


def test_an_attempt_is_logged_listed_and_shown_on_the_flag(db, actor, missed_three,
                                                           group_ids) -> None:
    """Reception logs two attempts: the record lists both, newest first, and the flag (on the
    record and in the cohort review) names the newest."""
    person, place = missed_three
    reception = Actor(actor.staff_id, "Jo", StaffRole.RECEPTION)
    assert contacts.flags(db, reception, person) == [
        f"{RDP}: 3 missed in a row; no contact logged yet"]
    contacts.record(db, reception, place, MISSED[2], ContactKind.LEFT_MESSAGE,
                    "Asked them to ring back", today=date(2026, 12, 8))
    contacts.record(db, reception, place, MISSED[2], ContactKind.NO_ANSWER, "  ", today=LATER)
    lines = contacts.attempts(db, reception, person)
    assert [(c.kind, c.said, c.on, c.session_date, c.group) for c in lines] == [
        (ContactKind.NO_ANSWER, "", LATER, MISSED[2], RDP),
        (ContactKind.LEFT_MESSAGE, "Asked them to ring back", date(2026, 12, 8), MISSED[2],
         RDP)]
    flag = "3 missed in a row; last contact Thu 10 Dec 2026, called and got no answer"
    assert contacts.flags(db, reception, person) == [f"{RDP}: {flag}"]
    members = review_service.members(db, actor, group_ids[RDP], LATER)
    assert [(m.flagged, m.flag) for m in members] == [(True, flag)]
    assert [(m.session_date, m.group) for m in contacts.missed_sessions(db, reception,
                                                                        person)] == [
        (MISSED[2], RDP), (MISSED[1], RDP), (MISSED[0], RDP)]
    with db.reading() as tx:
        assert list(tx.scalars(select(AuditEvent.action).where(
            AuditEvent.entity == "contact_attempt"))) == ["contact", "contact"]


@pytest.mark.parametrize(("day", "kind", "said", "today", "words"), [
    (date(2026, 12, 9), ContactKind.CALLED, "", LATER, "does not say they did not attend"),
    (MISSED[2], "phoned", "", LATER, "Choose how the person was contacted"),
    (MISSED[2], ContactKind.CALLED, "x" * 201, LATER, "at most 200 characters"),
    (MISSED[2], ContactKind.CALLED, "a\x07b", LATER, "control characters"),
    (MISSED[2], ContactKind.CALLED, "", date(2026, 12, 6), "has not happened yet"),
])
def test_bad_attempts_are_refused_with_a_clear_message(db, actor, missed_three, day, kind,
                                                       said, today, words) -> None:
    """Not a did-not-attend, no kind, too long, control characters, a session to come."""
    _person, place = missed_three
    with pytest.raises(DomainError, match=words):
        contacts.record(db, actor, place, day, kind, said, today=today)
    with db.reading() as tx:
        assert tx.scalar(select(ContactAttempt.id)) is None


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_a_register_corrected_while_a_contact_is_logged_decides_first(
        db, actor, db_path, missed_three, group_ids) -> None:
    """The register is corrected to 'attended' while a desk logs a contact for that session:
    queued behind the group's lock, the contact reads the corrected mark and is refused."""
    _person, place = missed_three
    desks = [Database.open(db_path) for _ in range(2)]
    try:
        corrected, logged = queued_behind_group(str(db_path), group_ids[RDP], [
            lambda: register_service.record(desks[0], actor, group_ids[RDP], MISSED[2],
                                            {place: A}, MISSED[2]),
            lambda: contacts.record(desks[1], actor, place, MISSED[2], ContactKind.CALLED,
                                    "", today=LATER)])
    finally:
        for desk in desks:
            desk.dispose()
    assert not isinstance(corrected, DomainError), corrected
    assert isinstance(logged, DomainError)
    assert "does not say they did not attend" in str(logged)
    with db.reading() as tx:
        assert tx.scalar(select(ContactAttempt.id)) is None


def _issued(db: Database, action) -> list[tuple[str, object]]:
    """The statements action sent, with their parameters."""
    sent: list[tuple[str, object]] = []

    def note(_conn, _cursor, statement, parameters, _context, _many) -> None:
        sent.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        action()
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    return sent


def _reads(db: Database, actor: Actor, person: int) -> list[tuple[str, object]]:
    """What the person record's two sections read: flags, attempts, missed sessions, lists."""
    return _issued(db, lambda: (contacts.flags(db, actor, person),
                                contacts.attempts(db, actor, person),
                                contacts.missed_sessions(db, actor, person),
                                waiting.person_entries(db, actor, person)))


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_the_sections_cost_the_same_statements_and_use_indexes_however_many_attempts(
        db, actor, missed_three) -> None:
    """One attempt or sixty: the same statements; none scans contact_attempts, attendance or
    waiting_list_entries whole (EXPLAIN QUERY PLAN)."""
    person, place = missed_three
    contacts.record(db, actor, place, MISSED[2], ContactKind.CALLED, "", today=LATER)
    one = [sql for sql, _ in _reads(db, actor, person)]
    with db.writing() as tx:
        tx.execute(insert(ContactAttempt), [
            {"service_user_id": person, "enrolment_id": place, "session_date": MISSED[2],
             "kind": ContactKind.LETTER_SENT, "said": "", "contacted_on": LATER,
             "recorded_by_id": actor.staff_id, "recorded_at": datetime(2026, 12, 10, 9, n)}
            for n in range(59)])
    sent = _reads(db, actor, person)
    assert [sql for sql, _ in sent] == one
    with db.reading() as tx:
        raw = tx.connection().connection.driver_connection
        for sql, parameters in sent:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            plan = [row[3] for row in raw.execute("EXPLAIN QUERY PLAN " + sql, parameters)]
            whole = [line for line in plan if line.startswith("SCAN") and " USING " not in line
                     and any(f"SCAN {t}" in line for t in (
                         "contact_attempts", "attendance", "waiting_list_entries"))]
            assert whole == [], (sql, plan)
