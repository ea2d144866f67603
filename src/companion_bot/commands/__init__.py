"""CLI commands that live beside their feature; cli.py registers them."""

from __future__ import annotations

import click

from companion_bot.config import Settings, load_settings
from companion_bot.errors import ConfigError


def settings_of(ctx: click.Context) -> Settings:
    """The settings ``companion-bot`` loaded, or loaded now when a command runs on its own."""
    if isinstance(ctx.obj, Settings):
        return ctx.obj
    try:
        return load_settings()
    except ConfigError as exc:
        raise click.ClickException(exc.detail) from exc
