"""Business days on the backend when a till's clock is wrong (issue 15, item 5): facts are
filed on the day the corrected time gives in the store's time zone, the till's own date is
kept and flagged, an alarm is raised, and a till that was merely offline keeps its days."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select

from sync.server.business_day import CLOCK_TOLERANCE_MS
from sync.server.schema import alarm, pos_order, shift_close, stock_movement
from tests.server.conftest import Backend, Terminal
from tests.server.test_sync_push import catalog, make_mutation, order_payload, push

ISTANBUL = ZoneInfo("Europe/Istanbul")  # the store's time zone (create_store's default)
DAY_MS = 86_400_000


class Till:
    """A till whose clock reads the server's time minus ``offset_ms`` (the offset its
    ``hello`` measured), with its next seq and receipt number."""

    def __init__(self, t: Terminal, offset_ms: int) -> None:
        self.t, self.offset_ms = t, offset_ms
        self.seq = 1
        self.local_no = 1

    def sale(
        self,
        server_time: datetime,
        *,
        shift: str,
        business_date: date | None = None,
        sku: str = "A",
    ) -> dict[str, Any]:
        """A sale rung when the server's clock read ``server_time``, dated by this till's
        clock (its business date: the local day of that, unless its shift says another)."""
        device = server_time - timedelta(milliseconds=self.offset_ms)
        day = business_date or device.astimezone(ISTANBUL).date()
        payload = order_payload(
            self.t,
            [(sku, 1000)],
            local_no=self.local_no,
            shift_id=shift,
            completed_at=device,
            business_date=day.isoformat(),
        )
        self.local_no += 1
        return make_mutation(
            self.seq, "order.completed", payload, occurred_at=device, clock_offset_ms=self.offset_ms
        ) | {"business_date": day.isoformat()}

    def close(self, server_time: datetime, *, shift: str, business_date: date) -> dict[str, Any]:
        device = server_time - timedelta(milliseconds=self.offset_ms)
        payload = {"shift_id": shift, "store_code": "S01", "closed_at": device.isoformat()}
        return make_mutation(
            self.seq, "shift.closed", payload, occurred_at=device, clock_offset_ms=self.offset_ms
        ) | {"business_date": business_date.isoformat()}

    def send(self, b: Backend, mutations: list[dict[str, Any]]) -> list[str]:
        for n, m in enumerate(mutations):
            m["seq"] = self.seq + n
        self.seq += len(mutations)
        response = push(b.client, self.t, mutations)
        assert response.status_code == 200, response.text
        return [r["status"] for r in response.json()["results"]]


def receipt(m: dict[str, Any]) -> str:
    no: str = m["payload"]["receipt_no"]
    return no


def orders_of(b: Backend, day: date) -> dict[str, Any]:
    """The admin API's orders of store S01 filed on ``day`` ("today's orders" for today)."""
    r = b.client.get(
        "/api/v1/pos-orders",
        headers=b.admin,
        params={"store": "S01", "date_from": day.isoformat(), "date_to": day.isoformat()},
    )
    assert r.status_code == 200, r.text
    return {o["receipt_no"]: o for o in r.json()["items"]}


def corrections(b: Backend) -> list[tuple[str, dict[str, Any]]]:
    with b.engine.connect() as conn:
        rows = conn.execute(
            select(alarm.c.terminal_id, alarm.c.detail_json)
            .where(alarm.c.kind == "business_date_corrected")
            .order_by(alarm.c.raised_at, alarm.c.id)
        ).all()
    return [(str(r[0]), json.loads(r[1])) for r in rows]


def test_wrong_till_clocks_file_todays_sales_today(backend: Backend) -> None:
    backend.store("S01")
    catalog(backend, ["A"])
    now = backend.ctx.clock()
    today = now.astimezone(ISTANBUL).date()
    # Offsets as hello measures them: the server's time minus the till's, to the millisecond.
    behind = Till(backend.enrol("S01", "T01"), 3 * DAY_MS + 1234)
    ahead = Till(backend.enrol("S01", "T02"), -DAY_MS - 567)
    offline = Till(backend.enrol("S01", "T03"), 250)  # right clock, offline for three days

    behind_sales = [behind.sale(now, shift="b") for _ in range(3)]
    assert behind.send(backend, behind_sales) == ["applied"] * 3  # the bulk path
    late_sale = behind.sale(now, shift="b")
    unknown = behind.sale(now, shift="b", sku="NO-SUCH-SKU")
    assert behind.send(backend, [unknown, late_sale]) == ["rejected", "applied"]  # one by one
    ahead_sales = [ahead.sale(now, shift="a") for _ in range(2)]
    assert ahead.send(backend, ahead_sales) == ["applied"] * 2
    three_days_ago = now - timedelta(days=3)
    old_sales = [offline.sale(three_days_ago, shift="o") for _ in range(2)]
    assert offline.send(backend, old_sales) == ["applied"] * 2

    # "Today's orders" finds every sale rung today, whatever the till's clock said...
    todays = orders_of(backend, today)
    wrong_clock = [*behind_sales, late_sale, *ahead_sales]
    assert set(todays) == {receipt(m) for m in wrong_clock}
    # ...and keeps the date each till gave it, flagged.
    for m in wrong_clock:
        claimed = m["payload"]["business_date"]
        assert claimed != today.isoformat()
        assert todays[receipt(m)]["till_business_date"] == claimed
    # The sales of the till that was offline with a right clock keep their real day.
    old_day = three_days_ago.astimezone(ISTANBUL).date()
    kept = orders_of(backend, old_day)
    assert set(kept) == {receipt(m) for m in old_sales}
    assert all(o["till_business_date"] is None for o in kept.values())

    # An alarm per corrected batch; nothing for the rejected sale or for the right clock.
    got = corrections(backend)
    assert [(terminal, d["facts"], d["business_date"]) for terminal, d in got] == [
        (behind.t.terminal_id, 3, today.isoformat()),
        (behind.t.terminal_id, 1, today.isoformat()),
        (ahead.t.terminal_id, 2, today.isoformat()),
    ]
    assert got[0][1]["till_business_date"] == behind_sales[0]["payload"]["business_date"]
    assert got[0][1]["clock_offset_ms"] == behind.offset_ms

    # Stock moves at the corrected time (a count elsewhere compares on one clock); the
    # receipt keeps the time the till printed.
    with backend.engine.connect() as conn:
        moved = dict(
            conn.execute(
                select(pos_order.c.receipt_no, stock_movement.c.occurred_at).join(
                    stock_movement, stock_movement.c.source == pos_order.c.id
                )
            ).all()
        )
        printed = dict(conn.execute(select(pos_order.c.receipt_no, pos_order.c.completed_at)).all())
    assert moved[receipt(behind_sales[0])] == now
    assert printed[receipt(behind_sales[0])] == now - timedelta(milliseconds=behind.offset_ms)
    offline_sale = receipt(old_sales[0])
    assert moved[offline_sale] == printed[offline_sale] + timedelta(milliseconds=250)


