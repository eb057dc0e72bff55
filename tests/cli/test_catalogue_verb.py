"""`recovery-desk catalogue`: JSON out, export and import, and bad files changing nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from recovery_desk.__main__ import main


def _catalogue(db_path: Path, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    assert main(["--db", str(db_path), "catalogue", "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_catalogue_json_lists_every_group_with_its_facts(
        db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    groups = {g["name"]: g for g in _catalogue(db_path, capsys)}
    assert len(groups) == 7
    adp = groups["Abstinence Day Programme"]
    assert adp["schedule"] == "Mon, Tue, Thu and Fri, 1.30-3pm"
    assert (adp["format"], adp["length"], adp["joining"]) == ("rolling",
                                                              "12 weeks, 4 sessions a week",
                                                              "any_week")
    assert adp["referral_required"] is True and adp["capacity"] == 12
    assert adp["policies"] == {"min_abstinent_days": 7, "dna_flag_count": 3,
                               "offer_answer_days": 7, "no_answer_keeps_position": 1,
                               "name_reveals_special_category": 0}
    assert adp["description"]
    assert groups["MSM Group"]["length"] == "12 sessions (about 24 weeks)"
    assert groups["MSM Group"]["policies"]["name_reveals_special_category"] == 1


def test_export_then_import_into_another_database_round_trips(
        as_manager, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A group added in one database arrives in another, the rest updated in place."""
    exported = tmp_path / "catalogue.json"
    assert main(["--db", str(db_path), "catalogue", "export", str(exported)]) == 0
    document = json.loads(exported.read_text())
    document_groups = document["groups"]
    document_groups.append(dict(document_groups[0], name="Evening Abstinence Group",
                                schedule="Wednesdays 6-7.30pm", capacity=9))
    exported.write_text(json.dumps(document))
    other = tmp_path / "other.sqlite3"
    assert main([*as_manager(other), "catalogue", "import", str(exported)]) == 0
    assert "1 added, 0 updated, 7 unchanged" in capsys.readouterr().out
    groups = {g["name"]: g for g in _catalogue(other, capsys)}
    assert groups["Evening Abstinence Group"]["schedule"] == "Wednesday, 6-7.30pm"
    assert groups["Evening Abstinence Group"]["capacity"] == 9
    assert len(groups) == 8


