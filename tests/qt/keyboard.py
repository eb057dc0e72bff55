"""Looking at a screen as a keyboard user does: where Tab goes, and which Alt letters are
taken. Used by test_keyboard.py for every tab and dialog."""

from __future__ import annotations

import re
from collections import defaultdict

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QGroupBox,
    QLabel,
    QMainWindow,
    QTabWidget,
    QWidget,
)

MNEMONIC = re.compile(r"&([^&\s])")


def _letter(text: str) -> str | None:
    found = MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).lower() if found else None


def alt_letters(root: QWidget) -> dict[str, list[str]]:
    """Alt letter -> the visible controls (and menus and tabs) that answer it."""
    taken: dict[str, list[str]] = defaultdict(list)

    def take(text: str, owner: str) -> None:
        letter = _letter(text)
        if letter:
            taken[letter].append(owner)

    for widget in root.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QAbstractButton):
            take(widget.text(), f"button {widget.text()!r}")
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            take(widget.text(), f"label {widget.text()!r}")
        elif isinstance(widget, QGroupBox):
            take(widget.title(), f"box {widget.title()!r}")
        elif isinstance(widget, QTabWidget):
            for index in range(widget.count()):
                if widget.isTabVisible(index):
                    take(widget.tabText(index), f"tab {widget.tabText(index)!r}")
    if isinstance(root, QMainWindow):
        for action in root.menuBar().actions():
            take(action.text(), f"menu {action.text()!r}")
    return dict(taken)


def clashes(root: QWidget) -> dict[str, list[str]]:
    return {letter: owners for letter, owners in alt_letters(root).items() if len(owners) > 1}


def focusable(root: QWidget) -> list[QWidget]:
    """Every control in root that Tab should reach."""
    return [w for w in root.findChildren(QWidget)
            if w.isVisible() and w.isEnabled()
            and w.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus
            and w.focusProxy() is None]


def tab_walk(root: QWidget, start: QWidget, limit: int = 300) -> tuple[list[QWidget], bool]:
    """Press Tab from start until focus comes back to it: the controls visited in order, and
    whether it came back (False: a trap, or focus left the window). On the way round, focus
    may pass through the window's own controls (the tab bar) outside root."""
    window = root.window()
    window.activateWindow()
    start.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    visited: list[QWidget] = []
    for _ in range(limit):
        current = QApplication.focusWidget()
        QTest.keyClick(current, Qt.Key.Key_Tab)
        QApplication.processEvents()
        now = QApplication.focusWidget()
        if now is start:
            return visited, True
        if now is None or (now is not window and not window.isAncestorOf(now)):
            return visited, False
        if now not in visited:
            visited.append(now)
    return visited, False


def described(widgets: list[QWidget]) -> list[str]:
    return [f"{type(w).__name__} {w.accessibleName() or w.objectName()!r}" for w in widgets]
