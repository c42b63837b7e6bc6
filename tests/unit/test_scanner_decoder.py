"""The keyboard-wedge decoder on explicit timestamps (milliseconds); no Qt."""

from __future__ import annotations

import pytest

from pos_app.devices.scanner import Action, Decision, WedgeDecoder

EAN = "8690000000017"


def type_keys(
    decoder: WedgeDecoder[str], text: str, *, start: float, step: float
) -> list[Decision[str]]:
    """Press each character ``step`` ms after the previous one; the payload is the character."""
    return [decoder.press(ch, start + i * step, ch) for i, ch in enumerate(text)]


def replayed(decisions: list[Decision[str]]) -> str:
    return "".join("".join(d.replay) for d in decisions)


def test_fast_scan_is_recognised_and_nothing_is_replayed() -> None:
    decoder: WedgeDecoder[str] = WedgeDecoder()
    presses = type_keys(decoder, EAN, start=1000, step=4)

    assert all(d.action is Action.HOLD for d in presses)
    assert replayed(presses) == ""
    assert "".join(decoder.held) == EAN

    last = 1000 + 4 * (len(EAN) - 1)
    done = decoder.terminator(last + 5)
    assert done.action is Action.SCAN
    assert done.code == EAN
    assert done.replay == ()
    assert "".join(done.consumed) == EAN
    assert decoder.held == ()
    assert decoder.deadline_ms is None


def test_slow_human_typing_is_replayed_key_by_key() -> None:
    decoder: WedgeDecoder[str] = WedgeDecoder()
    presses = type_keys(decoder, "süt", start=0, step=120)

    # Each key is held on its own; the next (slow) key replays the one before it.
    assert [d.action for d in presses] == [Action.HOLD] * 3
    assert [d.replay for d in presses] == [(), ("s",), ("ü",)]
    enter = decoder.terminator(240 + 150)
    assert enter.action is Action.DELIVER
    assert enter.replay == ("t",)
    assert enter.code is None


def test_a_short_fast_run_is_replayed_and_enter_delivered() -> None:
    decoder: WedgeDecoder[str] = WedgeDecoder(min_length=4)
    type_keys(decoder, "123", start=0, step=5)

    enter = decoder.terminator(15)
    assert enter.action is Action.DELIVER
    assert enter.replay == ("1", "2", "3")


def test_exactly_min_length_is_a_scan() -> None:
    decoder: WedgeDecoder[str] = WedgeDecoder(min_length=4)
    type_keys(decoder, "1234", start=0, step=5)
    assert decoder.terminator(20).code == "1234"


def test_enter_too_late_replays_the_run_and_delivers_enter() -> None:
    decoder: WedgeDecoder[str] = WedgeDecoder(max_interval_ms=35)
    type_keys(decoder, EAN, start=0, step=3)
    last = 3 * (len(EAN) - 1)

    assert decoder.completes_scan(last + 35)
    assert not decoder.completes_scan(last + 36)
    enter = decoder.terminator(last + 36)
    assert enter.action is Action.DELIVER
    assert "".join(enter.replay) == EAN
    assert decoder.held == ()


def test_gap_of_exactly_max_interval_still_counts_as_fast() -> None:
    decoder: WedgeDecoder[str] = WedgeDecoder(max_interval_ms=35)
    presses = type_keys(decoder, "ABCD", start=0, step=35)
    assert replayed(presses) == ""
    assert decoder.terminator(140).code == "ABCD"


def test_one_slow_key_in_the_middle_splits_the_run() -> None:
    decoder: WedgeDecoder[str] = WedgeDecoder()
    type_keys(decoder, "12", start=0, step=5)
    late = decoder.press("3", 100, "3")
    assert late.action is Action.HOLD
    assert late.replay == ("1", "2")
    type_keys(decoder, "45", start=105, step=5)

    # "345" is only three characters: not a scan.
    enter = decoder.terminator(120)
    assert enter.action is Action.DELIVER
    assert enter.replay == ("3", "4", "5")


