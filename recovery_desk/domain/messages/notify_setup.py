"""Notify's set-up: the API's base URL and a template id per kind of message in the settings
table (every desk reads them: they are not secret), and the API key in a file only the
account that runs the sender can read (config.notify_key_file(); see the README's "Texts and
emails"). The key never enters the database, so no backup, export, subject-access file or
audit row can carry it, and nothing here logs or returns it.

Used by `messages setup` (a manager) and the sender.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from recovery_desk.access import Permission
from recovery_desk.domain.store import audit
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import InvalidDetailsError
from recovery_desk.domain.store.models import Setting
from recovery_desk.vocabulary import MessageKind

BASE_URL_KEY = "notify.base_url"
TEMPLATE_PREFIX = "notify.template."
DEFAULT_BASE_URL = "https://api.notifications.service.gov.uk"
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
KEY_FORM = re.compile(rf"[A-Za-z0-9_-]+-({_UUID})-({_UUID})")
"""Notify's API keys: 'keyname-<service id>-<secret>'."""


@dataclass(frozen=True)
class NotifySettings:
    base_url: str
    templates: dict[MessageKind, str]
    """Template id per kind; a kind without one waits until it is set up."""


def read_settings(tx: Session) -> NotifySettings:
    stored = {s.key: s.value for s in tx.scalars(select(Setting).where(
        Setting.key.startswith("notify.")))}
    return NotifySettings(stored.get(BASE_URL_KEY, DEFAULT_BASE_URL), {
        kind: stored[TEMPLATE_PREFIX + kind.value] for kind in MessageKind
        if stored.get(TEMPLATE_PREFIX + kind.value)})


def notify_settings(db: Database, actor: Actor) -> NotifySettings:
    """The base URL and templates (for the set-up screen; never the key)."""
    actor.require(Permission.SEND_MESSAGES)
    with db.reading() as tx:
        return read_settings(tx)


def key_is_stored(key_file: Path) -> bool:
    return key_file.is_file()


def read_key(key_file: Path) -> str | None:
    """The stored key, or None when there is none (messages then wait)."""
    try:
        key = key_file.read_text(encoding="utf-8").strip()
    except OSError:
        return None
    return key if KEY_FORM.fullmatch(key) else None


def _problems(base_url: str, templates: dict[str, str], api_key: str | None) -> dict[str, str]:
    problems = {}
    if not re.fullmatch(r"https?://[^\s/?#]+(:[0-9]+)?/?", base_url.strip()):
        problems["base_url"] = ("The base URL is Notify's address, like "
                                f"{DEFAULT_BASE_URL}.")
    kinds = {kind.value for kind in MessageKind}
    for kind, template in templates.items():
        if kind not in kinds:
            problems["templates"] = (f"'{kind}' is not a kind of message; the kinds are "
                                     f"{', '.join(sorted(kinds))}.")
        elif not re.fullmatch(_UUID, template.strip().lower()):
            problems["templates"] = (f"The {kind} template id is not one of Notify's ids "
                                     "(copy it from the template's page).")
    if api_key is not None and not KEY_FORM.fullmatch(api_key.strip()):
        problems["api_key"] = ("That is not a Notify API key: it looks like "
                               "keyname-<service id>-<secret>, copied whole from Notify.")
    return problems


def save_setup(db: Database, actor: Actor, base_url: str, templates: dict[str, str],
               api_key: str | None, key_file: Path) -> NotifySettings:
    """A manager sets the base URL and templates (each kind given replaces its id) and, when
    api_key is given, stores the key in key_file (readable by this account only). Audited with
    what changed, never the key. InvalidDetailsError names each wrong field."""
    actor.require(Permission.SET_UP_MESSAGES)
    problems = _problems(base_url, templates, api_key)
    if problems:
        raise InvalidDetailsError(problems)
    with db.writing() as tx:
        audit.lock_chain(tx)  # settings never saved have no row to lock (service_settings)
        tx.merge(Setting(key=BASE_URL_KEY, value=base_url.strip().rstrip("/")))
        for kind, template in templates.items():
            tx.merge(Setting(key=TEMPLATE_PREFIX + kind, value=template.strip().lower()))
        if api_key is not None:
            _write_key(key_file, api_key.strip())
        audit.record(tx, actor, "set_up", "messages", None, templates=sorted(templates),
                     key_changed=api_key is not None)
        tx.flush()
        return read_settings(tx)


def _write_key(key_file: Path, key: str) -> None:
    """Written to a new file made private before the key goes in, then moved into place."""
    key_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fresh = key_file.with_name(key_file.name + ".new")
    fresh.unlink(missing_ok=True)
    handle = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write(key + "\n")
    os.replace(fresh, key_file)
