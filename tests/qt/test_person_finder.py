"""Finding a service user: typing shows the people found after a pause; Enter on one opens
them; New person starts a record."""

from __future__ import annotations

from PySide6.QtCore import Qt

from recovery_desk.views.intake.person_finder import PersonFinder


def test_typing_finds_a_person_and_enter_opens_them(qtbot, shown, context, booked) -> None:
    """'calloway' lists Sam with their date of birth; Enter on the row hands back Sam's id."""
    _, (_alex, sam, _dani) = booked
    finder = shown(PersonFinder(context))
    qtbot.keyClicks(finder.search, "calloway")
    qtbot.waitUntil(lambda: finder.results.isVisible(), timeout=10_000)
    assert [finder.results.item(r).text() for r in range(finder.results.count())] == [
        "Sam Calloway, born Tue 1 Jan 1980"]
    finder.results.setCurrentRow(0)
    with qtbot.waitSignal(finder.chosen, timeout=10_000) as opened:
        qtbot.keyClick(finder.results, Qt.Key.Key_Return)
    assert opened.args == [sam]


def test_no_one_found_points_to_new_person(qtbot, shown, context) -> None:
    """A name nobody has: the list says so, and New person asks for a new record."""
    finder = shown(PersonFinder(context))
    qtbot.keyClicks(finder.search, "ashworth")
    qtbot.waitUntil(lambda: finder.results.isVisible(), timeout=10_000)
    assert finder.results.item(0).text() == "No one found. Use New person to start a record."
    with qtbot.waitSignal(finder.new_person, timeout=10_000):
        qtbot.mouseClick(finder.new_button, Qt.MouseButton.LeftButton)
