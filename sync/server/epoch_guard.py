"""Noticing that the backend's database was restored from a backup (docs/sync-protocol.md F11, F29).

The server epoch lives in the database, so a restored database brings back its old epoch
and terminals would never learn that it forgot facts and changes: their pull cursors would
point past changes that are written again under the same numbers, and facts they hold as
acknowledged would be missing until they happened to sell again.

So the backend keeps, outside the database (a small file in its data directory, one per
database), the epoch and a watermark that only ever grows while the database lives: the sum
of every change-log counter and every terminal stream's last processed seq. At start-up a
database whose watermark is below the recorded one, or whose epoch is not the recorded one,
was restored (or replaced): it gets a new epoch. Terminals then re-download the reference
data and resend the facts it lost (``sync.client.client``). The file is refreshed every few
seconds and at shutdown. ``pos server new-epoch`` does the same by hand (after restoring a
PostgreSQL database served from several hosts, say).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, func, select, update

from sync.server.db import write_tx
from sync.server.ids import new_id
from sync.server.schema import change_counter, server_meta, stream
from sync.server.terminals import server_epoch

log = logging.getLogger(__name__)

REFRESH_INTERVAL_S = 5.0
_PREVIOUS = "epoch_previous"


@dataclass(frozen=True, slots=True)
class Mark:
    epoch: str
    watermark: int


def state_file(data_dir: Path, engine: Engine) -> Path:
    """The file recording ``engine``'s database (keyed by its URL, without the password)."""
    url = engine.url.render_as_string(hide_password=True)
    key = hashlib.sha256(url.encode()).hexdigest()[:16]
    return data_dir / f"server-state-{key}.json"


def current(conn: Connection) -> Mark:
    counters = conn.execute(select(func.coalesce(func.sum(change_counter.c.last_seq), 0)))
    streams = conn.execute(select(func.coalesce(func.sum(stream.c.last_processed_seq), 0)))
    return Mark(server_epoch(conn), int(counters.scalar_one()) + int(streams.scalar_one()))


def read(path: Path) -> Mark | None:
    try:
        body = json.loads(path.read_text(encoding="utf-8"))
        return Mark(str(body["epoch"]), int(body["watermark"]))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("ignoring unreadable %s: %s", path, exc)
        return None


def write(path: Path, mark: Mark) -> None:
    """Atomically replace the record (a crash leaves the old or the new one, never half)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".server-state-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"epoch": mark.epoch, "watermark": mark.watermark}, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def new_epoch(conn: Connection, reason: str) -> str:
    """Start a new server epoch: every terminal re-snapshots and resends what is missing."""
    old = server_epoch(conn)
    epoch = new_id()
    conn.execute(update(server_meta).where(server_meta.c.key == "epoch").values(value=epoch))
    if conn.execute(select(server_meta.c.key).where(server_meta.c.key == _PREVIOUS)).first():
        conn.execute(update(server_meta).where(server_meta.c.key == _PREVIOUS).values(value=old))
    else:
        conn.execute(server_meta.insert().values(key=_PREVIOUS, value=old))
    log.warning("new server epoch %s (was %s): %s", epoch, old, reason)
    return epoch


def check(engine: Engine, data_dir: Path) -> str | None:
    """At start-up: a new epoch if the database went back in time; records the state.
    Returns the new epoch, or None when the database is the one recorded."""
    path = state_file(data_dir, engine)
    recorded = read(path)
    bumped: str | None = None
    with write_tx(engine) as conn:
        # Serialises workers starting together (PostgreSQL; SQLite has one writer anyway).
        server_epoch(conn)
        conn.execute(
            select(server_meta.c.value).where(server_meta.c.key == "epoch").with_for_update()
        )
        now = current(conn)
        if recorded is not None:
            previous = conn.execute(
                select(server_meta.c.value).where(server_meta.c.key == _PREVIOUS)
            ).scalar()
            if recorded.epoch != now.epoch and recorded.epoch != previous:
                # Another worker that started just now may have bumped it already: then the
                # record names the epoch it replaced.
                bumped = new_epoch(
                    conn,
                    f"the database's epoch {now.epoch} is not the one last served "
                    f"({recorded.epoch}): restored from a backup or replaced",
                )
            elif recorded.epoch == now.epoch and now.watermark < recorded.watermark:
                bumped = new_epoch(
                    conn,
                    f"the database is behind what was served (watermark {now.watermark} < "
                    f"{recorded.watermark}): restored from a backup",
                )
        now = current(conn)
    write(path, now)
    return bumped


def refresh(engine: Engine, data_dir: Path) -> None:
    """Record the current state (called every few seconds and at shutdown)."""
    path = state_file(data_dir, engine)
    with engine.connect() as conn:
        now = current(conn)
    recorded = read(path)
    if recorded != now and (
        recorded is None or recorded.epoch != now.epoch or now.watermark > recorded.watermark
    ):
        write(path, now)
