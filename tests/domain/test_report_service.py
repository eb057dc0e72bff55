"""The group-work report against figures counted by hand on a small December built here: a
closed session, a corrected register mark, early exits, a booking cancelled before it started,
a place that reached its end, and a wait on a waiting list that ended after the period.

December 2026, Reduced Drinking Programme (Mon and Wed 11am): planned 2, 7, 9, 14, 16, 21, 23,
28, 30 Dec; closed 16 Dec (staff training, this group only) and 28 Dec (bank holiday).
Recovery Skills (Tue and Fri 11am): planned 1, 4, 8, 11, 15, 18, 22, 25, 29 Dec; closed 25 Dec.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

from recovery_desk.domain.operations.setup import open_database
from recovery_desk.domain.people import intake_service as intake
from recovery_desk.domain.places import booking_service
from recovery_desk.domain.places import register_service as registers
from recovery_desk.domain.places import waiting_list_service as waiting
from recovery_desk.domain.places.finishing import sweep
from recovery_desk.domain.reports.report_figures import JSON_KEYS, TOTAL
from recovery_desk.domain.reports.report_service import quarter_before, report, report_groups
from recovery_desk.domain.service import catalogue_service, closure_service
from recovery_desk.domain.store import audit
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError, NotAllowedError, NotFoundError
from recovery_desk.vocabulary import AttendanceMark, StaffRole
from tests.backends import Target, staff_row
from tests.conftest import CATALOGUE

FIRST, LAST = date(2026, 12, 1), date(2026, 12, 31)
RDP, RS = "Reduced Drinking Programme", "Recovery Skills"
ASSESSMENT = {"substances": [{"name": "alcohol", "days_used_last_28": 12}],
              "goals": ["reduce_drinking", "change_use"]}
ATT, LATE, APOL, DNA = (AttendanceMark.ATTENDED, AttendanceMark.LATE, AttendanceMark.APOLOGIES,
                        AttendanceMark.DID_NOT_ATTEND)


_DECEMBER_IDS: dict[str, dict[str, int]] = {}


def _december_database(target: Target) -> dict[str, int]:
    db, actor = open_database(target, CATALOGUE, today=date(2026, 11, 27))
    keyworker_id = staff_row(db, "kw", "Kay Worker", StaffRole.KEYWORKER)
    with pytest.MonkeyPatch.context() as monkeypatch:
        ids = _build_december(db, actor, keyworker_id, monkeypatch)
    db.dispose()
    return ids


@pytest.fixture
def december_database(backend, tmp_path: Path) -> Iterator[Target]:
    """The December database, built once per backend; each test gets its own copy."""
    def build(target: Target) -> None:
        _DECEMBER_IDS[backend.name] = _december_database(target)

    target = backend.copy("december", build, tmp_path)
    yield target
    backend.discard(target)


@pytest.fixture
def db_path(december_database: Target) -> Target:
    return december_database


@pytest.fixture
def december(backend, december_database: Target) -> dict[str, int]:
    return _DECEMBER_IDS[backend.name]


def _build_december(db: Database, actor: Actor, keyworker_id: int,
                    monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    groups = {g.name: g for g in catalogue_service.list_groups(db, actor)}
    rdp, rs = groups[RDP].id, groups[RS].id
    catalogue_service.update_group(db, actor, replace(groups[RS], capacity=1))
    closure_service.add_closure(db, actor, date(2026, 12, 16), date(2026, 12, 16),
                                "Staff training", rdp)
    numbers = iter(range(100))

    def person(group: int, referred: date, born: date = date(1980, 1, 1),
               sex: str = "male") -> int:
        return intake.save_intake(db, actor, intake.PersonDetails(
            given_name=f"P{next(numbers)}", family_name="Test", date_of_birth=born, sex=sex,
            keyworker_id=keyworker_id, consent_to_store=True, assessment=ASSESSMENT),
            [intake.ReferralRequest(group)], referred)

    def book(who: int, group: int, on: date) -> int:
        return booking_service.book(db, actor, who, group, on).enrolment_id

    # Reduced Drinking Programme. F started in September and reaches its end on 14 Dec.
    f = book(person(rdp, date(2026, 9, 18)), rdp, date(2026, 9, 18))
    e = book(person(rdp, date(2026, 11, 20)), rdp, date(2026, 11, 20))       # starts 23 Nov
    # Starters on Wed 2 Dec, waits 10, 7 and 1 days; A turns 25 that day, B is 24.
    a = book(person(rdp, date(2026, 11, 22), date(2001, 12, 2), "female"), rdp, date(2026, 12, 1))
    b = book(person(rdp, date(2026, 11, 25), date(2001, 12, 3)), rdp, date(2026, 12, 1))
    c = book(person(rdp, date(2026, 12, 1), sex="not_stated"), rdp, date(2026, 12, 1))
    registers.record(db, actor, rdp, date(2026, 12, 2), {a: ATT, b: LATE, c: DNA, e: ATT,
                                                         f: APOL}, date(2026, 12, 2))
    registers.record(db, actor, rdp, date(2026, 12, 2), {c: ATT}, date(2026, 12, 2))  # a correction
    registers.record(db, actor, rdp, date(2026, 12, 7), {a: ATT, b: DNA, c: ATT, e: DNA,
                                                         f: ATT}, date(2026, 12, 7))
    booking_service.leave(db, actor, e, booking_service.Leaving.WITHDRAWN, "Moved away",
                          date(2026, 12, 9))
    d = book(person(rdp, date(2026, 12, 1), date(1960, 6, 1)), rdp, date(2026, 12, 10))
    h = book(person(rdp, date(2026, 12, 10)), rdp, date(2026, 12, 10))      # would start 14 Dec
    booking_service.leave(db, actor, h, booking_service.Leaving.WITHDRAWN, "Changed mind",
                          date(2026, 12, 11))
    registers.record(db, actor, rdp, date(2026, 12, 14), {a: ATT, b: ATT, c: DNA, d: ATT,
                                                          f: ATT}, date(2026, 12, 14))
    booking_service.leave(db, actor, c, booking_service.Leaving.DISCHARGED, "Service rules",
                          date(2026, 12, 17))
    sweep(db, actor, date(2027, 1, 4))                                      # F completes

    # Recovery Skills, one place: W1 holds it; W2 waits from 20 Nov, W3 from 5 Dec.
    w1 = book(person(rs, date(2026, 11, 17)), rs, date(2026, 11, 17))      # starts 20 Nov
    w2 = person(rs, date(2026, 11, 18), date(1990, 5, 5), "intersex")
    waiting.join(db, actor, w2, rs, date(2026, 11, 20))
    waiting.join(db, actor, person(rs, date(2026, 12, 5)), rs, date(2026, 12, 5))
    booking_service.leave(db, actor, w1, booking_service.Leaving.WITHDRAWN, "Found work",
                          date(2026, 12, 10))                                 # offered to W2
    entry = next(r for r in waiting.entries(db, actor, rs) if r.person_id == w2)
    monkeypatch.setattr(audit, "utc_now", lambda: datetime(2026, 12, 12, 10, 0))
    waiting.accept(db, actor, entry.entry_id, date(2026, 12, 12))          # starts Tue 15 Dec
    return {"rdp": rdp, "rs": rs}


def _figures(db: Database, actor: Actor, ids: dict[str, int], first: date = FIRST,
             last: date = LAST):
    made = report(db, actor, first, last, [ids["rdp"], ids["rs"]], date(2027, 1, 4))
    return {g.group: g.values for g in (*made.groups, made.total)}, made


def _group(made, name):
    return next(g for g in made.groups if g.group == name)


def test_sessions_planned_closed_and_run(db, actor, december) -> None:
    figures, made = _figures(db, actor, december)
    assert [(figures[g]["sessions_planned"], figures[g]["sessions_closed"],
             figures[g]["sessions_run"]) for g in (RDP, RS, TOTAL)] == [(9, 2, 3), (9, 1, 0),
                                                                         (18, 3, 3)]
    assert _group(made, RDP).closures == {"Staff training": 1,
                                       "Bank holiday: Boxing Day (observed)": 1}
    assert made.total.closures["Bank holiday: Christmas Day"] == 1


def test_places_starters_completions_and_early_exits(db, actor, december) -> None:
    """The booking cancelled before its first session is neither a starter nor an exit."""
    figures, _ = _figures(db, actor, december)
    keys = ("places_at_start", "starters", "completed", "left_early", "withdrawn", "discharged",
            "places_at_end")
    assert [figures[RDP][k] for k in keys] == [2, 4, 1, 2, 1, 1, 3]
    assert [figures[RS][k] for k in keys] == [1, 1, 0, 1, 1, 0, 1]
    assert [figures[TOTAL][k] for k in keys] == [3, 5, 1, 3, 2, 1, 4]


def test_register_marks_count_the_correction_once(db, actor, december) -> None:
    figures, _ = _figures(db, actor, december)
    rdp = figures[RDP]
    assert [rdp[k] for k in ("marks", "attended", "late", "apologies", "did_not_attend")] == [
        15, 10, 1, 1, 3]
    assert figures[RS]["marks"] == 0


def test_each_rate_is_what_its_definition_says(db, actor, december) -> None:
    """Attendance: (attended + late) over marks; did-not-attend: DNAs over marks, apologies
    apart; no marks, no rate."""
    figures, made = _figures(db, actor, december)
    definitions = {f.key: f.definition for f in made.figures()}
    assert definitions["attendance_rate"].startswith("(Attended + late) ÷ register marks")
    assert definitions["dna_rate"].startswith("Did not attend ÷ register marks; apologies are "
                                              "not did-not-attends")
    assert figures[RDP]["attendance_rate"] == pytest.approx(11 / 15)
    assert figures[RDP]["dna_rate"] == pytest.approx(3 / 15)
    assert figures[RS]["attendance_rate"] is None and figures[RS]["dna_rate"] is None
    assert figures[TOTAL]["attendance_rate"] == pytest.approx(11 / 15)


def test_waits_from_referral_to_first_session(db, actor, december) -> None:
    """RDP waits 1, 7, 10, 13: median the mean of 7 and 10; 90th percentile rank 4 of 4.
    Recovery Skills: 27 days, four weeks of them on the waiting list. All: 1, 7, 10, 13, 27."""
    figures, made = _figures(db, actor, december)
    definitions = {f.key: f.definition for f in made.figures()}
    assert "the mean of the middle two" in definitions["wait_days_median"]
    assert "rank ⌈0.9 × n⌉" in definitions["wait_days_p90"]
    assert [figures[RDP][k] for k in ("waits", "wait_days_median", "wait_days_p90")] == [
        4, 8.5, 13]
    assert [figures[RS][k] for k in ("waits", "wait_days_median", "wait_days_p90")] == [
        1, 27, 27]
    assert [figures[TOTAL][k] for k in ("waits", "wait_days_median", "wait_days_p90")] == [
        5, 10, 27]


def test_the_waiting_list_at_the_end_of_the_period(db, actor, december) -> None:
    """At 31 Dec only W3 waits (since 5 Dec). At 10 Dec W2 was still waiting too: they accepted
    on 12 Dec, after that period ended."""
    figures, _ = _figures(db, actor, december)
    assert (figures[RS]["waiting_at_end"], figures[RS]["longest_wait_at_end"]) == (1, 26)
    assert (figures[RDP]["waiting_at_end"], figures[RDP]["longest_wait_at_end"]) == (0, None)
    early, _ = _figures(db, actor, december, last=date(2026, 12, 10))
    assert (early[RS]["waiting_at_end"], early[RS]["longest_wait_at_end"]) == (2, 20)
    assert (early[TOTAL]["waiting_at_end"], early[TOTAL]["longest_wait_at_end"]) == (2, 20)


def test_starters_by_sex_and_age_on_their_first_day(db, actor, december) -> None:
    figures, _ = _figures(db, actor, december)
    rdp = {k: v for k, v in figures[RDP].items() if k.startswith(("sex:", "age:")) and v}
    assert rdp == {"sex:female": 1, "sex:male": 2, "sex:not_stated": 1, "age:25_34": 1,
                   "age:under_25": 1, "age:45_54": 1, "age:65_over": 1}
    assert figures[RS]["sex:intersex"] == 1 and figures[RS]["age:35_44"] == 1
    assert figures[TOTAL]["sex:male"] == 2 and figures[TOTAL]["age:45_54"] == 1


def test_attendance_by_week(db, actor, december) -> None:
    """Weeks start on Mondays: 30 Nov (2 Dec: 4 of 5), 7 Dec (3 of 5), 14 Dec (4 of 5)."""
    _, made = _figures(db, actor, december)
    weeks = _group(made, RDP).weeks
    assert [(w.monday, w.attended, w.marks) for w in weeks[:4]] == [
        (date(2026, 11, 30), 4, 5), (date(2026, 12, 7), 3, 5), (date(2026, 12, 14), 4, 5),
        (date(2026, 12, 21), 0, 0)]
    assert weeks[3].rate is None and len(weeks) == 5
    assert [w.marks for w in made.total.weeks] == [5, 5, 5, 0, 0]


def test_the_json_shape(db, actor, december) -> None:
    _, made = _figures(db, actor, december)
    shape = made.as_json()
    assert list(shape) == ["from", "to", "groups", "total"]
    assert list(shape["groups"][0]) == ["group", "retired", *JSON_KEYS]
    assert list(shape["total"]) == list(JSON_KEYS)
    assert [g["group"] for g in shape["groups"]] == [RS, RDP]
    assert shape["groups"][1]["attendance_rate"] == round(11 / 15, 4)
    assert shape["groups"][0]["attendance_rate"] is None


def test_the_report_names_nobody(db, actor, december) -> None:
    _, made = _figures(db, actor, december)
    text = repr(made)
    assert "Test" not in text and "P1 " not in text


def test_reports_need_the_permission_and_a_sound_period(db, actor, december) -> None:
    reception = Actor(actor.staff_id, "Rae Reception", StaffRole.RECEPTION)
    with pytest.raises(NotAllowedError, match="Only keyworker or service manager staff"):
        report(db, reception, FIRST, LAST, [december["rdp"]], LAST)
    with pytest.raises(NotAllowedError):
        report_groups(db, reception)
    with pytest.raises(DomainError, match="The period runs backwards: Thu 31 Dec 2026 is after"):
        report(db, actor, LAST, FIRST, [december["rdp"]], LAST)
    with pytest.raises(DomainError, match="Choose at least one group"):
        report(db, actor, FIRST, LAST, [], LAST)
    with pytest.raises(NotFoundError, match="no longer exists"):
        report(db, actor, FIRST, LAST, [december["rdp"], 9999], LAST)


def test_the_groups_a_report_can_cover_include_retired_ones(db, actor) -> None:
    msm = next(g for g in catalogue_service.list_groups(db, actor) if g.name == "MSM Group")
    catalogue_service.set_group_active(db, actor, msm.id, False, date(2026, 12, 10))
    groups = report_groups(db, actor)
    assert groups[-1].name == "MSM Group" and not groups[-1].active
    # Retired on 10 Dec: its 3 Dec session was planned, the 17 Dec one was not.
    made = report(db, actor, FIRST, LAST, [msm.id], LAST)
    assert made.groups[0].values["sessions_planned"] == 1


def test_a_retired_group_that_met_in_the_period_is_counted_by_default(
        db, actor, december) -> None:
    """Recovery Skills, retired after December, had places and waits in it: counted and
    marked retired. MSM, retired before December, met in none of it: left out."""
    groups = {g.name: g for g in catalogue_service.list_groups(db, actor)}
    catalogue_service.set_group_active(db, actor, december["rs"], False, date(2027, 1, 2))
    catalogue_service.set_group_active(db, actor, groups["MSM Group"].id, False,
                                       date(2026, 11, 28))
    known = {g.name: g for g in report_groups(db, actor, FIRST, LAST)}
    assert (known[RS].active, known[RS].met, known[RS].counted_by_default) == (False, True, True)
    assert known[RS].label == "Recovery Skills (retired)"
    assert not known["MSM Group"].met and not known["MSM Group"].counted_by_default
    assert known[RDP].counted_by_default
    # A period in which MSM still met (its 5 Nov session) counts it too.
    assert {g.name: g.met for g in report_groups(db, actor, date(2026, 11, 1),
                                                 date(2026, 11, 30))}["MSM Group"]

    ids = [g.group_id for g in known.values() if g.counted_by_default]
    made = report(db, actor, FIRST, LAST, ids, date(2027, 1, 4))
    assert "Recovery Skills (retired)" in made.columns
    assert not any(c.startswith("MSM") for c in made.columns)
    retired = next(g for g in made.groups if g.group == RS)
    assert retired.values["starters"] == 1 and retired.values["waiting_at_end"] == 1
    assert next(g for g in made.as_json()["groups"] if g["group"] == RS)["retired"] is True


def test_a_retired_group_with_only_a_waiting_list_in_the_period_is_counted(
        db, actor, december) -> None:
    """Retired on 11 Dec, Recovery Skills had no session and no place running on 13 and 14
    Dec (W2's starts on the 15th), but W3 was waiting for it: it met in those days."""
    catalogue_service.set_group_active(db, actor, december["rs"], False, date(2026, 12, 11))
    known = {g.name: g for g in report_groups(db, actor, date(2026, 12, 13),
                                               date(2026, 12, 14))}
    assert known[RS].met and not known[RS].active
    made = report(db, actor, date(2026, 12, 13), date(2026, 12, 14), [december["rs"]],
                  date(2027, 1, 4))
    assert made.groups[0].values["waiting_at_end"] == 1
    assert made.groups[0].values["starters"] == made.groups[0].values["places_at_end"] == 0


@pytest.mark.parametrize(("day", "quarter"), [
    (date(2026, 11, 27), (date(2026, 7, 1), date(2026, 9, 30))),
    (date(2027, 1, 4), (date(2026, 10, 1), date(2026, 12, 31))),
    (date(2027, 4, 1), (date(2027, 1, 1), date(2027, 3, 31))),
])
def test_the_default_period_is_the_last_whole_quarter(day: date,
                                                      quarter: tuple[date, date]) -> None:
    assert quarter_before(day) == quarter
