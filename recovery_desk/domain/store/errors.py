"""Errors the services raise, each carrying a message fit to show the desk as it is."""

from __future__ import annotations


class DomainError(Exception):
    """A rule refused a change; str(error) is the message for the user."""


class InvalidDetailsError(DomainError):
    """Details failed validation: problems maps each field to what is wrong with it."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__(" ".join(problems.values()))


class NotAllowedError(DomainError):
    """The acting staff member's role does not allow this."""


class NotFoundError(DomainError):
    """The record asked for does not exist (or no longer exists)."""
