"""The background sync worker: a daemon thread running sync rounds (never the UI thread).

A round runs every ``interval_s``, about half a second after ``notify()`` (a sale, refund,
stock adjustment or shift close was queued), and at once on ``sync_now()``. After a failure
the next try waits with exponential backoff and jitter (1 s doubling to 60 s, at least the
backend's ``Retry-After``), reset by the next success and by a failed round that still had
batches acknowledged (progress under faults keeps the waits short). A refused token
(``AuthError``) stops automatic rounds until ``sync_now()``: retrying cannot help, staff
must see it.

With ``images_dir`` given, the first successful round and every round that pulled reference
data start a pass of ``ImageFetcher`` (the catalog's pictures, in the background).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import httpx
import tenacity
from sqlalchemy import Engine

from pos_app.errors import UserError
from pos_app.services.catalog_images import ImageFetcher
from pos_app.services.clock import Clock, SystemClock
from pos_app.services.device import device_id
from pos_app.services.sync_status import SyncStatus
from pos_app.storage.replica.outbox import RejectedFact, outbox_counts, rejected_facts
from pos_app.storage.replica.settings import load_sync_settings
from pos_app.storage.replica.store import SyncStore
from sync.client.client import RoundReport, SyncClient
from sync.client.errors import AuthError, SyncError, TransportError
from sync.client.transport import SyncTransport

log = logging.getLogger(__name__)

NOTIFY_DEBOUNCE_S = 0.5
BACKOFF_INITIAL_S = 1.0
BACKOFF_MAX_S = 60.0


def build_sync_client(
    engine: Engine, *, http: httpx.Client | None = None, clock: Clock | None = None
) -> SyncClient | None:
    """A sync client for this terminal's enrolment; None when it is not enrolled."""
    settings = load_sync_settings(engine)
    if settings is None:
        return None
    transport = SyncTransport(
        settings.server_url, settings.token, http=http, device_id=device_id(engine)
    )
    return SyncClient(transport, SyncStore(engine, clock or SystemClock()))


class Backoff:
    """Waits after consecutive failures: tenacity's exponential backoff with jitter."""

    def __init__(self, initial: float = BACKOFF_INITIAL_S, maximum: float = BACKOFF_MAX_S):
        self._wait = tenacity.wait_exponential_jitter(initial=initial, max=maximum)
        self._state = tenacity.RetryCallState(tenacity.Retrying(), None, (), {})
        self.failures = 0

    def reset(self) -> None:
        self.failures = 0

    def next_delay(self, retry_after: float | None = None) -> float:
        self.failures += 1
        self._state.attempt_number = self.failures
        delay = float(self._wait(self._state))
        if retry_after is not None:
            delay = max(delay, retry_after)
        return delay


