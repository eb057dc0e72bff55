"""The Cohort review tab, for keyworkers: each group's places, waiting list, who finishes soon,
the next cohort and occupancy ahead; a group's members and waiting list, with the desk's
actions on them (end a place, answer an offer, reorder)."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from recovery_desk.access import Permission
from recovery_desk.domain.places import booking_service, review_service
from recovery_desk.domain.places import waiting_list_service as waiting
from recovery_desk.domain.store.changes import CATALOGUE, CLOSURES, PEOPLE
from recovery_desk.item_models.review_models import (
    ROW_ROLE,
    GroupReviewModel,
    MemberModel,
    WaitingModel,
    next_cohort_words,
)
from recovery_desk.rows.places import FINISHING_WEEKS, GroupReview
from recovery_desk.schedule.phrases import format_date, read_date
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.frame.desk_tab import DeskTab
from recovery_desk.views.review.occupancy_chart import OccupancyChart
from recovery_desk.views.widgets import dialogs
from recovery_desk.views.widgets.column_shares import ColumnShares
from recovery_desk.views.widgets.tables import filter_box, filtered_table
from recovery_desk.vocabulary import WaitingStatus

OFFER = "Offer free places"
GROUP_SHARES = {0: 0.24, 1: 0.1, 2: 0.09, 3: 0.14, 4: 0.1, 5: 0.13, 6: 0.2}
MEMBER_SHARES = {0: 0.3, 1: 0.22, 2: 0.22, 3: 0.26}
WAITING_SHARES = {0: 0.08, 1: 0.3, 2: 0.17, 3: 0.22, 4: 0.23}
"""Each column's share of its table's width: columns wrap rather than run off the side."""
NOBODY_OFFERED = "nobody (no free place, or nobody waiting is eligible and referred)"


def _titled(title: str, filter_line: QWidget) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(QLabel(title))
    row.addWidget(filter_line, 1)
    return row


def _pane(layout: QHBoxLayout | QVBoxLayout) -> QWidget:
    pane = QWidget()
    pane.setLayout(layout)
    return pane


class ReviewTab(DeskTab):
    reload_on = frozenset({CATALOGUE, PEOPLE, CLOSURES})

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.groups_model = GroupReviewModel(self)
        self.members_model = MemberModel(self)
        self.waiting_model = WaitingModel(self)
        self._build_groups_panel()
        self._build_places_panel()
        self._lay_out()

    def _build_groups_panel(self) -> None:
        """The groups; for the chosen one, its occupancy, who finishes soon and its next cohort."""
        self.group_filter = filter_box("Filter groups")
        self.groups = filtered_table(self.groups_model, "Groups and their places",
                                     self.group_filter)
        self.groups.selectionModel().currentRowChanged.connect(self._show_group)
        self.group_columns = ColumnShares(self.groups, GROUP_SHARES)
        self.chart = OccupancyChart()
        self.finishing = QLabel()
        self.finishing.setWordWrap(True)
        self.finishing.setAccessibleName(f"Finishing in the next {FINISHING_WEEKS} weeks")
        self.cohort = QLabel()
        self.cohort.setWordWrap(True)
        self.cohort_button = self._button("Open new coh&ort…", self.open_cohort)

    def _build_places_panel(self) -> None:
        """The chosen group's members and waiting list, and the buttons that act on them."""
        self.member_filter = filter_box("Filter members")
        self.members = filtered_table(self.members_model, "Members", self.member_filter,
                                      sort_column=2)
        self.end_button = self._button("&End place…", self.end_place)
        self.waiting_filter = filter_box("Filter the waiting list")
        self.waiting_table = filtered_table(self.waiting_model, "Waiting list", self.waiting_filter)
        self.offer_button = self._button("O&ffer free places", self.offer)
        self.accept_button = self._button("&Accept offer", self.accept_offer)
        self.decline_button = self._button("De&cline offer…", self.decline_offer)
        self.skip_button = self._button("S&kip offer…", self.skip_offer)
        self.up_button = self._button("Move &up…", lambda: self.change_order(-1))
        self.down_button = self._button("Move do&wn…", lambda: self.change_order(1))
        self.member_columns = ColumnShares(self.members, MEMBER_SHARES)
        self.waiting_columns = ColumnShares(self.waiting_table, WAITING_SHARES)
        for table in (self.members, self.waiting_table):
            table.selectionModel().currentRowChanged.connect(self._selection_changed)
            table.model().modelReset.connect(self._selection_changed)

    def _lay_out(self) -> None:
        """The groups across the top; below, the chosen group's members, its waiting list,
        and its occupancy ahead and next cohort, each on a page of its own, so on a small
        screen each table has the width and height for most of its rows. A divider between
        the groups and the chosen group gives either more room."""
        outlook = QVBoxLayout()
        outlook.addWidget(self.chart, 1)
        outlook.addWidget(self.finishing)
        cohort_row = QHBoxLayout()
        cohort_row.addWidget(self.cohort, 1)
        cohort_row.addWidget(self.cohort_button, 0, Qt.AlignmentFlag.AlignTop)
        outlook.addLayout(cohort_row)
        members = QVBoxLayout()
        members.addLayout(_titled("<b>Members</b>", self.member_filter))
        members.addWidget(self.members, 1)
        members.addWidget(self.end_button, 0, Qt.AlignmentFlag.AlignLeft)
        waiting_list = QVBoxLayout()
        waiting_list.addLayout(_titled("<b>Waiting list</b>", self.waiting_filter))
        waiting_list.addWidget(self.waiting_table, 1)
        actions = QGridLayout()
        for number, button in enumerate((self.offer_button, self.accept_button,
                                         self.decline_button, self.skip_button,
                                         self.up_button, self.down_button)):
            actions.addWidget(button, number // 3, number % 3)
        waiting_list.addLayout(actions)
        self.pages = QTabWidget()
        self.pages.setAccessibleName("The chosen group")
        for layout, title in ((members, "&Members"), (waiting_list, "Waiting &list"),
                              (outlook, "Occupancy and ne&xt cohort")):
            self.pages.addTab(_pane(layout), title)
        top = QVBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.group_filter)
        top.addWidget(self.groups, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(_pane(top))
        self.splitter.addWidget(self.pages)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        QVBoxLayout(self).addWidget(self.splitter)

    def _share_height(self) -> None:
        """The groups get the height of their rows, up to two fifths of the tab; the chosen
        group the rest."""
        total = sum(self.splitter.sizes())
        if total <= 0:
            return
        rows = sum(self.groups.rowHeight(row) for row in range(self.groups_model.rowCount()))
        wanted = (self.group_filter.sizeHint().height() + self.groups.horizontalHeader().height()
                  + rows + 2 * self.groups.frameWidth() + 8)
        top = min(wanted, total * 2 // 5)
        self.splitter.setSizes([top, total - top])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._share_height()

    def apply_permissions(self) -> None:
        self.cohort_button.setVisible(self.context.can(Permission.OPEN_COHORTS))
        reorder = self.context.can(Permission.REORDER_WAITING_LISTS)
        self.up_button.setVisible(reorder)
        self.down_button.setVisible(reorder)

    def first_control(self) -> QWidget:
        return self.group_filter

    def _button(self, text: str, handler: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(handler)
        return button

    # ------------------------------------------------------------ showing
    def load(self) -> None:
        keep = self.current_group()
        groups = self.context.run(self, "Cohort review", review_service.review)
        if groups is None:
            return
        self.groups_model.set_rows(groups.value)
        self._share_height()
        self.select_group(keep.group_id if keep else None)

    def current_group(self) -> GroupReview | None:
        index = self.groups.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def select_group(self, group_id: int | None) -> None:
        proxy = self.groups.model()
        for row in range(proxy.rowCount()):
            review = proxy.index(row, 0).data(ROW_ROLE)
            if group_id is None or review.group_id == group_id:
                self.groups.setCurrentIndex(proxy.index(row, 0))
                break
        self._show_group()

    def _show_group(self, *_: object) -> None:
        review = self.current_group()
        if review is None:
            self.members_model.set_rows([])
            self.waiting_model.set_rows([])
            self.chart.set_data([], 0)
            return
        self.chart.set_data(review.occupancy, review.capacity)
        today = self.context.today()
        read = self.context.run(self, "Cohort review", review_service.members, review.group_id)
        members = read.value if read else []
        horizon = today + timedelta(weeks=FINISHING_WEEKS)
        soon = ", ".join(html.escape(f"{m.name} ({format_date(m.end)})") for m in members
                         if m.end and m.end <= horizon)
        self.finishing.setText(f"<b>Finishing in the next {FINISHING_WEEKS} weeks:</b> "
                               f"{soon or 'nobody'}")
        self.cohort.setText(f"<b>Next cohort:</b> {next_cohort_words(review)}")
        self.cohort_button.setEnabled(review.closed_cohort)
        self.members_model.set_rows(members)
        self._selection_changed()
        entries = self.context.run(self, "Cohort review", waiting.entries, review.group_id)
        self.waiting_model.set_rows(entries.value if entries else [])

    def _selection_changed(self, *_: object) -> None:
        """The actions on a person are usable only with someone selected; an offer's only with
        an offer selected."""
        member = self._selected(self.members)
        entry = self._selected(self.waiting_table)
        offered = entry is not None and entry.status is WaitingStatus.OFFERED
        self.end_button.setEnabled(member is not None)
        for button in (self.accept_button, self.decline_button, self.skip_button):
            button.setEnabled(offered)
        for button in (self.up_button, self.down_button):
            button.setEnabled(entry is not None)
        review = self.current_group()
        self.offer_button.setEnabled(review is not None and review.free > 0
                                     and review.waiting > 0)

    def _selected(self, table: QTableView):
        index = table.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    # ------------------------------------------------------------ acting
    def _act(self, title: str, service: Callable[..., object], *args: object) -> bool:
        done = self.context.run(self, title, service, *args)
        if done is None:
            return False
        if title == OFFER or isinstance(done.value, str):  # a place offered on to someone
            dialogs.show_info(self, title, "The free place is offered to "
                              f"{done.value or NOBODY_OFFERED}.")
        return True

    def end_place(self) -> bool:
        member = self._selected(self.members)
        if member is None:
            return False
        how = dialogs.ask_choice(self, "End place", f"How does {member.name}'s place end?",
                                 [h.value.capitalize() for h in booking_service.Leaving])
        if how is None:
            return False
        reason = dialogs.ask_text(self, "End place", "Reason (kept on their record):")
        if reason is None:
            return False
        return self._act("End place", booking_service.leave, member.enrolment_id,
                         booking_service.Leaving(how.lower()), reason, self.context.today())

    def _offer_row(self):
        row = self._selected(self.waiting_table)
        if row is None or row.status is not WaitingStatus.OFFERED:
            dialogs.show_error(self, "No offer selected",
                               "Select a person whose status is Offered.")
            return None
        return row

    def offer(self) -> bool:
        review = self.current_group()
        if review is None:
            return False
        return self._act(OFFER, waiting.make_offers, review.group_id, self.context.today())

    def accept_offer(self) -> bool:
        row = self._offer_row()
        return row is not None and self._act("Accept offer", waiting.accept, row.entry_id,
                                                 self.context.today())

    def decline_offer(self) -> bool:
        return self._close_offer(waiting.decline, "Decline offer")

    def skip_offer(self) -> bool:
        return self._close_offer(waiting.skip, "Skip offer")

    def _close_offer(self, action, title: str) -> bool:
        row = self._offer_row()
        if row is None:
            return False
        reason = dialogs.ask_text(self, title, f"Reason for {row.name} (kept on the list):")
        return reason is not None and self._act(title, action, row.entry_id, reason,
                                                self.context.today())

    def change_order(self, step: int) -> bool:
        row = self._selected(self.waiting_table)
        if row is None:
            return False
        reason = dialogs.ask_text(self, "Change the order",
                                  f"Why move {row.name} {'up' if step < 0 else 'down'}?")
        return reason is not None and self._act("Change the order", waiting.move, row.entry_id,
                                                max(1, row.position + step), reason)

    def open_cohort(self) -> bool:
        review = self.current_group()
        if review is None:
            return False
        text = dialogs.ask_text(self, "Open new cohort",
                                f"First day of the new {review.group} cohort (e.g. 6/1/2027):")
        if text is None:
            return False
        try:
            start = read_date(text)
        except ValueError as error:
            dialogs.show_error(self, "Open new cohort", str(error))
            return False
        return self._act("Open new cohort", booking_service.open_cohort, review.group_id, start)
