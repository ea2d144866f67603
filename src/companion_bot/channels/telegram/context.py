"""The typed context every handler receives, and the services it carries.

A leaf of the package: it imports no other Telegram module, so the application factory,
the handlers and their helpers all depend on it without depending on each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram.ext import Application, CallbackContext, ExtBot

from companion_bot.config import Settings
from companion_bot.ports import Clock, MessagePipeline

#: The ``bot_data`` key under which :func:`.app.build_application` stores the services.
SERVICES_KEY = "companion_services"


@dataclass(frozen=True, slots=True)
class TelegramServices:
    """What handlers need, reached through ``context.services``."""

    settings: Settings
    sessionmaker: async_sessionmaker[AsyncSession]
    message_handler: MessagePipeline
    clock: Clock


ADict = dict[Any, Any]


class BotContext(CallbackContext[ExtBot[None], ADict, ADict, ADict]):
    """The handlers' context: PTB's, plus the typed :class:`TelegramServices`."""

    @property
    def services(self) -> TelegramServices:
        services: TelegramServices = self.bot_data[SERVICES_KEY]
        return services


BotApplication = Application[ExtBot[None], BotContext, ADict, ADict, ADict, None]
