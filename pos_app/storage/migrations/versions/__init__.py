"""Alembic revisions: a package, so the import contracts (pyproject.toml) see them."""