def test_a_broken_import_file_changes_nothing(
        as_manager, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One bad entry among good ones: exit 2, every problem named, database as it was."""
    before = _catalogue(db_path, capsys)
    exported = tmp_path / "catalogue.json"
    main(["--db", str(db_path), "catalogue", "export", str(exported)])
    document = json.loads(exported.read_text())
    document["groups"][0]["capacity"] = 250
    document["groups"][1]["description"] = "changed"
    exported.write_text(json.dumps(document))
    capsys.readouterr()
    assert main([*as_manager(db_path), "catalogue", "import", str(exported)]) == 2
    error = capsys.readouterr().err
    assert "the catalogue was not imported" in error
    assert 'group 1 ("Abstinence Day Programme"): capacity must be a whole number' in error
    assert _catalogue(db_path, capsys) == before


def test_importing_a_file_that_is_not_json_says_where(
        as_manager, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "notes.json"
    path.write_text("groups:\n  - name: x\n")
    assert main([*as_manager(db_path), "catalogue", "import", str(path)]) == 2
    assert "line 1, column 1" in capsys.readouterr().err


def test_a_database_from_a_newer_app_is_exit_2_with_the_reason(
        db_path, raw_sql, capsys: pytest.CaptureFixture[str]) -> None:
    from sqlalchemy import text

    with raw_sql(db_path) as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0099_future'"))
    assert main(["--db", str(db_path), "catalogue", "--json"]) == 2
    assert "newer version of Recovery Desk" in capsys.readouterr().err


def test_an_unknown_verb_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--db", "x.sqlite3", "catalog"])
    assert caught.value.code == 2
    assert "invalid choice: 'catalog'" in capsys.readouterr().err


def test_a_database_that_cannot_be_opened_is_one_line_and_exit_2(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A folder that does not exist, and a file that is not a database."""
    assert main(["--db", str(tmp_path / "missing" / "desk.sqlite3"), "catalogue"]) == 2
    error = capsys.readouterr().err
    assert error == f"recovery-desk: cannot open the database {tmp_path}/missing/desk.sqlite3: " \
        "The database file cannot be opened: check that its folder exists and that you may " \
        "write to it.\n"
    not_a_database = tmp_path / "notes.txt"
    not_a_database.write_text("shopping list\n" * 200)
    assert main(["--db", str(not_a_database), "catalogue"]) == 2
    assert "is not a Recovery Desk database" in capsys.readouterr().err
    assert not_a_database.read_text() == "shopping list\n" * 200


def test_exporting_to_a_folder_that_does_not_exist_is_one_line_and_exit_2(
        db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "nonexistent" / "x.json"
    assert main(["--db", str(db_path), "catalogue", "export", str(target)]) == 2
    assert capsys.readouterr().err == (f"recovery-desk: the folder {target.parent} is not "
                                       "there (is the disk plugged in?); nothing was written, "
                                       "and no folder was made.\n")
    assert not target.parent.exists()


def test_exporting_onto_a_folder_is_one_line_and_exit_2(
        db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db_path), "catalogue", "export", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (f"recovery-desk: {tmp_path} is a folder, not a file; "
                                       "nothing was written.\n")


@pytest.mark.sqlite_only("a read-only file")
def test_a_database_error_during_a_verb_is_one_line_and_exit_2(
        as_manager, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A database that can be read but not written: the import says so and saves nothing."""
    exported = tmp_path / "catalogue.json"
    assert main(["--db", str(db_path), "catalogue", "export", str(exported)]) == 0
    document = json.loads(exported.read_text())
    document["groups"][0]["capacity"] = 30
    exported.write_text(json.dumps(document))
    capsys.readouterr()
    as_manager(db_path)
    read_only = f"sqlite:///file:{db_path}?mode=ro&uri=true"
    assert main(["--db", read_only, "--user", "mgr", "catalogue", "import",
                 str(exported)]) == 2
    error = capsys.readouterr().err
    assert error.startswith("recovery-desk: The database file is read-only here, so nothing "
                            "was saved.") and error.count("\n") == 1


@pytest.mark.sqlite_only("the database as a file")
def test_exporting_over_the_database_is_refused_even_with_force(
        db_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The live database is never written over: it still opens, with its groups."""
    assert main(["--db", str(db_path), "catalogue", "export", str(db_path), "--force"]) == 2
    assert capsys.readouterr().err == (f"recovery-desk: {db_path} is the desk's own database; "
                                       "nothing was written. Choose another file name.\n")
    assert len(_catalogue(db_path, capsys)) == 7


@pytest.mark.sqlite_only("a backup is a file")
def test_exporting_over_a_backup_anywhere_is_refused_even_with_force(
        as_manager, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A backup copied to another folder is still recognised by what it holds."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    backup = elsewhere / "friday.sqlite3"
    assert main([*as_manager(db_path), "backup", str(backup)]) == 0
    before = backup.read_bytes()
    capsys.readouterr()
    assert main(["--db", str(db_path), "catalogue", "export", str(backup), "--force"]) == 2
    assert capsys.readouterr().err == (f"recovery-desk: {backup} is a Recovery Desk database "
                                       "or backup; nothing was written. Choose another file "
                                       "name.\n")
    assert backup.read_bytes() == before


def test_exporting_over_an_existing_file_needs_force(
        db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Refused, with the way to replace it; with --force the file is replaced."""
    target = tmp_path / "catalogue.json"
    target.write_text("last year's catalogue")
    assert main(["--db", str(db_path), "catalogue", "export", str(target)]) == 2
    assert capsys.readouterr().err == (f"recovery-desk: {target} already exists; nothing was "
                                       "written. Choose a new file name, or add --force to "
                                       "replace it.\n")
    assert target.read_text() == "last year's catalogue"
    assert main(["--db", str(db_path), "catalogue", "export", str(target), "--force"]) == 0
    assert json.loads(target.read_text())["format"]


def test_importing_a_fifo_is_refused_at_once(
        as_manager, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A named pipe is not read (it would wait for ever): one line, exit 2."""
    import os
    import threading

    fifo = tmp_path / "catalogue.json"
    os.mkfifo(fifo)
    arguments = as_manager(db_path)
    answer: list[int] = []
    running = threading.Thread(
        target=lambda: answer.append(main([*arguments, "catalogue", "import", str(fifo)])),
        daemon=True)
    running.start()
    running.join(15)
    if running.is_alive():  # let the waiting reader go, so the test ends
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        running.join(15)
    assert answer == [2] and not running.is_alive()
    assert capsys.readouterr().err == (f"recovery-desk: {fifo}: the catalogue was not "
                                       "imported:\n  the file is not a regular file (a "
                                       "folder, a pipe or a device); choose a file\n")
