"""Settings: one object, read from ``COMPANION_*`` environment variables and ``.env``.

Build it once with :func:`load_settings` at the edge (CLI, app factory) and pass it down;
nothing in the package reads the environment on its own.
"""

from __future__ import annotations

import zoneinfo
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from companion_bot.errors import ConfigError
from companion_bot.ops.logging import parse_levels

ENV_PREFIX = "COMPANION_"
DEFAULT_DATABASE_URL = "sqlite:///./var/companion.db"
PLACEHOLDER_SECRETS = frozenset({"", "change-me", "changeme", "secret", "dev-secret-change-me"})
#: Production refuses a shorter ``secret_key`` (it keys every login token's HMAC).
MIN_SECRET_KEY_CHARS = 32

#: Examples shown when a value is refused, keyed by field name.
EXAMPLES: dict[str, str] = {
    "database_url": "postgresql://user:password@localhost:5432/companion_bot or sqlite:///./var/companion.db",
    "default_timezone": "Europe/Berlin",
    "telegram_api_url": "https://api.telegram.org",
    "llm_base_url": "http://127.0.0.1:11434/v1",
    "redis_url": "redis://127.0.0.1:6379/0",
    "log_level": "INFO",
    "log_levels": "companion_bot.services.meeting_extractor=DEBUG,uvicorn=WARNING",
    "port": "8000",
    "workers": "2",
    "secret_key": "a random string of 32+ characters (secrets.token_urlsafe(32))",
}


class Environment(StrEnum):
    DEV = "dev"
    PRODUCTION = "production"


class TelegramMode(StrEnum):
    POLLING = "polling"
    WEBHOOK = "webhook"


#: Settings whose values are secrets: masked by ``doctor``, redacted from every log line.
SECRET_FIELDS = frozenset(
    {"secret_key", "telegram_bot_token", "llm_api_key", "telegram_webhook_secret"}
)


