"""Logging setup: one level, per-logger overrides, optional JSON lines with an ``action``."""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

_STANDARD = set(logging.LogRecord("", 0, "", 0, "", None, None).__dict__) | {"message", "asctime"}


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
            payload["exc_info"] = self.formatException(record.exc_info)
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


def configure_logging(*, level: str, json_lines: bool = False, levels: str = "") -> None:
    """Configure the root logger once, at the process edge (CLI)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(
        JsonFormatter()
        if json_lines
        else TextFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    apply_levels(levels)


def apply_levels(levels: str) -> None:
    """Set the per-logger levels of ``"name=LEVEL,..."``; a named logger at DEBUG prints its
    DEBUG lines even when the root level is INFO (handlers have no level of their own)."""
    for name, logger_level in parse_levels(levels).items():
        logging.getLogger(name).setLevel(logger_level)


def adopt_handlers(root: logging.Logger, *, json_lines: bool, levels: str) -> None:
    """Our options on top of logging someone else set up (the Celery worker): per-logger
    levels, and JSON lines on the root's handlers when asked."""
    if json_lines:
        for handler in root.handlers:
            handler.setFormatter(JsonFormatter())
    apply_levels(levels)
