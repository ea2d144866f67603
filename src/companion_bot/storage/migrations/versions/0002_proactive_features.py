"""v3.7 proactive features: schedules, proactive sessions, greeting preferences, flags.

Adds the greeting-preferences trigger (one row for every new user, on both databases),
back-fills rows for existing users, and links messages to schedules and sessions.

Revision ID: 0002_proactive_features
Revises: 0001_base
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

TS = sa.DateTime(timezone=True)

revision = "0002_proactive_features"
down_revision = "0001_base"
branch_labels = None
depends_on = None

PG_TRIGGER = (
    """
    CREATE OR REPLACE FUNCTION create_greeting_preferences() RETURNS trigger AS $$
    BEGIN
        INSERT INTO greeting_preferences (user_id) VALUES (NEW.id)
        ON CONFLICT (user_id) DO NOTHING;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER trg_users_greeting_preferences AFTER INSERT ON users
    FOR EACH ROW EXECUTE FUNCTION create_greeting_preferences()
    """,
)
SQLITE_TRIGGER = """
    CREATE TRIGGER trg_users_greeting_preferences AFTER INSERT ON users
    FOR EACH ROW BEGIN
        INSERT OR IGNORE INTO greeting_preferences (user_id) VALUES (NEW.id);
    END
    """
BACKFILL = """
    INSERT INTO greeting_preferences (user_id)
    SELECT id FROM users WHERE id NOT IN (SELECT user_id FROM greeting_preferences)
    """


def upgrade() -> None:
    op.create_table(
        "feature_flags",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("enabled", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("rollout_percent", sa.Float(), server_default=sa.text("100"), nullable=False),
        sa.Column("description", sa.String(length=255), nullable=True),
        sa.Column("updated_at", TS, server_default=sa.text("CURRENT_TIMESTAMP"), nullable=False),
        sa.CheckConstraint(
            "rollout_percent >= 0 AND rollout_percent <= 100",
            name=op.f("ck_feature_flags_rollout_percent"),
        ),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_feature_flags")),
    )
    op.create_table(
        "greeting_preferences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("prefer_proactive", sa.Boolean(), server_default=sa.text("true"), nullable=False),
        sa.Column("preferred_greeting_time", sa.String(length=5), nullable=True),
        sa.Column("dnd_start_hour", sa.Integer(), nullable=True),
        sa.Column("dnd_end_hour", sa.Integer(), nullable=True),
        sa.Column(
            "max_proactive_per_day", sa.Integer(), server_default=sa.text("3"), nullable=False
        ),
        sa.Column(
            "reminder_lead_minutes", sa.Integer(), server_default=sa.text("30"), nullable=False
        ),
        sa.Column("created_at", TS, server_default=sa.text("CURRENT_TIMESTAMP"), nullable=False),
        sa.Column("updated_at", TS, server_default=sa.text("CURRENT_TIMESTAMP"), nullable=False),
        sa.CheckConstraint(
            "dnd_end_hour BETWEEN 0 AND 23", name=op.f("ck_greeting_preferences_dnd_end_hour")
        ),
        sa.CheckConstraint(
            "dnd_start_hour BETWEEN 0 AND 23", name=op.f("ck_greeting_preferences_dnd_start_hour")
        ),
        sa.CheckConstraint(
            "max_proactive_per_day >= 0", name=op.f("ck_greeting_preferences_max_proactive_per_day")
        ),
        sa.CheckConstraint(
            "reminder_lead_minutes BETWEEN 1 AND 1440",
            name=op.f("ck_greeting_preferences_reminder_lead_minutes"),
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_greeting_preferences_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_greeting_preferences")),
        sa.UniqueConstraint("user_id", name=op.f("uq_greeting_preferences_user_id")),
    )
    op.create_table(
        "user_schedules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.Integer(), nullable=True),
        sa.Column("event_name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("start_time", TS, nullable=False),
        sa.Column("end_time", TS, nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="scheduled", nullable=False),
        sa.Column("confidence", sa.Float(), server_default=sa.text("1.0"), nullable=False),
        sa.Column("source_text", sa.String(length=500), nullable=True),
        sa.Column("source_span_start", sa.Integer(), nullable=True),
        sa.Column("source_span_end", sa.Integer(), nullable=True),
        sa.Column(
            "time_is_approximate", sa.Boolean(), server_default=sa.text("false"), nullable=False
        ),
        sa.Column(
            "preparation_reminder_sent",
            sa.Boolean(),
            server_default=sa.text("false"),
            nullable=False,
        ),
        sa.Column("preparation_reminder_sent_at", TS, nullable=True),
        sa.Column(
            "event_completed_sent", sa.Boolean(), server_default=sa.text("false"), nullable=False
        ),
        sa.Column("event_completed_sent_at", TS, nullable=True),
        sa.Column("followup_sent", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("followup_sent_at", TS, nullable=True),
        sa.Column("is_completed", sa.Boolean(), server_default=sa.text("false"), nullable=False),
        sa.Column("completed_at", TS, nullable=True),
        sa.Column("created_at", TS, server_default=sa.text("CURRENT_TIMESTAMP"), nullable=False),
        sa.Column("updated_at", TS, server_default=sa.text("CURRENT_TIMESTAMP"), nullable=False),
        sa.CheckConstraint(
            "channel IN ('web', 'telegram')", name=op.f("ck_user_schedules_channel")
        ),
        sa.CheckConstraint(
            "status IN ('scheduled', 'cancelled', 'done')", name=op.f("ck_user_schedules_status")
        ),
        sa.CheckConstraint(
            "confidence >= 0 AND confidence <= 1", name=op.f("ck_user_schedules_confidence")
        ),
        sa.CheckConstraint(
            "end_time IS NULL OR end_time >= start_time",
            name=op.f("ck_user_schedules_end_after_start"),
        ),
        sa.ForeignKeyConstraint(
            ["message_id"],
            ["messages.id"],
            name=op.f("fk_user_schedules_message_id_messages"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_user_schedules_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_schedules")),
        sa.UniqueConstraint(
            "user_id",
            "event_name",
            "start_time",
            name=op.f("uq_user_schedules_user_id_event_name_start_time"),
        ),
    )
    op.create_index(
        "ix_user_schedules_due_completions",
        "user_schedules",
        ["end_time"],
        unique=False,
        postgresql_where=sa.text(
            "status = 'scheduled' AND NOT event_completed_sent AND end_time IS NOT NULL"
        ),
        sqlite_where=sa.text(
            "status = 'scheduled' AND NOT event_completed_sent AND end_time IS NOT NULL"
        ),
    )
    op.create_index(
        "ix_user_schedules_due_reminders",
        "user_schedules",
        ["start_time"],
        unique=False,
        postgresql_where=sa.text("status = 'scheduled' AND NOT preparation_reminder_sent"),
        sqlite_where=sa.text("status = 'scheduled' AND NOT preparation_reminder_sent"),
    )
    op.create_index(
        "ix_user_schedules_user_id_start_time",
        "user_schedules",
        ["user_id", "start_time"],
        unique=False,
    )
    op.create_table(
        "proactive_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("session_type", sa.String(length=32), nullable=False),
        sa.Column("reference_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="pending", nullable=False),
        sa.Column("reason", sa.String(length=64), nullable=True),
        sa.Column("message_content", sa.Text(), nullable=True),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("due_at", TS, nullable=True),
        sa.Column("next_attempt_at", TS, nullable=True),
        sa.Column("claimed_until", TS, nullable=True),
        sa.Column("created_at", TS, server_default=sa.text("CURRENT_TIMESTAMP"), nullable=False),
        sa.Column("sent_at", TS, nullable=True),
        sa.Column("acknowledged_at", TS, nullable=True),
        sa.Column("metadata", sa.JSON(), nullable=False),
        sa.CheckConstraint(
            "channel IN ('web', 'telegram')", name=op.f("ck_proactive_sessions_channel")
        ),
        sa.CheckConstraint(
            "session_type IN ('preparation_reminder', 'completion', 'followup')",
            name=op.f("ck_proactive_sessions_session_type"),
        ),
        sa.CheckConstraint(
            "status IN ('pending', 'sent', 'failed', 'skipped')",
            name=op.f("ck_proactive_sessions_status"),
        ),
        sa.ForeignKeyConstraint(
            ["reference_id"],
            ["user_schedules.id"],
            name=op.f("fk_proactive_sessions_reference_id_user_schedules"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_proactive_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proactive_sessions")),
        sa.UniqueConstraint(
            "reference_id",
            "session_type",
            name=op.f("uq_proactive_sessions_reference_id_session_type"),
        ),
    )
    op.create_index(
        "ix_proactive_sessions_pending",
        "proactive_sessions",
        ["next_attempt_at"],
        unique=False,
        postgresql_where=sa.text("status = 'pending'"),
        sqlite_where=sa.text("status = 'pending'"),
    )
    op.create_index(
        "ix_proactive_sessions_user_id_created_at",
        "proactive_sessions",
        ["user_id", "created_at"],
        unique=False,
    )
    _link_messages()
    _create_trigger()
    op.execute(BACKFILL)


def _link_messages() -> None:
    """Messages gain the schedule a question asks about and the session they delivered."""
    # Batch mode: SQLite can add a named foreign key only by rebuilding the table.
    with op.batch_alter_table("messages") as batch:
        batch.add_column(sa.Column("question_schedule_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("proactive_session_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_messages_question_schedule_id_user_schedules"),
            "user_schedules",
            ["question_schedule_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_foreign_key(
            op.f("fk_messages_proactive_session_id_proactive_sessions"),
            "proactive_sessions",
            ["proactive_session_id"],
            ["id"],
            ondelete="SET NULL",
        )
    op.create_index(
        "uq_messages_proactive_session_id", "messages", ["proactive_session_id"], unique=True
    )


def _create_trigger() -> None:
    if op.get_context().dialect.name == "sqlite":
        op.execute(SQLITE_TRIGGER)
    else:
        for statement in PG_TRIGGER:
            op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_context().dialect.name == "sqlite"
    op.execute(
        "DROP TRIGGER IF EXISTS trg_users_greeting_preferences" + ("" if sqlite else " ON users")
    )
    if not sqlite:
        op.execute("DROP FUNCTION IF EXISTS create_greeting_preferences()")
    op.drop_index("uq_messages_proactive_session_id", table_name="messages")
    with op.batch_alter_table("messages") as batch:
        batch.drop_column("proactive_session_id")
        batch.drop_column("question_schedule_id")
    for table in ("proactive_sessions", "user_schedules", "greeting_preferences", "feature_flags"):
        op.drop_table(table)