class Settings(BaseSettings):
    """Everything configurable, with the defaults DESIGN.md names."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    environment: Environment = Environment.DEV
    database_url: str = DEFAULT_DATABASE_URL
    secret_key: str = "dev-secret-change-me"
    log_level: str = "INFO"
    log_json: bool = False
    log_levels: str = Field(default="", description="per-logger levels: 'name=LEVEL,name=LEVEL'")

    host: str = "127.0.0.1"
    port: Annotated[int, Field(ge=1, le=65535)] = 8000
    workers: Annotated[int, Field(ge=1, le=64)] = 1
    shared_limits: bool | None = Field(
        default=None,
        description="keep the rate limits in Redis; unset = when workers > 1",
    )
    default_timezone: str = "UTC"

    telegram_bot_token: str = ""
    telegram_api_url: str = "https://api.telegram.org"
    telegram_mode: TelegramMode = TelegramMode.POLLING
    telegram_webhook_url: str = ""
    telegram_webhook_secret: str = ""

    llm_base_url: str = ""
    llm_model: str = "llama3.1"
    llm_api_key: str = ""
    llm_timeout_seconds: Annotated[float, Field(gt=0, le=120)] = 10.0

    redis_url: str = "redis://127.0.0.1:6379/0"
    jobs_embedded: bool = True
    job_period_seconds: Annotated[float, Field(gt=0, le=300)] = 60.0

    reminder_lead_minutes: Annotated[int, Field(ge=1, le=1440)] = 30
    max_proactive_per_day: Annotated[int, Field(ge=0, le=100)] = 3
    confidence_threshold: Annotated[float, Field(ge=0, le=1)] = 0.5
    max_message_chars: Annotated[int, Field(ge=1, le=100_000)] = 4000
    messages_per_minute: Annotated[int, Field(ge=1)] = 30
    login_attempts_per_address_per_minute: Annotated[int, Field(ge=1)] = 30
    password_hash_concurrency: Annotated[int, Field(ge=1, le=64)] = 2
    password_hash_max_waiting: Annotated[int, Field(ge=0)] = 16

    db_pool_size: Annotated[int, Field(ge=1, le=1000)] = 10
    db_max_overflow: Annotated[int, Field(ge=0, le=1000)] = 10
    db_pool_timeout_seconds: Annotated[float, Field(gt=0, le=300)] = 5.0
    api_docs: bool | None = Field(
        default=None, description="serve /docs, /redoc, /openapi.json; unset = all but production"
    )

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: str) -> str:
        try:
            url = make_url(value)
        except ArgumentError as exc:
            raise ValueError(f"not a database URL: {value!r}") from exc
        backend = url.get_backend_name()
        if backend not in {"sqlite", "postgresql"}:
            raise ValueError(f"unsupported database {backend!r}: use postgresql or sqlite")
        return value

    @field_validator("default_timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        check_timezone(value)
        return value

    @field_validator("api_docs", "shared_limits", mode="before")
    @classmethod
    def _unset_when_empty(cls, value: object) -> object:
        return None if value == "" else value  # `COMPANION_API_DOCS=` in .env means unset

    @field_validator("log_level")
    @classmethod
    def _log_level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError(f"unknown log level {value!r}")
        return level

    @field_validator("log_levels")
    @classmethod
    def _log_levels(cls, value: str) -> str:
        parse_levels(value)
        return value

    @field_validator("telegram_api_url", "llm_base_url", "redis_url", "telegram_webhook_url")
    @classmethod
    def _url(cls, value: str) -> str:
        if value and "://" not in value:
            raise ValueError(f"not a URL: {value!r}")
        return value.rstrip("/")

    @model_validator(mode="after")
    def _redis_for_shared_limits(self) -> Settings:
        if self.limits_shared and not self.redis_url:
            raise ValueError(
                "redis_url: the rate limits are shared through Redis (COMPANION_WORKERS above "
                "1 or COMPANION_SHARED_LIMITS=true), so a Redis URL is needed"
            )
        return self

    @model_validator(mode="after")
    def _secrets_outside_dev(self) -> Settings:
        if self.environment is not Environment.PRODUCTION:
            return self
        if self.secret_key in PLACEHOLDER_SECRETS:
            raise ValueError("secret_key: set a real secret in production")
        if len(self.secret_key) < MIN_SECRET_KEY_CHARS:
            raise ValueError(
                f"secret_key: {len(self.secret_key)} characters is too short for production "
                f"(at least {MIN_SECRET_KEY_CHARS})"
            )
        return self

    @property
    def serves_api_docs(self) -> bool:
        """Whether the OpenAPI pages are served: as set, else everywhere but production."""
        if self.api_docs is not None:
            return self.api_docs
        return self.environment is not Environment.PRODUCTION

    @property
    def limits_shared(self) -> bool:
        """Whether the user-facing rate limits live in Redis (shared by every process): as
        ``shared_limits`` says, else when ``serve`` runs more than one worker."""
        if self.shared_limits is not None:
            return self.shared_limits
        return self.workers > 1

    @property
    def sqlite_path(self) -> Path | None:
        """The SQLite file, when the database is the embedded default."""
        url = make_url(self.database_url)
        if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
            return None
        return Path(url.database)

    @property
    def secrets(self) -> tuple[str, ...]:
        """The secret values that are set (logs redact them)."""
        return tuple(value for name in SECRET_FIELDS if (value := getattr(self, name)))

    def masked(self) -> dict[str, str]:
        """All settings as strings, with secrets and URL passwords hidden."""
        out: dict[str, str] = {}
        for name, value in self.model_dump().items():
            text = str(value.value if isinstance(value, StrEnum) else value)
            text = "" if value is None else text  # unset (api_docs)
            if name in SECRET_FIELDS:
                text = "****" if text else ""
            elif name in {"database_url", "redis_url"} and "://" in text:
                text = make_url(text).render_as_string(hide_password=True)
            out[ENV_PREFIX + name.upper()] = text
        return out


def check_timezone(name: str) -> zoneinfo.ZoneInfo:
    """Return the zone, or raise ``ValueError`` with an example of a valid name."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(
            f"unknown time zone {name!r}: use an IANA name such as 'Europe/Berlin' "
            "or 'America/New_York'"
        ) from exc


def load_settings(**overrides: object) -> Settings:
    """Build the settings, turning a validation failure into one readable ``ConfigError``."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        first = exc.errors()[0]
        reason = str(first["msg"]).removeprefix("Value error, ")
        if first["loc"]:
            field = str(first["loc"][0])
        else:  # a check across fields names its field first: "secret_key: ..."
            field, _, reason = reason.partition(": ")
        variable = ENV_PREFIX + field.upper()
        example = EXAMPLES.get(field)
        hint = f" (example: {variable}={example})" if example else ""
        raise ConfigError(f"{variable}: {reason}{hint}") from exc


@lru_cache(maxsize=1024)
def zone_of(name: str | None) -> ZoneInfo:
    """The user's zone; an unknown name (a row written before validation) reads as UTC."""
    try:
        return check_timezone(name or "UTC")
    except ValueError:
        return ZoneInfo("UTC")
