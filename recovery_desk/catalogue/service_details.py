"""The service's own details: its name, where groups meet, the phone to call, and the
small-number rule for figures that leave the service.

Plain values with their defaults, kept in the database's settings by the manager (Catalogue tab,
"Service details…"). Appointment letters print the address and phone; reports print the name
and apply the small-number rule to exported files.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_SERVICE_NAME = "Hackney Recovery Service"
"""As the service's Groups Work page names itself."""
DEFAULT_SMALL_NUMBER = 5
MIN_SMALL_NUMBER, MAX_SMALL_NUMBER = 1, 50
MAX_NAME = 120
MAX_ADDRESS_LINES = 6
MAX_ADDRESS_LINE = 80


@dataclass(frozen=True)
class ServiceDetails:
    name: str = DEFAULT_SERVICE_NAME
    address: str = ""
    """Where the groups meet, one line per line of the address."""
    phone: str = ""
    """The number people call, as people read it ('020 7946 0000')."""
    small_number: int = DEFAULT_SMALL_NUMBER
    """In exported files, counts of people from 1 to small_number - 1 are shown as
    'fewer than {small_number}'; 1 shows every count."""

    @property
    def address_lines(self) -> list[str]:
        return [line.strip() for line in self.address.splitlines() if line.strip()]

    def missing_for_letters(self) -> str | None:
        """What a letter still needs from the service's details, or None when it can print."""
        missing = [what for what, value in (("address", self.address_lines),
                                            ("phone number", self.phone.strip())) if not value]
        if not missing:
            return None
        return (f"The service's {' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} "
                "not set, so a letter cannot say where to come or who to call. A manager sets "
                "them in the Catalogue tab (Service details…).")


def small_number_words(threshold: int) -> str:
    """The rule as a sentence for the foot of an exported report."""
    if threshold <= 1:
        return "Every count is shown exactly."
    return (f"Counts of people from 1 to {threshold - 1} are shown as 'fewer than {threshold}' "
            "so that nobody can be identified from them, and where one could be worked out "
            "from the others and a total, another count beside it reads 'not shown'.")
