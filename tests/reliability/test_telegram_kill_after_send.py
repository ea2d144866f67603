"""A Telegram reminder whose job process is SIGKILLed after Telegram accepted ``sendMessage``
and before the outcome was written: the user gets the reminder again once, after the
5-minute lease, and never a third time, even if the process dies after every send.

The job is the real ``companion-bot jobs run-once`` in a process of its own, talking through
python-telegram-bot to a stand-in Bot API on loopback. The stand-in records each
``sendMessage`` and, when told to, kills the sending process before it answers.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import signal
import subprocess
import sys
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.commands.explain import explain as explain_command
from companion_bot.config import Settings
from companion_bot.storage import users
from companion_bot.storage.db import make_engine, make_sessionmaker
from companion_bot.storage.models import Message, ProactiveSession, UserSchedule

pytestmark = pytest.mark.slow

SM = async_sessionmaker[AsyncSession]
TOKEN = "123456:TEST-token"
CHAT = 4242
BERLIN = ZoneInfo("Europe/Berlin")
START = dt.datetime(2026, 11, 26, 14, 30, tzinfo=BERLIN)
DUE = START - dt.timedelta(minutes=30)  # the default lead
LEASE = dt.timedelta(minutes=5)  # ProactiveOptions.lease
SECOND = dt.timedelta(seconds=1)


def _params(body: bytes, content_type: str) -> dict[str, Any]:
    """A Bot API call's parameters: JSON, or a form (python-telegram-bot's way)."""
    if content_type.startswith("application/json"):
        loaded: dict[str, Any] = json.loads(body or b"{}")
        return loaded
    return {k: v[0] for k, v in parse_qs(body.decode()).items()}


class BotApi:
    """A stand-in Bot API: ``getMe`` and ``sendMessage``, each ``sendMessage`` recorded. While
    ``killing``, a ``sendMessage`` is recorded (Telegram accepted it), then the ``victim``
    process is SIGKILLed and reaped before any answer leaves."""

    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []
        self.killing = False
        self.victim: subprocess.Popen[bytes] | None = None
        self.victim_known = threading.Event()
        self.lock = threading.Lock()
        self.url = ""

    def kill_victim(self) -> None:
        assert self.victim_known.wait(timeout=10)
        assert self.victim is not None
        self.victim.send_signal(signal.SIGKILL)
        self.victim.wait(timeout=10)

    def texts(self) -> list[str]:
        with self.lock:
            return [str(m["text"]) for m in self.sent if int(m["chat_id"]) == CHAT]

    def handler(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                method = self.path.rsplit("/", 1)[-1]
                length = int(self.headers.get("content-length") or 0)
                params = _params(self.rfile.read(length), self.headers.get("content-type", ""))
                if method == "sendMessage":
                    with api.lock:
                        api.sent.append(params)
                        killing = api.killing
                    if killing:
                        api.kill_victim()
                        self.close_connection = True
                        return  # no answer: the process is gone
                    result: Any = {
                        "message_id": len(api.sent),
                        "date": 0,
                        "chat": {"id": params["chat_id"], "type": "private"},
                        "text": params["text"],
                    }
                elif method == "getMe":
                    result = {"id": 123456, "is_bot": True, "first_name": "Companion"}
                else:
                    result = True
                body = json.dumps({"ok": True, "result": result}).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                return None

        return Handler


@contextmanager
def running_bot_api() -> Iterator[BotApi]:
    api = BotApi()
    server = ThreadingHTTPServer(("127.0.0.1", 0), api.handler())
    server.daemon_threads = True
    api.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield api
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture
def bot_api() -> Iterator[BotApi]:
    with running_bot_api() as api:
        yield api


@pytest.fixture
async def sm(db_url: str) -> AsyncIterator[SM]:
    engine = make_engine(db_url)
    yield make_sessionmaker(engine)
    await engine.dispose()


async def telegram_meeting(sm: SM) -> int:
    """Ada, known only on Telegram, mentioned "team meeting 14:30" there."""
    async with sm() as session:
        ada = await users.create_user(
            session, timezone="Europe/Berlin", telegram_id=CHAT, telegram_chat_id=CHAT
        )
        meeting = UserSchedule(
            user_id=ada.id, event_name="team meeting", start_time=START, channel="telegram"
        )
        session.add(meeting)
        await session.commit()
        return meeting.id


async def run_once(
    db_url: str, api: BotApi, now: dt.datetime, cwd: Path, *, die_on_send: bool = False
) -> int:
    """``companion-bot jobs run-once --now NOW`` in a fresh process; its exit code."""
    return await asyncio.to_thread(_run_once, db_url, api, now, cwd, die_on_send)


def _run_once(db_url: str, api: BotApi, now: dt.datetime, cwd: Path, die_on_send: bool) -> int:
    env = {
        **os.environ,
        "COMPANION_DATABASE_URL": db_url,
        "COMPANION_TELEGRAM_BOT_TOKEN": TOKEN,
        "COMPANION_TELEGRAM_API_URL": api.url,
        "COMPANION_REDIS_URL": "",
        "COMPANION_LLM_BASE_URL": "",
        "COMPANION_LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "companion_bot", "jobs", "run-once", "--now", now.isoformat()]
    api.victim_known.clear()
    with api.lock:
        api.killing = die_on_send
    process = subprocess.Popen(
        command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    api.victim = process
    api.victim_known.set()
    try:
        _, err = process.communicate(timeout=60)
    finally:
        with api.lock:
            api.killing = False
        if process.poll() is None:
            process.kill()
            process.communicate(timeout=10)
    assert process.returncode in (0, -signal.SIGKILL), err.decode()
    assert die_on_send or process.returncode == 0, err.decode()
    return process.returncode


async def reminder_row(sm: SM, schedule_id: int) -> ProactiveSession:
    async with sm() as session:
        row = await session.scalar(
            select(ProactiveSession).where(ProactiveSession.reference_id == schedule_id)
        )
        assert row is not None
        return row


async def stored_messages(sm: SM) -> int:
    async with sm() as session:
        return int(await session.scalar(select(func.count()).select_from(Message)) or 0)


async def explain(db_url: str, now: dt.datetime) -> str:
    """What ``companion-bot explain 4242`` (Ada's Telegram id) prints."""
    result = await asyncio.to_thread(
        CliRunner().invoke,
        explain_command,
        [str(CHAT), "--now", now.isoformat()],
        obj=Settings(database_url=db_url),
    )
    assert result.exit_code == 0, result.output
    return result.output


async def test_killed_after_telegram_accepted_the_reminder_sends_it_once_more(
    db_url: str, sm: SM, bot_api: BotApi, tmp_path: Path
) -> None:
    """One crash after the send: the reminder arrives a second time after the lease, once."""
    meeting = await telegram_meeting(sm)

    assert await run_once(db_url, bot_api, DUE, tmp_path, die_on_send=True) == -signal.SIGKILL
    assert len(bot_api.texts()) == 1
    leased = await reminder_row(sm, meeting)
    assert (leased.status, leased.attempts, leased.sent_at) == ("pending", 1, None)
    assert leased.claimed_until == DUE + LEASE

    # Restarted at once: the dead process's lease still holds, nothing is sent.
    await run_once(db_url, bot_api, DUE + dt.timedelta(minutes=1), tmp_path)
    assert len(bot_api.texts()) == 1

    # After the lease it goes out again (the one duplicate), and never a third time.
    for minutes in (5, 10):
        await run_once(db_url, bot_api, DUE + dt.timedelta(minutes=minutes, seconds=1), tmp_path)

    texts = bot_api.texts()
    assert len(texts) == 2
    assert "team meeting at 2:30 PM" in texts[0] and "in 30 minutes" in texts[0]
    assert "team meeting at 2:30 PM" in texts[1] and "in 25 minutes" in texts[1]
    row = await reminder_row(sm, meeting)
    assert (row.status, row.reason, row.attempts) == ("sent", None, 2)
    assert row.sent_at == DUE + LEASE + dt.timedelta(seconds=1)
    assert await stored_messages(sm) == 1  # the chat history holds the confirmed copy


async def test_killed_after_every_send_the_reminder_arrives_at_most_twice(
    db_url: str, sm: SM, bot_api: BotApi, tmp_path: Path
) -> None:
    """The process dies after every send: two copies, then the row is closed unconfirmed."""
    meeting = await telegram_meeting(sm)

    codes = [
        await run_once(db_url, bot_api, DUE + n * (LEASE + SECOND), tmp_path, die_on_send=True)
        for n in range(4)
    ]

    assert codes == [-signal.SIGKILL, -signal.SIGKILL, 0, 0]
    assert len(bot_api.texts()) == 2
    row = await reminder_row(sm, meeting)
    assert (row.status, row.reason, row.attempts) == ("sent", "unknown_outcome", 2)
    assert row.last_error == (
        "the process died twice before recording the outcome; it may have arrived twice"
    )
    assert "the channel did not confirm (the process died twice" in await explain(
        db_url, DUE + dt.timedelta(minutes=30)
    )
