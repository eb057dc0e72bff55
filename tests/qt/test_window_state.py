"""This desk's own preferences kept between runs, in an INI file, away from the database."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from recovery_desk.views.frame import window_state


def test_a_saved_value_is_read_back_and_a_missing_one_gives_the_default(qtbot) -> None:
    """save then load gives the value back; an unknown key gives the default."""
    window_state.save("tab", "Referral intake")
    assert window_state.load("tab") == "Referral intake"
    assert window_state.load("never saved", 7) == 7
    assert window_state.settings().format() == QSettings.Format.IniFormat
