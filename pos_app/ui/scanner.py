"""An application-wide event filter that turns keyboard-wedge scans into a signal.

Installed on the QApplication, it sees every key wherever the focus is. Printable keys are
held back for a moment while they might be the start of a scan (``WedgeDecoder`` decides);
a scan is emitted as ``scanned(code)`` and never reaches the focused widget, anything else is
replayed to the widget that would have received it, in the original order.
"""

from __future__ import annotations

import logging
import math
import time
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QInputDevice, QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from pos_app.devices.scanner import (
    DEFAULT_MAX_INTERVAL_MS,
    DEFAULT_MIN_LENGTH,
    Action,
    WedgeDecoder,
)

log = logging.getLogger(__name__)

_KEY_EVENTS = frozenset(
    {QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride}
)
_TERMINATORS = frozenset({int(Qt.Key.Key_Return), int(Qt.Key.Key_Enter)})
# Pressing a modifier alone types nothing; a scanner presses Shift around upper-case letters,
# so these keys pass untouched and do not end a run.
_MODIFIER_KEYS = frozenset(
    int(k)
    for k in (
        Qt.Key.Key_Shift,
        Qt.Key.Key_Control,
        Qt.Key.Key_Alt,
        Qt.Key.Key_AltGr,
        Qt.Key.Key_Meta,
        Qt.Key.Key_CapsLock,
        Qt.Key.Key_NumLock,
    )
)
_CHORD = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)
# The timer fires this long after the decoder's deadline, so the decoder sees the run as
# expired even when the timer is a little early or the clock a little coarse.
_TIMER_MARGIN_MS = 10
# Releases of scanned keys are swallowed only this long; a release that never came (focus left
# the window) must not eat a person's key release much later.
_STALE_RELEASE_MS = 1000.0


def _monotonic_ms() -> float:
    return time.monotonic() * 1000.0


@dataclass(slots=True)
class _KeyCopy:
    """Enough of a key event to send it again later."""

    key: int
    modifiers: Qt.KeyboardModifier
    text: str
    native_scan_code: int
    native_virtual_key: int
    native_modifiers: int
    device: QInputDevice | None

    @classmethod
    def of(cls, event: QKeyEvent) -> _KeyCopy:
        return cls(
            event.key(),
            event.modifiers(),
            event.text(),
            event.nativeScanCode(),
            event.nativeVirtualKey(),
            event.nativeModifiers(),
            event.device(),
        )

    def rebuild(self, event_type: QEvent.Type) -> QKeyEvent:
        return QKeyEvent(
            event_type,
            self.key,
            self.modifiers,
            self.native_scan_code,
            self.native_virtual_key,
            self.native_modifiers,
            self.text,
            False,  # autorepeat keys are never held
            1,
            self.device or QInputDevice.primaryKeyboard(),
        )


@dataclass(slots=True)
class _HeldKey:
    """A swallowed key press (and its release, if that came while the press was held)."""

    receiver: weakref.ref[QObject]
    press: _KeyCopy
    release: _KeyCopy | None = None


