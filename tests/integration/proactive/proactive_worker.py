"""A job worker in its own process, for the concurrency tests.

``python proactive_worker.py DB_URL NOW_ISO OUT_FILE MODE`` runs one reminder pass as of
NOW and appends one line per send to OUT_FILE (flushed at once). MODE ``record`` sends to a
recording stand-in; ``web-slow`` delivers through the WebSender, slowly, so that a test can
kill the process mid-batch; ``agenda`` runs a morning agenda pass to the recording stand-in.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import sys
import time
from pathlib import Path
from typing import TextIO

from companion_bot.channels.web.sender import WebSender
from companion_bot.channels.web.sse import StreamHub
from companion_bot.composition import build_proactive_handler
from companion_bot.config import Settings
from companion_bot.ports import DeliveryResult, DeliveryStatus, OutboundMessage, Sender
from companion_bot.proactive.engine import ProactiveOptions
from companion_bot.storage.db import make_engine, make_sessionmaker
from companion_bot.testing import FrozenClock


class Recording:
    channel = "web"

    def __init__(self, out: TextIO, inner: Sender | None, delay: float) -> None:
        self._out = out
        self._inner = inner
        self._delay = delay

    async def send(self, message: OutboundMessage) -> DeliveryResult:
        if self._delay:
            await asyncio.sleep(self._delay)
        result = (
            DeliveryResult(DeliveryStatus.DELIVERED)
            if self._inner is None
            else await self._inner.send(message)
        )
        self._out.write(f"{os.getpid()} {message.proactive_session_id or message.client_key}\n")
        self._out.flush()
        return result


def _start_together() -> None:
    """With ``WORKER_GATE`` set: say this process is ready (``<gate>.<pid>.ready``), then wait
    for the gate file, so that workers started one after another run their passes together."""
    gate = os.environ.get("WORKER_GATE")
    if not gate:
        return
    Path(f"{gate}.{os.getpid()}.ready").touch()
    for _ in range(6000):  # 60 s at most
        if Path(gate).exists():
            return
        time.sleep(0.01)  # nothing else runs in this process yet
    raise TimeoutError(f"the gate {gate} never opened")


async def main(url: str, now: dt.datetime, out_path: str, mode: str) -> None:
    engine = make_engine(url)
    sm = make_sessionmaker(engine)
    with open(out_path, "a", encoding="utf-8") as out:  # noqa: ASYNC230 (a test stand-in)
        if mode == "web-slow":
            sender = Recording(out, WebSender(sm, StreamHub()), delay=0.01)
            options = ProactiveOptions(batch_size=50, concurrency=1)
        else:
            sender = Recording(out, None, delay=0.0)
            options = ProactiveOptions(batch_size=100)
        handler = build_proactive_handler(
            Settings(database_url=url),
            sm,
            senders={"web": sender},
            clock=FrozenClock(now),
            options=options,
        )
        _start_together()
        if mode == "agenda":
            await handler.check_and_send_morning_agendas(now)
        else:
            await handler.check_and_send_preparation_reminders(now)
    await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], dt.datetime.fromisoformat(sys.argv[2]), sys.argv[3], sys.argv[4]))
