"""The ``value_card`` collection in the till's replica: pulled, deleted, snapshotted."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from pos_app.storage.database import open_database
from pos_app.storage.replica.store import SyncStore
from sync.protocol import Change, giftcards
from tests.fakes import FakeClock


def card(code: str, balance: int) -> dict[str, object]:
    return {
        "code_hash": giftcards.code_hash(code),
        "kind": "gift",
        "state": "active",
        "balance_minor": balance,
        "offline_limit_minor": 20_000,
        "last4": giftcards.last4(code),
        "currency": "TRY",
    }


def cards(engine: Engine) -> dict[str, tuple[int, int, str]]:
    with engine.connect() as conn:
        return {
            str(r[0]): (int(r[1]), int(r[2]), str(r[3]))
            for r in conn.exec_driver_sql(
                "SELECT code_hash, balance_minor, offline_limit_minor, last4 FROM value_card"
            )
        }


def test_pulled_cards_are_upserted_and_deleted(tmp_path: Path) -> None:
    engine = open_database(tmp_path / "pos.db")
    store = SyncStore(engine, FakeClock())
    first, second = giftcards.new_code(), giftcards.new_code()
    h1, h2 = giftcards.code_hash(first), giftcards.code_hash(second)
    store.apply_changes(
        [
            Change(
                scope="global",
                seq=1,
                collection="value_card",
                key=h1,
                op="upsert",
                data=card(first, 5_000),
            ),
            Change(
                scope="global",
                seq=2,
                collection="value_card",
                key=h2,
                op="upsert",
                data=card(second, 7_000),
            ),
            Change(
                scope="global",
                seq=3,
                collection="value_card",
                key=h1,
                op="upsert",
                data=card(first, 4_000),
            ),
        ],
        "c3",
    )
    assert cards(engine) == {
        h1: (4_000, 20_000, giftcards.last4(first)),
        h2: (7_000, 20_000, giftcards.last4(second)),
    }
    store.apply_changes(
        [Change(scope="global", seq=4, collection="value_card", key=h2, op="delete")], "c4"
    )
    assert set(cards(engine)) == {h1}


def test_a_snapshot_replaces_the_cards(tmp_path: Path) -> None:
    engine = open_database(tmp_path / "pos.db")
    store = SyncStore(engine, FakeClock())
    old, new = giftcards.new_code(), giftcards.new_code()
    store.apply_changes(
        [
            Change(
                scope="global",
                seq=1,
                collection="value_card",
                key=giftcards.code_hash(old),
                op="upsert",
                data=card(old, 1_000),
            )
        ],
        "c1",
    )
    store.begin_snapshot()
    store.stage_snapshot(
        "value_card", [{"key": giftcards.code_hash(new), "data": card(new, 9_000)}]
    )
    store.finish_snapshot("c9", "epoch")
    assert cards(engine) == {giftcards.code_hash(new): (9_000, 20_000, giftcards.last4(new))}
