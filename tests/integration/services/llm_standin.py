"""A stand-in for an OpenAI-compatible LLM server: a real HTTP server on loopback.

It answers ``POST /v1/chat/completions`` the way Ollama, vLLM or OpenAI do, records every
request, and can be told to answer late or with an error, so the real ``LLMClient`` (httpx
over TCP, no mocked transport) meets what it would meet in production.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


@dataclass
class LlmState:
    """What the stand-in does next, and what it was asked."""

    url: str = ""
    answer: str = "Sounds good — I've got it noted. Anything else on your mind?"
    status: int = 200
    delay_seconds: float = 0.0
    requests: list[dict[str, Any]] = field(default_factory=list)
    authorization: list[str | None] = field(default_factory=list)
    stopping: asyncio.Event = field(default_factory=asyncio.Event)

    arrived: asyncio.Condition = field(default_factory=asyncio.Condition)

    async def received(self, count: int, *, within: float = 5.0) -> int:
        """How many requests arrived, waiting up to ``within`` seconds for ``count``: a request
        the client gave up on may still be on its way to this server."""
        async with self.arrived:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    self.arrived.wait_for(lambda: len(self.requests) >= count), within
                )
        return len(self.requests)

    def system_prompt(self, index: int = -1) -> str:
        messages = self.requests[index]["messages"]
        assert messages[0]["role"] == "system"
        content: str = messages[0]["content"]
        return content


def _app(state: LlmState) -> Starlette:
    async def completions(request: Request) -> JSONResponse:
        body = await request.json()
        async with state.arrived:
            state.requests.append(body)
            state.authorization.append(request.headers.get("authorization"))
            state.arrived.notify_all()
        if state.delay_seconds:  # a late answer; cut short when the server stops
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(state.stopping.wait(), state.delay_seconds)
        if state.status != 200:
            return JSONResponse({"error": {"message": "model crashed"}}, status_code=state.status)
        return JSONResponse(
            {
                "id": f"chatcmpl-{len(state.requests)}",
                "object": "chat.completion",
                "model": body.get("model", ""),
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": state.answer},
                        "finish_reason": "stop",
                    }
                ],
            }
        )

    return Starlette(routes=[Route("/v1/chat/completions", completions, methods=["POST"])])


@asynccontextmanager
async def running_llm() -> AsyncIterator[LlmState]:
    """Serve the stand-in on a free loopback port; ``state.url`` is its ``/v1`` base URL."""
    state = LlmState()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    state.url = f"http://127.0.0.1:{sock.getsockname()[1]}/v1"
    config = uvicorn.Config(
        _app(state), lifespan="off", log_config=None, timeout_graceful_shutdown=1
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        while not server.started:
            if task.done():
                task.result()
            await asyncio.sleep(0.01)
        yield state
    finally:
        state.stopping.set()
        server.should_exit = True
        await task
        sock.close()
