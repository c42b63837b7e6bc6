"""Stock look-up across stores on the terminal's replica (``pos_app.services.stock_lookup``).

The replica is written the way pull writes it (``SyncStore.apply_changes``), so the report
times and the local movements' times are compared in the formats they really have.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import count
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, insert, update

from pos_app.config import load_settings
from pos_app.errors import UserError
from pos_app.services.stock_lookup import ProductStock, StockLookup
from pos_app.services.terminal import initialise_terminal
from pos_app.storage.database import open_database
from pos_app.storage.replica.store import SyncStore
from pos_app.storage.tables import table
from sync.protocol import Change
from tests.fakes import SEED, FakeClock, seed_catalog

_seqs = count(1)
MILK, TEA, SOAP, BREAD, APPLE = "p-milk", "p-tea", "p-soap", "p-bread", "p-apple"
SKUS = {p.product_id: p.sku for p in SEED}


@dataclass
class Replica:
    engine: Engine
    clock: FakeClock
    lookup: StockLookup
    reported_at: datetime

    def report(self, product_id: str, stores: dict[str, tuple[int, int, int]], online: int) -> None:
        """The backend's stock of one product, pulled now: store -> (on hand, reserved,
        available)."""
        levels = {
            code: {"on_hand_milli": o, "reserved_milli": r, "available_milli": a}
            for code, (o, r, a) in stores.items()
        }
        data = {
            "product_id": product_id,
            "sku": SKUS[product_id],
            "stores": levels,
            "online_available_milli": online,
            "updated_at": None,
        }
        change = Change(
            scope="store:S01",
            seq=next(_seqs),
            collection="stock",
            key=product_id,
            op="upsert",
            data=data,
        )
        SyncStore(self.engine, self.clock).apply_changes([change], cursor="c")

    def move(self, product_id: str, qty_milli: int, at: datetime, store: str = "S01") -> None:
        with self.engine.begin() as conn:
            conn.execute(
                insert(table("stock_movement")),
                {
                    "id": f"m{next(_seqs)}",
                    "store_code": store,
                    "product_id": product_id,
                    "qty_milli": qty_milli,
                    "reason": "sale" if qty_milli < 0 else "receive",
                    "sale_id": None,
                    "occurred_at": at,
                },
            )


def _stores(engine: Engine, clock: FakeClock, names: dict[str, str]) -> None:
    changes = [
        Change(
            scope="global",
            seq=next(_seqs),
            collection="store",
            key=code,
            op="upsert",
            data={"code": code, "id": f"id-{code}", "name": name},
        )
        for code, name in names.items()
    ]
    SyncStore(engine, clock).apply_changes(changes, cursor="c")


@pytest.fixture
def replica(tmp_path: Path) -> Iterator[Replica]:
    """Terminal S01 with the seed catalog; stock reported by the backend at 10:00:

    milk  S01 10 on hand (1 reserved), S02 3, S03 7, online 12; local sales -1 at 09:59
          (before the report), -2 at 10:05 and a return +0.5 at 10:10; S02's -3 is not ours
    tea   S01 1.5, S02 0, online 0
    soap  S01 3, sold -2 at 10:01
    bread never reported; -1 sold at 09:00
    apple S01 -2 (sold while offline before)
    """
    clock = FakeClock()
    engine = open_database(load_settings(data_dir=tmp_path / "data").database_path)
    initialise_terminal(engine, "S01", "T01")
    seed_catalog(engine, clock)
    _stores(engine, clock, {"S01": "Kadıköy", "S02": "Beşiktaş", "S03": "Üsküdar"})
    start = clock.now()
    reported_at = clock.advance(hours=1)
    r = Replica(engine, clock, StockLookup(engine, "S01"), reported_at)
    r.report(
        MILK, {"S01": (10000, 1000, 9000), "S02": (3000, 0, 3000), "S03": (7000, 0, 7000)}, 12000
    )
    r.report(TEA, {"S01": (1500, 0, 1500), "S02": (0, 0, 0)}, 0)
    r.report(SOAP, {"S01": (3000, 0, 3000)}, 3000)
    r.report(APPLE, {"S01": (-2000, 0, -2000)}, 0)
    r.move(MILK, -1000, reported_at - timedelta(minutes=1))
    r.move(MILK, -2000, reported_at + timedelta(minutes=5))
    r.move(MILK, 500, reported_at + timedelta(minutes=10))
    r.move(MILK, -3000, reported_at + timedelta(minutes=5), store="S02")
    r.move(SOAP, -2000, reported_at + timedelta(minutes=1))
    r.move(BREAD, -1000, start)
    yield r
    r.lookup.close()
    engine.dispose()


def _ids(found: list[ProductStock]) -> list[str]:
    return [p.product_id for p in found]


def test_for_product_shows_here_others_by_availability_and_online(replica: Replica) -> None:
    milk = replica.lookup.for_product(MILK)
    t = replica.reported_at
    assert (milk.product_id, milk.sku, milk.name) == (MILK, "MILK1L", "Tam Yağlı Süt 1 L")
    assert milk.here is not None
    assert (milk.here.store_code, milk.here.store_name, milk.here.here) == ("S01", "Kadıköy", True)
    assert (milk.here.on_hand_milli, milk.here.reserved_milli, milk.here.available_milli) == (
        10000,
        1000,
        9000,
    )
    assert milk.here.synced_at == t and milk.here.synced_at.tzinfo is not None
    # Only this store's movements after the report: -2 + 0.5; the 09:59 sale was in it.
    assert milk.unsynced_milli == -1500
    assert (milk.on_hand_now_milli, milk.available_now_milli) == (8500, 7500)
    assert [(s.store_code, s.store_name, s.available_milli, s.here) for s in milk.others] == [
        ("S03", "Üsküdar", 7000, False),
        ("S02", "Beşiktaş", 3000, False),
    ]
    assert (milk.online_available_milli, milk.online_synced_at) == (12000, t)
    assert milk.synced_at == t


def test_a_newer_report_absorbs_the_movements_before_it(replica: Replica) -> None:
    later = replica.clock.advance(minutes=90)  # 10:30, after every local movement
    replica.report(MILK, {"S01": (8500, 0, 8500), "S02": (0, 0, 0)}, 8000)
    milk = replica.lookup.for_product(MILK)
    assert milk.here is not None and milk.here.on_hand_milli == 8500
    assert milk.unsynced_milli == 0
    assert [s.store_code for s in milk.others] == ["S02"]  # S03 is gone from the report
    replica.move(MILK, -1000, later + timedelta(seconds=1))
    assert replica.lookup.for_product(MILK).unsynced_milli == -1000


def test_without_a_report_every_local_movement_counts(replica: Replica) -> None:
    bread = replica.lookup.for_product(BREAD)
    assert bread.here is None and bread.others == ()
    assert bread.unsynced_milli == -1000 and bread.on_hand_now_milli == -1000
    assert (bread.online_available_milli, bread.online_synced_at, bread.synced_at) == (
        None,
        None,
        None,
    )


def test_only_other_stores_reported(replica: Replica) -> None:
    replica.report(BREAD, {"S02": (4000, 0, 4000)}, 4000)
    bread = replica.lookup.for_product(BREAD)
    assert bread.here is None
    assert bread.unsynced_milli == -1000  # no report for this store: all local movements
    assert [(s.store_code, s.available_milli) for s in bread.others] == [("S02", 4000)]


def test_synced_at_is_the_oldest_figure_and_unknown_stores_show_their_code(
    replica: Replica,
) -> None:
    old = replica.reported_at - timedelta(days=2)
    with replica.engine.begin() as conn:
        conn.execute(
            insert(table("stock_level")),
            {
                "product_id": MILK,
                "store_code": "S09",
                "on_hand_milli": 20000,
                "reserved_milli": 0,
                "available_milli": 20000,
                "synced_at": old,
            },
        )
    milk = replica.lookup.for_product(MILK)
    assert (milk.others[0].store_code, milk.others[0].store_name) == ("S09", "S09")
    assert milk.synced_at == old


def test_unknown_product_is_a_user_error(replica: Replica) -> None:
    with pytest.raises(UserError) as caught:
        replica.lookup.for_product("nope")
    assert caught.value.code == "stock.unknown_product"
    assert caught.value.params == {"product": "nope"}


def test_low_stock_uses_availability_now_least_first(replica: Replica) -> None:
    low = replica.lookup.low_stock()
    # apple -2, bread -1 (local only), soap 3 - 2 = 1, tea 1.5; milk 7.5 is not low.
    assert _ids(low) == [APPLE, BREAD, SOAP, TEA]
    assert [p.available_now_milli for p in low] == [-2000, -1000, 1000, 1500]
    assert _ids(replica.lookup.low_stock(threshold_milli=1000)) == [APPLE, BREAD, SOAP]
    assert _ids(replica.lookup.low_stock(threshold_milli=-1500)) == [APPLE]
    assert _ids(replica.lookup.low_stock(limit=2)) == [APPLE, BREAD]
    assert MILK in _ids(replica.lookup.low_stock(threshold_milli=7500))
    assert MILK not in _ids(replica.lookup.low_stock(threshold_milli=7499))


def test_negative_stock_includes_inactive_products_low_stock_does_not(replica: Replica) -> None:
    assert _ids(replica.lookup.negative_stock()) == [APPLE, BREAD]
    with replica.engine.begin() as conn:
        conn.execute(
            update(table("product")).where(table("product").c.id == APPLE), {"active": False}
        )
    assert APPLE not in _ids(replica.lookup.low_stock())
    assert _ids(replica.lookup.negative_stock()) == [APPLE, BREAD]
    assert _ids(replica.lookup.negative_stock(limit=1)) == [APPLE]
    replica.move(BREAD, 1000, replica.clock.now())
    assert _ids(replica.lookup.negative_stock()) == [APPLE]  # bread back at zero


@pytest.mark.parametrize(
    ("query", "first"),
    [
        (SEED[0].barcode, MILK),
        ("TEA1KG", TEA),
        ("tea1kg", TEA),
        ("SIVI", SOAP),  # dotless I folds to the Turkish ı
        ("sıvı sabun", SOAP),
        ("süt", MILK),
        ("sut", MILK),
        ("ÇAY", TEA),
        ("  ekmek ", BREAD),
    ],
)
def test_find_by_barcode_sku_or_turkish_name(replica: Replica, query: str, first: str) -> None:
    found = replica.lookup.find(query)
    assert found and found[0].product_id == first
    assert found[0] == replica.lookup.for_product(first)


def test_find_edge_cases(replica: Replica) -> None:
    assert replica.lookup.find("   ") == []
    assert replica.lookup.find("no such thing") == []
    both = replica.lookup.find("a", limit=10)  # in several names
    assert len(both) == len({p.product_id for p in both}) >= 2
    assert len(replica.lookup.find("a", limit=1)) == 1
    for bad in (0, -5):
        with pytest.raises(UserError) as caught:
            replica.lookup.find("süt", limit=bad)
        assert caught.value.code == "stock.bad_limit"
        with pytest.raises(UserError):
            replica.lookup.low_stock(limit=bad)
        with pytest.raises(UserError):
            replica.lookup.negative_stock(limit=bad)


def test_own_store_name_falls_back_to_the_enrolment(tmp_path: Path) -> None:
    clock = FakeClock()
    engine = open_database(load_settings(data_dir=tmp_path / "data").database_path)
    initialise_terminal(engine, "S01", "T01")
    seed_catalog(engine, clock)
    with engine.begin() as conn:
        row: dict[str, Any] = {
            "id": 1,
            "server_url": "http://backend",
            "terminal_id": "t",
            "terminal_code": "T01",
            "store_id": "id-S01",
            "store_code": "S01",
            "store_name": "Moda",
            "enrolled_at": clock.now(),
        }
        conn.execute(insert(table("sync_state")), row)
    replica = Replica(engine, clock, StockLookup(engine, "S01"), clock.now())
    replica.report(MILK, {"S01": (1000, 0, 1000), "S02": (0, 0, 0)}, 0)
    milk = replica.lookup.for_product(MILK)
    assert milk.here is not None and milk.here.store_name == "Moda"
    assert [s.store_name for s in milk.others] == ["S02"]
    engine.dispose()


# -- how old the figures are: the last pull that confirmed them (issue 14, item 9) -------------


def _enrol(engine: Engine, clock: FakeClock) -> None:
    with engine.begin() as conn:
        conn.execute(
            insert(table("sync_state")),
            {
                "id": 1,
                "server_url": "http://backend",
                "terminal_id": "t",
                "terminal_code": "T01",
                "store_id": "id-S01",
                "store_code": "S01",
                "enrolled_at": clock.now(),
            },
        )


def _round(engine: Engine, at: datetime, error: str = "") -> None:
    """A sync round ending at ``at``: a pull that reached the backend (no change for milk)."""
    SyncStore(engine, FakeClock(at)).record_round(error=error)


def test_figures_are_as_fresh_as_the_last_pull_not_the_last_change(replica: Replica) -> None:
    # Milk's figures last changed at 10:00; it is 12:00 and the till pulled at 11:59 (nothing
    # new for milk): the figures were confirmed at 11:59, not left at 10:00.
    _enrol(replica.engine, replica.clock)
    now = replica.clock.advance(hours=2)
    assert now - replica.reported_at == timedelta(hours=2)
    _round(replica.engine, now - timedelta(minutes=1))
    milk = replica.lookup.for_product(MILK)
    pulled = now - timedelta(minutes=1)
    assert milk.here is not None and milk.here.synced_at == pulled
    assert [s.synced_at for s in milk.others] == [pulled, pulled]
    assert (milk.online_synced_at, milk.synced_at, milk.pulled_at) == (pulled, pulled, pulled)
    # The local movements since the backend's report still count (it changed at 10:00).
    assert milk.unsynced_milli == -1500
    # A failed round confirms nothing: the age stays at the last successful pull.
    _round(replica.engine, now + timedelta(minutes=20), error="ConnectError: timed out")
    assert replica.lookup.for_product(MILK).synced_at == pulled
    # A product without a figure anywhere: as of the last pull the backend had none.
    bread = replica.lookup.for_product(BREAD)
    assert (bread.here, bread.synced_at, bread.pulled_at) == (None, pulled, pulled)


def test_a_figure_pulled_after_the_last_round_keeps_its_own_stamp(replica: Replica) -> None:
    # A round that failed after pulling a page: its rows are newer than the last success.
    _enrol(replica.engine, replica.clock)
    _round(replica.engine, replica.reported_at - timedelta(minutes=30))
    milk = replica.lookup.for_product(MILK)
    assert milk.synced_at == replica.reported_at and milk.pulled_at < replica.reported_at


def test_never_pulled_figures_keep_their_stamps_and_none_says_never(replica: Replica) -> None:
    _enrol(replica.engine, replica.clock)  # enrolled, no successful round yet
    milk = replica.lookup.for_product(MILK)
    assert (milk.synced_at, milk.pulled_at) == (replica.reported_at, None)
    assert replica.lookup.for_product(BREAD).synced_at is None


# -- names in the register's language (issue 14, item 13) ---------------------------------------


def test_products_carry_their_names_per_language(replica: Replica) -> None:
    milk = replica.lookup.for_product(MILK)
    assert milk.names == {"en": "Milk1L"}  # the seed catalog's English name
    assert (milk.name_in("en"), milk.name_in("tr")) == ("Milk1L", "Tam Yağlı Süt 1 L")
    assert milk.name_in("de") == "Tam Yağlı Süt 1 L"
