"""The manager's Service details dialog in the Catalogue tab: shown to managers only, each
mistake beside its field with nothing saved, and a save that reaches the other tabs."""

from __future__ import annotations

from recovery_desk.domain.service import service_details
from recovery_desk.domain.store.actor import Actor
from recovery_desk.views.catalogue.catalogue_tab import CatalogueTab
from recovery_desk.views.catalogue.service_details_dialog import ServiceDetailsDialog
from recovery_desk.views.reports.reports_tab import ReportsTab
from recovery_desk.vocabulary import StaffRole


def test_only_managers_see_the_button(window, context) -> None:
    tab = window.show_tab(CatalogueTab)
    assert tab.service_button.isVisible()
    context.set_actor(Actor(context.actor.staff_id, "Kay", StaffRole.KEYWORKER))
    assert not tab.service_button.isVisible()


def test_mistakes_are_shown_beside_their_fields_and_nothing_is_saved(
        window, qtbot, db, actor) -> None:
    dialog = window.show_tab(CatalogueTab).open_service_details()
    qtbot.addWidget(dialog)
    dialog.name.clear()
    dialog.phone.setText("call us")
    assert not dialog.try_save()
    assert dialog.message("name") == "The service needs a name; it heads every report."
    assert dialog.message("phone").startswith("That is not a phone number")
    assert dialog.message("address") == ""
    assert dialog.name.hasFocus() or not dialog.isVisible()
    assert service_details.service_details(db, actor).phone == ""


def test_a_saved_change_reaches_the_reports(window, qtbot, db, actor, context,
                                            monkeypatch) -> None:
    """Saving tells the other tabs; the Reports tab then states the new rule."""
    reports = window.show_tab(ReportsTab)
    assert "from 1 to 4" in reports.summary.text()

    def fill_and_save(dialog: ServiceDetailsDialog) -> int:
        assert dialog.rule_words.text().startswith("Counts of people from 1 to 4")
        dialog.address.setPlainText("Recovery Centre\n1 Example Road")
        dialog.phone.setText("02079460000")
        dialog.small_number.setValue(10)
        assert dialog.rule_words.text().startswith("Counts of people from 1 to 9")
        assert dialog.try_save()
        return 1

    monkeypatch.setattr(ServiceDetailsDialog, "exec", fill_and_save)
    catalogue = window.show_tab(CatalogueTab)
    with qtbot.waitSignal(context.announced, timeout=10_000):
        catalogue.edit_service_details()
    saved = service_details.service_details(db, actor)
    assert (saved.phone, saved.small_number) == ("020 7946 0000", 10)
    assert saved.address_lines == ["Recovery Centre", "1 Example Road"]
    assert "from 1 to 9" in window.show_tab(ReportsTab).summary.text()
