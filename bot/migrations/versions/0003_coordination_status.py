"""Coordinations get `status`, copied from their document: the sweep reads only the open ones.

Before, `coordinator sweep` loaded and parsed every coordination ever saved to keep the active and
paused ones; with one organisation's worth of repositories the finished ones far outnumber them.
The document stays the source of truth: every save writes both.

Revision ID: 0003
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_COORDINATIONS = sa.table("coordinations", sa.column("repo", sa.Text), sa.column("parent_number", sa.Integer),
                          sa.column("document", sa.Text), sa.column("status", sa.Text))


def upgrade() -> None:
    with op.batch_alter_table("coordinations") as batch:
        batch.add_column(sa.Column("status", sa.Text, nullable=False, server_default="active"))
    bind = op.get_bind()
    rows = bind.execute(sa.select(_COORDINATIONS.c.repo, _COORDINATIONS.c.parent_number, _COORDINATIONS.c.document))
    for repo, parent_number, document in rows.all():
        status = json.loads(document).get("status", "active")
        bind.execute(_COORDINATIONS.update().where(
            _COORDINATIONS.c.repo == repo, _COORDINATIONS.c.parent_number == parent_number).values(status=status))
    op.create_index("coordinations_by_status", "coordinations", ["status"])


def downgrade() -> None:
    op.drop_index("coordinations_by_status", "coordinations")
    with op.batch_alter_table("coordinations") as batch:
        batch.drop_column("status")
