"""Staff accounts: the first manager, signing in, changing and recovering passwords,
lock-outs, and the manager's keeping of accounts. Every sign-in, failed sign-in, lock and unlock
is audited.

Passwords and recovery codes are hashed and checked in staff/passwords.py. After
`lockout_attempts` failed sign-ins in a row an account is locked for `lockout_minutes` (service
settings), and a locked account is refused even with the right password.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from recovery_desk.access import Permission
from recovery_desk.domain.service import service_settings
from recovery_desk.domain.staff import staff_keys
from recovery_desk.domain.staff.passwords import (
    HASHER,
    new_recovery_code,
    password_problem,
    verify_password,
)
from recovery_desk.domain.store import audit, staff_writes
from recovery_desk.domain.store.actor import Actor, actor_for
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError, InvalidDetailsError, NotFoundError
from recovery_desk.domain.store.failures import is_disk_full
from recovery_desk.domain.store.models import Staff
from recovery_desk.domain.store.row_locks import locked
from recovery_desk.domain.store.timestamps import utc_now
from recovery_desk.schedule.words import counted
from recovery_desk.text_checks import text_problem
from recovery_desk.vocabulary import StaffRole

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,59}$")


class SignInError(DomainError):
    """The sign-in was refused; the message says why without saying which part was wrong."""


NO_MATCH = "That user name and password do not match an active account."


@dataclass(frozen=True)
class StaffLine:
    staff_id: int
    username: str
    name: str
    role: StaffRole
    active: bool
    locked: bool
    must_change_password: bool
    has_password: bool


def _line(staff: Staff) -> StaffLine:
    locked = staff.locked_until is not None and staff.locked_until > utc_now()
    return StaffLine(staff.id, staff.username, staff.display_name, staff.role, staff.active,
                     locked, staff.must_change_password, staff.password_hash is not None)


def _by_username(tx: Session, username: str) -> Staff | None:
    """The account signing in, locked and read afresh: two failed sign-ins at once both
    count towards the lock-out."""
    return tx.scalar(select(Staff).where(Staff.username == username.strip().lower())
                          .with_for_update().execution_options(populate_existing=True))


def _details_problems(tx: Session, username: str, display_name: str, password: str,
                      minimum: int) -> dict[str, str]:
    problems = {}
    if not USERNAME.match(username):
        problems["username"] = ("A user name is 2 to 60 lower-case letters, digits, dots, "
                                "hyphens or underscores, starting with a letter or digit.")
    elif tx.scalar(select(Staff.id).where(Staff.username == username)) is not None:
        problems["username"] = f"There is already an account called '{username}'."
    hidden = text_problem(display_name, "A name")
    if hidden:
        problems["display_name"] = hidden
    elif not display_name.strip() or len(display_name.strip()) > 120:
        problems["display_name"] = "Give the person's name (at most 120 characters)."
    problem = password_problem(password, minimum)
    if problem:
        problems["password"] = problem
    return problems


# ---------------------------------------------------------------- the first manager

def needs_first_manager(db: Database) -> bool:
    """True while no active manager can sign in: the desk asks for the first one."""
    with db.reading() as tx:
        return tx.scalar(select(Staff.id).where(
            Staff.role == StaffRole.MANAGER, Staff.active.is_(True),
            Staff.password_hash.is_not(None))) is None


def create_first_manager(db: Database, username: str, display_name: str, password: str,
                         workstation: str) -> tuple[Actor, str]:
    """The first manager of a database that has none; returns them and the one-time recovery
    code to show once (and write down). Refused once a manager exists."""
    minimum = service_settings.read(db)["password_min_length"]
    with db.writing() as tx:
        if tx.scalar(select(Staff.id).where(
                Staff.role == StaffRole.MANAGER, Staff.active.is_(True),
                Staff.password_hash.is_not(None))) is not None:
            raise DomainError("This database already has a manager: sign in, and add staff "
                              "from the manager's account.")
        problems = _details_problems(tx, username.strip(), display_name, password,
                                     minimum)
        if problems:
            raise InvalidDetailsError(problems)
        code = new_recovery_code()
        staff = staff_writes.add_first_manager(tx, username.strip(), display_name.strip(),
                                               HASHER.hash(password), HASHER.hash(code))
        audit.append(tx, staff.id, workstation, "add", "staff", staff.id,
                     detail={"role": "manager", "first": True})
        audit.append(tx, staff.id, workstation, "sign_in", "staff", staff.id)
        return actor_for(staff, workstation), code


# ---------------------------------------------------------------- signing in

@dataclass(frozen=True)
class SignedIn:
    actor: Actor
    must_change_password: bool
    disk_full: bool = False
    """Signed in while the database's disk is full: the desk can be read, nothing saved, and
    the sign-in is audited once a write succeeds again."""


def _write_or_owe(db: Database, write: Callable[[Session], None]) -> bool:
    """Make write now, or on a full disk owe it to the database (and say False)."""
    try:
        with db.writing() as tx:
            write(tx)
    except OperationalError as error:
        if not is_disk_full(error):
            raise
        db.owe(write)
        return False
    return True


def sign_in(db: Database, username: str, password: str, workstation: str) -> SignedIn:
    """Check the password; SignInError when it is refused. Refusals are audited and counted
    too: they are committed before the error is raised.

    On a full disk the password is checked without writing (a locked account stays locked)
    and the desk signs in to read only; the sign-in is owed (Database.owe) and audited with
    its own time once a write succeeds. A refusal then is not counted, but still refused."""
    try:
        return _sign_in(db, username, password, workstation)
    except OperationalError as error:
        if not is_disk_full(error):
            raise
    signed = _check_only(db, username, password, workstation)
    staff_id, now = signed.actor.staff_id, utc_now()

    def record(tx: Session) -> None:
        # Only the time and the row: the failed-attempt count and any lock are as other
        # sign-ins since have left them.
        tx.get_one(Staff, staff_id).last_sign_in_at = now
        audit.append(tx, staff_id, workstation, "sign_in", "staff", staff_id,
                     detail={"disk_full": True}, at=now)

    db.owe(record)
    return signed


def _check_only(db: Database, username: str, password: str, workstation: str) -> SignedIn:
    """The password checked without writing a thing: for a disk that is full."""
    with db.reading() as tx:
        staff = tx.scalar(select(Staff).where(Staff.username == username.strip().lower()))
        right = verify_password(staff.password_hash if staff else None, password)
        if staff is None or not staff.active or not right:
            raise SignInError(NO_MATCH)
        if staff.locked_until is not None and staff.locked_until > utc_now():
            raise SignInError("This account is locked after too many failed sign-ins.")
        return SignedIn(actor_for(staff, workstation), staff.must_change_password, True)


def _sign_in(db: Database, username: str, password: str, workstation: str) -> SignedIn:
    settings = service_settings.read(db)
    now = utc_now()
    refused: SignInError | None = None
    with db.writing() as tx:
        staff = _by_username(tx, username)
        right = verify_password(staff.password_hash if staff else None, password)
        if staff is None or not staff.active:
            audit.append(tx, staff.id if staff else None, workstation, "sign_in", "staff",
                         staff.id if staff else None, "refused",
                         {"why": "inactive account" if staff else "no such account"})
            refused = SignInError(NO_MATCH)
        elif staff.locked_until is not None and staff.locked_until > now:
            audit.append(tx, staff.id, workstation, "sign_in", "staff", staff.id,
                         "locked")
            minutes = max(1, int((staff.locked_until - now).total_seconds() // 60) + 1)
            refused = SignInError(f"This account is locked after too many failed sign-ins. "
                                  f"Try again in {counted(minutes, 'minute')}, "
                                  "or ask a manager to reset the password.")
        elif not right:
            staff.failed_sign_ins += 1
            locked = staff.failed_sign_ins >= settings["lockout_attempts"]
            if locked:
                staff.locked_until = now + timedelta(minutes=settings["lockout_minutes"])
                staff.failed_sign_ins = 0
            audit.append(tx, staff.id, workstation, "sign_in", "staff", staff.id,
                         "refused", {"locked_now": locked})
            refused = SignInError(f"Too many failed sign-ins: this account is locked for "
                                  f"{counted(settings['lockout_minutes'], 'minute')}." if locked
                                  else NO_MATCH)
        else:
            staff.failed_sign_ins = 0
            staff.locked_until = None
            staff.last_sign_in_at = now
            audit.append(tx, staff.id, workstation, "sign_in", "staff", staff.id)
            signed = SignedIn(actor_for(staff, workstation), staff.must_change_password)
    if refused is not None:
        raise refused
    return signed


def record_lock(db: Database, actor: Actor, *, idle: bool) -> None:
    """Audit the desk's locking; on a full disk the row is owed, and the desk locks all the
    same."""
    now = utc_now()

    def record(tx: Session) -> None:
        audit.append(tx, actor.staff_id, actor.workstation, "lock", "staff",
                     actor.staff_id, detail={"idle": idle}, at=now)

    _write_or_owe(db, record)


def unlock(db: Database, username: str, password: str, workstation: str) -> SignedIn:
    """Sign in at the lock screen (the same person or another): audited as an unlock."""
    signed = sign_in(db, username, password, workstation)
    now = utc_now()

    def record(tx: Session) -> None:
        audit.append(tx, signed.actor.staff_id, workstation, "unlock", "staff",
                     signed.actor.staff_id, at=now)

    if signed.disk_full:
        db.owe(record)
        return signed
    return signed if _write_or_owe(db, record) else replace(signed, disk_full=True)


def change_password(db: Database, actor: Actor, current: str, new: str) -> None:
    minimum = service_settings.read(db)["password_min_length"]
    with db.writing() as tx:
        staff = _staff(tx, actor.staff_id)
        if not verify_password(staff.password_hash, current):
            raise InvalidDetailsError({"current": "That is not your current password."})
        problem = password_problem(new, minimum)
        if problem:
            raise InvalidDetailsError({"password": problem})
        if new == current:
            raise InvalidDetailsError({"password": "Choose a password you have not used "
                                                   "just now."})
        staff_writes.set_password(tx, actor.staff_id, staff, HASHER.hash(new))
        audit.record(tx, actor, "change_password", "staff", staff.id)
        username = staff.username
    staff_keys.keep(db, username, new)


def recover(db: Database, username: str, code: str, new_password: str,
            workstation: str) -> tuple[Actor, str]:
    """A manager who forgot their password sets a new one with their recovery code, which is
    then spent: a new code is returned, to be written down in its place."""
    minimum = service_settings.read(db)["password_min_length"]
    problem = password_problem(new_password, minimum)
    if problem:
        raise InvalidDetailsError({"password": problem})
    with db.writing() as tx:
        staff = _by_username(tx, username)
        cleaned = code.strip().upper().replace(" ", "")
        if staff is None or not staff.active or staff.role is not StaffRole.MANAGER \
                or not verify_password(staff.recovery_hash, cleaned):
            # Committed, then refused below: a failed attempt stays in the audit trail.
            audit.append(tx, staff.id if staff else None, workstation, "recover",
                         "staff", staff.id if staff else None, "refused")
            staff = None
        else:
            fresh = new_recovery_code()
            staff_writes.recover(tx, staff, HASHER.hash(new_password), HASHER.hash(fresh))
            audit.append(tx, staff.id, workstation, "recover", "staff", staff.id)
            recovered = actor_for(staff, workstation)
    if staff is None:
        raise SignInError("That user name and recovery code do not match a manager's account.")
    staff_keys.keep(db, username, new_password)
    staff_keys.keep_recovery(db, username, fresh)
    return recovered, fresh


# ---------------------------------------------------------------- the manager's accounts

def list_staff(db: Database, actor: Actor) -> list[StaffLine]:
    actor.require(Permission.MANAGE_STAFF)
    with db.reading() as tx:
        return [_line(s) for s in tx.scalars(
            select(Staff).where(Staff.password_hash.is_not(None) | Staff.active.is_(True))
            .order_by(Staff.active.desc(), Staff.display_name))]


def add_staff(db: Database, actor: Actor, username: str, display_name: str, role: StaffRole,
              temporary_password: str) -> StaffLine:
    """A new account; its password is temporary and set anew at the first sign-in."""
    actor.require(Permission.MANAGE_STAFF)
    minimum = service_settings.read(db)["password_min_length"]
    with db.writing() as tx:
        problems = _details_problems(tx, username.strip(), display_name,
                                     temporary_password, minimum)
        if problems:
            raise InvalidDetailsError(problems)
        staff = staff_writes.add(tx, actor.staff_id, username.strip(),
                                 display_name.strip(), role, HASHER.hash(temporary_password))
        audit.record(tx, actor, "add", "staff", staff.id, role=role.value)
        line = _line(staff)
    staff_keys.keep(db, username, temporary_password)
    return line


def _staff(tx: Session, staff_id: int) -> Staff:
    """The account, locked and read afresh: a change to it starts from what is stored now."""
    staff = locked(tx, Staff, staff_id)
    if staff is None:
        raise NotFoundError("That account no longer exists; reload.")
    return staff


def reset_password(db: Database, actor: Actor, staff_id: int, temporary_password: str) -> None:
    """Set a temporary password (changed at next sign-in) and lift any lock."""
    actor.require(Permission.MANAGE_STAFF)
    minimum = service_settings.read(db)["password_min_length"]
    problem = password_problem(temporary_password, minimum)
    if problem:
        raise InvalidDetailsError({"password": problem})
    with db.writing() as tx:
        staff = _staff(tx, staff_id)
        staff_writes.set_password(tx, actor.staff_id, staff, HASHER.hash(temporary_password))
        audit.record(tx, actor, "reset_password", "staff", staff.id)
        username = staff.username
    staff_keys.keep(db, username, temporary_password)


def set_active(db: Database, actor: Actor, staff_id: int, active: bool) -> None:
    """Deactivate a leaver (they can no longer sign in; their history stays) or restore."""
    actor.require(Permission.MANAGE_STAFF)
    with db.writing() as tx:
        if not active:
            # Every manager's row, locked in one order before any is read: two managers
            # deactivating each other at once cannot each see the other still active.
            tx.execute(select(Staff.id).where(Staff.role == StaffRole.MANAGER)
                            .order_by(Staff.id).with_for_update())
        staff = _staff(tx, staff_id)
        if not active and staff.id == actor.staff_id:
            raise DomainError("You cannot deactivate your own account; another manager can.")
        if not active and staff.role is StaffRole.MANAGER and tx.scalar(
                select(Staff.id).where(Staff.role == StaffRole.MANAGER,
                                       Staff.active.is_(True), Staff.id != staff.id,
                                       Staff.password_hash.is_not(None))) is None:
            raise DomainError("This is the last manager who can sign in; add another "
                              "manager first.")
        staff_writes.set_active(tx, actor.staff_id, staff, active)
        audit.record(tx, actor, "restore" if active else "deactivate", "staff", staff.id)
        username = staff.username
    if not active:
        staff_keys.forget(db, username)


def sign_in_read_only(db: Database, username: str, password: str, workstation: str) -> Actor:
    """Check a password against a database that must not be written (a backup about to be
    restored): nothing is counted or audited there; the restore itself is audited."""
    with db.reading() as tx:
        staff = tx.scalar(select(Staff).where(Staff.username == username.strip().lower()))
        if staff is None or not staff.active or not verify_password(staff.password_hash, password):
            raise SignInError("That user name and password do not match an active account "
                              "in the backup.")
        if staff.must_change_password:
            raise SignInError("In the backup, that account's password is temporary (set by a "
                              "manager and never changed), so it cannot restore: restore as a "
                              "manager who chose their own.")
        return actor_for(staff, workstation)
