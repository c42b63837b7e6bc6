"""The points ledger's rules on the backend (docs/loyalty.md "Ledgers"): the earning rules
tills pull, and each customer's spendable and pending points.

**Rules.** One ``loyalty_rules`` row per version; the newest is current. With none stored the
chain runs on ``DEFAULT_RULES`` (1 point per whole TRY, 30 days to vest, a point pays 1
kuruş, version 0). ``set_rules`` stores the next version and emits it as the GLOBAL change
``loyalty_rules``/``current`` (``sync.protocol.reservations.LOYALTY_RULES_KEY``).

**Dates.** Every ledger entry takes effect on a day (``sync.protocol.loyalty.spendable``): its
``vests_on`` when it has one (an earn, or a reversal of one), else the store-local date of
when it happened (a redemption, a refund, an admin adjustment). The store is the one of the
entry's order; an entry without one (admin) is dated in ``CHAIN_ZONE``. Customers are
chain-wide, so "today" for a pulled customer record is the chain's day too; a till recomputes
today's spendable balance from ``pending_points`` with its own date.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, and_, func, insert, select

from sync.protocol.loyalty import EarningRules, pending, spendable
from sync.protocol.reservations import LOYALTY_RULES_KEY
from sync.server.changes import GLOBAL, ChangeBuffer
from sync.server.schema import loyalty_entry, loyalty_rules, pos_order, store

COLLECTION = "loyalty_rules"
CHAIN_ZONE = "Europe/Istanbul"
DEFAULT_RULES = EarningRules(points_per_try=1, vesting_days=30, point_value_minor=1, version=0)


def local_date(moment: datetime, zone: str | None) -> date:
    """The calendar date of ``moment`` in ``zone`` (``CHAIN_ZONE`` when None)."""
    return moment.astimezone(ZoneInfo(zone or CHAIN_ZONE)).date()


def store_zone(conn: Connection, store_id: str | None) -> str:
    """The time zone of a store (``CHAIN_ZONE`` for none)."""
    if store_id is None:
        return CHAIN_ZONE
    found = conn.execute(select(store.c.timezone).where(store.c.id == store_id)).scalar()
    return str(found) if found else CHAIN_ZONE


def current_rules(conn: Connection) -> EarningRules:
    """The newest stored rules, or ``DEFAULT_RULES`` when none were ever set."""
    row = conn.execute(
        select(loyalty_rules.c.rules_json).order_by(loyalty_rules.c.version.desc()).limit(1)
    ).scalar()
    if row is None:
        return DEFAULT_RULES
    return EarningRules.model_validate(json.loads(row))


def set_rules(
    conn: Connection, changes: ChangeBuffer, rules: EarningRules, now: datetime
) -> EarningRules:
    """Store ``rules`` as the next version (its own ``version`` is ignored) and queue them
    for every till."""
    previous = conn.execute(select(func.max(loyalty_rules.c.version))).scalar()
    version = (DEFAULT_RULES.version if previous is None else int(previous)) + 1
    stored = rules.model_copy(update={"version": version})
    conn.execute(
        insert(loyalty_rules),
        {"version": version, "rules_json": json.dumps(stored.payload()), "created_at": now},
    )
    changes.upsert(GLOBAL, COLLECTION, LOYALTY_RULES_KEY, stored.payload())
    return stored


def snapshot_items(conn: Connection, after: str | None) -> list[dict[str, Any]]:
    """The ``loyalty_rules`` snapshot: the one current rule set under its key."""
    if after is not None and after >= LOYALTY_RULES_KEY:
        return []
    return [{"key": LOYALTY_RULES_KEY, "data": current_rules(conn).payload()}]


def dated_entries(conn: Connection, customer_ids: list[str]) -> dict[str, list[tuple[date, int]]]:
    """Per customer, their ledger as (effective date, points) (see the module's "Dates")."""
    if not customer_ids:
        return {}
    return _dated(conn, loyalty_entry.c.customer_id.in_(customer_ids))


def dated_entries_between(
    conn: Connection, after: str | None, last: str
) -> dict[str, list[tuple[date, int]]]:
    """``dated_entries`` of every customer whose id is above ``after`` (None: any) and at
    most ``last``: a snapshot page's key range, read by the index without an IN list of
    thousands of ids (whose binding cost more than the query on PostgreSQL)."""
    within = loyalty_entry.c.customer_id <= last
    if after is not None:
        within = and_(loyalty_entry.c.customer_id > after, within)
    return _dated(conn, within)


def _dated(conn: Connection, where: Any) -> dict[str, list[tuple[date, int]]]:
    rows = conn.execute(
        select(
            loyalty_entry.c.customer_id,
            loyalty_entry.c.points,
            loyalty_entry.c.vests_on,
            loyalty_entry.c.occurred_at,
            store.c.timezone,
        )
        .select_from(
            loyalty_entry.outerjoin(
                pos_order, pos_order.c.id == loyalty_entry.c.order_id
            ).outerjoin(store, store.c.id == pos_order.c.store_id)
        )
        .where(where)
    ).all()
    out: dict[str, list[tuple[date, int]]] = defaultdict(list)
    for r in rows:
        on = r.vests_on if r.vests_on is not None else local_date(_aware(r.occurred_at), r.timezone)
        out[str(r.customer_id)].append((on, int(r.points)))
    return out


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; the schema stores UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def chain_today(now: datetime | None = None) -> date:
    return local_date(now or datetime.now(UTC), CHAIN_ZONE)


def spendable_points(conn: Connection, customer_id: str, today: date) -> int:
    """Points the customer can spend on ``today`` (vested, less spends; never below 0)."""
    return spendable(dated_entries(conn, [customer_id]).get(customer_id, []), today)


def pending_total(conn: Connection, customer_id: str, today: date) -> int:
    """Points earned and not yet vested on ``today``."""
    return pending(dated_entries(conn, [customer_id]).get(customer_id, []), today)


def pending_by_day(entries: list[tuple[date, int]], today: date) -> dict[str, int]:
    """Future vesting day (ISO) -> points vesting then (days whose entries cancel left out)."""
    days: dict[date, int] = defaultdict(int)
    for on, points in entries:
        if on > today:
            days[on] += points
    return {on.isoformat(): points for on, points in sorted(days.items()) if points}


def pending_points(conn: Connection, customer_id: str, today: date | None = None) -> dict[str, int]:
    """``CustomerData.pending_points`` of one customer (the chain's today by default)."""
    entries = dated_entries(conn, [customer_id]).get(customer_id, [])
    return pending_by_day(entries, today or chain_today())
