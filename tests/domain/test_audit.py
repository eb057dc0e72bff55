"""The audit trail cannot be quietly changed: the database refuses UPDATE and DELETE, each row
is chained to the one before by SHA-256, and verify names the first row that breaks it."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from recovery_desk.domain.service import catalogue_service
from recovery_desk.domain.staff import audit_service
from recovery_desk.domain.staff.audit_service import AuditFilter
from recovery_desk.domain.store import audit
from recovery_desk.domain.store.models import AuditEvent


def _some_history(db, actor) -> None:
    for group in catalogue_service.list_groups(db, actor)[:3]:
        catalogue_service.set_group_active(db, actor, group.id, False, _today())


def _today():
    from datetime import date

    return date(2026, 11, 27)


@pytest.mark.parametrize("statement", ["UPDATE audit_events SET action = 'nothing'",
                                       "DELETE FROM audit_events"])
def test_the_database_refuses_to_change_or_delete_audit_rows(db, actor, statement) -> None:
    """A desk may not (on a server its role has no right to; the trigger stands behind)."""
    _some_history(db, actor)
    with pytest.raises(DatabaseError, match=r"audit trail cannot be changed|permission denied"), \
            db.writing() as tx:
        tx.execute(text(statement))


@pytest.mark.parametrize("statement", ["UPDATE audit_events SET action = 'nothing'",
                                       "DELETE FROM audit_events"])
def test_even_the_owner_is_refused_by_the_trigger(db, actor, db_path, raw_sql,
                                                  statement) -> None:
    _some_history(db, actor)
    with pytest.raises(DatabaseError, match="audit trail cannot be changed"), \
            raw_sql(db_path) as connection:
        connection.execute(text(statement))


def test_every_row_is_stamped_in_utc_with_workstation_and_outcome(db, actor) -> None:
    from dataclasses import replace

    _some_history(db, replace(actor, workstation="desk-2"))
    with db.reading() as tx:
        event = tx.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert (event.workstation, event.outcome, event.action) == ("desk-2", "ok", "retire")
    assert len(event.chain_hash) == 64


def test_the_chain_holds_and_counts_every_row(db, actor) -> None:
    _some_history(db, actor)
    check = audit_service.verify(db, actor)
    with db.reading() as tx:
        rows = len(tx.scalars(select(AuditEvent.id)).all())
    assert check.holds and check.rows == rows > 3


def test_a_quiet_change_behind_the_triggers_is_found_and_named(
        db, actor, db_path, raw_sql, backend) -> None:
    _some_history(db, actor)
    with db.reading() as tx:
        target = tx.scalars(select(AuditEvent.id).order_by(AuditEvent.id)).all()[2]
    db.dispose()
    with raw_sql(db_path) as raw:  # someone with the file (or the owner's role) drops the guard
        backend.unguard_audit(raw)
        raw.execute(text("UPDATE audit_events SET action = 'view' WHERE id = :id"),
                    {"id": target})
    check = audit_service.verify(db, actor)
    assert not check.holds and check.broken_at == target and check.rows == 2


def test_removing_the_newest_rows_is_found(db, actor, db_path, raw_sql, backend) -> None:
    _some_history(db, actor)
    db.dispose()
    with raw_sql(db_path) as raw:
        backend.unguard_audit(raw)
        raw.execute(text("DELETE FROM audit_events WHERE id = (SELECT max(id) FROM "
                         "audit_events)"))
    check = audit_service.verify(db, actor)
    assert not check.holds and check.reason == "rows after it were removed"


def test_the_manager_searches_and_exports_the_trail(db, actor, tmp_path: Path) -> None:
    _some_history(db, actor)
    found, total = audit_service.search(db, actor, AuditFilter(action="retire"))
    assert total == 3 and [line.action for line in found] == ["retire"] * 3
    assert found[0].event_id > found[-1].event_id  # newest first
    path = tmp_path / "audit.csv"
    assert audit_service.export(db, actor, AuditFilter(action="retire"), path) == 3
    lines = path.read_text().splitlines()
    assert lines[0].startswith("id,time_utc,staff,workstation,action") and len(lines) == 4
    exported, _ = audit_service.search(db, actor, AuditFilter(action="export"))
    assert exported[0].entity == "audit_trail"


def test_audit_rows_hold_no_clinical_values(db, actor, make_person) -> None:
    """Substances, medication and notes never reach the trail."""
    make_person(assessment={"substances": [{"name": "alcohol", "days_used_last_28": 20}],
                            "substitute_medication": None, "goals": ["reduce_drinking"]})
    with db.reading() as tx:
        details = " ".join(str(e.detail) for e in tx.scalars(select(AuditEvent)))
    assert "alcohol" not in details and "days_used" not in details


def test_the_hash_covers_every_field() -> None:
    from datetime import datetime

    base = ("0" * 64, datetime(2026, 11, 27, 9), 1, "pc", "view", "service_user", 4, "ok",
            {"a": 1})
    first = audit.chain_hash(*base)
    for index, changed in enumerate(["1" * 64, datetime(2026, 11, 27, 10), 2, "pc2", "edit",
                                     "referral", 5, "refused", {"a": 2}]):
        altered = list(base)
        altered[index] = changed
        assert audit.chain_hash(*altered) != first


def test_ids_of_removed_rows_are_never_given_again(db, actor, db_path, raw_sql, backend) -> None:
    """Rows cut from the end leave their ids unused, so the cut shows against a backup."""
    _some_history(db, actor)
    with db.reading() as tx:
        newest = tx.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1))
    db.dispose()
    with raw_sql(db_path) as raw:
        backend.unguard_audit(raw)
        raw.execute(text("DELETE FROM audit_events WHERE id > :keep"), {"keep": newest - 2})
    with db.writing() as tx:
        audit.append(tx, actor.staff_id, "", "view", "service_user", 1)
    with db.reading() as tx:
        added = tx.scalar(select(AuditEvent.id).order_by(AuditEvent.id.desc()).limit(1))
    assert added > newest
