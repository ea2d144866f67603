"""What an operator sees in the log when the real clients run: no bot token in httpx's
request lines or python-telegram-bot's debug lines, no SQL parameters or result rows from
SQLAlchemy, not even at DEBUG or in a database error."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from sqlalchemy.exc import IntegrityError

from companion_bot.channels.telegram.app import build_bot
from companion_bot.config import Settings, load_settings
from companion_bot.ops.logging import REDACTED, configure_logging
from companion_bot.storage import users
from companion_bot.storage.db import make_engine, make_sessionmaker

ISSUE_TOKEN = "123456:TEST-token"  # the token of issue 15's log line
BOT_TOKEN = "110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
PASSWORD_HASH = "pbkdf2_sha256$600000$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA"
OTHER_HASH = "pbkdf2_sha256$600000$b3RoZXJzYWx0$b3RoZXJoYXNoaGFzaA"
HIDDEN = "[SQL parameters hidden due to hide_parameters=True]"
USERNAME = "ada-lovelace-1815"
BOT_USER = {"id": 110201543, "is_bot": True, "first_name": "Companion", "username": "c_bot"}
LOGGERS = ("httpx", "httpcore", "telegram", "sqlalchemy.engine")


class _BotApi(BaseHTTPRequestHandler):
    """Answers ``getMe`` under any ``/bot<token>/`` path; remembers the paths it saw."""

    paths: list[str] = []

    def do_POST(self) -> None:
        self.paths.append(self.path)
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        found = self.path.endswith("/getMe")
        body = {"ok": True, "result": BOT_USER} if found else {"ok": False, "description": "?"}
        payload = json.dumps(body).encode()
        self.send_response(200 if found else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:
        """The stand-in's own access lines are not the app's log."""


@pytest.fixture
def bot_api() -> Iterator[str]:
    """A Bot API stand-in on 127.0.0.1; yields its root URL."""
    _BotApi.paths = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _BotApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """configure_logging changes process-wide state: put it back after each test."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    levels = {name: logging.getLogger(name).level for name in LOGGERS}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, named_level in levels.items():
        logging.getLogger(name).setLevel(named_level)


def _secrets(settings: Settings) -> tuple[str, ...]:
    return (
        settings.telegram_bot_token,
        settings.llm_api_key,
        settings.secret_key,
        settings.telegram_webhook_secret,
    )


def test_httpx_request_lines_are_off_by_default_and_never_show_the_token(
    bot_api: str, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"{bot_api}/bot{ISSUE_TOKEN}/getMe"
    configure_logging(level="INFO")
    assert httpx.post(url).json()["ok"] is True
    assert capsys.readouterr().err == ""

    # No secrets handed in: the token is recognised by where it stands in the URL.
    configure_logging(level="INFO", levels="httpx=INFO")
    assert httpx.post(url).json()["ok"] is True

    assert _BotApi.paths == [f"/bot{ISSUE_TOKEN}/getMe"] * 2  # the token did go out
    err = capsys.readouterr().err
    assert ISSUE_TOKEN not in err
    assert "TEST-token" not in err
    [line] = err.splitlines()
    assert f"INFO httpx: HTTP Request: POST {bot_api}/bot{REDACTED}/getMe " in line
    assert line.endswith(' 200 OK"')


async def test_the_telegram_client_at_debug_never_shows_the_token(
    bot_api: str, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = load_settings(
        telegram_bot_token=BOT_TOKEN,
        telegram_api_url=bot_api,
        llm_api_key="sk-test-0123456789abcdef",
        redis_url="",
    )
    configure_logging(
        level="DEBUG", levels="httpx=DEBUG,httpcore=DEBUG", secrets=_secrets(settings)
    )

    async with build_bot(settings) as bot:
        me = await bot.get_me()

    assert me.username == "c_bot"
    err = capsys.readouterr().err
    assert BOT_TOKEN not in err
    assert BOT_TOKEN.partition(":")[2] not in err
    assert f"Set Bot API URL: {bot_api}/bot{REDACTED}" in err  # python-telegram-bot
    assert f"HTTP Request: POST {bot_api}/bot{REDACTED}/getMe" in err  # httpx


async def test_sql_parameters_and_rows_stay_out_of_the_log_at_debug(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging(level="INFO", levels="sqlalchemy.engine=DEBUG")
    engine = make_engine(sqlite_url)
    try:
        async with make_sessionmaker(engine)() as session:
            await users.create_user(session, username=USERNAME, password_hash=PASSWORD_HASH)
            await session.commit()
        async with make_sessionmaker(engine)() as session:
            user = await users.get_user_by_username(session, username=USERNAME)
    finally:
        await engine.dispose()

    assert user is not None
    assert user.password_hash == PASSWORD_HASH  # stored and read back
    err = capsys.readouterr().err
    assert "INSERT INTO users" in err
    assert "FROM users" in err
    assert HIDDEN in err
    assert f"Row {REDACTED}" in err
    assert PASSWORD_HASH not in err
    assert USERNAME not in err


async def test_a_database_error_shows_neither_in_its_message_nor_in_the_log_the_values(
    sqlite_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging(level="INFO", levels="sqlalchemy.engine=INFO")
    engine = make_engine(sqlite_url)
    try:
        async with make_sessionmaker(engine)() as session:
            await users.create_user(session, username=USERNAME, password_hash=PASSWORD_HASH)
            await session.commit()
        async with make_sessionmaker(engine)() as session:
            with pytest.raises(IntegrityError) as raised:
                await users.create_user(session, username=USERNAME, password_hash=OTHER_HASH)
            logging.getLogger("companion_bot.channels.web.auth").error(
                "sign-up failed", exc_info=raised.value
            )
    finally:
        await engine.dispose()

    message = str(raised.value)
    assert "UNIQUE constraint failed" in message  # the error itself is shown
    assert HIDDEN in message
    assert OTHER_HASH not in message
    err = capsys.readouterr().err
    assert "sign-up failed" in err
    assert "IntegrityError" in err
    assert PASSWORD_HASH not in err
    assert OTHER_HASH not in err
