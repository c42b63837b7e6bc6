"""Kiosk states end to end against a backend process (issue 17): a kiosk enrolled as K01
reports through ``KioskReporter``, a staff till's ``AttendantWatch`` sees it within 5 s and
its Attendants panel shows it; a kiosk that stops reporting is listed offline; without an
enrolment or a backend nothing raises."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from pos_app.services.kiosk_status import AttendantWatch, KioskReporter
from pos_app.ui.attendants import (
    AttendantsDialog,
    AttendantsIndicator,
    AttendantsMonitor,
    AttendantsSection,
)
from pos_app.ui.i18n import LanguageSwitcher, compile_translations
from sync.client.transport import SyncTransport
from sync.protocol import AttendantKiosk, KioskState
from tests.sync.conftest import LiveBackend, LiveTerminal, TerminalFactory

SHOTS = Path("/work/tmp")


def wait_for(
    watch: AttendantWatch, check: object, timeout: float
) -> tuple[float, list[AttendantKiosk]]:
    """Seconds until ``check(kiosks)`` holds (fails after ``timeout``)."""
    assert callable(check)
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        kiosks = watch.kiosks()
        if check(kiosks):
            return time.monotonic() - started, kiosks
        time.sleep(0.05)
    raise AssertionError(f"not seen within {timeout} s: {watch.kiosks()} ({watch.last_error})")


@pytest.fixture
def store(
    live_backend: LiveBackend, terminal_factory: TerminalFactory
) -> Iterator[tuple[LiveTerminal, LiveTerminal]]:
    """A kiosk (K01) and a staff till (T01) enrolled at S01."""
    kiosk = terminal_factory(live_backend, terminal_code="K01", bootstrap=False)
    till = terminal_factory(live_backend, terminal_code="T01", bootstrap=False)
    yield kiosk, till


def needs_help(kiosks: list[AttendantKiosk]) -> bool:
    return [(k.terminal_code, k.state, k.reason) for k in kiosks] == [
        ("K01", KioskState.NEEDS_HELP, "age_check")
    ]


def test_a_help_call_reaches_the_staff_till_within_5_s(
    store: tuple[LiveTerminal, LiveTerminal],
) -> None:
    kiosk, till = store
    reporter = KioskReporter(kiosk.engine, app_version="0.17.0")
    watch = AttendantWatch(till.engine)
    assert reporter.enrolled and watch.enrolled
    reporter.start()
    watch.start()
    try:
        wait_for(watch, lambda ks: [k.state for k in ks] == [KioskState.IDLE], 10)
        called = time.monotonic()
        reporter.report(KioskState.NEEDS_HELP, "age_check", basket_lines=2, basket_total_minor=9100)
        assert time.monotonic() - called < 0.05  # non-blocking
        elapsed, [seen] = wait_for(watch, needs_help, 5)
        assert elapsed < 5.0
        assert (seen.basket_lines, seen.basket_total_minor, seen.app_version) == (
            2,
            9100,
            "0.17.0",
        )
        # The heartbeat keeps it fresh; the help call's start stays when details change.
        since = seen.since
        reporter.report(KioskState.NEEDS_HELP, "age_check", basket_lines=3)
        wait_for(watch, lambda ks: bool(ks) and ks[0].basket_lines == 3, 5)
        assert watch.kiosks()[0].since == since
        # A kiosk closing down says so at once.
        reporter.stop()
        wait_for(watch, lambda ks: bool(ks) and ks[0].state is KioskState.OFFLINE, 5)
    finally:
        reporter.stop()
        watch.stop()


def test_a_kiosk_that_stops_reporting_shows_offline(
    store: tuple[LiveTerminal, LiveTerminal],
) -> None:
    kiosk, till = store
    reporter = KioskReporter(kiosk.engine, interval_s=1.0)
    watch = AttendantWatch(till.engine, interval_s=1.0)
    reporter.start()
    watch.start()
    try:
        reporter.report(KioskState.IN_USE)
        wait_for(watch, lambda ks: bool(ks) and ks[0].state is KioskState.IN_USE, 5)
        reporter.stop(say_offline=False)  # pulled plug: silence
        silent = time.monotonic()
        elapsed, [seen] = wait_for(
            watch, lambda ks: bool(ks) and ks[0].state is KioskState.OFFLINE, 25
        )
        assert 14.0 <= time.monotonic() - silent <= 20.0, elapsed
        assert seen.last_state is KioskState.IN_USE
    finally:
        reporter.stop()
        watch.stop()


def test_a_till_cannot_report_and_nothing_raises_without_a_backend(
    store: tuple[LiveTerminal, LiveTerminal], tmp_path: Path
) -> None:
    _kiosk, till = store
    # A till's token is refused (403 not_a_kiosk): the reporter keeps its state, no raise.
    wrong = KioskReporter(till.engine, interval_s=0.2)
    wrong.start()
    wrong.report(KioskState.NEEDS_HELP, "help")
    deadline = time.monotonic() + 5
    while "not_a_kiosk" not in wrong.last_error and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "not_a_kiosk" in wrong.last_error
    assert wrong.state is KioskState.NEEDS_HELP and wrong.sent is None
    wrong.stop()
    # Not enrolled: the state is only kept; the watch lists nothing.
    alone = KioskReporter()
    alone.start()
    alone.report(KioskState.PAYING)
    assert (alone.state, alone.enrolled, alone.sent) == (KioskState.PAYING, False, None)
    alone.stop()
    empty = AttendantWatch()
    empty.start()
    assert empty.kiosks() == [] and empty.server_now() is None
    empty.stop()
    # A backend that is down: errors are kept, never raised.
    down = AttendantWatch(transport=SyncTransport("http://127.0.0.1:9", "token"), interval_s=0.1)
    down.start()
    deadline = time.monotonic() + 5
    while not down.last_error and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "cannot reach" in down.last_error and down.kiosks() == []
    down.stop()


@pytest.mark.parametrize("lang", ["en", "tr"])
def test_the_attendants_panel_shows_the_help_call(
    store: tuple[LiveTerminal, LiveTerminal],
    qtbot: QtBot,
    qapp: object,
    tmp_path: Path,
    lang: str,
) -> None:
    kiosk, till = store
    reporter = KioskReporter(kiosk.engine)
    watch = AttendantWatch(till.engine)
    qm_dir = tmp_path / "qm"
    compile_translations(qm_dir)
    switcher = LanguageSwitcher(qapp, qm_dir)  # type: ignore[arg-type]
    switcher.set_language(lang)
    monitor = AttendantsMonitor(watch)
    indicator = AttendantsIndicator(monitor, lambda: lang)
    section = AttendantsSection(monitor, lambda: lang)
    qtbot.addWidget(indicator)
    qtbot.addWidget(section)
    try:
        assert indicator.isHidden() and section.isHidden()  # no kiosk listed yet
        watch.start()
        reporter.start()
        qtbot.waitUntil(lambda: bool(monitor.kiosks), timeout=5000)
        assert not indicator.needs_help
        called = time.monotonic()
        reporter.report(KioskState.NEEDS_HELP, "age_check", basket_lines=2, basket_total_minor=9100)
        qtbot.waitUntil(lambda: indicator.needs_help, timeout=5000)
        assert time.monotonic() - called < 5.0
        if lang == "en":
            assert indicator.text() == "K01 needs help: age check"
        assert indicator.property("state") in ("help", "help_dim")
        states = {indicator.property("state")}

        def pulsed() -> bool:
            states.add(indicator.property("state"))
            return states == {"help", "help_dim"}

        qtbot.waitUntil(pulsed, timeout=3000)
        indicator.open_panel()
        dialog = indicator.dialog
        assert isinstance(dialog, AttendantsDialog)
        qtbot.waitExposed(dialog)
        table = dialog.panel.table

        def cell(column: int) -> str:
            item = table.item(0, column)
            assert item is not None
            return item.text()

        assert table.rowCount() == 1 and cell(0) == "K01"
        if lang == "en":
            assert [cell(1), cell(2)] == ["Needs help", "age check"]
            assert cell(4) == "2 line(s) · ₺91.00"
        else:
            assert [cell(1), cell(2)] == ["Yardım bekliyor", "yaş kontrolü"]
            assert cell(4) == "2 satır · 91,00 ₺"
        dialog.resize(820, 420)
        qtbot.wait(50)
        SHOTS.mkdir(parents=True, exist_ok=True)
        assert dialog.grab().save(str(SHOTS / f"attendants_{lang}.png"))
        indicator.show()
        indicator.adjustSize()
        assert indicator.grab().save(str(SHOTS / f"attendants_indicator_{lang}.png"))
        dialog.accept()
        assert section.isVisibleTo(section.parentWidget() or section)
    finally:
        reporter.stop()
        watch.stop()
        indicator.stop()
        section.stop()
        switcher.set_language("en")
        switcher.deleteLater()
