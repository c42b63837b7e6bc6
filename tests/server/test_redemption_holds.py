"""Online redemption holds (issue 18, item 2: "a redemption is reserved on the backend
first"): grant, refusal, the same id twice, release, expiry, and two tills asking for the
last points at once on PostgreSQL."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from sync.protocol import giftcards
from sync.protocol.reservations import RESERVATION_TTL_S, ReservationRequest
from sync.server import redemption_holds
from sync.server.db import write_tx
from sync.server.schema import redemption_hold
from tests.server.conftest import Backend, Terminal, make_backend
from tests.server.test_customer_rights import Till
from tests.server.test_loyalty_ledger import earn, put_rules, sale, shop

URL = "/sync/v1/reservations"


def with_points(b: Backend, points: int) -> Till:
    """A shop whose customer c-1 has ``points`` spendable (rules vest at once)."""
    till = shop(b)
    put_rules(b, points_per_try=1, vesting_days=0)
    order = sale(till, [("A", 1000)])
    order["loyalty"] = [earn(order["lines"][0], points)]
    assert till.send(b, ("order.completed", order))[0]["status"] == "applied"
    return till


def ask(b: Backend, t: Terminal, amount: int, id_: str | None = None, **extra: Any) -> Any:
    body = {"id": id_ or str(uuid.uuid4()), "kind": "points", "amount": amount}
    body |= extra if extra else {"customer_id": "c-1"}
    r = b.client.post(URL, json=body, headers=t.headers)
    assert r.status_code == 200, r.text
    return r.json()


def test_grant_refuse_and_the_same_id_twice(backend: Backend) -> None:
    till = with_points(backend, 100)
    other = backend.enrol("S01")
    now = backend.ctx.clock()
    first = ask(backend, till.t, 60, "h-1")
    assert (first["granted"], first["available"], first["problem"]) == (True, 40, None)
    expires = datetime.fromisoformat(first["expires_at"])
    assert abs((expires - now).total_seconds() - RESERVATION_TTL_S) < 5
    # Asking again answers the same and holds nothing more.
    assert ask(backend, till.t, 60, "h-1") == first
    # Another till sees what is left after the hold.
    refused = ask(backend, other, 41)
    assert (refused["granted"], refused["available"], refused["problem"]) == (
        False,
        40,
        "insufficient",
    )
    assert ask(backend, other, 40)["granted"] is True
    # Another terminal cannot take over an id.
    body = {"id": "h-1", "kind": "points", "amount": 1, "customer_id": "c-1"}
    taken = backend.client.post(URL, json=body, headers=other.headers)
    assert (taken.status_code, taken.json()["error"]) == (409, "reservation_id_taken")


def test_unknown_customer_or_card_blocked_card(backend: Backend) -> None:
    till = with_points(backend, 10)
    assert ask(backend, till.t, 1, customer_id="nobody")["problem"] == "unknown"
    code_hash = giftcards.code_hash(giftcards.new_code())
    card = {"kind": "value_card", "code_hash": code_hash}
    unknown = ask(backend, till.t, 1, **card)
    assert (unknown["granted"], unknown["problem"]) == (False, "unknown")
    issued = backend.client.post(
        "/api/v1/gift-cards", headers=backend.admin, json={"amount_minor": 5000}
    ).json()
    card["code_hash"] = issued["code_hash"]
    assert ask(backend, till.t, 5001, **card)["problem"] == "insufficient"
    granted = ask(backend, till.t, 5000, **card)
    assert (granted["granted"], granted["available"]) == (True, 0)
    backend.client.post(
        "/api/v1/gift-cards/block", headers=backend.admin, json={"code": issued["code"]}
    )
    assert ask(backend, till.t, 1, **card)["problem"] == "blocked"
    bad = backend.client.post(
        URL,
        json={"id": "x", "kind": "points", "amount": 0, "customer_id": "c-1"},
        headers=till.t.headers,
    )
    assert bad.status_code == 400  # a sync call refuses a malformed body with 400


def test_release_only_by_its_till_and_expiry(backend: Backend) -> None:
    till = with_points(backend, 50)
    other = backend.enrol("S01")
    assert ask(backend, till.t, 50, "h-1")["granted"] is True
    assert ask(backend, other, 1)["granted"] is False
    foreign = backend.client.delete(f"{URL}/h-1", headers=other.headers)
    assert (foreign.status_code, foreign.json()["error"]) == (404, "unknown_reservation")
    released = backend.client.delete(f"{URL}/h-1", headers=till.t.headers)
    assert released.status_code == 200
    assert (released.json()["granted"], released.json()["available"]) == (False, 50)
    assert backend.client.delete(f"{URL}/nope", headers=till.t.headers).status_code == 404
    # A hold left alone binds until it expires, then frees the points.
    assert ask(backend, till.t, 30, "h-2")["granted"] is True
    assert ask(backend, other, 21)["granted"] is False
    start = backend.ctx.clock()
    backend.ctx.clock = lambda: start + timedelta(seconds=RESERVATION_TTL_S + 1)
    again = ask(backend, other, 50, "h-3")
    assert (again["granted"], again["available"]) == (True, 0)
    with backend.engine.connect() as conn:
        states = dict(conn.execute(select(redemption_hold.c.id, redemption_hold.c.state)).all())
    assert states == {"h-1": "released", "h-2": "expired", "h-3": "held"}
    # Asking again for the expired one: it is not granted again.
    assert ask(backend, till.t, 30, "h-2")["problem"] == "expired"


def test_two_tills_cannot_both_get_the_last_points_on_postgresql(
    pg_url: str, tmp_path: Path
) -> None:
    b = make_backend(pg_url, tmp_path)
    with b.client:
        till = with_points(b, 100)
        tills = [till.t] + [b.enrol("S01") for _ in range(7)]
    now = datetime.now(UTC)
    for round_ in range(3):
        barrier = threading.Barrier(len(tills))
        granted: list[bool] = []
        lock = threading.Lock()

        def reserve(
            t: Terminal,
            round_: int = round_,
            barrier: threading.Barrier = barrier,
            granted: list[bool] = granted,
            lock: Any = lock,
        ) -> None:
            request = ReservationRequest(
                id=f"r{round_}-{t.terminal_id}", kind="points", amount=30, customer_id="c-1"
            )
            barrier.wait()
            with write_tx(b.engine) as conn:
                answer = redemption_holds.reserve(
                    conn, request, terminal_id=t.terminal_id, store_id=_store(b, t), now=now
                )
            with lock:
                granted.append(answer.granted)

        threads = [threading.Thread(target=reserve, args=(t,)) for t in tills]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        # 100 points, 30 a hold: three in the first round, none after (they are still held).
        assert sum(granted) == (3 if round_ == 0 else 0), granted
    with b.engine.connect() as conn:
        held = conn.execute(
            select(redemption_hold.c.amount).where(redemption_hold.c.state == "held")
        ).scalars()
        assert sum(held) == 90
    b.engine.dispose()


def _store(b: Backend, t: Terminal) -> str:
    from sync.server.schema import terminal

    with b.engine.connect() as conn:
        return str(
            conn.execute(
                select(terminal.c.store_id).where(terminal.c.id == t.terminal_id)
            ).scalar_one()
        )
