"""A stand-in Telegram Bot API server on loopback, for the real python-telegram-bot client.

It implements the methods the bot uses, records every call (with the time it arrived),
queues updates for ``getUpdates``, and can be told to answer an error (429, 403, 400, 500).
Runs uvicorn in a thread, so it serves sync and async tests and other processes alike.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

TOKEN = "123456:TEST-token"
BOT_USER = {
    "id": 123456,
    "is_bot": True,
    "first_name": "Companion",
    "username": "companion_test_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
HANG = 0  # a "failure" that answers only after ``retry_after`` seconds
JSON_FIELDS = {"reply_markup", "commands", "allowed_updates", "entities", "scope"}


@dataclass(frozen=True)
class Call:
    method: str
    params: dict[str, Any]
    at: float  # time.monotonic() when it arrived


@dataclass
class Failure:
    status: int
    description: str
    retry_after: int | None = None


@dataclass
class BotApiState:
    """Everything the server saw and will answer; safe to use from any thread."""

    token: str = TOKEN
    url: str = ""  # the root URL, once serving
    calls: list[Call] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    failures: dict[str, list[Failure]] = field(default_factory=dict)
    webhook_url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)
    _update_ids: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    _message_ids: Iterator[int] = field(default_factory=lambda: itertools.count(1000))

    def push_update(self, update: dict[str, Any], *, times: int = 1) -> int:
        """Queue an update for getUpdates; returns its update_id. ``times=2`` delivers the
        same update (same id) twice, as Telegram does to a bot that crashed before its
        offset moved past it."""
        with self.lock:
            update_id = next(self._update_ids)
            self.updates.extend({"update_id": update_id, **update} for _ in range(times))
            return update_id

    def next_update_id(self) -> int:
        with self.lock:
            return next(self._update_ids)

    def fail(
        self,
        method: str,
        status: int,
        *,
        description: str = "",
        retry_after: int | None = None,
        times: int = 1,
    ) -> None:
        """Answer the next ``times`` calls of ``method`` with an error (or, with status
        ``HANG``, answer late: after ``retry_after`` seconds)."""
        text = description or {
            400: "Bad Request: chat not found",
            403: "Forbidden: bot was blocked by the user",
            429: f"Too Many Requests: retry after {retry_after}",
            500: "Internal Server Error",
        }.get(status, "error")
        with self.lock:
            self.failures.setdefault(method, []).extend(
                Failure(status, text, retry_after) for _ in range(times)
            )

    def calls_of(self, method: str) -> list[Call]:
        with self.lock:
            return [c for c in self.calls if c.method == method]

    def sent_texts(self, chat_id: int | None = None) -> list[str]:
        return [
            str(c.params["text"])
            for c in self.calls_of("sendMessage")
            if chat_id is None or int(c.params["chat_id"]) == chat_id
        ]

    async def wait_for(self, method: str, count: int, *, within: float = 10.0) -> list[Call]:
        """Wait until at least ``count`` calls of ``method`` arrived."""
        deadline = time.monotonic() + within
        while True:
            calls = self.calls_of(method)
            if len(calls) >= count:
                return calls
            if time.monotonic() > deadline:
                raise AssertionError(f"expected {count} {method} calls, got {len(calls)}: {calls}")
            await asyncio.sleep(0.02)

    def _take_failure(self, method: str) -> Failure | None:
        with self.lock:
            queue = self.failures.get(method)
            return queue.pop(0) if queue else None


def _params(body: bytes, content_type: str) -> dict[str, Any]:
    if not body:
        return {}
    if content_type.startswith("application/json"):
        loaded: dict[str, Any] = json.loads(body)
        return loaded
    params: dict[str, Any] = {k: v[0] for k, v in parse_qs(body.decode()).items()}
    for name in JSON_FIELDS & params.keys():
        params[name] = json.loads(params[name])
    return params


class _AsciiJSON(JSONResponse):
    """JSON with every non-ASCII character escaped, as the Bot API may send it (so a lone
    surrogate a user typed arrives as ``\\ud800``)."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, separators=(",", ":")).encode()


def _ok(result: Any) -> JSONResponse:
    return _AsciiJSON({"ok": True, "result": result})


def make_app(state: BotApiState) -> Starlette:
    async def endpoint(request: Request) -> JSONResponse:
        token, method = request.path_params["token"], request.path_params["method"]
        if token != state.token:
            return JSONResponse(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status_code=401
            )
        params = _params(await request.body(), request.headers.get("content-type", ""))
        with state.lock:
            state.calls.append(Call(method, params, time.monotonic()))
        failure = state._take_failure(method)
        if failure is not None and failure.status == HANG:
            await asyncio.sleep(failure.retry_after or 0)  # then answer normally, too late
        elif failure is not None:
            body: dict[str, Any] = {
                "ok": False,
                "error_code": failure.status,
                "description": failure.description,
            }
            if failure.retry_after is not None:
                body["parameters"] = {"retry_after": failure.retry_after}
            return JSONResponse(body, status_code=failure.status)
        return await _answer(state, method, params)

    return Starlette(routes=[Route("/bot{token}/{method}", endpoint, methods=["GET", "POST"])])


async def _answer(state: BotApiState, method: str, params: dict[str, Any]) -> JSONResponse:
    if method == "getMe":
        return _ok(BOT_USER)
    if method == "getUpdates":
        return _ok(await _updates(state, params))
    if method == "sendMessage":
        with state.lock:
            message_id = next(state._message_ids)
        return _ok(
            {
                "message_id": message_id,
                "date": int(time.time()),
                "chat": {"id": int(params["chat_id"]), "type": "private"},
                "from": BOT_USER,
                "text": params["text"],
            }
        )
    if method == "setWebhook":
        state.webhook_url = str(params.get("url", ""))
        return _ok(True)
    if method == "deleteWebhook":
        state.webhook_url = ""
        return _ok(True)
    if method in {"setMyCommands", "answerCallbackQuery", "editMessageReplyMarkup"}:
        return _ok(True)
    return JSONResponse(
        {"ok": False, "error_code": 404, "description": "Not Found: method not found"},
        status_code=404,
    )


async def _updates(state: BotApiState, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Long polling, shortened: wait at most 0.5 s for updates at or after ``offset``."""
    offset = int(params.get("offset") or 0)
    deadline = time.monotonic() + min(float(params.get("timeout") or 0), 0.5)
    while True:
        with state.lock:
            state.updates = [u for u in state.updates if u["update_id"] >= offset]
            ready = list(state.updates)
        if ready or time.monotonic() >= deadline:
            return ready
        await asyncio.sleep(0.02)


@contextmanager
def running_bot_api(
    state: BotApiState | None = None, *, port: int = 0
) -> Iterator[tuple[str, BotApiState]]:
    """Serve the stand-in on loopback (a free port by default); yields ``(root URL, state)``."""
    state = state or BotApiState()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        make_app(state), log_level="warning", lifespan="off", ws="none", http="h11"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the stand-in Bot API server did not start")
        time.sleep(0.01)
    state.url = f"http://127.0.0.1:{port}"
    try:
        yield state.url, state
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
