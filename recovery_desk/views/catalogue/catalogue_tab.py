"""The Catalogue tab: every group, a filter, a detail pane, and the manager's add, edit, retire,
and the service's own details (name, address, phone, the small-number rule)."""

from __future__ import annotations

import html

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from recovery_desk.access import Permission
from recovery_desk.catalogue.details import GroupDetails
from recovery_desk.catalogue.policies import POLICIES
from recovery_desk.domain.service import catalogue_service, service_details
from recovery_desk.domain.store.changes import CATALOGUE
from recovery_desk.item_models.group_table_model import (
    CAPACITY,
    FORMAT,
    GROUP_ROLE,
    NAME,
    SCHEDULE,
    SEARCH_ROLE,
    STATUS,
    GroupTableModel,
)
from recovery_desk.schedule.words import counted
from recovery_desk.views.catalogue.group_editor import GroupEditor
from recovery_desk.views.catalogue.service_details_dialog import ServiceDetailsDialog
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.frame.desk_tab import DeskTab
from recovery_desk.views.person.waiting_list_dialog import WaitingListDialog, show_waiting_list
from recovery_desk.views.widgets import dialogs
from recovery_desk.views.widgets.column_shares import ColumnShares
from recovery_desk.views.widgets.split_share import SplitShare, split


class GroupFilter(QSortFilterProxyModel):
    """Matches every word typed against a group's name, schedule and who it is for."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.words: list[str] = []
        self.show_retired = True

    def set_text(self, text: str) -> None:
        self.words = text.casefold().split()
        self.invalidate()

    def set_show_retired(self, show: bool) -> None:
        self.show_retired = show
        self.invalidate()

    def filterAcceptsRow(self, row: int, parent) -> bool:
        index = self.sourceModel().index(row, NAME, parent)
        group: GroupDetails = index.data(GROUP_ROLE)
        if not self.show_retired and not group.active:
            return False
        haystack = index.data(SEARCH_ROLE)
        return all(word in haystack for word in self.words)


def describe(group: GroupDetails) -> str:
    """The detail pane's text, as HTML."""
    def row(label: str, value: str) -> str:
        return f"<tr><th align='left' valign='top'>{label}</th><td>{html.escape(value)}</td></tr>"

    settings = group.settings()
    policies = "".join(row(POLICIES[key].label, POLICIES[key].words(value))
                       for key, value in settings.items())
    status = "" if group.active else "<p><b>Retired</b>: no new bookings; history is kept.</p>"
    tbc = "<p><i>Name to be confirmed by the service.</i></p>" if group.name_to_be_confirmed \
        else ""
    return (
        f"<h2>{html.escape(group.name)}</h2>{tbc}{status}"
        f"<p>{html.escape(group.description)}</p>"
        "<table cellspacing='6'>"
        + row("When", group.schedule_words)
        + row("Format", group.format_words)
        + row("Length", group.length_words)
        + row("Joining", group.joining_words)
        + row("Referral", group.referral_words)
        + row("Who it is for", group.who_for)
        + row("Capacity", counted(group.capacity, "place"))
        + "</table><h3>Policies</h3><table cellspacing='6'>" + policies + "</table>"
    )


COLUMN_SHARES = {NAME: 0.28, SCHEDULE: 0.3, FORMAT: 0.2, CAPACITY: 0.1, STATUS: 0.12}
"""Each column's share of the table's width."""


