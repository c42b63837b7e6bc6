"""The pickup desk service on a real SQLite file: tabs, search, scans, transitions and the
effective state while the backend has (not) answered."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, insert, text

from pos_app.bench.pickup import format_pickup_rows, run_pickup_bench
from pos_app.config import load_settings
from pos_app.domain.ids import new_id
from pos_app.domain.tenders import Payment
from pos_app.errors import UserError
from pos_app.services.bundle import Services
from pos_app.services.pickup import TABS, pickup_search_text
from pos_app.services.pickup_desk import PickupService
from pos_app.services.sale_document import SaleContext
from pos_app.services.terminal import initialise_terminal
from pos_app.storage.database import MIGRATIONS_DIR, make_engine, migrate, open_database
from pos_app.storage.replica.store import SyncStore
from pos_app.storage.tables import table
from sync.protocol import Change, PickupLine, PickupOrderData
from tests.fakes import SEED, FakeClock, seed_catalog

MILK: dict[str, Any] = {
    "product_id": "be-milk",
    "sku": "MILK1L",
    "name": "Süt 1 L",
    "qty_milli": 2000,
    "unit_price_minor": 4550,
    "bin": "A-01",
}
TEA: dict[str, Any] = {
    "product_id": "be-tea",
    "sku": "TEA1KG",
    "name": "Çay 1 kg",
    "qty_milli": 1000,
    "unit_price_minor": 29990,
    "bin": "B-02",
}


@dataclass
class Desk:
    engine: Engine
    clock: FakeClock
    service: PickupService
    woken: list[int] = field(default_factory=list)

    def add(
        self,
        no: int,
        *,
        name: str = "Ayşe Kaya",
        phone: str = "+90 532 000 00 00",
        code: str = "",
        state: str = "placed",
        paid: bool = True,
        lines: list[dict[str, Any]] | None = None,
        pickup_in: timedelta | None = timedelta(days=2),
        age: timedelta = timedelta(hours=1),
        store: str = "S01",
        version: int = 1,
    ) -> str:
        return add_order(
            self.engine,
            self.clock,
            no,
            name=name,
            phone=phone,
            code=code or f"{no % 1_000_000:06d}"[::-1],
            state=state,
            paid=paid,
            lines=lines,
            pickup_in=pickup_in,
            age=age,
            store=store,
            version=version,
        )

    def count(self, sql: str) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(text(sql)).scalar_one())

    def nothing_written(self) -> bool:
        return (
            self.count("SELECT count(*) FROM outbox") == 0
            and self.count("SELECT count(*) FROM pickup_transition") == 0
            and self.count("SELECT count(*) FROM audit_entry") == 0
            and not self.woken
        )

    def ack(self, outcome: str, reason: str | None = None) -> None:
        """The backend answered the newest fact (as the sync client records it)."""
        with self.engine.begin() as conn:
            conn.execute(
                text(
                    "UPDATE outbox SET acked_at = :at, outcome = :outcome, reason = :reason, "
                    "code = :code WHERE seq = (SELECT max(seq) FROM outbox)"
                ),
                {
                    "at": "2026-11-23 09:00:00.000000",
                    "outcome": outcome,
                    "reason": reason,
                    "code": "state_conflict" if outcome == "rejected" else None,
                },
            )

    def pull(self, order_id: str, state: str) -> None:
        """The pull brought the order's next version."""
        with self.engine.begin() as conn:
            conn.execute(
                text("UPDATE pickup_order SET state = :s, version = version + 1 WHERE id = :id"),
                {"s": state, "id": order_id},
            )

    def facts(self) -> list[dict[str, Any]]:
        with self.engine.connect() as conn:
            rows = conn.execute(text("SELECT kind, payload_json FROM outbox ORDER BY seq")).all()
        assert all(r.kind == "pickup.transition" for r in rows)
        return [json.loads(r.payload_json) for r in rows]


