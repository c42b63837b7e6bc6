"""Sync in the cashier window with a fake sync worker that reports from its own thread: the
state in words (both languages), the status bar following the reports, the sync problems
dialog (rejected facts with the backend's reasons, Sync now) and the enrolment dialog."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from pos_app.app import build_register, build_services, open_engine
from pos_app.errors import UserError
from pos_app.services.printing import PrinterDrawer
from pos_app.services.sync_status import RejectedFact, SyncStatus
from pos_app.ui.cashier.enrol import EnrolDialog, normalise_code, run_enrol_dialog
from pos_app.ui.cashier.main_window import MainWindow
from pos_app.ui.cashier.sync import (
    SyncMonitor,
    SyncProblemsDialog,
    sync_state,
    sync_state_text,
    sync_tooltip,
)
from pos_app.ui.i18n import LanguageSwitcher
from pos_app.ui.scanner import ScannerFilter
from sync.protocol import EnrollResponse
from tests.fakes import FakeClock
from tests.ui.conftest import Till

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

LEFT = Qt.MouseButton.LeftButton
# Wall-clock times of the store's zone (the status shows them as the receipts do, whatever the
# machine's zone; Settings.timezone's default): 14:32 today, now 15:00.
STORE_ZONE = ZoneInfo("Europe/Istanbul")
LAST_SYNC = datetime(2026, 11, 23, 14, 32, tzinfo=STORE_ZONE)
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=STORE_ZONE)
NEVER = SyncStatus(
    enrolled=True,
    online=None,
    last_success_at=None,
    pending=0,
    rejected=0,
    server_url="https://pos.example.com",
)
ONLINE = dataclasses.replace(NEVER, online=True, last_success_at=LAST_SYNC, pending=3)
OFFLINE = dataclasses.replace(ONLINE, online=False, last_error="ConnectError: timed out")
CLOCK = dataclasses.replace(ONLINE, pending=0, clock_warning=True, clock_offset_ms=-300_000)
BOOTSTRAP = dataclasses.replace(NEVER, online=True, bootstrapping=True)
REJECTED_FACT = RejectedFact(
    seq=7,
    mutation_id="0193-m1",
    kind="order.completed",
    occurred_at=LAST_SYNC,
    code="unknown_sku",
    reason="SKU ZZZ999 is not in the catalogue",
    receipt_no="S01-T01-000042",
)


class FakeSync:
    """Implements ``SyncControl``; ``report`` calls the listeners from another thread, as
    the real worker does after each round."""

    def __init__(self, status: SyncStatus = NEVER) -> None:
        self.current = status
        self.facts: list[RejectedFact] = []
        self.listeners: list[Callable[[SyncStatus], None]] = []
        self.sync_now_calls = 0

    def status(self) -> SyncStatus:
        return self.current

    def rejected_facts(self) -> list[RejectedFact]:
        return list(self.facts)

    def sync_now(self) -> None:
        self.sync_now_calls += 1

    def add_listener(self, callback: Callable[[SyncStatus], None]) -> None:
        self.listeners.append(callback)

    def report(self, *statuses: SyncStatus) -> None:
        errors: list[BaseException] = []

        def rounds() -> None:
            try:
                for status in statuses:
                    self.current = status
                    for listener in list(self.listeners):
                        listener(status)
            except BaseException as error:  # surfaced in the test thread below
                errors.append(error)

        worker = threading.Thread(target=rounds, name="fake-sync")
        worker.start()
        worker.join()
        assert errors == []


# -- the state in words ------------------------------------------------------------------------


def test_state_text_in_english() -> None:
    assert sync_state_text(NEVER, NOW) == "Not synced yet"
    assert sync_state_text(ONLINE, NOW, language="en") == "Online · last sync 14:32 · 3 pending"
    assert sync_state_text(dataclasses.replace(ONLINE, pending=0), NOW) == (
        "Online · last sync 14:32"
    )
    assert sync_state_text(OFFLINE, NOW) == (
        "Offline — sales are kept and sent when the connection returns"
        " · last sync 14:32 · 3 pending"
    )
    # The status bar's form: what needs attention first, no last sync unless all is well.
    assert sync_state_text(OFFLINE, NOW, compact=True) == "Offline: sales are kept · 3 pending"
    assert sync_state_text(ONLINE, NOW, compact=True) == "Online · last sync 14:32 · 3 pending"
    assert sync_state_text(CLOCK, NOW, compact=True) == "clock off by 5 min · Online"
    assert sync_state_text(CLOCK, NOW) == "Online · last sync 14:32 · clock off by 5 min"
    assert sync_state_text(BOOTSTRAP, NOW) == "Downloading the catalogue…"
    assert sync_state_text(dataclasses.replace(ONLINE, rejected=2), NOW).endswith("2 rejected")
    assert sync_state_text(None, NOW) == "Stand-alone"
    assert sync_state_text(dataclasses.replace(NEVER, enrolled=False), NOW) == "Stand-alone"
    # Yesterday's sync names its day.
    yesterday = sync_state_text(ONLINE, NOW + timedelta(days=1), language="en")
    assert "last sync 23/11/2026 14:32" in yesterday


def test_state_text_in_turkish(turkish: LanguageSwitcher) -> None:
    assert sync_state_text(NEVER, NOW) == "Henüz eşitlenmedi"
    assert sync_state_text(ONLINE, NOW, language="tr") == (
        "Çevrimiçi · son eşitleme 14:32 · 3 bekliyor"
    )
    assert sync_state_text(OFFLINE, NOW, language="tr") == (
        "Çevrimdışı — satışlar kaydediliyor, bağlantı gelince gönderilecek"
        " · son eşitleme 14:32 · 3 bekliyor"
    )
    assert sync_state_text(CLOCK, NOW, language="tr") == (
        "Çevrimiçi · son eşitleme 14:32 · saat 5 dk farklı"
    )
    assert sync_state_text(BOOTSTRAP, NOW) == "Katalog indiriliyor…"
    assert sync_state_text(None, NOW) == "Yalnız bu kasa"
    assert sync_state_text(COPIED, NOW, language="tr", compact=True) == (
        "Reddedildi: kasa verisi bir kopya · 3 bekliyor"
    )


COPIED = dataclasses.replace(OFFLINE, identity_conflict="403 terminal_cloned")


def test_a_copied_till_says_so_first() -> None:
    """The backend refused this till's data as a copy (issue 15): red, named first, and
    in the status bar nothing else but what waits."""
    assert sync_state(COPIED) == "error"
    assert sync_state_text(COPIED, NOW, compact=True) == (
        "Refused: this till's data is a copy · 3 pending"
    )
    assert sync_state_text(COPIED, NOW).endswith(
        "The backend refused this till: its data is a copy in use on another till. "
        "Sales are kept here; enrol this till again with a new code"
    )
    assert "Last error: 403 terminal_cloned" in sync_tooltip(
        dataclasses.replace(COPIED, last_error="403 terminal_cloned"), NOW
    )


# -- the monitor -------------------------------------------------------------------------------


def test_monitor_coalesces_reports_from_the_worker_thread(qtbot: QtBot) -> None:
    fake = FakeSync()
    monitor = SyncMonitor(fake, interval_ms=50)
    emitted: list[SyncStatus] = []
    monitor.changed.connect(emitted.append)
    burst = [dataclasses.replace(ONLINE, pending=n) for n in range(500, -1, -1)]
    fake.report(*burst)
    qtbot.waitUntil(lambda: bool(emitted) and emitted[-1].pending == 0)
    qtbot.wait(120)
    assert 1 <= len(emitted) <= 3, "a refresh per round would freeze the till"
    assert monitor.status.pending == 0

    monitor.detach()
    fake.report(OFFLINE)
    qtbot.wait(120)
    assert emitted[-1].pending == 0 and monitor.status.online is True
    monitor.deleteLater()


def test_a_deleted_monitor_is_not_called(qtbot: QtBot) -> None:
    fake = FakeSync()
    monitor = SyncMonitor(fake, interval_ms=10)
    shiboken6.delete(monitor)
    fake.report(ONLINE)  # the worker's listener must not raise into the worker
    qtbot.wait(30)


# -- the cashier window ------------------------------------------------------------------------

WindowFactory = Callable[..., MainWindow]


@pytest.fixture
def make_window(
    qtbot: QtBot, qapp: QApplication, till: Till, qm_dir: Any, restore_locale: None
) -> Iterator[WindowFactory]:
    """The cashier window over the till's data with ``services.sync`` set to ``sync``."""
    built: list[tuple[Any, LanguageSwitcher, MainWindow]] = []

    def make(sync: FakeSync | None, lang: str = "en", signed_in: bool = True) -> MainWindow:
        services = build_services(till.settings, open_engine(till.settings), FakeClock())
        services.sync = sync  # type: ignore[assignment]
        register = build_register(services, PrinterDrawer(services.printing), language=lang)
        switcher = LanguageSwitcher(qapp, qm_dir)
        switcher.set_language(lang)
        window = MainWindow(register, services, switcher, ScannerFilter(qapp))
        built.append((services, switcher, window))
        window.resize(1024, 768)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        if signed_in:
            register.sign_in(till.cashier.user_id, "4826")
        return window

    yield make
    for services, switcher, window in built:
        for dialog in window.findChildren(QDialog):
            dialog.reject()
        window.close()
        window.deleteLater()
        services.sync = None  # the fake has no thread to stop
        services.close()
        switcher.set_language("en")
        switcher.deleteLater()
    qapp.processEvents()


