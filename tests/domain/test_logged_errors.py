"""Nothing personal reaches the log: a database error that carries values (PostgreSQL's
"Key (nhs_number)=(...) already exists", SQLAlchemy's statement and parameters) is written to
the log file without them, on both backends and by every road an error takes to the log."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError

from recovery_desk.domain.people import intake_service as intake
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.failures import explain_database_error
from recovery_desk.domain.store.models import ServiceUser
from recovery_desk.logs import install_excepthook, install_file_log

ON = date(2026, 11, 27)
NUMBER = "9434765919"
SURNAME = "Ashworth-Quill"


def _duplicate_nhs_number(db: Database, actor: Actor) -> IntegrityError:
    """What the second of two desks saving one NHS number at once meets: its check ran before
    the first desk committed, so its INSERT runs into the unique key."""
    intake.save_intake(db, actor, intake.PersonDetails(
        given_name="Robin", family_name=SURNAME, date_of_birth=date(1985, 4, 2),
        nhs_number=NUMBER, consent_to_store=True), [], ON)
    with pytest.raises(IntegrityError) as caught, db.writing() as tx:
        tx.add(ServiceUser(given_name="Robyn", family_name=SURNAME, sex="female",
                                date_of_birth=date(1985, 4, 2), nhs_number=NUMBER,
                                created_at=datetime(2026, 11, 27)))
    return caught.value


@pytest.fixture
def log_file(tmp_path: Path) -> Iterator[Path]:
    """The desk's log file installed in tmp_path, and sys.excepthook restored after."""
    root, hook = logging.getLogger(), sys.excepthook
    before = list(root.handlers)
    yield install_file_log(tmp_path / "logs")
    sys.excepthook = hook
    for handler in root.handlers[:]:
        if handler not in before:
            root.removeHandler(handler)
            handler.close()


def _assert_nothing_personal(text: str) -> None:
    for personal in (NUMBER, "943 476 5919", SURNAME, "Robyn"):
        assert personal not in text


@pytest.mark.parametrize("explained", [True, False])
def test_a_duplicate_nhs_number_reaches_the_log_without_the_number(
        db: Database, actor: Actor, log_file: Path, explained: bool) -> None:
    """Shown to the desk (explained) or unexpected (its whole traceback), the error is logged
    by kind and the driver's message, never the number the unique key refused."""
    error = _duplicate_nhs_number(db, actor)
    assert NUMBER in str(error)  # what would have been written
    shown: list[str] = []
    install_excepthook(lambda _e, text: shown.append(text), log_file,
                       lambda e: explain_database_error(e) if explained else None)
    sys.excepthook(type(error), error, error.__traceback__)
    logged = log_file.read_text(encoding="utf-8")
    assert "IntegrityError" in logged and "nhs_number" in logged
    assert ("Traceback (most recent call last)" in logged) is not explained
    _assert_nothing_personal(logged)
    assert len(shown) == 1


def test_a_logged_exception_and_a_logged_message_are_scrubbed_too(
        db: Database, actor: Actor, log_file: Path) -> None:
    """logging's own roads: exc_info on a record, and an error formatted into the message."""
    error = _duplicate_nhs_number(db, actor)
    log = logging.getLogger("recovery_desk.test")
    log.error("saving failed", exc_info=error)
    log.warning("saving failed: %s", error)
    logged = log_file.read_text(encoding="utf-8")
    assert logged.count("saving failed") == 2 and "IntegrityError" in logged
    _assert_nothing_personal(logged)
