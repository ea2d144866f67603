"""Task reminders: ``user_schedules.kind`` ('meeting' or 'task') and a proactive session of
type ``task_reminder``.

"remind me to call mom at 6" is a ``user_schedules`` row of kind ``task``, reminded once at
the time itself (a ``task_reminder`` session; no preparation reminder, check-in or
follow-up). Existing rows are meetings: the column is added with the server default
'meeting' and a CHECK, in one ``ALTER TABLE ... ADD COLUMN`` on both databases, so no row is
read or rewritten and ``user_schedules`` is not rebuilt (on SQLite a rebuild would cascade
to the proactive sessions that refer to it).

The CHECK on ``proactive_sessions.session_type`` gains ``task_reminder``. On SQLite a CHECK
changes only by rebuilding the table; with foreign keys on, the rebuild's DROP TABLE would
set ``messages.proactive_session_id`` to NULL, so those links are kept aside and restored
(as in 0003).

The downgrade keeps every task row, cancelled (the previous version would remind them as
meetings, half an hour early), drops their ``task_reminder`` sessions (the previous CHECK
refuses them; their messages stay, unlinked) and the column (``ALTER TABLE ... DROP
COLUMN``, SQLite 3.35 or later).

Revision ID: 0008_task_reminders
Revises: 0007_message_client_keys
Create Date: 2026-12-07
"""

from __future__ import annotations

import warnings

import sqlalchemy as sa
from alembic import op

revision = "0008_task_reminders"
down_revision = "0007_message_client_keys"
branch_labels = None
depends_on = None

SCHEDULES = "user_schedules"
KIND = "kind"
KIND_CHECK = "ck_user_schedules_kind"
KINDS = ("meeting", "task")
SESSIONS = "proactive_sessions"
TYPE_CHECK = "ck_proactive_sessions_session_type"
OLD_TYPES = ("preparation_reminder", "completion", "followup", "snooze")
NEW_TYPES = (*OLD_TYPES, "task_reminder")
LINKS = "_migration_0008_message_links"


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade() -> None:
    op.add_column(
        SCHEDULES,
        sa.Column(
            KIND,
            sa.String(length=16),
            sa.CheckConstraint(_in(KIND, KINDS), name=op.f(KIND_CHECK)),
            server_default="meeting",
            nullable=False,
        ),
    )
    _replace_type_check(NEW_TYPES)


def downgrade() -> None:
    op.execute(f"UPDATE {SCHEDULES} SET status = 'cancelled' WHERE {KIND} = 'task'")
    op.execute(f"DELETE FROM {SESSIONS} WHERE session_type = 'task_reminder'")
    _replace_type_check(OLD_TYPES)
    op.execute(f"ALTER TABLE {SCHEDULES} DROP COLUMN {KIND}")


def _replace_type_check(types: tuple[str, ...]) -> None:
    if op.get_context().dialect.name != "sqlite":
        op.drop_constraint(op.f(TYPE_CHECK), SESSIONS, type_="check")
        op.create_check_constraint(op.f(TYPE_CHECK), SESSIONS, _in("session_type", types))
        return
    op.execute(
        f"CREATE TABLE {LINKS} AS SELECT id, proactive_session_id FROM messages "
        "WHERE proactive_session_id IS NOT NULL"
    )
    with warnings.catch_warnings():
        # The rebuild reflects the tables referred to; SQLite cannot reflect the index on
        # lower(users.username) (0005), which the rebuilt table does not need.
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based")
        with op.batch_alter_table(SESSIONS, recreate="always") as batch:
            batch.drop_constraint(op.f(TYPE_CHECK), type_="check")
            batch.create_check_constraint(op.f(TYPE_CHECK), sa.text(_in("session_type", types)))
    op.execute(
        f"UPDATE messages SET proactive_session_id = (SELECT l.proactive_session_id "
        f"FROM {LINKS} l WHERE l.id = messages.id) WHERE id IN (SELECT id FROM {LINKS})"
    )
    op.execute(f"DROP TABLE {LINKS}")
