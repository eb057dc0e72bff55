"""The one way a change is made from the window (DeskContext.run): the context supplies the
database, the staff member and the day, shows a refusal in words, and announces what the
commit touched, so every open screen reloads without a view saying so."""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import recovery_desk.views
from recovery_desk.domain.people import intake_service as intake
from recovery_desk.domain.places import booking_service
from recovery_desk.domain.service import catalogue_service
from recovery_desk.domain.store.changes import CATALOGUE, PEOPLE
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.views.person.person_record_dialog import PersonRecordDialog
from recovery_desk.views.review.review_tab import ReviewTab
from recovery_desk.views.timetable.timetable_tab import TimetableTab
from tests.qt.test_timetable_tab import _cell_text

TODAY = date(2026, 11, 27)
MONDAY = date(2026, 11, 30)
RDP = "Reduced Drinking Programme"


def _referred(db, actor, keyworker_id) -> tuple[int, int]:
    group = next(g for g in catalogue_service.list_groups(db, actor) if g.name == RDP)
    person = intake.save_intake(db, actor, intake.PersonDetails(
        given_name="Alex", family_name="Brennan", date_of_birth=date(1980, 1, 1),
        keyworker_id=keyworker_id, consent_to_store=True,
        assessment={"substances": [{"name": "alcohol", "days_used_last_28": 12}],
                    "goals": ["reduce_drinking"]}), [intake.ReferralRequest(group.id)], TODAY)
    return person, group.id


def test_booking_from_the_person_record_reaches_the_timetable_and_the_cohort_review(
        window, context, db, actor, keyworker_id, answers, monkeypatch, qtbot) -> None:
    """The record's booking commits once; the timetable, the cohort review and the record
    itself show the place straight away, with no signal emitted by a view."""
    from recovery_desk.views.widgets import dialogs

    monkeypatch.setattr(dialogs, "show_outcome", lambda *args, **kwargs: None)
    person, group_id = _referred(db, actor, keyworker_id)
    timetable = window.show_tab(TimetableTab)
    timetable.show_week(MONDAY)
    review = window.show_tab(ReviewTab)
    review.select_group(group_id)
    assert review.current_group().active == 0
    assert _cell_text(timetable, RDP, MONDAY).endswith("0/12 booked")

    record = PersonRecordDialog.open(window, context, person)
    qtbot.addWidget(record)
    assert record.places.item(0).text() == "No places yet."
    from recovery_desk.views.person.booking_dialog import BookingDialog
    monkeypatch.setattr(BookingDialog, "exec", lambda dialog: dialog.book())
    assert record.book() is not None

    assert record.places.item(0).text().startswith(f"{RDP}: Mon 30 Nov 2026")
    assert review.current_group().active == 1  # the tab on show reloaded at once
    window.show_tab(TimetableTab)  # a tab out of sight reloads when shown again
    assert _cell_text(timetable, RDP, MONDAY).endswith("1/12 booked")


def test_a_refusal_is_shown_in_words_and_nothing_is_announced(context, answers) -> None:
    """A rule's refusal comes back as None, the message goes to the person, and with nothing
    committed no screen is told to reload."""
    announced: list[frozenset[str]] = []
    context.announced.connect(announced.append)
    done = context.run(None, "Book", booking_service.book, 999_999, 1, TODAY)
    assert done is None
    assert len(answers["errors"]) == 1 and answers["errors"][0]
    assert announced == []


def test_the_context_supplies_the_desk_s_day_where_a_service_takes_one(context) -> None:
    """A service that takes `today` gets the context's day unless the view names another."""
    seen: list[date] = []

    def service(db, actor, *, today: date) -> str:
        seen.append(today)
        return "done"

    assert context.run(None, "t", service).value == "done"
    assert context.run(None, "t", service, today=MONDAY).value == "done"
    assert seen == [TODAY, MONDAY]


