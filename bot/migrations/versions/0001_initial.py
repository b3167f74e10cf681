"""Deliveries, coordinations (with an optimistic version) and the sub-issue index.

The tables are spelled out, not taken from `bot.schema`: a migration is a snapshot of its
revision, while `bot.schema` follows the newest one.

Databases written before migrations existed already hold the three tables: they are adopted,
and only the version column is added.

Revision ID: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    existing = set(sa.inspect(op.get_bind()).get_table_names())
    if "deliveries" not in existing:
        op.create_table(
            "deliveries",
            sa.Column("id", sa.Text, primary_key=True),
            sa.Column("event", sa.Text, nullable=False),
            sa.Column("action", sa.Text, nullable=False),
            sa.Column("key", sa.Text, nullable=False),
            sa.Column("payload", sa.Text, nullable=False),
            sa.Column("status", sa.Text, nullable=False),
            sa.Column("error", sa.Text, nullable=False, server_default=""),
            sa.Column("received_at", sa.Text, nullable=False),
            sa.Column("finished_at", sa.Text),
        )
    if "coordinations" not in existing:
        op.create_table(
            "coordinations",
            sa.Column("repo", sa.Text, primary_key=True),
            sa.Column("parent_number", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("document", sa.Text, nullable=False),
            sa.Column("updated_at", sa.Text, nullable=False),
            sa.Column("version", sa.Integer, nullable=False, server_default="1"),
        )
    elif "version" not in {c["name"] for c in sa.inspect(op.get_bind()).get_columns("coordinations")}:
        op.add_column("coordinations", sa.Column("version", sa.Integer, nullable=False, server_default="1"))
    if "task_issues" not in existing:
        op.create_table(
            "task_issues",
            sa.Column("repo", sa.Text, primary_key=True),
            sa.Column("issue_number", sa.Integer, primary_key=True, autoincrement=False),
            sa.Column("parent_number", sa.Integer, nullable=False),
        )
    op.create_index("deliveries_by_status", "deliveries", ["status", "received_at"], if_not_exists=True)


def downgrade() -> None:
    op.drop_table("task_issues")
    op.drop_table("coordinations")
    op.drop_table("deliveries")
