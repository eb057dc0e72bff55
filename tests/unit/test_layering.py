"""The rules and the data layer import without Qt, so scripts and the CLI never need a display."""

from __future__ import annotations

import subprocess
import sys

PURE = ["recovery_desk.domain.models", "recovery_desk.domain.database",
        "recovery_desk.domain.catalogue_service", "recovery_desk.domain.catalogue_file",
        "recovery_desk.domain.setup", "recovery_desk.domain.demo", "recovery_desk.schedule",
        "recovery_desk.schedule.closures", "recovery_desk.schedule.end_dates",
        "recovery_desk.cli", "recovery_desk.__main__"]


def test_domain_schedule_and_cli_import_without_qt() -> None:
    """Importing every pure module in a fresh interpreter loads no PySide6 module."""
    code = ("import sys\n" + "".join(f"import {m}\n" for m in PURE)
            + "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken'))))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"
