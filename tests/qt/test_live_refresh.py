"""Two desks on one database (two windows, each with its own connection, as two PCs would
have): what one desk books, registers or changes shows at the other without a click, on
SQLite and on PostgreSQL. An unsaved form is never overwritten. The waits end as soon as the
change shows; their length is a margin for a loaded machine, not the promise."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from recovery_desk.domain.operations.setup import open_database
from recovery_desk.domain.people import intake_service as intake
from recovery_desk.domain.places import booking_service
from recovery_desk.domain.service import catalogue_service
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.intake.intake_tab import IntakeTab
from recovery_desk.views.person.person_record_dialog import PersonRecordDialog
from recovery_desk.views.review.review_tab import ReviewTab
from recovery_desk.views.shell.main_window import MainWindow
from recovery_desk.views.timetable.timetable_tab import TimetableTab
from tests.conftest import CATALOGUE
from tests.qt.test_timetable_tab import _cell_text

pytestmark = pytest.mark.both_backends
TODAY = date(2026, 11, 27)
MONDAY = date(2026, 11, 30)
RDP = "Reduced Drinking Programme"
WITHIN_MS = 10_000  # the poll runs every half second; the margin is for a loaded machine


@pytest.fixture
def other_desk(qtbot, db_path, answers):
    """A second desk's window on the same database, through its own connection."""
    db, actor = open_database(db_path, CATALOGUE, today=TODAY)
    context = DeskContext(db, actor, location="desk 2", clock=lambda: TODAY)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    context.watch_other_desks()
    yield window
    context.stop_watching()
    window.close()
    db.dispose()


@pytest.fixture
def person(db, actor, keyworker_id) -> tuple[int, int]:
    group = next(g for g in catalogue_service.list_groups(db, actor) if g.name == RDP)
    person = intake.save_intake(db, actor, intake.PersonDetails(
        given_name="Alex", family_name="Brennan", date_of_birth=date(1980, 1, 1),
        phone="020 7946 0000", keyworker_id=keyworker_id, consent_to_store=True,
        assessment={"substances": [{"name": "alcohol", "days_used_last_28": 12}],
                    "goals": ["reduce_drinking"]}), [intake.ReferralRequest(group.id)], TODAY)
    return person, group.id


def test_a_booking_at_one_desk_shows_in_the_others_timetable_and_review(
        window, other_desk, person, db, actor, qtbot) -> None:
    timetable = other_desk.show_tab(TimetableTab)
    timetable.show_week(MONDAY)
    assert _cell_text(timetable, RDP, MONDAY).endswith("0/12 booked")
    booking_service.book(db, actor, person[0], person[1], TODAY)  # at the first desk
    qtbot.waitUntil(lambda: _cell_text(timetable, RDP, MONDAY).endswith("1/12 booked"),
                    timeout=WITHIN_MS)

    review = other_desk.show_tab(ReviewTab)
    before = review.groups_model.rows()
    group = catalogue_service.list_groups(db, actor)
    catalogue_service.update_group(db, actor, replace(
        next(g for g in group if g.name == RDP), capacity=20))
    qtbot.waitUntil(lambda: review.groups_model.rows() != before, timeout=WITHIN_MS)
    assert any(row.capacity == 20 for row in review.groups_model.rows())


def test_the_open_record_shows_the_other_desks_change(window, other_desk, person, db,
                                                      actor, qtbot) -> None:
    tab = other_desk.show_tab(IntakeTab)
    assert tab.open_person(person[0])
    details, _ = intake.open_person(db, actor, person[0])
    intake.save_intake(db, actor, replace(details, phone="020 7946 0999"), [], TODAY)
    qtbot.waitUntil(lambda: tab.form.phone.text() == "020 7946 0999", timeout=WITHIN_MS)
    assert "changed at another desk" in tab.status.text() and not tab.dirty

    record = PersonRecordDialog.open(other_desk, other_desk.context, person[0])
    qtbot.addWidget(record)
    record.show()
    assert record.places.item(0).text() == "No places yet."
    booking_service.book(db, actor, person[0], person[1], TODAY)
    qtbot.waitUntil(lambda: record.places.item(0).text().startswith(f"{RDP}: Mon 30 Nov"),
                    timeout=WITHIN_MS)


def test_an_unsaved_form_is_never_overwritten_and_the_desk_is_told(
        window, other_desk, person, db, actor, qtbot) -> None:
    tab = other_desk.show_tab(IntakeTab)
    assert tab.open_person(person[0])
    qtbot.keyClicks(tab.form.postcode, "E8 1DY")  # typed at the second desk, not saved
    assert tab.dirty
    details, _ = intake.open_person(db, actor, person[0])
    intake.save_intake(db, actor, replace(details, phone="020 7946 0999"), [], TODAY)
    qtbot.waitUntil(tab.changed_elsewhere.isVisible, timeout=WITHIN_MS)
    assert "Another desk has changed Alex's record" in tab.changed_elsewhere.text()
    assert tab.form.postcode.text() == "E8 1DY" and tab.form.phone.text() == "020 7946 0000"
    assert tab.dirty


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_a_lost_server_keeps_what_was_typed_and_the_desk_carries_on(
        window, context, db, qtbot, monkeypatch) -> None:
    """The server goes away mid-morning: saving says so in words, the form keeps every field,
    and the same save works once the server is back, without reopening anything."""
    from recovery_desk.domain.store.database import Database
    from recovery_desk.views.widgets import dialogs
    from tests.qt.test_intake_tab import fill_person

    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _parent, _title, text: shown.append(text))

    tab = window.show_tab(IntakeTab)
    tab.new_person()
    fill_person(qtbot, tab)
    url = db.engine.url
    down = url.update_query_dict({"port": "1"}) if "port" in url.query else url.set(port=1)
    unreachable = Database.open(down.render_as_string(hide_password=False))
    context.db = unreachable  # what every connection of the desk meets while the server is down
    assert not tab.save()
    assert len(shown) == 1
    assert shown[0].startswith("The database server cannot be reached just now")
    assert "What you typed is kept" in shown[0]
    assert (tab.form.given_name.text(), tab.form.phone.text(), tab.dirty) == \
        ("Robin", "020 7946 0000", True)
    unreachable.dispose()
    context.db = db  # the server is back
    assert tab.save() and not tab.dirty
    assert intake.search_people(db, context.actor, "Ashworth")[0].name.startswith("Robin")
