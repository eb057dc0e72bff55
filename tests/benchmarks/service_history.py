"""Ten years of a large service, planned in memory for generate.py: who came when, their
referrals, places and waiting-list entries, as rows ready for bulk insertion.

A real service's dates: it grows over the years (about three times as many contacts a year at
the end as at the start), is busiest in January and quietest in August and at Christmas, and
takes referrals on working days. Each person comes back for one or more episodes; each episode
is a referral to the group their assessment suits and sometimes to others they are eligible for
(checked with the real eligibility rules). Groups open and retire over the years.

The volumes the scale issue names (20,000 people, 15,000 places, 500,000 marks in ten years)
are more than groups of twelve can hold, so places that ended before today overlap beyond each
group's capacity; the places running today and the live waiting lists keep within it. Seeded:
the same arguments give the same rows. Registers and the audit trail: registers_history.py.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from itertools import accumulate
from typing import Any

from fictitious_people import SOURCES, People
from service_records import BookedPlace, GroupPlan, History, Referral, WaitingEntry

from recovery_desk.domain.places.finishing import REACHED_END
from recovery_desk.eligibility import check_group, parse_profile
from recovery_desk.identifiers import search_key
from recovery_desk.schedule.phrases import format_date
from recovery_desk.vocabulary import Outcome, PlaceStatus, WaitingStatus

SEASON = {1: 1.3, 2: 1.15, 3: 1.05, 4: 1.0, 5: 1.0, 6: 0.95, 7: 0.9, 8: 0.7, 9: 1.05,
          10: 1.05, 11: 1.0, 12: 0.75}
SHARE = {"abstinence_day_programme": 26, "reduced_drinking": 22, "recovery_skills": 20,
         "abstinent_emotions": 10, "msm": 4, "low_dose": 4, "medication_reduction": 4}
"""How often a group is the one an assessment points to, by eligibility rule (others: 6)."""
EPISODES = (0.3, 0.27, 0.2, 0.13, 0.1)
"""Chance of one, two, ... five episodes of treatment over the years."""
PLACE_CHANCE = 0.6
LEFT_EARLY = ("Stopped attending", "Moved out of the area", "Started residential rehab",
              "Went back to work; evenings only now", "Asked to leave the group for now",
              "Admitted to hospital")
DISCHARGED = ("Discharged after repeated did-not-attends", "Group agreement broken")
STALE_SHARE = 0.15
"""Of places that reached their end, the share still `active` (left so by older versions)."""


def working_days(first: date, last: date) -> tuple[list[date], list[float]]:
    """Every weekday from first to last with its cumulative weight (growth times season)."""
    days, weights = [], []
    span = max(1, (last - first).days)
    day = first
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
            weights.append((0.35 + 0.65 * (day - first).days / span) * SEASON[day.month])
        day += timedelta(days=1)
    return days, list(accumulate(weights))


class Planner:
    def __init__(self, rng: random.Random, today: date, first: date, groups: list[GroupPlan],
                 keyworkers: list[int], next_ids: dict[str, int]) -> None:
        self.rng, self.today, self.first = rng, today, first
        self.groups, self.keyworkers, self.next_ids = groups, keyworkers, next_ids
        self.people = People(rng)
        self.history = History()
        self._checks: dict[tuple[int, int], Any] = {}
        self._profiles: dict[int, Any] = {}
        self._until: dict[tuple[int, int], date] = {}
        """Per person and group, the last day of their latest place: places never overlap."""

    # ------------------------------------------------------------ people and referrals
    def plan_people(self, count: int) -> None:
        rng, today = self.rng, self.today
        days, weights = working_days(self.first, today - timedelta(days=1))
        firsts = sorted(rng.choices(days, cum_weights=weights, k=count))
        person_id = self.next_ids["service_users"]
        referrals: list[Referral] = []
        for first in firsts:
            episodes = [first]
            for _ in range(rng.choices(range(1, 6), EPISODES)[0] - 1):
                gap = int(90 * 16 ** rng.random())  # three months to four years
                later = episodes[-1] + timedelta(days=gap)
                if later >= today:
                    break
                episodes.append(later + timedelta(days=(7 - later.weekday()) % 7
                                                  if later.weekday() > 4 else 0))
            episodes = [e for e in episodes if e < today]
            primaries = [self._primary(e) for e in episodes]
            if None in primaries:
                continue
            last = primaries[-1]
            assert last is not None
            born = self.people.born(first)
            sex, msm = self.people.sex_and_msm(last.details.eligibility_rule)
            profile = self.people.profile(last.details.eligibility_rule, born, sex, msm,
                                          episodes[-1])
            given, family = self.people.name()
            keyworker = self._keyworker(first)
            self.history.people.append({
                "id": person_id, "given_name": given, "family_name": family,
                "preferred_name": "", "given_key": search_key(given),
                "family_key": search_key(family), "preferred_key": "",
                "date_of_birth": born, "sex": sex, "msm": msm,
                "nhs_number": self.people.nhs_number(), "postcode": self.people.postcode(),
                "phone": self.people.phone(), "emergency_contact": "",
                "keyworker_id": keyworker, "referral_source": rng.choice(SOURCES),
                "consent_to_store": True, "access_needs": "", "notes": "", "profile": profile,
                "created_at": datetime.combine(first, time(9)) + timedelta(
                    minutes=rng.randint(0, 170), seconds=rng.randint(0, 59))})
            self._profiles[person_id] = (parse_profile(profile, episodes[-1]), episodes[-1])
            for day, primary in zip(episodes, primaries, strict=True):
                assert primary is not None
                referrals += self._referrals(person_id, keyworker, day, primary)
            person_id += 1
        referrals.sort(key=lambda r: (r.made_on, r.person_id))
        for number, referral in enumerate(referrals, start=self.next_ids["referrals"]):
            referral.id = number
        self.history.referrals = referrals

    def _open_on(self, day: date) -> list[GroupPlan]:
        return [g for g in self.groups if g.opened <= day < g.closes]

    def _primary(self, day: date) -> GroupPlan | None:
        groups = self._open_on(day)
        if not groups:
            return None
        weights = [SHARE.get(g.details.eligibility_rule, 6) for g in groups]
        return self.rng.choices(groups, weights)[0]

    def _keyworker(self, day: date) -> int:
        # Keyworkers come and go: the earlier ones mostly saw the earlier people.
        share = (day - self.first).days / max(1, (self.today - self.first).days)
        index = min(len(self.keyworkers) - 1,
                    max(0, int(share * len(self.keyworkers)) + self.rng.randint(-3, 3)))
        return self.keyworkers[index]

    def check(self, person_id: int, group: GroupPlan) -> Any:
        key = (person_id, group.id)
        if key not in self._checks:
            profile, assessed = self._profiles[person_id]
            self._checks[key] = check_group(profile, group.details, assessed)
        return self._checks[key]

    def _referrals(self, person_id: int, keyworker: int, day: date,
                   primary: GroupPlan) -> list[Referral]:
        rng = self.rng
        extra = rng.choices((0, 1, 2), (0.1, 0.4, 0.5))[0]
        others = [g for g in self._open_on(day) if g is not primary]
        rng.shuffle(others)
        chosen = [primary]
        for group in others:
            # Other groups only where the rules say eligible outright, not "needs review".
            if len(chosen) > extra:
                break
            if self.check(person_id, group).outcome is Outcome.ELIGIBLE:
                chosen.append(group)
        made = []
        for group in chosen:
            result = self.check(person_id, group)
            if not result.can_refer:
                continue
            review = result.outcome is Outcome.NEEDS_REVIEW
            made.append(Referral(day, person_id, group, keyworker, result.outcome,
                                 list(result.reasons),
                                 "Discussed at assessment (generated record)." if review else "",
                                 group is primary))
        return made

    # ------------------------------------------------------------ places
    def plan_places(self) -> None:
        """Places that ended before today, and, per group, the referrals that could run now."""
        rng, today = self.rng, self.today
        recent: dict[int, list[Referral]] = {}
        for referral in self.history.referrals:
            if not referral.primary or rng.random() > PLACE_CHANCE:
                continue
            place = self._past_place(referral)
            if place is None:
                if referral.made_on > today - timedelta(weeks=30):
                    recent.setdefault(referral.group.id, []).append(referral)
                continue
            self._keep(place)
            if rng.random() < 0.35:
                self.history.waiting.append(WaitingEntry(
                    referral.group, referral.person_id, referral.made_on,
                    WaitingStatus.ACCEPTED, rng.randint(1, 6),
                    f"Accepted on {format_date(place.booked_on)}.", decided_on=place.booked_on))
        for referral in self.history.referrals:
            if referral.primary and referral.made_on < today - timedelta(weeks=30) \
                    and rng.random() < 0.08:
                self.history.waiting.append(self._closed_entry(referral))
        for group in self.groups:
            if group.details.active:
                self._places_now(group, recent.get(group.id, []))
        self._finish_stale()
        self.history.places.sort(key=lambda p: (p.booked_on, p.person_id))
        for number, place in enumerate(self.history.places, start=self.next_ids["enrolments"]):
            place.id = number
        self.history.waiting.sort(key=lambda w: (w.added_on, w.person_id))
        for number, entry in enumerate(self.history.waiting,
                                       start=self.next_ids["waiting_list_entries"]):
            entry.id = number

    def _start(self, referral: Referral) -> date | None:
        group = referral.group
        start = group.next_date(referral.made_on + timedelta(days=self.rng.randint(3, 42)))
        if start is None or start >= group.closes:
            return None
        until = self._until.get((referral.person_id, group.id))
        return start if until is None or until < start else None

    def _keep(self, place: BookedPlace) -> None:
        self.history.places.append(place)
        self._until[(place.person_id, place.group.id)] = max(
            d for d in (place.start, place.ended_on, place.expected_end, place.member_until)
            if d is not None)

    def _past_place(self, referral: Referral) -> BookedPlace | None:
        rng, group = self.rng, referral.group
        start = self._start(referral)
        if start is None:
            return None
        booked = min(start, referral.made_on + timedelta(days=rng.randint(0, 3)))
        planned = group.expected_end(start)
        end = planned or start + timedelta(weeks=rng.randint(8, 52))
        roll = rng.random()
        place = BookedPlace(referral.person_id, group, referral.id, booked, start, planned,
                      PlaceStatus.COMPLETED)
        if roll < 0.62:
            place.ended_on = place.member_until = end
            place.end_reason = REACHED_END if planned else "Completed the group"
            if planned and rng.random() < STALE_SHARE:
                place.status, place.ended_on, place.end_reason = PlaceStatus.ACTIVE, None, ""
        else:
            held = group.between(start, end) or [start]
            stayed = held[min(len(held) - 1, int(len(held) * rng.random() ** 0.7))]
            place.member_until = stayed
            place.ended_on = stayed + timedelta(days=rng.randint(1, 10))
            place.stopped_coming = rng.random() < 0.6
            if roll < 0.94:
                place.status, place.end_reason = PlaceStatus.WITHDRAWN, rng.choice(LEFT_EARLY)
            else:
                place.status, place.end_reason = PlaceStatus.DISCHARGED, \
                    rng.choice(DISCHARGED)
        last = place.ended_on or place.expected_end
        if last is None or last >= self.today:
            return None
        if group.retired_on is not None and last >= group.retired_on:
            return None
        return place

    def _closed_entry(self, referral: Referral) -> WaitingEntry:
        rng = self.rng
        decided = referral.made_on + timedelta(days=rng.randint(7, 60))
        if rng.random() < 0.5:
            return WaitingEntry(referral.group, referral.person_id, referral.made_on,
                                WaitingStatus.REMOVED, rng.randint(1, 8),
                                "Removed: no longer wants a place", decided_on=decided)
        why = rng.choice(("Found work", "Prefers one-to-one support", "Moved away"))
        return WaitingEntry(referral.group, referral.person_id, referral.made_on,
                            WaitingStatus.DECLINED, rng.randint(1, 8),
                            f"Declined on {format_date(decided)}: {why}", decided_on=decided)

    def _places_now(self, group: GroupPlan, candidates: list[Referral]) -> None:
        """Places running today (or starting within a fortnight) within capacity, their starts
        spread over the weeks before; the busiest group is full and has a waiting list of the
        people referred most recently."""
        rng, today = self.rng, self.today
        full = SHARE.get(group.details.eligibility_rule, 0) == max(SHARE.values())
        target = group.details.capacity if full else \
            round(group.details.capacity * rng.uniform(0.5, 0.9))
        people = {r.person_id: r for r in sorted(candidates, key=lambda r: r.made_on)}
        runnable = []
        for referral in people.values():
            start = self._start(referral)
            planned = group.expected_end(start) if start is not None else None
            if start is not None and start <= today + timedelta(days=14) \
                    and (planned is None or planned >= today):
                runnable.append((referral, start, planned))
        rng.shuffle(runnable)
        for referral, start, planned in runnable[:target]:
            booked = min(today, start, referral.made_on + timedelta(days=rng.randint(0, 3)))
            self._keep(BookedPlace(referral.person_id, group, referral.id, booked, start, planned,
                             PlaceStatus.ACTIVE, member_until=today - timedelta(days=1)))
            del people[referral.person_id]
        if full and len(runnable) >= target:
            # Never anyone whose earlier place might still be `active`: joining would fail.
            latest = sorted((r for r in people.values()
                             if (r.person_id, group.id) not in self._until),
                            key=lambda r: r.made_on)[-5:]
            for position, referral in enumerate(latest, start=1):
                self.history.waiting.append(WaitingEntry(
                    group, referral.person_id, referral.made_on, WaitingStatus.WAITING,
                    position))

    def _finish_stale(self) -> None:
        """A booking finishes the person's ended place in that group first (as place_rules
        does), so at most one place per person and group is active."""
        latest: dict[tuple[int, int], BookedPlace] = {}
        for place in sorted(self.history.places, key=lambda p: p.start):
            if place.status is not PlaceStatus.ACTIVE:
                continue
            key = (place.person_id, place.group.id)
            earlier = latest.get(key)
            if earlier is not None:
                earlier.status, earlier.ended_on = PlaceStatus.COMPLETED, earlier.expected_end
                earlier.end_reason = REACHED_END
            latest[key] = place
