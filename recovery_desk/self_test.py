"""`recovery-desk --self-test [--db PATH]`: does this copy of Recovery Desk work on this PC?

For IT after installing the bundle on a clinic PC, and for CI on the built bundle. It finds the
resources and migrations, opens a database (a fresh one in a temporary folder, unless --db names
one: only then is a real database opened, and migrated if it is older), builds the main window
offscreen and visits every tab, and saves a week's timetable and a sign-in sheet as PDFs in a
temporary folder. Each check prints one line, PASS or FAIL with what it found; the exit status
is 0 only if every check passed. The person's window settings are neither read nor changed.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import Any

from recovery_desk import __version__, config

EXIT_FAILED = 1
# The Qt plugins a real window and printing need here, by (plugin folder, name).
DISPLAY_PLUGIN = {"linux": ("platforms", "qxcb"), "win32": ("platforms", "qwindows"),
                  "darwin": ("platforms", "qcocoa")}
PRINT_PLUGIN = {"linux": ("printsupport", "cupsprintersupport")}
SEARCH_WEEKS = 8


class CheckFailed(Exception):
    """A check's reason for failing, in words for IT."""


class SelfTest:
    def __init__(self, out: Callable[[str], None] = print) -> None:
        self.out = out
        self.failed = 0
        self.passed = 0

    def check(self, name: str, run: Callable[[], str], needs: bool = True) -> bool:
        """Run one check and print its line; needs=False means an earlier check it depends
        on failed, so it fails without running."""
        if not needs:
            return self._line(False, name, "not run: an earlier check it needs failed")
        try:
            return self._line(True, name, run())
        except Exception as error:  # every failure is a line of the report, never a crash
            return self._line(False, name, str(error) or type(error).__name__)

    def _line(self, ok: bool, name: str, detail: str) -> bool:
        self.out(f"{'PASS' if ok else 'FAIL'}  {name}: {detail}")
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        return ok


def run_self_test(db: str | None, out: Callable[[str], None] = print) -> int:
    """The checks, in order; 0 if all pass, 1 if any failed."""
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    test = SelfTest(out)
    out(f"Recovery Desk {__version__} self-test ({sys.platform}, Python "
        f"{sys.version.split()[0]})")
    with tempfile.TemporaryDirectory(prefix="recovery-desk-self-test-") as name, \
            _quiet_offscreen_warnings():
        _run_checks(test, db, Path(name))
    out(f"{test.passed} passed, {test.failed} failed." if test.failed
        else f"All {test.passed} checks passed.")
    return EXIT_FAILED if test.failed else 0


def _run_checks(test: SelfTest, db: str | None, folder: Path) -> None:
    from recovery_desk.views.shell.app import application

    catalogue = config.resource_path("catalogue.json")
    resources = test.check("resources", lambda: _resources(catalogue))
    migrations = test.check("migrations", _migrations)
    target = db if db is not None else str(folder / "self-test.sqlite3")
    opened: dict[str, Any] = {}
    database = test.check("database", lambda: _database(target, db is None, catalogue, opened),
                          needs=resources and migrations)
    test.check("bank holidays", _bank_holidays)
    test.check("phone numbers", _phone_numbers)
    test.check("password hashing", _password_hashing)
    test.check("Notify client", _notify_client)
    test.check("encryption", lambda: _encryption(folder))
    app = application()
    _private_settings(folder)
    test.check("display plugin", lambda: _plugin(DISPLAY_PLUGIN))
    test.check("printing plugin", lambda: _plugin(PRINT_PLUGIN))
    test.check("fonts", _fonts)
    built = test.check("main window", lambda: _window(opened, target), needs=database)
    window = opened.get("window") if built else None
    tabs_ok = _visit_tabs(test, window)
    timetable = _timetable(window) if tabs_ok else None
    test.check("week PDF", lambda: _week_pdf(timetable, folder), needs=timetable is not None)
    test.check("sign-in sheet PDF", lambda: _sign_in_pdf(timetable, folder),
               needs=timetable is not None)
    test.check("report workbook", lambda: _report_workbook(opened, folder), needs=database)
    if window is not None:
        window.deleteLater()
    if "db" in opened:
        opened["db"].dispose()
    app.processEvents()


def _resources(catalogue: Path) -> str:
    from recovery_desk.catalogue.file import read_catalogue
    from recovery_desk.schedule.words import counted

    if not catalogue.is_file():
        raise CheckFailed(f"{catalogue} is missing")
    groups = read_catalogue(catalogue)
    return f"{counted(len(groups), 'group')} in the default catalogue {catalogue}"


def _migrations() -> str:
    from recovery_desk.domain.store import migrate
    known = migrate.known_revisions()
    if migrate.HEAD_REVISION not in known:
        raise CheckFailed(f"no migration {migrate.HEAD_REVISION} in {migrate.MIGRATIONS}")
    return f"{len(known)} scripts up to {migrate.HEAD_REVISION} in {migrate.MIGRATIONS}"


