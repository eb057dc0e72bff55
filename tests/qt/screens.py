"""Screens at a small clinic monitor's size, at 100% and 150% text: what a person would see cut.

`cut_text(root)` walks every visible widget under a window and names each word that does not
fit its label, button, box, tab, table cell or header, each table whose first columns are out of
sight or that needs a wider screen, and each scroll area that scrolls sideways. The screenshot
tests (tests/qt/test_screens.py and each screen's own) assert it finds nothing, and save PNGs
for a person to look at (RECOVERY_DESK_SCREENSHOTS names the folder).

A custom item delegate that paints its own text tells the checker what it cut by offering
`cut_words(option, index) -> list[str]`; otherwise a cell is measured as the standard delegate
draws it. A widget that paints its own words (a chart) offers `cut_words() -> list[str]`.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QFont, QFontMetrics, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QListView,
    QStyle,
    QStyleOptionComboBox,
    QStyleOptionViewItem,
    QTabBar,
    QTableView,
    QTreeView,
    QWidget,
)

SMALL_SCREEN = (1024, 700)
SCALES = (1.0, 1.5)
SCALE_IDS = ("100%", "150%")
# Pixels of slack for rounding between a font's metrics and how it is drawn.
SLACK = 2


class TextScale:
    """Every widget's text at a scale (150% is what a desk set to large text sees)."""

    def __init__(self, scale: float) -> None:
        self.scale = scale
        self.before = QFont(QApplication.font())

    def __enter__(self) -> TextScale:
        font = QFont(self.before)
        font.setPointSizeF(self.before.pointSizeF() * self.scale)
        QApplication.setFont(font)
        return self

    def __exit__(self, *_: object) -> None:
        QApplication.setFont(self.before)


def cut_off_buttons(root: QWidget) -> list[str]:
    """Visible buttons narrower than their text needs."""
    return [button.text() for button in root.findChildren(QAbstractButton)
            if button.isVisible() and button.text()
            and button.width() + SLACK < button.minimumSizeHint().width()]


def _plain(text: str) -> str:
    if GuiQt.mightBeRichText(text):
        document = QTextDocument()
        document.setHtml(text)
        return document.toPlainText()
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _longest_word(text: str, metrics: QFontMetrics) -> tuple[str, int]:
    words = text.split() or [""]
    word = max(words, key=metrics.horizontalAdvance)
    return word, metrics.horizontalAdvance(word)


def _label_cut(label: QLabel) -> str | None:
    text = _plain(label.text()).strip()
    if not text or (label.pixmap() is not None and not label.pixmap().isNull()):
        return None
    metrics = label.fontMetrics()
    room = label.contentsRect().width() - 2 * label.margin() - max(label.indent(), 0)
    if label.wordWrap():
        word, width = _longest_word(text, metrics)
        if width > room + SLACK:
            return f"label word {word!r} ({width}px in {room}px)"
        if label.heightForWidth(label.width()) > label.height() + SLACK:
            return f"label {text[:40]!r} wraps taller than its {label.height()}px"
        return None
    widest = max(metrics.horizontalAdvance(line) for line in text.splitlines())
    if widest > room + SLACK:
        return f"label {text[:60]!r} ({widest}px in {room}px)"
    return None


def _combo_cut(combo: QComboBox) -> str | None:
    text = combo.currentText()
    if not text or combo.isEditable():
        return None
    option = QStyleOptionComboBox()
    combo.initStyleOption(option)
    field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                         QStyle.SubControl.SC_ComboBoxEditField, combo)
    width = combo.fontMetrics().horizontalAdvance(text)
    if width > field.width() + SLACK:
        return f"box {text!r} ({width}px in {field.width()}px)"
    return None


def _group_box_cut(box: QGroupBox) -> str | None:
    title = _plain(box.title())
    need = box.fontMetrics().horizontalAdvance(title) + 2 * box.fontMetrics().averageCharWidth()
    if title and need > box.width() + SLACK:
        return f"group box title {title!r}"
    return None


