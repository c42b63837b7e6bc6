"""Keyboard-wedge barcode scanner detection, without Qt.

A USB scanner in keyboard mode "types" the code and then Enter, a few milliseconds per key. A
person types far slower (rarely under 50 ms between keys, usually over 100 ms). The decoder
tells them apart from the characters and their arrival times alone, so that a Qt event filter
(``pos_app.ui.scanner``) can keep a scan out of whatever widget has the focus while a person's
typing still arrives, only a little late, where it was going.

Protocol for the caller, one call per key press:

- ``press(text, now_ms, payload, plain=...)`` for a key other than the terminator. The caller
  first delivers ``decision.replay`` (held keys, in order, to their original receivers); then
  it swallows the key if ``decision.action`` is ``HOLD`` (the decoder now holds ``payload``)
  and delivers it normally if it is ``DELIVER``.
- ``terminator(now_ms)`` for Enter/Return. ``SCAN``: swallow the Enter, the held keys are
  consumed (``decision.consumed``) and ``decision.code`` is the scan. ``DELIVER``: replay
  ``decision.replay``, then deliver the Enter normally.
- ``expire(now_ms)`` from a single-shot timer set for ``deadline_ms``: returns the held keys
  to replay once no key followed the last one within ``max_interval_ms``.
- ``flush()`` returns every held key at once (the caller is disabled or shutting down).

Decisions, and why:

- Only a single printable character without Ctrl/Alt/Meta is ever held (``is_holdable``).
  Scanners send digits, letters and a few symbols (``- . / + $ % space`` for Code 39/128);
  Ctrl/Alt/Meta chords are commands a person means to run at once, and a scanner never sends
  them. Shift is allowed because upper-case letters arrive with it. Non-ASCII letters are held
  too: a scanner set to another keyboard layout than the OS types them.
- A key that may not be held ends any run: the held keys are replayed before it, so the order
  of keys at each receiver never changes.
- A held key more than ``max_interval_ms`` after the previous held key starts a new run; the
  older keys are replayed first. So a scan right after a person's typing is still recognised.
- A run is a scan when it has at least ``min_length`` characters, each within
  ``max_interval_ms`` of the one before, and the Enter comes within ``max_interval_ms`` of the
  last one. Anything else is replayed: a short run is likely a person, or a fast typist's
  burst, and the cost of replaying a real (short) scan is only that it is typed visibly.
- Times are inclusive: a gap of exactly ``max_interval_ms`` still counts as fast.
- Known limit: a person's key that lands within ``max_interval_ms`` before the scanner's first
  character becomes part of the code. Scanners rarely overlap a person's typing, and a code
  with a stray character fails its lookup, which the sale screen reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Generic, TypeVar

T = TypeVar("T")

DEFAULT_MAX_INTERVAL_MS = 35.0
DEFAULT_MIN_LENGTH = 4


class Action(StrEnum):
    """What the caller does with the key it just reported."""

    HOLD = "hold"  # swallow it; the decoder keeps its payload until scan, replay or expiry
    DELIVER = "deliver"  # let it through normally, after the replay
    SCAN = "scan"  # swallow the terminator; ``code`` is the scanned code


@dataclass(frozen=True, slots=True)
class Decision(Generic[T]):
    """The answer to one key: held keys to replay first, then what to do with this key."""

    action: Action
    replay: tuple[T, ...] = ()
    code: str | None = None
    consumed: tuple[T, ...] = ()  # held keys that became the scan (their releases are stale)


@dataclass(frozen=True, slots=True)
class _Held(Generic[T]):
    char: str
    at_ms: float
    payload: T


class WedgeDecoder(Generic[T]):
    """Decides from characters and timestamps whether keys come from a keyboard-wedge scanner.

    ``T`` is whatever the caller needs to replay a key later (a copy of a key event and its
    receiver); the decoder only stores and returns it. Timestamps are milliseconds from any
    monotonic clock the caller chooses, so tests pass them explicitly.
    """

    def __init__(
        self,
        max_interval_ms: float = DEFAULT_MAX_INTERVAL_MS,
        min_length: int = DEFAULT_MIN_LENGTH,
    ) -> None:
        if max_interval_ms <= 0:
            raise ValueError(f"max_interval_ms must be positive, got {max_interval_ms}")
        if min_length < 1:
            raise ValueError(f"min_length must be at least 1, got {min_length}")
        self.max_interval_ms = float(max_interval_ms)
        self.min_length = min_length
        self._held: list[_Held[T]] = []

    @staticmethod
    def is_holdable(text: str, *, plain: bool = True) -> bool:
        """Whether a key may start or continue a scan: one printable character, no chord.

        ``plain`` is False when Ctrl, Alt or Meta is down (or the key is an autorepeat).
        """
        return plain and len(text) == 1 and text.isprintable()

    @property
    def held(self) -> tuple[T, ...]:
        """Payloads of the keys held now, oldest first."""
        return tuple(h.payload for h in self._held)

    @property
    def deadline_ms(self) -> float | None:
        """When the held run expires if no key follows; None when nothing is held."""
        if not self._held:
            return None
        return self._held[-1].at_ms + self.max_interval_ms

    def press(self, text: str, now_ms: float, payload: T, *, plain: bool = True) -> Decision[T]:
        """Report a key press other than the terminator; see the module docstring."""
        if not self.is_holdable(text, plain=plain):
            return Decision(Action.DELIVER, replay=self._take())
        replay = self._take() if self._is_stale(now_ms) else ()
        self._held.append(_Held(text, now_ms, payload))
        return Decision(Action.HOLD, replay=replay)

    def completes_scan(self, now_ms: float) -> bool:
        """Whether a terminator arriving at ``now_ms`` would complete a scan (no state change)."""
        return len(self._held) >= self.min_length and not self._is_stale(now_ms)

    def terminator(self, now_ms: float) -> Decision[T]:
        """Report Enter/Return: a scan of the held run, or replay it and deliver the Enter."""
        if self.completes_scan(now_ms):
            code = "".join(h.char for h in self._held)
            return Decision(Action.SCAN, code=code, consumed=self._take())
        return Decision(Action.DELIVER, replay=self._take())

    def expire(self, now_ms: float) -> tuple[T, ...]:
        """The held keys to replay if the run has timed out at ``now_ms``, else nothing."""
        return self._take() if self._is_stale(now_ms) else ()

    def flush(self) -> tuple[T, ...]:
        """Give back every held key for replay, whatever the time."""
        return self._take()

    def _is_stale(self, now_ms: float) -> bool:
        return bool(self._held) and now_ms - self._held[-1].at_ms > self.max_interval_ms

    def _take(self) -> tuple[T, ...]:
        taken = tuple(h.payload for h in self._held)
        self._held.clear()
        return taken
