"""Who may do what: the role matrix, in one place.

Every service checks its permission here (through Actor.require), and the window asks the same
table which controls to show, so a role can never see a button the service would refuse, nor
reach through a script what the window hides. Pure: imports only the vocabulary.
"""

from __future__ import annotations

from enum import StrEnum

from recovery_desk.vocabulary import ROLE_WORDS, StaffRole


class Permission(StrEnum):
    """Each value completes the sentence 'Only ... staff can <value>'."""

    VIEW_TIMETABLE = "see the timetable"
    FIND_PEOPLE = "find service users and see their contact details"
    EDIT_CONTACT = "change a service user's contact details"
    BOOK_PLACES = "book, change or end places"
    KEEP_WAITING_LISTS = "keep waiting lists and answer offers"
    TAKE_REGISTERS = "take registers and print sign-in sheets"
    VIEW_CLINICAL = "see substances, medication, assessment answers and notes"
    RECORD_REFERRALS = "record assessments and referrals"
    REVIEW_COHORTS = "review cohorts"
    REORDER_WAITING_LISTS = "move people up or down a waiting list"
    VIEW_REPORTS = "see and export group-work reports"
    EDIT_CATALOGUE = "change the catalogue, its policies and the service's details"
    MANAGE_CLOSURES = "add or remove closures"
    OPEN_COHORTS = "open a new cohort"
    MANAGE_STAFF = "add staff, reset passwords and deactivate accounts"
    BACKUPS = "back up and restore the database"
    EXPORT_RECORDS = "export a person's records or the audit trail"
    VIEW_AUDIT = "search the audit trail"
    RETENTION = "anonymise records past the retention period"
    MOVE_RECORDS = "import records from spreadsheets and export everything"
    SEND_MESSAGES = "send the waiting texts and emails and see the outbox"
    SET_UP_MESSAGES = "set up texts and emails (Notify's key and templates)"


_RECEPTION = frozenset({
    Permission.VIEW_TIMETABLE, Permission.FIND_PEOPLE, Permission.EDIT_CONTACT,
    Permission.BOOK_PLACES, Permission.KEEP_WAITING_LISTS, Permission.TAKE_REGISTERS,
    Permission.SEND_MESSAGES,
})
_KEYWORKER = _RECEPTION | {
    Permission.VIEW_CLINICAL, Permission.RECORD_REFERRALS, Permission.REVIEW_COHORTS,
    Permission.REORDER_WAITING_LISTS, Permission.VIEW_REPORTS,
}
MATRIX: dict[StaffRole, frozenset[Permission]] = {
    StaffRole.RECEPTION: _RECEPTION,
    StaffRole.KEYWORKER: frozenset(_KEYWORKER),
    StaffRole.MANAGER: frozenset(Permission),
}


def may(role: StaffRole, permission: Permission) -> bool:
    return permission in MATRIX[role]


def who_may(permission: Permission) -> str:
    """The roles that may, in words: 'keyworker or service manager'."""
    return " or ".join(ROLE_WORDS[r].lower() for r in StaffRole if may(r, permission))


def refusal(name: str, role: StaffRole, permission: Permission) -> str:
    """The message for a refused action: who may do it, and who tried."""
    return (f"Only {who_may(permission)} staff can {permission.value}; {name} is signed in as "
            f"{ROLE_WORDS[role].lower()}.")
