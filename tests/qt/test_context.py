"""The application context: one staff member and one day for every screen, and controls shown
only to roles that may use them."""

from __future__ import annotations

from datetime import date

from recovery_desk.domain.store.actor import Actor
from recovery_desk.views.catalogue.catalogue_tab import CatalogueTab
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.intake.intake_tab import IntakeTab
from recovery_desk.views.review.review_tab import ReviewTab
from recovery_desk.views.shell.main_window import MainWindow
from recovery_desk.views.timetable.timetable_tab import TimetableTab
from recovery_desk.vocabulary import StaffRole


def _reception(actor: Actor) -> Actor:
    return Actor(actor.staff_id, "Jo Bennett", StaffRole.RECEPTION)


def test_reception_never_sees_controls_it_may_not_use(qtbot, db, actor, answers) -> None:
    """Retire, Add, Edit, Closures, the cohort review and the clinical form are not shown."""
    window = MainWindow(DeskContext(db, _reception(actor), location="test"))
    qtbot.addWidget(window)
    window.show()
    catalogue = window.show_tab(CatalogueTab)
    assert not any(b.isVisible() for b in (catalogue.add_button, catalogue.edit_button,
                                           catalogue.retire_button))
    assert not window.show_tab(TimetableTab).closures_button.isVisible()
    assert not window.tabs.isTabVisible(window.slots.index(
        next(s for s in window.slots if s.kind is ReviewTab)))
    intake = window.show_tab(IntakeTab)
    assert not intake.form.sections["Assessment"].isVisible()
    assert not intake.table.isVisible()
    assert intake.save_button.text() == "&Save contact details"


def test_a_change_of_staff_reaches_every_screen_at_once(qtbot, context, window) -> None:
    catalogue = window.show_tab(CatalogueTab)
    intake = window.tab(IntakeTab)
    assert catalogue.retire_button.isVisible()
    context.set_actor(_reception(context.actor))
    assert "Jo Bennett" in window.windowTitle()
    assert not catalogue.retire_button.isVisible()
    assert intake.form.sections["Assessment"].isHidden()
    review_index = next(i for i, s in enumerate(window.slots) if s.kind is ReviewTab)
    assert not window.tabs.isTabVisible(review_index)


def test_a_hidden_tab_cannot_be_reached_by_its_shortcut(qtbot, db, actor, answers) -> None:
    window = MainWindow(DeskContext(db, _reception(actor), location="test"))
    qtbot.addWidget(window)
    window.show()
    window.show_tab_at(4)
    assert not isinstance(window.current_tab(), ReviewTab)


def test_midnight_moves_every_screen_to_the_new_day(qtbot, db, actor, answers) -> None:
    """A desk left open overnight marks the new day as today without a restart."""
    days = iter([date(2026, 11, 27), date(2026, 11, 27), date(2026, 11, 28)])
    context = DeskContext(db, actor, location="test", clock=lambda: next(days))
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    timetable = window.show_tab(TimetableTab)
    assert timetable.model.today == date(2026, 11, 27)
    assert not context.check_day()
    assert context.check_day()
    assert context.today() == date(2026, 11, 28)
    assert timetable.model.today == date(2026, 11, 28)
