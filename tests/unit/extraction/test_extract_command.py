"""``extract TEXT --tz ZONE --now ...`` prints meetings as JSON lines."""

from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from companion_bot.commands.extract import extract
from companion_bot.config import load_settings


def test_prints_one_json_line_per_meeting() -> None:
    result = CliRunner().invoke(
        extract,
        ["dentist wed 2pm, haircut thu 10am", "--tz", "Europe/London", "--now", "2026-11-24T09:00"],
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [(d["event_name"], d["start"]) for d in lines] == [
        ("dentist", "2026-11-25T14:00:00+00:00"),
        ("haircut", "2026-11-26T10:00:00+00:00"),
    ]


def test_no_meeting_says_so_on_stderr_and_exits_0() -> None:
    result = CliRunner().invoke(
        extract, ["hello there", "--tz", "UTC", "--now", "2026-11-24T09:00"]
    )
    assert result.exit_code == 0
    assert (result.stdout, result.stderr) == ("", "no meeting found\n")  # stdout stays JSON
    assert result.output == "no meeting found\n"  # what a terminal shows


def test_the_installed_command_says_no_meeting_found() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "companion_bot", "extract", "hello there", "--tz", "UTC"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "no meeting found\n")


def test_default_zone_comes_from_settings() -> None:
    settings = load_settings(default_timezone="Asia/Tokyo")
    result = CliRunner().invoke(
        extract, ["standup tomorrow at 10am", "--now", "2026-11-24T09:00"], obj=settings
    )
    assert json.loads(result.output)["start"] == "2026-11-25T10:00:00+09:00"


def test_bad_zone_and_bad_now_are_clear_errors() -> None:
    bad_tz = CliRunner().invoke(extract, ["x", "--tz", "Mars/Olympus"])
    assert bad_tz.exit_code == 2 and "Mars/Olympus" in bad_tz.output
    bad_now = CliRunner().invoke(extract, ["x", "--tz", "UTC", "--now", "yesterday"])
    assert bad_now.exit_code == 2 and "--now" in bad_now.output


def test_extraction_is_a_pure_package() -> None:
    probe = "import sys, companion_bot.extraction\nprint('\\n'.join(sorted(sys.modules)))"
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.split()
    forbidden = ("sqlalchemy", "httpx", "telegram", "redis", "celery", "fastapi", "click")
    assert [m for m in loaded if m.startswith(forbidden)] == []
