"""Every tab at 1024x700, at 100% and 150% text: the window fits the screen, no button's text
is cut off, and a screenshot of each is saved to look at."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from recovery_desk.views.shell.tab_slots import TABS
from tests.qt.screens import SMALL_SCREEN, TextScale, cut_off_buttons, save


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return Path(os.environ.get("RECOVERY_DESK_SCREENSHOTS", tmp_path))


@pytest.mark.parametrize("scale", [1.0, 1.5], ids=["100%", "150%"])
@pytest.mark.parametrize("spec", TABS, ids=lambda spec: spec.name)
def test_each_tab_fits_a_small_screen(qtbot, context, answers, booked, folder, spec,
                                     scale) -> None:
    from recovery_desk.views.shell.main_window import MainWindow

    with TextScale(scale):
        window = MainWindow(context)
        qtbot.addWidget(window)
        window.resize(*SMALL_SCREEN)
        window.show()
        kind = spec.load()
        tab = window.show_tab(kind)
        QApplication.processEvents()
        assert window.minimumSizeHint().width() <= SMALL_SCREEN[0]
        assert window.minimumSizeHint().height() <= SMALL_SCREEN[1]
        assert (window.width(), window.height()) == SMALL_SCREEN
        assert cut_off_buttons(tab) == []
        save(window, folder, f"{kind.__name__}-{int(scale * 100)}")
