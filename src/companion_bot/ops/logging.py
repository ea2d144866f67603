"""Logging setup: one level, per-logger overrides, optional JSON lines with an ``action``,
and secrets redacted from every line whatever logger wrote it."""

from __future__ import annotations

import contextlib
import json
import logging
import re
import sys
from collections.abc import Iterable, Mapping
from typing import Any

_STANDARD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}

REDACTED = "[REDACTED]"
#: Loggers at WARNING unless ``COMPANION_LOG_LEVELS`` names them: httpx and httpcore write
#: every request's URL, and the Bot API's URLs carry the bot token.
QUIET_BY_DEFAULT = ("alembic.runtime.plugins", "httpx", "httpcore")
#: Configured secrets shorter than this are not searched for (they would blank out words).
MIN_SECRET_CHARS = 6
#: SQLAlchemy's result rows at DEBUG (``sqlalchemy.engine``): password hashes, chat text.
_SQL_ROW = "Row %r"
#: Formats tracebacks before redaction (the formatters then print the redacted text).
_TRACEBACKS = logging.Formatter()

# What gives a secret away, each as (kept prefix)(secret); the secret becomes [REDACTED].
_SHAPES = (
    # a bot token in a Bot API URL: /bot<token>/getMe, /file/bot<token>/...
    r"(?P<bot_url>/bot)\d+:[^/\s?#'\"]+",
    # the credentials of an Authorization header
    r"(?P<header>\bauthorization[\"']?\s*[:=]\s*[\"']?(?:(?:bearer|basic|token|bot)\s+)?)"
    r"[^\s\"',;}\])]+",
    r"(?P<bearer>\bbearer\s+)[\w.~+/=-]{8,}",
    # password=..., api_key: ..., "token": "...", secret_key=..., token_hash=...
    r"(?P<pair>\b[\w-]*?(?:password|passwd|api[_-]?key|token|secret)"
    r"(?:[_-]?(?:hash|hmac|digest|key))?[\"']?\s*[=:]\s*)"
    r"(?:\"[^\"]*\"|'[^']*'|[^\s&,;\"'}\])]+)",
    # a bare bot token: digits, a colon, 30-odd URL-safe characters
    r"(?<!\d)\d{5,}:[\w-]{30,}",
    # the password in a URL: scheme://user:password@host
    r"(?P<userinfo>://[^/\s:@]*:)[^/\s@]+(?=@)",
    # a calendar feed's token in its URL (an access log line): /calendar/<token>.ics
    r"(?P<feed>/calendar/)[\w-]+(?=\.ics\b)",
)
_KEPT = ("bot_url", "header", "bearer", "pair", "userinfo", "feed")


def redaction_pattern(secrets: Iterable[str] = ()) -> re.Pattern[str]:
    """One regular expression for every secret shape plus the configured secret values."""
    values = sorted({s for s in secrets if len(s) >= MIN_SECRET_CHARS}, key=len, reverse=True)
    literal = [f"(?-i:{'|'.join(map(re.escape, values))})"] if values else []
    return re.compile("|".join([*literal, *_SHAPES]), re.IGNORECASE)


def _replacement(match: re.Match[str]) -> str:
    kept = next((match[name] for name in _KEPT if match[name] is not None), "")
    secret = match[0][len(kept) :]
    quote = secret[0] if secret[:1] in ("'", '"') and secret[-1:] == secret[:1] else ""
    return f"{kept}{quote}{REDACTED}{quote}"


