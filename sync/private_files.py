"""Files only this account may read: directories 0700, files 0600.

A till's data directory and the backend's SQLite file hold bearer tokens, signing keys, PIN
hashes and sales. Files are created with their final mode (``os.open`` with a mode, never
"create with the umask, then chmod"), so no other account can open them even for a moment,
and files left by older versions are tightened at start-up. Shared by the till (``pos_app``)
and the backend (``sync.server``); on Windows the modes are as good as its ``chmod`` allows.
"""

from __future__ import annotations

import logging
import os
import stat
from pathlib import Path
from typing import IO, Literal

log = logging.getLogger(__name__)

PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
# SQLite writes these beside a database (WAL mode, or a rollback journal).
SQLITE_SIDECARS = ("-wal", "-shm", "-journal")


def make_private_dir(path: Path) -> Path:
    """Create ``path`` and its missing parents 0700, and make an existing ``path`` 0700
    (existing parents are left as they are)."""
    create_private_dirs(path)
    tighten(path)
    return path


def create_private_dirs(path: Path) -> None:
    """Create the missing directories down to ``path``, each 0700; existing ones unchanged."""
    missing: list[Path] = []
    folder = path
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=PRIVATE_DIR_MODE)
        except FileExistsError:
            continue  # made meanwhile by another process: its mode is its own
        _chmod(folder, PRIVATE_DIR_MODE)  # mkdir's mode is filtered by the umask


def create_private_file(path: Path) -> bool:
    """Create an empty 0600 file at ``path`` unless one exists; True when it was created.

    Used before a library (SQLite) creates the file with the umask's mode.
    """
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    except FileExistsError:
        return False
    try:
        _chmod(path, PRIVATE_FILE_MODE)  # the umask may have removed owner bits
    finally:
        os.close(fd)
    return True


def open_private(path: Path, mode: Literal["a", "ab", "w", "wb"] = "a") -> IO[str] | IO[bytes]:
    """Open ``path`` for writing (append or truncate); a new file is created 0600."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if mode.startswith("a") else os.O_TRUNC)
    fd = os.open(path, flags, PRIVATE_FILE_MODE)
    try:
        tighten(path)
        if "b" in mode:
            return os.fdopen(fd, mode)
        return os.fdopen(fd, mode, encoding="utf-8", newline="")
    except BaseException:
        os.close(fd)
        raise


def write_private(path: Path, data: bytes) -> None:
    """Replace ``path`` atomically with ``data``: a 0600 temporary file beside it, fsync,
    rename, fsync of the directory. A crash leaves the old file or the new one, never half."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
    try:
        try:
            _chmod(temporary, PRIVATE_FILE_MODE)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def tighten(path: Path) -> bool:
    """Remove group and other permissions from ``path`` (a file or directory, not a link);
    True when its mode changed. A missing file, or one another account owns, is left alone."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return False
    if stat.S_ISLNK(info.st_mode) or not info.st_mode & 0o077:
        return False
    wanted = PRIVATE_DIR_MODE if stat.S_ISDIR(info.st_mode) else stat.S_IMODE(info.st_mode) & 0o700
    try:
        _chmod(path, wanted)
    except PermissionError:
        log.warning("cannot make %s private (mode %o): not its owner", path, info.st_mode & 0o777)
        return False
    return True


def tighten_tree(root: Path) -> int:
    """``tighten`` a directory and everything below it (links are not followed); returns how
    many modes changed."""
    changed = int(tighten(root))
    for folder, dirs, files in os.walk(root):
        for name in [*dirs, *files]:
            changed += tighten(Path(folder) / name)
    return changed


def tighten_sqlite(path: Path) -> int:
    """``tighten`` a SQLite database and its WAL, shared-memory and journal files."""
    return sum(tighten(Path(f"{path}{suffix}")) for suffix in ("", *SQLITE_SIDECARS))


def prepare_sqlite_file(path: Path) -> None:
    """Before SQLite opens ``path``: its directory exists, the database is 0600 (created
    empty if new: SQLite then gives its WAL and shared-memory files the same mode), and
    older files beside it lose group and other permissions."""
    create_private_dirs(path.parent)
    create_private_file(path)
    tighten_sqlite(path)


def _chmod(path: Path, mode: int) -> None:
    os.chmod(path, mode)


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":  # Windows cannot open a directory; its rename is durable enough
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
