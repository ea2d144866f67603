"""``companion-bot admin grant|revoke USERNAME``: who may use the admin pages and API."""

from __future__ import annotations

import asyncio

import click

from companion_bot.commands import settings_of
from companion_bot.composition import running_companion
from companion_bot.config import Settings
from companion_bot.storage import users


async def _set_admin(settings: Settings, username: str, is_admin: bool) -> bool:
    async with (
        running_companion(settings) as companion,
        companion.sessionmaker() as session,
        session.begin(),
    ):
        return await users.set_admin(session, username=username, is_admin=is_admin)


def _change(ctx: click.Context, username: str, is_admin: bool) -> None:
    if not asyncio.run(_set_admin(settings_of(ctx), username, is_admin)):
        raise click.ClickException(f"no web account named {username!r}; sign up first")
    click.echo(f"{username} is {'now' if is_admin else 'no longer'} an admin")


@click.group()
def admin() -> None:
    """Admin accounts (they may use /admin/flags and /api/admin/...)."""


@admin.command()
@click.argument("username")
@click.pass_context
def grant(ctx: click.Context, username: str) -> None:
    """Make the web account USERNAME an admin."""
    _change(ctx, username, True)


@admin.command()
@click.argument("username")
@click.pass_context
def revoke(ctx: click.Context, username: str) -> None:
    """Take admin rights away from USERNAME."""
    _change(ctx, username, False)
