"""Constants of the pipeline tests."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")
#: Wednesday 25 November 2026, 9:00 in Berlin.
NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=BERLIN)
