"""The loyalty points lines of a receipt: points earned, spent and the customer's balance
after the sale, in the receipt's language (docs/loyalty.md "Points at the till").

Only points: never the customer's name, phone, e-mail or address. A customer-number line
(the customer panel's) can sit next to these; ``receipt.layout`` prints them after the
tenders when the print document has a ``points_summary`` (``services.sale_loyalty``).
"""

from __future__ import annotations

from typing import Any

from pos_app.domain.receipt_lines import columns_lines

_LABELS = {
    "tr": {
        "earned": "Kazanılan puan",
        "taken_back": "Geri alınan puan",
        "spent": "Harcanan puan",
        "given_back": "İade edilen puan",
        "balance": "Kullanılabilir puan",
        "pending": "Bekleyen puan",
        "points": "puan",
    },
    "en": {
        "earned": "Points earned",
        "taken_back": "Points taken back",
        "spent": "Points spent",
        "given_back": "Points given back",
        "balance": "Points available",
        "pending": "Points pending",
        "points": "points",
    },
}


def points_text(points: int, language: str) -> str:
    """``1.500`` / ``1,500``: thousands grouped as the language writes them."""
    grouped = f"{points:,}"
    return grouped.replace(",", ".") if language == "tr" else grouped


def points_lines(summary: dict[str, Any] | None, language: str, width: int) -> list[str]:
    """The points lines for ``summary`` (``earned``, ``spent``, ``balance``, ``pending``);
    none without a summary. A return's negative figures read as taken and given back."""
    if not summary:
        return []
    labels = _LABELS.get(language, _LABELS["en"])
    lines: list[str] = []
    earned, spent = int(summary.get("earned", 0)), int(summary.get("spent", 0))
    if earned:
        label = labels["earned"] if earned > 0 else labels["taken_back"]
        lines += columns_lines(label, points_text(abs(earned), language), width)
    if spent:
        label = labels["spent"] if spent > 0 else labels["given_back"]
        lines += columns_lines(label, points_text(abs(spent), language), width)
    lines += columns_lines(labels["balance"], points_text(int(summary["balance"]), language), width)
    if summary.get("pending"):
        lines += columns_lines(
            labels["pending"], points_text(int(summary["pending"]), language), width
        )
    return lines


def tender_points_lines(tender: dict[str, Any], language: str) -> list[str]:
    """Under a points tender: the points it spent (``reference``), in place of its approval
    code, which is the backend's reservation id and nothing the customer can use."""
    reference = str(tender.get("reference") or "")
    if tender.get("kind") != "loyalty" or not reference.isdigit():
        return []
    labels = _LABELS.get(language, _LABELS["en"])
    return [f"  {points_text(int(reference), language)} {labels['points']}"]
