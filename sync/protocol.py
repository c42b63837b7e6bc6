"""Wire models of the sync protocol (SYNC.md), shared by the terminal client and the backend.

Money is integer minor units, quantities integer thousandths (``*_milli``), times are
UTC-aware ISO 8601. Every request carries ``X-POS-Protocol``; the server answers 426 to a
version it does not speak.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime
from types import ModuleType
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

from sync.json_types import IsoDate, IsoDateTime, Whole
from sync.text import clean, refuse_controls

_orjson: ModuleType | None
try:  # the backend's extra: its push hot path encodes payloads with it
    import orjson as _orjson
except ImportError:  # pragma: no cover - a terminal without the server extra
    _orjson = None

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
)

DEFAULT_BATCH = 100
MAX_BATCH = 500
MAX_BATCH_BYTES = 1024 * 1024  # adaptive batches grow up to this (SYNC.md: 100 or 256 KB first)
MAX_PULL_LIMIT = 5000


# Identifiers on the wire: UUIDs, epochs, codes. No NUL or control characters (PostgreSQL
# text cannot hold NUL), so a garbled envelope is a 400, never a database error.
ID_PATTERN = r"^[A-Za-z0-9_.:\-]+$"
KIND_PATTERN = r"^[a-z][a-z_]*\.[a-z][a-z_]*$"
HASH_PATTERN = r"^[0-9a-f]{64}$"
TEXT_PATTERN = r"^[^\x00-\x1f]*$"


def _refuse_in_text(text: str) -> str:
    return refuse_controls(text, multiline=True)


def _clean_text(text: str) -> str:
    return clean(text, multiline=True)


# Free text as field types (sync.text): NFC, and no control characters (a name holding
# ESC p would open the cash drawer when printed). Input from people and web shops is refused
# with a message naming the character; an address may hold newlines.
# The API description says the same with a pattern (the validator's message names the
# character, which a pattern's would not, so the pattern is only described, not checked).
LINE_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*$"
TEXT_LINES_PATTERN = r"^[^\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"
# A line with something on it besides spaces (str.isspace's characters, so the rule
# reads as the validators' ``value.strip()``).
FILLED_LINE_PATTERN = (
    r"^[^\x00-\x1f\x7f-\x9f]*"
    r"[^\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
    r"[^\x00-\x1f\x7f-\x9f]*$"
)
FILLED_TEXT_PATTERN = (
    r"^[^\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]*"
    r"[^\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
    r"[^\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"
)
InputLine = Annotated[
    str, AfterValidator(refuse_controls), Field(json_schema_extra={"pattern": LINE_PATTERN})
]
InputText = Annotated[
    str,
    AfterValidator(_refuse_in_text),
    Field(json_schema_extra={"pattern": TEXT_LINES_PATTERN}),
]
# An InputLine that must not be blank (a name).
FilledLine = Annotated[InputLine, Field(json_schema_extra={"pattern": FILLED_LINE_PATTERN})]
# Received by sync: cleaned, never refused (a terminal cannot send a record back to be fixed).
WireLine = Annotated[str, AfterValidator(clean)]
WireText = Annotated[str, AfterValidator(_clean_text)]


def canonical_json(payload: dict[str, Any]) -> str:
    """A payload as the terminal stores and hashes it: sorted keys, no spaces, UTF-8."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def payload_hash(payload_json: str) -> str:
    """``Mutation.payload_hash``: sha256 of the canonical JSON, hex."""
    return hashlib.sha256(payload_json.encode()).hexdigest()


def canonical_matching(payload: dict[str, Any], expected_hash: str) -> str | None:
    """The canonical JSON of ``payload`` when it hashes to ``expected_hash``, else None.

    The backend's hot path: orjson writes the same bytes as ``canonical_json`` for what
    terminals send, several times faster; anything it cannot encode, or encodes differently
    (so the hash does not match), is checked again with ``canonical_json`` itself, so the
    rule stays exactly "the hash of ``canonical_json``".
    """
    if _orjson is not None:
        try:
            fast: str = _orjson.dumps(payload, option=_orjson.OPT_SORT_KEYS).decode()
        except TypeError:  # orjson.JSONEncodeError is a TypeError
            fast = ""
        if fast and payload_hash(fast) == expected_hash:
            return fast
    text = canonical_json(payload)
    try:
        return text if payload_hash(text) == expected_hash else None
    except UnicodeEncodeError:  # a lone surrogate cannot be the UTF-8 a terminal hashed
        return None


