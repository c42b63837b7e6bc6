"""First start of a till with no terminal yet: the enrolment dialog against a real backend."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from pos_app.config import load_settings
from pos_app.services.enrolment import is_enrolled
from pos_app.services.local_backend import LocalBackend, start_local_backend
from pos_app.services.terminal import load_terminal
from pos_app.storage.database import open_database
from pos_app.ui.cashier.enrol import EnrolDialog
from pos_app.ui.main import run_first_start
from sync.server.changes import ChangeBuffer
from sync.server.db import make_engine, migrate, write_tx
from sync.server.terminals import create_enrolment_code, create_store


@pytest.fixture
def backend(tmp_path: Path) -> Iterator[tuple[LocalBackend, str]]:
    server_dir = tmp_path / "server"
    engine = make_engine(f"sqlite:///{server_dir / 'backend.db'}")
    migrate(engine)
    now = datetime.now(UTC)
    with write_tx(engine) as conn:
        changes = ChangeBuffer()
        create_store(conn, changes, code="S02", name="Moda", now=now)
        changes.flush(conn, now)
        code, _ = create_enrolment_code(conn, store_code="S02", ttl=timedelta(hours=1), now=now)
    engine.dispose()
    process = start_local_backend(server_dir)
    try:
        yield process, code
    finally:
        process.stop()


def _dialog() -> EnrolDialog | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, EnrolDialog) and widget.isVisible():
            return widget
    return None


def test_a_new_till_enrols_from_the_first_run_dialog(
    qtbot: QtBot, tmp_path: Path, backend: tuple[LocalBackend, str]
) -> None:
    process, code = backend
    settings = load_settings(data_dir=tmp_path / "till", lang="en")
    steps: list[str] = []

    def drive() -> None:
        dialog = _dialog()
        if dialog is None:
            QTimer.singleShot(50, drive)
            return
        if dialog.response is None and not steps:
            dialog.url.setText(process.url)
            dialog.code.setText(code.lower().replace("-", " "))  # typed loosely
            dialog.submit()
            steps.append("submitted")
            QTimer.singleShot(50, drive)
        elif dialog.response is None:
            QTimer.singleShot(50, drive)
        else:
            steps.append(dialog.success.text())
            dialog.submit()  # "Start the till"

    QTimer.singleShot(0, drive)
    assert run_first_start(settings) is True
    assert "S02" in steps[-1]
    engine = open_database(settings.database_path)
    try:
        terminal = load_terminal(engine)
        assert terminal is not None and terminal.store_code == "S02"
        assert terminal.terminal_code == "T01"
        assert is_enrolled(engine)
    finally:
        engine.dispose()


def test_leaving_the_first_run_dialog_enrols_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path / "till", lang="tr")

    def leave() -> None:
        dialog = _dialog()
        if dialog is None:
            QTimer.singleShot(50, leave)
            return
        dialog.reject()

    QTimer.singleShot(0, leave)
    assert run_first_start(settings) is False
    engine = open_database(settings.database_path)
    try:
        assert load_terminal(engine) is None
    finally:
        engine.dispose()
