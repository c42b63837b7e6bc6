"""A pooled SQLite connection must not keep a read snapshot from a result that was left
half-read (a refusal raised mid-iteration): the next write on that connection would fail
with SQLITE_BUSY_SNAPSHOT, "database is locked", after another connection has written."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from sync.server.db import make_engine, write_tx


class Refused(Exception):
    """A refusal raised while a result is still being read."""


def _fill(engine: Engine) -> None:
    with write_tx(engine) as conn:
        conn.execute(text("CREATE TABLE item (id INTEGER PRIMARY KEY, n INTEGER)"))
        conn.execute(text("INSERT INTO item (n) VALUES (:n)"), [{"n": n} for n in range(200)])


@pytest.mark.parametrize("ending", ["rollback", "commit"])
def test_a_half_read_result_does_not_pin_a_stale_snapshot(tmp_path: Path, ending: str) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}", pool_size=1)
    other = make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}", pool_size=1)
    _fill(engine)
    kept: list[object] = []
    with suppress(Refused), write_tx(engine) as conn:
        result = conn.execute(text("SELECT id FROM item"))
        kept.append(result)  # as a traceback or a caller's frame would keep it
        result.fetchone()
        if ending == "rollback":
            raise Refused
    # Another connection writes, so the half-read statement's snapshot is now stale.
    with write_tx(other) as conn:
        conn.execute(text("UPDATE item SET n = n + 1"))
    # The pool hands back the same connection: its write must succeed.
    with write_tx(engine) as conn:
        conn.execute(text("UPDATE item SET n = n + 1 WHERE id = 1"))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT n FROM item WHERE id = 1")).scalar_one() == 2
    assert kept
    engine.dispose()
    other.dispose()
