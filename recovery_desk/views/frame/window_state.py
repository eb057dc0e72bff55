"""Window state between runs (geometry, last tab, the week shown), kept in QSettings.

Service policies live in the database; only this desk's own preferences live here.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings

ORGANISATION = "RecoveryDesk"
APPLICATION = "Recovery Desk"


def settings() -> QSettings:
    # An INI file on every platform (not the Windows registry): easy to inspect or reset, and
    # tests can point it elsewhere with QSettings.setPath.
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION,
                     APPLICATION)


def load(key: str, default: Any = None) -> Any:
    return settings().value(key, default)


def save(key: str, value: Any) -> None:
    settings().setValue(key, value)
