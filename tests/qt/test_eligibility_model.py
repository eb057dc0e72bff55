"""The intake tab's eligibility model, fed GroupEligibility made by hand (no database): Qt's
model checks, the outcome in words, and ticks only where a referral can be made."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from recovery_desk.eligibility import GroupEligibility
from recovery_desk.item_models.eligibility_model import (
    ELIGIBLE_FROM,
    GROUP,
    OUTCOME,
    REASONS,
    REFER,
    EligibilityModel,
)
from recovery_desk.vocabulary import Outcome

OPEN = GroupEligibility(1, "Rolling Recovery", Outcome.ELIGIBLE, (), False, None,
                        ("wants to change their use",))
LATER = GroupEligibility(2, "Relapse Prevention", Outcome.NOT_ELIGIBLE,
                         ("Needs four weeks abstinent first.",), True, date(2026, 12, 21))
NEVER = GroupEligibility(3, "Women's Group", Outcome.NOT_ELIGIBLE, ("For women only.",),
                         False, None)
CHECKED = Qt.CheckState.Checked.value


def _model() -> EligibilityModel:
    model = EligibilityModel()
    model.set_rows([OPEN, LATER, NEVER])
    return model


def test_the_eligibility_model_passes_qt_model_tester(qtmodeltester) -> None:
    """Plain results make a model Qt's own checks accept."""
    qtmodeltester.check(_model())


def test_each_group_says_its_outcome_reasons_and_when() -> None:
    """Outcome in words, reasons as bullets, the date a wait ends."""
    model = _model()
    assert model.index(1, GROUP).data() == "Relapse Prevention"
    assert model.index(1, REASONS).data() == "• Needs four weeks abstinent first."
    assert model.index(1, ELIGIBLE_FROM).data() == "Mon 21 Dec 2026"
    assert model.index(0, ELIGIBLE_FROM).data() == ""
    assert model.index(0, OUTCOME).data() != model.index(2, OUTCOME).data()
    assert model.index(1, REFER).data(Qt.ItemDataRole.ToolTipRole) == "Referral required"


def test_criteria_met_are_shown_apart_as_met() -> None:
    """What stands in the way comes first as bullets; each criterion met is ticked as met."""
    mixed = GroupEligibility(4, "Reduced Drinking", Outcome.NOT_ELIGIBLE,
                             ("not eligible: takes methadone",), True, None,
                             ("wants to reduce drinking",))
    model = EligibilityModel()
    model.set_rows([OPEN, mixed])
    assert model.index(0, REASONS).data() == "✓ met: wants to change their use"
    assert model.index(1, REASONS).data() == ("• not eligible: takes methadone\n"
                                              "✓ met: wants to reduce drinking")


def test_only_groups_that_can_be_referred_to_take_a_tick(qtbot) -> None:
    """A tick on a group that can never take the person is refused; ticks go when the
    group can no longer be referred to."""
    model = _model()
    assert not model.setData(model.index(2, REFER), CHECKED, Qt.ItemDataRole.CheckStateRole)
    with qtbot.waitSignal(model.referrals_changed):
        assert model.setData(model.index(1, REFER), CHECKED, Qt.ItemDataRole.CheckStateRole)
    assert model.referred() == [LATER]
    with qtbot.waitSignal(model.referrals_changed):
        model.set_rows([OPEN, GroupEligibility(2, "Relapse Prevention", Outcome.NOT_ELIGIBLE,
                                               ("No longer runs.",), True, None)])
    assert model.referred() == []
