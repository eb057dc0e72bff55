"""A date typed as people write it, read back in words, or a message: never a guess."""

from __future__ import annotations

from datetime import date

import pytest

from recovery_desk.views.widgets.date_field import DateField


def test_a_typed_date_is_read_back_in_words(qtbot) -> None:
    """'2/4/1985' is the 2nd of April, shown as 'Tue 2 Apr 1985'."""
    field = DateField("Date of birth")
    qtbot.addWidget(field)
    qtbot.keyClicks(field, "2/4/1985")
    assert field.value() == date(1985, 4, 2)
    assert field.reading() == "Tue 2 Apr 1985"


def test_an_unreadable_date_is_a_message_not_a_guess(qtbot) -> None:
    """A date that cannot be read says why; value() refuses rather than guessing."""
    field = DateField("Date of birth")
    qtbot.addWidget(field)
    qtbot.keyClicks(field, "31/2/1985")
    assert field.reading() and field.reading() != "Tue 2 Apr 1985"
    with pytest.raises(ValueError):
        field.value()


def test_empty_is_no_date_and_set_value_shows_words(qtbot) -> None:
    """An empty field is None and reads ''; a date put in shows in words."""
    field = DateField("Date of birth")
    qtbot.addWidget(field)
    assert field.value() is None and field.reading() == ""
    field.set_value(date(2026, 12, 1))
    assert field.text() == "Tue 1 Dec 2026" and field.value() == date(2026, 12, 1)
    field.set_value(None)
    assert field.text() == ""
