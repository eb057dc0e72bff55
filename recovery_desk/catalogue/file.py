"""The catalogue file: a whole catalogue as human-editable JSON, with schedules in words.

    {"format": "recovery-desk-catalogue", "version": 1, "groups": [
        {"name": "Recovery Skills", "schedule": "Tue and Fri, 11am-12.30pm", ...}]}

Reading is all or nothing: every problem in every entry is collected, each named by its entry
number and group name (or, for broken JSON, its line and column), and nothing is returned
unless the whole file is good. Whatever the file holds (a list where text belongs, a number of
thousands of digits, brackets nested a hundred thousand deep, a byte-order mark) ends as a
message, never an exception of another kind. The README documents every key.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from recovery_desk.catalogue.details import GroupDetails, validate
from recovery_desk.json_files import JsonFileError, read_json
from recovery_desk.schedule.phrases import ScheduleError, parse_rule
from recovery_desk.schedule.rules import Frequency, Rule
from recovery_desk.text_checks import describe, quoted, shown
from recovery_desk.vocabulary import GroupFormat, Joining

FILE_FORMAT = "recovery-desk-catalogue"
FILE_VERSION = 1
MAX_FILE_BYTES = 2_000_000
"""The shipped catalogue is 6 kB; a file a thousand times that is surely the wrong file."""
REQUIRED_KEYS = ("name", "schedule", "format", "joining", "referral_required", "capacity")
OPTIONAL_KEYS = ("name_to_be_confirmed", "length_weeks", "length_sessions", "referral_note",
                 "eligibility_rule", "who_for", "description", "policies", "active")


class CatalogueFileError(ValueError):
    """A catalogue file that cannot be imported; problems lists every reason, one per line."""

    def __init__(self, path: Path | str, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(f"{path}: the catalogue was not imported:\n  " + "\n  ".join(problems))


def group_to_entry(group: GroupDetails) -> dict[str, Any]:
    return {
        "name": group.name,
        "name_to_be_confirmed": group.name_to_be_confirmed,
        "schedule": group.schedule_words,
        "format": group.format.value,
        "length_weeks": group.length_weeks,
        "length_sessions": group.length_sessions,
        "joining": group.joining.value,
        "referral_required": group.referral_required,
        "referral_note": group.referral_note,
        "eligibility_rule": group.eligibility_rule,
        "capacity": group.capacity,
        "who_for": group.who_for,
        "description": group.description,
        "policies": group.settings(),
        "active": group.active,
    }


def write_catalogue(path: Path, groups: list[GroupDetails]) -> None:
    document = {"format": FILE_FORMAT, "version": FILE_VERSION,
                "groups": [group_to_entry(g) for g in groups]}
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


_ENUMS: dict[str, type[GroupFormat] | type[Joining]] = {"format": GroupFormat,
                                                        "joining": Joining}


def _schedule(value: Any, problems: list[str]) -> Rule:
    if not isinstance(value, str):
        problems.append(f"schedule must be text, not {describe(value)}")
        return Rule(Frequency.UNKNOWN)
    try:
        return parse_rule(value)
    except ScheduleError as error:
        problems.append(f"schedule \"{shown(value)}\": {error}")
        return Rule(Frequency.UNKNOWN)


def _with_key(field: str, message: str) -> str:
    """validate()'s message for a field, led by the file's key unless it already names it:
    'capacity must be...', '"referral_required": whether a referral is required must...'."""
    key = "policies" if field.startswith("policy:") else field
    message = message[0].lower() + message[1:]
    return message if message.startswith(key.replace("_", " ")) else f"\"{key}\": {message}"


def _entry_problems(entry: Any) -> tuple[list[str], GroupDetails | None]:
    """The problems in one entry (each a phrase after its label), and its details if none.

    The schedule, format and joining are read here; every other field's kind and value is
    checked by validate(), the same check the editor and the catalogue service make.
    """
    if not isinstance(entry, dict):
        return ["is not an object with keys such as \"name\" and \"schedule\""], None
    problems = [f"is missing \"{key}\"" for key in REQUIRED_KEYS if key not in entry]
    unknown = sorted(set(entry) - set(REQUIRED_KEYS) - set(OPTIONAL_KEYS))
    problems += [f"has an unknown key \"{shown(key)}\"" for key in unknown]
    if problems:
        return problems, None
    schedule = _schedule(entry["schedule"], problems)
    read: dict[str, Any] = {}
    for key, enum_type in _ENUMS.items():
        value = entry[key]
        if isinstance(value, str) and value in {m.value for m in enum_type}:
            read[key] = enum_type(value)
        else:
            read[key] = next(iter(enum_type))  # so that the other fields are still checked
            choices = ", ".join(m.value for m in enum_type)
            problems.append(f"{key} \"{shown(value)}\" is not one of: {choices}"
                            if isinstance(value, str) else
                            f"{key} must be one of: {choices}; not {describe(value)}")
    details = GroupDetails(
        name=entry["name"], schedule=schedule, format=read["format"], joining=read["joining"],
        referral_required=entry["referral_required"], capacity=entry["capacity"],
        length_weeks=entry.get("length_weeks"), length_sessions=entry.get("length_sessions"),
        referral_note=entry.get("referral_note", ""),
        eligibility_rule=entry.get("eligibility_rule", "keyworker_judgement"),
        who_for=entry.get("who_for", ""), description=entry.get("description", ""),
        policies=entry.get("policies", {}),
        name_to_be_confirmed=entry.get("name_to_be_confirmed", False),
        active=entry.get("active", True),
    )
    problems += [_with_key(key, message) for key, message in validate(details, set()).items()
                 if key not in ("schedule", *_ENUMS)]
    return problems, None if problems else details


def read_catalogue(path: Path) -> list[GroupDetails]:
    """Every group in the file, or CatalogueFileError listing every problem found."""
    try:
        document = read_json(path, MAX_FILE_BYTES, "a catalogue file")
    except OSError as error:
        raise CatalogueFileError(path, [f"cannot be read: {error.strerror or error}"]) \
            from error
    except JsonFileError as error:
        raise CatalogueFileError(path, [f"the file {error}"]) from error
    if not isinstance(document, dict) or document.get("format") != FILE_FORMAT:
        raise CatalogueFileError(path, [f"is not a catalogue file: it needs \"format\": "
                                        f"\"{FILE_FORMAT}\" at the top"])
    if document.get("version") != FILE_VERSION:
        raise CatalogueFileError(path, [f"is catalogue version {quoted(document.get('version'))}"
                                        f"; this Recovery Desk reads version {FILE_VERSION}"])
    entries = document.get("groups")
    if not isinstance(entries, list) or not entries:
        raise CatalogueFileError(path, ["has no \"groups\" list, or the list is empty"])
    problems: list[str] = []
    groups: list[GroupDetails] = []
    seen: dict[str, int] = {}
    for number, entry in enumerate(entries, start=1):
        label = f"group {number}"
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            label += f" (\"{shown(entry['name'])}\")"
        entry_problems, details = _entry_problems(entry)
        if details is not None:
            key = details.name.strip().casefold()
            if key in seen:
                entry_problems.append(f"has the same name as group {seen[key]}")
            seen.setdefault(key, number)
            groups.append(details)
        problems += [f"{label} {p}" if p.startswith(("is ", "has ")) else f"{label}: {p}"
                     for p in entry_problems]
    if problems:
        raise CatalogueFileError(path, problems)
    return groups