def add_order(
    engine: Engine,
    clock: FakeClock,
    no: int,
    *,
    name: str,
    phone: str,
    code: str,
    state: str = "placed",
    paid: bool = True,
    lines: list[dict[str, Any]] | None = None,
    pickup_in: timedelta | None = timedelta(days=2),
    age: timedelta = timedelta(hours=1),
    store: str = "S01",
    version: int = 1,
) -> str:
    """A replica row as the pull writes it (search_text through the same function)."""
    order_id = new_id()
    number = f"W-{no:06d}"
    lines = [MILK] if lines is None else lines
    now = clock.now()
    with engine.begin() as conn:
        conn.execute(
            insert(table("pickup_order")),
            {
                "id": order_id,
                "number": number,
                "store_code": store,
                "state": state,
                "customer_name": name,
                "phone": phone,
                "pickup_code": code,
                "qr_payload": f"POSPICKUP:{number}:{code}",
                "paid": paid,
                "total_minor": sum(
                    line["unit_price_minor"] * line["qty_milli"] // 1000 for line in lines
                ),
                "currency": "TRY",
                "lines_json": json.dumps(lines, ensure_ascii=False),
                "created_at": now - age,
                "pickup_by": now + pickup_in if pickup_in is not None else None,
                "version": version,
                "synced_at": now - timedelta(minutes=5),
                "search_text": pickup_search_text(number, name, phone, code),
            },
        )
    return order_id


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    clock = FakeClock()
    engine = open_database(tmp_path / "pos.db")
    terminal = initialise_terminal(engine, "S01", "T01")
    seed_catalog(engine, clock)
    woken: list[int] = []
    service = PickupService(
        engine, clock, terminal, "Europe/Istanbul", after_commit=lambda: woken.append(1)
    )
    yield Desk(engine, clock, service, woken)
    engine.dispose()


def numbers(views: Any) -> list[str]:
    return [v.number for v in views]


# -- tabs ---------------------------------------------------------------------------------------


def test_tabs_counts_and_overdue(desk: Desk) -> None:
    late = timedelta(hours=-2)
    desk.add(1, state="placed", pickup_in=timedelta(days=1))
    desk.add(2, state="prepared", pickup_in=late)
    desk.add(3, state="ready", pickup_in=None)
    desk.add(4, state="ready", pickup_in=timedelta(hours=-5))
    desk.add(5, state="collected", pickup_in=late, age=timedelta(days=3))
    desk.add(6, state="cancelled", pickup_in=late)
    desk.add(7, state="collected", pickup_in=late, age=timedelta(days=1))
    desk.add(8, state="placed", store="S02")  # another store's order is not ours

    assert desk.service.counts() == {
        "to_prepare": 2,
        "ready": 2,
        "overdue": 2,
        "collected": 2,
        "cancelled": 1,
    }
    assert set(desk.service.counts()) == set(TABS)
    to_prepare = desk.service.list("to_prepare")
    assert numbers(to_prepare) == ["W-000002", "W-000001"]  # overdue first
    assert [v.overdue for v in to_prepare] == [True, False]
    assert numbers(desk.service.list("ready")) == ["W-000004", "W-000003"]
    assert numbers(desk.service.list("overdue")) == ["W-000004", "W-000002"]  # by deadline
    assert numbers(desk.service.list("collected")) == ["W-000007", "W-000005"]  # newest first
    assert not any(v.overdue for v in desk.service.list("collected"))
    assert numbers(desk.service.list("cancelled")) == ["W-000006"]
    assert len(desk.service.list("to_prepare", limit=1)) == 1

    desk.clock.advance(days=1, hours=1)  # W-000001's deadline passes
    assert desk.service.counts()["overdue"] == 3
    with pytest.raises(ValueError, match="unknown pickup tab"):
        desk.service.list("everything")


def test_view_carries_lines_money_and_local_products(desk: Desk) -> None:
    odd = {**TEA, "sku": "NOT-HERE", "qty_milli": 1500, "unit_price_minor": 333, "bin": ""}
    order_id = desk.add(9, lines=[MILK, odd], paid=False)
    view = desk.service.get(order_id)
    assert view is not None
    assert view.state == "placed" and not view.pending and view.conflict == ""
    assert not view.paid and view.currency == "TRY"
    milk, other = view.lines
    # The terminal's own product with that SKU, not the backend's id in the line.
    assert (milk.product_id, milk.sku, milk.bin, milk.total_minor) == (
        "p-milk",
        "MILK1L",
        "A-01",
        9100,
    )
    assert (other.product_id, other.total_minor) == ("", 500)  # 333 x 1.5 = 499.5 -> 500
    assert view.created_at.tzinfo is not None and view.pickup_by is not None
    assert view.pickup_by.utcoffset() == timedelta(0)
    assert desk.service.get("no-such-id") is None


