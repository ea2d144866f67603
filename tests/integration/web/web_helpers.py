"""Constants and types shared by the web tests (imported by name: tests have no packages)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from typing import Any

# Wednesday 25 November 2026, 09:00 UTC (10:00 in Berlin).
NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
PASSWORD = "correct horse battery"

Signup = Callable[..., Awaitable[dict[str, Any]]]
