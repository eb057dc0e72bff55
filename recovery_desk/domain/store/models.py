"""SQLAlchemy 2 models: the catalogue, people, referrals, places, registers and the audit trail.

Portable types only (no SQLite-only SQL), so the same models run on a shared PostgreSQL server.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    Time,
    UniqueConstraint,
    event,
    false,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

# Mapped in modules of their own (to keep this one readable) and named here with the rest.
from recovery_desk.domain.store.follow_up_models import ContactAttempt, WalkIn  # noqa: F401
from recovery_desk.domain.store.import_models import ImportBatch, ImportedRecord  # noqa: F401
from recovery_desk.domain.store.message_models import Message  # noqa: F401
from recovery_desk.domain.store.model_base import Base, _enum
from recovery_desk.identifiers import search_key
from recovery_desk.vocabulary import (
    AttendanceMark,
    GroupFormat,
    Joining,
    Outcome,
    PlaceStatus,
    StaffRole,
    WaitingStatus,
    Wording,
    person_name,
)


class Group(Base):
    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    name_to_be_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    description: Mapped[str] = mapped_column(Text, default="")
    who_for: Mapped[str] = mapped_column(Text, default="")
    format: Mapped[GroupFormat] = mapped_column(_enum(GroupFormat, "group_format"))
    length_weeks: Mapped[int | None] = mapped_column(Integer)
    length_sessions: Mapped[int | None] = mapped_column(Integer)
    joining: Mapped[Joining] = mapped_column(_enum(Joining, "joining"))
    referral_required: Mapped[bool] = mapped_column(Boolean, default=True)
    referral_note: Mapped[str] = mapped_column(Text, default="")
    eligibility_rule: Mapped[str] = mapped_column(String(40), default="keyworker_judgement")
    capacity: Mapped[int] = mapped_column(Integer)
    policies: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # The schedule, in structured form; schedule.rules.Rule is built from these columns.
    schedule_frequency: Mapped[str] = mapped_column(String(16))
    schedule_weekdays: Mapped[str] = mapped_column(String(20), default="")
    schedule_positions: Mapped[str] = mapped_column(String(20), default="")
    schedule_anchor: Mapped[date | None] = mapped_column(Date)
    start_time: Mapped[time | None] = mapped_column(Time)
    end_time: Mapped[time | None] = mapped_column(Time)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    retired_on: Mapped[date | None] = mapped_column(Date)


class Closure(Base):
    """A date or range a group (or, with no group, the whole service) does not meet."""

    __tablename__ = "closures"
    __table_args__ = (Index("ix_closures_days", "last_day", "first_day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("groups.id"))
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))


class Staff(Base):
    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(60), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[StaffRole] = mapped_column(_enum(StaffRole, "staff_role"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    password_hash: Mapped[str | None] = mapped_column(String(200))
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False,
                                                       server_default=false())
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    locked_until: Mapped[datetime | None] = mapped_column(DateTime)
    """UTC; sign-in is refused until then, even with the right password."""
    recovery_hash: Mapped[str | None] = mapped_column(String(200))
    """A manager's one-time recovery code, hashed like a password."""
    last_sign_in_at: Mapped[datetime | None] = mapped_column(DateTime)


class Setting(Base):
    """Facts about this database as a whole, such as whether it is the demo."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class AuditEvent(Base):
    """Who viewed or changed what, when (UTC), where and with what outcome. Append-only: the
    database refuses UPDATE and DELETE (triggers from migration 0005, checked on opening by
    audit_guard.py), ids are never reused, and each row carries a
    hash chained to the row before (domain/audit.py), so a quiet change shows."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_record", "entity", "entity_id"),
                      Index("ix_audit_at", "at"), Index("ix_audit_staff", "staff_id"),
                      # Ids never reused, so a trail cut short shows as ids missing (0006).
                      {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    """None for a failed sign-in with a name that is no account."""
    workstation: Mapped[str] = mapped_column(String(120), default="", server_default="")
    action: Mapped[str] = mapped_column(String(40))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[int | None] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(20), default="ok", server_default="ok")
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    chain_hash: Mapped[str] = mapped_column(String(64), default="", server_default="")


class AuditChain(Base):
    """The newest audit row's hash: one row, locked by each append so two desks cannot both
    chain onto the same row."""

    __tablename__ = "audit_chain"

    id: Mapped[int] = mapped_column(primary_key=True)
    last_hash: Mapped[str] = mapped_column(String(64))


