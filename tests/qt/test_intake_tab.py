"""The Referral intake tab: fill the form, watch the panel, save, reopen, and refused saves."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QPlainTextEdit, QSpinBox
from sqlalchemy import select

from recovery_desk.domain.store.models import Outcome, Referral
from recovery_desk.views.intake.intake_tab import IntakeTab

TODAY = date(2026, 11, 27)


@pytest.fixture
def keyworker(keyworker_id: int) -> int:
    return keyworker_id


@pytest.fixture
def tab(context, shown, qtbot, db, actor, answers, keyworker):
    widget = shown(IntakeTab(context))
    qtbot.addWidget(widget)
    widget.show()
    return widget


def fill_person(qtbot, tab: IntakeTab) -> None:
    form = tab.form
    qtbot.keyClicks(form.given_name, "Robin")
    qtbot.keyClicks(form.family_name, "Ashworth")
    qtbot.keyClicks(form.date_of_birth, "2/4/1985")
    qtbot.keyClicks(form.nhs_number, "943 476 5919")
    qtbot.keyClicks(form.postcode, "e8 1dy")
    qtbot.keyClicks(form.phone, "020 7946 0000")
    form.consent.setChecked(True)


def outcome_of(tab: IntakeTab, group: str) -> Outcome:
    return next(r.outcome for r in tab.model.rows() if r.group == group)


def tick(tab: IntakeTab, group: str) -> None:
    row = next(i for i, r in enumerate(tab.model.rows()) if r.group == group)
    assert tab.model.setData(tab.model.index(row, 0), Qt.CheckState.Checked.value,
                             Qt.ItemDataRole.CheckStateRole)


def test_the_panel_asks_for_a_date_of_birth_first(tab) -> None:
    assert tab.panel_status.text() == "Enter a date of birth to see eligibility."
    assert tab.model.rowCount() == 0
    assert tab.panel_title.text() == "<b>Eligibility on Fri 27 Nov 2026</b>"


def test_an_impossible_date_of_birth_is_named_in_the_panel(qtbot, tab) -> None:
    qtbot.keyClicks(tab.form.date_of_birth, "30/2/1990")
    tab.refresh_panel()
    assert tab.panel_status.text().startswith("Eligibility cannot be worked out yet: the date "
                                              "of birth is not a real date.")
    assert tab.model.rowCount() == 0


def test_the_panel_counts_its_outcomes_in_english(qtbot, tab) -> None:
    """'1 needs review', '2 need review': the count agrees with its verb."""
    fill_person(qtbot, tab)
    tab.refresh_panel()
    assert tab.panel_status.text().startswith("0 eligible, 2 need review, 5 not eligible.")
    tab.form.msm.setCurrentIndex(1)  # Yes: the MSM Group no longer needs review
    tab.refresh_panel()
    assert tab.panel_status.text().startswith("1 eligible, 1 needs review, 5 not eligible.")


def test_the_panel_changes_as_the_form_is_filled(qtbot, tab) -> None:
    fill_person(qtbot, tab)
    tab.refresh_panel()
    assert tab.model.rowCount() == 7
    assert outcome_of(tab, "MSM Group") is Outcome.NEEDS_REVIEW
    tab.form.msm.setCurrentIndex(1)  # Yes
    tab.form.changed.emit()
    qtbot.waitUntil(lambda: outcome_of(tab, "MSM Group") is Outcome.ELIGIBLE, timeout=10_000)
    tab.form.substances["alcohol"].setValue(12)
    tab.form.goals["reduce_drinking"].setChecked(True)
    qtbot.waitUntil(lambda: outcome_of(tab, "Reduced Drinking Programme") is Outcome.ELIGIBLE,
                    timeout=10_000)
    qtbot.keyClicks(tab.form.illicit_since, "24/11/2026")
    tab.form.goals["maintain_abstinence"].setChecked(True)
    tab.refresh_panel()
    adp = next(r for r in tab.model.rows() if r.group == "Abstinence Day Programme")
    assert adp.outcome is Outcome.NOT_ELIGIBLE and adp.eligible_from == date(2026, 12, 1)
    row = tab.model.rows().index(adp)
    assert tab.model.index(row, 4).data() == "Tue 1 Dec 2026"
    assert tab.model.index(row, 2).data() == "✗ Not eligible"


def test_saving_records_the_person_and_referrals_then_reopens(qtbot, tab, db, keyworker) -> None:
    fill_person(qtbot, tab)
    tab.form.keyworker.setCurrentIndex(tab.form.keyworker.findData(keyworker))
    tab.form.substances["alcohol"].setValue(20)
    tab.form.goals["reduce_drinking"].setChecked(True)
    tab.refresh_panel()
    tick(tab, "Reduced Drinking Programme")
    tick(tab, "MSM Group")
    qtbot.keyClicks(tab.justification_edit("MSM Group"), "Asked at assessment; unsure")
    assert tab.save(), tab.status.text()
    assert tab.status.text() == "Saved Robin Ashworth with 2 referrals."
    assert not tab.dirty
    with db.reading() as tx:
        referrals = {r.outcome: r for r in tx.scalars(select(Referral))}
        assert set(referrals) == {Outcome.ELIGIBLE, Outcome.NEEDS_REVIEW}
        assert {r.keyworker_id for r in referrals.values()} == {keyworker}
        assert referrals[Outcome.NEEDS_REVIEW].justification == "Asked at assessment; unsure"
    assert tab.new_person()
    assert tab.form.given_name.text() == ""
    qtbot.keyClicks(tab.search, "ashw")
    qtbot.waitUntil(lambda: tab.results.count() == 1, timeout=10_000)
    assert tab.results.item(0).text() == \
        "Robin Ashworth, born Tue 2 Apr 1985, NHS 9434765919"
    tab.results.itemActivated.emit(tab.results.item(0))
    assert tab.form.nhs_number.text() == "943 476 5919"
    assert tab.form.postcode.text() == "E8 1DY"
    assert tab.form.substances["alcohol"].value() == 20
    assert "Reduced Drinking Programme (eligible, keyworker Kay Worker)" in tab.history.text()


def test_each_invalid_field_says_what_is_wrong_and_blocks_saving(qtbot, tab, db) -> None:
    form = tab.form
    qtbot.keyClicks(form.date_of_birth, "31/02/1985")
    qtbot.keyClicks(form.nhs_number, "943 476 5918")
    qtbot.keyClicks(form.postcode, "E8")
    qtbot.keyClicks(form.phone, "12345")
    form.drug.setCurrentIndex(1)
    qtbot.keyClicks(form.dose, "lots")
    qtbot.keyClicks(form.all_since, "1/1/2027")
    assert not tab.save()
    assert tab.status.text() == "Not saved: fix the marked fields."
    assert form.message("given_name") == "Enter their first name."
    assert form.message("family_name") == "Enter their last name."
    assert "'31/02/1985' is not a date" in form.message("date_of_birth")
    assert "check digit does not match" in form.message("nhs_number")
    assert "not a UK postcode" in form.message("postcode")
    assert "not valid" in form.message("phone")
    assert form.message("daily_dose_mg") == \
        "Write the daily dose in mg: a number above 0 and at most 500."
    assert form.message("abstinent_from_all_since") == "This date is in the future."
    assert "consent" in form.message("consent_to_store")
    with db.reading() as tx:
        assert tx.scalar(select(Referral)) is None


def test_a_referral_only_group_without_a_keyworker_is_refused(qtbot, tab) -> None:
    fill_person(qtbot, tab)
    tab.form.goals["change_use"].setChecked(True)
    tab.refresh_panel()
    tick(tab, "Recovery Skills")
    assert not tab.save()
    assert tab.form.message("keyworker") == \
        "Choose the keyworker making this referral: Recovery Skills needs one."


def test_needs_review_without_a_justification_is_refused(qtbot, tab, keyworker) -> None:
    fill_person(qtbot, tab)
    tab.form.keyworker.setCurrentIndex(tab.form.keyworker.findData(keyworker))
    tab.refresh_panel()
    tick(tab, "MSM Group")
    assert not tab.save()
    edit = tab.justification_edit("MSM Group")
    message = tab._justifications[next(iter(tab._justifications))][1]
    assert message.message == \
        "MSM Group needs review: write a short justification for the referral."
    qtbot.keyClicks(edit, "Agreed with the service user")
    assert tab.save()


def test_a_group_they_cannot_join_has_no_tick(qtbot, tab) -> None:
    fill_person(qtbot, tab)
    tab.refresh_panel()
    row = next(i for i, r in enumerate(tab.model.rows()) if r.group == "Low Dose Group")
    assert not tab.model.flags(tab.model.index(row, 0)) & Qt.ItemFlag.ItemIsUserCheckable


def test_leaving_the_tab_with_unsaved_changes_asks_first(qtbot, window, answers) -> None:
    window.tabs.setCurrentIndex(3)
    qtbot.keyClicks(window.tab(IntakeTab).form.given_name, "Robin")
    answers["confirm"] = False
    window.tabs.setCurrentIndex(0)
    assert window.tabs.currentIndex() == 3
    assert "not saved" in answers["asked"][-1]
    answers["confirm"] = True
    window.tabs.setCurrentIndex(0)
    assert window.tabs.currentIndex() == 0
    assert window.tab(IntakeTab).form.given_name.text() == ""


def test_after_discarding_on_leaving_nothing_typed_lands_in_the_hidden_form(
        qtbot, window, answers) -> None:
    """Ctrl+2 from an edited form, Discard: focus is on the timetable, and what is typed next
    does not go into the intake form (which would mark it unsaved again)."""
    window.show()
    window.show_tab(IntakeTab)
    intake = window.tab(IntakeTab)
    qtbot.keyClicks(intake.form.given_name, "Robin")
    answers["confirm"] = True
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 1
    focused = QApplication.focusWidget()
    assert focused is not None and not intake.isAncestorOf(focused)
    qtbot.keyClicks(focused, "xyz")
    assert intake.form.given_name.text() == "" and not intake.has_unsaved_changes()


def test_closing_the_window_with_unsaved_changes_asks_first(qtbot, window, answers) -> None:
    window.show()
    window.tabs.setCurrentIndex(3)
    qtbot.keyClicks(window.tab(IntakeTab).form.family_name, "Ashworth")
    answers["confirm"] = False
    assert not window.close()
    answers["confirm"] = True
    assert window.close()


def test_every_field_has_an_accessible_name_and_a_tab_stop(tab) -> None:
    fields = [w for kind in (QLineEdit, QComboBox, QPlainTextEdit, QSpinBox)
              for w in tab.form.findChildren(kind)
              if not isinstance(w.parent(), QComboBox | QSpinBox)]
    assert len(fields) >= 30
    for field in fields:
        assert field.accessibleName(), field
        assert field.focusPolicy() & Qt.FocusPolicy.TabFocus


def test_the_form_is_filled_in_order_by_keyboard(qtbot, tab) -> None:
    """Tab from the first name walks the person fields in reading order."""
    form = tab.form
    form.given_name.setFocus()
    order = []
    widget = form.given_name
    for _ in range(5):
        widget = widget.nextInFocusChain()
        while not widget.focusPolicy() & Qt.FocusPolicy.TabFocus or not widget.isEnabled():
            widget = widget.nextInFocusChain()
        order.append(widget.accessibleName())
    assert order == ["Last name", "Preferred name", "Date of birth", "Sex",
                     "Man who has sex with men"]


def test_searching_as_you_type_is_audited_once_when_it_settles(qtbot, tab, db) -> None:
    """Keystrokes are reads; one audit row is written when the search settles."""
    from recovery_desk.domain.store.models import AuditEvent

    def searches() -> int:
        with db.reading() as tx:
            return len(tx.scalars(select(AuditEvent).where(
                AuditEvent.action == "search")).all())

    qtbot.keyClicks(tab.search, "ashworth")
    qtbot.waitUntil(lambda: tab.results.isVisible(), timeout=10_000)
    assert tab.results.item(0).text().startswith("No one found")
    assert searches() == 0
    qtbot.waitUntil(lambda: searches() == 1, timeout=10_000)
    tab.record_search()
    assert searches() == 1


def test_save_and_book_opens_booking_on_each_referred_group(context, shown,
        qtbot, tab, db, actor, keyworker, monkeypatch, answers) -> None:
    """Saved with two groups referred, the booking dialog opens on the first; it books it,
    stays open, and the other referred group is booked from it too."""
    from recovery_desk.domain.store.models import Place
    from recovery_desk.views.person.booking_dialog import BookingDialog

    fill_person(qtbot, tab)
    tab.form.keyworker.setCurrentIndex(tab.form.keyworker.findData(keyworker))
    tab.form.substances["alcohol"].setValue(15)
    tab.form.goals["reduce_drinking"].setChecked(True)
    tab.refresh_panel()
    tick(tab, "Reduced Drinking Programme")
    tick(tab, "Recovery Skills")

    def book_both(dialog: BookingDialog) -> None:
        first = dialog.chosen_group().name
        dialog.book()
        other = next(i for i, c in enumerate(dialog.choices) if c.problem is None
                     and c.name in {"Recovery Skills", "Reduced Drinking Programme"}
                     and c.name != first)
        dialog.groups.setCurrentRow(other)
        dialog.book()
        assert {first, dialog.chosen_group().name} == {"Recovery Skills",
                                                       "Reduced Drinking Programme"}

    monkeypatch.setattr(BookingDialog, "exec", book_both)
    dialog = tab.save_and_book()
    assert dialog is not None and len(dialog.booked) == 2
    with db.reading() as tx:
        assert len(tx.scalars(select(Place)).all()) == 2


def test_after_discarding_on_a_tab_switch_typing_goes_to_the_new_tab(
        qtbot, window, answers) -> None:
    """Edit a first name, press Ctrl+2, accept Discard: what is typed next does not land in
    the hidden form, nor mark it unsaved again."""
    from recovery_desk.views.timetable.timetable_tab import TimetableTab

    intake = window.show_tab(IntakeTab)
    qtbot.keyClicks(intake.form.given_name, "Robin")
    answers["confirm"] = True
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    timetable = window.tab(TimetableTab)
    assert window.current_tab() is timetable
    assert QApplication.focusWidget() is timetable.grid
    qtbot.keyClicks(QApplication.focusWidget(), "xyz")
    assert intake.form.given_name.text() == "" and not intake.dirty


def test_a_justification_box_comes_between_the_groups_and_save(qtbot, tab, keyworker) -> None:
    """Ticking a needs-review group adds its box in Tab order after the table, before Save."""
    fill_person(qtbot, tab)
    tab.form.keyworker.setCurrentIndex(tab.form.keyworker.findData(keyworker))
    tab.refresh_panel()
    tick(tab, "MSM Group")
    QApplication.processEvents()  # the new box is shown
    tab.window().activateWindow()
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is tab.justification_edit("MSM Group")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is tab.save_button


def test_reception_sees_no_assessment_and_no_msm_question(qtbot, db, actor, answers) -> None:
    from recovery_desk.domain.store.actor import Actor
    from recovery_desk.views.frame.context import DeskContext
    from recovery_desk.vocabulary import StaffRole

    reception = DeskContext(db, Actor(actor.staff_id, "Jo", StaffRole.RECEPTION), location="t")
    tab = IntakeTab(reception)
    qtbot.addWidget(tab)
    tab.show()
    hidden = (tab.form.msm, tab.form.sections["Assessment"], tab.table)
    assert not any(widget.isVisibleTo(tab) for widget in hidden)
    assert tab.form.phone.isVisibleTo(tab) and tab.form.sex.isVisibleTo(tab)
    assert tab.save_button.text() == "&Save contact details"


def test_reception_sees_a_referral_to_the_msm_group_as_a_group(qtbot, tmp_path,
                                                              answers) -> None:
    """Signed in as demo-reception, a person's earlier referrals and the groups waiting to be
    booked say 'a group' for the MSM Group, with no eligibility; demo-keyworker sees both."""
    from recovery_desk.domain.operations.setup import open_database
    from recovery_desk.domain.people import intake_service as intake
    from recovery_desk.domain.service import catalogue_service
    from recovery_desk.views.frame.context import DeskContext
    from recovery_desk.views.person.person_record_dialog import PersonRecordDialog
    from recovery_desk.views.shell.main_window import MainWindow
    from tests.conftest import CATALOGUE

    db, desk = open_database(tmp_path / "demo.sqlite3", CATALOGUE, demo=True,
                             today=date(2026, 11, 27))
    groups = {g.name: g.id for g in catalogue_service.list_groups(db, desk)}
    keyworker = next(k for k in intake.keyworkers(db, desk) if "Demo" in k[1])[0]
    person = intake.save_intake(db, desk, intake.PersonDetails(
        given_name="Sam", family_name="Fictional", date_of_birth=date(1980, 3, 3), sex="male",
        msm=True, keyworker_id=keyworker, consent_to_store=True,
        assessment={"substances": [{"name": "mephedrone", "days_used_last_28": 4}],
                    "goals": ["change_use"]}), [
        intake.ReferralRequest(groups["MSM Group"], "Chemsex support discussed"),
        intake.ReferralRequest(groups["Recovery Skills"])], date(2026, 11, 27))
    window = MainWindow(DeskContext(db, desk, demo=True, location="demo"), signed_in=False)
    qtbot.addWidget(window)
    window.show()

    def sign_in(username: str) -> tuple[str, str]:
        window.sign_in_page.username.setText(username)
        window.sign_in_page.password.setText("demo")
        window.sign_in_page.button.click()
        tab = window.show_tab(IntakeTab)
        assert tab.open_person(person)
        record = PersonRecordDialog.open(tab, window.context, person)
        qtbot.addWidget(record)
        return tab.history.text(), record.referred.text()

    history, book = sign_in("demo-reception")
    assert window.context.actor.role.value == "reception"
    assert "a group (keyworker" in history and "Recovery Skills (keyworker" in history
    assert "MSM" not in history and "eligible" not in history
    assert "a group" in book and "MSM" not in book
    window.lock(idle=False)
    history, book = sign_in("demo-keyworker")
    assert window.context.actor.role.value == "keyworker"
    assert "MSM Group (eligible" in history and "MSM Group" in book
    assert answers["errors"] == []
    db.dispose()
