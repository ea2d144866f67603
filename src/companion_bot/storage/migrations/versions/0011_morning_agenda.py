"""Morning agenda: ``morning_agendas`` (one row per user and local day, the claim that the
day's agenda is sent at most once) and ``greeting_preferences.agenda_when_empty`` (send it
even on a day with nothing planned).

The agenda's time is the existing ``greeting_preferences.preferred_greeting_time`` ("HH:MM"
local; NULL, as in every existing row, means off). The new table refers only to ``users``,
so no existing table is rebuilt; the new column is one ``ALTER TABLE ... ADD COLUMN`` with a
server default on both databases. The downgrade drops both (``DROP COLUMN``: SQLite 3.35 or
later).

Revision ID: 0011_morning_agenda
Revises: 0010_calendar_feeds
Create Date: 2026-12-09
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

TS = sa.DateTime(timezone=True)

revision = "0011_morning_agenda"
down_revision = "0010_calendar_feeds"
branch_labels = None
depends_on = None

AGENDAS = "morning_agendas"
PREFERENCES = "greeting_preferences"
WHEN_EMPTY = "agenda_when_empty"
STATUSES = ("pending", "sent", "failed", "skipped")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    op.create_table(
        AGENDAS,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("due_at", TS, nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="pending", nullable=False),
        sa.Column("reason", sa.String(length=64), nullable=True),
        sa.Column("message_content", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("next_attempt_at", TS, nullable=True),
        sa.Column("claimed_until", TS, nullable=True),
        sa.Column("lease_lost", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("created_at", TS, server_default=sa.text("CURRENT_TIMESTAMP"), nullable=False),
        sa.Column("sent_at", TS, nullable=True),
        sa.CheckConstraint(
            _in("channel", ("web", "telegram")), name=op.f("ck_morning_agendas_channel")
        ),
        sa.CheckConstraint(_in("status", STATUSES), name=op.f("ck_morning_agendas_status")),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_morning_agendas_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_morning_agendas")),
        sa.UniqueConstraint(
            "user_id", "local_date", name=op.f("uq_morning_agendas_user_id_local_date")
        ),
    )
    op.create_index(
        "ix_morning_agendas_pending",
        AGENDAS,
        ["next_attempt_at"],
        unique=False,
        postgresql_where=sa.text("status = 'pending'"),
        sqlite_where=sa.text("status = 'pending'"),
    )
    op.add_column(
        PREFERENCES,
        sa.Column(WHEN_EMPTY, sa.Boolean(), server_default=sa.text("false"), nullable=False),
    )


def downgrade() -> None:
    op.execute(f"ALTER TABLE {PREFERENCES} DROP COLUMN {WHEN_EMPTY}")
    op.drop_index("ix_morning_agendas_pending", table_name=AGENDAS)
    op.drop_table(AGENDAS)
