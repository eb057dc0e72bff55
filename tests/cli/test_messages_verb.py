"""`recovery-desk messages send|setup|list`: the JSON shapes, the key kept off the command line
and out of the audit, one-line mistakes, and a sender killed mid-run that sends each message
once all the same."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from recovery_desk.__main__ import main
from recovery_desk.domain.people import contact_details, intake_service
from recovery_desk.domain.places import booking_service
from recovery_desk.domain.service import catalogue_service
from recovery_desk.domain.staff import accounts
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.message_models import Message
from recovery_desk.domain.store.models import AuditEvent
from recovery_desk.rows.messages import ContactChoices
from recovery_desk.vocabulary import MessageStatus, StaffRole
from tests.backends import staff_row
from tests.cli.conftest import PASSWORD
from tests.domain.conftest import DRINKER
from tests.notify_stand_in import API_KEY, SECRET, StandIn

ON = date(2026, 11, 27)
TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce0{:02d}"
LIST_FIELDS = {"id", "person_id", "kind", "channel", "to", "status", "reference", "discreet",
               "session_date", "created_at", "sent_at", "error"}


@pytest.fixture
def notify(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[StandIn]:
    """The stand-in running; the key file's folder in this test's own data folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("RECOVERY_DESK_NOTIFY_API_KEY", API_KEY)
    stand_in = StandIn()
    stand_in.start()
    yield stand_in
    stand_in.stop()


def _setup_arguments(stand_in: StandIn) -> list[str]:
    templates = [f"{kind}={TEMPLATE.format(n)}"
                 for n, kind in enumerate(("reminder", "booked", "cancelled", "offer"))]
    return ["messages", "setup", "--base-url", f"http://127.0.0.1:{stand_in.port}",
            *[item for template in templates for item in ("--template", template)]]


def _booked(db_path: Path, people: int) -> None:
    """People who agreed to texts, booked into the Reduced Drinking Programme."""
    db = Database.open(db_path)
    try:
        actor = accounts.sign_in(db, "mgr", PASSWORD, "test").actor
        group = next(g.id for g in catalogue_service.list_groups(db, actor)
                     if g.name == "Reduced Drinking Programme")
        keyworker = staff_row(db, "kim", "Kim Keyworker", StaffRole.KEYWORKER)
        for number in range(people):
            person = intake_service.save_intake(db, actor, intake_service.PersonDetails(
                f"Sam{number}", "Test", date(1980, 1, 1), keyworker_id=keyworker,
                consent_to_store=True, assessment=dict(DRINKER),
                contact=ContactChoices(mobile=f"07400 1230{number:02d}", texts=True)),
                [intake_service.ReferralRequest(group)], ON)
            assert contact_details.contact_choices(db, actor, person).texts
            booking_service.book(db, actor, person, group, ON)
    finally:
        db.dispose()


