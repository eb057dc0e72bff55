"""A catalogue import while another desk edits one of its groups, on PostgreSQL: a third
connection holds the group's lock while both queue behind it. The import reads the groups
under their locks, so it compares the file with the group as the other desk left it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from recovery_desk.domain.service import catalogue_service
from recovery_desk.domain.store.database import Database
from tests.domain.queued_desks import queued_behind_group

RDP = "Reduced Drinking Programme"


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_an_import_after_an_edit_in_the_queue_puts_the_file_s_values_back(
        db, actor, db_path) -> None:
    """The file says 12 places; another desk made it 20 just before: the import sets 12 and
    says it updated the group, rather than calling it unchanged and leaving 20."""
    catalogue = catalogue_service.list_groups(db, actor)
    rdp = next(g for g in catalogue if g.name == RDP)
    desks = [Database.open(db_path) for _ in range(2)]
    try:
        edited, imported = queued_behind_group(str(db_path), rdp.id, [
            lambda: catalogue_service.update_group(desks[0], actor, replace(rdp, capacity=20)),
            lambda: catalogue_service.import_catalogue(desks[1], actor, catalogue,
                                                       date(2026, 11, 27))])
    finally:
        for desk in desks:
            desk.dispose()
    assert edited.capacity == 20
    assert imported.updated == [RDP]
    assert next(g for g in catalogue_service.list_groups(db, actor)
                if g.name == RDP).capacity == rdp.capacity