class ScannerFilter(QObject):
    """Recognises keyboard-wedge scans anywhere in the application; emits ``scanned(code)``.

    Install with ``app.installEventFilter(scanner_filter)``. Only key events addressed to a
    QWidget are considered: Qt also shows the same key to the QWindow first, and a widget that
    ignores a key passes it on to its parent, so each physical key is decided once, at the first
    widget that sees it. ``clock`` returns milliseconds (default: ``time.monotonic()``).
    """

    scanned = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        max_interval_ms: float = DEFAULT_MAX_INTERVAL_MS,
        min_length: int = DEFAULT_MIN_LENGTH,
        clock: Callable[[], float] | None = None,
    ) -> None:
        super().__init__(parent)
        self._decoder: WedgeDecoder[_HeldKey] = WedgeDecoder(max_interval_ms, min_length)
        self._clock = clock or _monotonic_ms
        self._enabled = True
        self._replaying = False
        self._stale_releases: list[tuple[int, float]] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._expire)

    def is_enabled(self) -> bool:
        return self._enabled

    def set_enabled(self, enabled: bool) -> None:
        """Disabled, every key passes untouched; anything held is replayed right away."""
        self._enabled = enabled
        if not enabled:
            self._timer.stop()
            self._stale_releases.clear()
            self._replay(self._decoder.flush())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in _KEY_EVENTS:
            return False
        # Replayed keys must reach their widget; QWindow receivers see the same physical key
        # before its widget does.
        if self._replaying or not self._enabled or not isinstance(watched, QWidget):
            return False
        if QApplication.activeModalWidget() is not None:
            # A dialog (a PIN, an amount) takes what is typed, however fast.
            return False
        if not isinstance(event, QKeyEvent) or event.key() in _MODIFIER_KEYS:
            return False
        if event.type() == QEvent.Type.KeyPress:
            return self._on_press(watched, event)
        if event.type() == QEvent.Type.KeyRelease:
            return self._on_release(event)
        return self._on_shortcut_override(event)

    def _on_press(self, watched: QWidget, event: QKeyEvent) -> bool:
        now = self._clock()
        plain = not (event.modifiers() & _CHORD) and not event.isAutoRepeat()
        if event.key() in _TERMINATORS and plain:
            decision = self._decoder.terminator(now)
            if decision.action is Action.SCAN and decision.code is not None:
                self._timer.stop()
                for held in decision.consumed:
                    if held.release is None:
                        self._stale_releases.append((held.press.key, now))
                self._stale_releases.append((event.key(), now))
                log.debug("Scanned a code of %d characters", len(decision.code))
                self.scanned.emit(decision.code)
                return True
            self._replay(decision.replay)
            self._arm_timer()
            return False
        held = _HeldKey(weakref.ref(watched), _KeyCopy.of(event))
        decision = self._decoder.press(event.text(), now, held, plain=plain)
        self._replay(decision.replay)
        self._arm_timer()
        return decision.action is Action.HOLD

    def _on_release(self, event: QKeyEvent) -> bool:
        if event.isAutoRepeat():
            return False
        key = event.key()
        for held in reversed(self._decoder.held):
            if held.press.key == key and held.release is None:
                held.release = _KeyCopy.of(event)
                return True
        now = self._clock()
        self._stale_releases = [
            (k, at) for k, at in self._stale_releases if now - at <= _STALE_RELEASE_MS
        ]
        for i, (k, _) in enumerate(self._stale_releases):
            if k == key:
                del self._stale_releases[i]
                return True
        return False

    def _on_shortcut_override(self, event: QKeyEvent) -> bool:
        # Qt offers a key to shortcuts before the key press. Claiming the keys we will hold
        # keeps a shortcut on "+" or Enter from firing mid-scan; a replayed key is offered to
        # the shortcuts again (Qt does that for every key sent by sendEvent).
        plain = not (event.modifiers() & _CHORD) and not event.isAutoRepeat()
        if event.key() in _TERMINATORS:
            claim = plain and self._decoder.completes_scan(self._clock())
        else:
            claim = self._decoder.is_holdable(event.text(), plain=plain)
        if claim:
            event.accept()
        return claim

    def _arm_timer(self) -> None:
        deadline = self._decoder.deadline_ms
        if deadline is None:
            self._timer.stop()
            return
        remaining = max(0, math.ceil(deadline - self._clock()))
        self._timer.start(remaining + _TIMER_MARGIN_MS)

    def _expire(self) -> None:
        self._replay(self._decoder.expire(self._clock()))
        # Re-arm if the run is not over yet by the clock (an early timer, an injected clock).
        self._arm_timer()

    def _replay(self, keys: Iterable[_HeldKey]) -> None:
        self._replaying = True
        try:
            for held in keys:
                receiver = held.receiver()
                if receiver is None or not shiboken6.isValid(receiver):
                    log.debug("Dropped a held key: its widget was deleted")
                    continue
                QCoreApplication.sendEvent(receiver, held.press.rebuild(QEvent.Type.KeyPress))
                if held.release is not None:
                    QCoreApplication.sendEvent(
                        receiver, held.release.rebuild(QEvent.Type.KeyRelease)
                    )
        finally:
            self._replaying = False
