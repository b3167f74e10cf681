"""Deliveries get `recover_at`: a delivery recorded but not known to be queued is recovered after it.

The web tier records a delivery (`received`), hands it to the queue, then marks it `queued`. A
process dying in between leaves it `received`: once `recover_at` has passed, a sweeper or
GitHub's redelivery claims it (one conditional UPDATE, so one claimer) and queues it.

Revision ID: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("recover_at", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_column("recover_at")
