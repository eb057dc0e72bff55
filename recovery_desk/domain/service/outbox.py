"""Writing messages into the outbox inside the caller's transaction, so a message exists exactly
when its cause committed: a booking (booked), a session cancelled on the day or a closure over
booked sessions (cancelled), a waiting-list offer (offer), and the sender's reminders.

Each person gets one row per channel they agreed to (a text to a mobile, an email to an
address); someone with neither gets one row of channel "phone", the desk's "to phone" list,
with the number to ring, for a cancellation or an offer, which the person must hear of. A
reminder or booking confirmation nobody can receive is not written: the person was at the desk
for the booking, and the desk does not ring everyone the day before. References are unique
and made from the event, so queueing the same event twice (two sender runs, overlapping
closures) adds nothing the second time.

What a message says is only these personalisation fields, the same for every template kind:
first_name, what (the group's name where the person chose "named", else "your appointment"),
day_and_date, time, place (the service's address) and answer_by (offers only). Nothing
clinical is ever sent. A discreet message's place leaves out any address line holding a word
that reveals treatment (REVEALING_WORDS), and no field carries the group's name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from recovery_desk import identifiers
from recovery_desk.domain.service.service_details import read_details
from recovery_desk.domain.store.message_models import Message
from recovery_desk.domain.store.models import Group, ServiceUser
from recovery_desk.domain.store.timestamps import utc_now
from recovery_desk.schedule.phrases import format_date, format_time
from recovery_desk.vocabulary import MessageChannel, MessageKind, MessageStatus, Wording

DISCREET_WHAT = "your appointment"
PHONED_KINDS = (MessageKind.CANCELLED, MessageKind.OFFER)
"""Kinds the desk rings about when no text or email can reach the person."""
REVEALING_WORDS = ("recovery", "drug", "drugs", "alcohol", "alcoholic", "addiction", "addict",
                   "drink", "drinking", "drinker", "gambling", "chemsex", "msm", "hiv",
                   "mental", "psychiatric", "withdrawal", "harm", "reduction", "needle",
                   "substance", "substances", "treatment", "rehab", "rehabilitation", "detox",
                   "sober", "sobriety", "abstinence", "relapse", "methadone", "opiate",
                   "heroin", "cocaine", "dependency", "misuse", "clinic", "therapy",
                   "counselling", "twelve-step", "alcoholics", "narcotics", "smart")
"""Words a discreet message never carries: a phone seen by a partner or family must not show
treatment. Checked word by word, case ignored."""


def reveals_treatment(text: str) -> bool:
    """True when text holds one of REVEALING_WORDS as a word."""
    return any(word in REVEALING_WORDS for word in re.findall(r"[a-z-]+", text.lower()))


@dataclass(frozen=True)
class Event:
    """What happened, for whom a message is written: the kind, the group and its session (or
    the first session of a place), and the key that makes each reference unique."""

    kind: MessageKind
    group: Group
    key: str
    """Unique per event and person, without the channel: 'booked-p12' (a place's id)."""
    session_date: date | None
    start: time | None = None
    answer_by: date | None = None


def personalisation(person: ServiceUser, event: Event, address: str) -> dict[str, str]:
    """The fields a template fills in; discreet unless the person chose named messages."""
    named = person.wording is Wording.NAMED
    lines = [line.strip() for line in address.splitlines() if line.strip()]
    if not named:
        lines = [line for line in lines if not reveals_treatment(line)]
    fields = {"first_name": (person.preferred_name or person.given_name).split(" ")[0],
              "what": event.group.name if named else DISCREET_WHAT,
              "day_and_date": format_date(event.session_date) if event.session_date else "",
              "time": format_time(event.start) if event.start else "",
              "place": ", ".join(lines)}
    if event.answer_by is not None:
        fields["answer_by"] = format_date(event.answer_by)
    return fields


def _channels(person: ServiceUser, event: Event) -> list[tuple[MessageChannel, str]]:
    """Where messages reach the person: each channel they agreed to and have an address for;
    otherwise the "to phone" row with their number (mobile first), as people read it."""
    found = []
    if person.texts_consent and person.mobile:
        found.append((MessageChannel.SMS, person.mobile))
    if person.emails_consent and person.email:
        found.append((MessageChannel.EMAIL, person.email))
    if found:
        return found
    if event.kind not in PHONED_KINDS:
        return []
    number = person.mobile or person.phone or ""
    return [(MessageChannel.PHONE, identifiers.format_phone(number) if number else "")]


def queue(tx: Session, people: Sequence[ServiceUser], events: Sequence[Event]) -> int:
    """Write each person's message for their event (people[i] with events[i]) unless its
    reference is already there; returns how many rows were added. Set-based: one read of
    the references, one insert."""
    if not people:
        return 0
    address = read_details(tx).address
    rows = []
    for person, event in zip(people, events, strict=True):
        fields = personalisation(person, event, address)
        for channel, to in _channels(person, event):
            rows.append(Message(
                service_user_id=person.id, kind=event.kind, channel=channel, to=to,
                status=MessageStatus.TO_PHONE if channel is MessageChannel.PHONE
                else MessageStatus.QUEUED,
                reference=f"{event.key}-{channel.value}", discreet=person.wording
                is not Wording.NAMED, session_date=event.session_date,
                group_id=event.group.id, personalisation=fields, created_at=utc_now(),
                attempts=0))
    taken = set(tx.scalars(select(Message.reference).where(
        Message.reference.in_([row.reference for row in rows]))))
    fresh = [row for row in rows if row.reference not in taken]
    tx.add_all(fresh)
    tx.flush()
    return len(fresh)


def queue_one(tx: Session, person_id: int, event: Event) -> int:
    """queue() for one person, read in the caller's transaction."""
    return queue(tx, [tx.get_one(ServiceUser, person_id)], [event])
