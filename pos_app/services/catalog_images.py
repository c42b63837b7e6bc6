"""Catalog pictures on the till: after a catalog pull, the sync worker fetches the pictures
the products name that the images folder (``Settings.images_dir``) lacks.

Best effort, beside sync and never in its way: one pass at a time on its own thread, each
picture at most ``MAX_IMAGE_BYTES`` and checked to be the format its name says before it is
written (atomically, 0600). A picture that cannot be fetched is logged once (a missing one
would otherwise be logged every round) and tried again after the next catalog change; an
unreachable backend ends the pass. The produce grid shows a placeholder meanwhile.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine

from pos_app.storage.queries.catalog_images import referenced_images
from sync.catalog_images import MAX_IMAGE_BYTES, image_file, save_image
from sync.client.errors import AuthError, SyncError, TransportError
from sync.client.transport import SyncTransport

log = logging.getLogger(__name__)


@dataclass
class ImagePass:
    """What one pass did, by file name."""

    fetched: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


class ImageFetcher:
    """Fetches missing catalog pictures from the backend (see the module's description)."""

    def __init__(
        self,
        engine: Engine,
        transport: SyncTransport,
        images_dir: Path,
        *,
        max_bytes: int = MAX_IMAGE_BYTES,
    ) -> None:
        self._engine = engine
        self._transport = transport
        self.images_dir = images_dir
        self._max_bytes = max_bytes
        self._logged: set[str] = set()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._again = False
        self._stopping = threading.Event()

    def missing(self) -> list[str]:
        """The pictures active products name that are not in the images folder."""
        with self._engine.connect() as conn:
            names = referenced_images(conn)
        return [name for name in names if image_file(self.images_dir, name) is None]

    def fetch_missing(self) -> ImagePass:
        """One pass on the caller's thread: fetch every missing picture."""
        done = ImagePass()
        for name in self.missing():
            if self._stopping.is_set():
                break
            try:
                data = self._transport.catalog_image(name, max_bytes=self._max_bytes)
                save_image(self.images_dir, name, data)
            except (SyncError, ValueError, OSError) as exc:
                done.failed.append(name)
                self._failed(name, exc)
                if isinstance(exc, (TransportError, AuthError)):
                    break  # the backend is out of reach: the others would fail the same way
                continue
            self._logged.discard(name)
            done.fetched.append(name)
        if done.fetched:
            log.info("fetched %d catalog picture(s) into %s", len(done.fetched), self.images_dir)
        return done

    def _failed(self, name: str, exc: BaseException) -> None:
        if name in self._logged:
            log.debug("catalog picture %s still not fetched: %s", name, exc)
            return
        self._logged.add(name)
        log.warning(
            "catalog picture %s not fetched (tried again after a catalog change): %s", name, exc
        )

    # -- in the background -----------------------------------------------------------------

    def start(self) -> None:
        """Run a pass on a background thread; one already running runs once more after."""
        with self._lock:
            if self._stopping.is_set():
                return
            if self._thread is not None and self._thread.is_alive():
                self._again = True
                return
            self._thread = threading.Thread(target=self._run, name="pos-images", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while True:
            try:
                self.fetch_missing()
            except Exception:  # a local database problem or a bug: sync goes on regardless
                log.exception("fetching catalog pictures failed")
            with self._lock:
                if not self._again or self._stopping.is_set():
                    self._thread = None
                    return
                self._again = False

    def wait(self, timeout: float = 10.0) -> bool:
        """Wait for the pass in flight; True when none is running any more."""
        with self._lock:
            thread = self._thread
        if thread is not None:
            thread.join(timeout)
            return not thread.is_alive()
        return True

    def stop(self, timeout: float = 5.0) -> None:
        """Let the pass in flight finish its picture and end (no new pass starts)."""
        self._stopping.set()
        self.wait(timeout)
