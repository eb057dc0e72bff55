"""Long work off the window's thread (views/frame/background.py): the outcome comes back on the
window's thread, Cancel stops the work with nothing committed, a refusal is shown in words,
the window answers events meanwhile, and what the work committed is announced."""

from __future__ import annotations

import threading
from datetime import date

from PySide6.QtCore import QThread, QTimer
from PySide6.QtWidgets import QApplication

from recovery_desk.domain.service import catalogue_service
from recovery_desk.domain.store.changes import CATALOGUE
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.models import Group
from recovery_desk.views.frame.background import run_and_wait, run_in_background

TODAY = date(2026, 11, 27)
WAIT_MS = 10_000


def _on_the_window_s_thread() -> bool:
    return QThread.currentThread() is QApplication.instance().thread()


def test_the_result_arrives_on_the_window_s_thread(qtbot, context) -> None:
    """The service runs off the window's thread; on_done gets its value on the window's."""
    ran_on: list[bool] = []
    arrived: list[tuple[str, bool]] = []

    def service(db, actor, *, today: date) -> str:
        ran_on.append(_on_the_window_s_thread())
        return f"{actor.name} on {today}"

    task = run_in_background(context, None, "Work", service, quiet=True,
                             on_done=lambda done: arrived.append((done.value,
                                                                  _on_the_window_s_thread())))
    qtbot.waitUntil(lambda: task.is_finished, timeout=WAIT_MS)
    assert ran_on == [False]
    assert arrived == [(f"{context.actor.name} on {TODAY}", True)]


def test_cancel_stops_a_long_task_and_nothing_is_committed(qtbot, context, db, actor,
                                                           answers) -> None:
    """Cancel makes the service's next progress call stop it inside its unit of work: the
    change rolls back, nothing is announced and nothing is shown as an error."""
    group_id = catalogue_service.list_groups(db, actor)[0].id
    announced: list[frozenset[str]] = []
    context.announced.connect(announced.append)
    steps: list[int] = []

    def long_retire(db, actor, *, progress) -> None:
        with db.writing() as tx:
            tx.get(Group, group_id).active = False
            tx.flush()
            for step in range(10_000):  # about 100 s unless stopped
                steps.append(step)
                progress(step, 10_000)
                threading.Event().wait(0.01)

    task = run_in_background(context, None, "Retire", long_retire)
    qtbot.waitUntil(lambda: len(steps) > 3, timeout=WAIT_MS)
    assert task.dialog is not None and task.dialog.maximum() in (0, 10_000)
    task.dialog.canceled.emit()  # as the dialog's Cancel button does
    qtbot.waitUntil(lambda: task.is_finished, timeout=WAIT_MS)
    assert task.cancelled and task.result is None and len(steps) < 1_000
    assert next(g for g in catalogue_service.list_groups(db, actor) if g.id == group_id).active
    assert announced == [] and answers["errors"] == []


def test_a_refusal_is_shown_in_words(context, answers) -> None:
    """A DomainError raised off the window's thread is shown as run() shows it."""
    def refused(db, actor) -> None:
        raise DomainError("Choose at least one group to report on.")

    task = run_and_wait(context, None, "Report", refused)
    assert task.result is None and not task.cancelled
    assert answers["errors"] == ["Choose at least one group to report on."]


def test_a_full_disk_is_shown_in_words(context, answers) -> None:
    """A file failure is put in the desk's words (failure_words.explain), not a traceback."""
    import errno

    def full(db, actor) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    assert run_and_wait(context, None, "Back up", full).result is None
    assert len(answers["errors"]) == 1 and "full" in answers["errors"][0].lower()


def test_the_busy_window_stays_responsive(qtbot, context) -> None:
    """While the service is held, the window's thread goes on handling its timers."""
    release = threading.Event()
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()

    def held(db, actor) -> str:
        release.wait(WAIT_MS / 1000)
        return "released"

    task = run_in_background(context, None, "Held", held, quiet=True)
    qtbot.waitUntil(lambda: len(ticks) >= 5, timeout=WAIT_MS)
    assert not task.is_finished
    release.set()
    qtbot.waitUntil(lambda: task.is_finished, timeout=WAIT_MS)
    timer.stop()
    assert task.result is not None and task.result.value == "released"


def test_what_the_work_committed_is_announced_when_it_is_done(qtbot, context, db,
                                                              actor) -> None:
    """A commit made off the window's thread reaches the screens, on the window's thread,
    once the work is over."""
    group_id = catalogue_service.list_groups(db, actor)[0].id
    announced: list[tuple[frozenset[str], bool]] = []
    context.announced.connect(lambda kinds: announced.append((kinds,
                                                              _on_the_window_s_thread())))
    task = run_in_background(context, None, "Retire", catalogue_service.set_group_active,
                             group_id, False, quiet=True)
    qtbot.waitUntil(lambda: task.is_finished, timeout=WAIT_MS)
    assert announced == [(frozenset({CATALOGUE}), True)]


def test_work_that_must_not_stop_half_way_is_not_cancelled(qtbot, context) -> None:
    """With cancellable=False, closing the progress dialog (as the idle lock does to every
    dialog) leaves the work to finish."""
    release = threading.Event()
    steps: list[int] = []

    def restore_like(db, actor, *, progress) -> str:
        for step in range(3):
            progress(step, 3)
            steps.append(step)
            release.wait(WAIT_MS / 1000)
        return "whole"

    task = run_in_background(context, None, "Restore", restore_like, cancellable=False)
    qtbot.waitUntil(lambda: steps == [0], timeout=WAIT_MS)
    assert task.dialog is not None
    task.dialog.reject()
    task.dialog.canceled.emit()
    task.cancel()
    release.set()
    qtbot.waitUntil(lambda: task.is_finished, timeout=WAIT_MS)
    assert not task.cancelled and task.result is not None and task.result.value == "whole"
