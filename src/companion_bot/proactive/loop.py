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
from typing import Any

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
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        """``sleep`` and ``monotonic`` are the waiting and the clock (tests pass fakes).

        Every wait (between runs, and :meth:`stop`'s ``stop_timeout``) is a ``sleep`` raced
        against what it waits for, so :meth:`stop` wakes the loop at once whatever ``sleep``
        is; ``monotonic`` measures how long a run took.
        """
        if period <= 0:
            raise ValueError("period must be positive")
        self._tick = tick
        self._period = period
        self._phase = phase
        self._stop_timeout = stop_timeout
        self._sleep = sleep
        self._monotonic = monotonic
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
        task = self._task
        if await self._done_within(task, self._stop_timeout):
            await task  # as before: an exception that ended the loop is raised here
        else:
            log.warning("job run still busy at shutdown: cancelled", extra={"action": "job_stop"})
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._task = None

    async def _done_within(self, waited: asyncio.Future[Any], seconds: float) -> bool:
        """Wait for ``waited`` or ``seconds`` of ``sleep``, whichever comes first; whether
        ``waited`` is done. ``waited`` itself is never cancelled here."""
        if waited.done():
            return True
        sleeper = asyncio.ensure_future(self._sleep(seconds))
        try:
            await asyncio.wait({waited, sleeper}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            await _cancelled(sleeper)
        if not sleeper.cancelled():
            sleeper.result()  # a failing sleep is an error, not a timeout
        return waited.done()

    async def _run(self) -> None:
        gap = self.first_gap()
        while not self._stopping.is_set():
            started = self._monotonic()
            try:
                await self._tick()
            except Exception:
                self.failures += 1
                log.exception(
                    "job run failed; next run as scheduled", extra={"action": "job_failed"}
                )
            self.runs += 1
            if self._stopping.is_set():
                break  # stopped during the run: no wait for a run that will not come
            wait = max(0.0, gap - (self._monotonic() - started))
            gap = self._period
            stopped = asyncio.ensure_future(self._stopping.wait())
            try:
                await self._done_within(stopped, wait)
            finally:
                await _cancelled(stopped)


async def _cancelled(future: asyncio.Future[Any]) -> None:
    """Cancel ``future`` unless it is done, and let it finish (its outcome is not raised)."""
    if not future.done():
        future.cancel()
        await asyncio.gather(future, return_exceptions=True)
