"""Loading the data layer on a desk with an SQLite file does not load what only a server needs:
SQLAlchemy's PostgreSQL dialect (about 40 ms of every start) nor a PostgreSQL driver."""

from __future__ import annotations

import subprocess
import sys


def test_the_models_and_the_desk_s_services_load_no_postgresql_code() -> None:
    code = ("import sys\n"
            "import recovery_desk.domain.store.models, recovery_desk.domain.operations.setup\n"
            "import recovery_desk.domain.places.booking_service\n"
            "import recovery_desk.domain.staff.accounts\n"
            "print(sorted(m for m in sys.modules if 'postgresql' in m or 'psycopg' in m))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, timeout=60)
    assert result.stdout.strip() == "[]"
