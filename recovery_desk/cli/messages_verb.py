"""`recovery-desk --user NAME messages send|setup|list`: texts and emails through GOV.UK Notify.

`send` is what a scheduled task runs (every few minutes while the service is open, and once
at the hour reminders should go): it queues reminders for the sessions on the day after --on,
sends what is due and prints {"queued", "sent", "failed", "waiting"}. `setup` (a manager)
stores the base URL and template ids, and the API key from RECOVERY_DESK_NOTIFY_API_KEY or a
prompt, never from the command line, where the process list and the shell's history would
keep it. `list` prints the outbox newest first.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from getpass import getpass
from typing import TYPE_CHECKING

from recovery_desk.access import Permission
from recovery_desk.cli import CliError, iso_date, print_json
from recovery_desk.text_checks import shown

if TYPE_CHECKING:
    from recovery_desk.domain.store.actor import Actor
    from recovery_desk.domain.store.database import Database

KEY_VARIABLE = "RECOVERY_DESK_NOTIFY_API_KEY"
KINDS = ("reminder", "booked", "cancelled", "offer")


def add_parser(verbs: argparse._SubParsersAction) -> None:
    parser = verbs.add_parser("messages", help="send texts and emails through GOV.UK Notify",
                              description="Reminders, booking confirmations, cancellations "
                                          "and offers by text and email (GOV.UK Notify).")
    actions = parser.add_subparsers(dest="action", metavar="{send,setup,list}", required=True)
    send = actions.add_parser("send", help="queue tomorrow's reminders and send what is due",
                              description="Queue reminders for the sessions on the day after "
                                          "--on (default today), send every message that is "
                                          "due, fetch delivery statuses, and print the counts.")
    send.add_argument("--on", type=iso_date, metavar="YYYY-MM-DD",
                      help="the day the task runs for (default today)")
    send.add_argument("--json", action="store_true",
                      help='print {"queued", "sent", "failed", "waiting"}')
    send.set_defaults(run=run_send, permission=Permission.SEND_MESSAGES)
    setup = actions.add_parser("setup", help="set Notify's address, templates and key "
                                             "(manager)",
                               description=f"Store Notify's base URL and a template id per "
                                           f"kind ({', '.join(KINDS)}). The API key is read "
                                           f"from ${KEY_VARIABLE}, or asked for (unshown) at "
                                           "a terminal; it is never given on the command "
                                           "line.")
    setup.add_argument("--base-url", required=True, metavar="URL")
    setup.add_argument("--template", action="append", default=[], metavar="KIND=ID",
                       help="a template id for one kind; repeat for each kind")
    setup.add_argument("--keep-key", action="store_true",
                       help="keep the key already stored (change only the URL or templates)")
    setup.set_defaults(run=run_setup, permission=Permission.SET_UP_MESSAGES)
    listing = actions.add_parser("list", help="the outbox, newest first")
    listing.add_argument("--json", action="store_true", help="print a JSON array")
    listing.set_defaults(run=run_list, permission=Permission.SEND_MESSAGES, reads_only=True)


def run_send(args: argparse.Namespace, db: Database, actor: Actor) -> int:
    from recovery_desk import config
    from recovery_desk.domain.messages.sender import notify_client, send_due

    client = notify_client(db, config.notify_key_file())
    result = send_due(db, actor, args.on or date.today(), client)
    if args.json:
        print_json({"queued": result.queued, "sent": result.sent, "failed": result.failed,
                    "waiting": result.waiting})
    else:
        print(f"{result.queued} queued, {result.sent} sent, {result.failed} failed, "
              f"{result.waiting} waiting.")
    if client is None:
        print("recovery-desk: messages are not set up on this computer (no Notify key): "
              "they wait until a manager runs `messages setup`.", file=sys.stderr)
    return 0


def _templates(given: list[str]) -> dict[str, str]:
    templates = {}
    for item in given:
        kind, equals, template = item.partition("=")
        if not equals or kind not in KINDS:
            raise CliError(f"--template takes KIND=ID with KIND one of {', '.join(KINDS)}; "
                           f"'{shown(item)}' is not that")
        templates[kind] = template
    return templates


def _key() -> str:
    given = os.environ.get(KEY_VARIABLE)
    if given is not None:
        return given
    if not sys.stdin.isatty():
        raise CliError(f"give the API key in the {KEY_VARIABLE} variable, or run this at a "
                       "terminal to be asked for it")
    return getpass("Notify API key (not shown): ")


def run_setup(args: argparse.Namespace, db: Database, actor: Actor) -> int:
    from recovery_desk import config
    from recovery_desk.domain.messages.notify_setup import save_setup

    templates = _templates(args.template)
    saved = save_setup(db, actor, args.base_url, templates,
                       None if args.keep_key else _key(), config.notify_key_file())
    missing = [kind for kind in KINDS if kind not in {k.value for k in saved.templates}]
    print(f"Notify set up at {saved.base_url} with templates for "
          f"{', '.join(k.value for k in saved.templates) or 'no kind'}"
          + (f"; {', '.join(missing)} wait until given a template." if missing else "."))
    return 0


def run_list(args: argparse.Namespace, db: Database, actor: Actor) -> int:
    from recovery_desk.domain.messages.outbox_service import list_messages

    rows = list_messages(db, actor)
    if args.json:
        print_json([row.as_json() for row in rows])
        return 0
    for row in rows:
        when = row.session_date.isoformat() if row.session_date else "-"
        print(f"{row.id:6}  {row.created_at:%Y-%m-%d %H:%M}  {row.kind.value:9}  "
              f"{row.channel.value:5}  {row.status.value:17}  {when:10}  {row.reference}"
              + (f"  ({row.error})" if row.error else ""))
    return 0
