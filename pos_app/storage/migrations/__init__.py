"""Alembic environment and revisions: packages, so the import contracts see them."""
