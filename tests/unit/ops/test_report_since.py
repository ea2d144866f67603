"""``--since``: durations back from now, ISO dates, and clear refusals."""

from __future__ import annotations

import datetime as dt

import pytest

from companion_bot.errors import InputError
from companion_bot.ops.report import parse_since

NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7d", dt.datetime(2026, 11, 18, 9, 0, tzinfo=dt.UTC)),
        ("24h", dt.datetime(2026, 11, 24, 9, 0, tzinfo=dt.UTC)),
        ("90m", dt.datetime(2026, 11, 25, 7, 30, tzinfo=dt.UTC)),
        ("2W", dt.datetime(2026, 11, 11, 9, 0, tzinfo=dt.UTC)),
        ("2026-11-01", dt.datetime(2026, 11, 1, tzinfo=dt.UTC)),
        (
            "2026-11-20T10:00+01:00",
            dt.datetime(2026, 11, 20, 10, tzinfo=dt.timezone(dt.timedelta(hours=1))),
        ),
    ],
)
def test_accepted_forms(text: str, expected: dt.datetime) -> None:
    assert parse_since(text, now=NOW) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("3x", "use a duration such as 7d"),
        ("last week", "use a duration such as 7d"),
        ("0d", "positive duration"),
        ("2026-12-01", "not in the past"),
        ("99999999999d", "before the year 1"),
        ("999999999999999999999w", "before the year 1"),
    ],
)
def test_refused_forms_say_why(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_since(text, now=NOW)
