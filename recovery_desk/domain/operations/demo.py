"""The demo service: fictitious keyworkers, service users, referrals, places, waiting lists
and a few months of registers, dated around the day the demo is made so the timetable, the
person record's history and the keyworker's flag all look alive. Only ever written into a
new database that setup.open_database marks as the demo."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from recovery_desk import identifiers
from recovery_desk.catalogue.details import GroupDetails
from recovery_desk.catalogue.service_details import ServiceDetails
from recovery_desk.domain.messages.reminders import reminders_in
from recovery_desk.domain.service.group_rows import details_of
from recovery_desk.domain.service.service_details import KEYS as SERVICE_KEYS
from recovery_desk.domain.service.service_details import normalise
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.models import (
    Attendance,
    Closure,
    Group,
    GroupSession,
    Place,
    Referral,
    ServiceUser,
    Setting,
    Staff,
    WaitingListEntry,
)
from recovery_desk.eligibility import check_group, parse_profile
from recovery_desk.schedule.closures import ClosurePeriod, bank_holidays, sessions
from recovery_desk.schedule.end_dates import nth_session_end, rolling_end
from recovery_desk.vocabulary import (
    AttendanceMark,
    Outcome,
    PlaceStatus,
    StaffRole,
    WaitingStatus,
    Wording,
)

KEYWORKERS = ("Amara Okafor", "Tom Whitfield", "Priya Desai", "Sean Gallagher")
RECEPTION = ("Jo Bennett",)
GIVEN = ("Alex", "Sam", "Chris", "Jamie", "Morgan", "Robin", "Taylor", "Jordan", "Casey", "Riley",
         "Dani", "Kai", "Leigh", "Nico", "Ash", "Rowan", "Frankie", "Charlie", "Remi", "Sasha")
FAMILY = ("Ashworth", "Brennan", "Calloway", "Dunmore", "Ellery", "Fairbanks", "Greaves",
          "Hollis", "Ingram", "Jessop", "Kettering", "Lowther", "Marchetti", "Northcott",
          "Okonjo", "Pemberton", "Quayle", "Rudd", "Sandoval", "Treadwell")
# Group name -> (places filled, people waiting): the Abstinence Day Programme is full.
FILL = {"Abstinence Day Programme": (12, 3), "Reduced Drinking Programme": (9, 0),
        "Recovery Skills": (7, 0), "Abstinent Emotions": (5, 0), "MSM Group": (6, 0)}


def _profile(group_name: str, today: date, rng: random.Random) -> dict[str, Any]:
    profile: dict[str, Any] = {"substances": [], "abstinent_from_illicit_since": None,
                               "abstinent_from_all_since": None,
                               "substitute_medication": None, "goals": []}
    if group_name == "Abstinence Day Programme":
        profile["abstinent_from_illicit_since"] = str(today - timedelta(days=rng.randint(10, 90)))
        profile["goals"] = ["maintain_abstinence"]
    elif group_name == "Reduced Drinking Programme":
        profile["substances"] = [{"name": "alcohol", "days_used_last_28": rng.randint(8, 28)}]
        if rng.random() < 0.3:
            profile["substances"].append({"name": "cannabis",
                                          "days_used_last_28": rng.randint(1, 4)})
        profile["goals"] = [rng.choice(["reduce_drinking", "prepare_for_detox"])]
    elif group_name == "Abstinent Emotions":
        since = str(today - timedelta(days=rng.randint(40, 300)))
        profile.update(abstinent_from_illicit_since=since, abstinent_from_all_since=since,
                       goals=["maintain_abstinence"])
    elif group_name == "MSM Group":
        profile["substances"] = [{"name": rng.choice(["ghb_gbl", "methamphetamine",
                                                      "mephedrone"]),
                                  "days_used_last_28": rng.randint(1, 8)}]
        profile["goals"] = ["change_use"]
    else:
        profile["substances"] = [{"name": "cocaine", "days_used_last_28": rng.randint(2, 12)}]
        profile["goals"] = ["change_use"]
    return profile


DEMO_PASSWORD = "demo"
DEMO_ACCOUNTS = (("demo-manager", "Demo Manager", StaffRole.MANAGER),
                 ("demo-keyworker", "Demo Keyworker", StaffRole.KEYWORKER),
                 ("demo-reception", "Demo Reception", StaffRole.RECEPTION))
"""One account per role, so a newcomer can see each; they exist only in a demo database,
and their short shared password is the demo's, never a real service's."""


DEMO_SERVICE: dict[str, Any] = {  # str values, given to ServiceDetails by keyword
    "name": "Riverside Recovery Service (demo)",
    "address": "Unit 4, Example Yard\nAnytown\nAN1 1AA",
    "phone": "020 7946 0321",
}


def fill_demo(tx: Session, actor: Actor, today: date) -> None:
    """Write the whole demo into the transaction: the fictitious service and its staff, a
    training day, people referred to each group and placed or waiting, and their registers.
    One seeded generator, so every demo made on the same day is the same."""
    rng = random.Random(2026)
    _service_details(tx)
    keyworkers = _staff(tx)
    training = today + timedelta(days=(2 - today.weekday()) % 7 + 14)  # a Wednesday
    tx.add(Closure(group_id=None, first_day=training, last_day=training,
                   reason="Staff training day", created_by_id=actor.staff_id))
    groups = {g.name: g for g in tx.scalars(select(Group))}
    names = [(g, f) for g in GIVEN for f in FAMILY]
    rng.shuffle(names)
    closures = bank_holidays(today - timedelta(days=400), today + timedelta(days=800))
    places: list[tuple[Place, GroupDetails]] = []
    for group_name, (placed, waiting) in FILL.items():
        places += _fill_group(tx, actor, groups[group_name], placed, waiting, names, keyworkers,
                              closures, today, rng)
    tx.flush()
    _registers(tx, rng, places, closures, today, actor.staff_id)
    _reachable(tx, actor, [place.service_user_id for place, _ in places], today)


def _reachable(tx: Session, actor: Actor, placed: list[int], today: date) -> None:
    """Every fourth person with a place agreed to texts (a few to emails too, one to named
    messages), and the reminders for the next day with sessions are queued, so the outbox is
    filled. The mobiles are fictitious 07400 123xxx numbers, which the desk's validation
    accepts (Ofcom's 07700 900xxx drama range it rejects); emails are at example.org, a domain
    reserved for examples. Nothing is sent: the demo has no Notify key."""
    for number, person_id in enumerate(placed[::4]):
        person = tx.get_one(ServiceUser, person_id)
        person.mobile = identifiers.mobile(f"07400 123{number:03d}")
        person.texts_consent, person.texts_consent_on = True, today
        person.texts_consent_by_id = actor.staff_id
        if number % 3 == 0:
            person.email = f"{person.given_name.lower()}@example.org"
            person.emails_consent, person.emails_consent_on = True, today
            person.emails_consent_by_id = actor.staff_id
        person.wording = Wording.NAMED if number == 1 else Wording.DISCREET
    tx.flush()
    for ahead in range(1, 8):
        if reminders_in(tx, today + timedelta(days=ahead)):
            break


def _service_details(tx: Session) -> None:
    # A fictitious service's details, so the demo's appointment letters can be made: a street
    # that does not exist and a number from Ofcom's range kept for drama.
    service, problems = normalise(ServiceDetails(**DEMO_SERVICE))
    assert not problems, problems
    for field in DEMO_SERVICE:
        tx.add(Setting(key=SERVICE_KEYS[field], value=str(getattr(service, field))))


def _staff(tx: Session) -> list[Staff]:
    """The demo's sign-in accounts and its fictitious staff; returns the keyworkers."""
    from recovery_desk.domain.staff.passwords import HASHER

    hashed = HASHER.hash(DEMO_PASSWORD)
    for username, name, role in DEMO_ACCOUNTS:
        tx.add(Staff(username=username, display_name=name, role=role, active=True,
                     password_hash=hashed))
    keyworkers = []
    for name in KEYWORKERS + RECEPTION:
        role = StaffRole.RECEPTION if name in RECEPTION else StaffRole.KEYWORKER
        staff = Staff(username=name.split()[0].lower(), display_name=name, role=role, active=True)
        tx.add(staff)
        if role is StaffRole.KEYWORKER:
            keyworkers.append(staff)
    tx.flush()
    return keyworkers


def _fill_group(tx: Session, actor: Actor, group: Group, placed: int, waiting: int,
                names: list[tuple[str, str]], keyworkers: list[Staff],
                closures: list[ClosurePeriod], today: date,
                rng: random.Random) -> list[tuple[Place, GroupDetails]]:
    """People referred to the group: the first placed (started on a past session), the rest
    on its waiting list; returns the places made. Takes each person's name from names."""
    details = details_of(group)
    past_sessions = [s.date for s in sessions(group.id, details.schedule,
                                              today - timedelta(weeks=11), today, closures)
                     if s.runs]
    places: list[tuple[Place, GroupDetails]] = []
    for index in range(placed + waiting):
        given, family = names.pop()
        person = _person(given, family, group.name, today, rng, rng.choice(keyworkers))
        tx.add(person)
        tx.flush()
        start = rng.choice(past_sessions) if past_sessions else today
        # Referred before the place starts (a wait of one to six weeks).
        made_on = (start if index < placed else today) - timedelta(days=rng.randint(7, 42))
        referral = _referral(tx, person, group, details, made_on, today)
        if index >= placed:
            tx.add(WaitingListEntry(group_id=group.id, service_user_id=person.id,
                                    position=index - placed + 1,
                                    added_on=today - timedelta(days=rng.randint(1, 20)),
                                    status=WaitingStatus.WAITING))
            continue
        place = Place(service_user_id=person.id, group_id=group.id,
                          referral_id=referral.id, start_date=start,
                          expected_end_date=_expected_end(group.id, details, start, closures),
                          status=PlaceStatus.ACTIVE, booked_by_id=actor.staff_id)
        tx.add(place)
        places.append((place, details))
    return places


def _referral(tx: Session, person: ServiceUser, group: Group, details: GroupDetails,
              made_on: date, today: date) -> Referral:
    """The person's referral to the group with the outcome the rules give today; one that is
    not simply eligible carries a justification, as the desk would insist."""
    result = check_group(parse_profile(person.profile, today), details, today)
    referral = Referral(service_user_id=person.id, group_id=group.id,
                        keyworker_id=person.keyworker_id, made_on=made_on,
                        outcome=result.outcome, reasons=result.said(),
                        justification="" if result.outcome is Outcome.ELIGIBLE else
                        "Discussed at assessment (demo record).")
    tx.add(referral)
    tx.flush()
    return referral


def _expected_end(group_id: int, details: GroupDetails, start: date,
                  closures: list[ClosurePeriod]) -> date | None:
    """When a place starting on start is expected to end: after the group's number of
    sessions, after its number of weeks, or never (an open-ended group)."""
    if details.length_sessions:
        return nth_session_end(group_id, details.schedule, start, details.length_sessions,
                               lambda first, last: closures)
    if details.length_weeks:
        return rolling_end(start, details.length_weeks)
    return None


def _registers(tx: Session, rng: random.Random,
               places: list[tuple[Place, GroupDetails]], closures: list[ClosurePeriod],
               today: date, staff_id: int) -> None:
    """Every session that has run since each place started, marked as a desk would: mostly
    attended, some late or apologies, a few did-not-attends; one person three times in a row,
    so the keyworker's flag shows."""
    group_sessions: dict[tuple[int, date], GroupSession] = {}
    marks = (AttendanceMark.ATTENDED,) * 14 + (AttendanceMark.LATE,) * 3 + \
        (AttendanceMark.APOLOGIES, AttendanceMark.APOLOGIES, AttendanceMark.DID_NOT_ATTEND)
    flagged = False
    for place, details in places:
        assert place.group_id is not None
        held = [s.date for s in sessions(place.group_id, details.schedule, place.start_date,
                                         today - timedelta(days=1), closures) if s.runs]
        streak = not flagged and len(held) >= 4
        for number, day in enumerate(held):
            key = (place.group_id, day)
            if key not in group_sessions:
                group_sessions[key] = GroupSession(group_id=place.group_id, date=day,
                                             start_time=details.schedule.start,
                                             end_time=details.schedule.end)
                tx.add(group_sessions[key])
                tx.flush()
            mark = AttendanceMark.DID_NOT_ATTEND if streak and number >= len(held) - 3 \
                else rng.choice(marks)
            tx.add(Attendance(session_id=group_sessions[key].id, enrolment_id=place.id,
                                   mark=mark, recorded_by_id=staff_id,
                                   recorded_at=datetime.combine(day, datetime.min.time())))
        if streak:
            place.flagged_for_keyworker = flagged = True


def _test_nhs_number(rng: random.Random) -> str:
    """A number in the 999 range, which the NHS keeps for testing and never issues."""
    while True:
        digits = "999" + "".join(str(rng.randint(0, 9)) for _ in range(6))
        check = 11 - sum(int(d) * w for d, w in zip(digits, range(10, 1, -1), strict=True)) % 11
        if check != 10:
            return digits + str(0 if check == 11 else check)


def _person(given: str, family: str, group_name: str, today: date, rng: random.Random,
            keyworker: Staff) -> ServiceUser:
    born = date(rng.randint(1960, 2004), rng.randint(1, 12), rng.randint(1, 28))
    msm = True if group_name == "MSM Group" else rng.choice([False, None])
    sex = "male" if msm else rng.choice(["male", "female", "female", "not_stated"])
    profile = _profile(group_name, today, rng)
    profile.update(date_of_birth=str(born), sex=sex, msm=msm, keyworker_referral=True)
    return ServiceUser(
        given_name=given, family_name=family, date_of_birth=born, sex=sex, msm=msm,
        nhs_number=_test_nhs_number(rng), postcode=f"E{rng.randint(1, 9)} {rng.randint(1, 9)}"
        f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
        phone="", keyworker_id=keyworker.id, referral_source="Keyworker assessment",
        consent_to_store=True, profile=profile, created_at=datetime.combine(
            today - timedelta(days=rng.randint(20, 120)), datetime.min.time()),
    )
