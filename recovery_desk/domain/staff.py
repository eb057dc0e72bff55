"""Staff accounts and the Actor every service takes: who is doing this, in which role.

Until staff sign in, the desk acts as the service manager account that every database has.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from recovery_desk.domain.errors import NotAllowedError
from recovery_desk.domain.models import Staff, StaffRole

DESK_USERNAME = "manager"
DESK_DISPLAY_NAME = "Service manager"


@dataclass(frozen=True)
class Actor:
    staff_id: int
    name: str
    role: StaffRole

    def require(self, *roles: StaffRole, to: str) -> None:
        """Refuse unless the actor holds one of roles; `to` completes 'Only ... can ...'."""
        if self.role not in roles:
            allowed = " or ".join(r.value for r in roles)
            raise NotAllowedError(
                f"Only {allowed} staff can {to}; {self.name} is {self.role.value}.")


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
