"""secrets out of the database; escalating PIN lock-outs

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-26 09:00:00

The till's bearer token and e-receipt signing key move from ``sync_state`` to
``credentials.json`` (0600) in the data directory, and their columns are dropped with
``secure_delete`` on, so the old values are overwritten in the file (the WAL is truncated
after the migration, storage.database.migrate). Backups already in ``backups/`` lose them
too (storage.database.scrub_secrets). ``user`` gains the number of lock-outs since the last
good PIN (5, 15, 60 minutes, then a manager's reset) and whether the PIN meets the PIN rules
(NULL: set before the rules, checked at the next sign-in).
"""

from __future__ import annotations

import logging
import sqlite3

import sqlalchemy as sa
import sqlmodel
from alembic import op

from pos_app.storage.credentials import TillCredentials, load_credentials, save_credentials
from pos_app.storage.data_dir import database_dir
from pos_app.storage.database import scrub_secrets

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

log = logging.getLogger("pos_app.storage.migrations")
_str = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    bind = op.get_bind()
    data_dir = database_dir(bind.engine)
    row = bind.execute(
        sa.text("SELECT terminal_id, token, receipt_key FROM sync_state WHERE id = 1")
    ).first()
    if row is not None and (row.token or row.receipt_key):
        moved = TillCredentials(str(row.terminal_id), str(row.token), str(row.receipt_key))
        existing = load_credentials(data_dir)
        if existing != moved:
            # Written (and fsynced) before the columns go: a crash in between leaves both.
            save_credentials(data_dir, moved)
        log.info("Moved the till's token and signing key to the credentials file")
    bind.exec_driver_sql("PRAGMA secure_delete=ON")
    with op.batch_alter_table("sync_state") as batch:
        batch.drop_column("token")
        batch.drop_column("receipt_key")
    op.add_column(
        "user", sa.Column("lockouts", sa.Integer(), nullable=False, server_default="0")
    )
    op.add_column("user", sa.Column("pin_ok", sa.Boolean(), nullable=True))
    backups = data_dir / "backups"
    for backup in sorted(backups.glob("*.db")) if backups.is_dir() else []:
        try:
            conn = sqlite3.connect(backup)
            try:
                if scrub_secrets(conn):
                    log.info("Removed the till's token from the backup %s", backup)
            finally:
                conn.close()
        except sqlite3.DatabaseError as error:
            log.warning("Could not remove the token from the backup %s: %s", backup, error)


def downgrade() -> None:
    # The user table is referred to by sales: plain DROP COLUMN, no batch copy.
    op.drop_column("user", "pin_ok")
    op.drop_column("user", "lockouts")
    with op.batch_alter_table("sync_state") as batch:
        batch.add_column(sa.Column("token", _str(), nullable=False, server_default=""))
        batch.add_column(sa.Column("receipt_key", _str(), nullable=False, server_default=""))
    # The older app reads them from the database again (the file stays, unused by it).
    credentials = load_credentials(database_dir(op.get_bind().engine))
    if credentials is not None:
        op.get_bind().execute(
            sa.text("UPDATE sync_state SET token = :token, receipt_key = :key"),
            {"token": credentials.token, "key": credentials.receipt_key},
        )
