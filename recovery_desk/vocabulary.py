"""The service's value words: group formats, joining, outcomes, roles, and the statuses of
places, waiting-list entries and register marks, with the words the desk reads for each.

Imports nothing, so every layer (the rules, the schedule, the data layer, the views) can share
one meaning of each word without loading anything else.
"""

from __future__ import annotations

from enum import StrEnum


class GroupFormat(StrEnum):
    ROLLING = "rolling"
    STRUCTURED = "structured"
    WEEKLY = "weekly"
    CLOSED_COHORT = "closed_cohort"
    OPEN = "open"


class Joining(StrEnum):
    ANY_WEEK = "any_week"
    ANY_SESSION = "any_session"
    COHORT_START = "cohort_start"
    NOT_STATED = "not_stated"


class StaffRole(StrEnum):
    RECEPTION = "reception"
    KEYWORKER = "keyworker"
    MANAGER = "manager"


class Outcome(StrEnum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    NEEDS_REVIEW = "needs_review"


class PlaceStatus(StrEnum):
    ACTIVE = "active"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"
    DISCHARGED = "discharged"
    CANCELLED = "cancelled"
    """Booked in error and cancelled: it never was a place, so no figure counts it."""


class WaitingStatus(StrEnum):
    WAITING = "waiting"
    OFFERED = "offered"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    SKIPPED = "skipped"
    REMOVED = "removed"


LIVE_WAITING = (WaitingStatus.WAITING, WaitingStatus.OFFERED)
"""Entries still on the list: waiting, or holding an offer."""


class ContactKind(StrEnum):
    """How the desk tried to reach someone after a did-not-attend."""

    CALLED = "called"
    LEFT_MESSAGE = "left_message"
    NO_ANSWER = "no_answer"
    LETTER_SENT = "letter_sent"


CONTACT_WORDS = {ContactKind.CALLED: "called, spoke to them",
                 ContactKind.LEFT_MESSAGE: "called, left a message",
                 ContactKind.NO_ANSWER: "called, no answer",
                 ContactKind.LETTER_SENT: "letter sent"}


class AttendanceMark(StrEnum):
    ATTENDED = "attended"
    LATE = "late"
    APOLOGIES = "apologies"
    DID_NOT_ATTEND = "did_not_attend"


FORMAT_WORDS = {
    GroupFormat.ROLLING: "Rolling",
    GroupFormat.STRUCTURED: "Structured, fixed sessions",
    GroupFormat.WEEKLY: "Weekly group",
    GroupFormat.CLOSED_COHORT: "Closed cohort",
    GroupFormat.OPEN: "Open",
}
JOINING_WORDS = {
    Joining.ANY_WEEK: "Any week",
    Joining.ANY_SESSION: "At any session",
    Joining.COHORT_START: "At the cohort's start only",
    Joining.NOT_STATED: "Not stated by the service",
}
ROLE_WORDS = {StaffRole.RECEPTION: "Reception", StaffRole.KEYWORKER: "Keyworker",
              StaffRole.MANAGER: "Service manager"}
# Words and a sign, so an outcome never depends on colour.
OUTCOME_WORDS = {Outcome.ELIGIBLE: "✓ Eligible", Outcome.NOT_ELIGIBLE: "✗ Not eligible",
                 Outcome.NEEDS_REVIEW: "? Needs review"}
MARK_WORDS = {AttendanceMark.ATTENDED: "Attended", AttendanceMark.LATE: "Late",
              AttendanceMark.APOLOGIES: "Apologies",
              AttendanceMark.DID_NOT_ATTEND: "Did not attend"}
STATUS_WORDS = {PlaceStatus.ACTIVE: "Active", PlaceStatus.COMPLETED: "Completed",
                PlaceStatus.WITHDRAWN: "Withdrawn", PlaceStatus.DISCHARGED: "Discharged",
                PlaceStatus.CANCELLED: "Cancelled (booked in error)"}


def person_name(given_name: str, family_name: str) -> str:
    """How the desk names a service user everywhere: 'Alex Brennan'."""
    return f"{given_name} {family_name}".strip()


class FigureKind(StrEnum):
    """What a report figure counts, which decides how an exported file shows it."""

    PEOPLE = "people"
    """Places or people: the small-number rule applies in exported files."""
    COUNT = "count"
    """Sessions and register marks: shown exactly."""
    RATE = "rate"
    """A share from 0 to 1, shown as a percentage; none where nothing was counted."""
    DAYS = "days"
    """A number of days drawn from some people (the figure's base count)."""


class MessageKind(StrEnum):
    """What a text or email tells someone; each is a template in the service's Notify account."""

    REMINDER = "reminder"
    BOOKED = "booked"
    CANCELLED = "cancelled"
    OFFER = "offer"


class MessageChannel(StrEnum):
    SMS = "sms"
    EMAIL = "email"
    PHONE = "phone"
    """Nobody can be reached by text or email for the event: the desk rings them."""


class MessageStatus(StrEnum):
    """Where a message is: ours until Notify has it, then Notify's own delivery words."""

    QUEUED = "queued"
    SENDING = "sending"
    """Handed to Notify, answer not yet stored: checked by reference before any resend."""
    SENT = "sent"
    DELIVERED = "delivered"
    PERMANENT_FAILURE = "permanent-failure"
    TEMPORARY_FAILURE = "temporary-failure"
    TECHNICAL_FAILURE = "technical-failure"
    FAILED = "failed"
    """Notify refused it (an invalid number, a person who opted out): the error says why."""
    TO_PHONE = "to_phone"
    PHONED = "phoned"


class Wording(StrEnum):
    """Whether a message may name the group, or must say only 'your appointment'."""

    DISCREET = "discreet"
    NAMED = "named"


MESSAGE_KIND_WORDS = {MessageKind.REMINDER: "Reminder", MessageKind.BOOKED: "Booking confirmed",
                      MessageKind.CANCELLED: "Session cancelled",
                      MessageKind.OFFER: "Place offered"}
