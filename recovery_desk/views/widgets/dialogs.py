"""Message boxes behind small functions, so tests replace these instead of patching QMessageBox."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget


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


def show_saved(parent: QWidget | None, title: str, text: str) -> None:
    """'Saved <file name> in <folder>.' after a file is written (views/widgets/saved_files.py)."""
    message_box(QMessageBox.Icon.Information, title, text, parent).exec()


def show_outcome(parent: QWidget | None, title: str, text: str,
                 actions: Sequence[tuple[str, Callable[[], object]]] = ()) -> None:
    """An information box with a button for each follow-up (an appointment letter, say): a
    follow-up runs and the box comes back, until OK."""
    while True:
        box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent)
        chosen: dict[QAbstractButton, Callable[[], object]] = {
            box.addButton(label, QMessageBox.ButtonRole.ActionRole): action
            for label, action in actions}
        box.addButton(QMessageBox.StandardButton.Ok)
        box.exec()
        action = chosen.get(box.clickedButton())
        if action is None:
            return
        action()


def choose_save_path(parent: QWidget | None, title: str, suggested: str,
                     file_filter: str) -> str | None:
    """The path the user chose to save to, or None if they cancelled or chose a file the desk
    never writes over (a Recovery Desk database or backup, or its -wal; said in a message).
    The dialog itself has asked before replacing any other file."""
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, file_filter)
    return refuse_desk_files(parent, title, path) if path else None


def choose_open_path(parent: QWidget | None, title: str, file_filter: str) -> str | None:
    """A file the user chose to read, or None if they cancelled."""
    from PySide6.QtWidgets import QFileDialog

    path, _ = QFileDialog.getOpenFileName(parent, title, "", file_filter)
    return path or None


def choose_folder(parent: QWidget | None, title: str) -> str | None:
    """A folder the user chose, or None if they cancelled."""
    from PySide6.QtWidgets import QFileDialog

    path = QFileDialog.getExistingDirectory(parent, title)
    return path or None


def refuse_desk_files(parent: QWidget | None, title: str, path: str) -> str | None:
    """path, or None after saying why the desk will not write it (domain/chosen_files.py)."""
    from recovery_desk.domain.store.chosen_files import RefusedFileError, check_output

    try:
        check_output(Path(path), database=None, force=True)
    except RefusedFileError as error:
        show_error(parent, title, str(error))
        return None
    return path


def ask_text(parent: QWidget | None, title: str, label: str) -> str | None:
    """A line of text from the user, or None if they cancelled."""
    from PySide6.QtWidgets import QInputDialog

    text, ok = QInputDialog.getText(parent, title, label)
    return text if ok else None


def ask_choice(parent: QWidget | None, title: str, label: str, choices: list[str]) -> str | None:
    from PySide6.QtWidgets import QInputDialog

    choice, ok = QInputDialog.getItem(parent, title, label, choices, 0, False)
    return choice if ok else None


def show_recovery_code(parent: QWidget | None, code: str) -> None:
    """A manager's one-time recovery code, shown once: their way back in."""
    box = QMessageBox(QMessageBox.Icon.Information, "Your recovery code",
                      "<p>If you forget your password, this one-time code lets you set a new "
                      "one. Write it down and keep it somewhere safe and private: it is not "
                      "shown again.</p>"
                      f"<p style='font-size: 18pt; font-family: monospace'><b>{code}</b></p>",
                      parent=parent)
    box.setAccessibleDescription(f"Recovery code: {' '.join(code)}")
    box.exec()
