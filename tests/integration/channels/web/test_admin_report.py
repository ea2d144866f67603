"""The success-metrics dashboard ``/admin`` and ``GET /api/admin/report``: admins only."""

from __future__ import annotations

import datetime as dt

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from web_helpers import NOW, Signup

from companion_bot.storage import users
from companion_bot.storage.models import Message, ProactiveSession, UserSchedule


async def make_admin(app: FastAPI, username: str) -> None:
    sm: async_sessionmaker[AsyncSession] = app.state.sessionmaker
    async with sm() as session, session.begin():
        assert await users.set_admin(session, username=username, is_admin=True)


@pytest.fixture
async def admin(app: FastAPI, signup: Signup) -> None:
    """The client is logged in as the admin ``root``; ``ada`` had a meeting yesterday."""
    await signup("root")
    await make_admin(app, "root")
    yesterday = NOW - dt.timedelta(days=1)
    sm: async_sessionmaker[AsyncSession] = app.state.sessionmaker
    async with sm() as session, session.begin():
        ada = await users.create_user(session, username="ada")
        session.add(
            Message(
                user_id=ada.id,
                channel="web",
                role="user",
                content="team meeting 3-4 PM",
                created_at=yesterday,
            )
        )
        meeting = UserSchedule(
            user_id=ada.id,
            event_name="team meeting",
            start_time=yesterday + dt.timedelta(hours=5),
            end_time=yesterday + dt.timedelta(hours=6),
            channel="web",
            created_at=yesterday,
        )
        session.add(meeting)
        await session.flush()
        due = meeting.start_time - dt.timedelta(minutes=30)
        session.add(
            ProactiveSession(
                user_id=ada.id,
                session_type="preparation_reminder",
                reference_id=meeting.id,
                channel="web",
                status="sent",
                due_at=due,
                created_at=due,
                sent_at=due + dt.timedelta(seconds=90),
                acknowledged_at=due + dt.timedelta(minutes=2),
            )
        )


async def test_not_logged_in_gets_401(client: httpx.AsyncClient) -> None:
    api = await client.get("/api/admin/report")
    page = await client.get("/admin")

    assert (api.status_code, page.status_code) == (401, 401)
    assert 'href="/"' in page.text


async def test_a_user_who_is_not_an_admin_gets_403(
    client: httpx.AsyncClient, signup: Signup
) -> None:
    await signup("mallory")

    api = await client.get("/api/admin/report")
    page = await client.get("/admin")

    assert (api.status_code, page.status_code) == (403, 403)
    assert "admin grant" in api.json()["detail"]
    assert "<svg" not in page.text
    assert "Success metrics" not in page.text


@pytest.mark.usefixtures("admin")
async def test_admin_sees_the_dashboard_with_inline_svg_charts(client: httpx.AsyncClient) -> None:
    response = await client.get("/admin")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "<h1>Success metrics</h1>" in page
    assert page.count("<svg") == 3
    assert "active users with detected meetings</td><td>100.0 % (1 of 1)" in page
    assert "reminders sent within 60 s of due</td><td>0.0 % (0 of 1)" in page
    assert "<script" not in page and "http://" not in page.replace('xmlns="http://', "")


@pytest.mark.usefixtures("admin")
async def test_admin_gets_the_report_as_json(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/admin/report", params={"since": "2d"})

    assert response.status_code == 200
    data = response.json()
    assert data["since"] == "2026-11-23T09:00:00+00:00"
    assert data["adoption"]["active_users"] == 1
    assert data["adoption"]["with_end_time_pct"] == 100.0
    assert data["engagement"]["acknowledged_pct"] == 100.0
    assert data["quality"]["reminders_on_time"] == 0  # 90 s late
    assert [d["count"] for d in data["growth"]["schedules_per_day"]] == [0, 1, 0]


@pytest.mark.usefixtures("admin")
async def test_a_bad_window_is_refused_and_echoed_escaped(client: httpx.AsyncClient) -> None:
    api = await client.get("/api/admin/report", params={"since": "soon"})
    page = await client.get("/admin", params={"since": "<script>x</script>"})

    assert api.status_code == 422
    assert "7d" in api.json()["detail"]
    assert page.status_code == 422
    assert "<script>" not in page.text
    assert "&lt;script&gt;" in page.text
