"""SQLModel tables of the terminal database.

Quantities are stored as integer thousandths (``qty_milli``: pieces x 1000, grams for kg
items) and money as integer minor units, so nothing is ever a float.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Column,
    DateTime,
    Index,
    LargeBinary,
    Table,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlmodel import Field, SQLModel


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as UTC and gives them back aware (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def utc_column(nullable: bool = False) -> Column[datetime]:
    return Column(UTCDateTime(), nullable=nullable)


def sqlite_stamp(moment: datetime) -> str:
    """A datetime as ``UTCDateTime`` stores it on SQLite (naive UTC text), for raw SQL on the
    hot paths; a naive datetime is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")


def utc_from_db(value: Any) -> datetime:
    """A timestamp read with raw SQL (naive UTC text on SQLite) as an aware UTC datetime."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def table(name: str) -> Table:
    """The Core table behind a model, for the hot paths that skip the ORM."""
    return SQLModel.metadata.tables[name]


class TaxRate(SQLModel, table=True):
    __tablename__ = "tax_rate"
    rate_percent: int = Field(primary_key=True)
    name: str


class Category(SQLModel, table=True):
    __tablename__ = "category"
    id: str = Field(primary_key=True)
    name: str = Field(unique=True)
    names_json: str = "{}"


class Product(SQLModel, table=True):
    __tablename__ = "product"
    id: str = Field(primary_key=True)
    sku: str = Field(unique=True)
    name: str
    names_json: str = "{}"
    search_text: str = Field(index=True)
    category_id: str | None = Field(default=None, foreign_key="category.id", index=True)
    price_minor: int
    vat_rate: int = Field(foreign_key="tax_rate.rate_percent")
    sold_by_weight: bool = False
    plu: str | None = Field(default=None, unique=True)
    active: bool = True
    # Variants: products sharing a model code are one product in sizes and colours.
    model: str | None = Field(default=None, index=True)
    variant_json: str = "{}"
    # The picture on the kiosk's produce grid: a file name in the catalog images folder.
    image: str | None = None
    # Sold only to customers of at least this age (an attendant checks an ID at a kiosk).
    min_age: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # A sale-hours rule group (``alcohol``): refused in the hours its rule forbids.
    restriction: str | None = None
    updated_at: datetime = Field(sa_column=utc_column())


class Barcode(SQLModel, table=True):
    __tablename__ = "barcode"
    code: str = Field(primary_key=True)
    product_id: str = Field(foreign_key="product.id", index=True)


class TerminalState(SQLModel, table=True):
    """The single row that identifies this terminal and holds its gap-free counters."""

    __tablename__ = "terminal_state"
    id: int = Field(default=1, primary_key=True)
    store_code: str
    terminal_code: str
    terminal_epoch: str
    next_local_no: int = 1
    next_seq: int = 1


class User(SQLModel, table=True):
    __tablename__ = "user"
    # An index, not a constraint: adding a constraint rebuilds the table, which SQLite refuses
    # while shifts and sales refer to its rows (migration 0013).
    __table_args__ = (Index("ix_user_badge_hash", "badge_hash", unique=True),)
    id: str = Field(primary_key=True)
    name: str = Field(unique=True)
    role: str
    pin_hash: str
    active: bool = True
    failed_attempts: int = 0
    locked_until: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    created_at: datetime = Field(sa_column=utc_column())
    # Lock-outs since the last good PIN: the next one lasts longer (services.users).
    lockouts: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # The PIN meets the PIN rules; None: set before them, checked at the next sign-in.
    pin_ok: bool | None = None
    # The staff badge (``pos users badge``): a hash of its barcode; None: no badge, or revoked.
    badge_hash: str | None = None
    badge_issued_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class Shift(SQLModel, table=True):
    __tablename__ = "shift"
    id: str = Field(primary_key=True)
    user_id: str = Field(foreign_key="user.id")
    business_date: date
    opened_at: datetime = Field(sa_column=utc_column())
    opening_float_minor: int
    closed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    closed_by: str | None = None
    expected_cash_minor: int | None = None
    counted_cash_minor: int | None = None
    over_short_minor: int | None = None
    # The till's running Z report number (1, 2, 3...), given at the close.
    z_no: int | None = Field(default=None, index=True, unique=True)
    # A count off by more than the limit (services.shifts): the first count, kept when the
    # cashier is asked to count again, and who approved closing on a count still off.
    first_count_minor: int | None = None
    variance_approved_by: str | None = None  # a user id, as closed_by


class Sale(SQLModel, table=True):
    """A completed sale, return, or the sale half of an exchange. Immutable once written."""

    __tablename__ = "sale"
    id: str = Field(primary_key=True)
    receipt_no: str = Field(unique=True)
    local_no: int = Field(unique=True)
    kind: str  # sale | return
    store_code: str
    terminal_code: str
    shift_id: str = Field(foreign_key="shift.id", index=True)
    cashier_id: str = Field(foreign_key="user.id")
    business_date: date = Field(index=True)
    completed_at: datetime = Field(sa_column=utc_column())
    currency: str
    pricing_mode: str
    language: str
    subtotal_minor: int
    line_discounts_minor: int
    cart_discount_minor: int
    tax_minor: int
    rounding_minor: int
    total_minor: int
    original_sale_id: str | None = Field(default=None, foreign_key="sale.id", index=True)
    exchange_id: str | None = Field(default=None, index=True)
    approvals_json: str = "[]"
    # The e-receipt's unguessable id (>= 128 random bits); no personal data.
    receipt_token: str | None = Field(default=None, index=True, unique=True)
    # Where it was sold: ``store`` (a staff till) or ``kiosk`` (self-service).
    channel: str = Field(default="store", sa_column_kwargs={"server_default": "store"})
    # The customer the sale was rung for (loyalty, receipts); never their details.
    customer_id: str | None = Field(default=None, index=True)


class SaleLine(SQLModel, table=True):
    __tablename__ = "sale_line"
    id: str = Field(primary_key=True)
    sale_id: str = Field(foreign_key="sale.id", index=True)
    line_no: int
    product_id: str
    sku: str
    name: str
    barcode: str | None = None
    qty_milli: int  # negative on returns
    sold_by_weight: bool = False
    unit_price_minor: int
    list_price_minor: int
    gross_minor: int
    line_discount_minor: int
    cart_discount_minor: int
    total_minor: int
    vat_rate: int
    discount_json: str | None = None
    override_reason: str = ""
    original_line_id: str | None = Field(default=None, foreign_key="sale_line.id", index=True)
    # Points the line earned (a return line: took back, negative); docs/loyalty.md.
    loyalty_points: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class SaleTender(SQLModel, table=True):
    __tablename__ = "sale_tender"
    id: str = Field(primary_key=True)
    sale_id: str = Field(foreign_key="sale.id", index=True)
    kind: str
    amount_minor: int  # negative for refunds
    tendered_minor: int = 0
    change_minor: int = 0
    approval_code: str = ""
    reference: str = ""


class SaleTax(SQLModel, table=True):
    __tablename__ = "sale_tax"
    sale_id: str = Field(foreign_key="sale.id", primary_key=True)
    rate_percent: int = Field(primary_key=True)
    net_minor: int
    tax_minor: int


class StockMovement(SQLModel, table=True):
    """Signed stock deltas per store; on hand is their sum (docs/sync-protocol.md: never
    last-write-wins)."""

    __tablename__ = "stock_movement"
    # Receipts and transfers by their reference, leaving out the sales (reference "").
    __table_args__ = (
        Index(
            "ix_stock_movement_reference",
            "reference",
            sqlite_where=text("reference != ''"),
        ),
    )
    id: str = Field(primary_key=True)
    store_code: str
    product_id: str = Field(index=True)
    qty_milli: int
    reason: str  # sale | return | receive | waste | transfer | correction | count
    sale_id: str | None = Field(default=None, index=True)
    occurred_at: datetime = Field(sa_column=utc_column())
    # A receipt's delivery-note number, a transfer's id, a count's id; "" for the rest.
    reference: str = Field(default="", sa_column_kwargs={"server_default": ""})


class StoreCreditEntry(SQLModel, table=True):
    """Ledger of store-credit vouchers: issued on refunds (+), redeemed as tender (-)."""

    __tablename__ = "store_credit_entry"
    id: str = Field(primary_key=True)
    voucher_code: str = Field(index=True)
    delta_minor: int
    sale_id: str = Field(foreign_key="sale.id")
    occurred_at: datetime = Field(sa_column=utc_column())


class AuditEntry(SQLModel, table=True):
    """Append-only (triggers refuse UPDATE and DELETE) log of sensitive actions."""

    __tablename__ = "audit_entry"
    id: str = Field(primary_key=True)
    at: datetime = Field(sa_column=utc_column())
    action: str = Field(index=True)
    user_id: str | None = None
    approver_id: str | None = None
    sale_id: str | None = None
    detail_json: str = "{}"


class OutboxEntry(SQLModel, table=True):
    """A business fact waiting for the backend (docs/sync-protocol.md "Push"). Never deleted
    un-acked."""

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("terminal_epoch", "seq"),
        # The un-acked entries in push order, without scanning the acked history.
        Index("ix_outbox_pending", "terminal_epoch", "seq", sqlite_where=text("acked_at IS NULL")),
    )
    mutation_id: str = Field(primary_key=True)
    terminal_epoch: str
    seq: int
    kind: str
    kind_version: int
    occurred_at: datetime = Field(sa_column=utc_column())
    business_date: date
    payload_json: str
    payload_hash: str
    acked_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    outcome: str | None = None  # applied | duplicate | rejected
    code: str | None = None  # rejected: the backend's machine-readable reason
    reason: str | None = None  # rejected: the backend's explanation


class PrintJob(SQLModel, table=True):
    """A job for the receipt printer, rendered and stored in the transaction that made it.

    ``status``: pending (to print) -> sending -> printed; held (printer not ready, retried);
    uncertain (the cashier says whether it printed); cancelled; skipped (e-receipt only);
    preview (no printer configured: shown on screen).
    """

    __tablename__ = "print_job"
    id: str = Field(primary_key=True)
    sale_id: str | None = Field(default=None, foreign_key="sale.id", index=True)
    kind: str  # receipt | refund | exchange | x_report | z_report | test
    status: str = Field(default="pending", index=True)
    document_json: str
    data: bytes | None = Field(default=None, sa_column=Column(LargeBinary(), nullable=True))
    receipt_no: str | None = None
    reprint_of: str | None = None
    attempts: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    last_error: str = Field(default="", sa_column_kwargs={"server_default": ""})
    created_at: datetime = Field(sa_column=utc_column())
    updated_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    printed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))


class ParkedSale(SQLModel, table=True):
    __tablename__ = "parked_sale"
    id: str = Field(primary_key=True)
    parked_at: datetime = Field(sa_column=utc_column())
    user_id: str = Field(foreign_key="user.id")
    label: str = ""
    cart_json: str


class DraftSale(SQLModel, table=True):
    """The sale in progress, saved after every change so a crash or kill loses nothing."""

    __tablename__ = "draft_sale"
    id: int = Field(default=1, primary_key=True)  # one draft per terminal
    user_id: str = Field(foreign_key="user.id")
    saved_at: datetime = Field(sa_column=utc_column())
    cart_json: str


# -- sync: enrolment and the local replica of the backend's reference data ------------------


class SyncState(SQLModel, table=True):
    """The single row written at enrolment: how to reach the backend and where pull stands.

    The token and the e-receipt signing key are not here: storage.credentials keeps them.
    """

    __tablename__ = "sync_state"
    id: int = Field(default=1, primary_key=True)
    server_url: str
    terminal_id: str
    terminal_code: str
    store_id: str
    store_code: str
    store_name: str = ""
    store_address: str = ""
    store_tax_number: str = ""
    timezone: str = "Europe/Istanbul"
    receipt_prefix: str = ""
    ereceipt_base_url: str = ""
    server_epoch: str = ""
    cursor: str | None = None
    clock_offset_ms: int = 0
    clock_warning_ms: int = 120_000
    enrolled_at: datetime = Field(sa_column=utc_column())
    last_hello_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    last_success_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    last_error: str = ""
    # The offline redemption bounds of the last hello (docs/loyalty.md): kept so a till
    # restarted offline still knows them; 0 (no offline redemption) until a hello answers.
    loyalty_offline_budget_points: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    loyalty_offline_customer_cap_points: int = Field(
        default=0, sa_column_kwargs={"server_default": "0"}
    )
    bootstrapped: bool = False
    # Set when the backend refused this database's identity (another device uses it: the
    # data directory was copied); sales stop until the till is enrolled again.
    identity_conflict: str = Field(default="", sa_column_kwargs={"server_default": ""})


class StoreInfo(SQLModel, table=True):
    """Stores as the backend knows them (the replica of its ``store`` collection)."""

    __tablename__ = "store_info"
    code: str = Field(primary_key=True)
    id: str
    name: str
    address: str = ""
    tax_number: str = ""
    timezone: str = "Europe/Istanbul"
    synced_at: datetime = Field(sa_column=utc_column())


class StockLevel(SQLModel, table=True):
    """The backend's stock per product and store (read-only here; movements are the truth)."""

    __tablename__ = "stock_level"
    product_id: str = Field(primary_key=True)
    store_code: str = Field(primary_key=True)
    on_hand_milli: int
    reserved_milli: int = 0
    available_milli: int
    synced_at: datetime = Field(sa_column=utc_column())


