"""The window's save dialog: whatever file is chosen, the desk's own database, its -wal and
its backups are never written over."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from recovery_desk.domain.operations import backup_service
from recovery_desk.views.widgets import dialogs


@pytest.fixture
def chosen(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The file the save dialog answers with (the first item)."""
    answer: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args: (answer[0], "")))
    return answer


@pytest.mark.parametrize("which", ["database", "wal", "backup"])
def test_saving_over_the_desks_own_files_is_refused_with_a_message(
        db, actor, db_path: Path, chosen: list[str], answers, which: str) -> None:
    """The person is told, and nothing is returned to write to."""
    made = backup_service.take_backup(db, actor, db_path)
    chosen.append(str({"database": db_path, "wal": Path(f"{db_path}-wal"),
                       "backup": made.path}[which]))
    assert dialogs.choose_save_path(None, "Export the audit trail", "", "") is None
    (error,) = answers["errors"]
    assert "nothing was written" in error


def test_saving_to_a_new_file_goes_ahead(chosen: list[str], tmp_path: Path, answers) -> None:
    """An ordinary new file is returned as chosen."""
    chosen.append(str(tmp_path / "audit.csv"))
    assert dialogs.choose_save_path(None, "Export", "", "") == str(tmp_path / "audit.csv")
    assert answers["errors"] == []
