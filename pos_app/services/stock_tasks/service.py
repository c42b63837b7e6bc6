"""``StockTasks``: the front door of the manager's stock tasks for the screens. It reads what
the screens need and posts each task in one local transaction (the job modules beside it
write the movements, the fact and clear the draft), then wakes the sync worker."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine

from pos_app.errors import UserError
from pos_app.services.catalog import CatalogLookup, CategoryInfo
from pos_app.services.clock import Clock, local_date
from pos_app.services.stock_lookup import StockLookup
from pos_app.services.stock_tasks import adjust as adjusting
from pos_app.services.stock_tasks import count as counting
from pos_app.services.stock_tasks import exceptions as stock_exceptions
from pos_app.services.stock_tasks import receive as receiving
from pos_app.services.stock_tasks import transfer as transferring
from pos_app.services.stock_tasks.count import CountReview
from pos_app.services.stock_tasks.drafts import (
    CountDraft,
    CountEntry,
    LinesDraft,
    Posted,
    Scanned,
    StockItem,
    StoreChoice,
)
from pos_app.services.stock_tasks.exceptions import StockException
from pos_app.services.stock_tasks.rules import check_count, check_task, require_manager
from pos_app.services.terminal import TerminalInfo
from pos_app.services.users import StaffUser, UserService
from pos_app.storage.audit import audit
from pos_app.storage.database import write_transaction
from pos_app.storage.queries import stock as stock_queries
from sync.protocol import canonical_json


class StockTasks:
    """Posting the manager's stock tasks and reading what they need (Qt-free)."""

    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        terminal: TerminalInfo,
        timezone: str,
        catalog: CatalogLookup,
        lookup: StockLookup,
        after_commit: Callable[[], None] | None = None,
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._terminal = terminal
        self._timezone = timezone
        self._catalog = catalog
        self._lookup = lookup
        # Called after every committed task (the sync worker's notify()).
        self._after_commit = after_commit

    @property
    def store_code(self) -> str:
        return self._terminal.store_code

    def now(self) -> datetime:
        return self._clock.now()

    # -- manager mode ------------------------------------------------------------------------

    def enter_manager_mode(
        self, users: UserService, user_id: str, pin: str, *, by_user_id: str | None = None
    ) -> StaffUser:
        """A manager's PIN opens manager mode (at start-up, or over a cashier's session when
        ``by_user_id`` is given); a wrong PIN counts towards the lock-out, any other role is
        refused (``manager.not_a_manager``). Audited."""
        manager = require_manager(users.authenticate(user_id, pin))
        with write_transaction(self._engine) as conn:
            audit(
                conn,
                action="manager.mode_entered",
                at=self._clock.now(),
                user_id=by_user_id or manager.user_id,
                approver_id=manager.user_id,
                detail={"manager": manager.name},
            )
        return manager

    # -- items, stores, categories -------------------------------------------------------------

    def scan(self, code: str) -> Scanned:
        """A scanned or typed barcode, scale label, SKU or PLU; ``stock.unknown_barcode``."""
        try:
            found = self._catalog.resolve_scan(code)
        except UserError as error:
            if error.code != "cart.unknown_barcode":
                raise
            raise UserError(
                "stock.unknown_barcode", f"No item with barcode, SKU or PLU {code}", code=code
            ) from None
        product = found.product
        item = StockItem(
            product.product_id, product.sku, product.name, product.sold_by_weight, product.names
        )
        return Scanned(item, int(found.quantity * 1000))

    def search(self, query: str, limit: int = 20) -> list[StockItem]:
        """Items by name words, SKU or barcode prefix (Turkish-aware)."""
        return [
            StockItem(p.product_id, p.sku, p.name, p.sold_by_weight, p.names)
            for p in self._catalog.search(query, limit=limit)
        ]

    def item(self, product_id: str) -> StockItem:
        product = self._catalog.by_id(product_id)
        if product is None:
            raise UserError(
                "stock.unknown_product", f"Unknown product {product_id}", product=product_id
            )
        return StockItem(
            product.product_id, product.sku, product.name, product.sold_by_weight, product.names
        )

    def stores(self) -> list[StoreChoice]:
        """The other stores goods can go to (the backend's store list, as last pulled)."""
        with self._engine.connect() as conn:
            rows = stock_queries.other_stores(conn, own_store_code=self.store_code)
        return [StoreChoice(str(r.code), str(r.name or r.code)) for r in rows]

    def categories(self) -> list[CategoryInfo]:
        return self._catalog.categories()

    def on_hand_now(self, product_ids: Sequence[str]) -> dict[str, int]:
        """This till's figure now for each product: the backend's last report plus the local
        movements since."""
        return {s.product_id: s.on_hand_now_milli for s in self._lookup.for_products(product_ids)}

    # -- posting the tasks ---------------------------------------------------------------------

    def adjust(self, draft: LinesDraft, user_id: str | None) -> Posted:
        """Post an adjustment (``stock.adjusted``) with its reason; losses are negative."""
        adjusting.check_adjustment(draft)
        return self._post(
            lambda conn, now, day: adjusting.post_adjustment(
                conn, draft, store_code=self.store_code, user_id=user_id, now=now, business_date=day
            )
        )

    def receive(self, draft: LinesDraft, user_id: str | None) -> Posted:
        """Book a delivery in against its delivery-note number (``stock.received``)."""
        ref = receiving.check_receiving(draft)
        return self._post(
            lambda conn, now, day: receiving.post_receiving(
                conn,
                draft,
                ref=ref,
                store_code=self.store_code,
                user_id=user_id,
                now=now,
                business_date=day,
            )
        )

    def transfer(self, draft: LinesDraft, user_id: str | None) -> Posted:
        """Send goods to another store (``stock.transferred``): out here now, booked in at
        the destination when the fact reaches the backend."""
        destination = transferring.check_transfer(draft, store_code=self.store_code)
        return self._post(
            lambda conn, now, day: transferring.post_transfer(
                conn,
                draft,
                destination=destination,
                store_code=self.store_code,
                user_id=user_id,
                now=now,
                business_date=day,
            )
        )

    def _post(self, post: Callable[[Connection, datetime, date], Posted]) -> Posted:
        """Run ``post(conn, now, business_date)`` in one write transaction, then tell the
        listeners (``_committed``)."""
        now = self._clock.now()
        with write_transaction(self._engine) as conn:
            posted = post(conn, now, local_date(now, self._timezone))
        self._committed()
        return posted

    def review_count(self, entries: Sequence[CountEntry]) -> list[CountReview]:
        """Per product: the counted total over its shelves against what this till expected
        when it was counted, in the order the products were first counted."""
        check_count(entries)
        with self._engine.connect() as conn:
            return counting.reviews(conn, entries, store_code=self.store_code)

    def post_count(self, draft: CountDraft, user_id: str | None) -> Posted:
        """Post a count: a ``stock.counted`` fact per moment a product's count was taken
        (``counted_at``), and locally the difference to what was expected then."""
        counting.check_posting(draft)
        return self._post(
            lambda conn, now, day: counting.post_count(
                conn,
                draft,
                store_code=self.store_code,
                user_id=user_id,
                now=now,
                business_date=day,
                business_date_of=lambda at: local_date(at, self._timezone),
            )
        )

    # -- exceptions ---------------------------------------------------------------------------

    def exceptions(self) -> list[StockException]:
        """This store's open negative-stock exceptions (the backend's, as last pulled),
        oldest first."""
        return stock_exceptions.open_exceptions(
            self._engine,
            store_code=self.store_code,
            item_or_none=self._item_or_none,
            on_hand_now=self.on_hand_now,
        )

    def _item_or_none(self, product_id: str) -> StockItem | None:
        try:
            return self.item(product_id)
        except UserError:
            return None

    def last_synced_at(self) -> datetime | None:
        """How fresh the stock data is: the later of the last successful sync round and the
        newest pulled stock figure (``None``: never synced)."""
        return stock_exceptions.last_synced_at(self._engine)

    # -- drafts -------------------------------------------------------------------------------

    def save_draft(self, kind: str, data: dict[str, Any], user_id: str | None) -> None:
        """Keep a task in progress (``LinesDraft.to_dict`` / ``CountDraft.to_dict``)."""
        check_task(kind)
        with write_transaction(self._engine) as conn:
            stock_queries.save_task_draft(
                conn,
                kind=kind,
                user_id=user_id,
                saved_at=self._clock.now(),
                data_json=canonical_json(data),
            )

    def load_draft(self, kind: str) -> dict[str, Any] | None:
        """The saved task in progress of ``kind``, or ``None``."""
        check_task(kind)
        with self._engine.connect() as conn:
            value = stock_queries.task_draft_json(conn, kind=kind)
        if value is None:
            return None
        loaded: dict[str, Any] = json.loads(value)
        return loaded

    def discard_draft(self, kind: str) -> None:
        """Forget the task in progress of ``kind``."""
        check_task(kind)
        with write_transaction(self._engine) as conn:
            stock_queries.clear_task_draft(conn, kind=kind)

    def _committed(self) -> None:
        if self._after_commit is not None:
            self._after_commit()
