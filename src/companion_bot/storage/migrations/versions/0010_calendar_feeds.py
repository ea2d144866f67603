"""Calendar feed and import: ``calendar_feeds`` (a user's secret feed link, its token kept
only as a hash, one per user) and ``calendar_imports`` (the ``UID`` of each event imported
from a calendar file and the meeting it became, so importing it again adds nothing).

Two new tables: no existing row is read or rewritten. Both go with their user (and an
import row with its meeting) through ``ON DELETE CASCADE``.

Revision ID: 0010_calendar_feeds
Revises: 0009_schedule_changes
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

TS = sa.DateTime(timezone=True)

revision = "0010_calendar_feeds"
down_revision = "0009_schedule_changes"
branch_labels = None
depends_on = None

FEEDS = "calendar_feeds"
IMPORTS = "calendar_imports"


def upgrade() -> None:
    op.create_table(
        FEEDS,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_calendar_feeds_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feeds")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_feeds_token_hash")),
        sa.UniqueConstraint("user_id", name=op.f("uq_calendar_feeds_user_id")),
    )
    op.create_table(
        IMPORTS,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("schedule_id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=255), nullable=False),
        sa.Column("imported_at", TS, nullable=False),
        sa.ForeignKeyConstraint(
            ["schedule_id"],
            ["user_schedules.id"],
            name=op.f("fk_calendar_imports_schedule_id_user_schedules"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_calendar_imports_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_imports")),
        sa.UniqueConstraint("user_id", "uid", name=op.f("uq_calendar_imports_user_id_uid")),
    )
    op.create_index(op.f("ix_calendar_imports_schedule_id"), IMPORTS, ["schedule_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_calendar_imports_schedule_id"), table_name=IMPORTS)
    op.drop_table(IMPORTS)
    op.drop_table(FEEDS)
