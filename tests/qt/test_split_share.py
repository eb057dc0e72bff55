"""The main part and a side pane sharing a splitter: the main part gets what its words need,
the side pane the rest up to its limit, a wide screen's extra goes to the main part, the side
pane folds away when dragged to the edge, and a divider moved by hand stays put."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton, QSplitter

from recovery_desk.views.widgets.split_share import SIDE_CHARS, SplitShare, split


def _shared(qtbot, width: int, needs: int) -> tuple[QSplitter, SplitShare]:
    splitter = split(QLabel("main"), QPushButton("A side pane's button"))
    sharing = SplitShare(splitter, lambda: needs)
    qtbot.addWidget(splitter)
    splitter.resize(width, 300)
    splitter.show()
    qtbot.wait(10)
    return splitter, sharing


def test_the_main_part_gets_its_needs_and_the_side_the_rest(qtbot) -> None:
    """Narrow: the side pane takes what is left (never less than its button needs)."""
    splitter, _ = _shared(qtbot, 700, 500)
    main, side = splitter.sizes()
    assert main == sum(splitter.sizes()) - side
    assert side == max(splitter.widget(1).minimumSizeHint().width(),
                       min(sum(splitter.sizes()) - 500, int(sum(splitter.sizes()) * 0.36)))


def test_a_wide_screen_gives_the_extra_to_the_main_part(qtbot) -> None:
    """Wide: the side pane stops at its limit; the main part takes everything else."""
    splitter, _ = _shared(qtbot, 2400, 500)
    limit = SIDE_CHARS * splitter.fontMetrics().averageCharWidth()
    assert splitter.sizes()[1] == limit
    assert splitter.sizes()[0] > 2400 - limit - 20


def test_the_side_pane_folds_away_and_a_hand_moved_divider_stays(qtbot) -> None:
    """Dragged to the edge the side pane folds; resizing then leaves the person's choice."""
    splitter, sharing = _shared(qtbot, 900, 500)
    splitter.moveSplitter(splitter.width(), 1)
    assert splitter.sizes()[1] == 0
    assert sharing.by_hand
    splitter.resize(1200, 300)
    qtbot.wait(10)
    assert splitter.sizes()[1] == 0


def test_the_side_pane_folds_by_itself_when_the_main_part_needs_the_room(qtbot) -> None:
    """Too narrow for both: the side pane folds away and its unfold button shows; pressed, the
    pane comes back at its own minimum and the button hides; wide enough again, it stays."""
    splitter = split(QLabel("main"), QPushButton("A side pane's button"))
    sharing = SplitShare(splitter, lambda: 650)
    button = sharing.unfold_button("&Booked ▸", "Show the side pane")
    qtbot.addWidget(splitter)
    qtbot.addWidget(button)
    splitter.resize(700, 300)
    splitter.show()
    button.show()
    qtbot.wait(10)
    assert splitter.sizes()[1] == 0
    assert button.isVisibleTo(button.parentWidget() or button)
    button.click()
    assert splitter.sizes()[1] == splitter.widget(1).minimumSizeHint().width()
    assert not button.isVisible()
