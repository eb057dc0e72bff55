"""Messages beside form fields: a warning sign (never colour alone), the words also given to
screen readers as the field's description, and a red that reads on light and dark themes."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLineEdit

from recovery_desk.views.widgets.form_errors import (
    DARK_RED,
    LIGHT_RED,
    FieldMessage,
    warning_colour,
)


def _palette(window: str) -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor(window))
    return palette


def _contrast(one: str, other: str) -> float:
    def luminance(colour: str) -> float:
        channels = [c / 255 for c in QColor(colour).getRgb()[:3]]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
                   for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_red_reads_on_a_light_and_on_a_dark_window() -> None:
    assert warning_colour(_palette("#ffffff")) == DARK_RED
    assert warning_colour(_palette("#1e1e1e")) == LIGHT_RED
    assert _contrast(DARK_RED, "#ffffff") >= 4.5
    assert _contrast(DARK_RED, "#efefef") >= 4.5  # Fusion's light window
    assert _contrast(LIGHT_RED, "#1e1e1e") >= 4.5
    assert _contrast(LIGHT_RED, "#353535") >= 4.5  # Fusion's dark window


def test_a_message_is_shown_with_a_sign_and_given_to_screen_readers(qtbot) -> None:
    field = QLineEdit()
    field.setAccessibleName("Postcode")
    message = FieldMessage(field)
    qtbot.addWidget(field)
    qtbot.addWidget(message)
    message.show_message("Not a UK postcode.")
    assert message.text() == "⚠ Not a UK postcode." and not message.isHidden()
    assert field.accessibleDescription() == "Not a UK postcode."
    assert message.accessibleName() == "Postcode problem"
    message.setPalette(_palette("#1e1e1e"))
    message.show_message("Still not a UK postcode.")
    assert LIGHT_RED in message.styleSheet()
    message.show_message(None)
    assert message.isHidden() and field.accessibleDescription() == ""
