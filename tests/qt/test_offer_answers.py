"""The answers to an offer asked once and cancellable: saying no at the question, or closing
the reason box, changes nothing; the buttons stay off until an open offer is chosen."""

from __future__ import annotations

from recovery_desk.domain.places import waiting_list_service as waiting
from recovery_desk.views.person.offer_answers import (
    Offer,
    OfferButtons,
    accepted,
    declined,
    no_answer,
)
from recovery_desk.views.widgets import dialogs
from recovery_desk.vocabulary import WaitingStatus
from tests.qt.waiting_people import DUE, RDP, offered, reception, told

__all__ = ["offered", "reception", "told"]  # fixtures, used by name


def _offer(db, actor, group_id) -> Offer:
    row = waiting.entries(db, actor, group_id)[0]
    return Offer(row.entry_id, row.name, RDP, row.answer_by)


def test_saying_no_at_the_question_changes_nothing(db, actor, reception, offered, answers,
                                                   told) -> None:
    """Accepted and no answer each ask first; 'no' leaves the offer open and says nothing."""
    group_id, _riley, _morgan = offered
    answers["confirm"] = False
    offer = _offer(db, actor, group_id)
    assert not accepted(None, reception(), offer)
    assert not no_answer(None, reception(DUE), offer)
    assert len(answers["asked"]) == 2 and told["info"] == []
    assert waiting.entries(db, actor, group_id)[0].status is WaitingStatus.OFFERED


def test_closing_the_reason_box_changes_nothing(db, actor, reception, offered, answers,
                                                monkeypatch) -> None:
    """Declined asks why; cancelling the box leaves the offer open."""
    group_id, _riley, _morgan = offered
    monkeypatch.setattr(dialogs, "ask_text", lambda parent, title, label: None)
    assert not declined(None, reception(), _offer(db, actor, group_id))
    assert waiting.entries(db, actor, group_id)[0].status is WaitingStatus.OFFERED


def test_the_buttons_wait_for_an_open_offer(qtbot, reception, answers) -> None:
    """Off, with a tip saying why, until an offer is chosen; on once it is."""
    buttons = OfferButtons(reception())
    qtbot.addWidget(buttons)
    assert not buttons.accept_button.isEnabled()
    assert buttons.no_answer_button.toolTip() == "Select an open offer first."
    buttons.set_offer(Offer(1, "Riley Shaw", RDP, DUE))
    assert buttons.decline_button.isEnabled() and buttons.decline_button.toolTip() == ""
    assert not buttons.no_answer_button.isEnabled()  # not before the answer-by date
    on_the_day = OfferButtons(reception(DUE))
    qtbot.addWidget(on_the_day)
    on_the_day.set_offer(Offer(1, "Riley Shaw", RDP, DUE))
    assert on_the_day.no_answer_button.isEnabled()
    assert on_the_day.no_answer_button.toolTip() == ""
