"""Group commit: the first step of messages that arrive together, in one transaction.

Each message's first step (load the user, store the message, and in the common case its
reply) is a transaction of its own when it arrives alone. Messages that arrive while one is
being stored wait and then go together: one ``BEGIN``, the batch's step on one session (one
query loads every sender), one ``INSERT`` of every row the step left for it, one
``COMMIT``. A burst of chat from many users so costs about one statement per message
instead of four, and nobody waits for a timer: a batch is whatever queued up while the last
one ran.

A batch holds at most one message per key (the user), so a user's messages keep their
order, each step seeing what the one before it stored. If anything in a batch fails, the
batch is rolled back and each of its messages is stored again on its own, so a failure (a
repeated idempotency key, say) is reported to that message's sender alone and costs the
others only the retry.

The batch runs in a task of its own: a sender that goes away does not cut a batch short.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.storage import db, messages
from companion_bot.storage.models import Message

log = logging.getLogger(__name__)

Request = TypeVar("Request")
Result = TypeVar("Result")

#: What a batch's step does, on a session it does not commit: a result per request, in
#: order; rows appended to the list are inserted together, in one statement, before the
#: commit.
Step = Callable[[AsyncSession, list[Request], list[Message]], Awaitable[list[Result]]]

#: The most messages stored in one transaction.
MAX_BATCH = 32


@dataclass
class _Waiting(Generic[Request, Result]):
    key: Hashable
    request: Request
    future: asyncio.Future[Result] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )

    def settle(self, result: Result | None = None, error: BaseException | None = None) -> None:
        if self.future.done():
            return
        if error is not None:
            self.future.set_exception(error)
        else:
            self.future.set_result(result)  # type: ignore[arg-type]


class GroupCommit(Generic[Request, Result]):
    """Runs ``step`` for requests, several to a transaction when they arrive together.
    Requests with equal keys are never in one batch."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        step: Step[Request, Result],
        *,
        max_batch: int = MAX_BATCH,
    ) -> None:
        self._sessions = sessions
        self._step = step
        self._max_batch = max_batch
        self._waiting: deque[_Waiting[Request, Result]] = deque()
        self._draining: asyncio.Task[None] | None = None

    async def run(self, request: Request, *, key: Hashable) -> Result:
        """``step``'s result for ``request``, once its transaction has committed (or what
        it raised, run on its own). Requests with equal keys run in the order given."""
        waiting: _Waiting[Request, Result] = _Waiting(key, request)
        self._waiting.append(waiting)
        if self._draining is None:
            self._draining = asyncio.create_task(self._drain())
        # Shielded: the batch stores the message whether or not its sender still waits.
        return await asyncio.shield(waiting.future)

    async def _drain(self) -> None:
        batch: list[_Waiting[Request, Result]] = []
        try:
            while self._waiting:
                batch = self._take()
                await self._run_batch(batch)
        finally:
            self._draining = None
            # Cancelled (the loop is closing): nobody is left waiting for an answer.
            for waiting in (*batch, *self._waiting):
                waiting.settle(error=asyncio.CancelledError())
            self._waiting.clear()

    def _take(self) -> list[_Waiting[Request, Result]]:
        """The next batch: the oldest request of each key, up to ``max_batch``."""
        batch: list[_Waiting[Request, Result]] = []
        keys: set[Hashable] = set()
        later: list[_Waiting[Request, Result]] = []
        while self._waiting and len(batch) < self._max_batch:
            waiting = self._waiting.popleft()
            if waiting.key in keys:
                later.append(waiting)
            else:
                keys.add(waiting.key)
                batch.append(waiting)
        self._waiting.extendleft(reversed(later))
        return batch

    async def _run_batch(self, batch: list[_Waiting[Request, Result]]) -> None:
        if len(batch) == 1:
            await self._run_alone(batch[0])
            return
        try:
            results = await self._transaction([w.request for w in batch])
        except Exception as exc:  # each again on its own: the failure is one sender's
            log.debug("a batch of %d messages failed (%r); storing each alone", len(batch), exc)
            for waiting in batch:
                await self._run_alone(waiting)
            return
        for waiting, result in zip(batch, results, strict=True):
            waiting.settle(result)

    async def _run_alone(self, waiting: _Waiting[Request, Result]) -> None:
        try:
            (result,) = await self._transaction([waiting.request])
        except Exception as exc:
            waiting.settle(error=exc)
        else:
            waiting.settle(result)

    async def _transaction(self, requests: list[Request]) -> list[Result]:
        async with self._sessions() as session:
            await db.begin_write(session)
            rows: list[Message] = []
            results = await self._step(session, requests, rows)
            if len(results) != len(requests):  # before the commit: nothing stored twice
                raise RuntimeError(f"{len(results)} results for {len(requests)} requests")
            if rows:
                await messages.insert_new(session, rows)
            await session.commit()
        return results
