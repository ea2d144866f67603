"""Feature flags for admins: ``GET/PUT /api/admin/flags`` and the ``/admin/flags`` page.

Only accounts with ``users.is_admin`` (``companion-bot admin grant USERNAME``) get in; others
get 403. The page is rendered here (every value escaped, no external assets) and changes
flags through the JSON API with ``/static/admin_flags.js``, so the API's CSRF guard covers
it too.
"""

from __future__ import annotations

import html
import logging
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, status
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field, model_validator

from companion_bot.ops.flag_store import FlagStore, FlagView
from companion_bot.ops.flags import FLAG_NAMES
from companion_bot.storage.models import User

from .admin_pages import ADMIN_ERRORS, FORBIDDEN, NO_STORE, admin_or_refusal, html_page
from .deps import CurrentUser, NowDep, SessionDep, SettingsDep
from .schemas import BODY_ERRORS, WRITE_ERRORS, IsoTime, error

log = logging.getLogger(__name__)
router = APIRouter(tags=["admin"], responses=ADMIN_ERRORS)


async def require_admin(user: CurrentUser) -> User:
    """The logged-in user if an admin, else 403 (401 when not logged in)."""
    if not user.is_admin:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=FORBIDDEN)
    return user


async def get_flag_store(request: Request) -> FlagStore:
    store: FlagStore = request.app.state.flags
    return store


AdminUser = Annotated[User, Depends(require_admin)]
FlagStoreDep = Annotated[FlagStore, Depends(get_flag_store)]


class FlagOut(BaseModel):
    name: str
    enabled: bool
    rollout_percent: float
    description: str
    stored: bool = Field(description="False while the flag is at its default (on at 100 %).")
    updated_at: IsoTime | None


class FlagList(BaseModel):
    items: list[FlagOut]
    cache_seconds: float = Field(description="Other processes follow a change within this.")


class FlagChange(BaseModel):
    enabled: bool | None = None
    rollout_percent: float | None = Field(default=None, ge=0, le=100)

    @model_validator(mode="after")
    def _something(self) -> FlagChange:
        if self.enabled is None and self.rollout_percent is None:
            raise ValueError("give enabled, rollout_percent or both")
        return self


def _out(view: FlagView) -> FlagOut:
    return FlagOut(
        name=view.name,
        enabled=view.enabled,
        rollout_percent=view.rollout_percent,
        description=view.description,
        stored=view.stored,
        updated_at=view.updated_at,
    )


@router.get("/api/admin/flags")
async def list_flags(admin: AdminUser, store: FlagStoreDep) -> FlagList:
    """Every feature flag, read fresh from the database."""
    return FlagList(items=[_out(v) for v in await store.list()], cache_seconds=store.ttl_seconds)


@router.put(
    "/api/admin/flags/{name}",
    responses={
        **WRITE_ERRORS,
        **BODY_ERRORS,
        403: error("Not an admin, or a cross-site request (Origin does not match Host)"),
        404: error("No such flag (the detail names the valid ones)"),
    },
)
async def change_flag(
    name: str, body: FlagChange, admin: AdminUser, store: FlagStoreDep
) -> FlagOut:
    """Switch a flag on or off and/or set its rollout percentage (0..100)."""
    if name not in FLAG_NAMES:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND,
            detail=f"No flag {name!r}; valid flags: {', '.join(sorted(FLAG_NAMES))}.",
        )
    view = await store.update(name, enabled=body.enabled, rollout_percent=body.rollout_percent)
    log.info(
        "flag changed by admin",
        extra={"action": "admin_flag_changed", "flag": name, "admin_user_id": admin.id},
    )
    return _out(view)


@router.get("/admin/flags", response_class=HTMLResponse, include_in_schema=False)
async def flags_page(
    request: Request, session: SessionDep, settings: SettingsDep, now: NowDep
) -> HTMLResponse:
    """The flags as a table with a form per flag (admins only)."""
    user = await admin_or_refusal(request, session, settings, now)
    if isinstance(user, HTMLResponse):
        return user
    store: FlagStore = request.app.state.flags
    views = await store.list()
    return HTMLResponse(render_flags_page(views, user, store.ttl_seconds), headers=NO_STORE)


def _row(view: FlagView) -> str:
    name = html.escape(view.name)
    state = "on" if view.enabled else "off"
    changed = view.updated_at.isoformat(timespec="seconds") if view.updated_at else "default"
    checked = " checked" if view.enabled else ""
    return (
        f'<tr data-flag="{name}"><td><code>{name}</code><br>'
        f'<span class="muted">{html.escape(view.description)}</span></td>'
        f'<td class="{state}" data-field="state">{state}</td>'
        f'<td data-field="percent">{view.rollout_percent:g} %</td>'
        f'<td class="muted" data-field="changed">{html.escape(changed)}</td>'
        f'<td><form class="flag-form" data-flag="{name}">'
        f'<label><input type="checkbox" name="enabled"{checked}> on</label> '
        f'<input type="number" name="rollout_percent" min="0" max="100" step="0.01" '
        f'value="{view.rollout_percent:g}" aria-label="rollout percent for {name}"> % '
        f'<button type="submit">Save</button></form></td></tr>'
    )


def render_flags_page(views: list[FlagView], user: User, ttl: float) -> str:
    rows = "".join(_row(v) for v in views)
    who = html.escape(user.username or f"user {user.id}")
    body = (
        "<h1>Feature flags</h1>"
        f'<p class="muted">Logged in as {who}. Running processes follow a change within '
        f"{ttl:g} s. Roll back in this order: <code>proactive_jobs</code>, "
        "<code>meeting_extraction</code>, <code>proactive_features</code>; nothing is deleted."
        "</p><table><thead><tr><th>flag</th><th>state</th><th>rollout</th><th>changed</th>"
        f"<th>change</th></tr></thead><tbody>{rows}</tbody></table>"
        '<p id="status" class="muted" role="status"></p>'
        '<script src="/static/admin_flags.js" defer></script>'
    )
    return html_page("Feature flags", body, stylesheet="admin_flags.css")
