"""Failures the person sees: every error that reaches the event loop becomes a message box.

A database or file error is explained (a busy database, a full disk, a read-only file, a lost
server) and the action it interrupted is left undone, since every write is one transaction. A
rule's refusal (a DomainError) is shown as it is. Anything else is logged with its traceback to
the log file, and the message names that file. Qt's own warnings go to the same log.

Installed before the window's first paint, so it loads the data layer's error words only when
an error needs explaining: by then SQLAlchemy is loaded anyway.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication

from recovery_desk.logs import install_excepthook
from recovery_desk.views.frame.failure_words import explain
from recovery_desk.views.widgets import dialogs

TITLE = "Recovery Desk"
qt_log = logging.getLogger("recovery_desk.qt")


def show_failure(_error: BaseException, text: str) -> None:
    dialogs.show_error(QApplication.activeWindow(), TITLE, text)


def _qt_message(kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    level = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
             QtMsgType.QtWarningMsg: logging.WARNING}.get(kind, logging.ERROR)
    qt_log.log(level, "%s", message)


def install(log_path: Path | None, database_folder: Path | None) -> None:
    """Route uncaught errors to a message box (and the log), and Qt's messages to the log."""
    install_excepthook(show_failure, log_path,
                       lambda error: explain(error, database_folder))
    qInstallMessageHandler(_qt_message)