class OnlineStock(SQLModel, table=True):
    """Per product: what the web shop can still sell, as the backend last reported it."""

    __tablename__ = "online_stock"
    product_id: str = Field(primary_key=True)
    available_milli: int
    synced_at: datetime = Field(sa_column=utc_column())


class Customer(SQLModel, table=True):
    """The replica of the chain's customers (``CustomerData``), plus the ones this till
    signed up before the backend confirmed them. No address, no birth date (docs/loyalty.md)."""

    __tablename__ = "customer"
    id: str = Field(primary_key=True)
    name: str
    phone: str = Field(default="", index=True)
    email: str = Field(default="", index=True)
    loyalty_points: int = 0
    merged_into: str | None = None
    synced_at: datetime = Field(sa_column=utc_column())
    # Issue 18: the phone's digits as ``sync.protocol.customers.normalise_phone`` folds them,
    # the name folded for a Turkish-aware search, the loyalty QR's hash, the points still
    # vesting by day (JSON ``{"2026-12-20": 40}``) and each consent's state (JSON).
    phone_norm: str = Field(default="", index=True)
    search_text: str = ""
    loyalty_code_hash: str | None = Field(default=None, index=True)
    pending_json: str = "{}"
    consents_json: str = "{}"


class CustomerWord(SQLModel, table=True):
    """One word of ``customer.search_text`` per row (kept by triggers, migration 0014), so a
    name is found by a word prefix with a range scan of the primary key (WITHOUT ROWID)."""

    __tablename__ = "customer_word"
    __table_args__ = {"sqlite_with_rowid": False}
    word: str = Field(primary_key=True)
    customer_id: str = Field(primary_key=True)


