"""The waiting-list table models: a person's lists and a group's list in words, with plain
sort keys (open offers first, the soonest answer-by date first)."""

from __future__ import annotations

from datetime import date

from recovery_desk.item_models.waiting_models import (
    GroupWaitingModel,
    PersonWaitingModel,
    offer_key,
)
from recovery_desk.rows.places import PersonWaitingRow, WaitingRow
from recovery_desk.vocabulary import WaitingStatus

ADDED = date(2026, 11, 2)


def _texts(model, row: int) -> list[str]:
    return [model.index(row, c).data() for c in range(model.columnCount())]


def test_a_persons_lists_and_a_groups_list_in_words(qtmodeltester) -> None:
    """Position 'n of m', the offer with its date, or the status; a valid model each."""
    person = PersonWaitingModel()
    person.set_rows([PersonWaitingRow(1, 2, "Recovery Skills", 2, 5, WaitingStatus.WAITING,
                                      None, ""),
                     PersonWaitingRow(3, 4, "MSM Group", 1, 1, WaitingStatus.OFFERED,
                                      date(2026, 12, 4), "Offered")])
    assert _texts(person, 0) == ["Recovery Skills", "2 of 5", "Waiting"]
    assert _texts(person, 1) == ["MSM Group", "1 of 1", "Offered: answer by Fri 4 Dec 2026"]
    qtmodeltester.check(person)
    group = GroupWaitingModel()
    group.set_rows([WaitingRow(1, 2, "Jo Li", 1, WaitingStatus.OFFERED, ADDED, "", None)])
    assert _texts(group, 0) == ["1", "Jo Li", "Offered", "Mon 2 Nov 2026"]
    qtmodeltester.check(group)


def test_the_offer_column_sorts_open_offers_first_soonest_first() -> None:
    """Sort keys are plain text: offers by answer-by date, then those waiting."""
    keys = [offer_key(WaitingStatus.WAITING, None),
            offer_key(WaitingStatus.OFFERED, date(2026, 12, 11)),
            offer_key(WaitingStatus.OFFERED, date(2026, 12, 4))]
    assert sorted(keys) == [keys[2], keys[1], keys[0]]
