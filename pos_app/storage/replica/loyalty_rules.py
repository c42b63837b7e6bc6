"""The pulled earning rules (collection ``loyalty_rules``, key ``current``) in the
``loyalty_rules`` table, and the offline redemption bounds of the last ``hello`` in
``sync_state``, so a till restarted offline still knows them.

Rules that do not validate (a newer backend's field this till does not know) are not
stored and the ones held are dropped: a till never earns by rules it does not fully
understand (``EarningRules`` refuses unknown fields); it earns nothing until it is updated,
and the rest of the pull goes on.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection

from pos_app.domain.loyalty import OfflineBounds
from sync.protocol import HelloResponse
from sync.protocol.loyalty import EarningRules
from sync.protocol.reservations import LOYALTY_RULES_KEY

log = logging.getLogger(__name__)

STAGING = "key TEXT PRIMARY KEY, version INTEGER, rules_json TEXT"
STAGE_SQL = "INSERT OR REPLACE INTO snap_loyalty_rules VALUES (?, ?, ?)"

# (key, version, rules_json); rules_json None: rules this till cannot use.
RulesRow = tuple[str, int, str | None]


def row(key: str, data: Any) -> RulesRow | None:
    """The table row of a pulled rule set; None for a key other than ``current``."""
    if key != LOYALTY_RULES_KEY:
        log.info("ignoring loyalty rules under key %r", key)
        return None
    try:
        rules = EarningRules.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        log.warning(
            "loyalty rules from the backend not understood (%s: %s): this till earns no "
            "points until it is updated",
            where,
            first["msg"],
        )
        return (key, -1, None)
    return (key, rules.version, json.dumps(rules.payload(), sort_keys=True))


def apply(conn: Connection, rows: list[RulesRow], now: str) -> None:
    """Upsert pulled rule sets (``now``: their ``synced_at``)."""
    for key, version, rules_json in rows:
        if rules_json is None:
            conn.exec_driver_sql("DELETE FROM loyalty_rules WHERE key = ?", (key,))
            continue
        conn.exec_driver_sql(
            "INSERT OR REPLACE INTO loyalty_rules (key, version, rules_json, synced_at) "
            "VALUES (?, ?, ?, ?)",
            (key, version, rules_json, now),
        )


def delete(conn: Connection, keys: list[str]) -> None:
    """The backend withdrew the rules: this till earns nothing."""
    for key in keys:
        conn.exec_driver_sql("DELETE FROM loyalty_rules WHERE key = ?", (key,))


def stage_rows(rows: list[RulesRow]) -> list[RulesRow]:
    """The staged rows of a snapshot page (unusable rules staged as absent)."""
    return [r for r in rows if r[2] is not None]


def swap(conn: Connection, now: str) -> None:
    """Replace the rules with the snapshot's."""
    conn.exec_driver_sql("DELETE FROM loyalty_rules")
    conn.exec_driver_sql(
        "INSERT INTO loyalty_rules (key, version, rules_json, synced_at) "
        "SELECT key, version, rules_json, ? FROM snap_loyalty_rules",
        (now,),
    )


def record_bounds(conn: Connection, hello: HelloResponse) -> None:
    """Keep the offline redemption bounds ``hello`` sent (in the caller's transaction)."""
    conn.exec_driver_sql(
        "UPDATE sync_state SET loyalty_offline_budget_points = ?, "
        "loyalty_offline_customer_cap_points = ?",
        (
            max(0, hello.loyalty_offline_budget_points),
            max(0, hello.loyalty_offline_customer_cap_points),
        ),
    )


def load_rules(conn: Connection) -> EarningRules | None:
    """The rules this till earns by, or None when none were pulled (it earns nothing)."""
    found = conn.exec_driver_sql(
        "SELECT rules_json FROM loyalty_rules WHERE key = ?", (LOYALTY_RULES_KEY,)
    ).first()
    if found is None:
        return None
    try:
        return EarningRules.model_validate(json.loads(str(found[0])))
    except (ValidationError, ValueError):
        log.warning("stored loyalty rules are unreadable: this till earns no points")
        return None


def load_bounds(conn: Connection) -> OfflineBounds:
    """The last hello's offline bounds; both 0 when no hello was ever answered."""
    found = conn.exec_driver_sql(
        "SELECT loyalty_offline_budget_points, loyalty_offline_customer_cap_points FROM sync_state"
    ).first()
    if found is None:
        return OfflineBounds()
    return OfflineBounds(int(found[0]), int(found[1]))
