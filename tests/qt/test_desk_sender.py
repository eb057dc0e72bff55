"""The open_desk sends while it is open, as reception leaves it running: the timer's run goes to
the stand-in for Notify off the window's thread, and offline it keeps quiet while the status
bar says how many messages wait and since when."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from recovery_desk import config
from recovery_desk.domain.messages import notify_setup, outbox_service, sender
from recovery_desk.domain.service import service_settings
from recovery_desk.views.messages.desk_sender import SEND_EVERY_MS
from recovery_desk.vocabulary import MessageKind, MessageStatus
from tests.notify_stand_in import API_KEY, StandIn
from tests.qt.messages_people import reachable, reception

__all__ = ["reachable", "reception"]  # fixtures, used by name
TEMPLATES = {kind.value: f"f33517ff-2a88-4f6e-b855-c550268ce0{n:02d}"
             for n, kind in enumerate(MessageKind)}


@pytest.fixture
def stand_in(db, actor, tmp_path: Path, monkeypatch) -> Iterator[StandIn]:
    """The stand-in running, the open_desk set up to use it, reminders queued from midnight on."""
    notify = StandIn()
    base_url = notify.start()
    key_file = tmp_path / "notify-api-key"
    monkeypatch.setattr(config, "notify_key_file", lambda: key_file)
    notify_setup.save_setup(db, actor, base_url, TEMPLATES, API_KEY, key_file)
    service_settings.save(db, actor, {"reminder_hour": 0})
    yield notify
    notify.stop()


@pytest.fixture
def open_desk(qtbot, reception, answers):
    """The main window signed in as reception."""
    from recovery_desk.views.shell.main_window import MainWindow
    main = MainWindow(reception)
    qtbot.addWidget(main)
    main.show()
    return main


@pytest.fixture
def threads(monkeypatch) -> list[threading.Thread]:
    """The thread each open_desk run happened on."""
    seen: list[threading.Thread] = []
    original = sender.send_from_desk

    @functools.wraps(original)
    def recorded(*args, **kwargs):
        seen.append(threading.current_thread())
        return original(*args, **kwargs)

    monkeypatch.setattr(sender, "send_from_desk", recorded)
    return seen


def test_the_timer_sends_tomorrows_reminder_off_the_windows_thread(
        qtbot, db, actor, reachable, stand_in, open_desk, threads, answers) -> None:
    """Every few minutes the open_desk runs the sender on a worker thread: Alex's reminder for
    Monday reaches the stand-in once, the outbox says delivered, the status bar has nothing
    waiting."""
    assert open_desk.desk_sender.timer.isActive()
    assert open_desk.desk_sender.timer.interval() == SEND_EVERY_MS
    task = open_desk.desk_sender.send_now()
    assert task is not None
    qtbot.waitUntil(lambda: task.is_finished, timeout=20000)
    assert threads and threads[0] is not threading.main_thread()
    assert answers["errors"] == []
    [post] = stand_in.posts
    assert post.body["phone_number"] == "+447400123001"
    [reminder] = outbox_service.list_messages(db, actor, kind=MessageKind.REMINDER)
    assert reminder.status is MessageStatus.DELIVERED  # its delivery status fetched too
    assert not open_desk.desk_sender.notice.isVisible()


def test_offline_the_desk_keeps_quiet_and_says_what_waits(
        qtbot, db, actor, reachable, stand_in, open_desk, threads, answers) -> None:
    """Notify unreachable: the run ends without a message box, and the status bar says one
    message waits and since when."""
    stand_in.stop()
    task = open_desk.desk_sender.send_now()
    assert task is not None
    qtbot.waitUntil(lambda: task.is_finished, timeout=30000)
    assert answers["errors"] == []
    notice = open_desk.desk_sender.notice
    assert notice.isVisible()
    assert notice.text().startswith("1 message waiting to go since ")


def test_a_locked_desk_does_not_send(qtbot, reachable, stand_in, open_desk, threads) -> None:
    """Locked, the timer's run is skipped: nothing goes until someone signs in again."""
    open_desk.lock(idle=True)
    assert open_desk.desk_sender.send_now() is None
    assert threads == [] and stand_in.posts == []
