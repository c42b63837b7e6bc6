"""What the stock screens hold: items, the task lines and counts in progress (the drafts the
screens keep in memory and save after each change), shelf labels, and what a posted task
wrote."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from pos_app.domain.ids import new_id
from pos_app.domain.names import name_in
from pos_app.errors import UserError
from sync.protocol.limits import MAX_STOCK_QTY_MILLI

ADJUST_REASONS = ("damage", "theft", "waste", "correction")
LOSS_REASONS = ("damage", "theft", "waste")  # these take stock away: negative quantities
TASKS = ("adjust", "receive", "count", "transfer")
SHELF_PREFIXES = ("LOC:", "BIN:", "SHELF:")  # a scanned shelf label (QR or Code 128)
# A million pieces (or kg) in one line is a typing mistake (the admin API's limit as well).
MAX_QTY_MILLI = MAX_STOCK_QTY_MILLI
MAX_REFERENCE = 64  # the backend's column
MAX_SHELF = 32


@dataclass(frozen=True, slots=True)
class StockItem:
    product_id: str
    sku: str
    name: str
    sold_by_weight: bool = False
    names: dict[str, str] = field(default_factory=dict)

    def name_in(self, language: str) -> str:
        return name_in(self.names, language, self.name)


@dataclass(frozen=True, slots=True)
class Scanned:
    """A scanned item and what one scan counts: a piece, or the weight on a scale label."""

    item: StockItem
    qty_milli: int


@dataclass(frozen=True, slots=True)
class TaskLine:
    """A line of an adjustment, a receiving or a transfer (signed for adjustments)."""

    item: StockItem
    qty_milli: int


@dataclass(frozen=True, slots=True)
class CountEntry:
    """One product counted on one shelf, and when its quantity was last taken."""

    shelf: str
    item: StockItem
    qty_milli: int
    taken_at: datetime


@dataclass(frozen=True, slots=True)
class Posted:
    """What a posted task wrote: its facts, its reference and its size."""

    kind: str
    mutation_ids: tuple[str, ...]
    reference: str  # delivery-note number, transfer id, count id, adjustment fact id
    lines: int
    qty_milli: int  # the sum of the quantities (a count: the sum of the differences)


@dataclass(frozen=True, slots=True)
class StoreChoice:
    code: str
    name: str


# -- drafts: the task in progress, kept in memory by the screen and saved after each change ---


def _item_dict(item: StockItem) -> dict[str, Any]:
    return {
        "product_id": item.product_id,
        "sku": item.sku,
        "name": item.name,
        "sold_by_weight": item.sold_by_weight,
        "names": dict(item.names),
    }


def _item_of(data: dict[str, Any]) -> StockItem:
    return StockItem(
        product_id=str(data["product_id"]),
        sku=str(data["sku"]),
        name=str(data["name"]),
        sold_by_weight=bool(data.get("sold_by_weight", False)),
        names={str(k): str(v) for k, v in dict(data.get("names") or {}).items()},
    )


@dataclass
class LinesDraft:
    """An adjustment, a receiving or a transfer being put together.

    ``reason``: an adjustment's reason (``ADJUST_REASONS``); a loss reason turns every
    quantity negative. ``reference``: a receiving's delivery-note number. ``destination``: a
    transfer's store code.
    """

    kind: str
    lines: list[TaskLine] = field(default_factory=list)
    reason: str = "damage"
    reference: str = ""
    destination: str = ""

    def _signed(self, qty_milli: int) -> int:
        if self.kind == "adjust" and self.reason in LOSS_REASONS:
            return -abs(qty_milli)
        return qty_milli

    def add(self, item: StockItem, qty_milli: int) -> int:
        """Add ``qty_milli`` of ``item`` (a scan); returns the line's index."""
        for index, line in enumerate(self.lines):
            if line.item.product_id == item.product_id:
                self.lines[index] = replace(
                    line, qty_milli=line.qty_milli + self._signed(qty_milli)
                )
                return index
        self.lines.append(TaskLine(item, self._signed(qty_milli)))
        return len(self.lines) - 1

    def set_quantity(self, index: int, qty_milli: int) -> None:
        self.lines[index] = replace(self.lines[index], qty_milli=self._signed(qty_milli))

    def flip_sign(self, index: int) -> None:
        """A correction's line from + to - or back (losses stay negative)."""
        line = self.lines[index]
        self.lines[index] = replace(line, qty_milli=self._signed(-line.qty_milli))

    def remove(self, index: int) -> None:
        del self.lines[index]

    def set_reason(self, reason: str) -> None:
        if reason not in ADJUST_REASONS:
            raise UserError("stock.bad_reason", f"Unknown reason {reason!r}", reason=reason)
        self.reason = reason
        self.lines = [replace(line, qty_milli=self._signed(line.qty_milli)) for line in self.lines]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "reason": self.reason,
            "reference": self.reference,
            "destination": self.destination,
            "lines": [
                {"item": _item_dict(line.item), "qty_milli": line.qty_milli} for line in self.lines
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LinesDraft:
        return cls(
            kind=str(data["kind"]),
            reason=str(data.get("reason") or "damage"),
            reference=str(data.get("reference") or ""),
            destination=str(data.get("destination") or ""),
            lines=[
                TaskLine(_item_of(line["item"]), int(line["qty_milli"]))
                for line in data.get("lines") or []
            ],
        )


@dataclass
class CountDraft:
    """A cycle count: shelf by shelf, the products counted on each with when."""

    count_id: str = field(default_factory=new_id)
    shelf: str = ""
    entries: list[CountEntry] = field(default_factory=list)

    def set_shelf(self, label: str) -> str:
        shelf = shelf_label(label)
        if shelf is None:
            raise UserError(
                "stock.bad_shelf", f"A shelf label has 1 to {MAX_SHELF} characters", shelf=label
            )
        self.shelf = shelf
        return shelf

    def add(self, item: StockItem, qty_milli: int, at: datetime) -> int:
        """A scan on the current shelf: the product's count there grows, taken now."""
        for index, entry in enumerate(self.entries):
            if entry.shelf == self.shelf and entry.item.product_id == item.product_id:
                self.entries[index] = replace(
                    entry, qty_milli=entry.qty_milli + qty_milli, taken_at=at
                )
                return index
        self.entries.append(CountEntry(self.shelf, item, qty_milli, at))
        return len(self.entries) - 1

    def set_quantity(self, index: int, qty_milli: int, at: datetime) -> None:
        self.entries[index] = replace(self.entries[index], qty_milli=qty_milli, taken_at=at)

    def remove(self, index: int) -> None:
        del self.entries[index]

    def to_dict(self) -> dict[str, Any]:
        return {
            "count_id": self.count_id,
            "shelf": self.shelf,
            "entries": [
                {
                    "shelf": e.shelf,
                    "item": _item_dict(e.item),
                    "qty_milli": e.qty_milli,
                    "taken_at": e.taken_at.isoformat(),
                }
                for e in self.entries
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CountDraft:
        return cls(
            count_id=str(data.get("count_id") or new_id()),
            shelf=str(data.get("shelf") or ""),
            entries=[
                CountEntry(
                    str(e.get("shelf") or ""),
                    _item_of(e["item"]),
                    int(e["qty_milli"]),
                    datetime.fromisoformat(str(e["taken_at"])),
                )
                for e in data.get("entries") or []
            ],
        )


def shelf_label(code: str) -> str | None:
    """The shelf of a label (``LOC:A-01`` or typed ``A-01``), or None when it is not one."""
    label = code.strip()
    for prefix in SHELF_PREFIXES:
        if label.upper().startswith(prefix):
            label = label[len(prefix) :].strip()
            break
    if not label or len(label) > MAX_SHELF or any(ord(ch) < 32 for ch in label):
        return None
    return label


def is_shelf_scan(code: str) -> bool:
    """A scanned code that names a shelf rather than an item (it carries a shelf prefix)."""
    return code.strip().upper().startswith(SHELF_PREFIXES) and shelf_label(code) is not None
