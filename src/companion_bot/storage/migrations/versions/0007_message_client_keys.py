"""A retried message is stored once: ``messages.client_key``, unique per user, channel and
role.

The key is the client's idempotency key of a user message (the web's ``Idempotency-Key``
header, ``tg:<update_id>`` on Telegram); the bot's reply to that message carries the same
key, so a retry finds the first message and its reply with one indexed lookup, and a
second INSERT of the same key is refused by the index. Keys of different channels never
clash (a web client's key cannot block a Telegram update of the same linked account).
Existing rows keep NULL, and NULLs never clash (on either database), so the upgrade reads
and rewrites no rows.

The downgrade drops the column in place (``ALTER TABLE ... DROP COLUMN``, SQLite 3.35 or
later): rebuilding ``messages`` on SQLite would, with foreign keys on, set the references
to it (``user_schedules.message_id``, ``messages.in_reply_to_id``) to NULL.

Revision ID: 0007_message_client_keys
Revises: 0006_change_notifications
Create Date: 2026-12-04
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_message_client_keys"
down_revision = "0006_change_notifications"
branch_labels = None
depends_on = None

TABLE = "messages"
COLUMN = "client_key"
INDEX = "uq_messages_user_id_channel_client_key_role"


def upgrade() -> None:
    op.add_column(TABLE, sa.Column(COLUMN, sa.String(length=128), nullable=True))
    op.create_index(INDEX, TABLE, ["user_id", "channel", COLUMN, "role"], unique=True)


def downgrade() -> None:
    op.drop_index(INDEX, table_name=TABLE)
    op.execute(f"ALTER TABLE {TABLE} DROP COLUMN {COLUMN}")
