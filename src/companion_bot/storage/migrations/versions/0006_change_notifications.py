"""PostgreSQL tells listening processes about new web messages and changed schedules.

Triggers call ``pg_notify`` at the write itself, so every writer (a web worker, the job in
a Celery worker or ``jobs run-once``, the CLI, plain SQL) is heard without code of its own:

* a new ``messages`` row on the web channel → ``companion_bot_messages`` with the user id
  (open pages in any process fetch it at once);
* a ``user_schedules`` row added or removed, or its time, status or channel changed →
  ``companion_bot_schedules`` (job loops re-plan their next run; the job's own bookkeeping
  on the row wakes nobody).

Notifications go out at commit, and identical ones in one transaction go out once. SQLite
has no such thing; nothing is created there.

Revision ID: 0006_change_notifications
Revises: 0005_usernames_ignore_case
Create Date: 2026-12-03
"""

from __future__ import annotations

from alembic import op

revision = "0006_change_notifications"
down_revision = "0005_usernames_ignore_case"
branch_labels = None
depends_on = None

UPGRADE = (
    """
    CREATE FUNCTION companion_bot_notify_message() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('companion_bot_messages', NEW.user_id::text);
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER trg_messages_notify AFTER INSERT ON messages
    FOR EACH ROW WHEN (NEW.channel = 'web') EXECUTE FUNCTION companion_bot_notify_message()
    """,
    """
    CREATE FUNCTION companion_bot_notify_schedule() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        PERFORM pg_notify('companion_bot_schedules', '');
        RETURN NULL;
    END $$
    """,
    """
    CREATE TRIGGER trg_user_schedules_notify
    AFTER INSERT OR DELETE OR UPDATE OF start_time, end_time, status, channel ON user_schedules
    FOR EACH STATEMENT EXECUTE FUNCTION companion_bot_notify_schedule()
    """,
)
DOWNGRADE = (
    "DROP TRIGGER IF EXISTS trg_user_schedules_notify ON user_schedules",
    "DROP FUNCTION IF EXISTS companion_bot_notify_schedule()",
    "DROP TRIGGER IF EXISTS trg_messages_notify ON messages",
    "DROP FUNCTION IF EXISTS companion_bot_notify_message()",
)


def upgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        for statement in UPGRADE:
            op.execute(statement)


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        for statement in DOWNGRADE:
            op.execute(statement)
