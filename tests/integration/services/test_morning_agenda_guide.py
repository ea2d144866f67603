"""The user guide's "Morning summary" examples, through the real pipeline (offline responder)
and the real job on both databases: each answer as the guide prints it, and each morning's
message (or its absence) the day after what the guide says was said."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from companion_bot.composition import build_proactive_handler
from companion_bot.config import Settings
from companion_bot.proactive.runner import run_pass
from companion_bot.services.message_handler import MessageHandler
from companion_bot.storage.models import MorningAgenda
from companion_bot.testing import FakeSender, FrozenClock

SM = async_sessionmaker[AsyncSession]
GUIDE = Path(__file__).parents[3] / "docs" / "user-guide.md"
BERLIN = ZoneInfo("Europe/Berlin")
#: Wednesday 25 November 2026, 10:00 in Berlin; the summaries come the next morning at 8.
SAID_AT = dt.datetime(2026, 11, 25, 10, 0, tzinfo=BERLIN)
NEXT_MORNING = dt.datetime(2026, 11, 26, 8, 0, tzinfo=BERLIN)


def guide_table(first_header: str) -> list[list[str]]:
    """The rows of the "Morning summary" table whose first header is ``first_header``."""
    section = GUIDE.read_text(encoding="utf-8").split("## Morning summary", 1)[1]
    section = section.split("\n## ", 1)[0]
    rows: list[list[str]] = []
    in_table = False
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.startswith("|"):
            in_table = False
        elif cells[0] == first_header:
            in_table = True
        elif in_table and not cells[0].startswith("---"):
            rows.append(cells)
    return rows


def quoted(cell: str) -> list[str]:
    return re.findall(r'"([^"]+)"', cell)


def test_the_guide_has_the_issues_phrases() -> None:
    said = [quoted(cells[0])[0] for cells in guide_table("you say")]
    assert said == [
        "send me a morning summary",
        "morning summary at 7:30",
        "send me a morning summary even when there's nothing",
        "stop the morning summary",
    ]
    assert len(guide_table("on with")) == 4


@pytest.mark.parametrize("cells", guide_table("you say"), ids=lambda c: c[0][:40])
async def test_the_guide_says_what_the_bot_answers(
    handler: MessageHandler, user_id: int, cells: list[str]
) -> None:
    [example] = quoted(cells[0])
    result = await handler.handle(user_id=user_id, channel="web", text=example, now=SAID_AT)
    assert result.reply.content == cells[1]


@pytest.mark.parametrize("cells", guide_table("on with"), ids=lambda c: c[1][:40])
async def test_the_guide_says_what_comes_the_next_morning(
    handler: MessageHandler, sm: SM, user_id: int, cells: list[str]
) -> None:
    setting, said, expected = cells
    for text in [*quoted(setting), *quoted(said)]:
        await handler.handle(user_id=user_id, channel="web", text=text, now=SAID_AT)
    web = FakeSender(channel="web")
    jobs = build_proactive_handler(
        Settings(llm_base_url=""), sm, senders={"web": web}, clock=FrozenClock(NEXT_MORNING)
    )

    await run_pass(jobs, NEXT_MORNING)

    agendas = [m.text for m in web.sent if m.client_key is not None]
    if expected == "(nothing is sent)":
        async with sm() as session:
            [row] = await session.scalars(select(MorningAgenda))
        assert agendas == [] and (row.status, row.reason) == ("skipped", "nothing_today")
    else:
        assert agendas == [expected]