def test_status_bar_follows_the_worker(qtbot: QtBot, make_window: WindowFactory) -> None:
    fake = FakeSync()
    window = make_window(fake)
    label = window.status.sync
    assert label.isVisible() and not window.status.network.isVisible()
    assert label.text() == "Not synced yet"
    assert label.property("state") == "off"
    assert label.objectName() == "status_sync" and label.accessibleName()

    fake.report(ONLINE)
    qtbot.waitUntil(lambda: label.text() == "Online · last sync 14:32 · 3 pending")
    assert label.property("state") == "ok"

    fake.report(OFFLINE)
    qtbot.waitUntil(lambda: label.property("state") == "warn")
    assert label.text() == "Offline: sales are kept · 3 pending"
    tooltip = label.toolTip()
    assert "sent when the connection returns" in tooltip
    assert "Last error: ConnectError: timed out" in tooltip

    fake.report(dataclasses.replace(OFFLINE, rejected=1))
    qtbot.waitUntil(lambda: label.property("state") == "error")
    assert label.text() == "1 rejected · Offline: sales are kept · 3 pending"
    fake.report(CLOCK)
    qtbot.waitUntil(lambda: "clock off by 5 min" in label.text())
    assert label.property("state") == "error"
    assert "Check this till's date and time." in label.toolTip()