def test_last_synced_at(desk: Desk) -> None:
    assert desk.service.last_synced_at() is None
    desk.add(1)
    assert desk.service.last_synced_at() == desk.clock.now() - timedelta(minutes=5)
    with desk.engine.begin() as conn:
        conn.execute(
            insert(table("sync_state")),
            {
                "id": 1,
                "server_url": "http://backend",
                "terminal_id": "t",
                "terminal_code": "T01",
                "store_id": "s",
                "store_code": "S01",
                "enrolled_at": desk.clock.now() - timedelta(days=1),
                "last_success_at": desk.clock.now() - timedelta(minutes=1),
            },
        )
    assert desk.service.last_synced_at() == desk.clock.now() - timedelta(minutes=1)


# -- search -------------------------------------------------------------------------------------


def test_search_by_number_variants(desk: Desk) -> None:
    desk.add(123, phone="05550000001", code="111111")
    desk.add(1234, phone="05550000002", code="222222")
    desk.add(12, phone="05550000003", code="333333")
    for query in ("W-000123", "w-000123", "w123", "W 123", "123", "000123", " w-123 "):
        found = desk.service.search(query)
        assert found and found[0].number == "W-000123", query
    assert numbers(desk.service.search("W-000012")) == ["W-000012"]
    assert desk.service.search("W-999999") == []
    assert desk.service.search("   ") == []
    assert len(desk.service.search("w-00", limit=2)) == 2


def test_search_folds_turkish_names(desk: Desk) -> None:
    desk.add(1, name="Işık Demir", phone="05551111111")
    desk.add(2, name="İSTANBUL Kırtasiye Ltd.", phone="05552222222")
    desk.add(3, name="Şule Öztürk", phone="05553333333")
    assert numbers(desk.service.search("ISIK")) == ["W-000001"]
    assert numbers(desk.service.search("ışık")) == ["W-000001"]
    assert numbers(desk.service.search("isik dem")) == ["W-000001"]
    assert numbers(desk.service.search("istanbul")) == ["W-000002"]
    assert numbers(desk.service.search("İSTANBUL")) == ["W-000002"]
    assert numbers(desk.service.search("kirtasiye istanbul")) == ["W-000002"]  # any order
    assert numbers(desk.service.search("sule ozturk")) == ["W-000003"]
    assert desk.service.search("demir istanbul") == []  # every word must match one order
    assert desk.service.search("50%") == []  # LIKE wildcards are literal
    assert desk.service.search("_") == []


def test_search_by_phone_formats(desk: Desk) -> None:
    desk.add(1, name="Ali Veli", phone="+90 532 123 45 67")
    desk.add(2, name="Can Er", phone="05551112233")
    desk.add(3, name="Nur Ak", phone="")
    for query in (
        "0532 123 45 67",
        "+90 532 123 45 67",
        "905321234567",
        "5321234567",
        "(0532) 123-4567",
        "0 532 123",
        "4567",
    ):
        assert numbers(desk.service.search(query)) == ["W-000001"], query
    for query in ("+90 555 111 22 33", "0555 111 2233", "0090 555 111 22 33"):
        assert numbers(desk.service.search(query)) == ["W-000002"], query
    assert desk.service.search("0533 123 45 67") == []


