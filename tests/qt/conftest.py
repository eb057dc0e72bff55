"""Qt fixtures: the main window built on the test's own database, and dialogs answered."""

from __future__ import annotations

import pytest

from recovery_desk.domain.database import Database
from recovery_desk.domain.staff import Actor
from recovery_desk.views import dialogs


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """Replaces the dialog functions: confirm returns answers['confirm']; errors are kept."""
    state: dict[str, object] = {"confirm": True, "errors": [], "asked": []}

    def confirm(parent, title, text, action="OK"):  # type: ignore[no-untyped-def]
        state["asked"].append(text)  # type: ignore[union-attr]
        return state["confirm"]

    monkeypatch.setattr(dialogs, "confirm", confirm)
    monkeypatch.setattr(dialogs, "show_error",
                        lambda parent, title, text: state["errors"].append(text))  # type: ignore[union-attr]
    monkeypatch.setattr(dialogs, "show_info", lambda parent, title, text: None)
    return state


@pytest.fixture
def window(qtbot, db: Database, actor: Actor, answers):  # type: ignore[no-untyped-def]
    from recovery_desk.views.main_window import MainWindow

    main = MainWindow(db, actor, "test.sqlite3", demo=False)
    qtbot.addWidget(main)
    return main