class _Wire(BaseModel):
    model_config = ConfigDict(extra="forbid")


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
    loyalty_offline_budget_points: int = 0
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
    """A request that does not match the API description (400 on the sync API, as SYNC.md
    has it; 422 on the admin API): ``{"error": "malformed", "detail": [problems]}``."""

    error: Literal["malformed"] = "malformed"
    detail: list[Problem]


# -- reference data as carried in Change.data / snapshot items ------------------------------


class ProductData(_Wire):
    id: str
    sku: str
    name: WireLine
    names: dict[str, WireLine] = {}
    category: WireLine | None = None
    category_names: dict[str, WireLine] = {}
    price_minor: int
    vat_rate: int
    sold_by_weight: bool = False
    plu: str | None = None
    barcodes: list[str] = []
    active: bool = True
    version: int = 1
    # Variants: products sharing a model code are one product in several sizes and colours.
    model: str | None = None
    variant: dict[str, WireLine] = {}  # "size", "colour"


class StockData(_Wire):
    """Per product: levels at every store and online (``key`` is the product id)."""

    product_id: str
    sku: str
    stores: dict[
        str, dict[str, int]
    ]  # store code -> on_hand_milli, reserved_milli, available_milli
    online_available_milli: int
    updated_at: datetime | None


class CustomerData(_Wire):
    id: str
    name: WireLine
    phone: WireLine = ""
    email: WireLine = ""
    loyalty_points: int = 0
    merged_into: str | None = None


class PickupLine(_Wire):
    product_id: str
    sku: str
    name: WireLine
    qty_milli: int
    unit_price_minor: int
    bin: str = ""


class PickupOrderData(_Wire):
    id: str
    number: str
    store_code: str
    state: str  # placed | prepared | ready | collected | cancelled
    customer_name: WireLine
    phone: WireLine = ""
    pickup_code: str
    qr_payload: str
    paid: bool
    total_minor: int
    currency: str = "TRY"
    lines: list[PickupLine]
    created_at: datetime
    pickup_by: datetime | None = None
    version: int = 1


class StockExceptionData(_Wire):
    """An open negative-stock exception of a store (scope ``store:<code>``, ``key`` is its
    id); resolved ones are pulled as deletes."""

    id: str
    store_code: str
    product_id: str
    sku: str
    kind: str = "negative_stock"
    on_hand_milli: int
    raised_at: datetime


class WebOrderLine(_Wire):
    """A line of a returnable web order. ``qty_milli`` is what the customer took (ordered
    less what was refused at pickup); ``returned_milli`` what stores took back so far."""

    product_id: str
    sku: str
    name: WireLine
    qty_milli: int
    unit_price_minor: int
    returned_milli: int = 0
    returnable: bool = True  # False: not taken back in stores without a manager's override


class WebOrderData(_Wire):
    """A web order that may be returned in any store (collection ``web_order``, scope
    ``global``, ``key`` is its id): a collected pickup or a delivered delivery order, from
    ``returnable_from`` (its collection or delivery) while its return window lasts
    (``return_by``; sync.server.returns). Pulled as a delete once it is no longer returnable.
    """

    id: str
    number: str
    fulfilment: str  # pickup | delivery
    store_code: str = ""  # a pickup order's store
    state: str  # collected | delivered
    customer_name: WireLine
    phone: WireLine = ""
    pickup_code: str = ""  # the customer's QR is f"POSPICKUP:{number}:{pickup_code}"
    paid: bool
    payment_method: str = "online"  # online | in_store (paid at a till, nothing to refund online)
    currency: str = "TRY"
    total_minor: int
    refunded_minor: int = 0  # owed back to the online payment so far (refusals, returns)
    lines: list[WebOrderLine]
    returnable_from: datetime
    return_by: datetime
    return_ids: list[str] = []  # returns in stores the backend has applied (their ids)
    version: int = 1