def _tab_bar_cuts(bar: QTabBar) -> list[str]:
    return [f"tab {bar.tabText(i)!r}" for i in range(bar.count())
            if bar.isTabVisible(i) and bar.tabRect(i).width() + SLACK < bar.tabSizeHint(i).width()
            and bar.elideMode() != Qt.TextElideMode.ElideNone]


def _header_cuts(header: QHeaderView) -> list[str]:
    if not header.isVisible():
        return []
    found = []
    for section in range(header.count()):
        if header.isSectionHidden(section) or header.sectionSize(section) == 0:
            continue
        text = header.model().headerData(section, header.orientation(),
                                         Qt.ItemDataRole.DisplayRole) if header.model() else None
        if not text:
            continue
        style, metrics = header.style(), header.fontMetrics()
        margin = style.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, None, header)
        extra = 2 * margin
        if header.isSortIndicatorShown() and header.sortIndicatorSection() == section:
            extra += style.pixelMetric(QStyle.PixelMetric.PM_HeaderMarkSize, None, header) + margin
        have = header.sectionSize(section)
        if header.orientation() != Qt.Orientation.Horizontal:
            continue
        if int(header.defaultAlignment()) & int(Qt.TextFlag.TextWordWrap):
            # A header that wraps its headings: each word must fit, and the lines its height.
            word, width = _longest_word(str(text), metrics)
            lines = metrics.boundingRect(QRect(0, 0, max(have - extra, 1), 0),
                                         int(Qt.TextFlag.TextWordWrap), str(text)).height()
            if width + extra > have + SLACK:
                found.append(f"header word {word!r} ({width + extra}px in {have}px)")
            elif lines > header.height() + SLACK:
                found.append(f"header {str(text)!r} wraps taller than its {header.height()}px")
            continue
        need = max(metrics.horizontalAdvance(line) for line in str(text).splitlines()) + extra
        if need > have + SLACK:
            found.append(f"header {str(text)!r} ({need}px in {have}px)")
    return found


def _cell_cut(view: QAbstractItemView, index: QModelIndex) -> str | None:
    text = index.data(Qt.ItemDataRole.DisplayRole)
    delegate = view.itemDelegateForIndex(index)
    rect = view.visualRect(index)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = rect
    font = index.data(Qt.ItemDataRole.FontRole)
    if isinstance(font, QFont):
        option.font = font
        option.fontMetrics = QFontMetrics(font)
    cut_words = getattr(delegate, "cut_words", None)
    if cut_words is not None:
        words = cut_words(option, index)
        return f"cell ({index.row()}, {index.column()}) cuts {words}" if words else None
    if text is None or str(text) == "":
        return None
    text = str(text)
    delegate.initStyleOption(option, index)
    if getattr(view, "wordWrap", lambda: False)():
        word, width = _longest_word(text, option.fontMetrics)
        if width + 2 * 4 > rect.width() + SLACK:
            return f"cell ({index.row()}, {index.column()}) word {word!r}"
        need = delegate.sizeHint(option, index).height()
        bounds = option.fontMetrics.boundingRect(QRect(0, 0, max(rect.width() - 8, 1), 0),
                                                 int(Qt.TextFlag.TextWordWrap), text)
        if min(need, bounds.height()) > rect.height() + SLACK:
            return f"cell ({index.row()}, {index.column()}) {text[:40]!r} wraps past its row"
        return None
    need = delegate.sizeHint(option, index).width()
    if need > rect.width() + SLACK:
        return (f"cell ({index.row()}, {index.column()}) {text[:60]!r} "
                f"({need}px in {rect.width()}px)")
    return None


def _rows_in_sight(view: QAbstractItemView) -> list[int]:
    model = view.model()
    rows = []
    for row in range(model.rowCount(view.rootIndex())):
        rect = view.visualRect(model.index(row, 0, view.rootIndex()))
        if isinstance(view, QTableView) and view.isRowHidden(row):
            continue
        if rect.isValid() and rect.bottom() >= 0 and rect.top() <= view.viewport().height():
            rows.append(row)
    return rows


