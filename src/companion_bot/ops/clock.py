"""The one wall clock. Code that needs "now" receives a ``ports.Clock`` and reads it once."""

from __future__ import annotations

import datetime as dt


class SystemClock:
    """The real wall clock."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)
