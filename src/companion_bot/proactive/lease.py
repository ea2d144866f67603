"""The embedded job loop in exactly one of several worker processes on one host.

``serve --workers N`` starts N processes from the same settings, and each builds the same
app. Claims in the database already keep several loops from sending anything twice
(docs/jobs.md), but N loops would ask the same questions N times. So each worker tries an
exclusive, non-blocking ``flock`` on one file that ``serve`` names: the worker holding it runs
the loop; the others try again every ``retry_seconds``, so when the holder dies (the kernel
drops its lock) and uvicorn starts a new worker, another one takes over.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)


class Startable(Protocol):
    async def start(self) -> None: ...

    async def stop(self) -> None: ...


class LeasedLoop:
    """Starts ``loop`` once this process holds the lock on ``path``; stops it and lets the
    lock go on :meth:`stop`."""

    def __init__(self, path: Path, loop: Startable, *, retry_seconds: float) -> None:
        self.path = path
        self.loop = loop
        self.retry_seconds = retry_seconds
        self._fd: int | None = None
        self._waiting: asyncio.Task[None] | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def _try_lock(self) -> bool:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            return False
        self._fd = fd
        return True

    async def start(self) -> None:
        if self._try_lock():
            await self._run()
            return
        self._waiting = asyncio.create_task(self._wait_for_lock(), name="companion-job-lease")

    async def _run(self) -> None:
        log.info(
            "worker %d runs the embedded job loop",
            os.getpid(),
            extra={"action": "job_loop_lease", "pid": os.getpid()},
        )
        await self.loop.start()

    async def _wait_for_lock(self) -> None:
        while True:
            await asyncio.sleep(self.retry_seconds)
            if self._try_lock():
                await self._run()
                return

    async def stop(self) -> None:
        if self._waiting is not None:
            self._waiting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._waiting
            self._waiting = None
        if self._fd is not None:
            await self.loop.stop()
            os.close(self._fd)  # releases the lock
            self._fd = None