def test_status_bar_in_turkish(qtbot: QtBot, make_window: WindowFactory) -> None:
    fake = FakeSync()
    window = make_window(fake, lang="tr")
    label = window.status.sync
    assert label.text() == "Henüz eşitlenmedi"
    fake.report(ONLINE)
    qtbot.waitUntil(lambda: label.text() == "Çevrimiçi · son eşitleme 14:32 · 3 bekliyor")


def test_a_stand_alone_till_shows_no_sync(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window(None)
    assert not window.status.sync.isVisible()
    assert window.status.network.isVisible()
    assert window.status.network.text() == "Stand-alone"


def test_problems_dialog_lists_rejected_facts_and_syncs_now(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    fake = FakeSync(dataclasses.replace(OFFLINE, rejected=1))
    fake.facts = [REJECTED_FACT]
    window = make_window(fake)
    qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    dialog = modal(qtbot, SyncProblemsDialog)
    assert dialog.pages.currentWidget() is dialog.table
    cells = [dialog.table.item(0, column).text() for column in range(4)]
    assert cells == [
        "14:32",
        "Sale",
        "S01-T01-000042",
        "SKU ZZZ999 is not in the catalogue",
    ]
    assert dialog.server_label.text() == "https://pos.example.com"
    assert dialog.error_label.text() == "ConnectError: timed out"
    assert dialog.pending_label.text() == "3 record(s)"
    assert "sent when the connection returns" in dialog.state_label.text()
    assert dialog.hint.isVisible() and "manager" in dialog.hint.text()

    qtbot.mouseClick(dialog.sync_now_button, LEFT)
    assert fake.sync_now_calls == 1
    assert not dialog.sync_now_button.isEnabled()
    assert dialog.sync_now_button.text() == "Syncing…"
    qtbot.keyClick(dialog, Qt.Key.Key_F5)
    assert fake.sync_now_calls == 1, "one request at a time"

    fake.facts = []
    fake.report(dataclasses.replace(ONLINE, pending=0))
    qtbot.waitUntil(dialog.sync_now_button.isEnabled)
    assert dialog.pages.currentWidget() is dialog.empty
    assert dialog.empty.text() == "No sync problems"
    assert dialog.state_label.text() == "Online · last sync 14:32"
    qtbot.keyClick(dialog, Qt.Key.Key_F5)
    assert fake.sync_now_calls == 2
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)


def test_the_status_bar_opens_the_problems_dialog_in_turkish(
    qtbot: QtBot, make_window: WindowFactory
) -> None:
    fake = FakeSync(ONLINE)
    window = make_window(fake, lang="tr")
    qtbot.mouseClick(window.status.sync, LEFT)
    dialog = modal(qtbot, SyncProblemsDialog)
    assert dialog.empty.text() == "Eşitleme sorunu yok"
    assert dialog.sync_now_button.text() == "Şimdi eşitle (F5)"
    assert dialog.title.text() == "Merkez sunucuyla eşitleme"
    dialog.reject()


def test_problems_dialog_of_a_stand_alone_till(qtbot: QtBot, make_window: WindowFactory) -> None:
    window = make_window(None)
    window.show_sync()
    dialog = modal(qtbot, SyncProblemsDialog)
    assert not dialog.sync_now_button.isEnabled()
    assert "not enrolled" in dialog.hint.text()
    assert dialog.server_label.text() == "No backend set up"
    dialog.reject()


def modal(qtbot: QtBot, kind: type[Any]) -> Any:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind))
    return QApplication.activeModalWidget()


