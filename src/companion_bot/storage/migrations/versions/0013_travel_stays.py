"""A stay elsewhere ("I'm in Tokyo until Sunday"): ``users.home_timezone`` (the zone to go
back to) and ``users.away_until`` (when the stay ends, UTC), both NULL when at home.

During a stay ``users.timezone`` is the place's zone, so everything that reads it follows
the stay unchanged; the proactive job puts ``home_timezone`` back once ``away_until`` has
passed, found through a partial index on the rows with a stay (few of them).

Two nullable columns and an index, added in batch mode: on SQLite that is ``ALTER TABLE
... ADD COLUMN`` in place (no existing row is read or rewritten, ``users`` is not rebuilt),
as on PostgreSQL. The downgrade drops them in place too (``DROP COLUMN``: SQLite 3.35 or
later): rebuilding ``users`` on SQLite would, with foreign keys on, delete every row that
refers to a user (``ON DELETE CASCADE``). Users away then stay on the place's zone.

Revision ID: 0013_travel_stays
Revises: 0012_recurring_meetings
Create Date: 2026-12-10
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013_travel_stays"
down_revision = "0012_recurring_meetings"
branch_labels = None
depends_on = None

USERS = "users"
INDEX = "ix_users_away_until"
AWAY = sa.text("away_until IS NOT NULL")


def upgrade() -> None:
    with op.batch_alter_table(USERS) as batch:
        batch.add_column(sa.Column("home_timezone", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("away_until", sa.DateTime(timezone=True), nullable=True))
        batch.create_index(
            INDEX, ["away_until"], unique=False, postgresql_where=AWAY, sqlite_where=AWAY
        )


def downgrade() -> None:
    op.drop_index(INDEX, table_name=USERS)
    op.execute(f"ALTER TABLE {USERS} DROP COLUMN away_until")
    op.execute(f"ALTER TABLE {USERS} DROP COLUMN home_timezone")
