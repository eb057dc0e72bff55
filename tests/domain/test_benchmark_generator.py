"""The benchmarks' large-database generator (tests/benchmarks/generate.py), run small: it makes
a database the desk can use, seeded, and says what is wrong with its arguments.

The benchmarks themselves are scripts pytest does not collect; this keeps their generator from
rotting silently as the schema and the rules change.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from recovery_desk.config import resource_path
from recovery_desk.domain.operations.setup import open_database
from recovery_desk.domain.people import intake_service, person_record_service
from recovery_desk.domain.places import review_service
from recovery_desk.eligibility import parse_profile

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"
TODAY = date(2026, 11, 27)
SMALL = ["--people", "200", "--years", "1", "--today", TODAY.isoformat()]


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database made by the command as a person runs it: 200 people, one year."""
    path = tmp_path_factory.mktemp("generated") / "large.sqlite3"
    done = subprocess.run([sys.executable, str(BENCHMARKS / "generate.py"), str(path), *SMALL],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "service_users" in done.stdout
    return path


@pytest.fixture
def generate(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    return importlib.import_module("generate")


def rows(path: Path, sql: str, *parameters: object) -> list[tuple]:
    with sqlite3.connect(path) as connection:
        return connection.execute(sql, parameters).fetchall()


def test_it_fills_every_table_of_the_real_schema(small: Path) -> None:
    """People, referrals, places, registers, waiting lists and audit rows are all there, with
    the catalogue and three retired groups."""
    count = {t: rows(small, f"SELECT count(*) FROM {t}")[0][0] for t in (
        "service_users", "referrals", "enrolments", "sessions", "attendance",
        "waiting_list_entries", "audit_events", "closures", "cohorts")}
    assert count["service_users"] == 200
    assert count["referrals"] >= 200 and count["enrolments"] >= 40
    assert count["attendance"] >= count["sessions"] > 0
    assert count["audit_events"] > count["attendance"]
    assert min(count.values()) > 0
    assert rows(small, "SELECT count(*) FROM groups WHERE NOT active")[0][0] == 3
    assert rows(small, "SELECT version_num FROM alembic_version")[0][0]


def test_every_intake_profile_is_one_the_rules_accept(small: Path) -> None:
    """parse_profile takes every stored profile, so bookings from them can work."""
    for (profile,) in rows(small, "SELECT profile FROM service_users"):
        parse_profile(json.loads(profile), TODAY)


def test_marks_fall_within_places_on_the_group_s_sessions(small: Path) -> None:
    """Every mark is for a session of the place's own group, while the place ran."""
    assert rows(small, """
        SELECT count(*) FROM attendance a JOIN sessions s ON s.id = a.session_id
        JOIN enrolments e ON e.id = a.enrolment_id
        WHERE s.group_id != e.group_id OR s.date < e.start_date
           OR s.date > coalesce(e.ended_on, e.expected_end_date, s.date)
           OR s.date >= ?""", TODAY.isoformat())[0][0] == 0


def test_the_desk_can_use_it_today(small: Path, tmp_path: Path) -> None:
    """Within capacity today; search finds people by name; a record opens with its marks."""
    copy = tmp_path / "copy.sqlite3"
    copy.write_bytes(small.read_bytes())
    db, actor = open_database(copy, resource_path("catalogue.json"), today=TODAY)
    try:
        reviews = review_service.review(db, actor, TODAY)
        assert all(r.active <= r.capacity for r in reviews)
        assert sum(r.active for r in reviews) > 0
        person, family = rows(copy, """
            SELECT e.service_user_id, p.family_name FROM attendance a
            JOIN enrolments e ON e.id = a.enrolment_id JOIN service_users p
            ON p.id = e.service_user_id GROUP BY 1 ORDER BY count(*) DESC LIMIT 1""")[0]
        assert person in {p.id for p in intake_service.search_people(db, actor, family)}
        assert person_record_service.person_record(db, actor, person).attendance
    finally:
        db.dispose()


def test_the_same_arguments_make_the_same_file(small: Path, generate: ModuleType,
                                               tmp_path: Path) -> None:
    """Seeded: run again in process, the file is byte-for-byte the one the command made."""
    again = tmp_path / "again.sqlite3"
    assert generate.main([str(again), *SMALL]) == 0
    assert hashlib.sha256(again.read_bytes()).digest() \
        == hashlib.sha256(small.read_bytes()).digest()


@pytest.mark.parametrize(("arguments", "message"), [
    (["--people", "5"], "--people must be from 10 to 1000000"),
    (["--years", "0"], "--years must be from 1 to 30"),
    (["--today", "2026-02-30"], "February 2026 has 28 days"),
    (["--people", "many"], "invalid int value: 'many'"),
])
def test_wrong_arguments_are_refused_with_the_reason(
        generate: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        arguments: list[str], message: str) -> None:
    """A mistake ends with status 2, a message naming it, and no file."""
    out = tmp_path / "out.sqlite3"
    with pytest.raises(SystemExit) as ended:
        generate.main([str(out), *arguments])
    assert ended.value.code == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_an_existing_file_or_a_missing_folder_is_refused(
        generate: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """It never writes over a file, and says when the folder to write in does not exist."""
    existing = tmp_path / "there.sqlite3"
    existing.write_bytes(b"keep me")
    for target, message in ((existing, "already exists"),
                            (tmp_path / "nowhere" / "x.sqlite3", "does not exist")):
        with pytest.raises(SystemExit):
            generate.main([str(target)])
        assert message in capsys.readouterr().err
    assert existing.read_bytes() == b"keep me"


def test_its_audit_trail_is_one_unbroken_chain(small: Path) -> None:
    """The history's audit rows carry the hash chain the app keeps, so `audit verify` holds."""
    from recovery_desk.domain.store import audit
    from recovery_desk.domain.store.database import Database

    db = Database.open(small)
    try:
        with db.reading() as tx:
            check = audit.verify(tx)
    finally:
        db.dispose()
    assert check.holds and check.rows == rows(small, "SELECT count(*) FROM audit_events")[0][0]


@pytest.mark.parametrize("source", ["its own history", "the generated database"])
def test_the_year_report_benchmark_runs_on_either_database(small: Path, source: str) -> None:
    """report_year.py, run small: it times the report against its baseline and prints each
    statement's plan, on the history it writes itself or on a database it is given."""
    arguments = ["--years", "1", "--places", "4"] if source == "its own history" \
        else ["--db", str(small)]
    done = subprocess.run([sys.executable, str(BENCHMARKS / "report_year.py"), *arguments],
                          capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "a year's report, every group:" in done.stdout
    assert "x baseline)" in done.stdout and "EXPLAIN QUERY PLAN" in done.stdout


def test_generating_in_process_leaves_the_audit_clock_as_it_was(generate: ModuleType,
                                                                tmp_path: Path) -> None:
    """The generator stamps its set-up with the history's first morning and then gives the
    audit its real clock back: a test run after it in the same process writes today's rows."""
    from recovery_desk.domain.store import audit

    before = audit.utc_now
    generate.generate(tmp_path / "small.sqlite3", 20, 1, TODAY, 2026)
    assert audit.utc_now is before
