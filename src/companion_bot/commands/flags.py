"""``companion-bot flags list | set NAME on|off | rollout NAME PERCENT``."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import click

from companion_bot.commands import settings_of
from companion_bot.composition import running_companion
from companion_bot.config import Settings
from companion_bot.errors import InputError
from companion_bot.ops.flag_store import FlagStore, FlagView
from companion_bot.ops.flags import check_name, check_percent

T = TypeVar("T")


def _with_store(settings: Settings, action: Callable[[FlagStore], Awaitable[T]]) -> T:
    """Run ``action(store)`` on the flag store of a companion built for this command."""

    async def go() -> T:
        async with running_companion(settings) as companion:
            return await action(companion.flags)

    return asyncio.run(go())


def _name(ctx: click.Context, param: click.Parameter, value: str) -> str:
    try:
        return check_name(value)
    except InputError as exc:
        raise click.BadParameter(exc.detail, ctx=ctx, param=param) from exc


def _percent(ctx: click.Context, param: click.Parameter, value: float) -> float:
    try:
        return check_percent(value)
    except InputError as exc:
        raise click.BadParameter(exc.detail, ctx=ctx, param=param) from exc


def _state(view: FlagView) -> str:
    return f"{view.name}: {'on' if view.enabled else 'off'} at {view.rollout_percent:g} %"


@click.group()
def flags() -> None:
    """Feature flags: list them, switch them on or off, roll them out to a percentage.

    Running processes see a change within a few seconds; no restart is needed.
    """


@flags.command("list")
@click.pass_context
def list_flags(ctx: click.Context) -> None:
    """Show every flag: on/off, rollout percentage, last change."""
    views = _with_store(settings_of(ctx), lambda store: store.list())
    click.echo(f"{'flag':<20} {'state':<5} {'rollout':>8}  {'changed':<25} what it does")
    for view in views:
        changed = (
            view.updated_at.isoformat(timespec="seconds") if view.updated_at else "never (default)"
        )
        click.echo(
            f"{view.name:<20} {'on' if view.enabled else 'off':<5} "
            f"{view.rollout_percent:>6g} %  {changed:<25} {view.description}"
        )


@flags.command("set")
@click.argument("name", callback=_name)
@click.argument("state", type=click.Choice(["on", "off"], case_sensitive=False))
@click.pass_context
def set_flag(ctx: click.Context, name: str, state: str) -> None:
    """Switch flag NAME on or off (its rollout percentage is kept)."""
    on = state.lower() == "on"
    view = _with_store(settings_of(ctx), lambda store: store.set(name, on))
    click.echo(f"{_state(view)} (running processes follow within 5 s)")


@flags.command("rollout")
@click.argument("name", callback=_name)
@click.argument("percent", type=float, callback=_percent)
@click.pass_context
def rollout_flag(ctx: click.Context, name: str, percent: float) -> None:
    """Give flag NAME to PERCENT % of users (0..100); users in at a lower percentage stay in."""
    view = _with_store(settings_of(ctx), lambda store: store.rollout(name, percent))
    note = "" if view.enabled else f"; still off: `companion-bot flags set {name} on`"
    click.echo(f"{_state(view)} (running processes follow within 5 s{note})")