# -- enrolment ---------------------------------------------------------------------------------

RESPONSE = EnrollResponse(
    terminal_id="0193-t",
    terminal_code="T02",
    token="secret",
    store_id="0193-s",
    store_code="S01",
    store_name="Kadıköy",
    receipt_prefix="S01-T02",
    ereceipt_base_url="https://pos.example.com",
    receipt_key="k",
    server_epoch="e",
)


class FakeEnrol:
    """Refuses the first code it sees as unknown, then enrols; ``gate`` holds the answer."""

    def __init__(self, *outcomes: Exception | EnrollResponse) -> None:
        self.outcomes = list(outcomes)
        self.calls: list[tuple[str, str, str]] = []
        self.threads: list[str] = []
        self.gate = threading.Event()
        self.gate.set()

    def __call__(self, engine: Any, server_url: str, code: str, *, device_name: str = "") -> Any:
        self.calls.append((server_url, code, device_name))
        self.threads.append(threading.current_thread().name)
        assert self.gate.wait(5)
        outcome = self.outcomes.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome


def bad_code() -> UserError:
    return UserError("enrol.bad_code", "enrolment code unknown, used or expired")


def test_enrol_code_is_forgiving() -> None:
    assert normalise_code(" abcd efgh ") == "ABCDEFGH"
    assert normalise_code("abcd-efgh") == "ABCDEFGH"
    assert normalise_code("AbCd – eFgH") == "ABCDEFGH"


def enrol_dialog(qtbot: QtBot, fake: FakeEnrol, **options: Any) -> EnrolDialog:
    dialog = EnrolDialog(None, enroll_fn=fake, **options)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def test_enrol_shows_the_error_in_turkish_then_enrols(
    qtbot: QtBot, turkish: LanguageSwitcher
) -> None:
    fake = FakeEnrol(bad_code(), RESPONSE)
    dialog = enrol_dialog(qtbot, fake)
    assert dialog.submit_button.text() == "Bağla (Enter)"
    qtbot.keyClicks(dialog.url, "https://pos.example.com")
    qtbot.keyClick(dialog.url, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.code.hasFocus)
    qtbot.keyClicks(dialog.code, "abcd efgh")
    assert dialog.code.text() == "ABCD EFGH"
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.error.isVisible)
    assert dialog.error.text() == (
        "Bu kayıt kodu bilinmiyor, kullanılmış ya da süresi dolmuş. Merkezden yeni bir kod isteyin."
    )
    assert fake.calls[0][:2] == ("https://pos.example.com", "ABCDEFGH")
    assert fake.threads[0] != threading.current_thread().name, "network off the GUI thread"
    assert dialog.code.isEnabled() and dialog.result() == 0

    dialog.code.clear()
    qtbot.keyClicks(dialog.code, "wxyz-2345")
    qtbot.mouseClick(dialog.submit_button, LEFT)
    qtbot.waitUntil(dialog.success.isVisible)
    assert not dialog.error.isVisible()
    assert fake.calls[1][1] == "WXYZ2345"
    assert "Kadıköy (S01), kasa T02" in dialog.success.text()
    assert "S01-T02-000001" in dialog.success.text()
    assert dialog.submit_button.text() == "Kasayı başlat (Enter)"
    with qtbot.waitSignal(dialog.accepted):
        qtbot.keyClick(dialog.submit_button, Qt.Key.Key_Return)
    assert dialog.response is RESPONSE


