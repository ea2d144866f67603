"""The login cache on SQLite: kept while the signal file says nothing changed, forgotten
as soon as any process's commit grows it, and never filled with a login read before."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from companion_bot.channels.web.security import LoginCache, Principal
from companion_bot.storage.notify import SignalFile

NOW = dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.UTC)
ADA = Principal(user_id=1, timezone="Europe/Berlin")


def _grow(path: Path) -> None:
    with open(path, "ab") as signal:
        signal.write(b".")


def test_a_login_is_kept_until_the_signal_file_grows(tmp_path: Path) -> None:
    path = tmp_path / "companion.db-companion_bot_logins"
    cache = LoginCache(signal=SignalFile(path))  # no file yet: nothing published so far
    cache.put("digest", ADA, NOW, version=cache.version())

    kept = cache.get("digest", NOW + dt.timedelta(seconds=1))
    _grow(path)  # another process ended a login
    after = cache.get("digest", NOW + dt.timedelta(seconds=2))

    assert kept == ADA
    assert after is None


def test_a_login_read_while_a_change_was_published_is_not_kept(tmp_path: Path) -> None:
    path = tmp_path / "companion.db-companion_bot_logins"
    cache = LoginCache(signal=SignalFile(path))
    version = cache.version()  # the lookup starts
    _grow(path)  # a logout commits while the lookup reads the database

    cache.put("digest", ADA, NOW, version=version)

    assert cache.get("digest", NOW) is None


def test_entries_expire_and_nothing_is_cached_without_a_way_to_hear_of_changes(
    tmp_path: Path,
) -> None:
    cache = LoginCache(signal=SignalFile(tmp_path / "signal"), ttl=dt.timedelta(seconds=10))
    cache.put("digest", ADA, NOW, version=cache.version())
    deaf = LoginCache()  # neither a live listener nor a signal file
    deaf.put("digest", ADA, NOW, version=deaf.version())

    assert cache.get("digest", NOW + dt.timedelta(seconds=9)) == ADA
    assert cache.get("digest", NOW + dt.timedelta(seconds=10)) is None
    assert deaf.get("digest", NOW) is None
