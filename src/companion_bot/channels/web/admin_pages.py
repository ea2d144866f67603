"""The shell the server-rendered admin pages share: the HTML frame and the admin check."""

from __future__ import annotations

import datetime as dt
import html

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.ext.asyncio import AsyncSession

from companion_bot.config import Settings
from companion_bot.storage.models import User

from .deps import get_current_user
from .schemas import AUTH_ERRORS, ErrorDocs, error

NO_STORE = {"Cache-Control": "no-store"}
FORBIDDEN = "Admin accounts only (an operator runs `companion-bot admin grant USERNAME`)."
#: What every admin API route may answer before its own work: not logged in, not an admin.
ADMIN_ERRORS: ErrorDocs = {**AUTH_ERRORS, 403: error("Not an admin")}


def html_page(title: str, body: str, *, stylesheet: str = "admin.css") -> str:
    """A whole page; ``title`` is escaped here, ``body`` must already be. Its style is a file
    in ``static/``: the Content-Security-Policy allows no inline ``<style>``."""
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)} · companion-bot</title>"
        f'<link rel="stylesheet" href="/static/{html.escape(stylesheet)}"></head>'
        f"<body>{body}</body></html>"
    )


def message_page(title: str, body_html: str, code: int) -> HTMLResponse:
    """A page that only says why (not logged in, not an admin, a bad parameter)."""
    body = f"<h1>{html.escape(title)}</h1><p>{body_html}</p>"
    return HTMLResponse(html_page(title, body), status_code=code, headers=NO_STORE)


async def admin_or_refusal(
    request: Request, session: AsyncSession, settings: Settings, now: dt.datetime
) -> User | HTMLResponse:
    """The logged-in admin, or the 401 / 403 page to show instead."""
    try:
        user = await get_current_user(request, session, settings, now)
    except HTTPException:
        return message_page("Log in first", 'Log in on <a href="/">the chat page</a>.', 401)
    if not user.is_admin:
        return message_page("Admins only", html.escape(FORBIDDEN), 403)
    return user
