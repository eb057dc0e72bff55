"""Writing a file the person chose, then saying so: every save on the desk (the week as PDF, a
sign-in sheet, a letter, a calendar file, subject access, the audit trail, a report) ends with
"Saved <file name> in <folder>." or with a message saying why it could not be written.

Used by the timetable, the letter dialog, the person record, the audit trail and the Reports
tab, so all of them say it the same way (dialogs.show_saved, which tests replace).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtWidgets import QWidget

from recovery_desk.domain.store.failures import explain_file_error
from recovery_desk.schedule.words import listed
from recovery_desk.views.widgets import dialogs


def saved_words(paths: Sequence[Path], note: str = "") -> str:
    """'Saved week.pdf in /home/desk/Documents.', 'Saved a.json and a.pdf in ...', plus the
    note ('Keep them safe ...') when there is one."""
    folders = {path.parent for path in paths}
    where = f" in {next(iter(folders))}" if len(folders) == 1 else ""
    names = listed([path.name if where else str(path) for path in paths])
    return f"Saved {names}{where}." + (f" {note}" if note else "")


def _stamp(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def save_file(parent: QWidget | None, title: str, path: Path, write: Callable[[Path], object],
              *, also: Sequence[Path] = (), note: str = "") -> Path | None:
    """Write the file (and any written beside it, `also`) and say it was saved; None after
    saying why not. Qt's PDF writer fails silently on a folder it cannot write to, so a file
    that is missing or untouched afterwards is a failure too, never a false "Saved"."""
    before = {p: _stamp(p) for p in (path, *also)}
    try:
        write(path)
    except OSError as error:
        dialogs.show_error(parent, title, explain_file_error(error))
        return None
    unwritten = [p for p, stamp in before.items() if _stamp(p) in (None, stamp)]
    if unwritten:
        folder = unwritten[0].parent
        why = ": that folder does not exist" if not folder.is_dir() else \
            "" if os.access(folder, os.W_OK) else ": this desk may not write in that folder"
        dialogs.show_error(parent, title, f"{unwritten[0].name} could not be saved in "
                           f"{folder}{why}. Choose another folder.")
        return None
    say_saved(parent, title, [path, *also], note)
    return path


def say_saved(parent: QWidget | None, title: str, paths: Sequence[Path], note: str = "") -> None:
    """Say files were saved, for a file a service wrote itself (the audit trail's export)."""
    dialogs.show_saved(parent, title, saved_words(paths, note))