class SyncWorker:
    """Implements ``pos_app.services.sync_status.SyncControl`` for the UI and the CLI."""

    def __init__(
        self,
        engine: Engine,
        *,
        http: httpx.Client | None = None,
        interval_s: float = 30.0,
        clock: Clock | None = None,
        sleep: Callable[[float], object] | None = None,
        images_dir: Path | None = None,
    ) -> None:
        self._engine = engine
        self._clock = clock or SystemClock()
        self._interval_s = interval_s
        self._sleep = sleep
        self._client = build_sync_client(engine, http=http, clock=self._clock)
        self.images: ImageFetcher | None = None
        if self._client is not None and images_dir is not None:
            self.images = ImageFetcher(engine, self._client.transport, images_dir)
        self._images_checked = False
        settings = load_sync_settings(engine)
        self._server_url = settings.server_url if settings else ""
        self._round_lock = threading.Lock()
        self._state_lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None
        self._listeners: list[Callable[[SyncStatus], None]] = []
        self._backoff = Backoff()
        self._halted = False  # an AuthError: wait for sync_now()
        self._due_at = 0.0  # monotonic time of the next round
        self._manual = False
        self._online: bool | None = None
        self._last_error = settings.last_error if settings else ""
        self._status: SyncStatus | None = None
        self._counts_stale = True

    @property
    def enrolled(self) -> bool:
        return self._client is not None

    @property
    def client(self) -> SyncClient | None:
        return self._client

    # -- lifecycle -----------------------------------------------------------------------------

    def start(self) -> None:
        if self._client is None or (self._thread is not None and self._thread.is_alive()):
            return
        self._stopping.clear()
        self._due_at = time.monotonic()
        self._thread = threading.Thread(target=self._run, name="pos-sync", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        """Stop the thread (a round in flight finishes first) and close the HTTP client."""
        self._stopping.set()
        self._wake.set()
        thread, self._thread = self._thread, None
        if thread is not None:
            thread.join(timeout)
            if thread.is_alive():
                log.warning("the sync worker did not stop within %.1f s", timeout)
                return
        if self.images is not None:
            self.images.stop(timeout)
        if self._client is not None:
            with self._round_lock:
                self._client.close()

    # -- control -------------------------------------------------------------------------------

    def notify(self) -> None:
        """A fact was queued: sync soon (debounced), unless halted by a refused token."""
        with self._state_lock:
            self._counts_stale = True
            # During a backoff the wait stands (the backend asked us to slow down).
            if not self._halted and self._backoff.failures == 0:
                self._due_at = min(self._due_at, time.monotonic() + NOTIFY_DEBOUNCE_S)
        self._wake.set()

    def sync_now(self) -> None:
        with self._state_lock:
            self._halted = False
            self._manual = True
            self._due_at = time.monotonic()
        self._wake.set()

    def add_listener(self, callback: Callable[[SyncStatus], None]) -> None:
        with self._state_lock:
            self._listeners.append(callback)

    # -- rounds --------------------------------------------------------------------------------

    def run_once(self) -> RoundReport:
        """One round on the caller's thread; raises what the round raised (after recording)."""
        client = self._client
        if client is None:
            raise UserError(
                "sync.not_enrolled", "This terminal is not enrolled; run `pos enroll` first"
            )
        with self._round_lock:
            try:
                report = client.run_once()
            except SyncError as exc:
                self._finished(exc)
                raise
            except Exception as exc:
                log.exception("sync round failed")
                self._finished(exc)
                raise
            self._finished(None)
        if self.images is not None and (
            report.pulled or report.snapshot_items or not self._images_checked
        ):
            self._images_checked = True
            if self.images.missing():  # one quick query; a thread only when there is work
                self.images.start()
        return report

    def _finished(self, error: BaseException | None) -> None:
        with self._state_lock:
            if error is None:
                self._online = True
                self._last_error = ""
            else:
                self._online = not isinstance(error, TransportError)
                self._last_error = str(error) or type(error).__name__
            self._counts_stale = True
            self._status = None
        status = self.status()
        with self._state_lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(status)
            except Exception:
                log.exception("a sync status listener failed")

    def _run(self) -> None:
        while not self._stopping.is_set():
            with self._state_lock:
                delay = self._due_at - time.monotonic()
                halted = self._halted and not self._manual
            if halted:
                self._wait(None)
                continue
            if delay > 0:
                self._wait(delay)
                continue
            with self._state_lock:
                self._manual = False
                self._due_at = time.monotonic() + self._interval_s
            try:
                self.run_once()
            except AuthError as exc:
                log.error("sync stopped, the backend refused this terminal: %s", exc)
                with self._state_lock:
                    self._halted = True
            except TransportError as exc:
                if self._client is not None and self._client.progressed:
                    # Batches went through before the failure: the link works, so the
                    # wait starts small again instead of doubling on (issue 15 item 4).
                    with self._state_lock:
                        self._backoff.reset()
                self._schedule_retry(exc.retry_after, exc)
            except Exception as exc:  # ProtocolError, a local database problem, a bug
                self._schedule_retry(None, exc)
            else:
                with self._state_lock:
                    self._backoff.reset()

    def _schedule_retry(self, retry_after: float | None, exc: BaseException) -> None:
        with self._state_lock:
            wait = self._backoff.next_delay(retry_after)
            self._due_at = time.monotonic() + wait
        log.warning("sync round failed (%s); next try in %.1f s", exc, wait)

    def _wait(self, delay: float | None) -> None:
        if self._sleep is not None and delay is not None:
            self._sleep(delay)
            with self._state_lock:
                # The stand-in sleep "took" the whole delay.
                self._due_at = min(self._due_at, time.monotonic())
            return
        self._wake.wait(delay)
        self._wake.clear()

    # -- what the UI reads -----------------------------------------------------------------------

    def status(self) -> SyncStatus:
        """Cheap: cached, counts refreshed by one SQL query when something changed."""
        with self._state_lock:
            cached, stale = self._status, self._counts_stale
        if cached is not None and not stale:
            return replace(cached, bootstrapping=self._bootstrapping())
        if self._client is None:
            status = SyncStatus(
                enrolled=False, online=None, last_success_at=None, pending=0, rejected=0
            )
        else:
            pending, rejected = outbox_counts(self._engine)
            settings = load_sync_settings(self._engine, secrets=False)
            offset = settings.clock_offset_ms if settings else 0
            limit = settings.clock_warning_ms if settings else 120_000
            with self._state_lock:
                online, last_error = self._online, self._last_error
            status = SyncStatus(
                enrolled=True,
                online=online,
                last_success_at=settings.last_success_at if settings else None,
                pending=pending,
                rejected=rejected,
                last_error=last_error,
                clock_offset_ms=offset,
                clock_warning=abs(offset) > limit,
                bootstrapping=self._bootstrapping(),
                server_url=self._server_url,
                identity_conflict=settings.identity_conflict if settings else "",
            )
        with self._state_lock:
            self._status = status
            self._counts_stale = False
        return status

    def _bootstrapping(self) -> bool:
        return bool(self._client is not None and self._client.bootstrapping)

    def rejected_facts(self) -> list[RejectedFact]:
        return rejected_facts(self._engine)
