"""Key slots: a slot opens only with its own secret and under its own name, the file holds
nothing of the key, and two changes at once both land (the slots' lock)."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from recovery_desk.domain.store import key_slots

KEY = bytes(range(32))


def test_a_slot_opens_with_its_password_only_and_under_its_own_name(tmp_path: Path) -> None:
    """A wrong password, or a slot copied under another name, gives nothing."""
    database = tmp_path / "desk.sqlite3"
    key_slots.write_slot(database, "Kay ", "kays password", KEY)
    assert key_slots.unlock(database, "kay", "kays password") == KEY
    slots = key_slots.KeySlots.read(database)
    slots.slots["jo"] = slots.slots["kay"]  # moved to another name: refused
    slots.save(database)
    with pytest.raises(key_slots.KeyRefusedError):
        key_slots.unlock(database, "jo", "kays password")
    text = key_slots.slots_path(database).read_bytes()
    assert KEY not in text and KEY.hex().encode() not in text
    assert b"kays password" not in text


def test_two_slot_changes_at_once_both_land(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The second waits for the first's lock, then reads what it wrote: neither is lost."""
    database = tmp_path / "desk.sqlite3"
    key_slots.write_slot(database, "boss", "boss password", KEY)
    first_in, first_go = threading.Event(), threading.Event()
    save = key_slots.KeySlots.save

    def held_save(slots: key_slots.KeySlots, where: Path) -> None:
        if "kay" in slots.slots and not first_in.is_set():
            first_in.set()
            first_go.wait(10)  # the first change holds the lock here, read but not saved
        save(slots, where)

    monkeypatch.setattr(key_slots.KeySlots, "save", held_save)
    first = threading.Thread(target=key_slots.write_slot,
                             args=(database, "kay", "kays password", KEY))
    first.start()
    assert first_in.wait(10)
    second = threading.Thread(target=key_slots.remove_slot, args=(database, "boss"))
    second.start()
    second.join(0.3)
    assert second.is_alive()  # waiting for the lock, not reading the old file
    first_go.set()
    first.join(10)
    second.join(10)
    assert set(key_slots.KeySlots.read(database).slots) == {"kay"}
