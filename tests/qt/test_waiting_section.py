"""The person record's waiting lists, as reception uses them: each list with the person's
position and the open offer's answer-by date, and the answer recorded from the record by
mouse and by keyboard (accepted books the place, declined keeps the reason, no answer by the
date moves the offer on). The record with these sections fits 1024x700 at 100% and 150%."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from recovery_desk.domain.places import waiting_list_service as waiting
from recovery_desk.views.person.person_record_dialog import PersonRecordDialog
from recovery_desk.vocabulary import WaitingStatus
from tests.qt.keyboard import clashes
from tests.qt.screens import SMALL_SCREEN, TextScale, cut_text, save
from tests.qt.waiting_people import DUE, RDP, offered, press_alt, reception, told

__all__ = ["offered", "reception", "told"]  # fixtures, used by name


def _record(qtbot, context, person) -> PersonRecordDialog:
    dialog = PersonRecordDialog.open(None, context, person)
    assert dialog is not None
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):  # Alt letters reach only the active window
        dialog.show()
        dialog.activateWindow()
    return dialog


def _cells(dialog) -> list[list[str]]:
    model = dialog.waiting.table.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def test_the_record_shows_the_list_the_position_and_the_offer(
        qtbot, reception, offered, answers) -> None:
    """Riley's record: one list, first of two, offered with the answer-by date; Morgan's:
    second of two, waiting, with no answer to give."""
    _group_id, riley, morgan = offered
    record = _record(qtbot, reception(), riley)
    assert _cells(record) == [[RDP, "1 of 2", "Offered: answer by Fri 4 Dec 2026"]]
    assert record.waiting.note.text() == ("Offered a place on Fri 27 Nov 2026; answer by "
                                          "Fri 4 Dec 2026.")
    assert record.waiting.buttons.accept_button.isEnabled()
    assert clashes(record) == {}  # the answers' Alt letters are the record's alone
    other = _record(qtbot, reception(), morgan)
    assert _cells(other) == [[RDP, "2 of 2", "Waiting"]]
    assert not other.waiting.buttons.accept_button.isEnabled()


def test_reception_records_an_acceptance_by_mouse_and_the_place_shows(
        qtbot, reception, offered, answers, told) -> None:
    """Offer accepted, clicked: asked once, booked, said, and the record's places show it."""
    _group_id, riley, _morgan = offered
    record = _record(qtbot, reception(), riley)
    qtbot.mouseClick(record.waiting.buttons.accept_button, Qt.MouseButton.LeftButton)
    assert answers["asked"] == [f"Riley Shaw accepts the place in {RDP}: book it from the "
                                "next session?"]
    assert told["info"] == [f"Riley Shaw is booked into {RDP} from Mon 30 Nov 2026 to "
                            "Mon 22 Feb 2027."]
    assert record.places.item(0).text().startswith(f"{RDP}: Mon 30 Nov 2026")
    assert record.waiting.empty.isVisible() and not record.waiting.table.isVisible()


def test_reception_records_a_decline_by_keyboard_with_the_reason(
        qtbot, db, actor, reception, offered, answers, told) -> None:
    """Alt+D asks why; the reason is kept, Riley leaves the list and Morgan is offered."""
    group_id, riley, _morgan = offered
    record = _record(qtbot, reception(), riley)
    press_alt(qtbot, record, Qt.Key.Key_D)
    qtbot.waitUntil(lambda: bool(told["info"]))
    assert told["info"] == [f"Riley Shaw declined and has left the waiting list for {RDP}. "
                            "The place is now offered to Morgan Hale."]
    assert record.waiting.empty.isVisible()
    rows = waiting.entries(db, actor, group_id)
    assert [(r.name, r.status) for r in rows] == [("Morgan Hale", WaitingStatus.OFFERED)]


def test_a_decline_without_a_reason_is_refused_and_the_offer_stays(
        qtbot, db, actor, reception, offered, answers, told) -> None:
    """A blank reason: the desk is told one is needed; nothing changes."""
    group_id, riley, _morgan = offered
    told["reason"] = "   "
    record = _record(qtbot, reception(), riley)
    qtbot.mouseClick(record.waiting.buttons.decline_button, Qt.MouseButton.LeftButton)
    assert answers["errors"] == ["Give a reason; it is kept on the waiting list."]
    assert waiting.entries(db, actor, group_id)[0].status is WaitingStatus.OFFERED


def test_no_answer_is_refused_before_the_date_and_recorded_on_it(
        qtbot, db, actor, reception, offered, answers, told) -> None:
    """Before Fri 4 Dec the button is off, saying from when, and a click asks nothing; on the
    day, Alt+N closes it: Riley keeps first place in the queue and Morgan is offered it."""
    group_id, riley, _morgan = offered
    early = _record(qtbot, reception(), riley)
    button = early.waiting.buttons.no_answer_button
    assert not button.isEnabled()
    assert button.toolTip() == button.accessibleDescription() == (
        "The offer is open until Fri 4 Dec 2026; no answer can be recorded from that day.")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert answers["asked"] == [] and answers["errors"] == []
    record = _record(qtbot, reception(DUE), riley)
    press_alt(qtbot, record, Qt.Key.Key_N)
    qtbot.waitUntil(lambda: bool(told["info"]))
    assert answers["asked"][-1].startswith("No answer from Riley Shaw by Fri 4 Dec 2026?")
    assert told["info"] == [f"Riley Shaw keeps their position on the waiting list for {RDP}. "
                            "The place is now offered to Morgan Hale."]
    assert _cells(record) == [[RDP, "1 of 2", "Waiting"]]
    assert [(r.name, r.status) for r in waiting.entries(db, actor, group_id)] == [
        ("Riley Shaw", WaitingStatus.WAITING), ("Morgan Hale", WaitingStatus.OFFERED)]


@pytest.mark.parametrize("scale", [1.0, 1.5], ids=["100%", "150%"])
def test_the_record_with_its_waiting_lists_fits_a_small_screen(
        qtbot, reception, offered, answers, scale, tmp_path) -> None:
    """Riley's record at 1024x700 (an open offer, a place, no cut word) at both scales."""
    _group_id, riley, _morgan = offered
    with TextScale(scale):
        record = _record(qtbot, reception(), riley)
        record.resize(*SMALL_SCREEN)
        QApplication.processEvents()
        folder = Path(os.environ.get("RECOVERY_DESK_SCREENSHOTS", tmp_path))
        save(record, folder, f"person-record-waiting-{int(scale * 100)}")
        assert cut_text(record) == []
