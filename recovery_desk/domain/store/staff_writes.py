"""Writing staff accounts: new accounts, passwords, recovery codes, leavers, the app's own
account. Used by accounts.py (and staff.py for the app's own account), inside their callers'
transactions.

On a PostgreSQL server the desks' role may not write these columns: each change is a call to a
function the schema's owner made (migration 0006), which checks again, with the owner's rights,
that the acting member of staff may make it. An SQLite file has no roles, so the same changes
are made to the rows here, after the same checks in the services. Sign-in bookkeeping (failed
attempts, the lock, the last sign-in) is not here: the desks' role may write those columns.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

from recovery_desk.domain.store.models import Staff
from recovery_desk.domain.store.timestamps import utc_now
from recovery_desk.vocabulary import StaffRole


def _on_server(tx: Session) -> bool:
    return tx.get_bind().dialect.name == "postgresql"


def _call(tx: Session, function: str, **arguments: object) -> object:
    names = ", ".join(f":{name}" for name in arguments)
    return tx.execute(text(f"SELECT {function}({names})"), arguments).scalar()


def _reloaded(tx: Session, staff: Staff) -> None:
    """The row as the function left it: the session's copy is stale."""
    tx.refresh(staff)


def ensure_system(tx: Session, username: str, display_name: str) -> Staff:
    """The app's own account (inactive, no password), made once per database."""
    if _on_server(tx):
        staff_id = _call(tx, "staff_ensure_system", p_username=username,
                         p_display_name=display_name)
        return tx.get_one(Staff, staff_id)
    staff = Staff(username=username, display_name=display_name, role=StaffRole.MANAGER,
                  active=False)
    tx.add(staff)
    tx.flush()
    return staff


def add_first_manager(tx: Session, username: str, display_name: str, password_hash: str,
                      recovery_hash: str) -> Staff:
    if _on_server(tx):
        staff_id = _call(tx, "staff_add_first_manager", p_username=username,
                         p_display_name=display_name, p_password_hash=password_hash,
                         p_recovery_hash=recovery_hash)
        return tx.get_one(Staff, staff_id)
    staff = Staff(username=username, display_name=display_name, role=StaffRole.MANAGER,
                  active=True, password_hash=password_hash, recovery_hash=recovery_hash,
                  last_sign_in_at=utc_now())
    tx.add(staff)
    tx.flush()
    return staff


def add(tx: Session, actor_id: int, username: str, display_name: str, role: StaffRole,
        password_hash: str) -> Staff:
    """A manager's new account, its password temporary."""
    if _on_server(tx):
        staff_id = _call(tx, "staff_add", p_actor=actor_id, p_username=username,
                         p_display_name=display_name, p_role=role.value,
                         p_password_hash=password_hash)
        return tx.get_one(Staff, staff_id)
    staff = Staff(username=username, display_name=display_name, role=role, active=True,
                  password_hash=password_hash, must_change_password=True)
    tx.add(staff)
    tx.flush()
    return staff


def set_password(tx: Session, actor_id: int, staff: Staff, password_hash: str) -> None:
    """One's own new password (no longer temporary), or a manager's reset of another's
    (temporary, and any lock lifted)."""
    if _on_server(tx):
        _call(tx, "staff_set_password", p_actor=actor_id, p_staff=staff.id,
              p_password_hash=password_hash)
        _reloaded(tx, staff)
        return
    staff.password_hash = password_hash
    staff.must_change_password = actor_id != staff.id
    if actor_id != staff.id:
        staff.failed_sign_ins, staff.locked_until = 0, None


def recover(tx: Session, staff: Staff, password_hash: str, recovery_hash: str) -> None:
    """A manager's new password and recovery code, after the old code was checked."""
    if _on_server(tx):
        _call(tx, "staff_recover", p_staff=staff.id, p_password_hash=password_hash,
              p_recovery_hash=recovery_hash)
        _reloaded(tx, staff)
        return
    staff.password_hash, staff.recovery_hash = password_hash, recovery_hash
    staff.must_change_password = False
    staff.failed_sign_ins, staff.locked_until = 0, None


def set_active(tx: Session, actor_id: int, staff: Staff, active: bool) -> None:
    if _on_server(tx):
        _call(tx, "staff_set_active", p_actor=actor_id, p_staff=staff.id,
              p_active=active)
        _reloaded(tx, staff)
        return
    staff.active = active
