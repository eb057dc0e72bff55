"""The checks on opening: a sound file gets the day's backup and the window is told; a
damaged one is said plainly with a backup offered, and no backup is taken of it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from recovery_desk.domain.operations import backup_service
from recovery_desk.views.manager import backup_dialogs
from recovery_desk.views.shell.opening_checks import OpeningChecks


def _run(qtbot, context) -> tuple[OpeningChecks, list[str], QWidget]:
    window = QWidget()
    qtbot.addWidget(window)
    done: list[str] = []
    checks = OpeningChecks(window, context, lambda: done.append("then"))
    checks.start()
    qtbot.waitUntil(lambda: checks.handled, timeout=10_000)
    return checks, done, window


def test_a_sound_file_is_backed_up_and_the_window_told(qtbot, context, db_path: Path) -> None:
    """Quick check clean: one backup today, and then() called once."""
    _checks, done, _window = _run(qtbot, context)
    assert done == ["then"]
    assert len(backup_service.list_backups(db_path.parent / "backups")) == 1


def test_a_damaged_file_is_said_and_not_backed_up(
        qtbot, context, db_path: Path, monkeypatch) -> None:
    """Quick check finds damage: the restore offer names it; no backup of a damaged file."""
    offered: list[list[str]] = []
    monkeypatch.setattr(backup_service, "quick_check", lambda path: ["page 7: bad checksum"])
    monkeypatch.setattr(backup_dialogs, "offer_restore",
                        lambda parent, context, problems: offered.append(problems))
    _checks, done, _window = _run(qtbot, context)
    assert offered == [["page 7: bad checksum"]] and done == ["then"]
    assert backup_service.list_backups(db_path.parent / "backups") == []
