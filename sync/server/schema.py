"""The backend's tables (SQLAlchemy Core; one MetaData, migrated by Alembic).

Core rather than SQLModel classes: the terminal's SQLModel tables share SQLModel's global
metadata and several names (``product``, ``stock_movement``), and the hot paths here (push
apply, pull, snapshot) run as Core statements anyway.

Money is integer minor units, quantities integer thousandths, times UTC (``UTCDateTime``).
Ids made by terminals are kept as they come (UUIDv7 text); ids made here are UUIDv7 too.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on SQLite and PostgreSQL alike."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _ts(name: str, nullable: bool = False) -> Column[datetime]:
    return Column(name, UTCDateTime(), nullable=nullable)


ID = String(64)

server_meta = Table(
    "server_meta",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

store = Table(
    "store",
    metadata,
    Column("id", ID, primary_key=True),
    Column("code", String(16), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("address", String(400), nullable=False, server_default=""),
    Column("tax_number", String(32), nullable=False, server_default=""),
    Column("timezone", String(64), nullable=False, server_default="Europe/Istanbul"),
    _ts("created_at"),
)

terminal = Table(
    "terminal",
    metadata,
    Column("id", ID, primary_key=True),
    Column("store_id", ID, ForeignKey("store.id"), nullable=False),
    Column("code", String(16), nullable=False),
    Column("device_name", String(128), nullable=False, server_default=""),
    # The device (machine and data directory) enrolled; NULL until a terminal says which.
    Column("device_id", String(64), nullable=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    _ts("enrolled_at"),
    _ts("revoked_at", nullable=True),
    _ts("last_seen_at", nullable=True),
    Column("clock_offset_ms", BigInteger, nullable=False, server_default="0"),
    UniqueConstraint("store_id", "code"),
)

enrolment_code = Table(
    "enrolment_code",
    metadata,
    Column("code_hash", String(64), primary_key=True),
    Column("store_id", ID, ForeignKey("store.id"), nullable=False),
    Column("terminal_code", String(16), nullable=True),  # None: next free T01, T02, ...
    _ts("created_at"),
    _ts("expires_at"),
    _ts("used_at", nullable=True),
    Column("terminal_id", ID, nullable=True),
)

# One row per (terminal, epoch): the push stream, locked FOR UPDATE while a batch applies.
stream = Table(
    "stream",
    metadata,
    Column("terminal_id", ID, ForeignKey("terminal.id"), primary_key=True),
    Column("epoch", String(64), primary_key=True),
    Column("last_processed_seq", BigInteger, nullable=False, server_default="0"),
    _ts("updated_at"),
)

# Every processed mutation and its stored outcome (replayed to duplicates).
mutation = Table(
    "mutation",
    metadata,
    Column("mutation_id", String(64), primary_key=True),
    Column("terminal_id", ID, ForeignKey("terminal.id"), nullable=False),
    Column("epoch", String(64), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("kind", String(64), nullable=False),
    Column("kind_version", Integer, nullable=False),
    Column("payload_hash", String(64), nullable=False),
    Column("status", String(16), nullable=False),  # applied | rejected
    Column("code", String(64), nullable=False, server_default=""),
    Column("reason", Text, nullable=False, server_default=""),
    _ts("occurred_at"),  # device time
    _ts("corrected_at"),  # device time + the clock offset the terminal measured
    _ts("received_at"),
    UniqueConstraint("terminal_id", "epoch", "seq"),
)

# Rejected facts, parked with their payload for staff (never silently dropped).
dead_letter = Table(
    "dead_letter",
    metadata,
    Column("mutation_id", String(64), primary_key=True),
    Column("terminal_id", ID, nullable=False),
    Column("epoch", String(64), nullable=False),
    Column("seq", BigInteger, nullable=False),
    Column("kind", String(64), nullable=False),
    Column("payload_json", Text, nullable=False),
    Column("code", String(64), nullable=False),
    Column("reason", Text, nullable=False),
    _ts("received_at"),
    _ts("resolved_at", nullable=True),
)

alarm = Table(
    "alarm",
    metadata,
    Column("id", ID, primary_key=True),
    Column("kind", String(64), nullable=False),  # idempotency_key_reused | clock_skew | ...
    Column("terminal_id", ID, nullable=True),
    Column("detail_json", Text, nullable=False),
    _ts("raised_at"),
)

tax_rate = Table(
    "tax_rate",
    metadata,
    Column("rate_percent", Integer, primary_key=True),
    Column("name", String(64), nullable=False),
)

product = Table(
    "product",
    metadata,
    Column("id", ID, primary_key=True),
    Column("sku", String(64), nullable=False, unique=True),
    Column("name", String(300), nullable=False),
    Column("names_json", Text, nullable=False, server_default="{}"),
    Column("category", String(200), nullable=True),
    Column("category_names_json", Text, nullable=False, server_default="{}"),
    Column("price_minor", BigInteger, nullable=False),
    Column("vat_rate", Integer, ForeignKey("tax_rate.rate_percent"), nullable=False),
    Column("sold_by_weight", Boolean, nullable=False, server_default="0"),
    Column("plu", String(8), nullable=True, unique=True),
    Column("barcodes_json", Text, nullable=False, server_default="[]"),
    Column("active", Boolean, nullable=False, server_default="1"),
    Column("version", Integer, nullable=False, server_default="1"),
    # Units held back from online availability at each store (docs/sync-protocol.md).
    Column("safety_buffer_milli", BigInteger, nullable=False, server_default="0"),
    # False: not taken back in stores (hygiene goods, ...); copied onto web order lines.
    Column("returnable", Boolean, nullable=False, server_default="1"),
    # Variants: the model code groups sizes and colours of one product (sync.catalog_csv).
    Column("model", String(64), nullable=True, index=True),
    Column("variant_json", Text, nullable=False, server_default="{}"),
    # The kiosk's produce-grid picture: a file name in the catalog images folder.
    Column("image", String(200), nullable=True),
    # Sold only to customers of at least this age; a sale-hours rule group (``alcohol``).
    Column("min_age", Integer, nullable=False, server_default="0"),
    Column("restriction", String(32), nullable=True),
    _ts("updated_at"),
)

# Price history: every price a product had, from when (catalog versioning).
price_change = Table(
    "price_change",
    metadata,
    Column("id", ID, primary_key=True),
    Column("product_id", ID, ForeignKey("product.id"), nullable=False, index=True),
    Column("price_minor", BigInteger, nullable=False),
    Column("version", Integer, nullable=False),
    _ts("valid_from"),
)

# Orders rung on terminals: the order fact as pushed, immutable.
pos_order = Table(
    "pos_order",
    metadata,
    Column("id", ID, primary_key=True),
    Column("kind", String(16), nullable=False),  # sale | return
    Column("receipt_no", String(40), nullable=False, unique=True),
    Column("receipt_token", String(64), nullable=True, unique=True),
    Column("store_id", ID, ForeignKey("store.id"), nullable=False),
    Column("terminal_id", ID, ForeignKey("terminal.id"), nullable=False),
    Column("local_no", BigInteger, nullable=False),
    Column("shift_id", String(64), nullable=True),
    Column("original_order_id", ID, nullable=True, index=True),
    Column("exchange_id", ID, nullable=True),
    Column("customer_id", ID, nullable=True, index=True),
    Column("language", String(8), nullable=False),
    Column("currency", String(3), nullable=False),
    Column("total_minor", BigInteger, nullable=False),
    Column("tax_minor", BigInteger, nullable=False),
    # The day it is filed under: the till's, corrected for a wrong till clock.
    Column("business_date", Date, nullable=False, index=True),
    # The till's own business date when the backend filed it under another day (a wrong
    # till clock, sync.server.business_day); NULL when the till's date stands.
    Column("till_business_date", Date, nullable=True),
    _ts("completed_at"),  # as the till's clock had it (printed on the receipt)
    _ts("received_at"),
    Column("late", Boolean, nullable=False, server_default="0"),  # its shift was already closed
    # Where it was sold: ``store`` (a staff till) or ``kiosk`` (self-service).
    Column("channel", String(16), nullable=False, server_default="store"),
    Column("document_json", Text, nullable=False),
    UniqueConstraint("terminal_id", "local_no"),
    Index("ix_pos_order_store_date", "store_id", "business_date"),
    Index("ix_pos_order_terminal_shift", "terminal_id", "shift_id"),
)

stock_movement = Table(
    "stock_movement",
    metadata,
    Column("id", ID, primary_key=True),
    Column("store_id", ID, ForeignKey("store.id"), nullable=False),
    Column("product_id", ID, ForeignKey("product.id"), nullable=False),
    Column("qty_milli", BigInteger, nullable=False),
    Column("reason", String(32), nullable=False),  # sale | return | receive | damage | ...
    Column("source", String(64), nullable=False, server_default=""),  # order / mutation id
    # The delivery-note number of a receipt, the transfer id of transfer_out / transfer_in.
    Column("reference", String(64), nullable=False, server_default=""),
    _ts("occurred_at"),
    _ts("received_at"),
    Index("ix_stock_movement_store_product", "store_id", "product_id", "occurred_at"),
)

stock_count = Table(
    "stock_count",
    metadata,
    Column("id", ID, primary_key=True),
    Column("store_id", ID, ForeignKey("store.id"), nullable=False),
    Column("product_id", ID, ForeignKey("product.id"), nullable=False),
    Column("counted_milli", BigInteger, nullable=False),
    _ts("occurred_at"),
    _ts("received_at"),
    Index("ix_stock_count_store_product", "store_id", "product_id", "occurred_at"),
)

# Derived: recomputed from counts, movements and open reservations (sync.server.stock).
stock_level = Table(
    "stock_level",
    metadata,
    Column("store_id", ID, ForeignKey("store.id"), primary_key=True),
    Column("product_id", ID, ForeignKey("product.id"), primary_key=True),
    Column("on_hand_milli", BigInteger, nullable=False),
    Column("reserved_milli", BigInteger, nullable=False),
    Column("available_milli", BigInteger, nullable=False),
    _ts("updated_at"),
)

stock_exception = Table(
    "stock_exception",
    metadata,
    Column("id", ID, primary_key=True),
    Column("store_id", ID, ForeignKey("store.id"), nullable=False),
    Column("product_id", ID, ForeignKey("product.id"), nullable=False),
    Column("kind", String(32), nullable=False),  # negative_stock
    Column("on_hand_milli", BigInteger, nullable=False),
    _ts("raised_at"),
    _ts("resolved_at", nullable=True),
)

# Deliveries booked in at a store (``stock.received``): a supplier's delivery note once per
# store, so the same delivery is never counted in twice (the database refuses it).
stock_delivery = Table(
    "stock_delivery",
    metadata,
    Column("id", ID, primary_key=True),
    Column("store_id", ID, ForeignKey("store.id"), nullable=False),
    Column("delivery_ref", String(64), nullable=False),
    Column("terminal_id", ID, nullable=True),
    Column("mutation_id", String(64), nullable=False),
    Column("line_count", Integer, nullable=False),
    Column("qty_milli", BigInteger, nullable=False),
    _ts("occurred_at"),
    _ts("received_at"),
    UniqueConstraint("store_id", "delivery_ref"),
)

customer = Table(
    "customer",
    metadata,
    Column("id", ID, primary_key=True),
    Column("name", String(200), nullable=False),
    Column("phone", String(32), nullable=False, server_default=""),
    Column("email", String(200), nullable=False, server_default=""),
    Column("phone_norm", String(32), nullable=True, index=True),
    Column("email_norm", String(200), nullable=True, index=True),
    Column("merged_into", ID, nullable=True),
    Column("erased", Boolean, nullable=False, server_default="0"),
    # The store whose till created it: only that store's tills may change it (name, phone,
    # e-mail); NULL: the chain's (admin API, web shop), changed from the admin API only.
    Column("home_store_id", ID, ForeignKey("store.id"), nullable=True),
    _ts("created_at"),
    _ts("updated_at"),
    # Issue 18: the hash of the loyalty QR's code, the customer's last sale or visit (the
    # retention clock), and when they were erased.
    Column("loyalty_code_hash", String(64), nullable=True, unique=True),
    _ts("last_activity_at", nullable=True),
    _ts("erased_at", nullable=True),
)

loyalty_entry = Table(
    "loyalty_entry",
    metadata,
    Column("id", ID, primary_key=True),
    Column("customer_id", ID, ForeignKey("customer.id"), nullable=False, index=True),
    Column("points", BigInteger, nullable=False),  # + earned, - redeemed
    # earn | reversal | redeem | refund | adjust (sync.protocol.facts.orders.LoyaltyEntry)
    Column("reason", String(32), nullable=False),
    Column("order_id", ID, nullable=True),
    Column("flagged", Boolean, nullable=False, server_default="0"),  # overdrawn when applied
    _ts("occurred_at"),
    _ts("received_at"),
    # Issue 18: the sales line an earn or reversal belongs to, the day it takes effect
    # (NULL: at once), the till that wrote it, and how a redemption was made.
    Column("order_line_id", String(64), nullable=True),
    Column("vests_on", Date, nullable=True),
    Column("terminal_id", ID, nullable=True),
    Column("reservation_id", String(64), nullable=True),
    Column("offline", Boolean, nullable=False, server_default="0"),
)

# The chain's loyalty rules (``sync.protocol.loyalty.EarningRules``), one row per version;
# the newest is pulled by tills (collection ``loyalty_rules``).
loyalty_rules = Table(
    "loyalty_rules",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("rules_json", Text, nullable=False),
    _ts("created_at"),
)

# Gift cards and store credit: one ledger (docs/loyalty.md "Gift cards"). A card is known by
# the hash of its code only.
value_card = Table(
    "value_card",
    metadata,
    Column("id", ID, primary_key=True),
    Column("code_hash", String(64), nullable=False, unique=True),
    Column("kind", String(16), nullable=False),  # gift | store_credit
    Column("state", String(16), nullable=False),  # active | blocked | expired
    Column("currency", String(3), nullable=False, server_default="TRY"),
    Column("last4", String(4), nullable=False, server_default=""),
    Column("offline_limit_minor", BigInteger, nullable=False, server_default="0"),
    Column("customer_id", ID, ForeignKey("customer.id"), nullable=True, index=True),
    Column("store_id", ID, ForeignKey("store.id"), nullable=True),  # where it was sold
    _ts("created_at"),
    _ts("updated_at"),
    _ts("expires_at", nullable=True),
)

value_card_entry = Table(
    "value_card_entry",
    metadata,
    Column("id", ID, primary_key=True),
    Column("card_id", ID, ForeignKey("value_card.id"), nullable=False, index=True),
    # activate | top_up | issue | redeem | refund | adjust
    Column("action", String(16), nullable=False),
    Column("delta_minor", BigInteger, nullable=False),
    Column("order_id", ID, nullable=True, index=True),
    Column("order_line_id", String(64), nullable=True),
    Column("terminal_id", ID, nullable=True),
    Column("reservation_id", String(64), nullable=True),
    Column("offline", Boolean, nullable=False, server_default="0"),
    Column("flagged", Boolean, nullable=False, server_default="0"),  # overdrawn when applied
    Column("reference", String(128), nullable=False, server_default=""),  # admin / web order
    _ts("occurred_at"),
    _ts("received_at"),
)

# An online redemption held for a till until its sale's fact consumes it, it is released, or
# it expires (sync.protocol.reservations).
redemption_hold = Table(
    "redemption_hold",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("terminal_id", ID, ForeignKey("terminal.id"), nullable=False),
    Column("kind", String(16), nullable=False),  # points | value_card
    Column("customer_id", ID, nullable=True, index=True),
    Column("card_id", ID, nullable=True, index=True),
    Column("amount", BigInteger, nullable=False),
    Column("state", String(16), nullable=False),  # held | consumed | released | expired
    _ts("created_at"),
    _ts("expires_at"),
    Column("order_id", ID, nullable=True),
)

# Every consent given or withdrawn (``customer.consent_changed``), kept as the history the
# law asks for. ``seq`` is the cursor of the İYS change list: taken from ``change_counter``
# (scope ``consents``) as the last statement of the writing transaction, like the change
# log's, so a reader paging by ``seq > N`` never skips an event that commits late.
customer_consent_event = Table(
    "customer_consent_event",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("seq", BigInteger, nullable=False, unique=True),
    Column("customer_id", ID, ForeignKey("customer.id"), nullable=False, index=True),
    Column("purpose", String(32), nullable=False),
    Column("granted", Boolean, nullable=False),
    Column("text_version", String(64), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("terminal_id", ID, nullable=True),
    _ts("at"),
    _ts("received_at"),
    # A messaging consent's phone (E.164) or e-mail, for İYS; cleared after an erasure once
    # the law no longer needs it (sync.server.consents, docs/loyalty.md "Erasure").
    Column("recipient", String(200), nullable=True),
)

# Versioned legal texts tills show (collection ``legal_text``): the KVKK notice, consent
# wordings; ``texts_json`` maps a language to the text.
legal_text = Table(
    "legal_text",
    metadata,
    Column("purpose", String(32), primary_key=True),
    Column("version", String(64), primary_key=True),
    Column("texts_json", Text, nullable=False),
    _ts("created_at"),
)

# Web-shop orders (delivery or pickup in store).
web_order = Table(
    "web_order",
    metadata,
    Column("id", ID, primary_key=True),
    Column("number", String(32), nullable=False, unique=True),
    Column("fulfilment", String(16), nullable=False),  # pickup | delivery
    Column("store_id", ID, ForeignKey("store.id"), nullable=True),
    Column("customer_id", ID, ForeignKey("customer.id"), nullable=True),
    Column("customer_name", String(200), nullable=False),
    Column("phone", String(32), nullable=False, server_default=""),
    Column("email", String(200), nullable=False, server_default=""),
    Column("state", String(16), nullable=False),  # placed|prepared|ready|collected|cancelled
    Column("paid", Boolean, nullable=False),
    Column("pickup_code", String(16), nullable=False),
    Column("currency", String(3), nullable=False, server_default="TRY"),
    Column("total_minor", BigInteger, nullable=False),
    Column("lines_json", Text, nullable=False),
    # Returns in stores (sync.server.returns): how it was paid (online | in_store), when the
    # return window opened (collected / delivered) and closes, and whether the terminals
    # hold it in their ``web_order`` collection.
    Column("payment_method", String(16), nullable=False, server_default="online"),
    _ts("returnable_from", nullable=True),
    _ts("return_by", nullable=True),
    Column("returns_listed", Boolean, nullable=False, server_default="0"),
    Index("ix_web_order_returns_listed", "returns_listed", "return_by"),
    Column("delivery_address", Text, nullable=False, server_default=""),
    Column("version", Integer, nullable=False, server_default="1"),
    _ts("created_at"),
    _ts("updated_at"),
    _ts("pickup_by", nullable=True),
    # Set when a store sold the goods for this order (endless aisle): the sale's receipt.
    Column("origin_receipt_no", String(40), nullable=True, unique=True),
    # Paid in store at pickup (payment_method in_store): the till's sale that paid it, where,
    # when and how much (sync.server.till_orders.record_store_payment).
    Column("paid_receipt_no", String(40), nullable=True),
    Column("paid_store_id", ID, ForeignKey("store.id"), nullable=True),
    Column("paid_terminal_id", ID, nullable=True),
    _ts("paid_at", nullable=True),
    Column("paid_minor", BigInteger, nullable=True),
)

reservation = Table(
    "reservation",
    metadata,
    Column("id", ID, primary_key=True),
    Column("order_id", ID, ForeignKey("web_order.id"), nullable=False, index=True),
    Column("store_id", ID, ForeignKey("store.id"), nullable=False),
    Column("product_id", ID, ForeignKey("product.id"), nullable=False),
    Column("qty_milli", BigInteger, nullable=False),
    _ts("released_at", nullable=True),
    Index("ix_reservation_store_product", "store_id", "product_id"),
)

pickup_event = Table(
    "pickup_event",
    metadata,
    Column("id", ID, primary_key=True),
    Column("order_id", ID, ForeignKey("web_order.id"), nullable=False, index=True),
    Column("from_state", String(16), nullable=False),
    Column("to_state", String(16), nullable=False),
    Column("terminal_id", ID, nullable=True),
    Column("outcome", String(32), nullable=False),  # applied | state_conflict
    Column("detail_json", Text, nullable=False, server_default="{}"),
    _ts("occurred_at"),
    _ts("received_at"),
)

# Money owed back to a web order's online payment, e.g. for goods refused at pickup. Only
# recorded here ("pending"); the payment provider integration executes it later and moves it
# on. ``lines_json``: the refused SKUs with quantity and amount.
payment_refund = Table(
    "payment_refund",
    metadata,
    Column("id", ID, primary_key=True),
    Column("web_order_id", ID, ForeignKey("web_order.id"), nullable=False, index=True),
    Column("amount_minor", BigInteger, nullable=False),
    Column("currency", String(3), nullable=False),
    Column("reason", String(32), nullable=False),  # refused_at_pickup | returned_in_store
    # pending | held (a return in store staff must review first, sync.server.returns) | ...
    Column("state", String(16), nullable=False, server_default="pending"),
    Column("lines_json", Text, nullable=False, server_default="[]"),
    Column("terminal_id", ID, nullable=True),
    # The return in store it pays back (web_order_return.id): at most one refund each.
    Column("return_id", ID, nullable=True),
    _ts("created_at"),
    # A handover happens once per order, so at most one refusal refund: the database, not a
    # look-up, refuses a second one.
    Index(
        "uq_payment_refund_refused_at_pickup",
        "web_order_id",
        unique=True,
        sqlite_where=text("reason = 'refused_at_pickup'"),
        postgresql_where=text("reason = 'refused_at_pickup'"),
    ),
    Index("uq_payment_refund_return_id", "return_id", unique=True),
)

# Goods of a web order brought back to a store (``web_order.returned``, sync.server.returns).
# ``id`` is the till's return receipt (the ``pos_order`` of kind return with the same id).
web_order_return = Table(
    "web_order_return",
    metadata,
    Column("id", ID, ForeignKey("pos_order.id"), primary_key=True),
    Column("web_order_id", ID, ForeignKey("web_order.id"), nullable=False, index=True),
    Column("store_id", ID, ForeignKey("store.id"), nullable=False),
    Column("terminal_id", ID, ForeignKey("terminal.id"), nullable=False),
    Column("receipt_no", String(40), nullable=False, unique=True),
    Column("refund_method", String(16), nullable=False),  # online_payment|store_credit|exchange
    Column("amount_minor", BigInteger, nullable=False),  # the goods' value refunded
    Column("online_refund_minor", BigInteger, nullable=False),  # of it, to the online payment
    Column("currency", String(3), nullable=False),
    # Why staff must look at it (over_return, outside_window, ...; "" when nothing).
    Column("review", String(200), nullable=False, server_default=""),
    Column("override_json", Text, nullable=False, server_default="null"),
    _ts("occurred_at"),
    _ts("received_at"),
)

web_order_return_line = Table(
    "web_order_return_line",
    metadata,
    Column("id", ID, primary_key=True),
    Column("return_id", ID, ForeignKey("web_order_return.id"), nullable=False, index=True),
    Column("web_order_id", ID, ForeignKey("web_order.id"), nullable=False, index=True),
    Column("product_id", ID, ForeignKey("product.id"), nullable=False),
    Column("sku", String(64), nullable=False),
    Column("qty_milli", BigInteger, nullable=False),
    Column("amount_minor", BigInteger, nullable=False),
    # What this return took back beyond what was still returnable when it was applied.
    Column("over_milli", BigInteger, nullable=False, server_default="0"),
    UniqueConstraint("return_id", "sku"),
)

staff_task = Table(
    "staff_task",
    metadata,
    Column("id", ID, primary_key=True),
    Column("store_id", ID, ForeignKey("store.id"), nullable=True),
    Column("kind", String(32), nullable=False),  # state_conflict | negative_stock | ...
    Column("detail_json", Text, nullable=False),
    _ts("created_at"),
    _ts("resolved_at", nullable=True),
)

shift_close = Table(
    "shift_close",
    metadata,
    Column("shift_id", String(64), primary_key=True),
    Column("terminal_id", ID, ForeignKey("terminal.id"), nullable=False),
    Column("business_date", Date, nullable=False),  # corrected, as pos_order's
    Column("till_business_date", Date, nullable=True),  # the till's, when it differs
    _ts("closed_at"),  # as the till's clock had it (printed on the Z report)
    Column("z_no", Integer, nullable=True),  # the till's running Z report number
    Column("payload_json", Text, nullable=False),
)

# What each self-service kiosk last reported (idle, in use, needs help, paying, out of paper),
# shown on the store's staff tills in their Attendants panel; a kiosk silent for longer than
# the report interval shows as offline (sync.server.kiosks).
kiosk_state = Table(
    "kiosk_state",
    metadata,
    Column("terminal_id", ID, ForeignKey("terminal.id"), primary_key=True),
    Column("store_id", ID, ForeignKey("store.id"), nullable=False, index=True),
    Column("state", String(16), nullable=False),
    Column("reason", String(64), nullable=False, server_default=""),
    Column("detail_json", Text, nullable=False, server_default="{}"),
    _ts("since"),  # when the kiosk entered the state (its own clock)
    _ts("reported_at"),  # the backend's clock at the last report
)

# The change log read by pull. ``seq`` per scope is taken from ``change_counter`` as the last
# statement of the writing transaction, so sequence order is commit order (docs/sync-protocol.md
# "Pull and snapshot").
change_counter = Table(
    "change_counter",
    metadata,
    Column("scope", String(80), primary_key=True),
    Column("last_seq", BigInteger, nullable=False),
)

change = Table(
    "change",
    metadata,
    Column("scope", String(80), primary_key=True),
    Column("seq", BigInteger, primary_key=True),
    Column("collection", String(32), nullable=False),
    Column("key", String(64), nullable=False),
    Column("op", String(8), nullable=False),
    Column("data_json", Text, nullable=True),
    _ts("recorded_at"),
)
