"""The database tables, in one place: the store queries them, the migrations create them.

Documents are JSON text, so SQLite and PostgreSQL hold the same bytes; primary keys are the
uniqueness constraints that stop duplicates (no read-then-write), and `coordinations.version`
makes saving a coordination optimistic.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

deliveries = sa.Table(
    "deliveries", metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("event", sa.Text, nullable=False),
    sa.Column("action", sa.Text, nullable=False),
    sa.Column("key", sa.Text, nullable=False),
    sa.Column("payload", sa.Text, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("error", sa.Text, nullable=False, server_default=""),
    sa.Column("received_at", sa.Text, nullable=False),
    sa.Column("finished_at", sa.Text),
    sa.Column("recover_at", sa.Text),  # a `received` delivery is claimable again after this
    sa.Index("deliveries_by_status", "status", "received_at"),
)

coordinations = sa.Table(
    "coordinations", metadata,
    sa.Column("repo", sa.Text, primary_key=True),
    sa.Column("parent_number", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("document", sa.Text, nullable=False),
    sa.Column("updated_at", sa.Text, nullable=False),
    sa.Column("version", sa.Integer, nullable=False, server_default="1"),
    sa.Column("status", sa.Text, nullable=False, server_default="active"),  # the document's, for the sweep
    sa.Index("coordinations_by_status", "status"),
)

task_issues = sa.Table(
    "task_issues", metadata,
    sa.Column("repo", sa.Text, primary_key=True),
    sa.Column("issue_number", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("parent_number", sa.Integer, nullable=False),
)
