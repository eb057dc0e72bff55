"""Saying a file was saved: its name and folder after it is written, a message (never "Saved")
when it could not be."""

from __future__ import annotations

from pathlib import Path

from recovery_desk.views.widgets.saved_files import save_file, saved_words


def test_the_words_name_each_file_and_the_folder_once(tmp_path: Path) -> None:
    """One folder is named once; files in two folders are named in full."""
    assert saved_words([tmp_path / "a.json", tmp_path / "a.pdf"], "Keep them safe.") == \
        f"Saved a.json and a.pdf in {tmp_path}. Keep them safe."
    other = tmp_path / "x" / "b.ics"
    assert saved_words([tmp_path / "a.pdf", other]) == f"Saved {tmp_path / 'a.pdf'} and {other}."


def test_a_write_that_fails_is_a_message_and_nothing_is_said_saved(answers,
                                                                  tmp_path: Path) -> None:
    """An OSError from the writer becomes the desk's words for it."""
    target = tmp_path / "gone" / "sheet.pdf"
    assert save_file(None, "Sign-in sheet", target, lambda p: p.write_text("x")) is None
    assert answers["saved"] == []
    assert answers["errors"][-1].endswith("sheet.pdf: no such file or folder.")


def test_a_writer_that_leaves_the_file_untouched_is_not_a_save(answers, tmp_path: Path) -> None:
    """A file already there and not rewritten (Qt's silent failure) is refused, not 'Saved'."""
    target = tmp_path / "old.pdf"
    target.write_text("last week's")
    assert save_file(None, "Week", target, lambda p: None) is None
    assert answers["errors"] == [f"old.pdf could not be saved in {tmp_path}. Choose another "
                                 "folder."]


def test_a_file_written_is_said_saved(answers, tmp_path: Path) -> None:
    """The path comes back and the desk says the file's name."""
    target = tmp_path / "week.ics"
    assert save_file(None, "Calendar", target, lambda p: p.write_bytes(b"BEGIN")) == target
    assert answers["saved"] == [f"Saved week.ics in {tmp_path}."]
