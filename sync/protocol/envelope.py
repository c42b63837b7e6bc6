"""The envelope of the sync protocol (docs/sync-protocol.md): enrolment, hello, push, pull and
errors.

Money is integer minor units, quantities integer thousandths (``*_milli``), times are
UTC-aware ISO 8601. Every request carries ``X-POS-Protocol``; the server answers 426 to a
version it does not speak.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from pydantic import AwareDatetime, Field

from sync.json_types import IsoDate, IsoDateTime, Whole
from sync.protocol.fields import (
    HASH_PATTERN,
    ID_PATTERN,
    KIND_PATTERN,
    TEXT_PATTERN,
    WireLine,
    WireText,
)
from sync.protocol.fields import Wire as _Wire

PROTOCOL_VERSION = 1
SUPPORTED_PROTOCOLS = (1,)
PROTOCOL_HEADER = "X-POS-Protocol"
SYNC_PREFIX = "/sync/v1"

# Fact kinds a terminal pushes, with the newest version of each payload.
FACT_KINDS: dict[str, int] = {
    "order.completed": 1,
    "order.refunded": 1,
    "stock.adjusted": 1,
    "stock.counted": 1,
    "stock.received": 1,
    "stock.transferred": 1,
    "shift.closed": 1,
    "pickup.transition": 1,
    "customer.upserted": 1,
    "web_order.returned": 1,
    "customer.consent_changed": 1,
}

# Reference-data collections the terminal pulls (and bootstraps by snapshot).
COLLECTIONS = (
    "product",
    "tax_rate",
    "stock",
    "pickup_order",
    "customer",
    "store",
    "stock_exception",
    "web_order",
    "value_card",
    "loyalty_rules",
    "legal_text",
)
SNAPSHOT_COLLECTIONS = (
    "product",
    "tax_rate",
    "store",
    "stock",
    "customer",
    "pickup_order",
    "stock_exception",
    "web_order",
    "value_card",
    "loyalty_rules",
    "legal_text",
)

DEFAULT_BATCH = 100
MAX_BATCH = 500
MAX_BATCH_BYTES = 1024 * 1024  # adaptive batches grow up to this (docs/sync-protocol.md "Batching")
MAX_PULL_LIMIT = 5000


# -- enrolment ------------------------------------------------------------------------------


class EnrollRequest(_Wire):
    code: str = Field(min_length=4, max_length=64, pattern=TEXT_PATTERN)
    device_name: str = Field(default="", max_length=128, pattern=TEXT_PATTERN)
    # Which machine and data directory holds this enrolment (``pos_app.services.device``):
    # a copy of the data directory elsewhere says another one at hello and is refused.
    device_id: str = Field(default="", max_length=64, pattern=r"^[A-Za-z0-9_\-]*$")


class EnrollResponse(_Wire):
    terminal_id: str
    terminal_code: str
    token: str
    store_id: str
    store_code: str
    store_name: WireLine  # printed on receipts
    store_address: WireText = ""
    store_tax_number: WireLine = ""
    timezone: str = "Europe/Istanbul"
    receipt_prefix: str  # "S01-T02": receipt numbers are f"{prefix}-{local_no:06d}"
    ereceipt_base_url: str  # e-receipt links are f"{base}/r/{token}"
    receipt_key: str  # signs e-receipt tokens (sync.receipt_token)
    server_epoch: str


# -- hello ----------------------------------------------------------------------------------


class HelloResponse(_Wire):
    server_time: AwareDatetime
    server_epoch: str
    protocol_versions: list[int]
    fact_kinds: dict[str, int]
    terminal_id: str
    terminal_code: str
    store_code: str
    terminal_epoch: str | None = None
    last_processed_seq: int = 0  # for the epoch given as ?epoch=...
    # The mutation stored at last_processed_seq: a terminal holding another one there (or
    # none) has a database that is not the one the backend heard from (restored or copied).
    last_mutation_id: str | None = None
    highest_receipt_local_no: int = 0  # receipt numbers continue above this after a restore
    # Offline redemption bounds (docs/loyalty.md "Online first, bounded offline"): the points
    # this till may spend in all, and for any one customer, while it cannot reach the backend.
    loyalty_offline_budget_points: int = 0
    loyalty_offline_customer_cap_points: int = 0
    max_batch: int = MAX_BATCH
    clock_warning_after_s: int = 120


# -- push -----------------------------------------------------------------------------------


class Mutation(_Wire):
    # At most 2^53: JSON numbers beyond it are not exact in every parser.
    seq: Whole = Field(ge=1, le=2**53)
    mutation_id: str = Field(min_length=1, max_length=64, pattern=ID_PATTERN)
    kind: str = Field(min_length=1, max_length=64, pattern=KIND_PATTERN)
    kind_version: Whole = Field(ge=1, le=1000)
    occurred_at: IsoDateTime
    business_date: IsoDate
    # server minus device, measured at the last hello (bounded: a year either way)
    clock_offset_ms: Whole = Field(default=0, ge=-(366 * 86_400_000), le=366 * 86_400_000)
    payload: dict[str, Any]
    payload_hash: str = Field(min_length=64, max_length=64, pattern=HASH_PATTERN)


@dataclass(frozen=True, slots=True)
class OutgoingMutation:
    """A ``Mutation`` as a terminal sends it, its payload kept as the canonical JSON text it
    was hashed from: a push copies the stored text instead of decoding and re-encoding it."""

    seq: int
    mutation_id: str
    kind: str
    kind_version: int
    occurred_at: datetime  # UTC-aware
    business_date: date
    clock_offset_ms: int
    payload_json: str
    payload_hash: str

    def wire_json(self) -> bytes:
        """The JSON object ``Mutation`` parses (the request's largest part)."""
        head = (
            f'{{"seq":{int(self.seq)},"mutation_id":{json.dumps(self.mutation_id)},'
            f'"kind":{json.dumps(self.kind)},"kind_version":{int(self.kind_version)},'
            f'"occurred_at":"{self.occurred_at.isoformat()}",'
            f'"business_date":"{self.business_date.isoformat()}",'
            f'"clock_offset_ms":{int(self.clock_offset_ms)},"payload":'
        )
        tail = f',"payload_hash":{json.dumps(self.payload_hash)}}}'
        return head.encode() + self.payload_json.encode() + tail.encode()


class PushRequest(_Wire):
    terminal_epoch: str = Field(min_length=1, max_length=64, pattern=ID_PATTERN)
    mutations: list[Mutation] = Field(max_length=MAX_BATCH)


MutationStatus = Literal["applied", "duplicate", "rejected"]


class MutationResult(_Wire):
    seq: int
    mutation_id: str
    status: MutationStatus
    code: str = ""  # rejected: machine-readable reason, e.g. "unknown_sku"
    reason: str = ""  # rejected: human-readable reason naming the problem


class PushResponse(_Wire):
    last_processed_seq: int
    results: list[MutationResult]


class SeqGap(_Wire):
    """The body of a 409: the server expects ``resume_from`` next on this stream."""

    error: Literal["seq_gap"] = "seq_gap"
    last_processed_seq: int
    resume_from: int


# -- pull and snapshot ----------------------------------------------------------------------


class Change(_Wire):
    scope: str  # "global", "store:<code>", "customers", "terminal:<id>"
    seq: int
    collection: str
    key: str
    op: Literal["upsert", "delete"]
    data: dict[str, Any] | None = None  # None for delete (a tombstone)


class PullResponse(_Wire):
    changes: list[Change]
    cursor: str  # opaque; send it back as ?cursor=
    has_more: bool


class SnapshotPage(_Wire):
    collection: str
    items: list[dict[str, Any]]  # each has "key" and "data"
    after: str | None  # pass as ?after= for the next page; None when done
    cursor: str  # where pull continues once the snapshot is applied


# 403 from hello: another device uses this terminal's identity (a copied data directory).
TERMINAL_CLONED = "terminal_cloned"


class ErrorBody(_Wire):
    """Every refusal: a machine-readable ``error`` code and a sentence naming the problem."""

    error: str
    detail: str = ""


class Problem(_Wire):
    """One way a request does not match the API description: where (``["body", "seq"]``,
    ``["query", "limit"]``, ``["header", "X-POS-Protocol"]``) and what."""

    loc: list[str]
    msg: str


class MalformedBody(_Wire):
    """A request that does not match the API description (400 on the sync API, as
    docs/sync-protocol.md has it; 422 on the admin API):
    ``{"error": "malformed", "detail": [problems]}``."""

    error: Literal["malformed"] = "malformed"
    detail: list[Problem]
