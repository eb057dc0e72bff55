"""Every tab each role sees, and the screens opened on a person or a session, at 1024x700 at
100% and 150% text on the demo's data: no word is cut, no table needs a wider screen, the
window stays the screen's size, and a screenshot of each is saved to look at
(RECOVERY_DESK_SCREENSHOTS names the folder)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractItemView, QApplication, QTabWidget, QWidget
from sqlalchemy import func, select

from recovery_desk.access import may
from recovery_desk.views.shell.tab_slots import TABS, TabSpec
from recovery_desk.vocabulary import StaffRole
from tests.qt.conftest import TODAY
from tests.qt.screens import (
    SCALE_IDS,
    SCALES,
    SMALL_SCREEN,
    TextScale,
    cut_text,
    save,
    whole_rows_in_sight,
)

ROLES = (StaffRole.RECEPTION, StaffRole.KEYWORKER, StaffRole.MANAGER)
SEEN = [pytest.param(role, spec, id=f"{role.value}-{spec.name}")
        for role in ROLES for spec in TABS if may(role, spec.needs)]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's database, made once for the module (each test works on a copy)."""
    from recovery_desk.domain.operations.setup import open_database
    from tests.conftest import CATALOGUE

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    open_database(path, CATALOGUE, demo=True, today=TODAY)[0].dispose()
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Iterator[object]:
    from recovery_desk.domain.operations.setup import open_database
    from tests.conftest import CATALOGUE

    copy = tmp_path / "demo.sqlite3"
    shutil.copy(demo_file, copy)
    db, _ = open_database(copy, CATALOGUE, today=TODAY)
    yield db
    db.dispose()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return Path(os.environ.get("RECOVERY_DESK_SCREENSHOTS", tmp_path))


def _context(db, role: StaffRole):
    from recovery_desk.domain.store.actor import actor_for
    from recovery_desk.domain.store.models import Staff
    from recovery_desk.views.frame.context import DeskContext

    with db.reading() as tx:
        staff = tx.scalar(select(Staff).where(Staff.username == f"demo-{role.value}"))
        actor = actor_for(staff, "front desk")
    return DeskContext(db, actor, demo=True, location="demo.sqlite3", clock=lambda: TODAY)


def _window(qtbot, context):
    from recovery_desk.views.shell.main_window import MainWindow

    window = MainWindow(context)
    qtbot.addWidget(window)
    window.resize(*SMALL_SCREEN)
    window.show()
    return window


def _settle(qtbot) -> None:
    """Let the screen settle as a person would see it: layouts, then the widths shared out
    and the rows refitted (each waits for the one before)."""
    for _ in range(3):
        QApplication.processEvents()
        qtbot.wait(5)


def _fits(qtbot, widget: QWidget, folder: Path, name: str,
          size: tuple[int, int] | None) -> None:
    _settle(qtbot)
    if size is not None:
        assert (widget.width(), widget.height()) == size
    assert widget.width() <= SMALL_SCREEN[0] and widget.height() <= SMALL_SCREEN[1]
    save(widget, folder, name)
    cuts = cut_text(widget)
    assert cuts == [], "\n".join(cuts)


def _busiest_person(db) -> int:
    """The demo person with the most register marks: a record with a history to show."""
    from recovery_desk.domain.store.models import Attendance, Place

    with db.reading() as tx:
        return tx.execute(select(Place.service_user_id).join(
            Attendance, Attendance.enrolment_id == Place.id).group_by(Place.service_user_id)
            .order_by(func.count().desc(), Place.service_user_id)).scalars().first()


def _fullest_session(context) -> tuple[int, date]:
    """This week's running session with the most people booked, on or before today."""
    from recovery_desk.domain.places import timetable_service

    week = context.call(timetable_service.week_of, TODAY)
    row = max((r for r in week.sessions if r.runs and r.date <= TODAY),
              key=lambda r: (r.booked, r.date))
    return row.group_id, row.date


