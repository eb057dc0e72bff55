"""Contact choices on the person record, as reception records them: mobile, consent to texts
(with the day and who recorded it) and named or discreet wording saved; a wrong number is
named beside the field and nothing typed is lost; the page fits 1024x700 at 100% and 150%."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from recovery_desk.domain.people import contact_details
from recovery_desk.views.person.contact_choices_box import WHY_DISCREET
from recovery_desk.views.person.person_record_dialog import REACH_PAGE, PersonRecordDialog
from recovery_desk.vocabulary import Wording
from tests.qt.messages_people import reception
from tests.qt.screens import SMALL_SCREEN, TextScale, cut_text, save

__all__ = ["reception"]  # fixtures, used by name


def _record(qtbot, context, person) -> PersonRecordDialog:
    dialog = PersonRecordDialog.open(None, context, person)
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.pages.setCurrentIndex(REACH_PAGE)
    return dialog


def test_reception_records_consent_to_texts_and_named_wording(
        qtbot, db, actor, booked, reception, answers) -> None:
    """Discreet is the default and says why; a mobile typed, texts ticked by keyboard, named
    chosen, Save clicked: stored, and the consent shows the day and who recorded it."""
    _group_id, (alex, _sam, _dani) = booked
    record = _record(qtbot, reception, alex)
    box = record.reach
    assert box.wording.currentData() == Wording.DISCREET.value
    assert WHY_DISCREET in [label.text() for label in box.findChildren(QLabel)]
    assert box.texts_recorded.text() == "Not recorded yet"
    qtbot.keyClicks(box.mobile, "07400 123001")
    box.texts.setFocus()
    qtbot.keyClick(box.texts, Qt.Key.Key_Space)
    box.wording.setCurrentIndex(box.wording.findData(Wording.NAMED.value))
    qtbot.mouseClick(box.save_button, Qt.MouseButton.LeftButton)
    assert answers["errors"] == []
    stored = contact_details.contact_choices(db, actor, alex)
    assert (stored.mobile, stored.texts, stored.wording) == ("+447400123001", True,
                                                             Wording.NAMED)
    assert box.texts_recorded.text() == "Agreed on Sun 29 Nov 2026 by Jo Bennett"
    assert box.mobile.text() == "+447400123001"


def test_a_wrong_number_is_named_beside_the_field_and_nothing_is_lost(
        qtbot, db, actor, booked, reception, answers) -> None:
    """'0740' with texts ticked: the message sits under Mobile, the fields keep what was
    typed and nothing is stored."""
    _group_id, (alex, _sam, _dani) = booked
    record = _record(qtbot, reception, alex)
    box = record.reach
    qtbot.keyClicks(box.mobile, "0740")
    qtbot.keyClicks(box.email, "alex@example.org")
    box.texts.setChecked(True)
    assert not box.save()
    assert box.messages["mobile"].isVisible() and box.messages["mobile"].message
    assert box.mobile.text() == "0740" and box.email.text() == "alex@example.org"
    assert box.texts.isChecked()
    assert not contact_details.contact_choices(db, actor, alex).texts


@pytest.mark.parametrize("scale", [1.0, 1.5], ids=["100%", "150%"])
def test_the_contact_choices_page_fits_a_small_screen(qtbot, db, actor, booked, reception,
                                                      answers, scale, tmp_path) -> None:
    """Consent recorded and a problem shown: the page at 1024x700, nothing cut."""
    _group_id, (alex, _sam, _dani) = booked
    folder = Path(os.environ.get("RECOVERY_DESK_SCREENSHOTS", tmp_path))
    with TextScale(scale):
        record = _record(qtbot, reception, alex)
        record.resize(*SMALL_SCREEN)
        record.reach.email.setText("not an address")
        record.reach.save()
        QApplication.processEvents()
        save(record, folder, f"person-record-reach-{int(scale * 100)}")
        assert cut_text(record) == []


def test_the_intake_saves_texts_consent_and_discreet_wording_with_the_person(
        qtbot, db, actor, reception, answers) -> None:
    """Reception fills the intake with a mobile and texts ticked, wording left discreet: the
    person is saved reachable by text, discreetly, consent recorded by Jo Bennett."""
    from recovery_desk.domain.people.intake_service import search_people
    from recovery_desk.views.intake.intake_tab import IntakeTab
    from tests.qt.test_intake_tab import fill_person
    tab = IntakeTab(reception)
    qtbot.addWidget(tab)
    tab.show()
    fill_person(qtbot, tab)
    reach = tab.form.reach
    assert reach.isVisibleTo(tab)
    qtbot.keyClicks(reach.mobile, "07400 123009")
    reach.texts.setFocus()
    qtbot.keyClick(reach.texts, Qt.Key.Key_Space)
    assert tab.save(), tab.status.text()
    [found] = search_people(db, actor, "Ashworth")
    stored = contact_details.contact_choices(db, actor, found.id)
    assert (stored.mobile, stored.texts, stored.emails, stored.wording) == (
        "+447400123009", True, False, Wording.DISCREET)
    assert stored.texts_recorded_by == "Jo Bennett"


def test_the_intake_names_a_wrong_email_beside_it(qtbot, reception, answers) -> None:
    """Emails ticked with a bad address: not saved, the message under the address, the
    typing kept."""
    from recovery_desk.views.intake.intake_tab import IntakeTab
    from tests.qt.test_intake_tab import fill_person
    tab = IntakeTab(reception)
    qtbot.addWidget(tab)
    tab.show()
    fill_person(qtbot, tab)
    reach = tab.form.reach
    qtbot.keyClicks(reach.email, "robin at home")
    reach.emails.setChecked(True)
    assert not tab.save()
    assert reach.messages["email"].isVisibleTo(tab) and reach.messages["email"].message
    assert reach.email.text() == "robin at home" and reach.emails.isChecked()


@pytest.mark.parametrize("scale", [1.0, 1.5], ids=["100%", "150%"])
def test_the_intakes_texts_and_emails_fit_a_small_screen(qtbot, reception, answers, scale,
                                                        tmp_path) -> None:
    """The window at 1024x700 on the intake, scrolled to Texts and emails with a problem
    shown: nothing cut."""
    from PySide6.QtWidgets import QScrollArea

    from recovery_desk.views.intake.intake_tab import IntakeTab
    from recovery_desk.views.shell.main_window import MainWindow
    from tests.qt.test_intake_tab import fill_person
    folder = Path(os.environ.get("RECOVERY_DESK_SCREENSHOTS", tmp_path))
    with TextScale(scale):
        window = MainWindow(reception)
        qtbot.addWidget(window)
        window.resize(*SMALL_SCREEN)
        window.show()
        tab = window.show_tab(IntakeTab)
        fill_person(qtbot, tab)
        tab.form.reach.texts.setChecked(True)
        assert not tab.save()
        QApplication.processEvents()
        [scroll] = tab.findChildren(QScrollArea)
        scroll.ensureWidgetVisible(tab.form.reach.wording)
        QApplication.processEvents()
        save(window, folder, f"intake-reach-{int(scale * 100)}")
        assert cut_text(window) == []
