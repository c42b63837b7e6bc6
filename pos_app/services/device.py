"""Which device holds this terminal's database: the machine and the data directory.

Sent at enrolment and at every hello. The backend remembers the device a terminal was
enrolled on and refuses the same identity from another one: a data directory copied to a
second machine (or a second directory) would otherwise sell as the same till, printing the
same receipt numbers. Derived, never stored, so a copy cannot carry it along.

``POS_DEVICE_ID`` overrides it (a container without a stable machine id; a till whose data
directory was moved on purpose can also simply be enrolled again with a new code).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from sqlalchemy import Engine

MACHINE_ID_FILES = (Path("/etc/machine-id"), Path("/var/lib/dbus/machine-id"))
_ALLOWED = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")


def machine_id() -> str:
    """The OS's machine id (systemd/D-Bus), or the host name where there is none."""
    for path in MACHINE_ID_FILES:
        try:
            value = path.read_text(encoding="ascii").strip()
        except (OSError, UnicodeDecodeError):
            continue
        if value:
            return value
    return os.uname().nodename


def device_id_for(database: Path) -> str:
    """The device id of the terminal whose database is ``database``: 32 hex characters."""
    override = os.environ.get("POS_DEVICE_ID", "").strip()
    if override:
        if not set(override) <= _ALLOWED or len(override) > 64:
            raise ValueError(
                f"POS_DEVICE_ID must be 1 to 64 letters, digits, '-' or '_', not {override[:70]!r}"
            )
        return override
    folder = str(database.expanduser().resolve().parent)
    digest = hashlib.sha256(f"{machine_id()}\0{folder}".encode()).hexdigest()
    return digest[:32]


def device_id(engine: Engine) -> str:
    """The device id of the terminal whose database ``engine`` opens ("" for a memory db)."""
    database = engine.url.database
    if not database or database == ":memory:":
        return ""
    return device_id_for(Path(database))
