"""Undo: ``schedule_changes``, one row per change to a meeting (created, moved, edited,
cancelled, restored), written in the transaction of the change.

A row keeps what an undo needs: when the change was made (the app's clock), the fields it
changed as they were before, and for a move the reminders the new time forgot. Rows are
kept only while they can be undone (the write of a user's change removes their older ones),
so the table stays small. A new table: no existing row is read or rewritten.

Revision ID: 0009_schedule_changes
Revises: 0008_task_reminders
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

TS = sa.DateTime(timezone=True)

revision = "0009_schedule_changes"
down_revision = "0008_task_reminders"
branch_labels = None
depends_on = None

TABLE = "schedule_changes"
KINDS = ("created", "moved", "edited", "cancelled", "restored")


def upgrade() -> None:
    op.create_table(
        TABLE,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("schedule_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("changed_at", TS, nullable=False),
        sa.Column("undone_at", TS, nullable=True),
        sa.Column("previous_name", sa.String(length=200), nullable=True),
        sa.Column("previous_start", TS, nullable=True),
        sa.Column("previous_end", TS, nullable=True),
        sa.Column("previous_approximate", sa.Boolean(), nullable=True),
        sa.Column("previous_status", sa.String(length=16), nullable=True),
        sa.Column("previous_reminders", sa.JSON(), nullable=True),
        sa.CheckConstraint(
            f"kind IN ({', '.join(repr(k) for k in KINDS)})", name=op.f("ck_schedule_changes_kind")
        ),
        sa.ForeignKeyConstraint(
            ["schedule_id"],
            ["user_schedules.id"],
            name=op.f("fk_schedule_changes_schedule_id_user_schedules"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_schedule_changes_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_schedule_changes")),
    )
    op.create_index(
        "ix_schedule_changes_user_id_changed_at", TABLE, ["user_id", "changed_at"], unique=False
    )
    op.create_index(op.f("ix_schedule_changes_schedule_id"), TABLE, ["schedule_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_schedule_changes_schedule_id"), table_name=TABLE)
    op.drop_index("ix_schedule_changes_user_id_changed_at", table_name=TABLE)
    op.drop_table(TABLE)
