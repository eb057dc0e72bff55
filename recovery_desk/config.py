"""Where things live: the data folder, the database chosen by flag or environment, resources.

Used by __main__ only; everything below it is handed paths, never looks them up.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "Recovery Desk"
DATA_FOLDER_NAME = "RecoveryDesk"
DATABASE_VARIABLE = "RECOVERY_DESK_DATABASE"
DATABASE_FILE = "recovery-desk.sqlite3"
DEMO_DATABASE_FILE = "recovery-desk-demo.sqlite3"


def data_dir() -> Path:
    """The per-user data folder (platformdirs), e.g. ~/.local/share/RecoveryDesk on Linux;
    made readable by its owner only, as it holds special-category health data."""
    from platformdirs import user_data_path

    folder = user_data_path(DATA_FOLDER_NAME, appauthor=False)
    if not folder.exists():
        folder.mkdir(parents=True, mode=0o700)
    return folder


def notify_key_file() -> Path:
    """Where `messages setup` keeps Notify's API key: a file only this account can read, in
    the per-user data folder, never in the database (which every desk reads and every backup
    copies), a log, an export or the audit trail."""
    return data_dir() / "notify-api-key"


def resource_path(*parts: str) -> Path:
    """A file under resources/, from a source checkout or a PyInstaller bundle (sys._MEIPASS)."""
    base = Path(getattr(sys, "_MEIPASS", Path(__file__).resolve().parent.parent))
    return base.joinpath("resources", *parts)


def choose_database(flag: str | None, demo: bool, environ: dict[str, str] | None = None) -> str:
    """--db wins, then RECOVERY_DESK_DATABASE, then the data folder's file (or its demo file)."""
    environ = dict(os.environ) if environ is None else environ
    if flag:
        return flag
    if not demo and environ.get(DATABASE_VARIABLE):
        return environ[DATABASE_VARIABLE]
    return str(data_dir() / (DEMO_DATABASE_FILE if demo else DATABASE_FILE))


def log_dir() -> Path:
    """Where the log file lives: a logs folder inside the data folder (owner only)."""
    folder = data_dir() / "logs"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


def database_folder(target: str) -> Path | None:
    """The folder holding a database file, or None for a server URL."""
    if target.startswith("sqlite:///"):
        target = target.removeprefix("sqlite:///")
    elif "://" in target:
        return None
    return Path(target).expanduser().resolve().parent
