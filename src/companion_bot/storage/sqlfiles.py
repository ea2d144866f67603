"""The plain-SQL migration files shipped for operators who apply SQL with ``psql -f``.

They are rendered from the Alembic revisions (offline mode), so they cannot drift from
them; ``make sql`` rewrites them and a test checks they are current.
"""

from __future__ import annotations

import io
from pathlib import Path

from alembic import command

from companion_bot.storage.migrate import alembic_config

SQL_DIR = Path("database/migrations")
BASE_FILE = "v3.6_base_schema.sql"
PROACTIVE_FILE = "v3.7_proactive_features.sql"
BASE_REVISION = "0001_base"
PROACTIVE_REVISION = "head"  # v3.7 and every later revision

_INCLUDE_BASE = f"""\\set ON_ERROR_STOP on
-- Applies the base schema first when the database is empty, so
-- `psql -d companion_bot -f {SQL_DIR / PROACTIVE_FILE}` works on a fresh database too.
SELECT to_regclass('public.users') IS NULL AS needs_base_schema \\gset
\\if :needs_base_schema
\\ir {BASE_FILE}
\\endif

"""


def render(start: str | None, end: str) -> str:
    """PostgreSQL DDL for the revisions after ``start`` up to ``end``."""
    buffer = io.StringIO()
    cfg = alembic_config("postgresql://operator@localhost/companion_bot")
    cfg.output_buffer = buffer
    command.upgrade(cfg, f"{start}:{end}" if start else end, sql=True)
    return buffer.getvalue()


def rendered_files() -> dict[str, str]:
    """File name -> content, as they should be on disk."""
    header = "-- Generated from the Alembic revisions by `make sql`; do not edit by hand.\n"
    return {
        BASE_FILE: header + "\\set ON_ERROR_STOP on\n\n" + render(None, BASE_REVISION),
        PROACTIVE_FILE: header + _INCLUDE_BASE + render(BASE_REVISION, PROACTIVE_REVISION),
    }


def write(root: Path = Path()) -> list[Path]:
    """Write the files under ``root``; return their paths."""
    folder = root / SQL_DIR
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, content in rendered_files().items():
        path = folder / name
        path.write_text(content, encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    write()
