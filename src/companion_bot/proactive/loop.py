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

#: The shortest time between two runs, however soon work falls due.
MIN_GAP = 1.0
#: After a wake, how long the loop lets further wakes gather before it asks ``until_next``
#: again: a burst of meetings booked costs one question, not one each.
WAKE_SETTLE = 0.25
#: After a wake, the loop asks ``until_next`` again no sooner than this after it last asked:
#: under a steady stream of bookings (each wakes it) that is one question a second, not
#: one per :data:`WAKE_SETTLE`. Each question is a dozen queries.
ASK_GAP = 1.0


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
        until_next: Callable[[], Awaitable[float | None]] | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        """``until_next``, asked after each run and after each :meth:`wake`, says in how many
        seconds work falls due (``None``: nothing known); the next run comes then if that is
        before the next period, but never sooner than :data:`MIN_GAP` after the last.
        ``sleep`` and ``monotonic`` are the waiting and the clock (tests pass fakes).

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
        self._until_next = until_next
        self._stopping = asyncio.Event()
        self._woken = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.runs = 0
        self.failures = 0

    def first_gap(self) -> float:
        """Seconds from a run starting now to the next one: to the grid, or one period."""
        if self._phase is None:
            return self._period
        return self._period - self._phase() % self._period

    def wake(self) -> None:
        """Something changed (a meeting was booked or moved): ask ``until_next`` again now
        instead of at the end of the current wait."""
        self._woken.set()

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
            await self._wait_for_next(started + gap)
            gap = self._period

    async def _wait_for_next(self, grid_run: float) -> None:
        """Wait until ``grid_run`` (monotonic), or earlier when ``until_next`` says work falls
        due sooner; a :meth:`wake` asks it again, a stop ends the wait."""
        asked_at: float | None = None
        while not self._stopping.is_set():
            if asked_at is not None:
                await self._settle(max(WAKE_SETTLE, asked_at + ASK_GAP - self._monotonic()))
            self._woken.clear()
            now = asked_at = self._monotonic()
            wait = max(0.0, grid_run - now)
            soon = await self._seconds_to_work()
            if soon is not None:
                wait = min(wait, max(soon, MIN_GAP))
            stopped = asyncio.ensure_future(self._stopping.wait())
            woken = asyncio.ensure_future(self._woken.wait())
            either = asyncio.ensure_future(
                asyncio.wait({stopped, woken}, return_when=asyncio.FIRST_COMPLETED)
            )
            try:
                await self._done_within(either, wait)
            finally:
                for future in (either, stopped, woken):
                    await _cancelled(future)
            if not self._woken.is_set():
                return  # the wait ran out (or the loop stops): time for the next run

    async def _settle(self, seconds: float) -> None:
        """Let the wakes of a burst gather for ``seconds`` (a stop ends it)."""
        stopped = asyncio.ensure_future(self._stopping.wait())
        try:
            await self._done_within(stopped, seconds)
        finally:
            await _cancelled(stopped)

    async def _seconds_to_work(self) -> float | None:
        if self._until_next is None:
            return None
        try:
            return await self._until_next()
        except Exception:
            log.exception("could not tell when work is due", extra={"action": "job_failed"})
            return None


async def _cancelled(future: asyncio.Future[Any]) -> None:
    """Cancel ``future`` unless it is done, and let it finish (its outcome is not raised)."""
    if not future.done():
        future.cancel()
        await asyncio.gather(future, return_exceptions=True)
