"""The pure core imports no I/O: extraction and the proactive decisions stay libraries."""

from __future__ import annotations

import subprocess
import sys

import pytest

FORBIDDEN = (
    "sqlalchemy",
    "httpx",
    "telegram",
    "redis",
    "celery",
    "fastapi",
    "companion_bot.storage",
    "companion_bot.channels",
)


@pytest.mark.parametrize(
    "module",
    [
        "companion_bot.extraction",
        "companion_bot.proactive.decisions",
        "companion_bot.proactive.agenda_rules",
        "companion_bot.proactive.recurrence",
        "companion_bot.ops.flags",
    ],
)
def test_pure_module_imports_no_io(module: str) -> None:
    probe = f"import sys, {module}\nprint('\\n'.join(sorted(sys.modules)))\n"
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()

    offending = [m for m in loaded if m.startswith(FORBIDDEN)]

    assert offending == []
