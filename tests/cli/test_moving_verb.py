"""`import KIND FILE [--dry-run] [--json]`, `import undo BATCH`, `import batches` and
`export-all --out FOLDER` at the command line, as a manager."""

from __future__ import annotations

import json
import os

from recovery_desk.__main__ import main
from recovery_desk.vocabulary import StaffRole

PEOPLE = ("\ufeffFirst name,Last name,DOB,Consent to store\r\nAnn,Lee,2/4/1985,yes\r\n"
          "Bo,,2/4/1985,yes\r\n")


def test_import_prints_the_outcome_as_json_and_undo_takes_it_out(
        as_manager, tmp_path, capsys) -> None:
    """A dry run has a null batch; the import has one, and undo removes it again."""
    arguments = as_manager(tmp_path / "desk.db")
    (tmp_path / "people.csv").write_text(PEOPLE, encoding="utf-8")
    assert main([*arguments, "import", "people", str(tmp_path / "people.csv"), "--dry-run",
                 "--json"]) == 0
    expected = {"kind": "people", "rows": 2, "imported": 1, "already_here": 0,
                "refused": [{"row": 3, "reason": "Enter their last name."}], "batch": None}
    assert json.loads(capsys.readouterr().out) == expected
    assert main([*arguments, "import", "people", str(tmp_path / "people.csv"), "--json"]) == 0
    batch = json.loads(capsys.readouterr().out)["batch"]
    assert isinstance(batch, int)
    assert main([*arguments, "import", "undo", str(batch)]) == 0
    assert capsys.readouterr().out == f"Import batch {batch} taken out: 1 record removed.\n"
    assert main([*arguments, "import", "undo", str(batch)]) == 2
    assert "already taken out" in capsys.readouterr().err


def test_a_file_that_cannot_be_read_is_one_line(as_manager, tmp_path, capsys) -> None:
    """Not UTF-8 text: a message that says how to save it, and nothing written."""
    arguments = as_manager(tmp_path / "desk.db")
    (tmp_path / "people.csv").write_bytes("Forename\nJos\xe9\n".encode("latin-1"))
    assert main([*arguments, "import", "people", str(tmp_path / "people.csv")]) == 2
    assert "is not UTF-8 text: save it from Excel as 'CSV UTF-8'" in capsys.readouterr().err


def test_export_all_is_for_managers_and_writes_owner_only_files(
        as_manager, staff_member, tmp_path, capsys) -> None:
    """A keyworker is refused; the manager's export says its files are readable data."""
    keyworker = staff_member(tmp_path / "desk.db", "kay", StaffRole.KEYWORKER,
                             temporary=False)
    assert main([*keyworker, "export-all", "--out", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()
    capsys.readouterr()
    assert main([*as_manager(tmp_path / "desk.db"), "export-all", "--out",
                 str(tmp_path / "out")]) == 0
    said = capsys.readouterr().out
    assert "an encrypted database's export writes readable data" in said
    assert {oct(os.stat(p).st_mode & 0o777) for p in (tmp_path / "out").iterdir()} == {"0o600"}