def test_enrol_shows_that_it_waits(qtbot: QtBot) -> None:
    fake = FakeEnrol(RESPONSE)
    fake.gate.clear()
    dialog = enrol_dialog(qtbot, fake, server_url="https://pos.example.com")
    qtbot.waitUntil(dialog.code.hasFocus)
    qtbot.keyClicks(dialog.code, "ABCD-EFGH")
    qtbot.keyClick(dialog.code, Qt.Key.Key_Return)
    qtbot.waitUntil(dialog.busy_row.isVisible)
    assert dialog.busy_label.text() == "Connecting to the server…"
    assert not dialog.submit_button.isEnabled() and not dialog.cancel_button.isEnabled()
    dialog.reject()  # Esc while waiting: the answer decides
    assert dialog.isVisible()
    fake.gate.set()
    qtbot.waitUntil(dialog.success.isVisible)
    assert not dialog.busy_row.isVisible()
    with qtbot.waitSignal(dialog.accepted):
        dialog.reject()  # enrolled: closing it cannot undo that


def test_enrol_asks_for_the_fields(qtbot: QtBot) -> None:
    fake = FakeEnrol()
    dialog = enrol_dialog(qtbot, fake)
    qtbot.mouseClick(dialog.submit_button, LEFT)
    assert dialog.error.text() == "Type the server address."
    dialog.url.setText("https://pos.example.com")
    qtbot.mouseClick(dialog.submit_button, LEFT)
    assert dialog.error.text() == "Type the enrolment code."
    assert fake.calls == []
    for widget in dialog.findChildren(QWidget):
        if widget.focusPolicy() != Qt.FocusPolicy.NoFocus and widget.isVisible():
            assert widget.objectName() and widget.accessibleName(), widget


def test_an_unreachable_server_is_named(qtbot: QtBot) -> None:
    fake = FakeEnrol(
        UserError("enrol.unreachable", "connect failed", url="https://nowhere.example")
    )
    dialog = enrol_dialog(qtbot, fake, server_url="https://nowhere.example")
    dialog.code.setText("ABCD-EFGH")
    dialog.submit()
    qtbot.waitUntil(dialog.error.isVisible)
    assert dialog.error.text().startswith("The server https://nowhere.example cannot be reached.")
    assert dialog.url.hasFocus()


def test_run_enrol_dialog(qtbot: QtBot) -> None:
    fake = FakeEnrol(RESPONSE)
    steps: list[str] = []

    def drive() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, EnrolDialog):
            return
        if not steps:
            dialog.code.setText("abcd-efgh")
            dialog.submit()
            steps.append("submitted")
        elif dialog.response is not None:
            dialog.submit()

    timer = QTimer()
    timer.timeout.connect(drive)
    timer.start(20)
    try:
        assert run_enrol_dialog(None, server_url="https://pos.example.com", enroll_fn=fake)  # type: ignore[arg-type]
    finally:
        timer.stop()
    assert fake.calls[0][:2] == ("https://pos.example.com", "ABCDEFGH")


def test_run_enrol_dialog_cancelled(qtbot: QtBot) -> None:
    def cancel() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, EnrolDialog):
            dialog.reject()

    timer = QTimer()
    timer.timeout.connect(cancel)
    timer.start(20)
    try:
        assert not run_enrol_dialog(None, enroll_fn=FakeEnrol())  # type: ignore[arg-type]
    finally:
        timer.stop()
