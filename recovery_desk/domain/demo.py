"""The demo service: fictitious keyworkers, service users, referrals, places and waiting lists,
dated around the day the demo is made so the timetable looks alive. Only ever written into a
new database that setup.open_database marks as the demo."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from recovery_desk.domain.group_rows import details_of
from recovery_desk.domain.models import (
    Closure,
    Enrolment,
    Group,
    Referral,
    ServiceUser,
    Staff,
    WaitingListEntry,
)
from recovery_desk.domain.staff import Actor
from recovery_desk.eligibility import check_group, parse_profile
from recovery_desk.schedule.closures import bank_holidays, sessions
from recovery_desk.schedule.end_dates import nth_session_end, rolling_end
from recovery_desk.vocabulary import EnrolmentStatus, Outcome, StaffRole, WaitingStatus

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


def fill_demo(session: Session, actor: Actor, today: date) -> None:
    from recovery_desk.domain.accounts import HASHER

    rng = random.Random(2026)
    hashed = HASHER.hash(DEMO_PASSWORD)
    for username, name, role in DEMO_ACCOUNTS:
        session.add(Staff(username=username, display_name=name, role=role, active=True,
                          password_hash=hashed))
    keyworkers = []
    for name in KEYWORKERS + RECEPTION:
        role = StaffRole.RECEPTION if name in RECEPTION else StaffRole.KEYWORKER
        staff = Staff(username=name.split()[0].lower(), display_name=name, role=role, active=True)
        session.add(staff)
        if role is StaffRole.KEYWORKER:
            keyworkers.append(staff)
    session.flush()
    training = today + timedelta(days=(2 - today.weekday()) % 7 + 14)  # a Wednesday
    session.add(Closure(group_id=None, first_day=training, last_day=training,
                        reason="Staff training day", created_by_id=actor.staff_id))
    groups = {g.name: g for g in session.scalars(select(Group))}
    names = [(g, f) for g in GIVEN for f in FAMILY]
    rng.shuffle(names)
    closures = bank_holidays(today - timedelta(days=400), today + timedelta(days=800))
    for group_name, (placed, waiting) in FILL.items():
        group = groups[group_name]
        details = details_of(group)
        past_sessions = [s.date for s in sessions(group.id, details.schedule,
                                                  today - timedelta(weeks=11), today, closures)
                         if s.runs]
        for index in range(placed + waiting):
            given, family = names.pop()
            person = _person(given, family, group_name, today, rng, rng.choice(keyworkers))
            session.add(person)
            session.flush()
            made_on = today - timedelta(days=rng.randint(14, 90))
            result = check_group(parse_profile(person.profile, today), details, today)
            referral = Referral(service_user_id=person.id, group_id=group.id,
                                keyworker_id=person.keyworker_id, made_on=made_on,
                                outcome=result.outcome, reasons=list(result.reasons),
                                justification="" if result.outcome is Outcome.ELIGIBLE else
                                "Discussed at assessment (demo record).")
            session.add(referral)
            session.flush()
            if index >= placed:
                session.add(WaitingListEntry(group_id=group.id, service_user_id=person.id,
                                             position=index - placed + 1,
                                             added_on=today - timedelta(days=rng.randint(1, 20)),
                                             status=WaitingStatus.WAITING))
                continue
            start = rng.choice(past_sessions) if past_sessions else today
            if details.length_sessions:
                end = nth_session_end(group.id, details.schedule, start, details.length_sessions,
                                      lambda first, last: closures)
            elif details.length_weeks:
                end = rolling_end(start, details.length_weeks)
            else:
                end = None
            session.add(Enrolment(service_user_id=person.id, group_id=group.id,
                                  referral_id=referral.id, start_date=start,
                                  expected_end_date=end, status=EnrolmentStatus.ACTIVE,
                                  booked_by_id=actor.staff_id))


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