def test_a_commit_is_announced_with_the_kinds_it_touched(context, db, actor) -> None:
    """Retiring a group announces the catalogue only; the other desks' feed is not needed for
    this desk's own change."""
    announced: list[frozenset[str]] = []
    context.announced.connect(announced.append)
    group = catalogue_service.list_groups(db, actor)[0]
    assert context.run(None, "Retire", catalogue_service.set_group_active, group.id, False)
    assert announced == [frozenset({CATALOGUE})]
    assert PEOPLE not in announced[0]


def test_an_unexpected_fault_is_not_swallowed(context, answers) -> None:
    """Only refusals and database or file failures become messages; a bug reaches the
    window's failure hook (and the log) with its traceback."""
    import pytest

    def broken(db, actor) -> None:
        raise RuntimeError("a bug")

    with pytest.raises(RuntimeError):
        context.run(None, "t", broken)

    def refused(db, actor) -> None:
        raise DomainError("not today")

    assert context.run(None, "t", refused) is None
    assert answers["errors"] == ["not today"]


def test_no_view_announces_a_change_by_hand() -> None:
    """Screens reload from announcements made by the context; no module under views/ other
    than the context calls announce() or emits `announced`."""
    folder = Path(recovery_desk.views.__file__).parent
    offenders = []
    for path in folder.rglob("*.py"):
        if path.name == "context.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            by_hand = isinstance(node, ast.Attribute) and (
                node.attr == "announce"
                or (node.attr == "emit" and isinstance(node.value, ast.Attribute)
                and node.value.attr == "announced"))
            if by_hand:
                offenders.append(f"{path.relative_to(folder)}:{node.lineno}")
    assert offenders == []


def test_a_read_announces_nothing_and_earlier_commits_wait_for_the_next_look(
        context, db, actor) -> None:
    """A commit made outside run() (the opening checks' sweep, say) is not announced by a
    screen's next read, which would set that screen reloading inside its own load; the next
    look at other desks announces it."""
    announced: list[frozenset[str]] = []
    context.announced.connect(announced.append)
    group = catalogue_service.list_groups(db, actor)[0]
    catalogue_service.set_group_active(db, actor, group.id, False, TODAY)  # outside run()
    assert context.run(None, "Catalogue", catalogue_service.list_groups)
    assert announced == []
    context.check_other_desks()
    assert announced == [frozenset({CATALOGUE})]


def test_no_view_hands_the_database_or_the_staff_member_to_a_service() -> None:
    """Outside the frame, no view passes context.db or context.actor to anything: the context
    (run, run_form, run_unsigned, call, call_unsigned, or the background helper) does."""
    folder = Path(recovery_desk.views.__file__).parent
    offenders = []
    for path in folder.rglob("*.py"):
        if path.parent.name == "frame":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            for value in [*node.args, *(k.value for k in node.keywords)]:
                handed = isinstance(value, ast.Attribute) and value.attr in ("db", "actor") \
                    and ast.unparse(value.value).endswith("context")
                if handed:
                    offenders.append(f"{path.relative_to(folder)}:{node.lineno}")
    assert offenders == []


def test_a_service_without_a_staff_member_says_its_refusals_in_place(context, answers) -> None:
    """run_unsigned gives the service the database alone; a field's problem goes beside the
    field, any other refusal under the form (FORM), never to a message box; a save clears
    them."""
    from recovery_desk.domain.store.errors import InvalidDetailsError
    from recovery_desk.views.frame.context import FORM

    shown: list[dict[str, str]] = []

    def service(db, name: str) -> str:
        if name == "":
            raise InvalidDetailsError({"name": "Enter a name."})
        if name == "taken":
            raise DomainError("That name is taken.")
        return f"made {name} on {db.path.name}"

    assert context.run_unsigned(None, "t", shown.append, service, "") is None
    assert context.run_unsigned(None, "t", shown.append, service, "taken") is None
    done = context.run_unsigned(None, "t", shown.append, service, "morgan")
    assert done is not None and done.value == f"made morgan on {context.db.path.name}"
    assert shown == [{"name": "Enter a name."}, {FORM: "That name is taken."}, {}]
    assert answers["errors"] == []
