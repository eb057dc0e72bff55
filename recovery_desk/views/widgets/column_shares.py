"""Table columns that share the table's width: each column gets its share of the width there
is, and never less than its heading needs, so on a small screen or at large text every column
stays in sight and long text wraps within its column instead of running off the side. Used by
the catalogue tab."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QTableView

HEADING_PADDING = 24
"""Room beside a heading's words for the sort arrow and the margins."""


class ColumnShares(QObject):
    def __init__(self, table: QTableView, shares: dict[int, float]) -> None:
        super().__init__(table)
        self.table, self.shares = table, shares
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        table.setWordWrap(True)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def fit(self) -> None:
        """Headings first: a column whose share is narrower than its heading gets the
        heading's width, and the others share what is left."""
        header = self.table.horizontalHeader()
        model = self.table.model()
        metrics = header.fontMetrics()
        needed = {column: metrics.horizontalAdvance(
                      str(model.headerData(column, header.orientation()) or ""))
                  + HEADING_PADDING for column in self.shares}
        width = self.table.viewport().width()
        sharing = dict(self.shares)
        widths: dict[int, int] = {}
        while sharing:
            room = width - sum(widths.values())
            total = sum(sharing.values())
            narrow = {c for c, share in sharing.items() if room * share / total < needed[c]}
            if not narrow:
                widths.update({c: int(room * share / total) for c, share in sharing.items()})
                break
            for column in narrow:
                widths[column] = needed[column]
                del sharing[column]
        for column, value in widths.items():
            header.resizeSection(column, value)
