"""The Referral intake tab: find or start a service user, record the assessment, see each
group's eligibility as the form changes, and save the person with their referrals.

When another desk changes the record that is open, the form follows it (record_follower.py),
and never over unsaved changes."""

from __future__ import annotations

import html
from itertools import pairwise

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from recovery_desk.access import Permission
from recovery_desk.catalogue.details import GroupDetails
from recovery_desk.domain.people import intake_service as intake
from recovery_desk.domain.service import catalogue_service
from recovery_desk.domain.store.changes import CATALOGUE, PEOPLE
from recovery_desk.eligibility import ProfileError, check_groups, parse_profile, referral_problems
from recovery_desk.item_models.eligibility_model import EligibilityModel
from recovery_desk.schedule.phrases import format_date
from recovery_desk.schedule.words import counted
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.frame.desk_tab import DeskTab
from recovery_desk.views.intake.drafts import DraftKeeper
from recovery_desk.views.intake.eligibility_table import ReasonsLabel, eligibility_table
from recovery_desk.views.intake.intake_form import IntakeForm
from recovery_desk.views.intake.person_finder import PersonFinder
from recovery_desk.views.intake.record_follower import RecordFollower
from recovery_desk.views.person.booking_dialog import BookingDialog
from recovery_desk.views.person.person_record_dialog import PersonRecordDialog
from recovery_desk.views.widgets import dialogs
from recovery_desk.views.widgets.form_errors import FieldMessage
from recovery_desk.vocabulary import Outcome

PANEL_DELAY_MS = 120