class LegalText(SQLModel, table=True):
    """The newest version of each legal text pulled (``LegalTextData``): the KVKK notice a
    sign-up shows and the consent wordings."""

    __tablename__ = "legal_text"
    purpose: str = Field(primary_key=True)
    version: str
    texts_json: str  # language -> text
    synced_at: datetime = Field(sa_column=utc_column())


class ValueCardReplica(SQLModel, table=True):
    """Gift cards and store credit as the backend last reported them (``ValueCardData``)."""

    __tablename__ = "value_card"
    code_hash: str = Field(primary_key=True)
    kind: str  # gift | store_credit
    state: str  # active | blocked | expired
    balance_minor: int
    offline_limit_minor: int = 0
    last4: str = ""
    currency: str = "TRY"
    synced_at: datetime = Field(sa_column=utc_column())


class LoyaltyRulesReplica(SQLModel, table=True):
    """The chain's earning rules as last pulled (``sync.protocol.loyalty.EarningRules``)."""

    __tablename__ = "loyalty_rules"
    key: str = Field(primary_key=True)  # "current"
    version: int
    rules_json: str
    synced_at: datetime = Field(sa_column=utc_column())


class LoyaltyMovement(SQLModel, table=True):
    """This till's points entries, as its sales' facts carry them (``LoyaltyEntry``): the
    receipt's figures, the balance until the backend's pull reflects them, and the offline
    redemption bounds (docs/loyalty.md)."""

    __tablename__ = "loyalty_movement"
    id: str = Field(primary_key=True)
    sale_id: str = Field(foreign_key="sale.id", index=True)
    customer_id: str = Field(index=True)
    points: int
    reason: str  # earn | reversal | redeem | refund
    line_id: str | None = None
    vests_on: date | None = None
    tender_id: str | None = None
    reservation_id: str | None = None
    offline: bool = False
    occurred_at: datetime = Field(sa_column=utc_column())


