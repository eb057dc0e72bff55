"""Table columns that share the table's width: each column gets its share of the width there
is, and never less than its heading or its longest word needs, so on a small screen or at
large text every column stays in sight and long text wraps, between words, within its column
instead of running off the side. Used by the catalogue, cohort review and reports tabs."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtWidgets import QHeaderView, QTableView

HEADING_PADDING = 30
"""Room beside a heading's words for the sort arrow and the margins."""
HEADER_MARGINS = 10
"""Room above and below a heading's lines."""
WORD_WRAP = Qt.AlignmentFlag(int(Qt.TextFlag.TextWordWrap))
"""A header paints its text with its alignment's flags: this one wraps it between words."""
CELL_PADDING = 12
"""Room beside a cell's words for its margins and the grid line."""


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
        model = table.model()
        if model is not None:  # new rows may hold longer words
            for signal in (model.modelReset, model.layoutChanged, model.rowsInserted,
                           model.dataChanged):
                signal.connect(self.fit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return False

    def needs(self, columns: Iterable[int] | None = None) -> int:
        """The table's width when every column (or those given) is as narrow as its words
        allow."""
        return sum(self._needed(columns).values()) + 2 * self.table.frameWidth() \
            + self.table.verticalScrollBar().sizeHint().width()

    def _needed(self, columns: Iterable[int] | None = None) -> dict[int, int]:
        header = self.table.horizontalHeader()
        model = self.table.model()
        metrics = header.fontMetrics()
        # Headings wrap between words too (see wrap_headings), so a word is what they need.
        return {column: max(max((metrics.horizontalAdvance(word) for word in str(
                    model.headerData(column, header.orientation()) or "").split()),
                                default=0) + HEADING_PADDING,
                            self._longest_word(column))
                for column in (self.shares if columns is None else columns)}

    def _wrap_headings(self, widths: dict[int, int]) -> None:
        """Headings wider than their column wrap between words; the header grows to fit."""
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(header.defaultAlignment() | WORD_WRAP)
        metrics, model = header.fontMetrics(), self.table.model()
        lines = max((metrics.boundingRect(QRect(0, 0, max(width - HEADING_PADDING, 1), 0),
                                          int(WORD_WRAP), str(model.headerData(
                                              column, header.orientation()) or "")).height()
                     for column, width in widths.items()), default=0)
        header.setFixedHeight(max(lines, metrics.height()) + HEADER_MARGINS)

    def fit(self) -> None:
        """Headings and words first: a column whose share is narrower than its heading or its
        longest word gets that width, and the others share what is left."""
        header = self.table.horizontalHeader()
        needed = self._needed()
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
        self._wrap_headings(widths)
        self.table.resizeRowsToContents()

    def _longest_word(self, column: int) -> int:
        """The widest word in the column's cells, with the cell's margins."""
        model, metrics = self.table.model(), self.table.fontMetrics()
        words = {word for row in range(model.rowCount())
                 for word in str(model.index(row, column).data() or "").split()}
        return max((metrics.horizontalAdvance(word) for word in words), default=0) \
            + CELL_PADDING
