"""The role matrix, run through the services: for every permission a service that needs it,
called as each role; it is refused exactly where recovery_desk.access says it should be."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from recovery_desk.access import MATRIX, Permission
from recovery_desk.domain.messages import notify_setup, outbox_service
from recovery_desk.domain.operations import backup_service, import_service
from recovery_desk.domain.people import intake_service as intake
from recovery_desk.domain.people import retention_service, subject_access
from recovery_desk.domain.places import (
    booking_service,
    register_service,
    review_service,
    timetable_service,
)
from recovery_desk.domain.places import waiting_list_service as waiting
from recovery_desk.domain.service import catalogue_service, closure_service
from recovery_desk.domain.staff import accounts, audit_service
from recovery_desk.domain.staff.audit_service import AuditFilter
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.errors import DomainError, NotAllowedError
from recovery_desk.vocabulary import StaffRole
from tests.backends import staff_row
from tests.domain.conftest import ON

MONDAY = date(2026, 11, 30)
RDP = "Reduced Drinking Programme"
Call = Callable[[Any, Actor, dict[str, Any]], object]


def _details(world: dict[str, Any]) -> intake.PersonDetails:
    details, _ = intake.open_person(world["db"], world["manager"], world["person"])
    return details


CALLS: dict[Permission, Call] = {
    Permission.VIEW_TIMETABLE: lambda db, a, w: timetable_service.week_of(db, a, ON),
    Permission.FIND_PEOPLE: lambda db, a, w: intake.search_people(db, a, "test"),
    Permission.EDIT_CONTACT: lambda db, a, w: intake.save_intake(db, a, _details(w), [], ON),
    Permission.BOOK_PLACES: lambda db, a, w: booking_service.book(
        db, a, w["person"], w["groups"]["Recovery Skills"], ON),
    Permission.KEEP_WAITING_LISTS: lambda db, a, w: waiting.entries(db, a, w["groups"][RDP]),
    Permission.TAKE_REGISTERS: lambda db, a, w: register_service.register(
        db, a, w["groups"][RDP], MONDAY, MONDAY),
    Permission.VIEW_CLINICAL: lambda db, a, w: _clinical(db, a, w),
    Permission.RECORD_REFERRALS: lambda db, a, w: intake.save_intake(
        db, a, _details(w), [intake.ReferralRequest(w["groups"]["Recovery Skills"])], ON),
    Permission.REVIEW_COHORTS: lambda db, a, w: review_service.review(db, a, ON),
    Permission.REORDER_WAITING_LISTS: lambda db, a, w: waiting.move(db, a, 10_000, 1, "why"),
    Permission.VIEW_REPORTS: lambda db, a, w: _report(db, a, w),
    Permission.EDIT_CATALOGUE: lambda db, a, w: catalogue_service.set_group_active(
        db, a, w["groups"][RDP], True, ON),
    Permission.MANAGE_CLOSURES: lambda db, a, w: closure_service.add_closure(
        db, a, ON, ON, "Training", None),
    Permission.OPEN_COHORTS: lambda db, a, w: booking_service.open_cohort(
        db, a, w["groups"]["Low Dose Group"], MONDAY, ON),
    Permission.MANAGE_STAFF: lambda db, a, w: accounts.list_staff(db, a),
    Permission.BACKUPS: lambda db, a, w: backup_service.take_backup(db, a, w["path"]),
    Permission.EXPORT_RECORDS: lambda db, a, w: subject_access.gather(db, a, w["person"]),
    Permission.VIEW_AUDIT: lambda db, a, w: audit_service.search(db, a, AuditFilter()),
    Permission.RETENTION: lambda db, a, w: retention_service.past_retention(db, a, ON),
    Permission.MOVE_RECORDS: lambda db, a, w: import_service.batches(db, a),
    Permission.SEND_MESSAGES: lambda db, a, w: outbox_service.waiting(db, a),
    Permission.SET_UP_MESSAGES: lambda db, a, w: notify_setup.save_setup(
        db, a, "http://127.0.0.1:9", {}, None, w["folder"] / "key"),
}


def _clinical(db, actor: Actor, world: dict[str, Any]) -> object:
    """Reading clinical fields is not refused: they are left out for roles that may not."""
    details, _ = intake.open_person(db, actor, world["person"])
    if not details.assessment:
        raise NotAllowedError("no clinical fields given")
    return details


def _report(db, actor: Actor, world: dict[str, Any]) -> object:
    from recovery_desk.domain.reports import report_service
    return report_service.report(db, actor, ON.replace(day=1), ON,
                                 list(world["groups"].values()), ON)


@pytest.fixture
def world(db, actor, keyworker_id, group_ids, make_person, db_path: Path, tmp_path: Path):
    return {"db": db, "manager": actor, "groups": group_ids, "path": db_path,
            "folder": tmp_path,
            "person": make_person(("Reduced Drinking Programme", "Recovery Skills"))}


def _acting_as(db, role: StaffRole) -> Actor:
    staff_id = staff_row(db, f"as-{role.value}", f"A {role.value}", role)
    return Actor(staff_id, f"A {role.value}", role, "test")


def test_every_permission_has_a_service_in_this_test() -> None:
    assert set(CALLS) == set(Permission)


@pytest.mark.parametrize("role", list(StaffRole))
@pytest.mark.parametrize("permission", list(Permission))
def test_the_service_refuses_exactly_the_roles_the_matrix_refuses(
        db, world, role: StaffRole, permission: Permission) -> None:
    acting = _acting_as(db, role)
    refused = False
    try:
        CALLS[permission](db, acting, world)
    except NotAllowedError:
        refused = True
    except DomainError:
        pass  # allowed through the door, then stopped by a rule of the data (not our concern)
    assert refused is (permission not in MATRIX[role])