def test_a_shift_is_filed_on_one_day_with_its_close(backend: Backend) -> None:
    """A till 3 days and 2 hours behind: its shift, opened at 20:00 and rung past midnight
    (the server's clock), is filed on the day it was opened, every sale of it and its close,
    though the correction moves the later sales' own times past midnight."""
    backend.store("S01")
    catalog(backend, ["A"])
    till = Till(backend.enrol("S01"), (3 * 24 + 2) * 3_600_000)
    opened = datetime(2025, 3, 10, 20, 0, tzinfo=ISTANBUL)
    claimed = (opened - timedelta(milliseconds=till.offset_ms)).date()  # the till's 7 March
    assert claimed == date(2025, 3, 7)
    times = [opened + timedelta(hours=h) for h in (1, 2.5, 3.5, 4.5)]  # 21:00 to 00:30
    first = till.sale(times[0], shift="s", business_date=claimed)
    assert till.send(backend, [first]) == ["applied"]
    rest = [till.sale(t, shift="s", business_date=claimed) for t in times[1:]]
    close = till.close(times[-1] + timedelta(minutes=30), shift="s", business_date=claimed)
    assert till.send(backend, [*rest, close]) == ["applied"] * 4

    with backend.engine.connect() as conn:
        filed = conn.execute(
            select(pos_order.c.business_date, pos_order.c.till_business_date)
        ).all()
        closed = conn.execute(
            select(shift_close.c.business_date, shift_close.c.till_business_date)
        ).one()
    assert [tuple(r) for r in filed] == [(date(2025, 3, 10), claimed)] * 4
    assert tuple(closed) == (date(2025, 3, 10), claimed)


def test_a_clock_that_went_wrong_during_a_shift_keeps_the_shifts_day(backend: Backend) -> None:
    """The shift was opened, and its first sale pushed, with a right clock; then the clock
    fell back three days. The shift's later sales keep its day: the day the backend filed
    the shift under, not the day the wrong clock gives."""
    backend.store("S01")
    catalog(backend, ["A"])
    t = backend.enrol("S01")
    right, wrong = Till(t, 0), Till(t, 3 * DAY_MS)
    day = date(2025, 3, 10)
    morning = datetime(2025, 3, 10, 9, 0, tzinfo=ISTANBUL)
    assert right.send(backend, [right.sale(morning, shift="s")]) == ["applied"]
    wrong.seq, wrong.local_no = right.seq, right.local_no
    later = wrong.sale(morning + timedelta(hours=5), shift="s", business_date=day)
    assert wrong.send(backend, [later]) == ["applied"]
    with backend.engine.connect() as conn:
        filed = conn.execute(
            select(pos_order.c.business_date, pos_order.c.till_business_date)
        ).all()
    assert [tuple(r) for r in filed] == [(day, None), (day, None)]
    assert corrections(backend) == []


def test_a_clock_within_the_tolerance_never_moves_a_day(backend: Backend) -> None:
    """A sale rung a minute before midnight by a till a minute slow stays on its shift's day
    (the Z report counted it there)."""
    backend.store("S01")
    catalog(backend, ["A"])
    till = Till(backend.enrol("S01"), CLOCK_TOLERANCE_MS // 2)
    midnight = datetime(2025, 3, 11, 0, 0, tzinfo=ISTANBUL)
    sale = till.sale(midnight + timedelta(seconds=30), shift="s")
    assert sale["payload"]["business_date"] == "2025-03-10"
    assert till.send(backend, [sale]) == ["applied"]
    assert set(orders_of(backend, date(2025, 3, 10))) == {receipt(sale)}