def test_search_by_pickup_code_and_qr(desk: Desk) -> None:
    other = desk.add(1, name="Ali Veli", phone="05321234567", code="482913")
    wanted = desk.add(2, name="Can Er", phone="05559482913", code="482913"[::-1])
    desk.add(3, name="Nur Ak", phone="05550000000", code="555555")
    found = desk.service.search("482913")
    assert [v.order_id for v in found][:1] == [other]  # the exact code first
    assert {v.order_id for v in found} == {other, wanted}  # phone digits match too

    qr = "POSPICKUP:W-000002:319284"
    assert [v.order_id for v in desk.service.search(qr)] == [wanted]
    assert desk.service.search("POSPICKUP:W-000002:000000") == []  # the code must match
    assert desk.service.search("POSPICKUP:W-000009:319284") == []

    scanned = desk.service.by_scan(qr)
    assert scanned is not None and scanned.order_id == wanted
    lower = desk.service.by_scan("pospickup:w-000002:319284")
    assert lower is not None and lower.order_id == wanted
    assert desk.service.by_scan("POSPICKUP:W-000002:482913") is None
    assert desk.service.by_scan("POSPICKUP:W-000002") is None
    bare = desk.service.by_scan("W-000002")
    assert bare is not None and bare.order_id == wanted
    assert desk.service.by_scan("8690000000019") is None
    assert desk.service.by_scan("hello") is None


# -- transitions --------------------------------------------------------------------------------


def test_prepare_ready_hand_over_write_one_fact_each(desk: Desk) -> None:
    order_id = desk.add(7, code="246810", lines=[MILK, TEA])

    prepared = desk.service.prepare(order_id, "u-1")
    assert (prepared.state, prepared.pending, prepared.conflict) == ("prepared", True, "")
    assert desk.count("SELECT count(*) FROM outbox") == 1 and desk.woken == [1]
    assert desk.facts() == [
        {
            "order_id": order_id,
            "number": "W-000007",
            "store_code": "S01",
            "from_state": "placed",
            "to_state": "prepared",
            "detail": {"user_id": "u-1"},
        }
    ]
    assert desk.service.counts()["to_prepare"] == 1

    ready = desk.service.mark_ready(order_id, "u-1")
    assert (ready.state, ready.pending) == ("ready", True)
    assert desk.count("SELECT count(*) FROM outbox") == 2 and desk.woken == [1, 1]
    assert numbers(desk.service.list("ready")) == ["W-000007"]
    assert desk.service.list("to_prepare") == []

    done = desk.service.hand_over(
        order_id, "u-2", verified_by="code", code=" 246810 ", refused={"TEA1KG": 500}
    )
    assert (done.state, done.pending) == ("collected", True)
    assert desk.count("SELECT count(*) FROM outbox") == 3 and len(desk.woken) == 3
    last = desk.facts()[-1]
    assert (last["from_state"], last["to_state"]) == ("ready", "collected")
    assert last["detail"] == {
        "verified_by": "code",
        "id_note": "",
        "refused_lines": [{"sku": "TEA1KG", "qty_milli": 500}],
        "refund_minor": 14995,  # 299.90 x 0.5
        "user_id": "u-2",
        "payment_sale_id": None,
    }
    with desk.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT t.from_state, t.to_state, t.replica_version, t.user_id, o.kind "
                "FROM pickup_transition t JOIN outbox o ON o.mutation_id = t.mutation_id "
                "ORDER BY o.seq"
            )
        ).all()
        audits = conn.execute(text("SELECT action, user_id, detail_json FROM audit_entry")).all()
    assert [tuple(r) for r in rows] == [
        ("placed", "prepared", 1, "u-1", "pickup.transition"),
        ("prepared", "ready", 1, "u-1", "pickup.transition"),
        ("ready", "collected", 1, "u-2", "pickup.transition"),
    ]
    assert [(a.action, a.user_id) for a in audits] == [("pickup.handed_over", "u-2")]
    assert json.loads(audits[0].detail_json)["number"] == "W-000007"
    assert desk.service.counts()["collected"] == 1


def test_hand_over_by_qr_and_by_id(desk: Desk) -> None:
    by_qr = desk.add(1, code="135790", state="ready")
    by_id = desk.add(2, code="975310", state="ready")
    view = desk.service.hand_over(by_qr, None, verified_by="qr", code="POSPICKUP:W-000001:135790")
    assert view.state == "collected"
    view = desk.service.hand_over(by_id, None, verified_by="id", id_note="  TC kimlik  ****1234 ")
    assert view.state == "collected"
    detail = desk.facts()[-1]["detail"]
    assert (detail["verified_by"], detail["id_note"]) == ("id", "TC kimlik ****1234")
    assert detail["refused_lines"] == [] and detail["refund_minor"] == 0


