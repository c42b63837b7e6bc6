"""One running program per till database (issue 15 item 7)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pos_app.cli import app
from pos_app.errors import KnownError
from pos_app.storage.instance_lock import hold_instance_lock

runner = CliRunner()

HOLD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from pos_app.storage.instance_lock import hold_instance_lock
    lock = hold_instance_lock(Path(sys.argv[1]), "pos app")
    print("held", flush=True)
    time.sleep(60)
    """
)


@pytest.fixture
def holder(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Another process holding the till's lock, as a running `pos app` does."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tmp_path)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "held"
    yield process
    process.kill()
    process.wait()
    process.stdout.close()


def test_a_second_program_names_the_one_holding_the_database(holder, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(KnownError) as refused:
        hold_instance_lock(tmp_path, "pos sync")
    assert refused.value.code == "instance.running"
    assert f"pid {holder.pid}" in refused.value.message
    assert "`pos app`" in refused.value.message
    assert str(tmp_path) in refused.value.message
    enrol = ["enroll", "--server", "http://127.0.0.1:9", "--code", "ABCD-EFGH"]
    result = runner.invoke(app, [*enrol, "--data-dir", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert f"pid {holder.pid}" in result.stderr


def test_the_lock_goes_with_the_process_however_it_ends(holder, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    holder.kill()
    holder.wait()
    with hold_instance_lock(tmp_path, "pos sync") as lock:
        assert lock.path.stat().st_mode & 0o777 == 0o600
        assert str(os.getpid()) in lock.path.read_text()
    # Released: taken again at once.
    hold_instance_lock(tmp_path, "pos app").release()


def test_pos_sync_refuses_while_the_app_runs(holder, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pos_app.services.terminal import initialise_terminal
    from pos_app.storage.database import open_database

    engine = open_database(tmp_path / "pos.db")
    initialise_terminal(engine, "S01", "T01")
    engine.dispose()
    result = runner.invoke(app, ["sync", "--once", "--data-dir", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert f"`pos app`, pid {holder.pid}" in result.stderr


def test_a_second_cashier_app_on_the_same_data_exits(holder, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["app", "--data-dir", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert f"`pos app`, pid {holder.pid}" in result.stderr
    assert "close it first" in result.stderr