class ValueCardMovement(SQLModel, table=True):
    """This till's gift card and store-credit entries, as its sales' facts carry them
    (``ValueCardEntry``)."""

    __tablename__ = "value_card_movement"
    id: str = Field(primary_key=True)
    sale_id: str = Field(foreign_key="sale.id", index=True)
    code_hash: str = Field(index=True)
    card_kind: str  # gift | store_credit
    action: str  # activate | top_up | issue | redeem | refund
    delta_minor: int
    last4: str = ""
    line_id: str | None = None
    tender_id: str | None = None
    reservation_id: str | None = None
    offline: bool = False
    occurred_at: datetime = Field(sa_column=utc_column())


class PickupOrder(SQLModel, table=True):
    """Online orders to be collected at this store (``PickupOrderData``)."""

    __tablename__ = "pickup_order"
    # Search walks this covering index newest first and stops at its LIMIT, never touching
    # the rows with their lines (services.pickup).
    __table_args__ = (Index("ix_pickup_order_search", "store_code", "created_at", "search_text"),)
    id: str = Field(primary_key=True)
    number: str = Field(index=True)
    store_code: str
    state: str
    customer_name: str
    phone: str = ""
    pickup_code: str = Field(index=True)
    qr_payload: str
    paid: bool
    total_minor: int
    currency: str = "TRY"
    lines_json: str = "[]"
    created_at: datetime = Field(sa_column=utc_column())
    pickup_by: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    version: int = 1
    synced_at: datetime = Field(sa_column=utc_column())
    # fold(number), fold(name), the phone's last 10 digits and the pickup code, joined by
    # U+001F (which no one types), for LIKE search (storage.replica.search_text).
    search_text: str = Field(default="", sa_column_kwargs={"server_default": ""})


