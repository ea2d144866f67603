"""A user's daily cap of proactive messages follows ``COMPANION_MAX_PROACTIVE_PER_DAY`` until
they choose one: ``greeting_preferences.max_proactive_per_day`` becomes nullable with no
default (NULL: the deployment's setting).

Rows holding the old default 3 become NULL: a 3 chosen by a user cannot be told apart from
the default, and the setting's own default is 3, so nothing changes until an operator sets
another cap. The downgrade writes 3 back where the value is NULL.

No table refers to ``greeting_preferences``, so SQLite's rebuild of it loses nothing; the
trigger on ``users`` that creates a row for each new user names the table, so SQLite needs
it dropped while the rebuilt table is renamed into place, and it is created again after.

Revision ID: 0004_cap_follows_setting
Revises: 0003_snooze_sessions
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_cap_follows_setting"
down_revision = "0003_snooze_sessions"
branch_labels = None
depends_on = None

TABLE = "greeting_preferences"
COLUMN = "max_proactive_per_day"
SQLITE_TRIGGER = "trg_users_greeting_preferences"
SQLITE_TRIGGER_SQL = f"""
    CREATE TRIGGER {SQLITE_TRIGGER} AFTER INSERT ON users
    FOR EACH ROW BEGIN
        INSERT OR IGNORE INTO greeting_preferences (user_id) VALUES (NEW.id);
    END
    """


def upgrade() -> None:
    _alter(nullable=True, default=None)
    op.execute(f"UPDATE {TABLE} SET {COLUMN} = NULL WHERE {COLUMN} = 3")


def downgrade() -> None:
    op.execute(f"UPDATE {TABLE} SET {COLUMN} = 3 WHERE {COLUMN} IS NULL")
    _alter(nullable=False, default=sa.text("3"))


def _alter(*, nullable: bool, default: sa.TextClause | None) -> None:
    sqlite = op.get_context().dialect.name == "sqlite"
    if sqlite:
        op.execute(f"DROP TRIGGER IF EXISTS {SQLITE_TRIGGER}")
    with op.batch_alter_table(TABLE) as batch:
        batch.alter_column(
            COLUMN, existing_type=sa.Integer(), nullable=nullable, server_default=default
        )
    if sqlite:
        op.execute(SQLITE_TRIGGER_SQL)
