"""Who a verb acts as: every verb that shows personal data or the service's figures needs a
signed-in member of staff of a role that may see them; a temporary password works for nothing
but choosing one's own; --help says which verbs need no sign-in; reports are audited under the
person who made them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from recovery_desk.__main__ import main
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.models import AuditEvent, Staff
from recovery_desk.vocabulary import StaffRole
from tests.cli.conftest import TEMPORARY

PERIOD = ["--from", "2026-12-01", "--to", "2026-12-31"]


def _profile(tmp_path: Path) -> str:
    path = tmp_path / "profile.json"
    path.write_text(json.dumps({"date_of_birth": "1985-04-02", "sex": "male", "substances": [],
                                "goals": ["change_use"], "keyworker_referral": True}))
    return str(path)


def _verbs(tmp_path: Path) -> dict[str, list[str]]:
    return {
        "sessions": ["sessions", *PERIOD],
        "capacity": ["capacity"],
        "report": ["report", *PERIOD],
        "eligibility": ["eligibility", _profile(tmp_path)],
        "backup": ["backup"],
        "audit": ["audit", "verify"],
        "subject-access": ["subject-access", "9434765919", "--out", str(tmp_path / "s.json")],
        "catalogue": ["catalogue", "import", str(tmp_path / "c.json")],
    }


@pytest.mark.parametrize(("verb", "who"), [
    ("sessions", ""), ("capacity", " (keyworker or service manager staff)"),
    ("report", " (keyworker or service manager staff)"),
    ("eligibility", " (keyworker or service manager staff)"),
    ("backup", " (service manager staff)"), ("audit", " (service manager staff)"),
    ("subject-access", " (service manager staff)"), ("catalogue", " (service manager staff)"),
])
def test_a_verb_with_the_service_s_data_needs_a_signed_in_member_of_staff(
        as_manager, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        verb: str, who: str) -> None:
    """Without --user the verb is refused, saying who may run it; nothing is printed."""
    as_manager(db_path)
    assert main(["--db", str(db_path), *_verbs(tmp_path)[verb]]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (f"recovery-desk: `{verb}` needs a signed-in member of staff{who}: "
                            "give --user NAME (the password is asked for, or read from "
                            "RECOVERY_DESK_PASSWORD)\n")


@pytest.mark.parametrize(("verb", "may"), [
    ("capacity", "review cohorts"), ("report", "see and export group-work reports"),
    ("eligibility", "see substances, medication, assessment answers and notes"),
])
def test_reception_may_not_see_figures_or_eligibility_from_the_command_line(
        staff_member, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        verb: str, may: str) -> None:
    """The role matrix holds at the command line as in the window: exit 2, one line."""
    arguments = staff_member(db_path, "rita", StaffRole.RECEPTION, temporary=False)
    assert main([*arguments, *_verbs(tmp_path)[verb]]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (f"recovery-desk: Only keyworker or service manager staff can {may}; "
                            "Rita is signed in as reception.\n")
    assert main([*arguments, *_verbs(tmp_path)["sessions"]]) == 0  # the timetable is hers


@pytest.mark.parametrize("verb", ["report", "sessions", "backup", "subject-access"])
def test_a_temporary_password_is_refused_until_it_is_changed(
        staff_member, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, verb: str) -> None:
    """A password a manager set opens nothing but `password`, and the message says how."""
    arguments = staff_member(db_path, "kim", StaffRole.MANAGER)
    monkeypatch.setenv("RECOVERY_DESK_PASSWORD", TEMPORARY)
    assert main([*arguments, *_verbs(tmp_path)[verb]]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ("recovery-desk: Your password is temporary: sign in to the window "
                            "(or run `recovery-desk --user kim password`) to choose your own "
                            "first.\n")
    assert not (tmp_path / "s.json").exists()


def test_help_says_which_verbs_need_no_sign_in_and_who_may_run_the_others(
        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    said = " ".join(capsys.readouterr().out.split())
    assert ("No sign-in (nothing personal, none of the service's figures): catalogue, "
            "catalogue export, backups, staff init, upgrade, --self-test.") in said
    assert "eligibility, capacity, report: keyworker or service manager staff" in said
    assert "sessions, password, messages send, messages list: any member of staff" in said
    assert "refused by every verb but `password` until it is changed" in said


def test_a_report_is_audited_under_the_person_who_made_it(
        staff_member, db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    arguments = staff_member(db_path, "kay", StaffRole.KEYWORKER, temporary=False)
    assert main([*arguments, "report", *PERIOD, "--json"]) == 0
    db = Database.open(db_path)
    try:
        with db.reading() as tx:
            kay = tx.scalar(select(Staff.id).where(Staff.username == "kay"))
            seen = tx.scalars(select(AuditEvent).where(AuditEvent.entity == "report")).all()
    finally:
        db.dispose()
    assert [(e.staff_id, e.action, e.outcome) for e in seen] == [(kay, "view", "ok")]
    assert seen[0].detail == {"first": "2026-12-01", "last": "2026-12-31", "groups": 7,
                              "how": "command line (JSON)"}
