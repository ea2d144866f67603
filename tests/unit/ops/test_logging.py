"""Logging from the environment: the checklist's loggers at their own levels, JSON lines."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from companion_bot.cli import main
from companion_bot.config import load_settings
from companion_bot.ops.logging import adopt_handlers, configure_logging, parse_levels
from companion_bot.services.meeting_extractor import MeetingExtractor

EXTRACTOR = "companion_bot.services.meeting_extractor"
ANALYZER = "companion_bot.services.message_analyzer"
PROACTIVE = "companion_bot.services.proactive_meeting_handler"
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """configure_logging changes process-wide state: put it back after each test."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    named = {name: logging.getLogger(name).level for name in (EXTRACTOR, ANALYZER, PROACTIVE)}
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    for name, named_level in named.items():
        logging.getLogger(name).setLevel(named_level)


def _configure_from_env(monkeypatch: pytest.MonkeyPatch, **env: str) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    settings = load_settings()
    configure_logging(
        level=settings.log_level, json_lines=settings.log_json, levels=settings.log_levels
    )


def _json_lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_levels_parse_names_and_levels_and_refuse_anything_else() -> None:
    assert parse_levels(f" {EXTRACTOR}=debug, uvicorn=WARNING ,") == {
        EXTRACTOR: "DEBUG",
        "uvicorn": "WARNING",
    }
    assert parse_levels("") == {}
    for bad in ("companion_bot", "companion_bot=LOUD", "=DEBUG=x"):
        with pytest.raises(ValueError, match="expected logger=LEVEL"):
            parse_levels(bad)


def test_the_extractor_logger_at_debug_prints_scores_as_json_while_the_rest_stays_at_info(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _configure_from_env(
        monkeypatch,
        COMPANION_LOG_LEVEL="INFO",
        COMPANION_LOG_JSON="true",
        COMPANION_LOG_LEVELS=f"{EXTRACTOR}=DEBUG,{PROACTIVE}=WARNING",
    )

    [meeting] = MeetingExtractor().extract("team meeting Friday 3-4pm", NOW)
    logging.getLogger(ANALYZER).debug("analyzer detail")
    logging.getLogger(ANALYZER).info("analyzer news", extra={"action": "schedule_created"})
    logging.getLogger(PROACTIVE).info("reminder sent")
    logging.getLogger(PROACTIVE).warning("send failed", extra={"action": "send_error"})

    lines = _json_lines(capsys.readouterr().err)
    assert [(line["logger"], line["level"]) for line in lines] == [
        (EXTRACTOR, "DEBUG"),
        (ANALYZER, "INFO"),
        (PROACTIVE, "WARNING"),
    ]
    extracted = lines[0]
    assert extracted["action"] == "meeting_extracted"
    assert extracted["event_name"] == meeting.event_name
    assert extracted["confidence"] == meeting.confidence
    assert extracted["start"] == "2026-11-27T15:00:00+01:00"
    assert {"time", "message"} <= set(extracted)
    assert lines[1]["action"] == "schedule_created"


def test_plain_text_lines_carry_the_action_in_brackets(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _configure_from_env(monkeypatch, COMPANION_LOG_JSON="false", COMPANION_LOG_LEVELS="")

    logging.getLogger(ANALYZER).info("scheduled", extra={"action": "schedule_created"})
    MeetingExtractor().extract("team meeting Friday 3-4pm", NOW)  # DEBUG: not shown

    [line] = capsys.readouterr().err.splitlines()
    assert line.endswith(f"INFO {ANALYZER}: scheduled [schedule_created]")


def test_handlers_set_up_elsewhere_get_json_and_the_levels(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """What a Celery worker does after Celery has configured its own handler."""
    root = logging.getLogger()
    root.handlers[:] = [logging.StreamHandler()]
    root.setLevel(logging.WARNING)

    adopt_handlers(root, json_lines=True, levels=f"{ANALYZER}=INFO")
    logging.getLogger(ANALYZER).info("analyzer news")
    logging.getLogger(PROACTIVE).info("not shown")

    [line] = _json_lines(capsys.readouterr().err)
    assert (line["logger"], line["message"]) == (ANALYZER, "analyzer news")


def test_a_bad_levels_setting_stops_the_cli_with_the_variable_and_an_example() -> None:
    result = CliRunner().invoke(
        main, ["extract", "lunch at noon"], env={"COMPANION_LOG_LEVELS": "companion_bot=LOUD"}
    )

    assert result.exit_code == 1
    assert "COMPANION_LOG_LEVELS" in result.output
    assert f"{EXTRACTOR}=DEBUG" in result.output  # the example shown