def test_code128_letters_and_symbols_are_scanned() -> None:
    decoder: WedgeDecoder[str] = WedgeDecoder()
    code = "AB-12.x/9+Z"
    presses = type_keys(decoder, code, start=0, step=2)
    assert all(d.action is Action.HOLD for d in presses)
    assert decoder.terminator(2 * len(code)).code == code


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("a", False),  # Ctrl+A, Alt+A, Meta+A or an autorepeat
        ("\t", True),  # Tab
        ("\x08", True),  # Backspace
        ("\x1b", True),  # Escape
        ("", True),  # F5, arrows: no text
        ("ab", True),  # an input-method commit of several characters
    ],
)
def test_keys_that_are_not_holdable_are_delivered(text: str, plain: bool) -> None:
    decoder: WedgeDecoder[str] = WedgeDecoder()
    assert not WedgeDecoder.is_holdable(text, plain=plain)
    decision = decoder.press(text, 0, "key", plain=plain)
    assert decision.action is Action.DELIVER
    assert decision.replay == ()
    assert decoder.held == ()


def test_a_chord_ends_the_run_and_replays_it_before_itself() -> None:
    decoder: WedgeDecoder[str] = WedgeDecoder()
    type_keys(decoder, "8690", start=0, step=3)

    chord = decoder.press("a", 12, "ctrl+a", plain=False)
    assert chord.action is Action.DELIVER
    assert chord.replay == ("8", "6", "9", "0")
    # The run is gone: Enter right after is an ordinary Enter.
    assert decoder.terminator(15).action is Action.DELIVER


def test_expiry_replays_only_after_the_deadline() -> None:
    decoder: WedgeDecoder[str] = WedgeDecoder(max_interval_ms=35)
    type_keys(decoder, "869", start=100, step=5)
    assert decoder.deadline_ms == 110 + 35

    assert decoder.expire(145) == ()
    assert decoder.held == ("8", "6", "9")
    assert decoder.expire(146) == ("8", "6", "9")
    assert not decoder.held
    assert decoder.deadline_ms is None
    assert decoder.expire(500) == ()


def test_expired_run_does_not_complete_a_scan() -> None:
    decoder: WedgeDecoder[str] = WedgeDecoder()
    type_keys(decoder, EAN, start=0, step=3)
    assert "".join(decoder.expire(1000)) == EAN
    assert decoder.terminator(1001).action is Action.DELIVER


def test_flush_gives_back_everything_at_once() -> None:
    decoder: WedgeDecoder[str] = WedgeDecoder()
    type_keys(decoder, "12", start=0, step=3)
    assert decoder.flush() == ("1", "2")
    assert decoder.flush() == ()


def test_two_scans_back_to_back() -> None:
    decoder: WedgeDecoder[str] = WedgeDecoder()
    first, second = "8690000000017", "4006381333931"

    type_keys(decoder, first, start=0, step=3)
    one = decoder.terminator(3 * len(first))
    presses = type_keys(decoder, second, start=3 * len(first) + 3, step=3)
    two = decoder.terminator(3 * len(first) + 3 + 3 * len(second))

    assert (one.code, two.code) == (first, second)
    assert replayed(presses) == ""


def test_a_scan_right_after_human_typing() -> None:
    decoder: WedgeDecoder[str] = WedgeDecoder()
    human = type_keys(decoder, "sü", start=0, step=150)
    # The scanner starts 60 ms after the last human key: the "ü" is replayed first.
    scan = type_keys(decoder, EAN, start=210, step=3)

    assert replayed(human) == "s"
    assert scan[0].replay == ("ü",)
    assert replayed(scan[1:]) == ""
    assert decoder.terminator(210 + 3 * len(EAN)).code == EAN


def test_payload_is_returned_as_given() -> None:
    decoder: WedgeDecoder[tuple[str, int]] = WedgeDecoder()
    decoder.press("1", 0, ("one", 1))
    assert decoder.press("2", 500, ("two", 2)).replay == (("one", 1),)


@pytest.mark.parametrize(("interval", "length"), [(0, 4), (-1, 4), (35, 0)])
def test_bad_settings_are_rejected(interval: float, length: int) -> None:
    with pytest.raises(ValueError, match="must be"):
        WedgeDecoder(interval, length)
