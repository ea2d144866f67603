"""Per-key sliding-window rate limit, in process memory.

One process serves the web channel by default, so an in-memory window is exact; with several
processes each enforces its own share (the limit then applies per process).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import deque

WINDOW = dt.timedelta(minutes=1)


class RateLimiter:
    """At most ``limit`` hits per key within any ``window``; ``now`` comes from the caller."""

    def __init__(self, limit: int, *, window: dt.timedelta = WINDOW) -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self.limit = limit
        self.window = window
        self._hits: dict[object, deque[dt.datetime]] = {}

    def hit(self, key: object, now: dt.datetime) -> float | None:
        """Record a hit and return ``None``, or refuse it and return seconds until a slot frees."""
        hits = self._hits.setdefault(key, deque())
        horizon = now - self.window
        while hits and hits[0] <= horizon:
            hits.popleft()
        if len(hits) >= self.limit:
            wait = (hits[0] - horizon).total_seconds()
            return max(1.0, float(math.ceil(wait)))
        hits.append(now)
        if len(self._hits) > 10_000:
            self._forget_idle(horizon)
        return None

    def _forget_idle(self, horizon: dt.datetime) -> None:
        idle = [key for key, hits in self._hits.items() if not hits or hits[-1] <= horizon]
        for key in idle:
            del self._hits[key]
