"""`recovery-desk --user NAME password`: a member of staff without a display chooses their own
password, typed twice at a terminal and never taken from an argument or a pipe; then the verbs
their temporary password could not open work."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from recovery_desk.__main__ import main
from recovery_desk.cli import password_verb
from recovery_desk.domain.staff import accounts
from recovery_desk.domain.store.database import Database
from recovery_desk.vocabulary import StaffRole
from tests.cli.conftest import TEMPORARY

OWN = "my own long password"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _typed(monkeypatch: pytest.MonkeyPatch, *answers: str) -> list[str]:
    """The terminal, with what the person types at each hidden prompt; returns the prompts."""
    prompts: list[str] = []
    typed: Iterator[str] = iter(answers)

    def getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return next(typed)

    monkeypatch.setattr(password_verb, "getpass", getpass)
    monkeypatch.setattr("sys.stdin", Terminal())
    return prompts


def _signs_in(path: Path, username: str, password: str) -> bool:
    db = Database.open(path)
    try:
        return not accounts.sign_in(db, username, password, "test").must_change_password
    except accounts.SignInError:
        return False
    finally:
        db.dispose()


def test_a_temporary_password_is_replaced_and_the_verbs_then_work(
        staff_member, db_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    arguments = staff_member(db_path, "kim", StaffRole.KEYWORKER)
    monkeypatch.setenv("RECOVERY_DESK_PASSWORD", TEMPORARY)
    prompts = _typed(monkeypatch, OWN, OWN)
    assert main([*arguments, "password"]) == 0
    assert prompts == ["New password: ", "Type it again: "]
    assert "Your password is changed" in capsys.readouterr().out
    assert _signs_in(db_path, "kim", OWN) and not _signs_in(db_path, "kim", TEMPORARY)
    monkeypatch.setenv("RECOVERY_DESK_PASSWORD", OWN)
    assert main([*arguments, "capacity"]) == 0


@pytest.mark.parametrize(("typed", "message"), [
    ((OWN, OWN + "x"), "the two passwords differ; your password was not changed"),
    (("short", "short"), "A password needs at least 10 characters."),
    ((TEMPORARY, TEMPORARY), "Choose a password you have not used just now."),
])
def test_a_new_password_that_cannot_be_used_changes_nothing(
        staff_member, db_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch, typed: tuple[str, str], message: str) -> None:
    arguments = staff_member(db_path, "kim", StaffRole.KEYWORKER)
    monkeypatch.setenv("RECOVERY_DESK_PASSWORD", TEMPORARY)
    _typed(monkeypatch, *typed)
    assert main([*arguments, "password"]) == 2
    assert capsys.readouterr().err == f"recovery-desk: {message}\n"
    assert not _signs_in(db_path, "kim", TEMPORARY)  # still temporary
    assert not _signs_in(db_path, "kim", typed[0]) or typed[0] == TEMPORARY


def test_the_new_password_is_never_read_from_a_pipe(
        staff_member, db_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    arguments = staff_member(db_path, "kim", StaffRole.KEYWORKER)
    monkeypatch.setenv("RECOVERY_DESK_PASSWORD", TEMPORARY)
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{OWN}\n{OWN}\n"))
    assert main([*arguments, "password"]) == 2
    assert "choose a new password at a terminal" in capsys.readouterr().err
    assert not _signs_in(db_path, "kim", OWN)


def test_the_password_verb_needs_the_person_and_takes_no_password_argument(
        db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--db", str(db_path), "password", OWN])
    assert caught.value.code == 2
    assert "unrecognized arguments" in capsys.readouterr().err