class WebOrderReplica(SQLModel, table=True):
    """Web orders any store may take back (``WebOrderData``: collected or delivered, pulled
    for the whole chain while their return window lasts; services.web_returns)."""

    __tablename__ = "web_order"
    # Search walks this index newest first and stops at its LIMIT (as for pickups).
    __table_args__ = (Index("ix_web_order_search", "returnable_from", "search_text"),)
    id: str = Field(primary_key=True)
    number: str = Field(index=True)
    fulfilment: str
    store_code: str = ""
    state: str
    customer_name: str
    phone: str = ""
    pickup_code: str = ""
    paid: bool
    payment_method: str = "online"
    currency: str = "TRY"
    total_minor: int
    refunded_minor: int = 0
    lines_json: str = "[]"
    return_ids_json: str = "[]"  # returns the backend applied (WebOrderData.return_ids)
    returnable_from: datetime = Field(sa_column=utc_column())
    return_by: datetime = Field(sa_column=utc_column())
    version: int = 1
    # As pickup_order.search_text (storage.replica.search_text.pickup_search_text).
    search_text: str = ""
    synced_at: datetime = Field(sa_column=utc_column())


class WebReturn(SQLModel, table=True):
    """A web order's goods taken back on this terminal; ``id`` is its refund receipt's sale
    and its ``web_order.returned`` fact's return id."""

    __tablename__ = "web_return"
    id: str = Field(primary_key=True, foreign_key="sale.id")
    web_order_id: str = Field(index=True)
    number: str
    refund_method: str  # online_payment | store_credit | exchange
    mutation_id: str
    created_at: datetime = Field(sa_column=utc_column())