def _most_rows_in_sight(tab: QWidget, scale: float) -> None:
    """The tables a person reads down have their rows in sight at 100%, and most of them at
    150%: the times of the week, the chosen group's members and waiting list, each group's
    eligibility."""
    views = {"TimetableTab": ("grid",), "ReviewTab": ("members", "waiting_table"),
             "IntakeTab": ("table",)}
    for name in views.get(type(tab).__name__, ()):
        view: QAbstractItemView = getattr(tab, name)
        if not view.isVisible():
            continue
        rows = view.model().rowCount()
        seen = whole_rows_in_sight(view)
        # At 150% most of a long list, and at least two rows of a short one, are whole.
        assert seen == rows if scale == 1.0 else seen >= min(rows, max(2, rows // 2)), \
            (name, seen, rows)


@pytest.mark.parametrize("scale", SCALES, ids=SCALE_IDS)
@pytest.mark.parametrize(("role", "spec"), SEEN)
def test_each_tab_fits_a_small_screen(qtbot, demo, answers, folder, role: StaffRole,
                                      spec: TabSpec, scale: float) -> None:
    """Each tab the role sees fits 1024x700 with no word cut, on the demo's data."""
    with TextScale(scale):
        window = _window(qtbot, _context(demo, role))
        tab = window.show_tab(spec.load())
        if spec.name == "TimetableTab":  # a session chosen, so who is booked shows
            tab.grid.setCurrentIndex(tab.model.index(1, TODAY.weekday()))
        name = f"{role.value}-{spec.name}-{int(scale * 100)}"
        _fits(qtbot, window, folder, name, SMALL_SCREEN)
        _most_rows_in_sight(tab, scale)
        for pages in tab.findChildren(QTabWidget):  # a tab's own pages, each in turn
            for page in range(1, pages.count()):
                pages.setCurrentIndex(page)
                _fits(qtbot, window, folder, f"{name}-page{page + 1}", SMALL_SCREEN)
                _most_rows_in_sight(tab, scale)
        for other in TABS:  # every tab seen, then this one again: the window keeps its size
            if may(role, other.needs):
                window.show_tab(other.load())
        window.show_tab(spec.load())
        _settle(qtbot)
        assert (window.width(), window.height()) == SMALL_SCREEN
        assert answers["errors"] == []


@pytest.mark.parametrize("scale", SCALES, ids=SCALE_IDS)
@pytest.mark.parametrize("role", ROLES, ids=[r.value for r in ROLES])
def test_a_person_open_fits_a_small_screen(qtbot, demo, answers, folder, role: StaffRole,
                                           scale: float) -> None:
    """The intake tab with a person loaded (a keyworker's eligibility panel, a reason chosen)
    and their record fit 1024x700 with no word cut."""
    from recovery_desk.views.intake.intake_tab import IntakeTab
    from recovery_desk.views.person.person_record_dialog import PersonRecordDialog

    person = _busiest_person(demo)
    with TextScale(scale):
        window = _window(qtbot, _context(demo, role))
        tab = window.show_tab(IntakeTab)
        assert tab.open_person(person)
        if tab.table.isVisible() and tab.model.rowCount():
            tab.table.setCurrentIndex(tab.model.index(tab.model.rowCount() - 1, 0))
        _fits(qtbot, window, folder, f"{role.value}-intake-person-{int(scale * 100)}", SMALL_SCREEN)
        _most_rows_in_sight(tab, scale)
        record = PersonRecordDialog.open(window, window.context, person)
        assert record is not None
        qtbot.addWidget(record)
        record.show()
        _fits(qtbot, record, folder, f"{role.value}-person-record-{int(scale * 100)}", None)
        assert answers["errors"] == []


@pytest.mark.parametrize("scale", SCALES, ids=SCALE_IDS)
def test_the_register_fits_a_small_screen(qtbot, demo, answers, folder, scale: float) -> None:
    """Reception's register for the week's fullest session fits, no name or mark cut."""
    from recovery_desk.views.timetable.register_dialog import RegisterDialog

    with TextScale(scale):
        window = _window(qtbot, _context(demo, StaffRole.RECEPTION))
        group, day = _fullest_session(window.context)
        dialog = RegisterDialog.open(window, window.context, group, day)
        assert dialog is not None and dialog.model.rowCount() >= 5
        qtbot.addWidget(dialog)
        dialog.show()
        _fits(qtbot, dialog, folder, f"reception-register-{int(scale * 100)}", None)


@pytest.mark.parametrize("scale", SCALES, ids=SCALE_IDS)
def test_the_group_editor_fits_a_small_screen(qtbot, demo, answers, folder,
                                              scale: float) -> None:
    """The manager's group editor on the demo's busiest group fits, its 'Reads as:' whole."""
    from recovery_desk.views.catalogue.catalogue_tab import CatalogueTab

    with TextScale(scale):
        window = _window(qtbot, _context(demo, StaffRole.MANAGER))
        tab = window.show_tab(CatalogueTab)
        group = next(g for g in tab.model.rows() if g.name == "Reduced Drinking Programme")
        editor = tab.open_editor(group)
        qtbot.addWidget(editor)
        editor.show()
        _fits(qtbot, editor, folder, f"manager-group-editor-{int(scale * 100)}", None)


def test_a_large_screen_gives_the_week_the_room(qtbot, demo, answers) -> None:
    """On a wide monitor the week's grid takes most of the width, not the booked list."""
    from recovery_desk.views.timetable.timetable_tab import TimetableTab

    window = _window(qtbot, _context(demo, StaffRole.RECEPTION))
    window.resize(1920, 1080)
    tab = window.show_tab(TimetableTab)
    _settle(qtbot)
    assert tab.grid.width() > 2 * tab.members.width()
    assert cut_text(tab) == []
    assert TODAY - timedelta(days=TODAY.weekday()) == tab.monday
