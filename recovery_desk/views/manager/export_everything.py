"""Desk > Export everything (manager): every table as CSV with a README and one workbook, into
a new folder in the folder the manager chooses, after a confirmation that says the files are
readable data. The work runs off the window's thread (views/frame/background.py)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QWidget

from recovery_desk.domain.operations.export_all import READABLE_WARNING, export_all
from recovery_desk.schedule.words import counted
from recovery_desk.views.frame.background import run_and_wait
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.widgets import dialogs

TITLE = "Export everything"


def new_folder(parent: Path, today: date) -> Path:
    """recovery-desk-export-<day> in parent, numbered if one of that name is there already."""
    name = f"recovery-desk-export-{today.isoformat()}"
    folder, number = parent / name, 2
    while folder.exists():
        folder, number = parent / f"{name}-{number}", number + 1
    return folder


def export_everything(parent: QWidget | None, context: DeskContext) -> Path | None:
    """Ask where, confirm, export; the folder written, or None."""
    chosen = dialogs.choose_folder(parent, f"{TITLE}: choose where to put the new folder")
    if not chosen:
        return None
    folder = new_folder(Path(chosen), context.today())
    if not dialogs.confirm(parent, TITLE, (
            f"Write every record the desk holds into the new folder {folder.name} in "
            f"{chosen}: a CSV file per table, README.txt defining each column, and one Excel "
            f"workbook. Only your account can open the files.\n\n{READABLE_WARNING}"),
            "Export"):
        return None
    task = run_and_wait(context, parent, TITLE, export_all, folder, text="Writing every table",
                        cancellable=False)
    if task.result is None:
        return None
    done = task.result.value
    dialogs.show_saved(parent, TITLE, f"Saved {counted(done.tables, 'table')} "
                                      f"({counted(done.rows, 'row')}) in {done.folder}.")
    return Path(done.folder)
