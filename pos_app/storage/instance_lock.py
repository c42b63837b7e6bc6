"""One running program per till database (docs/sync-protocol.md "Restore and clone detection").

Two cashier apps, or an app and a foreground ``pos sync``, on one data directory would each
run a sync worker over the same outbox and each ring sales from the same counters. The
programs that run for a while (``pos app``, ``pos demo``, ``pos sync``, ``pos enroll``) take
an exclusive lock on ``pos.lock`` in the data directory; the kernel drops it when the
process ends, however it ends, so a crash never leaves a stale lock. The file names the
holder, so the second program can say which process to close.
"""

from __future__ import annotations

import fcntl
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from pos_app.errors import KnownError

LOCK_NAME = "pos.lock"


class InstanceLock:
    """Held until ``release()`` or the end of the process."""

    def __init__(self, handle: IO[str], path: Path) -> None:
        self._handle: IO[str] | None = handle
        self.path = path

    def release(self) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle.fileno(), fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None

    def __enter__(self) -> InstanceLock:
        return self

    def __exit__(self, *_: object) -> None:
        self.release()


def _holder(handle: IO[str]) -> str:
    handle.seek(0)
    try:
        body = json.loads(handle.read() or "{}")
        return f"`{body['command']}`, pid {int(body['pid'])}, since {body['since']}"
    except (ValueError, KeyError, TypeError):
        return "another process"


def hold_instance_lock(data_dir: Path, command: str) -> InstanceLock:
    """Take the data directory's lock for ``command`` (e.g. ``pos app``); ``KnownError``
    ``instance.running`` naming the program that holds it."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    handle = os.fdopen(fd, "r+", encoding="utf-8")
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = _holder(handle)
        handle.close()
        raise KnownError(
            "instance.running",
            f"{holder} already uses the till data in {data_dir}; close it first "
            "(one program at a time per till database)",
        ) from None
    except BaseException:
        handle.close()
        raise
    handle.seek(0)
    handle.truncate()
    since = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    handle.write(json.dumps({"command": command, "pid": os.getpid(), "since": since}))
    handle.flush()
    return InstanceLock(handle, path)
