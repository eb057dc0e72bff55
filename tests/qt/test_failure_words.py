"""The words shown for an error the desk understands, and None for one it does not."""

from __future__ import annotations

import errno

from recovery_desk.domain.store.errors import DomainError
from recovery_desk.views.frame.failure_words import explain


def test_a_refusal_is_shown_in_its_own_words() -> None:
    """A rule's refusal is shown as written."""
    assert explain(DomainError("The group is full.")) == "The group is full."


def test_a_full_disk_is_explained_and_a_bug_is_not() -> None:
    """A file failure gets words; an unexpected error gets None (it is logged instead)."""
    said = explain(OSError(errno.ENOSPC, "No space left on device"))
    assert said and "full" in said.lower()
    assert explain(KeyError("surprise")) is None
