"""Snoozed reminders: a proactive session of type ``snooze`` (at most one per meeting).

A user who snoozes a reminder gets it once more ten minutes later; that second message is its
own ``proactive_sessions`` row, so the unique (reference_id, session_type) still allows only
one, and the engine claims and settles it like any other.

On SQLite a CHECK constraint changes only by rebuilding the table. With foreign keys on, the
rebuild's DROP TABLE would set ``messages.proactive_session_id`` to NULL (ON DELETE SET NULL),
so those links are kept aside and restored.

Revision ID: 0003_snooze_sessions
Revises: 0002_proactive_features
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_snooze_sessions"
down_revision = "0002_proactive_features"
branch_labels = None
depends_on = None

CHECK = "ck_proactive_sessions_session_type"
OLD_TYPES = ("preparation_reminder", "completion", "followup")
NEW_TYPES = (*OLD_TYPES, "snooze")
LINKS = "_migration_0003_message_links"


def _condition(types: tuple[str, ...]) -> str:
    return f"session_type IN ({', '.join(repr(t) for t in types)})"


def upgrade() -> None:
    _replace_check(NEW_TYPES)


def downgrade() -> None:
    op.execute("DELETE FROM proactive_sessions WHERE session_type = 'snooze'")
    _replace_check(OLD_TYPES)


def _replace_check(types: tuple[str, ...]) -> None:
    if op.get_context().dialect.name != "sqlite":
        op.drop_constraint(op.f(CHECK), "proactive_sessions", type_="check")
        op.create_check_constraint(op.f(CHECK), "proactive_sessions", _condition(types))
        return
    op.execute(
        f"CREATE TABLE {LINKS} AS SELECT id, proactive_session_id FROM messages "
        "WHERE proactive_session_id IS NOT NULL"
    )
    with op.batch_alter_table("proactive_sessions", recreate="always") as batch:
        batch.drop_constraint(op.f(CHECK), type_="check")
        batch.create_check_constraint(op.f(CHECK), sa.text(_condition(types)))
    op.execute(
        f"UPDATE messages SET proactive_session_id = (SELECT l.proactive_session_id "
        f"FROM {LINKS} l WHERE l.id = messages.id) WHERE id IN (SELECT id FROM {LINKS})"
    )
    op.execute(f"DROP TABLE {LINKS}")
