"""Staff roles, manager approvals and the limits that call for them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any


class Role(StrEnum):
    CASHIER = "cashier"
    SUPERVISOR = "supervisor"
    MANAGER = "manager"

    @property
    def rank(self) -> int:
        return {"cashier": 0, "supervisor": 1, "manager": 2}[self.value]


@dataclass(frozen=True, slots=True)
class Approval:
    """A manager's (or supervisor's) consent, recorded on the sale and in the audit log."""

    action: str
    approver_id: str
    approver_name: str
    approver_role: Role
    at: datetime
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "approver_id": self.approver_id,
            "approver_name": self.approver_name,
            "approver_role": self.approver_role.value,
            "at": self.at.isoformat(),
            "detail": self.detail,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Approval:
        return cls(
            action=data["action"],
            approver_id=data["approver_id"],
            approver_name=data["approver_name"],
            approver_role=Role(data["approver_role"]),
            at=datetime.fromisoformat(data["at"]),
            detail=data.get("detail", ""),
        )


def _default_limits() -> dict[Role, Decimal]:
    return {Role.CASHIER: Decimal(10), Role.SUPERVISOR: Decimal(30), Role.MANAGER: Decimal(100)}


@dataclass(frozen=True)
class ApprovalPolicy:
    """Largest price reduction (discount or override, in percent) each role may give alone."""

    reduction_limits: dict[Role, Decimal] = field(default_factory=_default_limits)
    receiptless_return_role: Role = Role.SUPERVISOR
    no_sale_role: Role = Role.SUPERVISOR
    # Taking back a web order's goods outside its return window, or non-returnable ones.
    web_return_override_role: Role = Role.MANAGER

    def may_reduce(self, role: Role, percent: Decimal) -> bool:
        return percent <= self.reduction_limits.get(role, Decimal(0))
