"""The audit trail's append-only triggers, checked each time a database is opened.

Someone with the SQLite file (or a server's schema owner) can drop or switch off the triggers
that refuse UPDATE and DELETE on audit_events. Opening reads the triggers on audit_events with
one catalogue query (sqlite_master, or pg_trigger with its function) and compares them with
the definitions the migrations made. Missing, altered or extra ones are put back as they should
be, in the opening's own transaction, and an audit row says so. A desk's role on a server may
not change the schema: there the audit row says the triggers could not be put back, and the
schema's owner restores them with `recovery-desk --db URL upgrade` (migrate.upgrade_server).

Used by setup.open_database and migrate.upgrade_server; migration 0006 makes the SQLite
triggers from the same definitions.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from recovery_desk.domain.store import audit
from recovery_desk.domain.store.actor import Actor

log = logging.getLogger(__name__)

REFUSAL = "The audit trail cannot be changed or deleted."
# As migration 0005 wrote them (SQLite keeps each trigger's CREATE statement as written).
SQLITE_TRIGGERS = {
    "audit_events_no_update": "CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON "
                              f"audit_events BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END",
    "audit_events_no_delete": "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON "
                              f"audit_events BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END",
}
POSTGRESQL_FUNCTION = ("CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger "
                       f"LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '{REFUSAL}'; END $$")
POSTGRESQL_FUNCTION_BODY = f" BEGIN RAISE EXCEPTION '{REFUSAL}'; END "
# As pg_get_triggerdef prints them, without the table's schema.
POSTGRESQL_TRIGGERS = {
    "audit_events_no_change": "CREATE TRIGGER audit_events_no_change BEFORE DELETE OR UPDATE "
                              "ON audit_events FOR EACH ROW EXECUTE FUNCTION "
                              "audit_events_append_only()",
    "audit_events_no_truncate": "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON "
                                "audit_events FOR EACH STATEMENT EXECUTE FUNCTION "
                                "audit_events_append_only()",
}
_SQLITE_FOUND = text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                     "AND tbl_name = 'audit_events'")
_POSTGRESQL_FOUND = text(
    "SELECT t.tgname, pg_get_triggerdef(t.oid), t.tgenabled, p.proname, p.prosrc "
    "FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "
    "WHERE t.tgrelid = to_regclass('audit_events') AND NOT t.tgisinternal")
_SCHEMA = re.compile(r" ON \S+\.audit_events ")


@dataclass(frozen=True)
class GuardCheck:
    missing: tuple[str, ...] = ()
    altered: tuple[str, ...] = ()
    """Present but not as made (a changed definition, switched off, or one not ours)."""

    @property
    def sound(self) -> bool:
        return not self.missing and not self.altered


def check(connection: Connection) -> GuardCheck:
    """How the triggers on audit_events differ from the migrations' (one query)."""
    if connection.dialect.name == "sqlite":
        found = {name: sql for name, sql in connection.execute(_SQLITE_FOUND)}
        expected = SQLITE_TRIGGERS
    elif connection.dialect.name == "postgresql":
        found = {}
        for name, definition, enabled, function, body in connection.execute(_POSTGRESQL_FOUND):
            sound = enabled in ("O", "A") and function == "audit_events_append_only" \
                and body == POSTGRESQL_FUNCTION_BODY
            found[name] = _SCHEMA.sub(" ON audit_events ", definition) if sound else ""
        expected = POSTGRESQL_TRIGGERS
    else:
        return GuardCheck()
    return GuardCheck(tuple(sorted(set(expected) - set(found))),
                      tuple(sorted(name for name, sql in found.items()
                                   if expected.get(name) != sql)))


def restore(connection: Connection, found: GuardCheck) -> None:
    """Drop what is altered or not ours and make every trigger afresh."""
    if connection.dialect.name == "sqlite":
        for name in found.altered:
            connection.execute(text(f'DROP TRIGGER IF EXISTS "{name}"'))
        for name in found.missing + found.altered:
            if name in SQLITE_TRIGGERS:
                connection.execute(text(SQLITE_TRIGGERS[name]))
        return
    connection.execute(text(POSTGRESQL_FUNCTION))
    for name in found.altered:
        connection.execute(text(f'DROP TRIGGER IF EXISTS "{name}" ON audit_events'))
    for name in found.missing + found.altered:
        if name in POSTGRESQL_TRIGGERS:
            connection.execute(text(POSTGRESQL_TRIGGERS[name]))


def check_on_opening(tx: Session, actor: Actor) -> GuardCheck:
    """Check the triggers in the opening's write transaction; put back and audit what is
    wrong. Returns what was found."""
    connection = tx.connection()
    found = check(connection)
    if found.sound:
        return found
    try:
        with connection.begin_nested():
            restore(connection, found)
        restored = True
    except DBAPIError:  # a desk's role on a server may not change the schema
        restored = False
    words = ("audit triggers were missing and have been restored" if restored else
             "audit triggers are missing and could not be restored by this desk: the "
             "schema's owner must run `recovery-desk --db URL upgrade`")
    log.warning("%s (missing: %s; altered: %s)", words, ", ".join(found.missing) or "none",
                ", ".join(found.altered) or "none")
    audit.append(tx, actor.staff_id, actor.workstation, "audit_guard", "audit_trail",
                 None, "restored" if restored else "refused",
                 {"what": words, "missing": list(found.missing),
                  "altered": list(found.altered)})
    return found