class RedactingFilter(logging.Filter):
    """A handler filter that replaces secrets with ``[REDACTED]`` in a record's message, its
    args, its string ``extra`` fields and its traceback. It never drops a record, and leaves
    a record without secrets untouched."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self._pattern = redaction_pattern(secrets)

    def redact(self, text: str) -> str:
        return self._pattern.sub(_replacement, text)

    def filter(self, record: logging.LogRecord) -> bool:
        with contextlib.suppress(Exception):  # a broken record is printed as it is
            self._redact(record)
        return True

    def _redact(self, record: logging.LogRecord) -> None:
        if record.msg == _SQL_ROW and record.name.startswith("sqlalchemy.engine"):
            record.msg, record.args = f"Row {REDACTED}", None
        message = record.getMessage()
        redacted = self.redact(message)
        if redacted != message:
            record.msg, record.args = self._redacted_msg_and_args(record, redacted)
        if record.exc_info and not record.exc_text:
            record.exc_text = _TRACEBACKS.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        for key, value in list(record.__dict__.items()):
            if key in _STANDARD or not isinstance(value, str):
                continue
            if (clean := self.redact(value)) != value:
                setattr(record, key, clean)

    def _redacted_msg_and_args(
        self, record: logging.LogRecord, redacted: str
    ) -> tuple[Any, tuple[object, ...] | Mapping[str, object] | None]:
        """The format and args with their strings redacted when that gives the redacted
        message (formatters that read ``args`` keep them), else the message alone."""
        args = record.args
        if isinstance(record.msg, str) and args:
            msg = self.redact(record.msg)
            if isinstance(args, Mapping):
                args = {k: self.redact(v) if isinstance(v, str) else v for k, v in args.items()}
            else:
                args = tuple(self.redact(v) if isinstance(v, str) else v for v in args)
            with contextlib.suppress(Exception):
                if msg % args == redacted:
                    return msg, args
        return redacted, None


def install_redaction(handlers: Iterable[logging.Handler], secrets: Iterable[str] = ()) -> None:
    """Put one :class:`RedactingFilter` on each handler (replacing an earlier one)."""
    redacting = RedactingFilter(secrets)
    for handler in handlers:
        for old in [f for f in handler.filters if isinstance(f, RedactingFilter)]:
            handler.removeFilter(old)
        handler.addFilter(redacting)


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message and any ``extra`` fields."""

    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        payload.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD})
        if record.exc_info:
            payload["exc_info"] = record.exc_text or self.formatException(record.exc_info)
        return json.dumps(payload, default=str)


class TextFormatter(logging.Formatter):
    """Plain lines; the ``action`` field, when present, goes in brackets."""

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        action = getattr(record, "action", None)
        return f"{line} [{action}]" if action else line


def parse_levels(spec: str) -> dict[str, str]:
    """``"a.b=DEBUG,c=WARNING"`` -> ``{"a.b": "DEBUG", "c": "WARNING"}``."""
    levels: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in spec.split(","))):
        name, sep, level = item.partition("=")
        if not sep or level.strip().upper() not in logging.getLevelNamesMapping():
            raise ValueError(f"expected logger=LEVEL, got {item!r}")
        levels[name.strip()] = level.strip().upper()
    return levels


def configure_logging(
    *, level: str, json_lines: bool = False, levels: str = "", secrets: Iterable[str] = ()
) -> None:
    """Configure the root logger once, at the process edge (CLI). ``secrets`` are the
    configured secret values (bot token, API keys, ...), redacted wherever they appear."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        JsonFormatter()
        if json_lines
        else TextFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    install_redaction([handler], secrets)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    apply_levels(levels)


def apply_levels(levels: str) -> None:
    """Set the per-logger levels of ``"name=LEVEL,..."``; a named logger at DEBUG prints its
    DEBUG lines even when the root level is INFO (handlers have no level of their own).
    The :data:`QUIET_BY_DEFAULT` loggers are at WARNING unless ``levels`` names them."""
    for name in QUIET_BY_DEFAULT:
        logging.getLogger(name).setLevel(logging.WARNING)
    for name, logger_level in parse_levels(levels).items():
        logging.getLogger(name).setLevel(logger_level)


def adopt_handlers(
    root: logging.Logger, *, json_lines: bool, levels: str, secrets: Iterable[str] = ()
) -> None:
    """Our options on top of logging someone else set up (the Celery worker): redaction on
    the root's handlers, per-logger levels, and JSON lines when asked."""
    if json_lines:
        for handler in root.handlers:
            handler.setFormatter(JsonFormatter())
    install_redaction(root.handlers, secrets)
    apply_levels(levels)
