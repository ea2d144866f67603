"""The embedded scheduler: one job pass every period, never two at once.

Runs are strictly sequential (the next waits for the previous to finish), an exception in a
run is logged and the next run still happens, and :meth:`JobLoop.stop` ends it gracefully.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)


class JobLoop:
    """Calls ``tick`` every ``period`` seconds (measured start to start) until stopped.

    The first run happens at once. With ``phase`` (how many seconds the clock is past the
    last point of the caller's grid, e.g. ``now.timestamp() % 60``, asked as the loop
    starts), the second run comes at the next grid point and every later one on the grid.
    """

    def __init__(
        self,
        tick: Callable[[], Awaitable[object]],
        *,
        period: float,
        phase: Callable[[], float] | None = None,
        stop_timeout: float = 30.0,
    ) -> None:
        if period <= 0:
            raise ValueError("period must be positive")
        self._tick = tick
        self._period = period
        self._phase = phase
        self._stop_timeout = stop_timeout
        self._stopping = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.runs = 0
        self.failures = 0

    def first_gap(self) -> float:
        """Seconds from a run starting now to the next one: to the grid, or one period."""
        if self._phase is None:
            return self._period
        return self._period - self._phase() % self._period

    @property
    def running(self) -> bool:
        return self._task is not None and not self._task.done()

    async def start(self) -> None:
        """Start in the background (the first run happens at once)."""
        if self.running:
            return
        self._stopping.clear()
        self._task = asyncio.create_task(self._run(), name="companion-job-loop")

    async def stop(self) -> None:
        """Let a run in progress finish (up to ``stop_timeout``), then end."""
        if self._task is None:
            return
        self._stopping.set()
        try:
            await asyncio.wait_for(asyncio.shield(self._task), self._stop_timeout)
        except TimeoutError:
            log.warning("job run still busy at shutdown: cancelled", extra={"action": "job_stop"})
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._task = None

    async def _run(self) -> None:
        gap = self.first_gap()
        while not self._stopping.is_set():
            started = time.monotonic()
            try:
                await self._tick()
            except Exception:
                self.failures += 1
                log.exception(
                    "job run failed; next run as scheduled", extra={"action": "job_failed"}
                )
            self.runs += 1
            wait = max(0.0, gap - (time.monotonic() - started))
            gap = self._period
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), wait)
