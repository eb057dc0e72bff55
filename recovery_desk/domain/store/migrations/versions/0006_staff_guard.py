"""Staff guard: on a server, staff accounts change only through the schema owner's functions.

The desks' role may read the staff table and keep the sign-in bookkeeping (failed attempts, a
lock, the last sign-in: column grants in server_database.py), but may not insert, delete, or
update a role, a password, a recovery code, a name or whether an account is active: a desk that
could would make anyone a manager with one UPDATE. Those changes go through these functions,
which run with the owner's rights (SECURITY DEFINER, a fixed search_path) and check, on rows
read under lock, what the app's services check: that the acting member of staff is an active
manager for another's account, that a first manager is made only while there is none, that a
recovered account is a manager's. recovery_desk/domain/store/staff_writes.py calls them. An SQLite
file has no roles; its schema is unchanged.

Revision ID: 0006_staff_guard
Revises: 0005_access
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006_staff_guard"
down_revision: str | None = "0005_access"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NOW = "(now() AT TIME ZONE 'utc')"
MANAGER_CHECK = """
    PERFORM 1 FROM staff WHERE id = p_actor AND active AND role = 'manager'
        AND password_hash IS NOT NULL FOR SHARE;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'Only an active service manager may change staff accounts.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;"""

FUNCTIONS = {
    "staff_ensure_system(p_username text, p_display_name text)": """
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE found integer;
BEGIN
    -- The app's own account: inactive, no password, so it can never sign in.
    LOCK TABLE staff IN SHARE ROW EXCLUSIVE MODE;
    SELECT id INTO found FROM staff WHERE username = p_username;
    IF found IS NULL THEN
        INSERT INTO staff (username, display_name, role, active, must_change_password,
                           failed_sign_ins)
        VALUES (p_username, p_display_name, 'manager', false, false, 0)
        RETURNING id INTO found;
    END IF;
    RETURN found;
END $$""",
    "staff_add_first_manager(p_username text, p_display_name text, p_password_hash text, "
    "p_recovery_hash text)": f"""
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE made integer;
BEGIN
    LOCK TABLE staff IN SHARE ROW EXCLUSIVE MODE;
    IF EXISTS (SELECT 1 FROM staff WHERE role = 'manager' AND active
               AND password_hash IS NOT NULL) THEN
        RAISE EXCEPTION 'This database already has a manager.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    INSERT INTO staff (username, display_name, role, active, password_hash, recovery_hash,
                       must_change_password, failed_sign_ins, last_sign_in_at)
    VALUES (p_username, p_display_name, 'manager', true, p_password_hash, p_recovery_hash,
            false, 0, {NOW})
    RETURNING id INTO made;
    RETURN made;
END $$""",
    "staff_add(p_actor integer, p_username text, p_display_name text, p_role text, "
    "p_password_hash text)": f"""
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE made integer;
BEGIN{MANAGER_CHECK}
    INSERT INTO staff (username, display_name, role, active, password_hash,
                       must_change_password, failed_sign_ins)
    VALUES (p_username, p_display_name, p_role, true, p_password_hash, true, 0)
    RETURNING id INTO made;
    RETURN made;
END $$""",
    "staff_set_password(p_actor integer, p_staff integer, p_password_hash text)": f"""
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF p_actor = p_staff THEN
        -- One's own password, chosen after signing in: no longer temporary.
        UPDATE staff SET password_hash = p_password_hash, must_change_password = false
        WHERE id = p_staff AND active;
    ELSE{MANAGER_CHECK}
        -- A manager's reset: temporary until its owner chooses their own; any lock lifted.
        UPDATE staff SET password_hash = p_password_hash, must_change_password = true,
                         failed_sign_ins = 0, locked_until = NULL
        WHERE id = p_staff;
    END IF;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'That account cannot be changed.' USING ERRCODE = 'no_data_found';
    END IF;
END $$""",
    "staff_recover(p_staff integer, p_password_hash text, p_recovery_hash text)": """
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    -- Only a manager has a recovery code; the code itself is checked by the app (Argon2id).
    UPDATE staff SET password_hash = p_password_hash, recovery_hash = p_recovery_hash,
                     must_change_password = false, failed_sign_ins = 0, locked_until = NULL
    WHERE id = p_staff AND active AND role = 'manager' AND recovery_hash IS NOT NULL;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'Only an active manager''s account can be recovered.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END $$""",
    "staff_set_active(p_actor integer, p_staff integer, p_active boolean)": f"""
RETURNS void LANGUAGE plpgsql AS $$
BEGIN{MANAGER_CHECK}
    IF p_actor = p_staff AND NOT p_active THEN
        RAISE EXCEPTION 'A manager cannot deactivate their own account.'
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    UPDATE staff SET active = p_active WHERE id = p_staff;
END $$""",
}


def _server() -> bool:
    return op.get_bind().dialect.name == "postgresql"


def upgrade() -> None:
    if not _server():
        return
    schema = op.get_bind().exec_driver_sql("SELECT current_schema()").scalar()
    for signature, body in FUNCTIONS.items():
        op.execute(f'CREATE FUNCTION {signature} {body.strip()}')
        # The owner's rights, but never the caller's search_path (a desk could otherwise put
        # its own "staff" table first); pg_temp last, so no temporary table shadows ours.
        op.execute(f'ALTER FUNCTION {signature} SECURITY DEFINER '
                   f'SET search_path = "{schema}", pg_temp')
        op.execute(f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")


def downgrade() -> None:
    if not _server():
        return
    for signature in FUNCTIONS:
        op.execute(f"DROP FUNCTION {signature.split('(')[0]}")