@pytest.mark.parametrize(
    ("state", "action", "kwargs", "code", "params"),
    [
        ("ready", "hand_over", {"verified_by": "code", "code": "000000"}, "pickup.wrong_code",
         {"number": "W-000005"}),
        ("ready", "hand_over", {"verified_by": "code"}, "pickup.wrong_code", {}),
        ("ready", "hand_over", {"verified_by": "qr", "code": "POSPICKUP:W-000006:112233"},
         "pickup.wrong_code", {}),
        ("ready", "hand_over", {"verified_by": "id", "id_note": "  "},
         "pickup.id_note_required", {}),
        ("ready", "hand_over", {"verified_by": "face"}, "pickup.bad_verification", {}),
        ("placed", "hand_over", {"verified_by": "code", "code": "112233"}, "pickup.wrong_state",
         {"number": "W-000005", "state": "placed"}),
        ("ready", "prepare", {}, "pickup.wrong_state", {"state": "ready"}),
        ("placed", "mark_ready", {}, "pickup.wrong_state", {"state": "placed"}),
        ("collected", "hand_over", {"verified_by": "code", "code": "112233"},
         "pickup.wrong_state", {"state": "collected"}),
        ("cancelled", "prepare", {}, "pickup.wrong_state", {"state": "cancelled"}),
        ("ready", "hand_over", {"verified_by": "code", "code": "112233",
                                "refused": {"BREAD": 1000}}, "pickup.bad_refusal",
         {"sku": "BREAD"}),
        ("ready", "hand_over", {"verified_by": "code", "code": "112233",
                                "refused": {"MILK1L": 0}}, "pickup.bad_refusal", {}),
        ("ready", "hand_over", {"verified_by": "code", "code": "112233",
                                "refused": {"MILK1L": 2001}}, "pickup.bad_refusal", {}),
        ("ready", "hand_over", {"verified_by": "code", "code": "112233",
                                "refused": {"MILK1L": -5}}, "pickup.bad_refusal", {}),
        ("ready", "hand_over", {"verified_by": "code", "code": "112233",
                                "refused": {"MILK1L": True}}, "pickup.bad_refusal", {}),
        ("ready", "hand_over", {"verified_by": "code", "code": "112233",
                                "refused": {"MILK1L": 2000, "TEA1KG": 1000}},
         "pickup.all_refused", {}),
        ("ready", "hand_over", {"verified_by": "code", "code": "112233",
                                "payment_sale_id": "no-such-sale"}, "pickup.unknown_sale", {}),
    ],
)  # fmt: skip
def test_bad_transitions_write_nothing(
    desk: Desk,
    state: str,
    action: str,
    kwargs: dict[str, Any],
    code: str,
    params: dict[str, Any],
) -> None:
    order_id = desk.add(5, code="112233", state=state, lines=[MILK, TEA])
    before = desk.service.get(order_id)
    with pytest.raises(UserError) as err:
        getattr(desk.service, action)(order_id, "u-1", **kwargs)
    assert err.value.code == code
    assert params.items() <= err.value.params.items()
    assert desk.nothing_written()
    assert desk.service.get(order_id) == before


def test_unknown_order_and_unpaid_order_write_nothing(desk: Desk) -> None:
    with pytest.raises(UserError) as err:
        desk.service.prepare("no-such-order", None)
    assert err.value.code == "pickup.unknown_order"
    elsewhere = desk.add(1, state="placed", store="S02")
    with pytest.raises(UserError) as err:
        desk.service.prepare(elsewhere, None)
    assert err.value.code == "pickup.unknown_order"
    unpaid = desk.add(2, state="ready", paid=False, code="424242")
    with pytest.raises(UserError) as err:
        desk.service.hand_over(unpaid, None, verified_by="code", code="424242")
    assert (err.value.code, err.value.params) == ("pickup.unpaid", {"number": "W-000002"})
    assert desk.nothing_written()


