"""Kiosk states (issue 17): a kiosk enrolled as K01 reports, its store's tills read the
attendants list, a silent kiosk is offline, a till cannot report, bad bodies are refused
naming the field; an order's channel is stored."""

from __future__ import annotations

import operator
from datetime import UTC, datetime, timedelta
from functools import partial

from sqlalchemy import select

from sync.protocol import SYNC_PREFIX, AttendantsResponse, KioskState
from sync.server.schema import pos_order
from tests.server.conftest import Backend
from tests.server.test_sync_push import make_mutation, order_payload, push, setup

STATE = f"{SYNC_PREFIX}/kiosk-state"
ATTENDANTS = f"{SYNC_PREFIX}/attendants"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def report(**fields: object) -> dict[str, object]:
    return {"state": "idle", "since": T0.isoformat()} | fields


def test_a_kiosk_reports_and_the_store_tills_see_it(backend: Backend) -> None:
    backend.store()
    backend.store("S02", "Beşiktaş")
    backend.ctx.clock = lambda: T0 + timedelta(seconds=3)
    kiosk = backend.enrol(terminal_code="K01")
    till = backend.enrol()
    other_store = backend.enrol("S02")
    assert (kiosk.terminal_code, till.terminal_code) == ("K01", "T01")
    # Enrolled but silent: listed, offline.
    listed = backend.client.get(ATTENDANTS, headers=till.headers)
    assert listed.status_code == 200, listed.text
    [entry] = AttendantsResponse.model_validate(listed.json()).kiosks
    assert (entry.terminal_code, entry.state, entry.reported_at) == ("K01", "offline", None)

    body = report(
        state="needs_help",
        reason="age_check",
        basket_lines=3,
        basket_total_minor=12550,
        waiting_approvals=1,
        app_version="0.17.0",
    )
    answer = backend.client.put(STATE, headers=kiosk.headers, json=body)
    assert answer.status_code == 200, answer.text
    assert answer.json()["state"] == "needs_help"
    seen = AttendantsResponse.model_validate(
        backend.client.get(ATTENDANTS, headers=till.headers).json()
    )
    [entry] = seen.kiosks
    assert entry.state is KioskState.NEEDS_HELP and entry.needs_attention
    assert (entry.reason, entry.since, entry.basket_lines) == ("age_check", T0, 3)
    assert (entry.basket_total_minor, entry.waiting_approvals, entry.app_version) == (
        12550,
        1,
        "0.17.0",
    )
    assert entry.reported_at == T0 + timedelta(seconds=3)
    # The last report wins; another store's till sees no kiosk.
    backend.client.put(STATE, headers=kiosk.headers, json=report(state="paying"))
    [entry] = AttendantsResponse.model_validate(
        backend.client.get(ATTENDANTS, headers=till.headers).json()
    ).kiosks
    assert (entry.state, entry.reason, entry.basket_lines) == ("paying", "", None)
    elsewhere = backend.client.get(ATTENDANTS, headers=other_store.headers).json()
    assert elsewhere["kiosks"] == []
    # The admin API lists the same.
    admin = backend.client.get("/api/v1/kiosks", params={"store": "S01"}, headers=backend.admin)
    assert admin.status_code == 200, admin.text
    assert [k["state"] for k in admin.json()["kiosks"]] == ["paying"]
    missing = backend.client.get("/api/v1/kiosks", params={"store": "S09"}, headers=backend.admin)
    assert (missing.status_code, missing.json()["error"]) == (404, "unknown_store")


def test_a_kiosk_silent_for_15_s_is_offline(backend: Backend) -> None:
    backend.store()
    backend.ctx.clock = lambda: T0
    kiosk = backend.enrol(terminal_code="K01")
    till = backend.enrol()
    backend.client.put(STATE, headers=kiosk.headers, json=report(state="in_use"))
    for after, state in ((15, "in_use"), (16, "offline")):
        backend.ctx.clock = partial(operator.add, T0, timedelta(seconds=after))
        [entry] = backend.client.get(ATTENDANTS, headers=till.headers).json()["kiosks"]
        assert entry["state"] == state, after
    assert entry["last_state"] == "in_use"
    assert entry["since"] == T0.isoformat()  # offline since it was last heard of


def test_only_kiosks_report_and_bad_bodies_name_the_field(backend: Backend) -> None:
    backend.store()
    till = backend.enrol()
    refused = backend.client.put(STATE, headers=till.headers, json=report())
    assert (refused.status_code, refused.json()["error"]) == (403, "not_a_kiosk")
    kiosk = backend.enrol(terminal_code="K02")
    for body, field in (
        (report(state="sleeping"), "state"),
        (report(since="2026-03-02T09:00:00"), "since"),  # no time zone
        (report(basket_lines=-1), "basket_lines"),
        (report(reason="Age Check!"), "reason"),
        (report(basket_total_minor="100"), "basket_total_minor"),
        (report(colour="red"), "colour"),
    ):
        answer = backend.client.put(STATE, headers=kiosk.headers, json=body)
        assert answer.status_code == 400, (body, answer.text)
        assert answer.json()["error"] == "malformed"
        assert ["body", field] in [p["loc"] for p in answer.json()["detail"]], answer.text
    nothing = backend.client.get(ATTENDANTS, headers=till.headers).json()["kiosks"]
    assert [k["state"] for k in nothing] == ["offline"]


def test_terminal_codes_are_tills_or_kiosks(backend: Backend) -> None:
    backend.store()
    for terminal, status in (("K01", 201), ("T02", 201), ("X01", 422), ("K1", 422)):
        answer = backend.client.post(
            "/api/v1/enrolment-codes",
            json={"store": "S01", "terminal": terminal},
            headers=backend.admin,
        )
        assert answer.status_code == status, (terminal, answer.text)


def test_the_order_channel_is_stored(backend: Backend) -> None:
    t = setup(backend)
    sale = order_payload(t, [("A", 1000)], local_no=1) | {"channel": "kiosk"}
    plain = order_payload(t, [("A", 1000)], local_no=2)
    odd = order_payload(t, [("A", 1000)], local_no=3) | {"channel": "drone"}
    response = push(
        backend.client,
        t,
        [
            make_mutation(1, "order.completed", sale),
            make_mutation(2, "order.completed", plain),
            make_mutation(3, "order.completed", odd),
        ],
    )
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["applied", "applied", "rejected"], results
    assert results[2]["code"] == "invalid_payload" and "drone" in results[2]["reason"]
    with backend.engine.connect() as conn:
        channels: dict[int, str] = dict(
            conn.execute(select(pos_order.c.local_no, pos_order.c.channel)).all()
        )
    assert channels == {1: "kiosk", 2: "store"}
