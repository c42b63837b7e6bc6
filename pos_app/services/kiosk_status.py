"""Kiosk states over the backend: a kiosk reports its own (``KioskReporter``), staff tills
watch their store's (``AttendantWatch``). Both run a daemon thread and never raise a network
error to the caller; without an enrolment the reporter only remembers its state and the
watch lists nothing.

They talk to the sync API with the terminal's enrolment, as the sync worker does
(``sync_worker.build_sync_client``), over their own HTTP client with a short timeout: a
report is never stuck behind a sync round.
"""

from __future__ import annotations

import logging
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from datetime import datetime, timedelta

import httpx
from sqlalchemy import Engine

from pos_app.services.clock import Clock, SystemClock
from pos_app.services.device import device_id
from pos_app.storage.replica.settings import load_sync_settings
from sync.client.errors import SyncError
from sync.client.transport import SyncTransport
from sync.protocol import AttendantKiosk, KioskReport, KioskState

log = logging.getLogger(__name__)

REPORT_INTERVAL_S = 5.0
WATCH_INTERVAL_S = 2.0
REQUEST_TIMEOUT_S = 3.0
DETAIL_FIELDS = ("basket_lines", "basket_total_minor", "waiting_approvals", "app_version")


def build_kiosk_transport(
    engine: Engine, *, http: httpx.Client | None = None, timeout: float = REQUEST_TIMEOUT_S
) -> SyncTransport | None:
    """The sync API with this terminal's enrolment (None: not enrolled, or no token)."""
    settings = load_sync_settings(engine)
    if settings is None or not settings.token:
        return None
    return SyncTransport(
        settings.server_url,
        settings.token,
        http=http,
        timeout=timeout,
        device_id=device_id(engine),
    )


