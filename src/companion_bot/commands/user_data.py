"""``companion-bot export-user USER`` and ``companion-bot delete-user USER --yes``: a user's
data rights, for an operator answering a request by mail."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Any

import click

from companion_bot.commands import settings_of
from companion_bot.composition import running_companion
from companion_bot.config import Settings
from companion_bot.services import user_data
from companion_bot.storage import users
from companion_bot.storage.models import User

WHO = "give a username, @telegram_username, Telegram id or user id"


def _label(user: User) -> str:
    parts = [f"user {user.id}"]
    if user.username is not None:
        parts.append(user.username)
    if user.telegram_id is not None:
        parts.append(f"telegram {user.telegram_id}")
    return " · ".join(parts)


async def _export(settings: Settings, who: str) -> dict[str, Any] | None:
    async with running_companion(settings) as companion:
        now = companion.clock.now()
        async with companion.sessionmaker() as session:
            user = await users.find_user(session, who=who)
            if user is None:
                return None
            return await user_data.export_user(session, user_id=user.id, now=now, via="cli")


async def _delete(settings: Settings, who: str) -> tuple[str, dict[str, int]] | None:
    async with running_companion(settings) as companion, companion.sessionmaker() as session:
        user = await users.find_user(session, who=who)
        if user is None:
            return None
        label = _label(user)
        await session.commit()  # end the read; the deletion takes the write lock itself
        removed = await user_data.delete_user(session, user_id=user.id, via="cli")
        await session.commit()
        return label, removed


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path``, readable by its owner only when the file is new."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)


@click.command("export-user")
@click.argument("user")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    default=None,
    help="write the JSON to this file (created readable by you only) instead of stdout",
)
@click.pass_context
def export_user(ctx: click.Context, user: str, output: Path | None) -> None:
    """Everything stored about USER as JSON: profile, preferences, messages, meetings,
    proactive messages, recent changes (kept for undo), analytics events, sign-in sessions
    and link codes (no secrets).

    USER is a username, @telegram_username, Telegram id or user id.
    """
    data = asyncio.run(_export(settings_of(ctx), user))
    if data is None:
        raise click.ClickException(f"no user {user!r} ({WHO})")
    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    _write_private(output, text)
    click.echo(f"wrote the data of user {data['profile']['id']} to {output}", err=True)


@click.command("delete-user")
@click.argument("user")
@click.option("--yes", is_flag=True, help="really delete: there is no undo")
@click.pass_context
def delete_user(ctx: click.Context, user: str, yes: bool) -> None:
    """Delete USER and everything stored about them, analytics included. No undo.

    USER is a username, @telegram_username, Telegram id or user id. Their logins stop
    working at once (within 10 s on a server that checked them just before).
    """
    if not yes:
        raise click.ClickException(
            f"this deletes {user!r} and all their data for good; add --yes to do it"
        )
    result = asyncio.run(_delete(settings_of(ctx), user))
    if result is None:
        raise click.ClickException(f"no user {user!r} ({WHO})")
    label, removed = result
    click.echo(f"deleted {label}: {user_data.describe_removed(removed)}")
