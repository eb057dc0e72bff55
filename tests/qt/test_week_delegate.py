"""The timetable cell's blocks: name, time and places in words; a closed session struck
through with its reason; long names wrap and the cell grows; dark themes get dark tints."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QFont, QPalette, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QStyleOptionViewItem, QTableView

from recovery_desk.item_models.week_model import SESSIONS_ROLE
from recovery_desk.schedule.timetable import SessionRow
from recovery_desk.views.timetable.week_delegate import (
    WeekDelegate,
    _pieces,
    narrowest_cell,
    tint,
)

MONDAY = date(2026, 11, 30)
RUNS = SessionRow(3, "Reduced Drinking Programme", MONDAY, time(10), time(12), None, 4, 12)
CLOSED = SessionRow(3, "Reduced Drinking Programme", MONDAY, time(10), time(12),
                    "Staff training", 4, 12)


def test_a_running_session_reads_name_time_and_places() -> None:
    """Bold name, the time, then '4/12 booked'; nothing struck through."""
    pieces = _pieces(RUNS, QFont())
    assert [text for text, _ in pieces][::2] == ["Reduced Drinking Programme", "4/12 booked"]
    assert pieces[0][1].bold() and not pieces[0][1].strikeOut()


def test_a_past_session_says_its_register_is_due_in_bold_or_taken() -> None:
    """On its day or after, a fourth line: 'Register due' in bold, or 'Register taken'."""
    due = _pieces(RUNS, QFont(), MONDAY)[3]
    assert due[0] == "Register due" and due[1].bold()
    taken = _pieces(replace(RUNS, register_taken=True), QFont(), MONDAY)[3]
    assert taken[0] == "Register taken" and not taken[1].bold()
    assert len(_pieces(RUNS, QFont(), MONDAY - timedelta(days=1))) == 3


def test_a_closed_session_is_struck_through_with_its_reason() -> None:
    """Name and time struck through; the reason in italics, in words."""
    pieces = _pieces(CLOSED, QFont())
    assert pieces[2][0] == "Closed: Staff training" and pieces[2][1].italic()
    assert pieces[0][1].strikeOut() and pieces[1][1].strikeOut()


def test_a_time_breaks_after_its_dash_only_in_a_narrow_cell(qapp) -> None:
    """'10am-12pm' stays on one line where it fits, and breaks after the dash where not."""
    font = QFont()
    assert _pieces(RUNS, font)[1][0] == "10am-12pm"
    assert _pieces(RUNS, font, inner=10)[1][0] == "10am-\n12pm"


def test_cut_words_names_what_a_cell_too_narrow_cannot_show(qtbot) -> None:
    """At the narrowest width for its words the cell cuts nothing; narrower, it names the
    word it cuts."""
    view = QTableView()
    qtbot.addWidget(view)
    model = QStandardItemModel(1, 1)
    item = QStandardItem()
    item.setData([RUNS], SESSIONS_ROLE)
    model.setItem(0, 0, item)
    view.setModel(model)
    delegate = WeekDelegate(view)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    width = narrowest_cell([RUNS], option.font)
    option.rect = QRect(0, 0, width, 40)
    option.rect.setHeight(delegate.sizeHint(option, model.index(0, 0)).height())
    assert delegate.cut_words(option, model.index(0, 0)) == []
    option.rect.setWidth(width - 8)
    assert "Programme" in delegate.cut_words(option, model.index(0, 0))


def test_a_long_name_wraps_and_the_cell_grows(qtbot) -> None:
    """In a narrow cell, two sessions with a long name ask for more height than one short."""
    view = QTableView()
    qtbot.addWidget(view)
    model = QStandardItemModel(1, 2)
    long = SessionRow(4, "Recovery Skills and Relapse Prevention Evening Group", MONDAY,
                      time(18), time(20), None, 1, 10)
    for column, rows in enumerate(([RUNS], [long, long])):
        item = QStandardItem()
        item.setData(rows, SESSIONS_ROLE)
        model.setItem(0, column, item)
    view.setModel(model)
    delegate = WeekDelegate(view)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = QRect(0, 0, 120, 40)
    short = delegate.sizeHint(option, model.index(0, 0)).height()
    tall = delegate.sizeHint(option, model.index(0, 1)).height()
    assert tall > 2 * short


def test_a_dark_theme_gets_dark_tints() -> None:
    """On a dark base the group's tint is dark too, so light text stays readable."""
    light, dark = QPalette(), QPalette()
    light.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    dark.setColor(QPalette.ColorRole.Base, QColor("#101010"))
    assert tint(light, 3).lightness() > 200
    assert tint(dark, 3).lightness() < 80