class _Worker(ABC):
    """A daemon thread calling ``self._tick`` at once when woken, else every interval."""

    def __init__(self, transport: SyncTransport | None, interval_s: float, name: str) -> None:
        self._transport = transport
        self._interval_s = interval_s
        self._name = name
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_error = ""  # the last failure ("" after a success)

    @property
    def enrolled(self) -> bool:
        return self._transport is not None

    def start(self) -> None:
        """Start the thread (nothing to do without an enrolment, or when running)."""
        if self._transport is None or (self._thread is not None and self._thread.is_alive()):
            return
        self._stopping.clear()
        self._wake.set()  # the first call at once
        self._thread = threading.Thread(target=self._run, name=self._name, daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the thread (a request in flight finishes first) and close the HTTP client."""
        if self._halt(timeout):
            self._close()

    def _halt(self, timeout: float) -> bool:
        """Stop the thread; False when it is still stuck in a request after ``timeout``."""
        self._stopping.set()
        self._wake.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                log.warning("%s did not stop within %.1f s", self._name, timeout)
                return False
        return True

    def _close(self) -> None:
        if self._transport is not None:
            self._transport.close()

    def _run(self) -> None:
        while not self._stopping.is_set():
            self._wake.wait(self._interval_s)
            self._wake.clear()
            if self._stopping.is_set():
                return
            self._call()

    def _call(self) -> None:
        transport = self._transport
        if transport is None:
            return
        try:
            self._tick(transport)
        except SyncError as exc:  # the network, the backend: try again next interval
            if str(exc) != self.last_error:
                log.info("%s: %s", self._name, exc)
            self.last_error = str(exc)
            return
        except Exception as exc:  # a bug must not end the thread: logged, tried again
            log.exception("%s failed", self._name)
            self.last_error = str(exc) or type(exc).__name__
            return
        self.last_error = ""

    @abstractmethod
    def _tick(self, transport: SyncTransport) -> None:
        """One request to the backend (raises ``SyncError`` when it fails)."""


class KioskReporter(_Worker):
    """This kiosk's state for its store's attendants: ``report()`` returns at once, the thread
    sends the latest state at once and then every ``interval_s`` as a heartbeat (the backend
    lists a kiosk silent for 15 s as offline)."""

    def __init__(
        self,
        engine: Engine | None = None,
        *,
        transport: SyncTransport | None = None,
        interval_s: float = REPORT_INTERVAL_S,
        clock: Clock | None = None,
        http: httpx.Client | None = None,
        app_version: str = "",
    ) -> None:
        """``engine``: the till database holding the enrolment (``transport`` instead, in
        tests); neither: the state is only remembered."""
        if transport is None and engine is not None:
            transport = build_kiosk_transport(engine, http=http)
        super().__init__(transport, interval_s, "pos-kiosk-report")
        self._clock = clock or SystemClock()
        self._lock = threading.Lock()
        self._app_version = app_version
        self._report = KioskReport(state=KioskState.IDLE, since=self._clock.now())
        self.sent_at: datetime | None = None  # the last report the backend took
        self.sent: KioskReport | None = None

    @property
    def state(self) -> KioskState:
        return self._report.state

    @property
    def reason(self) -> str:
        return self._report.reason

    @property
    def current(self) -> KioskReport:
        """The report the thread sends next."""
        return self._report

    def report(
        self,
        state: KioskState,
        reason: str = "",
        *,
        basket_lines: int | None = None,
        basket_total_minor: int | None = None,
        waiting_approvals: int = 0,
    ) -> None:
        """The kiosk is now in ``state`` (``reason``: a help reason code); returns at once.

        ``since`` moves only when the state or the reason changes, so staff see how long
        a customer has been waiting. A report that is not valid (a reason outside
        ``[a-z0-9_]``, a negative count) raises pydantic's ``ValidationError``: a bug."""
        with self._lock:
            previous = self._report
            changed = (previous.state, previous.reason) != (state, reason)
            report = KioskReport(
                state=state,
                reason=reason,
                since=self._clock.now() if changed else previous.since,
                basket_lines=basket_lines,
                basket_total_minor=basket_total_minor,
                waiting_approvals=waiting_approvals,
                app_version=self._app_version,
            )
            if report == previous:
                return
            self._report = report
        self._wake.set()

    def stop(self, timeout: float = 5.0, *, say_offline: bool = True) -> None:
        """Stop; with ``say_offline`` a last report tells the attendants at once that this
        kiosk is going away (else they see it offline after 15 s of silence)."""
        running = self._thread is not None and self._thread.is_alive()
        if not self._halt(timeout):
            return
        if running and say_offline:
            self.report(KioskState.OFFLINE)
            self._call()
        self._close()

    def _tick(self, transport: SyncTransport) -> None:
        report = self._report
        transport.put_kiosk_state(report)
        self.sent, self.sent_at = report, self._clock.now()


class AttendantWatch(_Worker):
    """The kiosks of this till's store, read every ``interval_s`` (a staff till; empty when
    not enrolled or when the store has none). ``kiosks()`` is the last list read."""

    def __init__(
        self,
        engine: Engine | None = None,
        *,
        transport: SyncTransport | None = None,
        interval_s: float = WATCH_INTERVAL_S,
        http: httpx.Client | None = None,
    ) -> None:
        if transport is None and engine is not None:
            transport = build_kiosk_transport(engine, http=http)
        super().__init__(transport, interval_s, "pos-attendants")
        self._lock = threading.Lock()
        self._kiosks: list[AttendantKiosk] = []
        self._server_time: datetime | None = None
        self._read_at = 0.0  # monotonic time of the last answer
        self._listeners: list[Callable[[list[AttendantKiosk]], None]] = []

    def kiosks(self) -> list[AttendantKiosk]:
        """The last list read (kept while the backend is out of reach: see ``last_error``)."""
        with self._lock:
            return list(self._kiosks)

    @property
    def online(self) -> bool:
        """The last read succeeded."""
        return self._read_at > 0 and not self.last_error

    def server_now(self) -> datetime | None:
        """The backend's clock now, from its last answer (how long a kiosk has been in its
        state, whatever this till's clock says); None before the first answer."""
        with self._lock:
            if self._server_time is None:
                return None
            return self._server_time + timedelta(seconds=time.monotonic() - self._read_at)

    def subscribe(self, callback: Callable[[list[AttendantKiosk]], None]) -> Callable[[], None]:
        """Call ``callback(kiosks)`` whenever the list changes, from the watch's thread (a Qt
        widget reads ``kiosks()`` on a timer instead). Returns the unsubscribe function."""
        self._listeners.append(callback)

        def unsubscribe() -> None:
            if callback in self._listeners:
                self._listeners.remove(callback)

        return unsubscribe

    def refresh(self) -> None:
        """Read again now (a staff member opened the panel)."""
        self._wake.set()

    def _tick(self, transport: SyncTransport) -> None:
        answer = transport.attendants()
        with self._lock:
            changed = answer.kiosks != self._kiosks
            self._kiosks = list(answer.kiosks)
            self._server_time = answer.server_time
            self._read_at = time.monotonic()
        if changed:
            for callback in list(self._listeners):
                try:
                    callback(list(answer.kiosks))
                except Exception:  # one listener's bug neither stops the others nor the watch
                    log.exception("an attendants listener failed")
