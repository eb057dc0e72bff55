"""The moment a record is written, in UTC.

The one place the data layer reads the clock, and only to stamp what it writes (audit rows,
register marks, new records). Every decision that depends on the date (which sessions run, who
is eligible, whether a place has ended) takes `today` from its caller instead.
"""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    """Now, in UTC, without a time-zone marker (stored naively; always UTC)."""
    return datetime.now(UTC).replace(tzinfo=None)
