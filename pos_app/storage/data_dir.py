"""The till's data directory: private (0700) with private files (0600).

``secure_data_dir`` runs at every start: it makes the directory 0700 and takes group and
other permissions away from everything the app keeps there (files left by versions that
created them world readable, e.g. a 0644 ``pos.db``). Only the app's own entries are
touched, so a data directory pointed at a folder with other files does not change those.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import Engine

from pos_app.errors import BugError
from sync.private_files import make_private_dir, tighten, tighten_tree

log = logging.getLogger(__name__)

# What the app writes into the data directory (README "Files in the data directory").
APP_FILES = ("pos.db", "credentials.json", "pin_pepper", "config.toml")
APP_FILE_SUFFIXES = ("-wal", "-shm", "-journal", ".pid", ".lock", ".tmp")
APP_DIRS = ("logs", "backups", "cache", "backend")


def secure_data_dir(data_dir: Path) -> int:
    """Create ``data_dir`` 0700 and tighten the app's files in it; returns how many modes
    changed (logged, so a loosened directory is noticed)."""
    make_private_dir(data_dir)
    changed = 0
    for entry in data_dir.iterdir():
        name = entry.name
        if entry.is_dir() and not entry.is_symlink():
            if name in APP_DIRS:
                changed += tighten_tree(entry)
        elif name.startswith(APP_FILES) or name.endswith(APP_FILE_SUFFIXES):
            changed += tighten(entry)  # pos.db and pos.db-wal alike
    if changed:
        log.warning(
            "Took group and other permissions away from %s entries in %s", changed, data_dir
        )
    return changed


def database_dir(engine: Engine) -> Path:
    """The directory of the till's SQLite database: its data directory, where the files kept
    out of the database (credentials, PIN pepper) live."""
    database = engine.url.database
    if engine.url.get_backend_name() != "sqlite" or not database or database == ":memory:":
        raise BugError(f"the till database must be a SQLite file, not {engine.url!r}")
    return Path(database).parent
