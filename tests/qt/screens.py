"""Screenshots of every tab at a small screen's size, at 100% and 150% text, for a person to
look at (tests/qt/test_screens.py saves them; RECOVERY_DESK_SCREENSHOTS names the folder)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

SMALL_SCREEN = (1024, 700)


class TextScale:
    """Every widget's text at a scale (150% is what a desk set to large text sees)."""

    def __init__(self, scale: float) -> None:
        self.scale = scale
        self.before = QFont(QApplication.font())

    def __enter__(self) -> TextScale:
        font = QFont(self.before)
        font.setPointSizeF(self.before.pointSizeF() * self.scale)
        QApplication.setFont(font)
        return self

    def __exit__(self, *_: object) -> None:
        QApplication.setFont(self.before)


def cut_off_buttons(root: QWidget) -> list[str]:
    """Visible buttons narrower than their text needs."""
    return [button.text() for button in root.findChildren(QAbstractButton)
            if button.isVisible() and button.text()
            and button.width() + 2 < button.minimumSizeHint().width()]


def save(widget: QWidget, folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    widget.grab().save(str(path))
    return path
