"""The ingest benchmark's peer: bare FastAPI + asyncpg insert, the floor of our web stack.

One ``POST /api/messages`` that checks the bearer token against a dict and INSERTs the
message row with asyncpg, replying with a constant JSON; plus ``GET /readyz`` so the
benchmark can wait for it. No auth tables, extraction, schedules or reply: what is left is
uvicorn, FastAPI's routing and body validation, and one database round trip.

Settings come from the environment, set by ``bench/ingest.py``:
``COMPANION_PEER_DATABASE_URL`` (a libpq URL) and ``COMPANION_PEER_TOKENS`` (JSON object,
token -> user id).

    .venv/bin/python bench/ingest_peer.py --port 8001
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

import asyncpg
import uvicorn
from fastapi import FastAPI, Header, HTTPException, Request
from pydantic import BaseModel

INSERT = "INSERT INTO messages (user_id, channel, role, content) VALUES ($1, 'web', 'user', $2)"
REPLY = {"reply": "ok"}


class MessageIn(BaseModel):
    """The posted message, validated as our endpoint validates it."""

    text: str


def create_app(database_url: str, tokens: dict[str, int]) -> FastAPI:
    """The peer app: ``tokens`` maps a bearer token to its user id."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        pool = await asyncpg.create_pool(database_url, min_size=5, max_size=10)
        app.state.pool = pool
        try:
            yield
        finally:
            await pool.close()

    app = FastAPI(lifespan=lifespan)

    @app.get("/readyz")
    async def readyz() -> dict[str, str]:
        return {"status": "ok"}

    @app.post("/api/messages")
    async def post_message(
        body: MessageIn,
        request: Request,
        authorization: Annotated[str | None, Header()] = None,
    ) -> dict[str, str]:
        scheme, _, token = (authorization or "").partition(" ")
        user_id = tokens.get(token) if scheme.lower() == "bearer" else None
        if user_id is None:
            raise HTTPException(401, detail="Not signed in.")
        await request.app.state.pool.execute(INSERT, user_id, body.text)
        return REPLY

    return app


def app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory`` (several workers)."""
    tokens = {
        token: int(user) for token, user in json.loads(os.environ["COMPANION_PEER_TOKENS"]).items()
    }
    return create_app(os.environ["COMPANION_PEER_DATABASE_URL"], tokens)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8001)
    args = parser.parse_args()
    # As `companion-bot serve` runs our app: uvicorn.run with default loop and HTTP parser.
    uvicorn.run(app_from_env(), host="127.0.0.1", port=args.port, log_config=None)


if __name__ == "__main__":
    main()
