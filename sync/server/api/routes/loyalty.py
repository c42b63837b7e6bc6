"""``/api/v1/loyalty/rules``: the chain's earning rules (``sync.server.loyalty``), pulled by
every till as ``loyalty_rules``/``current``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter
from pydantic import BeforeValidator, Field, Strict, ValidationError

from sync.json_types import Whole
from sync.protocol.loyalty import MAX_MULTIPLIER_PERCENT, MINOR_PER_TRY, EarningRules
from sync.server import loyalty
from sync.server.api.common import InputModel
from sync.server.changes import ChangeBuffer
from sync.server.db import write_tx
from sync.server.deps import Admin, Ctx
from sync.server.errors import ServerError

router = APIRouter(dependencies=[Admin], tags=["admin"])

Name = Annotated[str, Field(min_length=1, max_length=200)]


def whole(value: Any) -> Any:
    """``3.0`` as 3, as ``sync.json_types.Whole`` takes it (JSON Schema counts it an integer)."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


# Whole numbers with their ranges stated in the description (constraints first, so the
# JSON Schema carries them as minimum/maximum).
Count = Annotated[int, Field(ge=0, le=10**6), Strict(), BeforeValidator(whole)]
# Ten years at most: a vesting day must stay a date (and a returns window is weeks).
Days = Annotated[int, Field(ge=0, le=3650), Strict(), BeforeValidator(whole)]
Percent = Annotated[int, Field(ge=0, le=MAX_MULTIPLIER_PERCENT), Strict(), BeforeValidator(whole)]
PointValue = Annotated[int, Field(ge=1, le=MINOR_PER_TRY), Strict(), BeforeValidator(whole)]


class RulesIn(InputModel):
    """``EarningRules`` as the admin sends them, every limit stated in the description; a
    name listed twice counts once."""

    points_per_try: Count
    category_multipliers: dict[Name, Percent] = Field(
        default_factory=dict, description="percent of the base rate per category"
    )
    excluded_skus: list[Name] = Field(default_factory=list, max_length=10_000)
    excluded_categories: list[Name] = Field(default_factory=list, max_length=10_000)
    vesting_days: Days = 0
    point_value_minor: PointValue = 1
    version: Whole | None = Field(default=None, description="ignored: the backend numbers them")

    def rules(self) -> EarningRules:
        try:
            return EarningRules.model_validate(self.model_dump(exclude={"version"}))
        except ValidationError as error:  # the limits above are the model's: a backend bug
            raise ServerError(422, "invalid_rules", str(error)) from None


@router.get("/loyalty/rules", response_model=EarningRules)
def get_rules(ctx: Ctx) -> dict[str, Any]:
    """The current rules (version 0: the defaults, never set)."""
    with ctx.engine.connect() as conn:
        return loyalty.current_rules(conn).payload()


@router.put("/loyalty/rules", response_model=EarningRules)
def put_rules(body: RulesIn, ctx: Ctx) -> dict[str, Any]:
    """Replace the rules; they get the next version (a ``version`` sent is ignored). Points
    already earned keep the day they vest on."""
    now = ctx.clock()
    with write_tx(ctx.engine) as conn:
        changes = ChangeBuffer()
        stored = loyalty.set_rules(conn, changes, body.rules(), now)
        changes.flush(conn, now)
    return stored.payload()
