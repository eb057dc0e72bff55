"""The catalogue file: round trips, and every kind of broken file refused whole."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from recovery_desk.catalogue.file import (
    CatalogueFileError,
    group_to_entry,
    read_catalogue,
    write_catalogue,
)
from tests.conftest import CATALOGUE


def _write(path: Path, groups: list[dict]) -> Path:
    path.write_text(json.dumps({"format": "recovery-desk-catalogue", "version": 1,
                                "groups": groups}))
    return path


def _entries() -> list[dict]:
    return [group_to_entry(g) for g in read_catalogue(CATALOGUE)]


def test_the_shipped_catalogue_reads_and_writes_back_the_same(tmp_path: Path) -> None:
    """Writing what was read gives the same groups."""
    groups = read_catalogue(CATALOGUE)
    write_catalogue(tmp_path / "copy.json", groups)
    assert read_catalogue(tmp_path / "copy.json") == groups


def test_broken_json_is_refused_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"format": "recovery-desk-catalogue",\n "version": 1,\n "groups": [\n')
    with pytest.raises(CatalogueFileError, match="line 4, column 1"):
        read_catalogue(path)


def test_every_problem_in_every_entry_is_listed_by_entry(tmp_path: Path) -> None:
    """Two bad entries: each named by number and group name, each problem its own line."""
    entries = _entries()
    entries[1]["capacity"] = 0
    entries[2]["schedule"] = "6th Thursday of the month"
    entries[3]["format"] = "drop-in"
    del entries[4]["joining"]
    entries[5]["colour"] = "blue"
    with pytest.raises(CatalogueFileError) as caught:
        read_catalogue(_write(tmp_path / "bad.json", entries))
    problems = caught.value.problems
    assert len(problems) == 5
    names = [e["name"] for e in entries]
    assert problems[0].startswith(f'group 2 ("{names[1]}"): capacity must be')
    assert f'group 3 ("{names[2]}"): schedule "6th Thursday of the month": there is no 6th' \
        in problems[1]
    assert problems[2].startswith(f'group 4 ("{names[3]}"): format "drop-in" is not one of')
    assert problems[3] == f'group 5 ("{names[4]}") is missing "joining"'
    assert problems[4] == f'group 6 ("{names[5]}") has an unknown key "colour"'


def test_two_entries_with_one_name_are_refused(tmp_path: Path) -> None:
    entries = _entries()
    entries.append(dict(entries[0], name="abstinence day programme"))
    with pytest.raises(CatalogueFileError, match="has the same name as group 1"):
        read_catalogue(_write(tmp_path / "dup.json", entries))


@pytest.mark.parametrize(("document", "message"), [
    ({"groups": []}, "is not a catalogue file"),
    ({"format": "recovery-desk-catalogue", "version": 7, "groups": []}, "version 7"),
    ({"format": "recovery-desk-catalogue", "version": 1, "groups": []}, "list is empty"),
    ({"format": "recovery-desk-catalogue", "version": 1, "groups": ["x"]}, "is not an object"),
])
def test_files_of_the_wrong_shape_are_refused(tmp_path: Path, document: dict,
                                              message: str) -> None:
    path = tmp_path / "shape.json"
    path.write_text(json.dumps(document))
    with pytest.raises(CatalogueFileError, match=message):
        read_catalogue(path)


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CatalogueFileError, match="cannot be read"):
        read_catalogue(tmp_path / "nowhere.json")
