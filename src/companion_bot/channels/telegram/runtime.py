"""The bot inside ``companion-bot serve``: start and stop it with the web app's lifespan,
in long-polling or webhook mode, and the ``POST /telegram/webhook`` route.

One token cannot poll while a webhook is set, so each mode sets its state explicitly:
polling deletes the webhook, webhook mode registers it (with the secret token).
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import secrets

from fastapi import APIRouter, Request, Response, status
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Update
from telegram.error import InvalidToken, NetworkError

from companion_bot.config import Settings, TelegramMode
from companion_bot.errors import ConfigError
from companion_bot.ports import Clock, MessagePipeline

from .app import POLL_TIMEOUT, build_application
from .context import BotApplication, TelegramServices
from .handlers import COMMANDS
from .ratelimit import SendLimiter
from .sender import TelegramSender

log = logging.getLogger(__name__)

WEBHOOK_PATH = "/telegram/webhook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
ALLOWED_UPDATES = ("message", "callback_query")
SECRET_PATTERN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
RETRY_START_SECONDS = (1.0, 2.0, 5.0, 10.0, 30.0, 60.0)


def webhook_url(settings: Settings) -> str:
    """The public URL Telegram posts to: ``COMPANION_TELEGRAM_WEBHOOK_URL`` is the server's
    public base (``/telegram/webhook`` is added) or already the full path."""
    base = settings.telegram_webhook_url.rstrip("/")
    return base if base.endswith(WEBHOOK_PATH) else base + WEBHOOK_PATH


def check_webhook_settings(settings: Settings) -> None:
    """Refuse webhook mode without a public URL or a usable secret token."""
    if not settings.telegram_webhook_url.startswith("https://"):
        raise ConfigError(
            "COMPANION_TELEGRAM_WEBHOOK_URL: webhook mode needs the public https URL of this "
            "server (example: COMPANION_TELEGRAM_WEBHOOK_URL=https://bot.example.com)"
        )
    if not SECRET_PATTERN.match(settings.telegram_webhook_secret):
        raise ConfigError(
            "COMPANION_TELEGRAM_WEBHOOK_SECRET: webhook mode needs a secret of 1-256 characters "
            "A-Z, a-z, 0-9, _ or - (example: python -c 'import secrets; "
            "print(secrets.token_urlsafe(32))')"
        )


class TelegramRuntime:
    """The bot application plus its lifecycle and webhook route."""

    def __init__(
        self,
        settings: Settings,
        sessionmaker: async_sessionmaker[AsyncSession],
        message_handler: MessagePipeline,
        clock: Clock,
        *,
        limiter: SendLimiter | None = None,
    ) -> None:
        if settings.telegram_mode is TelegramMode.WEBHOOK:
            check_webhook_settings(settings)
        self.settings = settings
        self._sessions = sessionmaker
        services = TelegramServices(settings, sessionmaker, message_handler, clock)
        self.application: BotApplication = build_application(
            settings, services=services, limiter=limiter
        )
        self.bot_username: str | None = None
        self._retry_task: asyncio.Task[None] | None = None
        self.started = asyncio.Event()
        self.router = APIRouter(tags=["telegram"])
        self.router.add_api_route(
            WEBHOOK_PATH,
            self.webhook,
            methods=["POST"],
            include_in_schema=False,
            responses={403: {"description": "Missing or wrong secret token"}},
        )

    @property
    def webhook_mode(self) -> bool:
        return self.settings.telegram_mode is TelegramMode.WEBHOOK

    def make_sender(self) -> TelegramSender:
        """A sender for the proactive engine that shares this bot (and its limits)."""
        return TelegramSender(self.application.bot, self._sessions, owns_bot=False)

    async def start(self) -> None:
        """Connect and start receiving updates. A Bot API that is down does not stop the
        web app: starting is retried in the background. A rejected token is an error."""
        try:
            await self._start_once()
        except InvalidToken as exc:
            raise ConfigError(
                "COMPANION_TELEGRAM_BOT_TOKEN: the Bot API rejected the token"
            ) from exc
        except NetworkError as exc:
            log.warning(
                "telegram bot could not start; retrying in the background",
                exc_info=exc,
                extra={"action": "telegram_start_retry"},
            )
            self._retry_task = asyncio.create_task(self._keep_starting())

    async def _keep_starting(self) -> None:
        attempt = 0
        while True:
            await asyncio.sleep(RETRY_START_SECONDS[min(attempt, len(RETRY_START_SECONDS) - 1)])
            attempt += 1
            try:
                await self._start_once()
                return
            except InvalidToken:
                log.error("telegram token rejected", extra={"action": "telegram_bad_token"})
                return
            except NetworkError as exc:
                log.warning(
                    "telegram bot start attempt %d failed: %s",
                    attempt + 1,
                    exc.message,
                    extra={"action": "telegram_start_retry"},
                )

    async def _start_once(self) -> None:
        application = self.application
        await application.initialize()
        self.bot_username = application.bot.username
        await application.bot.set_my_commands(list(COMMANDS))
        if self.webhook_mode:
            await application.bot.set_webhook(
                url=webhook_url(self.settings),
                secret_token=self.settings.telegram_webhook_secret,
                allowed_updates=list(ALLOWED_UPDATES),
            )
        else:
            # start_polling deletes any webhook first (polling and a webhook exclude each other)
            if application.updater is None:
                raise RuntimeError("polling mode needs the application's updater")
            await application.updater.start_polling(
                timeout=POLL_TIMEOUT, allowed_updates=list(ALLOWED_UPDATES)
            )
        await application.start()
        self.started.set()
        log.info(
            "telegram bot started",
            extra={
                "action": "telegram_started",
                "mode": self.settings.telegram_mode.value,
                "bot": self.bot_username,
            },
        )

    async def stop(self) -> None:
        """Stop polling and processing, close connections. Safe after a failed start."""
        if self._retry_task is not None:
            self._retry_task.cancel()
            await asyncio.gather(self._retry_task, return_exceptions=True)
        application = self.application
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        if application.running:
            await application.stop()
        await application.shutdown()
        self.started.clear()
        log.info("telegram bot stopped", extra={"action": "telegram_stopped"})

    async def webhook(self, request: Request) -> Response:
        """Updates pushed by Telegram; only with the secret token set by ``setWebhook``."""
        expected = self.settings.telegram_webhook_secret
        given = request.headers.get(SECRET_HEADER, "")
        if not (
            self.webhook_mode
            and expected
            and secrets.compare_digest(given.encode(), expected.encode())
        ):
            log.warning("telegram webhook refused", extra={"action": "telegram_webhook_refused"})
            return JSONResponse({"detail": "Forbidden."}, status_code=status.HTTP_403_FORBIDDEN)
        if not self.application.running:
            return JSONResponse(
                {"detail": "The bot is starting; try again."},
                status_code=status.HTTP_503_SERVICE_UNAVAILABLE,
            )
        try:
            data = json.loads(await request.body())
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                raise ValueError("not an update object")
            update = Update.de_json(data, self.application.bot)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            log.warning(
                "telegram webhook: not an update", exc_info=exc, extra={"action": "bad_update"}
            )
            return JSONResponse({"detail": "Not a Telegram update."}, status_code=400)
        await self.application.update_queue.put(update)
        return Response(status_code=status.HTTP_200_OK)
