"""Scale: indexes on what the desk joins and filters on, and search keys for names.

Every foreign key the desk joins on is indexed, places are indexed by group and the days they
run, and each service user gets normalised name keys (accents dropped, case folded) so finding
a person is a prefix look-up in an index (name_words: every word of every name) instead of a scan of
every record.

Revision ID: 0004_scale
Revises: 0003_places
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from recovery_desk.identifiers import search_key

revision: str = "0004_scale"
down_revision: str | None = "0003_places"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEYS = (("given_key", "given_name"), ("family_key", "family_name"),
        ("preferred_key", "preferred_name"))
INDEXES = (
    ("ix_enrolments_person", "enrolments", ["service_user_id"]),
    ("ix_enrolments_group_status", "enrolments", ["group_id", "status", "expected_end_date"]),
    ("ix_enrolments_group_days", "enrolments", ["group_id", "ended_on", "expected_end_date"]),
    ("ix_enrolments_status_end", "enrolments", ["status", "expected_end_date"]),
    ("ix_enrolments_referral", "enrolments", ["referral_id"]),
    ("ix_enrolments_cohort", "enrolments", ["cohort_id"]),
    ("ix_attendance_enrolment", "attendance", ["enrolment_id"]),
    ("ix_attendance_session", "attendance", ["session_id"]),
    ("ix_referrals_person_group", "referrals", ["service_user_id", "group_id", "made_on"]),
    ("ix_referrals_group", "referrals", ["group_id", "made_on"]),
    ("ix_waiting_group_status", "waiting_list_entries", ["group_id", "status", "position"]),
    ("ix_waiting_person", "waiting_list_entries", ["service_user_id"]),
    ("ix_closures_days", "closures", ["last_day", "first_day"]),
    ("ix_audit_record", "audit_events", ["entity", "entity_id"]),
    ("ix_audit_at", "audit_events", ["at"]),
    ("ix_audit_staff", "audit_events", ["staff_id"]),
    ("ix_service_users_by_name", "service_users", ["family_key", "given_key"]),
    ("ix_service_users_born", "service_users", ["date_of_birth"]),
    ("ix_service_users_keyworker", "service_users", ["keyworker_id"]),
)


def upgrade() -> None:
    op.create_table(
        "name_words",
        sa.Column("word", sa.String(80), primary_key=True),
        sa.Column("service_user_id", sa.Integer(), sa.ForeignKey("service_users.id"),
                  primary_key=True))
    op.create_index("ix_name_words_person", "name_words", ["service_user_id"])
    with op.batch_alter_table("service_users") as batch:
        for key, _ in KEYS:
            batch.add_column(sa.Column(key, sa.String(80), nullable=False, server_default=""))
    people = sa.table("service_users", sa.column("id"), *(sa.column(c) for pair in KEYS
                                                           for c in pair))
    connection = op.get_bind()
    rows = connection.execute(sa.select(people.c.id, people.c.given_name,
                                        people.c.family_name, people.c.preferred_name)).all()
    if rows:
        connection.execute(
            people.update().where(people.c.id == sa.bindparam("person"))
            .values(given_key=sa.bindparam("given"), family_key=sa.bindparam("family"),
                    preferred_key=sa.bindparam("preferred")),
            [{"person": row.id, "given": search_key(row.given_name),
              "family": search_key(row.family_name),
              "preferred": search_key(row.preferred_name or "")} for row in rows])
        words = sa.table("name_words", sa.column("word"), sa.column("service_user_id"))
        connection.execute(words.insert(), [
            {"word": word, "service_user_id": row.id} for row in rows
            for word in sorted({w for name in (row.given_name, row.family_name,
                                               row.preferred_name or "")
                                for w in search_key(name).split()})])
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)
    # Corrections only (see models.Attendance).
    op.create_index("ix_attendance_superseded_by", "attendance", ["superseded_by_id"],
                    sqlite_where=sa.text("superseded_by_id IS NOT NULL"),
                    postgresql_where=sa.text("superseded_by_id IS NOT NULL"))


def downgrade() -> None:
    op.drop_index("ix_attendance_superseded_by", table_name="attendance")
    for name, table, _columns in INDEXES:
        op.drop_index(name, table_name=table)
    with op.batch_alter_table("service_users") as batch:
        for key, _ in KEYS:
            batch.drop_column(key)
    op.drop_index("ix_name_words_person", table_name="name_words")
    op.drop_table("name_words")