def _database(target: str, fresh: bool, catalogue: Path, opened: dict[str, Any]) -> str:
    from recovery_desk.domain.operations.setup import open_for_desk
    from recovery_desk.domain.store import migrate

    db, actor = open_for_desk(target, catalogue, today=date.today(),
                              folder=config.database_folder(target))
    opened.update(db=db, actor=actor)
    revision = migrate.current_revision(db.engine)
    where = f"a fresh temporary database ({target})" if fresh else target
    return f"{where} opened at schema {revision}"


def _bank_holidays() -> str:
    """This year's from the table, and a year beyond it from the `holidays` package."""
    from recovery_desk.schedule.bank_holiday_dates import LAST_YEAR
    from recovery_desk.schedule.closures import bank_holidays

    counts = []
    for year in (date.today().year, LAST_YEAR + 1):
        found = bank_holidays(date(year, 1, 1), date(year, 12, 31))
        if not any(c.first == date(year, 12, 25) for c in found):
            raise CheckFailed(f"no Christmas Day among the bank holidays of {year}")
        counts.append(f"{len(found)} in {year}")
    return ", ".join(counts)


def _phone_numbers() -> str:
    from recovery_desk.identifiers import phone

    stored = phone("020 7946 0000")
    if stored != "+442079460000":
        raise CheckFailed(f"020 7946 0000 was read as {stored}")
    return "020 7946 0000 is stored as +442079460000"


def _notify_client() -> str:
    """Texts and emails need Notify's client, its signed tokens and TLS for its HTTPS API."""
    import ssl

    import jwt
    from notifications_python_client.authentication import create_jwt_token

    secret, service = "0" * 36, "1" * 36
    claims = jwt.decode(create_jwt_token(secret, service), secret, algorithms=["HS256"])
    if claims.get("iss") != service:
        raise CheckFailed("a Notify token did not carry its service id")
    return f"signs Notify's tokens; {ssl.OPENSSL_VERSION.split(' ')[0]} for HTTPS"


def _password_hashing() -> str:
    """Staff cannot sign in without argon2's compiled part."""
    from argon2 import PasswordHasher

    hasher = PasswordHasher()
    if not hasher.verify(hasher.hash("self-test"), "self-test"):
        raise CheckFailed("a password did not match its own hash")
    return "argon2id hashes and checks a password"


def _encryption(folder: Path) -> str:
    """An encrypted desk cannot open without SQLCipher (sqlcipher3's compiled part), nor
    unwrap its key without AES-GCM (cryptography) and Argon2id's raw derivation."""
    from sqlalchemy import text

    from recovery_desk.domain.operations.encryption import check_key
    from recovery_desk.domain.store import key_slots
    from recovery_desk.domain.store.database import Database

    path, key = folder / "self-test-encrypted.sqlite3", key_slots.new_key()
    key_slots.write_slot(path, "self-test", "self-test password", key)
    db = Database.open(path, key=key_slots.unlock(path, "self-test", "self-test password"))
    try:
        with db.writing() as tx:
            tx.execute(text("CREATE TABLE said (words TEXT)"))
            tx.execute(text("INSERT INTO said VALUES ('self-test words')"))
    finally:
        db.dispose()
    if b"self-test words" in path.read_bytes() or key_slots.is_encrypted(path) is False:
        raise CheckFailed("the encrypted file holds its words in plain")
    if not check_key(path, key) or check_key(path, key_slots.new_key()):
        raise CheckFailed("the file did not open with its key alone")
    return "SQLCipher encrypts a database that opens with its unwrapped key only"


def _report_workbook(opened: dict[str, Any], folder: Path) -> str:
    """The commissioners' report as a workbook (openpyxl), for this quarter's groups."""
    from recovery_desk.domain.reports import report_service
    from recovery_desk.exports.report_files import report_xlsx

    db, actor = opened["db"], opened["actor"]
    first, last = report_service.quarter_before(date.today())
    groups = [g.group_id for g in report_service.report_groups(db, actor)]
    made = report_service.report(db, actor, first, last, groups, date.today())
    path = folder / "report.xlsx"
    path.write_bytes(report_xlsx(made))
    return f"{path.stat().st_size // 1024} KB written to {path}"


@contextmanager
def _quiet_offscreen_warnings() -> Iterator[None]:
    """The offscreen platform's notes about window sizes are not news to IT; Qt's other
    messages go to stderr."""
    from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

    def handler(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
        if "propagateSizeHints" not in message:
            print(f"Qt: {message}", file=sys.stderr)

    previous = qInstallMessageHandler(handler)
    try:
        yield
    finally:
        qInstallMessageHandler(previous)


def _private_settings(folder: Path) -> None:
    """Window state read from and written to the temporary folder, not the person's."""
    from PySide6.QtCore import QSettings

    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                      str(folder / "settings"))


