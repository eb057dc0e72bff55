"""A group's waiting list at the desk, as reception uses it: opened from the timetable's
selected session and from the catalogue's selected group, by mouse and by keyboard; the offers
open with their answer-by dates; an answer recorded (accepted, declined with a reason, no answer
by the date) and the list redrawn. It fits its own size within 1024x700 at 100% and 150%."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from recovery_desk.domain.places import waiting_list_service as waiting
from recovery_desk.views.catalogue.catalogue_tab import CatalogueTab
from recovery_desk.views.person.waiting_list_dialog import WaitingListDialog, count_words
from recovery_desk.views.timetable.timetable_tab import TimetableTab
from recovery_desk.vocabulary import WaitingStatus
from tests.qt.screens import SMALL_SCREEN, TextScale, cut_text, save
from tests.qt.waiting_people import (
    DUE,
    RDP,
    make_waiting_person,
    offered,
    press_alt,
    reception,
    told,
)

__all__ = ["offered", "reception", "told"]  # fixtures, used by name
MONDAY = date(2026, 11, 23)


@pytest.fixture
def opened(monkeypatch, qtbot):
    """The waiting-list dialogs the desk opens, shown and active but not waited on (the test
    then works in them as a person would, and closes nothing)."""
    seen: list[WaitingListDialog] = []

    def shown_instead(dialog: WaitingListDialog) -> int:
        dialog.show()  # the tab it opened from owns it, and closes it with itself
        seen.append(dialog)
        return 0

    monkeypatch.setattr(WaitingListDialog, "exec", shown_instead)
    return seen


def _active(qtbot, dialog: WaitingListDialog) -> WaitingListDialog:
    """The dialog active, with its list holding the keyboard focus, as a person finds it."""
    dialog.activateWindow()
    dialog.table.setFocus()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog
                    and QApplication.focusWidget() is dialog.table)
    return dialog


def _cells(dialog: WaitingListDialog) -> list[list[str]]:
    model = dialog.table.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def _rdp_on_monday(tab: TimetableTab):
    model = tab.model
    return next(model.index(r, c) for r in range(model.rowCount())
                for c in range(model.columnCount()) if model.day_of(c) == MONDAY
                and any(s.group_name == RDP for s in model.sessions_at(r, c)))


def test_from_the_timetable_reception_sees_the_list_and_books_an_acceptance_by_mouse(
        qtbot, shown, reception, offered, answers, told, opened, db, actor) -> None:
    """The session's Waiting list button (clicked) shows Riley offered (answer by Fri 4 Dec)
    and Morgan waiting; Offer accepted (clicked) books Riley and the list shows Morgan."""
    group_id, _riley, _morgan = offered
    tab = shown(TimetableTab(reception()))
    tab.grid.setCurrentIndex(_rdp_on_monday(tab))
    assert tab.waiting_button.isEnabled()
    qtbot.mouseClick(tab.waiting_button, Qt.MouseButton.LeftButton)
    [dialog] = opened
    assert dialog.windowTitle() == f"Waiting list: {RDP}"
    assert _cells(dialog) == [
        ["1", "Riley Shaw", "Offered: answer by Fri 4 Dec 2026", "Fri 27 Nov 2026"],
        ["2", "Morgan Hale", "Waiting", "Fri 27 Nov 2026"]]
    assert dialog.summary.text().startswith("2 on the list: 1 waiting, 1 offered.")
    qtbot.mouseClick(dialog.buttons.accept_button, Qt.MouseButton.LeftButton)
    assert told["info"] == [f"Riley Shaw is booked into {RDP} from Mon 30 Nov 2026 to "
                            "Mon 22 Feb 2027."]
    assert _cells(dialog) == [["1", "Morgan Hale", "Waiting", "Fri 27 Nov 2026"]]
    assert not dialog.buttons.accept_button.isEnabled()
    assert [r.name for r in waiting.entries(db, actor, group_id)] == ["Morgan Hale"]


def test_from_the_catalogue_reception_records_a_decline_by_keyboard(
        qtbot, shown, reception, offered, answers, told, opened, db, actor) -> None:
    """Alt+W on the catalogue's selected group opens its list; Alt+D records Riley's decline
    with the reason asked for, and the place is offered to Morgan."""
    group_id, _riley, _morgan = offered
    tab = shown(CatalogueTab(reception()))
    tab.select_group(group_id)
    with qtbot.waitActive(tab):
        tab.activateWindow()
    tab.table.setFocus()
    press_alt(qtbot, tab, Qt.Key.Key_W)
    qtbot.waitUntil(lambda: bool(opened))
    dialog = _active(qtbot, opened[0])
    press_alt(qtbot, dialog, Qt.Key.Key_D)
    qtbot.waitUntil(lambda: bool(told["info"]))
    assert told["info"] == [f"Riley Shaw declined and has left the waiting list for {RDP}. "
                            "The place is now offered to Morgan Hale."]
    assert _cells(dialog) == [
        ["1", "Morgan Hale", "Offered: answer by Fri 4 Dec 2026", "Fri 27 Nov 2026"]]
    declined = waiting.entries(db, actor, group_id)
    assert [(r.name, r.status) for r in declined] == [("Morgan Hale", WaitingStatus.OFFERED)]


def test_no_answer_by_the_date_is_recorded_from_the_group_by_keyboard(
        qtbot, shown, reception, offered, answers, told, opened) -> None:
    """On Fri 4 Dec, Alt+N closes Riley's offer: Riley keeps first position, Morgan is
    offered the place, answer by Fri 11 Dec; the note under the list says why."""
    group_id, _riley, _morgan = offered
    tab = shown(CatalogueTab(reception(DUE)))
    tab.select_group(group_id)
    qtbot.mouseClick(tab.waiting_button, Qt.MouseButton.LeftButton)
    dialog = _active(qtbot, opened[0])
    press_alt(qtbot, dialog, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: bool(told["info"]))
    assert told["info"] == [f"Riley Shaw keeps their position on the waiting list for {RDP}. "
                            "The place is now offered to Morgan Hale."]
    assert _cells(dialog) == [
        ["1", "Riley Shaw", "Waiting", "Fri 27 Nov 2026"],
        ["2", "Morgan Hale", "Offered: answer by Fri 11 Dec 2026", "Fri 27 Nov 2026"]]
    dialog.table.setCurrentIndex(dialog.table.model().index(0, 0))
    assert dialog.note.text() == ("Riley Shaw: No answer to the offer by Fri 4 Dec 2026; "
                                  "kept their position.")


def test_the_counts_read_as_english() -> None:
    """No one waiting, and one or two offers open, in words."""
    assert count_words([]) == "Nobody is waiting."


@pytest.mark.parametrize("scale", [1.0, 1.5], ids=["100%", "150%"])
def test_the_waiting_list_fits_a_small_screen(qtbot, db, actor, keyworker_id, reception,
                                              offered, answers, scale, tmp_path) -> None:
    """Eight on the list (one offered, the rest waiting): every word shown, at its own size
    within 1024x700, at both scales."""
    group_id, _riley, _morgan = offered
    for given, family in (("Oluwaseun", "Adebayo-Richardson"), ("Siobhan", "McLaughlin"),
                          ("Bartholomew", "Fitzgerald"), ("Anastasia", "Konstantinou"),
                          ("Priya", "Raghunathan"), ("Jo", "Li")):
        waiting.join(db, actor, make_waiting_person(db, actor, keyworker_id, group_id, given,
                                                    family), group_id, date(2026, 11, 27))
    with TextScale(scale):
        dialog = WaitingListDialog.open(None, reception(), group_id, RDP)
        assert dialog is not None
        qtbot.addWidget(dialog)
        dialog.show()
        QApplication.processEvents()
        assert dialog.width() <= SMALL_SCREEN[0] and dialog.height() <= SMALL_SCREEN[1]
        folder = Path(os.environ.get("RECOVERY_DESK_SCREENSHOTS", tmp_path))
        save(dialog, folder, f"waiting-list-dialog-{int(scale * 100)}")
        assert cut_text(dialog) == []