class IntakeTab(DeskTab):
    reload_on = frozenset({CATALOGUE})

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.dirty = False
        self._groups: list[GroupDetails] = []
        self._justifications: dict[int, tuple[QLineEdit, FieldMessage]] = {}
        self.finder = PersonFinder(context)
        self.finder.chosen.connect(self.open_person)
        self.finder.new_person.connect(self.new_person)
        # Kept by these names for the tab's tests and the screens that drive it.
        self.search, self.results = self.finder.search, self.finder.results
        self.record_search = self.finder.record_search
        scroll = self._build_form()
        self._build_eligibility_table()
        self._build_panel_actions()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PANEL_DELAY_MS)
        self._timer.timeout.connect(self.refresh_panel)
        self._lay_out(scroll)
        self.drafts = DraftKeeper(self)  # an unsaved intake stays with its author

    def _build_form(self) -> QScrollArea:
        """The intake form, in a scroll area."""
        self.form = IntakeForm()
        self.form.changed.connect(self._form_changed)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        # Scrolls both ways: on a small screen at large text nothing is cut off unseen.
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        return scroll

    def _build_eligibility_table(self) -> None:
        """The panel's title and status, and the table of groups they are eligible for."""
        self.panel_title = QLabel()
        self.panel_status = QLabel()
        self.panel_status.setWordWrap(True)
        self.model = EligibilityModel(self)
        self.model.referrals_changed.connect(self._rebuild_justifications)
        self.model.referrals_changed.connect(self._mark_dirty)
        self.table = eligibility_table(self.model)
        self.reasons = ReasonsLabel(self.table)

    def _build_panel_actions(self) -> None:
        """Justifications, earlier referrals, the save buttons and the save status."""
        self.justification_form = QFormLayout()
        self.history = QLabel()
        self.history.setWordWrap(True)
        self.history.setAccessibleName("Earlier referrals")
        self.save_button = QPushButton("&Save person and referrals")
        self.save_button.clicked.connect(self.save)
        self.save_book_button = QPushButton("Save and b&ook the referred groups…")
        self.save_book_button.setToolTip("Saves, then opens booking on the referred groups: "
                                         "choose each one's first session, or its waiting "
                                         "list when it is full.")
        self.save_book_button.clicked.connect(self.save_and_book)
        self.record_button = QPushButton("&View places and attendance…")
        self.record_button.clicked.connect(self.show_record)
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # it names the person
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Save status")
        self.follower = RecordFollower(self.context, self, lambda: self.dirty, self.open_person)
        self.changed_elsewhere = self.follower.notice
        self.context.announced.connect(self._announced)

    def _lay_out(self, scroll: QScrollArea) -> None:
        """The finder above; the form beside the eligibility panel."""
        right = QVBoxLayout()
        for widget in (self.panel_title, self.panel_status, self.table, self.reasons):
            right.addWidget(widget, 1 if widget is self.table else 0)
        right.addLayout(self.justification_form)
        right.addWidget(self.history)
        # In a row under both the form and the panel, so on a small screen at large text the
        # buttons keep their words and the eligibility table keeps its height.
        buttons = QHBoxLayout()
        for button in (self.save_button, self.save_book_button, self.record_button):
            buttons.addWidget(button)
        buttons.addStretch()
        splitter = QSplitter()
        panel = QWidget()
        panel.setLayout(right)
        splitter.addWidget(scroll)
        splitter.addWidget(panel)
        splitter.setSizes([600, 600])
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.finder)
        layout.addWidget(self.changed_elsewhere)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)

    def load(self) -> None:
        """The catalogue's active groups and the keyworkers; the form is left as it is."""
        groups = self.context.run(self, "Referral intake", catalogue_service.list_groups,
                                  include_retired=False)
        keyworkers = self.context.run(self, "Referral intake", intake.keyworkers)
        if groups is None or keyworkers is None:
            return
        self._groups = groups.value
        self.form.set_keyworkers(keyworkers.value)
        self.refresh_panel()

    def apply_permissions(self) -> None:
        clinical = self.context.can(Permission.VIEW_CLINICAL)
        referrals = self.context.can(Permission.RECORD_REFERRALS)
        self.form.show_clinical(clinical)
        for widget in (self.panel_title, self.panel_status, self.table, self.reasons,
                       self.save_book_button):
            widget.setVisible(referrals)
        self.save_button.setText("&Save person and referrals" if referrals
                                 else "&Save contact details")

    def first_control(self) -> QWidget:
        return self.search

    # ------------------------------------------------------------ the person open
    def open_person(self, person_id: int) -> bool:
        if not self.confirm_discard():
            return False
        opened = self.context.run(self, "Cannot open the record", intake.open_person, person_id)
        if opened is None:
            return False
        details, referrals = opened.value
        self.follower.follow(person_id)
        self.form.load(details)
        self.model.clear_referrals()
        self._show_history(referrals)
        self.dirty = False
        self.status.setText(f"Opened {details.name}.")
        self.refresh_panel()
        return True

    def new_person(self) -> bool:
        if not self.confirm_discard():
            return False
        self.form.clear()
        self.model.clear_referrals()
        self._show_history([])
        self.dirty = False
        self.follower.follow(None)
        self.status.setText("New person.")
        self.refresh_panel()
        self.form.given_name.setFocus()
        return True

    def discard_changes(self) -> None:
        """Back to the last saved state: the open person as stored, or an empty form."""
        self.dirty = False
        if self.form.person_id is not None:
            self.open_person(self.form.person_id)
        else:
            self.new_person()

    def has_unsaved_changes(self) -> bool:
        return self.dirty

    def _announced(self, kinds: frozenset[str]) -> None:
        """If the open record changed (at another desk, or in a dialog of this one): show it,
        or keep unsaved work and say so."""
        if PEOPLE not in kinds:
            return
        told = self.follower.check(self.form.given_name.text().strip() or "this person")
        if told is not None and not self.changed_elsewhere.isVisible():
            self.status.setText(told)

    def _refused_fields(self, problems: dict[str, str]) -> None:
        self.form.show_problems(problems)
        if problems:
            self.status.setText("Not saved: fix the marked fields.")

    def confirm_leave(self) -> bool:
        return self.confirm_discard()

    def confirm_discard(self) -> bool:
        """True if there is nothing unsaved, or the user agrees to lose it."""
        return not self.dirty or dialogs.confirm(
            self, "Unsaved changes", "This person's details or referrals have changes that are "
            "not saved. Discard them?", "Discard changes")

    def _show_history(self, referrals: list[intake.ReferralSummary]) -> None:
        lines = [f"{format_date(r.made_on)}: {r.group} ("
                 + (f"{r.outcome.value.replace('_', ' ')}, " if r.outcome else "")
                 + f"keyworker {r.keyworker})" for r in referrals]
        self.history.setText("<b>Earlier referrals</b><br>" + "<br>".join(map(html.escape, lines))
                             if lines else "")

    # ------------------------------------------------------------ the live panel
    def _form_changed(self) -> None:
        self._mark_dirty()
        self._timer.start()

    def _mark_dirty(self) -> None:
        self.dirty = True

    def refresh_panel(self) -> None:
        today = self.context.today()
        self.panel_title.setText(f"<b>Eligibility on {format_date(today)}</b>")
        details, problems = self.form.details(today)
        if not self.form.date_of_birth.text().strip():
            self.panel_status.setText("Enter a date of birth to see eligibility.")
            self.model.set_rows([])
            return
        if "date_of_birth" in problems or details.date_of_birth is None:
            self.panel_status.setText("Eligibility cannot be worked out yet: the date of birth "
                                      "is not a real date. "
                                      + problems.get("date_of_birth", ""))
            self.model.set_rows([])
            return
        try:
            profile = parse_profile(details.profile(), today)
        except ProfileError as error:
            self.panel_status.setText("Eligibility cannot be worked out yet: "
                                      + "; ".join(error.problems) + ".")
            self.model.set_rows([])
            return
        results = check_groups(profile, self._groups, today)
        counts = {o: sum(r.outcome is o for r in results) for o in Outcome}
        self.panel_status.setText(
            f"{counts[Outcome.ELIGIBLE]} eligible, "
            f"{counted(counts[Outcome.NEEDS_REVIEW], 'needs')} review, "
            f"{counts[Outcome.NOT_ELIGIBLE]} not eligible. Tick Refer for each group to refer to.")
        self.model.set_rows(results)

    def _rebuild_justifications(self) -> None:
        kept = {gid: edit.text() for gid, (edit, _) in self._justifications.items()}
        while self.justification_form.rowCount():
            self.justification_form.removeRow(0)
        self._justifications.clear()
        for result in self.model.referred():
            if result.outcome is not Outcome.NEEDS_REVIEW:
                continue
            assert result.group_id is not None
            edit = QLineEdit(kept.get(result.group_id, ""))
            edit.setAccessibleName(f"Why refer to {result.group}")
            edit.setPlaceholderText("Required: a short justification")
            edit.textEdited.connect(self._mark_dirty)
            message = FieldMessage(edit)
            box = QVBoxLayout()
            box.addWidget(edit)
            box.addWidget(message)
            caption = QLabel(f"Why refer to {result.group} (needs review)?")
            caption.setTextFormat(Qt.TextFormat.PlainText)
            caption.setWordWrap(True)
            caption.setBuddy(edit)
            self.justification_form.addRow(caption, box)
            self._justifications[result.group_id] = (edit, message)
        # New boxes join the end of the Tab order; put them where they are on screen, between
        # the groups ticked and Save.
        chain = [self.table, *(edit for edit, _ in self._justifications.values()),
                 self.save_button]
        for before, after in pairwise(chain):
            self.setTabOrder(before, after)

    def justification_edit(self, group: str) -> QLineEdit:
        result = next(r for r in self.model.referred() if r.group == group)
        assert result.group_id is not None
        return self._justifications[result.group_id][0]

    # ------------------------------------------------------------ saving
    def save_and_book(self) -> BookingDialog | None:
        """Save, then open the booking dialog on the first group just referred to, where the
        desk chooses its first session (and books any other referred group in turn)."""
        # A group ticked for referral is a stored one: each has its id.
        groups = [r.group_id for r in self.model.referred() if r.group_id is not None]
        if not self.save():
            return None
        assert self.form.person_id is not None
        dialog = BookingDialog.open(self, self.context, self.form.person_id,
                                    groups[0] if groups else None)
        if dialog is not None:
            dialog.exec()
        return dialog

    def show_record(self) -> PersonRecordDialog | None:
        if self.form.person_id is None:
            dialogs.show_error(self, "No record yet", "Save the person first, or find them "
                               "with the search.")
            return None
        dialog = PersonRecordDialog.open(self, self.context, self.form.person_id)
        if dialog is not None:
            dialog.exec()
        return dialog

    def save(self) -> bool:
        today = self.context.today()
        self._timer.stop()
        self.refresh_panel()
        details, problems = self.form.details(today)
        referred = self.model.referred()
        missing = False
        needing_keyworker = []
        for result in referred:
            assert result.group_id is not None
            edit = self._justifications.get(result.group_id)
            refused = referral_problems(result, details.name, details.keyworker_id is not None,
                                        edit[0].text() if edit else "")
            if "keyworker" in refused:
                needing_keyworker.append(result.group)
            if edit is not None:
                edit[1].show_message(refused.get("justification"))
            missing |= bool(refused)
        if needing_keyworker:
            problems["keyworker"] = ("Choose the keyworker making this referral: "
                                     + ", ".join(needing_keyworker)
                                     + (" needs" if len(needing_keyworker) == 1 else " need")
                                     + " one.")
        self.status.clear()
        self.form.show_problems(problems)
        if problems or missing:
            self.status.setText("Not saved: fix the marked fields.")
            return False
        requests = [intake.ReferralRequest(
            r.group_id, self._justifications[r.group_id][0].text()
            if r.group_id in self._justifications else "")
            for r in referred if r.group_id is not None]
        saved = self.context.run_form(self, "Not saved", self._refused_fields,
                                      intake.save_intake, details, requests, today)
        if saved is None:
            if not self.status.text().startswith("Not saved: fix"):
                self.status.setText("Not saved: see the message.")
            return False
        self.form.person_id = person_id = saved.value
        self.follower.follow(person_id)
        opened = self.context.run(self, "Saved, but not reopened", intake.open_person,
                                  person_id)
        self._show_history(opened.value[1] if opened else [])
        self.model.clear_referrals()
        self.dirty = False
        self.status.setText(f"Saved {details.name}" + (
            f" with {counted(len(requests), 'referral')}." if requests else "."))
        return True
