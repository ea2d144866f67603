"""The /admin/flags page escapes what it shows and links no outside asset."""

from __future__ import annotations

import datetime as dt

from companion_bot.channels.web.admin_flags import render_flags_page
from companion_bot.ops.flag_store import FlagView
from companion_bot.storage.models import User

EVIL = '<script>alert("x")</script>'


def test_every_value_is_escaped() -> None:
    view = FlagView(
        name="proactive_jobs",
        enabled=False,
        rollout_percent=12.5,
        description=EVIL,
        stored=True,
        updated_at=dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC),
    )

    page = render_flags_page([view], User(id=1, username=EVIL), ttl=5)

    assert EVIL not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page
    assert 'value="12.5"' in page and "12.5 %" in page
    assert "2026-11-25T09:00:00+00:00" in page
    assert page.count("<script") == 1  # only the page's own /static/admin_flags.js
    assert 'src="/static/admin_flags.js"' in page
