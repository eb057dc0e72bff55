"""Saving a session's sign-in sheet as a PDF: a row per member with a signature column, and
rows for walk-ins. Used by the Timetable and Today tabs; loaded only when a sheet is asked for."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QPageLayout
from PySide6.QtWidgets import QWidget

from recovery_desk.domain.places import timetable_service
from recovery_desk.exports.sign_in_sheet import sign_in_html
from recovery_desk.schedule.timetable import SessionRow, session_time
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.widgets import dialogs, printing
from recovery_desk.views.widgets.saved_files import save_file


def save_sign_in_sheet(parent: QWidget, context: DeskContext, row: SessionRow) -> Path | None:
    """Ask where, then save the session's sheet there; the path, or None if not saved."""
    slug = "-".join(row.group_name.lower().split())
    path = dialogs.choose_save_path(parent, "Save the sign-in sheet",
                                    f"sign-in-{slug}-{row.date.isoformat()}.pdf", "PDF (*.pdf)")
    if path is None:
        return None
    members = context.run(parent, "Sign-in sheet", timetable_service.members_on,
                          row.group_id, row.date)
    if members is None:
        return None
    names = [m.name for m in members.value]
    page = sign_in_html(row.group_name, row.date, session_time(row), names)
    return save_file(parent, "Save the sign-in sheet", Path(path),
                     lambda chosen: printing.html_to_pdf(page, chosen,
                                                         QPageLayout.Orientation.Portrait))
