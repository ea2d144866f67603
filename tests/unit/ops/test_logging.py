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
from companion_bot.ops.logging import (
    QUIET_BY_DEFAULT,
    REDACTED,
    RedactingFilter,
    adopt_handlers,
    configure_logging,
    parse_levels,
)
from companion_bot.services.meeting_extractor import MeetingExtractor

EXTRACTOR = "companion_bot.services.meeting_extractor"
ANALYZER = "companion_bot.services.message_analyzer"
PROACTIVE = "companion_bot.services.proactive_meeting_handler"
OURS = (EXTRACTOR, ANALYZER, PROACTIVE, "sqlalchemy.engine")
NOW = dt.datetime(2026, 11, 25, 10, 0, tzinfo=ZoneInfo("Europe/Berlin"))
BOT_TOKEN = "110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw"
LLM_KEY = "sk-test-0123456789abcdef"


@pytest.fixture(autouse=True)
def restore_logging() -> Iterator[None]:
    """configure_logging changes process-wide state: put it back after each test."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    named = {name: logging.getLogger(name).level for name in (*OURS, *QUIET_BY_DEFAULT)}
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


# Redaction: what an operator sees in the log output, never a secret.


def _configure_with_secrets(
    capsys: pytest.CaptureFixture[str], *, json_lines: bool = False, levels: str = ""
) -> None:
    capsys.readouterr()
    configure_logging(
        level="INFO",
        json_lines=json_lines,
        levels=levels,
        secrets=(BOT_TOKEN, LLM_KEY, "a-webhook-secret", ""),
    )


def test_the_configured_llm_key_in_a_records_args_is_redacted(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _configure_with_secrets(capsys)

    logging.getLogger(ANALYZER).info("calling the LLM with key %s (%d tries)", LLM_KEY, 2)

    [line] = capsys.readouterr().err.splitlines()
    assert LLM_KEY not in line
    assert line.endswith(f"{ANALYZER}: calling the LLM with key {REDACTED} (2 tries)")


def test_json_lines_redact_the_message_the_extra_fields_and_the_traceback(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _configure_with_secrets(capsys, json_lines=True)
    url = f"https://api.telegram.org/bot{BOT_TOKEN}/sendMessage"

    try:
        raise RuntimeError(f"Client error '404 Not Found' for url '{url}'")
    except RuntimeError:
        logging.getLogger(PROACTIVE).exception(
            "send failed: %s", url, extra={"action": "send_error", "url": url}
        )

    err = capsys.readouterr().err
    assert BOT_TOKEN not in err
    [line] = _json_lines(err)
    redacted_url = f"https://api.telegram.org/bot{REDACTED}/sendMessage"
    assert line["message"] == f"send failed: {redacted_url}"
    assert line["url"] == redacted_url
    assert line["action"] == "send_error"
    assert f"for url '{redacted_url}'" in str(line["exc_info"])


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            'HTTP Request: POST http://127.0.0.1:8081/bot123456:TEST-token/getMe "HTTP/1.1 200 OK"',
            f'HTTP Request: POST http://127.0.0.1:8081/bot{REDACTED}/getMe "HTTP/1.1 200 OK"',
        ),
        (f"token is {BOT_TOKEN}.", f"token is {REDACTED}."),
        ("Authorization: Bearer abc.def.ghi", f"Authorization: Bearer {REDACTED}"),
        ("{'authorization': 'Basic dXNlcjpwYXNz'}", f"{{'authorization': 'Basic {REDACTED}'}}"),
        ("retrying with bearer 0123456789abcdef", f"retrying with bearer {REDACTED}"),
        ("GET /x?user=ada&password=hunter2&next=/", f"GET /x?user=ada&password={REDACTED}&next=/"),
        ('{"api_key": "two words", "n": 1}', f'{{"api_key": "{REDACTED}", "n": 1}}'),
        ("token=abc123 secret_key: xyz", f"token={REDACTED} secret_key: {REDACTED}"),
        ("User(password_hash='$argon2id$v=19$x')", f"User(password_hash='{REDACTED}')"),
        ("X-Telegram-Bot-Api-Secret-Token: s3cr3t", f"X-Telegram-Bot-Api-Secret-Token: {REDACTED}"),
        ("postgresql://ada:pa55@db:5432/app", f"postgresql://ada:{REDACTED}@db:5432/app"),
        ("webhook a-webhook-secret seen", f"webhook {REDACTED} seen"),
        (
            '127.0.0.1:5 - "GET /calendar/3KQo5s0rv3W5bN-_tJrl0.ics HTTP/1.1" 200',
            f'127.0.0.1:5 - "GET /calendar/{REDACTED}.ics HTTP/1.1" 200',
        ),
    ],
)
def test_secret_shapes_are_redacted(text: str, shown: str) -> None:
    redacting = RedactingFilter((LLM_KEY, "a-webhook-secret"))

    assert redacting.redact(text) == shown


@pytest.mark.parametrize(
    "text",
    [
        "team meeting Friday 3-4pm at 12:30:00 (prompt_tokens=12, completion_tokens: 3)",
        "https://api.telegram.org:443/getUpdates and the /bottom/ line",
        "the secretary took 5 tokens; the bearer of news",
    ],
)
def test_text_without_secrets_is_left_alone(text: str) -> None:
    assert RedactingFilter((LLM_KEY,)).redact(text) == text


def test_a_record_without_secrets_keeps_its_format_and_args() -> None:
    record = logging.LogRecord(ANALYZER, logging.INFO, "f.py", 1, "%s at %d", ("lunch", 12), None)

    assert RedactingFilter((LLM_KEY,)).filter(record) is True
    assert (record.msg, record.args) == ("%s at %d", ("lunch", 12))


def test_string_args_are_redacted_in_place_so_formatters_reading_args_keep_working() -> None:
    """uvicorn's access formatter reads ``record.args`` as a 5-tuple."""
    args = ("127.0.0.1:5000", "GET", f"/x?token={LLM_KEY}", "1.1", 200)
    access = "%s %s %s %s %d"
    record = logging.LogRecord("uvicorn.access", logging.INFO, "f.py", 1, access, args, None)

    RedactingFilter((LLM_KEY,)).filter(record)

    assert record.args == ("127.0.0.1:5000", "GET", f"/x?token={REDACTED}", "1.1", 200)
    assert record.getMessage() == f"127.0.0.1:5000 GET /x?token={REDACTED} 1.1 200"


