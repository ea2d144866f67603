"""Recurring meetings: ``schedule_series`` (a repeating meeting's RFC 5545 rule, its zone and
how far its occurrences are stored), ``user_schedules.series_id`` and ``occurrence_start``
(an occurrence of a series: one row each, unique per series and start) and
``schedule_changes.previous_series`` (what an undo of a change to a whole series needs).

One new table (it refers to ``users`` and ``messages`` only) and nullable columns added with
``ALTER TABLE ... ADD COLUMN`` on both databases: no existing row is read or rewritten, and
no table is rebuilt. ``user_schedules.series_id`` has no foreign key on purpose: SQLite adds
one only by rebuilding the table, whose ``DROP`` would cascade to the reminders and changes
that refer to it (as 0008 explains); a series and its occurrences go together with their
user.

The downgrade keeps every occurrence stored so far as a one-off meeting (the previous
version reminds them as such) and drops the rest (``DROP COLUMN``: SQLite 3.35 or later).

Revision ID: 0012_recurring_meetings
Revises: 0011_morning_agenda
Create Date: 2026-12-09
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

TS = sa.DateTime(timezone=True)

revision = "0012_recurring_meetings"
down_revision = "0011_morning_agenda"
branch_labels = None
depends_on = None

SERIES = "schedule_series"
SCHEDULES = "user_schedules"
CHANGES = "schedule_changes"
OCCURRENCE_INDEX = "uq_user_schedules_series_id_occurrence_start"
MATERIALIZE_INDEX = "ix_schedule_series_materialized_until"


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    op.create_table(
        SERIES,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("event_name", sa.String(length=200), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=16), server_default="meeting", nullable=False),
        sa.Column("recurrence", sa.Text(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column(
            "time_is_approximate", sa.Boolean(), server_default=sa.text("false"), nullable=False
        ),
        sa.Column("confidence", sa.Float(), server_default=sa.text("1.0"), nullable=False),
        sa.Column("source_text", sa.String(length=500), nullable=True),
        sa.Column("materialized_until", TS, nullable=True),
        sa.Column("ended_at", TS, nullable=True),
        sa.Column("created_at", TS, server_default=sa.text("CURRENT_TIMESTAMP"), nullable=False),
        sa.Column("updated_at", TS, server_default=sa.text("CURRENT_TIMESTAMP"), nullable=False),
        sa.CheckConstraint(
            _in("channel", ("web", "telegram")), name=op.f("ck_schedule_series_channel")
        ),
        sa.CheckConstraint(_in("kind", ("meeting", "task")), name=op.f("ck_schedule_series_kind")),
        sa.CheckConstraint(
            "duration_minutes IS NULL OR duration_minutes > 0",
            name=op.f("ck_schedule_series_duration"),
        ),
        sa.CheckConstraint(
            "confidence >= 0 AND confidence <= 1", name=op.f("ck_schedule_series_confidence")
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["messages.id"],
            name=op.f("fk_schedule_series_message_id_messages"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_schedule_series_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedule_series")),
    )
    op.create_index(op.f("ix_schedule_series_user_id"), SERIES, ["user_id"], unique=False)
    op.create_index(
        MATERIALIZE_INDEX,
        SERIES,
        ["materialized_until"],
        unique=False,
        postgresql_where=sa.text("materialized_until IS NOT NULL"),
        sqlite_where=sa.text("materialized_until IS NOT NULL"),
    )
    op.add_column(SCHEDULES, sa.Column("series_id", sa.Integer(), nullable=True))
    op.add_column(SCHEDULES, sa.Column("occurrence_start", TS, nullable=True))
    op.create_index(OCCURRENCE_INDEX, SCHEDULES, ["series_id", "occurrence_start"], unique=True)
    op.add_column(CHANGES, sa.Column("previous_series", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.execute(f"ALTER TABLE {CHANGES} DROP COLUMN previous_series")
    op.drop_index(OCCURRENCE_INDEX, table_name=SCHEDULES)
    op.execute(f"ALTER TABLE {SCHEDULES} DROP COLUMN occurrence_start")
    op.execute(f"ALTER TABLE {SCHEDULES} DROP COLUMN series_id")
    op.drop_index(MATERIALIZE_INDEX, table_name=SERIES)
    op.drop_index(op.f("ix_schedule_series_user_id"), table_name=SERIES)
    op.drop_table(SERIES)
