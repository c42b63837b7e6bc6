"""The terminal database: durable settings, migrations, backups, refusing newer schemas."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

from pos_app.errors import KnownError
from pos_app.storage.database import open_database


def test_durable_pragmas(tmp_path: Path) -> None:
    engine = open_database(tmp_path / "pos.db")
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar_one() == 2  # FULL
        assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
    engine.dispose()


def test_migrations_match_the_tables(tmp_path: Path) -> None:
    """A model change without a migration fails here, not on a store's terminal."""
    engine = open_database(tmp_path / "pos.db")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    engine.dispose()
    assert diff == []


def test_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "pos.db"
    open_database(path).dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    with pytest.raises(KnownError) as err:
        open_database(path)
    assert err.value.code == "database.too_new"
    assert "newer version" in err.value.message


def test_database_is_backed_up_before_a_migration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    import pos_app.storage.database as database

    path = tmp_path / "pos.db"
    engine = open_database(path)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO tax_rate VALUES (18, 'KDV %18')"))
    engine.dispose()
    # the next release: the same migrations plus one more
    newer = tmp_path / "migrations"
    shutil.copytree(database.MIGRATIONS_DIR, newer, ignore=shutil.ignore_patterns("__pycache__"))
    head = database.head_revision()
    (newer / "versions" / "9999_note.py").write_text(
        "import sqlalchemy as sa\nfrom alembic import op\n"
        f"revision = '9999'\ndown_revision = '{head}'\nbranch_labels = None\n"
        "depends_on = None\n"
        "def upgrade() -> None:\n"
        "    op.add_column('tax_rate', sa.Column('note', sa.String(), nullable=True))\n"
        "def downgrade() -> None:\n    op.drop_column('tax_rate', 'note')\n"
    )
    monkeypatch.setattr(database, "MIGRATIONS_DIR", newer)
    engine = database.make_engine(path)
    backup = database.migrate(engine, path)
    engine.dispose()
    assert backup is not None and backup.exists()
    with sqlite3.connect(backup) as conn:  # the backup is the database as it was
        columns = [row[1] for row in conn.execute("PRAGMA table_info(tax_rate)")]
        assert "note" not in columns
        assert conn.execute("SELECT name FROM tax_rate WHERE rate_percent = 18").fetchone()
    with sqlite3.connect(path) as conn:
        assert "note" in [row[1] for row in conn.execute("PRAGMA table_info(tax_rate)")]
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("9999",)


def test_backup_copies_the_live_database(tmp_path: Path) -> None:
    from pos_app.storage.database import backup_database

    path = tmp_path / "pos.db"
    engine = open_database(path)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO tax_rate VALUES (18, 'KDV %18')"))
    target = backup_database(path, "test")
    engine.dispose()
    with sqlite3.connect(target) as conn:
        assert conn.execute("SELECT name FROM tax_rate WHERE rate_percent = 18").fetchone() == (
            "KDV %18",
        )
    assert target.parent.name == "backups"
