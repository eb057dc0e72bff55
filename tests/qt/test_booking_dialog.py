"""The booking dialog, as reception uses it: each group with why not, the next sessions with
closures marked, one question naming the group, its times and the first date, and the record
showing the place at once; by keyboard and by mouse; and it fits a 1024x700 screen."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from recovery_desk.domain.people import intake_service as intake
from recovery_desk.domain.places import booking_service
from recovery_desk.domain.service import catalogue_service, closure_service
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.models import Place
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.person.booking_dialog import BookingDialog
from recovery_desk.vocabulary import StaffRole
from tests.qt.conftest import TODAY
from tests.qt.screens import SCALE_IDS, SCALES, SMALL_SCREEN, TextScale, cut_text, save

MSM = "MSM Group"
RDP = "Reduced Drinking Programme"


@pytest.fixture
def reception(db, actor) -> DeskContext:
    """The context of a receptionist at the desk, on Fri 27 Nov 2026."""
    return DeskContext(db, Actor(actor.staff_id, "Jo", StaffRole.RECEPTION), location="t",
                       clock=lambda: TODAY)


@pytest.fixture
def groups(db, actor) -> dict[str, int]:
    return {g.name: g.id for g in catalogue_service.list_groups(db, actor)}


@pytest.fixture
def msm_person(db, actor, keyworker_id) -> int:
    """A man who has sex with men, referred nowhere, as the keyworker's intake recorded."""
    return intake.save_intake(db, actor, intake.PersonDetails(
        given_name="Sam", family_name="Okafor", date_of_birth=date(1988, 6, 1), sex="male",
        msm=True, keyworker_id=keyworker_id, consent_to_store=True,
        assessment={"substances": [{"name": "mephedrone", "days_used_last_28": 3}],
                    "goals": ["change_use"]}), [], TODAY)


def _open(qtbot, context, person: int, group: int | None = None) -> BookingDialog:
    dialog = BookingDialog.open(None, context, person, group)
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _row(dialog: BookingDialog, name: str) -> int:
    return next(i for i, c in enumerate(dialog.choices) if c.name == name)


def test_reception_books_the_msm_group_on_its_second_session_by_keyboard(
        qtbot, reception, db, groups, msm_person, answers) -> None:
    """No referral needed: the MSM Group is chosen first; Down picks the second session; Tab
    and Space on Book ask once, naming the group, its days and the date; the place starts
    that day."""
    dialog = _open(qtbot, reception, msm_person)
    assert dialog.chosen_group().name == MSM
    assert dialog.starts.item(0).text() == "Thu 3 Dec 2026: 12 free"
    dialog.activateWindow()
    dialog.starts.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    qtbot.keyClick(dialog.starts, Qt.Key.Key_Down)
    assert dialog.chosen_start().day == date(2026, 12, 17)
    assert dialog.summary.text() == ("Book Sam Okafor into MSM Group, first session "
                                     "Thu 17 Dec 2026.")
    qtbot.keyClick(dialog.starts, Qt.Key.Key_Tab)
    assert dialog.book_button.hasFocus()
    qtbot.keyClick(dialog.book_button, Qt.Key.Key_Space)
    [asked] = answers["asked"]
    assert asked.startswith("Book Sam Okafor into MSM Group (1st and 3rd Thursday")
    assert asked.endswith("first session Thu 17 Dec 2026?")
    [(said, buttons)] = answers["outcomes"]
    assert said.startswith("Sam Okafor is booked into MSM Group (")
    assert "first session Thu 17 Dec 2026, last Thu 3 Jun 2027." in said
    assert list(buttons) == ["Appointment letter: MSM Group…"]
    with db.reading() as tx:
        [place] = tx.query(Place).all()
        assert place.start_date == date(2026, 12, 17)
    assert dialog.choices[_row(dialog, MSM)].problem == "already has a place from " \
                                                        "Thu 17 Dec 2026"