def test_setup_send_and_list(as_manager, db_path: Path, notify: StandIn,
                             capsys: pytest.CaptureFixture[str]) -> None:
    """Set up, send what is due as JSON counts, list newest first with the issue's fields;
    the key is in none of the output nor the audit trail."""
    manager = as_manager(db_path)
    assert main([*manager, *_setup_arguments(notify)]) == 0
    assert capsys.readouterr().out.startswith("Notify set up at http://127.0.0.1:")
    _booked(db_path, 2)
    assert main([*manager, "messages", "send", "--on", "2026-11-27", "--json"]) == 0
    assert main([*manager, "messages", "list", "--json"]) == 0
    out = capsys.readouterr().out
    counts, _, listed = out.partition("}\n")
    assert json.loads(counts + "}") == {"queued": 0, "sent": 2, "failed": 0, "waiting": 0}
    rows = json.loads(listed)
    assert [set(row) for row in rows] == [LIST_FIELDS] * 2
    assert [row["id"] for row in rows] == sorted((row["id"] for row in rows), reverse=True)
    assert {row["status"] for row in rows} == {"delivered"}
    assert rows[0]["kind"] == "booked" and rows[0]["session_date"] == "2026-11-30"
    assert SECRET not in out
    db = Database.open(db_path)
    try:
        with db.reading() as tx:
            trail = [(e.action, str(e.detail)) for e in tx.scalars(select(AuditEvent))]
    finally:
        db.dispose()
    assert "set_up" in {action for action, _ in trail}
    assert not any(SECRET in detail for _, detail in trail)
    key_file = Path(os.environ["XDG_DATA_HOME"]) / "RecoveryDesk" / "notify-api-key"
    assert key_file.stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(("arguments", "message"), [
    (["messages", "send", "--on", "2026-02-30"], "'2026-02-30' does not exist"),
    (["messages", "setup", "--base-url", "http://127.0.0.1:9", "--template", "letter=x"],
     "--template takes KIND=ID with KIND one of reminder, booked, cancelled, offer"),
    (["messages", "setup", "--base-url", "not a url"], "The base URL is Notify's address"),
    (["messages", "list", "--api-key", "x"], "unrecognized arguments: --api-key x"),
])
def test_mistakes_are_one_line_and_exit_2(as_manager, db_path: Path, notify: StandIn,
                                          capsys: pytest.CaptureFixture[str], arguments,
                                          message: str) -> None:
    """Each mistake: exit status 2 and one line saying what is wrong."""
    with pytest.raises(SystemExit) as stopped:
        assert main([*as_manager(db_path), *arguments]) == 2
        raise SystemExit(2)
    assert stopped.value.code == 2
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1


def test_the_key_is_never_taken_from_the_command_line_and_only_managers_set_up(
        as_manager, staff_member, db_path: Path, notify: StandIn,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """No key in the environment and no terminal: refused; reception may not set up."""
    manager = as_manager(db_path)
    monkeypatch.delenv("RECOVERY_DESK_NOTIFY_API_KEY")
    assert main([*manager, *_setup_arguments(notify)]) == 2
    assert "RECOVERY_DESK_NOTIFY_API_KEY variable" in capsys.readouterr().err
    reception = staff_member(db_path, "rita", StaffRole.RECEPTION, temporary=False)
    monkeypatch.setenv("RECOVERY_DESK_NOTIFY_API_KEY", API_KEY)
    assert main([*reception, *_setup_arguments(notify)]) == 2
    assert "Only service manager staff can set up texts" in capsys.readouterr().err
    assert main([*reception, "messages", "send", "--json"]) == 0  # waits: not set up
    assert "not set up on this computer" in capsys.readouterr().err


def test_a_sender_killed_mid_run_sends_each_message_once(
        as_manager, db_path: Path, notify: StandIn) -> None:
    """SIGKILL while Notify holds the second message's answer; the next run finds it by
    reference and sends only the third."""
    manager = as_manager(db_path)
    assert main([*manager, *_setup_arguments(notify)]) == 0
    _booked(db_path, 3)
    notify.hold_at = 2
    command = [sys.executable, "-m", "recovery_desk", *manager, "messages", "send", "--on",
               ON.isoformat(), "--json"]
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    try:
        notify.wait_for_posts(2)
    finally:
        process.send_signal(signal.SIGKILL)
        process.communicate(timeout=30)
    notify.released.set()
    db = Database.open(db_path)
    try:
        with db.writing() as tx:
            rows = list(tx.scalars(select(Message).order_by(Message.id)))
            assert [row.status for row in rows] == [
                MessageStatus.SENT, MessageStatus.SENDING, MessageStatus.QUEUED]
            # The run that stopped is minutes gone by the time the next one looks.
            rows[1].next_try_at -= timedelta(minutes=5)
    finally:
        db.dispose()
    rerun = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
    assert rerun.returncode == 0, rerun.stderr
    assert json.loads(rerun.stdout) == {"queued": 0, "sent": 1, "failed": 0, "waiting": 0}
    references = [p.body["reference"] for p in notify.posts]
    assert len(references) == len(set(references)) == 3