def test_pay_in_store_order_needs_the_sale(services: Services, ctx: SaleContext) -> None:
    assert isinstance(services.clock, FakeClock)
    order_id = add_order(
        services.engine,
        services.clock,
        3,
        name="Ece",
        phone="",
        code="777777",
        state="ready",
        paid=False,
    )
    cart = services.new_cart()
    scan = services.catalog.resolve_scan(SEED[0].barcode or "")
    cart.add(scan.product, scan.quantity, fixed_total_minor=scan.fixed_total_minor)
    payment = Payment(cart.totals().total_minor)
    payment.add_cash(payment.remaining_minor)
    sale = services.sales.complete_sale(cart, payment, ctx)
    view = services.pickup.hand_over(
        order_id, ctx.cashier_id, verified_by="code", code="777777", payment_sale_id=sale.sale_id
    )
    assert view.state == "collected" and view.pending
    with services.engine.connect() as conn:
        payload: str = conn.execute(
            text("SELECT payload_json FROM outbox WHERE kind = 'pickup.transition'")
        ).scalar_one()
        audited: str = conn.execute(
            text("SELECT sale_id FROM audit_entry WHERE action = 'pickup.handed_over'")
        ).scalar_one()
    detail = json.loads(payload)["detail"]
    assert (detail["payment_sale_id"], detail["refund_minor"]) == (sale.sale_id, 0)
    assert audited == sale.sale_id


# -- effective state -----------------------------------------------------------------------------


def test_effective_state_after_an_applied_ack(desk: Desk) -> None:
    order_id = desk.add(7)
    desk.service.prepare(order_id, None)
    desk.ack("applied")
    view = desk.service.get(order_id)
    assert view is not None
    # The backend has it, the pull has not brought the new version yet: still prepared.
    assert (view.state, view.pending, view.conflict) == ("prepared", False, "")
    assert desk.service.counts()["to_prepare"] == 1
    ready = desk.service.mark_ready(order_id, None)  # allowed from the effective state
    assert (ready.state, ready.pending) == ("ready", True)
    desk.ack("duplicate")
    assert numbers(desk.service.list("ready")) == ["W-000007"]

    desk.pull(order_id, "ready")  # the replica caught up
    view = desk.service.get(order_id)
    assert view is not None and (view.state, view.pending) == ("ready", False)
    desk.pull(order_id, "collected")  # and later moves on without this terminal
    view = desk.service.get(order_id)
    assert view is not None and view.state == "collected"
    assert numbers(desk.service.search("W-000007")) == ["W-000007"]
    assert desk.service.search("W-000007")[0].state == "collected"


def test_pending_transition_wins_over_a_newer_replica(desk: Desk) -> None:
    order_id = desk.add(8)
    desk.service.prepare(order_id, None)
    desk.pull(order_id, "cancelled")  # cancelled online; our fact is still on its way
    view = desk.service.get(order_id)
    assert view is not None and (view.state, view.pending) == ("prepared", True)
    assert desk.service.search("W-000008")[0].state == "prepared"


def test_rejected_transition_shows_the_conflict(desk: Desk) -> None:
    order_id = desk.add(9)
    desk.service.prepare(order_id, None)
    reason = "W-000009: expected placed, is cancelled"
    desk.ack("rejected", reason)
    view = desk.service.get(order_id)
    assert view is not None
    assert (view.state, view.pending, view.conflict) == ("placed", False, reason)
    desk.pull(order_id, "cancelled")
    view = desk.service.get(order_id)
    assert view is not None and (view.state, view.conflict) == ("cancelled", reason)
    assert desk.service.counts() == {
        "to_prepare": 0,
        "ready": 0,
        "overdue": 0,
        "collected": 0,
        "cancelled": 1,
    }
    listed = desk.service.list("cancelled")
    assert [(v.number, v.conflict) for v in listed] == [("W-000009", reason)]
    [found] = desk.service.search("W-000009")
    assert (found.state, found.conflict) == ("cancelled", reason)
    with pytest.raises(UserError) as err:
        desk.service.mark_ready(order_id, None)
    assert err.value.params == {"number": "W-000009", "state": "cancelled"}


def test_a_new_transition_after_a_rejection_clears_the_conflict(desk: Desk) -> None:
    order_id = desk.add(10)
    desk.service.prepare(order_id, None)
    desk.ack("rejected", "W-000010: expected placed, is prepared")
    desk.pull(order_id, "prepared")  # another terminal prepared it
    view = desk.service.mark_ready(order_id, None)
    assert (view.state, view.pending, view.conflict) == ("ready", True, "")


