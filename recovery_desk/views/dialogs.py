"""Message boxes behind small functions, so tests replace these instead of patching QMessageBox."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget


def message_box(icon: QMessageBox.Icon, title: str, text: str,
                parent: QWidget | None) -> QMessageBox:
    """A message box showing text as written: messages name people and groups, and a name
    with '<' in it must not be read as markup."""
    box = QMessageBox(icon, title, text, parent=parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def confirm(parent: QWidget | None, title: str, text: str, action: str = "OK") -> bool:
    box = message_box(QMessageBox.Icon.Question, title, text, parent)
    go = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    return box.clickedButton() is go


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    message_box(QMessageBox.Icon.Warning, title, text, parent).exec()


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    message_box(QMessageBox.Icon.Information, title, text, parent).exec()


def choose_save_path(parent: QWidget | None, title: str, suggested: str,
                     file_filter: str) -> str | None:
    """The path the user chose to save to, or None if they cancelled."""
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    return path or None


def ask_text(parent: QWidget | None, title: str, label: str) -> str | None:
    """A line of text from the user, or None if they cancelled."""
    from PySide6.QtWidgets import QInputDialog

    text, ok = QInputDialog.getText(parent, title, label)
    return text if ok else None


def ask_choice(parent: QWidget | None, title: str, label: str, choices: list[str]) -> str | None:
    from PySide6.QtWidgets import QInputDialog

    choice, ok = QInputDialog.getItem(parent, title, label, choices, 0, False)
    return choice if ok else None