class ServiceUser(Base):
    __tablename__ = "service_users"
    __table_args__ = (Index("ix_service_users_by_name", "family_key", "given_key"),
                      Index("ix_service_users_born", "date_of_birth"),
                      Index("ix_service_users_keyworker", "keyworker_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    given_name: Mapped[str] = mapped_column(String(80))
    family_name: Mapped[str] = mapped_column(String(80))
    preferred_name: Mapped[str] = mapped_column(String(80), default="")
    # The names as the search compares and sorts them (identifiers.search_key); kept, with
    # the name_words rows, by the events at the end of this module.
    given_key: Mapped[str] = mapped_column(String(80), default="", server_default="")
    family_key: Mapped[str] = mapped_column(String(80), default="", server_default="")
    preferred_key: Mapped[str] = mapped_column(String(80), default="", server_default="")
    date_of_birth: Mapped[date] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(12))
    msm: Mapped[bool | None] = mapped_column(Boolean)
    nhs_number: Mapped[str | None] = mapped_column(String(10), unique=True)
    postcode: Mapped[str] = mapped_column(String(8), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    emergency_contact: Mapped[str] = mapped_column(String(200), default="")
    keyworker_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    referral_source: Mapped[str] = mapped_column(String(120), default="")
    consent_to_store: Mapped[bool] = mapped_column(Boolean, default=False)
    access_needs: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    # The intake profile of the assessment (substances, abstinence, medication, goals) as JSON.
    profile: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    anonymised_on: Mapped[date | None] = mapped_column(Date)
    """Set when the record passed the retention period and its names and identifiers went."""
    # Reaching them by text and email (domain/people/contact_details.py): each consent with
    # the day and the staff member who recorded it; "discreet" messages never name the group.
    mobile: Mapped[str] = mapped_column(String(20), default="", server_default="")
    email: Mapped[str] = mapped_column(String(254), default="", server_default="")
    texts_consent: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    texts_consent_on: Mapped[date | None] = mapped_column(Date)
    texts_consent_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    emails_consent: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    emails_consent_on: Mapped[date | None] = mapped_column(Date)
    emails_consent_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    wording: Mapped[Wording] = mapped_column(_enum(Wording, "wording"),
                                             default=Wording.DISCREET,
                                             server_default=Wording.DISCREET.value)

    keyworker: Mapped[Staff | None] = relationship(foreign_keys=[keyworker_id])

    @property
    def name(self) -> str:
        return person_name(self.given_name, self.family_name)


class Referral(Base):
    __tablename__ = "referrals"
    __table_args__ = (Index("ix_referrals_person_group", "service_user_id", "group_id",
                            "made_on"),
                      Index("ix_referrals_group", "group_id", "made_on"))

    id: Mapped[int] = mapped_column(primary_key=True)
    service_user_id: Mapped[int] = mapped_column(ForeignKey("service_users.id"))
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"))
    keyworker_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    made_on: Mapped[date] = mapped_column(Date)
    outcome: Mapped[Outcome] = mapped_column(_enum(Outcome, "outcome"))
    reasons: Mapped[list[Any]] = mapped_column(default=list)
    justification: Mapped[str] = mapped_column(Text, default="")
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)

    group: Mapped[Group] = relationship()
    service_user: Mapped[ServiceUser] = relationship()


class Cohort(Base):
    """The members of a closed group who start together, from start_date."""

    __tablename__ = "cohorts"
    __table_args__ = (UniqueConstraint("group_id", "start_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"))
    start_date: Mapped[date] = mapped_column(Date)


def _only_where(name: str, columns: tuple[str, ...], condition: str) -> Index:
    """A unique index over the rows meeting condition (partial).

    The schema is made by the migrations, which give the condition to SQLite and PostgreSQL
    alike (0003_places); here it is named for SQLite only, which the migration tests compare
    against. Naming it for PostgreSQL too would load SQLAlchemy's PostgreSQL dialect (about
    40 ms, more than mapping every model) on every start, even against a SQLite file."""
    return Index(name, *columns, unique=True, sqlite_where=text(condition))


class Place(Base):
    __tablename__ = "enrolments"
    # The database itself refuses a second active place for one person in one group.
    __table_args__ = (
        _only_where("one_active_place", ("service_user_id", "group_id"), "status = 'active'"),
        Index("ix_enrolments_person", "service_user_id"),
        Index("ix_enrolments_group_status", "group_id", "status", "expected_end_date"),
        # Places running on a day: ended on or after it, or not ended and due to end after it.
        Index("ix_enrolments_group_days", "group_id", "ended_on", "expected_end_date"),
        Index("ix_enrolments_status_end", "status", "expected_end_date"),
        Index("ix_enrolments_referral", "referral_id"),
        Index("ix_enrolments_cohort", "cohort_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service_user_id: Mapped[int] = mapped_column(ForeignKey("service_users.id"))
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"))
    referral_id: Mapped[int | None] = mapped_column(ForeignKey("referrals.id"))
    cohort_id: Mapped[int | None] = mapped_column(ForeignKey("cohorts.id"))
    start_date: Mapped[date] = mapped_column(Date)
    expected_end_date: Mapped[date | None] = mapped_column(Date)
    status: Mapped[PlaceStatus] = mapped_column(_enum(PlaceStatus, "enrolment_status"))
    ended_on: Mapped[date | None] = mapped_column(Date)
    end_reason: Mapped[str] = mapped_column(Text, default="")
    flagged_for_keyworker: Mapped[bool] = mapped_column(Boolean, default=False)
    booked_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))

    group: Mapped[Group] = relationship()
    service_user: Mapped[ServiceUser] = relationship()


class WaitingListEntry(Base):
    __tablename__ = "waiting_list_entries"
    __table_args__ = (
        _only_where("one_live_waiting_entry", ("service_user_id", "group_id"),
                    "status IN ('waiting', 'offered')"),
        Index("ix_waiting_group_status", "group_id", "status", "position"),
        Index("ix_waiting_person", "service_user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"))
    service_user_id: Mapped[int] = mapped_column(ForeignKey("service_users.id"))
    position: Mapped[int] = mapped_column(Integer)
    added_on: Mapped[date] = mapped_column(Date)
    status: Mapped[WaitingStatus] = mapped_column(_enum(WaitingStatus, "waiting_status"))
    reason: Mapped[str] = mapped_column(Text, default="")
    passed_over_on: Mapped[date | None] = mapped_column(Date)
    """The day an offer went past this person, with the reason above; not offered again that
    day."""
    answer_by: Mapped[date | None] = mapped_column(Date)
    """While offered: the last day to answer (the group's offer_answer_days after the offer)."""


class GroupSession(Base):
    """A dated occurrence of a group, stored once a register is taken for it."""

    __tablename__ = "sessions"
    __table_args__ = (UniqueConstraint("group_id", "date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id"))
    date: Mapped[date] = mapped_column(Date)
    start_time: Mapped[time | None] = mapped_column(Time)
    end_time: Mapped[time | None] = mapped_column(Time)


class Attendance(Base):
    """One register mark. A correction adds a row and marks the old one superseded."""

    __tablename__ = "attendance"
    __table_args__ = (
        _only_where("one_current_mark", ("session_id", "enrolment_id"),
                    "superseded_by_id IS NULL"),
        Index("ix_attendance_enrolment", "enrolment_id"),
        Index("ix_attendance_session", "session_id"),
        # Corrections only: an index over every current mark's NULL would tempt the planner
        # away from the place's own marks. Named for SQLite only, as _only_where says why;
        # the migration (0004_scale) gives PostgreSQL the same condition.
        Index("ix_attendance_superseded_by", "superseded_by_id",
              sqlite_where=text("superseded_by_id IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id"))
    enrolment_id: Mapped[int] = mapped_column(ForeignKey("enrolments.id"))
    mark: Mapped[AttendanceMark] = mapped_column(_enum(AttendanceMark, "attendance_mark"))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    recorded_at: Mapped[datetime] = mapped_column(DateTime)
    superseded_by_id: Mapped[int | None] = mapped_column(ForeignKey("attendance.id"))


class NameWord(Base):
    """Each word of a service user's names, as the search compares it: finding a person is a
    prefix look-up here, so 'jones' finds Smith-Jones and 'de s' finds de Souza."""

    __tablename__ = "name_words"
    __table_args__ = (Index("ix_name_words_person", "service_user_id"),)

    word: Mapped[str] = mapped_column(String(80), primary_key=True)
    service_user_id: Mapped[int] = mapped_column(ForeignKey("service_users.id"),
                                                 primary_key=True)


def name_words(*names: str) -> set[str]:
    return {word for name in names for word in search_key(name).split()}


@event.listens_for(ServiceUser, "before_insert")
@event.listens_for(ServiceUser, "before_update")
def _keep_search_keys(_mapper: Any, _connection: Any, person: ServiceUser) -> None:
    person.given_key = search_key(person.given_name or "")
    person.family_key = search_key(person.family_name or "")
    person.preferred_key = search_key(person.preferred_name or "")


@event.listens_for(ServiceUser, "after_insert")
@event.listens_for(ServiceUser, "after_update")
def _keep_name_words(_mapper: Any, connection: Any, person: ServiceUser) -> None:
    table = NameWord.__table__
    connection.execute(table.delete().where(table.c.service_user_id == person.id))
    words = name_words(person.given_name, person.family_name, person.preferred_name or "")
    if words:
        connection.execute(table.insert(), [{"word": word, "service_user_id": person.id}
                                            for word in sorted(words)])
