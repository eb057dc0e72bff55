"""The Actor every service takes: who is doing this, in which role, at which workstation; and
the system account the app acts as for what it does by itself.

Services call actor.require(permission) before they touch anything; the matrix of which role
may do what lives in recovery_desk.access.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from recovery_desk.access import Permission, may, refusal
from recovery_desk.domain.store import staff_writes
from recovery_desk.domain.store.errors import NotAllowedError
from recovery_desk.domain.store.models import Staff
from recovery_desk.vocabulary import StaffRole

SYSTEM_USERNAME = "system"
SYSTEM_DISPLAY_NAME = "Recovery Desk (automatic)"
DESK_USERNAME = "manager"
"""The account early versions acted as before sign-in; kept with its history, without a
password it can use."""


@dataclass(frozen=True)
class Actor:
    staff_id: int
    name: str
    role: StaffRole
    workstation: str = ""
    """The PC (and for the CLI, 'command line') the staff member acts from, for the audit."""

    def may(self, permission: Permission) -> bool:
        return may(self.role, permission)

    def require(self, permission: Permission) -> None:
        """Refuse, with a message naming who may, unless the actor's role allows this."""
        if not self.may(permission):
            raise NotAllowedError(refusal(self.name, self.role, permission))


def actor_for(staff: Staff, workstation: str = "") -> Actor:
    return Actor(staff.id, staff.display_name, staff.role, workstation)


def ensure_system_account(tx: Session) -> Staff:
    """The account the app acts as for what it does by itself (the default catalogue, places
    that reach their end, automatic backups): it cannot sign in. Made once per database."""
    staff = tx.scalar(select(Staff).where(Staff.username == SYSTEM_USERNAME))
    if staff is None:
        staff = staff_writes.ensure_system(tx, SYSTEM_USERNAME, SYSTEM_DISPLAY_NAME)
    return staff
