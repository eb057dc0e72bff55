"""The manager's audit trail: searching by staff member and action, showing more rows,
checking the chain and exporting what was found."""

from __future__ import annotations

import csv
from datetime import date

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import select, text

from recovery_desk.domain.staff import accounts, audit_service
from recovery_desk.domain.store.models import AuditEvent
from recovery_desk.views.manager.audit_dialog import AuditDialog
from recovery_desk.views.widgets import dialogs
from recovery_desk.vocabulary import StaffRole

PASSWORD = "correct horse battery"
TODAY = date.today()  # audit rows carry the real clock's time


@pytest.fixture
def manager(db):
    """Morgan, who added Jo; Jo then signed in twice."""
    made, _ = accounts.create_first_manager(db, "morgan", "Morgan Manager", PASSWORD, "t")
    accounts.add_staff(db, made, "jo", "Jo Bennett", StaffRole.RECEPTION, "jo's password")
    for _ in range(2):
        accounts.sign_in(db, "jo", "jo's password", "desk-2")
    return made


@pytest.fixture
def trail(qtbot, make_context, manager, answers, monkeypatch):
    monkeypatch.setattr(dialogs, "show_info",  # kept, like the errors
                        lambda parent, title, text: answers["errors"].append(("info", text)))
    dialog = AuditDialog(None, make_context(today=TODAY, who=manager))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _column(dialog: AuditDialog, name: str) -> list[str]:
    proxy = dialog.table.model()
    column = next(c for c in range(proxy.columnCount())
                  if proxy.headerData(c, Qt.Orientation.Horizontal) == name)
    return [proxy.index(r, column).data() for r in range(proxy.rowCount())]


def test_searching_by_staff_member_and_action_shows_only_theirs(qtbot, trail) -> None:
    """Choose Jo and 'sign in', Search: Jo's two sign-ins, and the count says so."""
    trail.staff.setCurrentIndex(trail.staff.findText("Jo Bennett"))
    trail.action.setCurrentIndex(trail.action.findText("sign in"))
    qtbot.mouseClick(trail.search_button, Qt.MouseButton.LeftButton)
    assert _column(trail, "Staff") == ["Jo Bennett", "Jo Bennett"]
    assert _column(trail, "Action") == ["sign in", "sign in"]
    assert _column(trail, "Workstation") == ["desk-2", "desk-2"]
    assert trail.count.text() == "2 rows found; 2 shown, newest first."
    assert not trail.more_button.isEnabled()


def test_a_record_id_that_is_not_a_number_is_refused(qtbot, trail, answers) -> None:
    """Letters in the record id: one line saying why, and the rows shown stay."""
    before = trail.model.rowCount()
    qtbot.keyClicks(trail.record_id, "abc")
    qtbot.mouseClick(trail.search_button, Qt.MouseButton.LeftButton)
    assert answers["errors"] == ["A record id is a whole number."]
    assert trail.model.rowCount() == before > 0


def test_show_more_adds_the_next_rows(qtbot, trail, monkeypatch) -> None:
    """With pages of two, Search shows two of all; Show more adds the next two, older."""
    monkeypatch.setattr(audit_service, "PAGE", 2)
    qtbot.mouseClick(trail.search_button, Qt.MouseButton.LeftButton)
    total = trail.total
    assert total > 4
    assert trail.count.text() == f"{total} rows found; 2 shown, newest first."
    first = [row.event_id for row in trail.model.rows()]
    qtbot.mouseClick(trail.more_button, Qt.MouseButton.LeftButton)
    shown = [row.event_id for row in trail.model.rows()]
    assert shown[:2] == first and len(shown) == 4 and max(shown[2:]) < min(first)
    assert trail.count.text() == f"{total} rows found; 4 shown, newest first."
    assert trail.more_button.isEnabled()


def test_checking_an_untouched_chain_says_it_holds(qtbot, trail, answers) -> None:
    """Check the chain on an honest trail: one message saying the chain holds."""
    qtbot.mouseClick(trail.verify_button, Qt.MouseButton.LeftButton)
    [(kind, said)] = answers["errors"]
    assert kind == "info" and "the chain holds" in said


def test_checking_a_changed_row_names_it(
        qtbot, trail, answers, db, db_path, raw_sql, backend) -> None:
    """A row changed behind the app's back: the check names that row as breaking the chain."""
    with db.reading() as tx:
        changed = tx.scalars(select(AuditEvent.id).order_by(AuditEvent.id)).all()[2]
    with raw_sql(db_path) as raw:
        backend.unguard_audit(raw)
        raw.execute(text("UPDATE audit_events SET action = 'view' WHERE id = :id"),
                    {"id": changed})
    qtbot.mouseClick(trail.verify_button, Qt.MouseButton.LeftButton)
    assert answers["errors"][-1].startswith(f"Row {changed} breaks the chain")
    assert answers["errors"][-1].endswith("Tell IT and keep the backups.")


def test_export_writes_what_was_found(qtbot, trail, answers, tmp_path, monkeypatch) -> None:
    """Export as CSV… after a search: the file holds the rows found, and the desk says where."""
    path = tmp_path / "audit.csv"
    offered = []
    monkeypatch.setattr(dialogs, "choose_save_path",
                        lambda parent, title, suggested, kinds: offered.append(suggested)
                        or str(path))
    trail.staff.setCurrentIndex(trail.staff.findText("Jo Bennett"))
    trail.action.setCurrentIndex(trail.action.findText("sign in"))
    qtbot.mouseClick(trail.search_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(trail.export_button, Qt.MouseButton.LeftButton)
    assert offered == [f"audit-{TODAY.isoformat()}.csv"]
    assert answers["errors"] == []
    assert answers["saved"] == [f"Saved audit.csv in {tmp_path}. It holds 2 rows of the trail."]
    with path.open(newline="", encoding="utf-8") as exported:
        rows = list(csv.DictReader(exported))
    assert len(rows) == 2
    assert {value for row in rows for value in row.values()} >= {"sign_in", "Jo Bennett"}
