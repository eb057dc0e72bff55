"""The log file: a rotating file in the data folder, and a last-resort handler for errors
nobody caught, so a windowed bundle (which has no console) never fails silently.

What is written: times, levels, module names, tracebacks and the kind of error. Never personal
data: every line written to the log passes through scrubbed(), the one place database errors
become log text. It keeps the driver's primary message ('duplicate key value violates unique
constraint "uq_service_users_nhs_number"', 'UNIQUE constraint failed: service_users.nhs_number':
tables and columns only) and removes what carries values: PostgreSQL's DETAIL, HINT and
CONTEXT ("Key (nhs_number)=(943...) already exists"), SQLAlchemy's "[SQL: ...]" (literals) and
"[parameters: ...]" (names, NHS numbers). The services' own refusals, whose messages name
people, are shown to the desk and never logged.
"""

from __future__ import annotations

import logging
import os
import re
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


# SQLAlchemy's statement (which may hold literals) up to the parameters or the closing link;
# then whatever is left of a statement's first line, and the parameters (one line: a repr).
_SQL_BLOCK = re.compile(r"\[SQL: .*?\](?=\n\[parameters: |\n\(Background on this error|\Z)",
                        re.DOTALL)
_SQL_LINE = re.compile(r"\[(?:SQL|parameters): [^\n]*")
_SERVER_DETAIL = re.compile(r"^\s*(?:DETAIL|HINT|CONTEXT|QUERY|LINE \d+|WHERE):.*$",
                            re.MULTILINE)
_KEY_VALUES = re.compile(r"(Key \([^)]*\))=\(.*?\)(?= already exists| is not present|"
                         r" conflicts|\.|$)", re.MULTILINE)
_QUOTED_INPUT = re.compile(r'((?:input syntax|input value|value) for [^:\n]*: )"[^"\n]*"')
_BACKGROUND = re.compile(r"\s*\(Background on this error at: [^)]*\)")
HIDDEN = "(values not logged)"


def scrubbed(text: str) -> str:
    """Text for the log with every value a database error can carry taken out (see above)."""
    text = _SQL_LINE.sub(HIDDEN, _SQL_BLOCK.sub(HIDDEN, text))
    text = _SERVER_DETAIL.sub(f"  {HIDDEN}", text)
    text = _KEY_VALUES.sub(rf"\1=({HIDDEN})", text)
    text = _QUOTED_INPUT.sub(rf"\1{HIDDEN}", text)
    return _BACKGROUND.sub("", text)


class ScrubbingFormatter(logging.Formatter):
    """Every record and traceback written through it scrubbed (see scrubbed()); tracebacks
    show each exception of a chain by its safe description."""

    def formatException(self, ei) -> str:
        kind, error, trace = ei
        if error is None:
            return super().formatException(ei)
        return format_failure(kind, error, trace)

    def format(self, record: logging.LogRecord) -> str:
        # Another handler may have cached its own, unscrubbed rendering of the traceback.
        cached, record.exc_text = record.exc_text, None
        try:
            return scrubbed(super().format(record))
        finally:
            record.exc_text = cached


def install_file_log(folder: Path) -> Path:
    """Log warnings and worse (and recovery_desk's info) to folder/recovery-desk.log, rotated."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = folder / LOG_FILE
    if not path.exists():
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    handler = RotatingFileHandler(path, maxBytes=LOG_BYTES, backupCount=LOG_BACKUPS,
                                  encoding="utf-8")
    handler.setFormatter(ScrubbingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    if not any(isinstance(h, RotatingFileHandler) and Path(h.baseFilename) == path
               for h in root.handlers):
        root.addHandler(handler)
    root.setLevel(min(root.level or logging.WARNING, logging.WARNING))
    log.setLevel(logging.INFO)
    return path


def _driver_message(error: BaseException) -> str:
    """The database driver's primary message when there is one, else the error's own."""
    original = getattr(error, "orig", None)
    source = original if original is not None else error
    primary = getattr(getattr(source, "diag", None), "message_primary", None)
    return str(primary) if primary else str(source)


def safe_description(error: BaseException) -> str:
    """The error's kind and message, scrubbed of SQL, parameters and the server's details."""
    return f"{type(error).__name__}: {scrubbed(_driver_message(error))}"


def kind_only(error: BaseException) -> str:
    """The error's kind, and the driver's own (scrubbed) message for a database error: for
    errors whose text is meant for the desk and may name people."""
    if getattr(error, "orig", None) is None:
        return type(error).__name__
    return safe_description(error)


def _chain(error: BaseException) -> list[BaseException]:
    """The error and those it came from, oldest first, as Python prints them."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and all(current is not seen for seen in chain):
        chain.append(current)
        current = current.__cause__ or (None if current.__suppress_context__
                                         else current.__context__)
    return chain[::-1]


def format_failure(kind: type[BaseException], error: BaseException,
                   trace: TracebackType | None) -> str:
    """A traceback for the log: every exception of the chain by its safe description."""
    parts = []
    for each in _chain(error):
        frames = "".join(traceback.format_tb(trace if each is error else each.__traceback__))
        parts.append(f"Traceback (most recent call last):\n{frames}{safe_description(each)}")
    return "\n\nWhich led to:\n\n".join(parts)


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
