"""A refused catalogue import changes nothing: whatever the groups handed to import_catalogue
(Hypothesis: good groups, changed groups and one with any values at all, in any order), either
the import succeeds or it is refused with a DomainError and every table is as it was."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from recovery_desk.catalogue.details import GroupDetails
from recovery_desk.catalogue.file import read_catalogue
from recovery_desk.domain.service.catalogue_service import import_catalogue
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError, InvalidDetailsError, NotAllowedError
from recovery_desk.schedule import parse_rule
from recovery_desk.vocabulary import StaffRole
from tests.backends import Target, contents
from tests.conftest import CATALOGUE
from tests.fuzzing import any_text, fuzz_slow, small_json_values

TODAY = date(2026, 11, 27)
SHIPPED = read_catalogue(CATALOGUE)


def _contents(raw_sql, target: Target) -> dict[str, list[str]]:
    """Every row of every table: the database's whole committed contents."""
    with raw_sql(target) as connection:
        return contents(connection)


def test_a_bad_group_after_good_ones_leaves_no_trace_of_them(
        db: Database, actor: Actor, raw_sql, db_path: Target) -> None:
    """The first groups are added and updated inside the transaction; the bad one rolls all of
    it back, the audit rows included."""
    before = _contents(raw_sql, db_path)
    new = replace(SHIPPED[0], name="Evening Group", schedule=parse_rule("Wednesdays 6-7pm"))
    changed = replace(SHIPPED[1], capacity=9)
    bad = replace(SHIPPED[2], name="Bell\x07Group")
    with pytest.raises(InvalidDetailsError, match="A name cannot contain control characters"):
        import_catalogue(db, actor, [new, changed, bad], TODAY)
    assert _contents(raw_sql, db_path) == before


def test_a_role_that_may_not_edit_the_catalogue_changes_nothing(
        db: Database, actor: Actor, raw_sql, db_path: Target) -> None:
    before = _contents(raw_sql, db_path)
    reception = Actor(actor.staff_id, "Jo", StaffRole.RECEPTION)
    with pytest.raises(NotAllowedError):
        import_catalogue(db, reception, [replace(SHIPPED[0], capacity=9)], TODAY)
    assert _contents(raw_sql, db_path) == before


FIELD_VALUES: dict[str, st.SearchStrategy[Any]] = {
    f.name: small_json_values for f in fields(GroupDetails) if f.name not in ("id", "schedule")}
FIELD_VALUES.update(name=any_text | st.sampled_from([g.name for g in SHIPPED])
                    | small_json_values, description=any_text, who_for=any_text,
                    capacity=st.integers(-5, 120) | small_json_values)


@st.composite
def imports(draw: st.DrawFn) -> list[GroupDetails]:
    """Some shipped groups (some changed, some renamed as new) and one group with any values."""
    groups = []
    for group in draw(st.lists(st.sampled_from(SHIPPED), max_size=4, unique_by=lambda g: g.name)):
        if draw(st.booleans()):
            group = replace(group, capacity=draw(st.integers(1, 100)))
        if draw(st.booleans()):
            group = replace(group, name=f"{group.name} (evenings)")
        groups.append(group)
    anything = replace(draw(st.sampled_from(SHIPPED)),
                       **draw(st.fixed_dictionaries({}, optional=FIELD_VALUES)))
    groups.insert(draw(st.integers(0, len(groups))), anything)
    return groups


@fuzz_slow
@given(imports())
def test_an_import_succeeds_or_is_refused_with_the_database_unchanged(
        db: Database, actor: Actor, raw_sql, db_path: Target, groups: list[GroupDetails]) -> None:
    before = _contents(raw_sql, db_path)
    try:
        summary = import_catalogue(db, actor, groups, TODAY)
    except DomainError as error:
        assert str(error)
        assert _contents(raw_sql, db_path) == before
        return
    assert len(summary.added) + len(summary.updated) + len(summary.unchanged) == len(groups)
