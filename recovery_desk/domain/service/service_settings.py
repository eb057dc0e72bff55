"""Service-wide settings kept in the database: each with a default, limits and a label, shown
and changed by a manager. Policies of one group live with the group (catalogue/policies.py);
these belong to the whole service (sign-in, idle lock, retention)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from recovery_desk.access import Permission
from recovery_desk.catalogue.policies import NumberSetting as ServiceSetting
from recovery_desk.domain.store import audit
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import InvalidDetailsError
from recovery_desk.domain.store.models import Setting

SETTINGS: dict[str, ServiceSetting] = {s.key: s for s in (
    ServiceSetting("password_min_length", "Shortest password allowed", 10, 8, 64,
                   "characters"),
    ServiceSetting("lockout_attempts", "Failed sign-ins in a row that lock an account", 5, 3,
                   20, "attempts"),
    ServiceSetting("lockout_minutes", "How long a locked account stays locked", 15, 1, 1440,
                   "minutes"),
    ServiceSetting("idle_lock_minutes", "Idle minutes before the desk locks itself", 5, 1, 60,
                   "minutes"),
    ServiceSetting("retention_years", "Years after last contact that a record is kept", 8, 1,
                   100, "years"),
    ServiceSetting("reminder_hour", "Hour of the day from which the desk queues tomorrow's "
                   "reminders", 10, 0, 23, "o'clock"),
    ServiceSetting("import_undo_days", "Days an imported file can still be taken out again",
                   14, 1, 365, "days"),
)}
PREFIX = "service."


def read(db: Database) -> dict[str, int]:
    """Every setting, stored value or default."""
    with db.reading() as tx:
        return values_in(tx)


def values_in(tx: Session) -> dict[str, int]:
    """Every setting, read in the caller's transaction."""
    stored = {s.key.removeprefix(PREFIX): s.value for s in tx.scalars(
        select(Setting).where(Setting.key.startswith(PREFIX)))}
    values = {}
    for key, setting in SETTINGS.items():
        try:
            values[key] = int(stored.get(key, setting.default))
        except ValueError:
            values[key] = setting.default
    return values


def save(db: Database, actor: Actor, changes: dict[str, int]) -> dict[str, int]:
    actor.require(Permission.EDIT_CATALOGUE)
    problems = {}
    for key, value in changes.items():
        setting = SETTINGS.get(key)
        if setting is None:
            problems[key] = f"'{key}' is not a setting."
        elif isinstance(value, bool) or not isinstance(value, int) \
                or not setting.minimum <= value <= setting.maximum:
            problems[key] = (f"{setting.label} must be a whole number from {setting.minimum} "
                             f"to {setting.maximum}.")
    if problems:
        raise InvalidDetailsError(problems)
    with db.writing() as tx:
        # A setting never saved has no row to lock: two desks saving it at once would both
        # insert it. The audit chain's lock, taken first, makes them save in turn.
        audit.lock_chain(tx)
        for key, value in changes.items():
            tx.merge(Setting(key=PREFIX + key, value=str(value)))
        audit.record(tx, actor, "edit", "service_settings", None,
                     changed=sorted(changes))
        return values_in(tx)  # as this save left them, not as a later desk's did