def whole_rows_in_sight(view: QAbstractItemView) -> int:
    """How many of the view's rows a person sees whole, without scrolling."""
    model, height = view.model(), view.viewport().height()
    return sum(1 for row in range(model.rowCount(view.rootIndex()))
               if (rect := view.visualRect(model.index(row, 0, view.rootIndex()))).isValid()
               and rect.top() >= 0 and rect.bottom() <= height)


def _view_cuts(view: QAbstractItemView) -> list[str]:
    model = view.model()
    if model is None:
        return []
    found: list[str] = []
    if view.horizontalScrollBar().value() > 0:
        found.append(f"{view.accessibleName() or type(view).__name__}: first columns out of sight")
    elif view.horizontalScrollBar().maximum() > 0 and (
            not isinstance(view, QListView) or view.horizontalScrollBar().isVisible()):
        # A list scrolled sideways hides the ends of its lines just as a table does.
        found.append(f"{view.accessibleName() or type(view).__name__}: needs a wider screen")
    if isinstance(view, QTableView | QTreeView):
        header = view.horizontalHeader() if isinstance(view, QTableView) else view.header()
        found += _header_cuts(header)
    try:
        columns = model.columnCount(view.rootIndex())
    except TypeError:  # a list model hides columnCount: it has one column
        columns = 1
    for row in _rows_in_sight(view):
        for column in range(columns):
            if isinstance(view, QTableView) and view.isColumnHidden(column):
                continue
            index = model.index(row, column, view.rootIndex())
            cut = _cell_cut(view, index)
            if cut:
                found.append(f"{view.accessibleName() or type(view).__name__}: {cut}")
    return found


def _shown(widget: QWidget, root: QWidget) -> bool:
    if not widget.isVisible() or widget.width() <= 0:
        return False
    # A widget scrolled out of a scroll area's sight is not cut; it is below.
    return widget.visibleRegion().isEmpty() is False or widget is root


def cut_text(root: QWidget) -> list[str]:
    """Every word a person would see cut under root, and every table or form that needs a
    wider screen (the window itself must fit the screen too)."""
    found: list[str] = []
    if root.isWindow() and (root.height() > SMALL_SCREEN[1] or root.width() > SMALL_SCREEN[0]):
        found.append(f"window is {root.width()}x{root.height()}, larger than the screen")
    for widget in [root, *root.findChildren(QWidget)]:
        if not _shown(widget, root):
            continue
        cut: str | None = None
        if isinstance(widget, QLabel):
            cut = _label_cut(widget)
        elif isinstance(widget, QAbstractButton) and widget.text() and \
                widget.width() + SLACK < widget.minimumSizeHint().width():
            cut = f"button {widget.text()!r} ({widget.width()}px, needs " \
                  f"{widget.minimumSizeHint().width()}px)"
        elif isinstance(widget, QComboBox):
            cut = _combo_cut(widget)
        elif isinstance(widget, QGroupBox):
            cut = _group_box_cut(widget)
        elif isinstance(widget, QTabBar):
            found += _tab_bar_cuts(widget)
        elif isinstance(widget, QAbstractItemView):
            found += _view_cuts(widget)
        elif isinstance(widget, QAbstractScrollArea) and \
                widget.horizontalScrollBar().isVisible():
            cut = f"{widget.accessibleName() or type(widget).__name__} scrolls sideways"
        elif callable(getattr(widget, "cut_words", None)):  # a widget that paints its words
            words = widget.cut_words()  # type: ignore[attr-defined]
            cut = f"{widget.accessibleName() or type(widget).__name__} cuts {words}" \
                if words else None
        if cut:
            found.append(cut)
    return found


def save(widget: QWidget, folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    widget.grab().save(str(path))
    return path