class WebReturnLine(SQLModel, table=True):
    """What a web return took back per SKU: counted as returned here until the backend's
    copy of the order lists the return (``web_order.return_ids_json``)."""

    __tablename__ = "web_return_line"
    id: str = Field(primary_key=True)
    web_return_id: str = Field(foreign_key="web_return.id", index=True)
    web_order_id: str = Field(index=True)
    sku: str
    qty_milli: int
    amount_minor: int


class PickupTransition(SQLModel, table=True):
    """A pickup state change made on this terminal, with the fact that carries it."""

    __tablename__ = "pickup_transition"
    # The newest transition of an order in one index seek (ids are UUIDv7: time-ordered).
    __table_args__ = (Index("ix_pickup_transition_order_id", "order_id", "id"),)
    id: str = Field(primary_key=True)
    order_id: str
    number: str
    from_state: str
    to_state: str
    mutation_id: str
    replica_version: int  # pickup_order.version when the transition was recorded
    user_id: str | None = None
    detail_json: str = "{}"
    occurred_at: datetime = Field(sa_column=utc_column())


class StockExceptionReplica(SQLModel, table=True):
    """This store's open negative-stock exceptions as the backend raised them
    (``StockExceptionData``); a resolved one is deleted by pull."""

    __tablename__ = "stock_exception"
    id: str = Field(primary_key=True)
    store_code: str
    product_id: str
    sku: str
    kind: str = "negative_stock"
    on_hand_milli: int
    raised_at: datetime = Field(sa_column=utc_column())
    synced_at: datetime = Field(sa_column=utc_column())


class StockTaskDraft(SQLModel, table=True):
    """A manager's stock task in progress (a receiving, a count, a transfer, an adjustment),
    saved after every change so a crash or a closed screen loses nothing."""

    __tablename__ = "stock_task_draft"
    kind: str = Field(primary_key=True)  # adjust | receive | count | transfer
    user_id: str | None = None
    saved_at: datetime = Field(sa_column=utc_column())
    data_json: str


class CardAttempt(SQLModel, table=True):
    """A card payment asked of the integrated terminal, written (and fsync'd) *before* the
    terminal is asked, so that after a crash the till can ask the terminal what became of
    ``reference`` and either complete the sale or record the attempt as failed."""

    __tablename__ = "card_attempt"
    reference: str = Field(primary_key=True)
    amount_minor: int
    # pending -> approved | declined | cancelled | failed; approved -> completed (with sale_id)
    status: str = Field(default="pending", index=True)
    created_at: datetime = Field(sa_column=utc_column())
    updated_at: datetime = Field(sa_column=utc_column())
    sale_id: str | None = Field(default=None, foreign_key="sale.id", unique=True)
    approval_code: str = ""
    card_label: str = ""
    detail: str = ""
    # The basket paid for (the draft sale as saved), so a recovery can complete it.
    basket_json: str = "{}"