# -- writers of the replica fill search_text -----------------------------------------------------


def _wire_order(number: str, name: str, phone: str, code: str) -> dict[str, Any]:
    return PickupOrderData(
        id=new_id(),
        number=number,
        store_code="S01",
        state="placed",
        customer_name=name,
        phone=phone,
        pickup_code=code,
        qr_payload=f"POSPICKUP:{number}:{code}",
        paid=True,
        total_minor=9100,
        lines=[PickupLine.model_validate(MILK)],
        created_at=datetime(2026, 11, 22, 10, 0).astimezone(),
    ).model_dump(mode="json")


def test_pull_and_snapshot_fill_search_text(desk: Desk) -> None:
    store = SyncStore(desk.engine, desk.clock)
    pulled = _wire_order("W-000041", "Gülşen Çelik", "0532 999 88 77", "918273")
    store.apply_changes(
        [
            Change(
                scope="store:S01",
                seq=1,
                collection="pickup_order",
                key=pulled["id"],
                op="upsert",
                data=pulled,
            )
        ],
        "cursor-1",
    )
    assert numbers(desk.service.search("gulsen celik")) == ["W-000041"]
    assert numbers(desk.service.search("+90 532 999 88 77")) == ["W-000041"]
    assert numbers(desk.service.search("POSPICKUP:W-000041:918273")) == ["W-000041"]

    snapped = _wire_order("W-000042", "IŞIL Ünal", "05441234567", "102938")
    store.begin_snapshot()
    store.stage_snapshot("pickup_order", [{"key": snapped["id"], "data": snapped}])
    store.finish_snapshot("cursor-2", "epoch-1")
    assert numbers(desk.service.search("isil")) == ["W-000042"]
    assert numbers(desk.service.search("0544 123 45 67")) == ["W-000042"]
    assert desk.service.search("gulsen") == []  # the snapshot replaced the replica


def test_migration_fills_search_text_of_existing_orders(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    engine = make_engine(path)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    command.upgrade(config, "0005")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO pickup_order (id, number, store_code, state, customer_name, phone, "
                "pickup_code, qr_payload, paid, total_minor, currency, lines_json, created_at, "
                "version, synced_at) VALUES ('o1', 'W-000077', 'S01', 'placed', 'Işık Ünlü', "
                "'+90 505 111 22 33', '564738', 'POSPICKUP:W-000077:564738', 1, 100, 'TRY', "
                "'[]', '2026-11-22 10:00:00.000000', 1, '2026-11-22 10:00:00.000000')"
            )
        )
    migrate(engine, path)
    with engine.connect() as conn:
        stored: str = conn.execute(text("SELECT search_text FROM pickup_order")).scalar_one()
    assert stored == "w-000077\x1fisik unlu\x1f5051112233\x1f564738"
    engine.dispose()


def test_settings_path_is_used_by_the_desk(tmp_path: Path) -> None:
    """The service works on the database the app opens (settings -> open_database)."""
    settings = load_settings(data_dir=tmp_path / "data")
    engine = open_database(settings.database_path)
    terminal = initialise_terminal(engine, "S01", "T01")
    clock = FakeClock()
    order_id = add_order(engine, clock, 1, name="Deniz", phone="", code="123123")
    service = PickupService(engine, clock, terminal, settings.timezone)
    assert service.prepare(order_id, None).state == "prepared"  # no after_commit: fine
    engine.dispose()


def test_pickup_bench_runs_and_finds_every_query(tmp_path: Path) -> None:
    result = run_pickup_bench(tmp_path, orders=300, queries=40)
    assert (result["orders"], result["queries"], result["found"]) == (300, 40, 40)
    assert 0 < result["p50_ms"] <= result["p99_ms"] <= result["max_ms"]
    [row] = format_pickup_rows(result)
    assert row.startswith("pickup search, 300 open orders") and "target p99 <= 20 ms" in row
    assert list(tmp_path.iterdir()) == []  # the bench cleans up after itself
