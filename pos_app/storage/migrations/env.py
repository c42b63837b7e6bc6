"""Alembic environment: runs on the engine the app passes in (no URL in a config file)."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import pos_app.storage.tables  # noqa: F401  (registers the tables on the metadata)

engine = context.config.attributes["engine"]
with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=SQLModel.metadata,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
