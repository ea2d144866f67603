"""Usernames are one name whatever their case: a unique index on ``lower(username)``.

Before, "Carol" and "carol" could both sign up. Such pairs cannot be merged without losing
one account's data or locking its owner out, so the upgrade refuses to run while any
exist and names them: rename one of each pair (``UPDATE users SET username = ...``) or
delete it (``companion-bot delete-user NAME``), then migrate again.

Revision ID: 0005_usernames_ignore_case
Revises: 0004_cap_follows_setting
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_usernames_ignore_case"
down_revision = "0004_cap_follows_setting"
branch_labels = None
depends_on = None

INDEX = "uq_users_username_lower"


def upgrade() -> None:
    if not op.get_context().as_sql:  # rendering SQL files reads no rows
        _refuse_clashes()
    op.create_index(INDEX, "users", [sa.text("lower(username)")], unique=True)


def downgrade() -> None:
    op.drop_index(INDEX, table_name="users")


def _refuse_clashes() -> None:
    clashes = (
        op.get_bind()
        .execute(
            sa.text(
                "SELECT lower(username) FROM users WHERE username IS NOT NULL "
                "GROUP BY lower(username) HAVING count(*) > 1 ORDER BY 1"
            )
        )
        .scalars()
        .all()
    )
    if clashes:
        raise RuntimeError(
            "usernames that differ only in case: "
            + ", ".join(clashes)
            + ". Rename or delete one account of each (companion-bot delete-user NAME), "
            "then migrate again."
        )
