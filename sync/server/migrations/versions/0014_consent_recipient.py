"""The recipient of a messaging consent (issue 18): the phone or e-mail the customer gave or
withdrew it for, as the national consent registry (İYS) needs it, kept on the event because
the customer's record may change or be erased (docs/loyalty.md "Erasure").

Revision ID: 0014
Revises: 0013

"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("customer_consent_event") as batch:
        batch.add_column(sa.Column("recipient", sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("customer_consent_event") as batch:
        batch.drop_column("recipient")
