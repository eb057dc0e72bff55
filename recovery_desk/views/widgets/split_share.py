"""A splitter for a screen's main part and a side pane: the main part gets the width its words
need, the side pane the rest up to what its words use well, and a wide screen's extra goes to
the main part; once someone drags the divider, their choice stands. The side pane folds away
when dragged to the edge, or by itself when the main part cannot have its width beside it;
its unfold button then brings it back. Used by the timetable, catalogue, intake and cohort
review tabs, so each fits a 1024-pixel screen at large text and uses the room of a larger
one."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QPushButton, QSplitter, QWidget

SIDE_CHARS = 40
"""The widest a side pane grows by itself, in average characters..."""
SIDE_SHARE = 0.36
"""...and as a share of the splitter's width, so the main part always has most of it."""


class SplitShare(QObject):
    def __init__(self, splitter: QSplitter, main_needs: Callable[[], int],
                 side_chars: int = SIDE_CHARS) -> None:
        super().__init__(splitter)
        self.splitter, self.main_needs, self.side_chars = splitter, main_needs, side_chars
        self.by_hand = False
        self._unfold: QPushButton | None = None
        splitter.setChildrenCollapsible(False)
        splitter.setCollapsible(1, True)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
        splitter.splitterMoved.connect(self._moved)
        # After the splitter has laid itself out at its new size (a resize event reaches this
        # filter first), so the sizes shared are the new ones.
        self._later = QTimer(self)
        self._later.setSingleShot(True)
        self._later.setInterval(0)
        self._later.timeout.connect(self.share)
        splitter.installEventFilter(self)

    def _moved(self, *_: object) -> None:
        self.by_hand = True
        self._show_unfold()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self._later.start()
        return False

    def share(self) -> None:
        """Share the width out again (after a resize, or when the main part's words change)."""
        total = sum(self.splitter.sizes())
        side_pane = self.splitter.widget(1)
        if self.by_hand or total <= 0 or side_pane is None:
            return
        chars = self.splitter.fontMetrics().averageCharWidth()
        side_needs = side_pane.minimumSizeHint().width()
        main_pane = self.splitter.widget(0)
        main_layout = main_pane.layout() if main_pane is not None else None
        # The main part's pane keeps its margins around what needs the width.
        margins = main_layout.contentsMargins() if main_layout is not None else None
        main_needs = self.main_needs() + (margins.left() + margins.right() if margins else 0)
        if total - side_needs < main_needs:
            # No room for both: the side pane folds away (its button brings it back) rather
            # than the main part cutting its words.
            self.splitter.setSizes([total, 0])
        else:
            side = max(side_needs, min(total - main_needs, self.side_chars * chars,
                                       int(total * SIDE_SHARE)))
            self.splitter.setSizes([total - side, side])
        self._show_unfold()

    def unfold_button(self, text: str, name: str) -> QPushButton:
        """A button, shown only while the side pane is folded away, that brings it back (the
        divider then stays where the person leaves it)."""
        self._unfold = QPushButton(text)
        self._unfold.setAccessibleName(name)
        self._unfold.clicked.connect(self.unfold)
        self._unfold.setVisible(False)
        return self._unfold

    def unfold(self) -> None:
        side_pane = self.splitter.widget(1)
        total = sum(self.splitter.sizes())
        side = side_pane.minimumSizeHint().width() if side_pane is not None else 0
        self.by_hand = True
        self.splitter.setSizes([max(total - side, 0), side])
        self._show_unfold()
        if side_pane is not None:
            side_pane.setFocus()

    def _show_unfold(self) -> None:
        if self._unfold is not None:
            self._unfold.setVisible(self.splitter.sizes()[1] == 0)


def split(main: QWidget, side: QWidget) -> QSplitter:
    """A horizontal splitter holding the main part and the side pane."""
    splitter = QSplitter(Qt.Orientation.Horizontal)
    splitter.addWidget(main)
    splitter.addWidget(side)
    return splitter
