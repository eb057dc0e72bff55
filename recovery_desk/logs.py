"""The log file: a rotating file in the data folder, and a last-resort handler for errors
nobody caught, so a windowed bundle (which has no console) never fails silently.

What is written: times, levels, module names, tracebacks and the kind of error. Never personal
data: database errors are logged with the driver's message only (SQLAlchemy would add the SQL
and its parameters, which can hold names), and the services' own refusals, whose messages name
people, are shown to the desk and never logged.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

LOG_FILE = "recovery-desk.log"
LOG_BYTES = 1_000_000
LOG_BACKUPS = 5
log = logging.getLogger("recovery_desk")


def install_file_log(folder: Path) -> Path:
    """Log warnings and worse (and recovery_desk's info) to folder/recovery-desk.log, rotated."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / LOG_FILE
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    handler = RotatingFileHandler(path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS,
                                  encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    if not any(isinstance(h, RotatingFileHandler) and Path(h.baseFilename) == path
               for h in root.handlers):
        root.addHandler(handler)
    root.setLevel(min(root.level or logging.WARNING, logging.WARNING))
    log.setLevel(logging.INFO)
    return path


def safe_description(error: BaseException) -> str:
    """The error's kind and message, without the SQL parameters SQLAlchemy appends."""
    original = getattr(error, "orig", None)
    message = str(original) if original is not None else str(error)
    return f"{type(error).__name__}: {message}"


def kind_only(error: BaseException) -> str:
    """The error's kind, and the driver's own message for a database error: for errors whose
    text is meant for the desk and may name people."""
    original = getattr(error, "orig", None)
    return f"{type(error).__name__}: {original}" if original is not None \
        else type(error).__name__


def format_failure(kind: type[BaseException], error: BaseException,
                   trace: TracebackType | None) -> str:
    frames = "".join(traceback.format_tb(trace))
    return f"Traceback (most recent call last):\n{frames}{safe_description(error)}"


Reporter = Callable[[BaseException, str], None]
"""Shows the person a short message; given the error and the text to show."""


def install_excepthook(report: Reporter, log_path: Path | None,
                       explain: Callable[[BaseException], str | None]) -> None:
    """Replace sys.excepthook: explained errors (a full disk, a busy database) are logged in a
    line and shown as their explanation; anything else is logged with its traceback and shown
    as a short message naming the log file."""

    def hook(kind: type[BaseException], error: BaseException,
             trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        explained = explain(error)
        if explained is not None:
            log.warning("shown to the desk: %s", kind_only(error))
            report(error, explained)
            return
        log.error("unexpected error\n%s", format_failure(kind, error, trace))
        where = f" The details are in the log file {log_path}." if log_path else ""
        report(error, "Something went wrong and that action did not finish; nothing "
                      f"half-done was saved.{where} If it happens again, tell IT what you "
                      "were doing.")

    sys.excepthook = hook
