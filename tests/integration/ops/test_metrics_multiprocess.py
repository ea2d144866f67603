"""Prometheus multiprocess mode: the folder is cleaned when a process group starts, never
under live workers, and finished Celery pool processes retire their live gauges."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from celery.signals import worker_init, worker_process_shutdown  # type: ignore[import-untyped]

from companion_bot.celery_app import create_celery_app
from companion_bot.config import Settings
from companion_bot.ops import metrics


def _dead_pid() -> int:
    """The pid of a process that has exited (and been reaped)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _touch(folder: Path, *names: str) -> None:
    for name in names:
        (folder / name).write_bytes(b"\0" * 8)


def _names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "prometheus"
    monkeypatch.setenv(metrics.MULTIPROC_ENV, str(path))
    return path


def test_the_first_process_drops_what_the_last_run_left_and_keeps_its_own(folder: Path) -> None:
    folder.mkdir()
    dead, own = _dead_pid(), os.getpid()
    _touch(folder, f"counter_{dead}.db", f"histogram_{dead}.db", f"counter_{own}.db")

    metrics.prepare_multiprocess_dir()

    assert _names(folder) == {f"counter_{own}.db"}


def test_a_process_joining_live_workers_deletes_nothing(folder: Path) -> None:
    folder.mkdir()
    live, dead = os.getppid(), _dead_pid()  # the parent of the test run is alive
    files = {f"counter_{live}.db", f"counter_{dead}.db", f"gauge_max_{dead}.db"}
    _touch(folder, *files)

    metrics.prepare_multiprocess_dir()

    assert _names(folder) == files  # a finished worker's counts stay in the totals


def test_the_folder_is_created_when_missing(folder: Path) -> None:
    metrics.prepare_multiprocess_dir()

    assert folder.is_dir() and _names(folder) == set()


def test_without_the_variable_nothing_is_touched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(metrics.MULTIPROC_ENV, raising=False)
    _touch(tmp_path, "counter_1.db")

    metrics.prepare_multiprocess_dir()
    metrics.mark_dead(1)

    assert _names(tmp_path) == {"counter_1.db"}


def test_celery_worker_start_cleans_and_a_pool_process_exit_retires_its_live_gauges(
    folder: Path,
) -> None:
    create_celery_app(Settings(redis_url="redis://127.0.0.1:6379/0"))
    folder.mkdir()
    stale, child = _dead_pid(), _dead_pid()
    _touch(folder, f"counter_{stale}.db")

    worker_init.send(sender=None)
    _touch(folder, f"counter_{child}.db", f"gauge_livesum_{child}.db", f"gauge_max_{child}.db")
    worker_process_shutdown.send(sender=None, pid=child, exitcode=0)

    assert _names(folder) == {f"counter_{child}.db", f"gauge_max_{child}.db"}
