"""The idle timer: no touch or scan for ``kiosk_idle_s`` asks "Are you still there?", and no
answer within ``kiosk_idle_grace_s`` wipes the customer's session."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

# What a person (or the scanner, a keyboard to Qt) does; a mouse merely moving is not one.
_ACTIVITY = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.TouchBegin,
        QEvent.Type.KeyPress,
        QEvent.Type.Wheel,
    }
)


class IdleWatch(QObject):
    """An application event filter: ``idle`` after ``idle_s`` without activity, then
    ``tick(seconds_left)`` every second of the grace and ``expired`` at its end; any activity
    (``touch``) starts again from the top and emits ``activity``."""

    idle = Signal()
    tick = Signal(int)
    expired = Signal()
    activity = Signal()

    def __init__(
        self, idle_s: int, grace_s: int, parent: QObject | None = None, *, second_ms: int = 1000
    ) -> None:
        """``second_ms``: how long a second of the countdowns lasts (shorter in tests)."""
        super().__init__(parent)
        self.idle_s = idle_s
        self.grace_s = grace_s
        self.left = 0
        self.paused = False
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(idle_s * second_ms)
        self._idle.timeout.connect(self._went_idle)
        self._grace = QTimer(self)
        self._grace.setInterval(second_ms)
        self._grace.timeout.connect(self._second)

    @property
    def asking(self) -> bool:
        """Whether the grace countdown runs ("Are you still there?" is shown)."""
        return self._grace.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and watched.isWidgetType():
            self.touch()
        return False

    def touch(self) -> None:
        """Someone is there: the wait starts again (and a grace countdown stops)."""
        self._grace.stop()
        if not self.paused:
            self._idle.start()
        self.activity.emit()

    def pause(self) -> None:
        """No idle wipe now (a payment runs, an attendant works)."""
        self.paused = True
        self._idle.stop()
        self._grace.stop()

    def resume(self) -> None:
        self.paused = False
        self._grace.stop()
        self._idle.start()

    def _went_idle(self) -> None:
        self.left = self.grace_s
        self._grace.start()
        self.idle.emit()
        self.tick.emit(self.left)

    def _second(self) -> None:
        self.left -= 1
        if self.left > 0:
            self.tick.emit(self.left)
            return
        self._grace.stop()
        self.expired.emit()