def _plugin(table: dict[str, tuple[str, str]]) -> str:
    """The Qt plugin this system needs for a real window (or for printing) loads: the files
    are there and so are the system libraries they link to, though the checks run offscreen."""
    from PySide6.QtCore import QLibraryInfo, QPluginLoader

    if sys.platform not in table:
        return f"built into Qt on {sys.platform}"
    kind, name = table[sys.platform]
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / kind
    found = sorted(p for p in folder.glob(f"*{name}.*") if p.suffix in {".so", ".dll",
                                                                       ".dylib"})
    if not found:
        raise CheckFailed(f"the {name} plugin is missing from {folder}")
    loader = QPluginLoader(str(found[0]))
    if not loader.load():
        raise CheckFailed(f"{found[0].name} does not load: {loader.errorString()}")
    return f"{found[0].name} loads"


def _fonts() -> str:
    from PySide6.QtGui import QFontDatabase

    from recovery_desk.schedule.words import counted

    families = QFontDatabase.families()
    if not families:
        raise CheckFailed("no fonts found: text cannot be shown or printed (install a font "
                          "package such as fonts-dejavu-core)")
    return counted(len(families), "font family")


def _window(opened: dict[str, Any], target: str) -> str:
    from recovery_desk.domain.operations.setup import database_is_demo
    from recovery_desk.views.frame.context import DeskContext
    from recovery_desk.views.shell.main_window import MainWindow

    db = opened["db"]
    with _failures_caught() as failures:
        window = MainWindow(DeskContext(db, opened["actor"], demo=database_is_demo(db),
                                        location=target))
        window.show()
    opened["window"] = window
    if failures:
        raise CheckFailed("; ".join(failures))
    return f"built offscreen, {window.tabs.count()} tabs"


def _visit_tabs(test: SelfTest, window: Any) -> bool:
    from recovery_desk.views.shell.tab_slots import TABS

    ok = True
    for spec in TABS:
        label = spec.title.replace("&", "")
        ok = test.check(f"tab {label}", partial(_visit, window, spec),
                        needs=window is not None) and ok
    return ok


def _visit(window: Any, spec: Any) -> str:
    with _failures_caught() as failures:
        tab = window.show_tab(spec.load())
        window.repaint()
    if failures:
        raise CheckFailed("; ".join(failures))
    if window.current_tab() is not tab or not tab.isVisible():
        raise CheckFailed("the tab was not shown")
    return "built, loaded and painted"


@contextmanager
def _failures_caught() -> Iterator[list[str]]:
    """Errors raised inside Qt's calls (a tab loads in its showEvent) and messages a dialog
    would show, collected instead of reported in a window nobody sees."""
    from recovery_desk.views.widgets import dialogs
    failures: list[str] = []
    hook = sys.excepthook
    saved = {name: getattr(dialogs, name)
             for name in ("show_error", "show_info", "show_saved", "confirm")}

    def caught(kind: type[BaseException], error: BaseException,
               trace: TracebackType | None) -> None:
        failures.append(f"{kind.__name__}: {error}")

    sys.excepthook = caught
    dialogs.show_error = lambda parent, title, text: failures.append(f"{title}: {text}")
    dialogs.show_info = lambda parent, title, text: None
    dialogs.show_saved = lambda parent, title, text: None
    dialogs.confirm = lambda *args, **kwargs: False
    try:
        yield failures
    finally:
        sys.excepthook = hook
        for name, function in saved.items():
            setattr(dialogs, name, function)


def _timetable(window: Any) -> Any:
    from recovery_desk.views.timetable.timetable_tab import TimetableTab

    with _failures_caught() as failures:
        tab = window.show_tab(TimetableTab)
    return None if failures else tab


def _saved_to(path: Path, save: Callable[[], Path | None]) -> str:
    from recovery_desk.views.widgets import dialogs
    saved = dialogs.choose_save_path, dialogs.ask_choice
    dialogs.choose_save_path = lambda *args: str(path)
    dialogs.ask_choice = lambda parent, title, label, choices: choices[0]
    try:
        with _failures_caught() as failures:
            written = save()
    finally:
        dialogs.choose_save_path, dialogs.ask_choice = saved
    if failures:
        raise CheckFailed("; ".join(failures))
    if written is None or not path.is_file():
        raise CheckFailed("nothing was written")
    head = path.read_bytes()[:5]
    if head != b"%PDF-":
        raise CheckFailed(f"{path.name} is not a PDF")
    return f"{path.stat().st_size // 1024} KB written to {path}"


def _week_pdf(tab: Any, folder: Path) -> str:
    return _saved_to(folder / "week.pdf", tab.save_pdf)


def _sign_in_pdf(tab: Any, folder: Path) -> str:
    """The sign-in sheet of the first session that runs, this week or within SEARCH_WEEKS."""
    model = tab.model
    for _ in range(SEARCH_WEEKS):
        cell = next(((row, column) for row in range(model.rowCount())
                     for column in range(model.columnCount())
                     if any(s.runs for s in model.sessions_at(row, column))), None)
        if cell is not None:
            tab.grid.setCurrentIndex(model.index(*cell))
            return _saved_to(folder / "sign-in.pdf", tab.save_sign_in_sheet)
        tab.show_week(tab.monday + timedelta(days=7))
    raise CheckFailed(f"no session runs in the next {SEARCH_WEEKS} weeks to make a sheet for")
