"""The push batch's pause of the cyclic collector: overlapping pauses on several threads
end with the collector on again, and a collector someone else turned off stays off."""

from __future__ import annotations

import gc
import threading

import pytest

from sync.server.collector import collector_paused


def test_overlapping_pauses_re_enable_once_the_last_ends() -> None:
    assert gc.isenabled()
    inside = threading.Barrier(2)
    first_done = threading.Event()
    seen: list[bool] = []

    def first() -> None:
        with collector_paused():
            inside.wait()
        first_done.set()

    def second() -> None:
        with collector_paused():
            inside.wait()
            first_done.wait(5)
            seen.append(gc.isenabled())  # the first pause ended, this one still holds

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    assert seen == [False]
    assert gc.isenabled()


def test_a_collector_turned_off_elsewhere_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_error_in_the_body_still_re_enables() -> None:
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("applier bug")
    assert gc.isenabled()
