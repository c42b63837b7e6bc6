"""The idle timer: no touch or scan for ``kiosk_idle_s`` asks "Are you still there?", and no
answer within ``kiosk_idle_grace_s`` wipes the customer's session. And the events a kiosk
swallows (``leaves_the_app``)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent

# What a person (or the scanner, a keyboard to Qt) does; a mouse merely moving is not one.
_ACTIVITY = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.TouchBegin,
        QEvent.Type.KeyPress,
        QEvent.Type.Wheel,
    }
)

# Keys that would leave or switch the app on a desktop; a kiosk has no use for any of them.
_ESCAPE_KEYS = frozenset(
    int(k)
    for k in (
        Qt.Key.Key_Escape,
        Qt.Key.Key_F4,
        Qt.Key.Key_Tab,
        Qt.Key.Key_Backtab,
        Qt.Key.Key_Q,
        Qt.Key.Key_W,
        Qt.Key.Key_Super_L,
        Qt.Key.Key_Super_R,
        Qt.Key.Key_Menu,
    )
)
_CHORDS = Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ControlModifier
_SWALLOWED = frozenset({QEvent.Type.ContextMenu, QEvent.Type.Shortcut})


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


def leaves_the_app(event: QEvent) -> bool:
    """Whether ``event`` is one the kiosk swallows: a context menu, a right click, Escape,
    or a key chord that would close or switch the app on a desktop."""
    kind = event.type()
    if kind in _SWALLOWED:
        return True
    if (
        kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick)
        and isinstance(event, QMouseEvent)
        and event.button() != Qt.MouseButton.LeftButton
    ):
        return True
    if kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) and isinstance(
        event, QKeyEvent
    ):
        if event.key() == int(Qt.Key.Key_Escape):
            return True
        if event.modifiers() & _CHORDS and event.key() in _ESCAPE_KEYS:
            return True
    return False