def test_a_referral_only_group_says_who_can_refer_and_cannot_be_booked(
        qtbot, reception, msm_person, groups, answers) -> None:
    """Chosen by mouse, the Reduced Drinking Programme says it needs a referral and who can
    make one; no session is offered and Book is disabled."""
    dialog = _open(qtbot, reception, msm_person)
    item = dialog.groups.item(_row(dialog, RDP))
    assert item.text() == f"{RDP} (cannot book)"
    rect = dialog.groups.visualItemRect(item)
    qtbot.mouseClick(dialog.groups.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.chosen_group().name == RDP
    assert dialog.group_words.text().endswith(
        "cannot be booked: Reduced Drinking Programme needs a keyworker referral, and none is "
        "on file (a keyworker or service manager can refer).")
    assert [dialog.starts.item(i).text() for i in range(dialog.starts.count())] == [
        "None: see why below"]
    assert dialog.chosen_start() is None
    assert not dialog.book_button.isEnabled()
    assert dialog.book() is None and answers["asked"] == []


def test_a_group_reception_cannot_book_is_marked_before_it_is_chosen(
        qtbot, reception, db, actor, keyworker_id, groups, answers) -> None:
    """A man recorded as not having sex with men: the MSM Group says "(cannot book)" in the
    list, and only that the keyworker can say why; chosen, it offers no session."""
    person = intake.save_intake(db, actor, intake.PersonDetails(
        given_name="Lee", family_name="Hart", date_of_birth=date(1979, 2, 3), sex="male",
        msm=False, keyworker_id=keyworker_id, consent_to_store=True,
        assessment={"goals": ["change_use"]}), [], TODAY)
    dialog = _open(qtbot, reception, person)
    item = dialog.groups.item(_row(dialog, MSM))
    assert item.text() == f"{MSM} (cannot book)"
    assert item.toolTip() == "MSM Group cannot be booked for them; their keyworker can say why"
    dialog.groups.setCurrentRow(_row(dialog, MSM))
    assert not dialog.book_button.isEnabled() and answers["asked"] == []


def test_a_person_whose_msm_answer_is_not_recorded_is_booked_as_they_come(
        qtbot, reception, db, actor, keyworker_id, groups, answers) -> None:
    """An open group: a person whose outcome needs review is booked without a referral."""
    person = intake.save_intake(db, actor, intake.PersonDetails(
        given_name="Kit", family_name="Moss", date_of_birth=date(1990, 5, 6), sex="male",
        msm=None, keyworker_id=keyworker_id, consent_to_store=True,
        assessment={"goals": ["change_use"]}), [], TODAY)
    dialog = _open(qtbot, reception, person)
    assert dialog.groups.item(_row(dialog, MSM)).text() == MSM
    dialog.groups.setCurrentRow(_row(dialog, MSM))
    assert dialog.book() is not None
    with db.reading() as tx:
        assert tx.query(Place).filter(Place.service_user_id == person).count() == 1


def test_a_closed_session_is_marked_and_cannot_be_booked(qtbot, reception, actor, db, groups,
                                                         msm_person, answers) -> None:
    """A closure on the second session shows as closed, says why, and Book is off for it."""
    closure_service.add_closure(db, actor, date(2026, 12, 17), date(2026, 12, 17),
                                "Facilitator on leave", groups[MSM])
    dialog = _open(qtbot, reception, msm_person)
    assert dialog.starts.item(1).text() == "Thu 17 Dec 2026: closed"
    dialog.starts.setCurrentRow(1)
    assert dialog.summary.text() == ("MSM Group is closed on Thu 17 Dec 2026 (Facilitator on "
                                     "leave): choose another session.")
    assert not dialog.book_button.isEnabled()


def test_a_full_start_offers_the_waiting_list(qtbot, reception, db, actor, groups, msm_person,
                                              keyworker_id, answers) -> None:
    """With every place taken, the button joins the waiting list instead, asking first."""
    msm = next(g for g in catalogue_service.list_groups(db, actor) if g.name == MSM)
    from dataclasses import replace
    catalogue_service.update_group(db, actor, replace(msm, capacity=1))
    other = intake.save_intake(db, actor, intake.PersonDetails(
        given_name="Lee", family_name="Park", date_of_birth=date(1990, 1, 1), sex="male",
        msm=True, keyworker_id=keyworker_id, consent_to_store=True,
        assessment={"goals": ["change_use"]}), [], TODAY)
    booking_service.book(db, actor, other, groups[MSM], TODAY)
    dialog = _open(qtbot, reception, msm_person)
    assert dialog.starts.item(0).text() == "Thu 3 Dec 2026: full"
    assert dialog.book_button.text() == "Add to the &waiting list…"
    qtbot.mouseClick(dialog.book_button, Qt.MouseButton.LeftButton)
    assert answers["asked"] == ["MSM Group is full from Thu 3 Dec 2026. Add Sam Okafor to its "
                                "waiting list?"]
    assert dialog.booked == [1]


def test_opened_from_a_session_the_group_given_is_chosen(qtbot, reception, booked,
                                                        answers) -> None:
    """Given a group (as a session does), the dialog opens on it: here the person already has
    a place there, and it says so."""
    group_id, (alex, _sam, _dani) = booked
    dialog = _open(qtbot, reception, alex, group_id)
    assert dialog.chosen_group().group_id == group_id
    assert dialog.group_words.text().endswith("cannot be booked: already has a place from "
                                              "Mon 30 Nov 2026.")
    assert not dialog.book_button.isEnabled()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    import os
    return Path(os.environ.get("RECOVERY_DESK_SCREENSHOTS", tmp_path))


@pytest.mark.parametrize("scale", SCALES, ids=SCALE_IDS)
def test_the_booking_dialog_fits_a_small_screen(qtbot, reception, actor, db, groups,
                                                msm_person, answers, folder, scale) -> None:
    """At 100% and 150% text the dialog fits 1024x700 and no word is cut, with a closure."""
    closure_service.add_closure(db, actor, date(2027, 1, 7), date(2027, 1, 7),
                                "Facilitator on leave", groups[MSM])
    with TextScale(scale):
        dialog = _open(qtbot, reception, msm_person)
        for name, shot in ((RDP, "refused"), (MSM, "dates")):
            dialog.groups.setCurrentRow(_row(dialog, name))
            QApplication.processEvents()
            assert dialog.width() <= SMALL_SCREEN[0] and dialog.height() <= SMALL_SCREEN[1]
            assert cut_text(dialog) == []
            save(dialog, folder, f"booking-dialog-{shot}-{int(scale * 100)}")
