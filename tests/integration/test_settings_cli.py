"""`pos` with settings in the environment (issue 14, item 3): the documented variables work, and
a bad value is one line on stderr naming it, exit code 2, never a traceback. Run as the real
program (``python -m pos_app.cli``), so a setting read outside a command's own error handling
is covered too."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from pos_app.config import CONFIG_FILE


def pos(data: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.upper().startswith("POS_")}
    return subprocess.run(
        [sys.executable, "-m", "pos_app.cli", *args],
        env=clean | {"POS_DATA_DIR": str(data)} | env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def data(tmp_path: Path) -> Path:
    done = pos(tmp_path / "data", "init")
    assert done.returncode == 0, done.stderr
    added = pos(tmp_path / "data", "users", "add", "Ayşe Yılmaz", "--pin", "7391")
    assert added.returncode == 0, added.stderr
    return tmp_path / "data"


def test_printer_width_and_columns_from_the_environment_work(data: Path) -> None:
    for width, columns in (("80", "48"), ("58", "0")):
        done = pos(data, "users", "list", POS_PRINTER_WIDTH_MM=width, POS_PRINTER_COLUMNS=columns)
        assert done.returncode == 0, done.stderr
        assert "Ayşe Yılmaz" in done.stdout and done.stderr == ""


def test_a_bad_value_in_the_environment_is_one_line_and_exit_2(data: Path) -> None:
    done = pos(data, "users", "list", POS_PRINTER_WIDTH_MM="70")
    assert done.returncode == 2
    assert done.stderr == "error: POS_PRINTER_WIDTH_MM='70': Input should be 58 or 80\n"
    # `pos sync` reads its settings before its own error handling: the same line.
    synced = pos(data, "sync", "--once", POS_PRINTER_COLUMNS="40")
    assert synced.returncode == 2, synced.stderr
    assert synced.stderr.startswith("error: POS_PRINTER_COLUMNS='40': ")
    assert len(synced.stderr.splitlines()) == 1


def test_a_bad_value_in_config_toml_is_one_line_and_exit_2(data: Path) -> None:
    config = data / CONFIG_FILE
    config.write_text("printer_columns = 40\n", encoding="utf-8")
    done = pos(data, "users", "list")
    assert done.returncode == 2
    assert done.stderr.startswith(f"error: {config}: printer_columns = 40: ")
    assert len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr
    config.write_text("printer_columns = \n", encoding="utf-8")  # not TOML at all
    broken = pos(data, "print-test")
    assert broken.returncode == 2
    assert broken.stderr.startswith(f"error: {config}: ") and "line 1" in broken.stderr
    assert len(broken.stderr.splitlines()) == 1
