"""The Actor every service takes: who is doing this, in which role, at which workstation.

Services call actor.require(permission) before they touch anything; the matrix of which role
may do what lives in recovery_desk.access.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from recovery_desk.access import Permission, may, refusal
from recovery_desk.domain.errors import NotAllowedError
from recovery_desk.domain.models import Staff
from recovery_desk.vocabulary import StaffRole

DESK_USERNAME = "manager"
DESK_DISPLAY_NAME = "Service manager"


@dataclass(frozen=True)
class Actor:
    staff_id: int
    name: str
    role: StaffRole

    def may(self, permission: Permission) -> bool:
        return may(self.role, permission)

    def require(self, permission: Permission) -> None:
        """Refuse, with a message naming who may, unless the actor's role allows this."""
        if not self.may(permission):
            raise NotAllowedError(refusal(self.name, self.role, permission))


def actor_for(staff: Staff) -> Actor:
    return Actor(staff.id, staff.display_name, staff.role)


def ensure_desk_account(session: Session) -> Staff:
    """The manager account the app acts as before sign-in exists; made once per database."""
    staff = session.scalar(select(Staff).where(Staff.username == DESK_USERNAME))
    if staff is None:
        staff = Staff(username=DESK_USERNAME, display_name=DESK_DISPLAY_NAME,
                      role=StaffRole.MANAGER, active=True)
        session.add(staff)
        session.flush()
    return staff