def test_a_secret_inside_a_non_string_arg_is_redacted_in_the_message() -> None:
    record = logging.LogRecord(
        "httpx", logging.INFO, "f.py", 1, "HTTP Request: %s", ({"key": LLM_KEY},), None
    )

    RedactingFilter((LLM_KEY,)).filter(record)

    assert record.getMessage() == f"HTTP Request: {{'key': '{REDACTED}'}}"


def test_a_record_that_cannot_be_formatted_is_still_handed_on() -> None:
    record = logging.LogRecord(ANALYZER, logging.INFO, "f.py", 1, "%d items", ("many",), None)

    assert RedactingFilter((LLM_KEY,)).filter(record) is True
    assert (record.msg, record.args) == ("%d items", ("many",))


def test_sqlalchemy_result_rows_are_not_printed() -> None:
    """At DEBUG ``sqlalchemy.engine`` prints each fetched row: password hashes, chat text."""
    row = ("ada", "$argon2id$v=19$m=65536$c2FsdA$aGFzaA")
    record = logging.LogRecord(
        "sqlalchemy.engine.Engine", logging.DEBUG, "f.py", 1, "Row %r", (row,), None
    )

    RedactingFilter().filter(record)

    assert record.getMessage() == f"Row {REDACTED}"


def test_httpx_is_quiet_by_default_and_heard_when_the_levels_say_so(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _configure_with_secrets(capsys)
    logging.getLogger("httpx").info(f"HTTP Request: POST https://x/bot{BOT_TOKEN}/getMe")
    logging.getLogger("httpcore.connection").info("connect_tcp.started")
    assert capsys.readouterr().err == ""

    _configure_with_secrets(capsys, levels="httpx=INFO")
    logging.getLogger("httpx").info(f"HTTP Request: POST https://x/bot{BOT_TOKEN}/getMe")
    logging.getLogger("httpcore.connection").info("connect_tcp.started")

    [line] = capsys.readouterr().err.splitlines()
    assert line.endswith(f"INFO httpx: HTTP Request: POST https://x/bot{REDACTED}/getMe")


def test_handlers_set_up_elsewhere_redact_and_quiet_httpx(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The Celery worker's handlers, adopted twice (one filter each, not two)."""
    root = logging.getLogger()
    root.handlers[:] = [logging.StreamHandler()]
    root.setLevel(logging.INFO)

    adopt_handlers(root, json_lines=False, levels="", secrets=(LLM_KEY,))
    adopt_handlers(root, json_lines=False, levels="", secrets=(LLM_KEY,))
    logging.getLogger(ANALYZER).warning("bad key %s", LLM_KEY)
    logging.getLogger("httpx").info("HTTP Request: not shown")

    assert capsys.readouterr().err.splitlines() == [f"bad key {REDACTED}"]
    assert len(root.handlers[0].filters) == 1