class CatalogueTab(DeskTab):
    reload_on = frozenset({CATALOGUE})

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.model = GroupTableModel(self)
        self.proxy = GroupFilter(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._build_groups_table()
        self._build_details_pane()
        self._lay_out()
        self._set_tab_order()

    def _build_groups_table(self) -> None:
        """The filter, the retired-groups switch and the table of groups."""
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter groups: name, day, who it is for")
        self.filter.setAccessibleName("Filter groups")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.set_text)
        self.show_retired = QCheckBox("Show &retired groups")
        self.show_retired.setChecked(True)
        self.show_retired.toggled.connect(self.proxy.set_show_retired)

        self.table = QTableView()
        self.table.setAccessibleName("Groups")
        self.table.setTabKeyNavigation(False)  # arrows within, Tab out
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        # Names and days wrap within their columns, so on a small screen or at large text
        # the table fits its pane and every column stays in sight.
        self.columns = ColumnShares(self.table, COLUMN_SHARES)
        self.table.selectionModel().currentRowChanged.connect(self._show_current)
        self.table.doubleClicked.connect(self.edit_group)

    def _build_details_pane(self) -> None:
        """The selected group's details and the buttons that act on the catalogue."""
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Group details")
        self.detail.setOpenLinks(False)
        self.add_button = QPushButton("&Add group…")
        self.edit_button = QPushButton("&Edit…")
        self.retire_button = QPushButton("Re&tire")
        self.service_button = QPushButton("Ser&vice details…")
        self.service_button.setAccessibleName("Service details: name, address, phone")
        self.waiting_button = QPushButton("&Waiting list…")
        self.waiting_button.setAccessibleName("Waiting list of the selected group")
        for button, handler in ((self.add_button, self.add_group),
                                (self.edit_button, self.edit_group),
                                (self.retire_button, self.toggle_retired),
                                (self.service_button, self.edit_service_details),
                                (self.waiting_button, self.show_waiting_list)):
            button.clicked.connect(handler)
        self.count = QLabel()

    def _lay_out(self) -> None:
        """The groups on the left; the selected group's details and buttons on the right."""
        left = QVBoxLayout()
        left.addWidget(self.filter)
        left.addWidget(self.show_retired)
        left.addWidget(self.table)
        left.addWidget(self.count)
        # Two rows, so the details pane stays narrow enough for the table to show every
        # column on a small screen at large text.
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.retire_button):
            buttons.addWidget(button)
        buttons.addStretch()
        service = QHBoxLayout()
        service.addWidget(self.waiting_button)
        service.addWidget(self.service_button)
        service.addStretch()
        right = QVBoxLayout()
        right.addWidget(self.detail)
        right.addLayout(buttons)
        right.addLayout(service)
        groups, details = QWidget(), QWidget()
        groups.setLayout(left)
        details.setLayout(right)
        splitter = split(groups, details)
        # The table gets what its headings and longest words need; the details the rest.
        self.sharing = SplitShare(splitter, self.columns.needs, side_chars=60)
        outer = QVBoxLayout(self)
        outer.addWidget(splitter)

    def _set_tab_order(self) -> None:
        """Tab moves from the filter through the table to the details and buttons."""
        self.setTabOrder(self.filter, self.show_retired)
        self.setTabOrder(self.show_retired, self.table)
        self.setTabOrder(self.table, self.detail)
        self.setTabOrder(self.detail, self.add_button)
        self.setTabOrder(self.add_button, self.edit_button)
        self.setTabOrder(self.edit_button, self.retire_button)
        self.setTabOrder(self.retire_button, self.waiting_button)
        self.setTabOrder(self.waiting_button, self.service_button)

    def apply_permissions(self) -> None:
        manager = self.context.can(Permission.EDIT_CATALOGUE)
        for button in (self.add_button, self.edit_button, self.retire_button,
                       self.service_button):
            button.setVisible(manager)

    def first_control(self) -> QWidget:
        return self.filter

    def load(self) -> None:
        keep = self.current_group()
        groups = self.context.run(self, "Catalogue", catalogue_service.list_groups)
        if groups is None:
            return
        self.model.set_rows(groups.value)
        self.count.setText(counted(self.model.rowCount(), "group"))
        self.select_group(keep.id if keep else None)

    def current_group(self) -> GroupDetails | None:
        index = self.table.currentIndex()
        return index.data(GROUP_ROLE) if index.isValid() else None

    def select_group(self, group_id: int | None) -> None:
        row = self.model.row_of(group_id) if group_id is not None else None
        if row is None:
            proxy_index = self.proxy.index(0, NAME)
        else:
            proxy_index = self.proxy.mapFromSource(self.model.index(row, NAME))
        if proxy_index.isValid():
            self.table.setCurrentIndex(proxy_index)
        self._show_current()

    def _show_current(self, *_: object) -> None:
        group = self.current_group()
        self.detail.setHtml(describe(group) if group else "<p>No group selected.</p>")
        self.edit_button.setEnabled(group is not None)
        self.retire_button.setEnabled(group is not None)
        self.waiting_button.setEnabled(group is not None)
        self.retire_button.setText("Re&store" if group and not group.active else "Re&tire")

    def show_waiting_list(self) -> WaitingListDialog | None:
        """The selected group's waiting list, to answer offers from."""
        group = self.current_group()
        chosen = [(group.id, group.name)] if group and group.id is not None else []
        return show_waiting_list(self, self.context, chosen)

    def _names_except(self, group: GroupDetails | None) -> set[str]:
        # The model already holds every group, retired ones included; no need to ask again.
        return {g.name for g in self.model.rows() if group is None or g.id != group.id}

    def open_editor(self, group: GroupDetails | None) -> GroupEditor:
        return GroupEditor(self, self.context, self._names_except(group), group)

    def _after_edit(self, editor: GroupEditor) -> None:
        if editor.saved is not None:
            self.select_group(editor.saved.id)

    def add_group(self) -> None:
        editor = self.open_editor(None)
        editor.exec()
        self._after_edit(editor)

    def edit_group(self, *_: object) -> None:
        group = self.current_group()
        if group is None or not self.context.can(Permission.EDIT_CATALOGUE):
            return
        editor = self.open_editor(group)
        editor.exec()
        self._after_edit(editor)

    def open_service_details(self) -> ServiceDetailsDialog | None:
        read = self.context.run(self, "Service details", service_details.service_details)
        return ServiceDetailsDialog(self, self.context, read.value) if read else None

    def edit_service_details(self) -> None:
        """The manager's service name, address, phone and small-number rule."""
        if not self.context.can(Permission.EDIT_CATALOGUE):
            return
        dialog = self.open_service_details()
        if dialog is not None:
            dialog.exec()

    def toggle_retired(self) -> None:
        group = self.current_group()
        if group is None:
            return
        if group.active and not dialogs.confirm(
                self, "Retire group",
                f"Retire {group.name}? It leaves the timetable and takes no new bookings. "
                "Its history (referrals, places, registers) is kept, and it can be restored.",
                "Retire"):
            return
        assert group.id is not None  # a group in the catalogue is a stored one
        if self.context.run(self, "Cannot change the group", catalogue_service.set_group_active,
                            group.id, not group.active) is not None:
            self.select_group(group.id)
