"""A ``shift.closed`` fact carries the till's running Z number; the backend keeps it, and
still takes closes from tills that send none."""

from __future__ import annotations

from sqlalchemy import select

from sync.server.schema import shift_close
from tests.server.conftest import Backend
from tests.server.test_sync_push import T0, make_mutation, push, setup, statuses


def test_the_z_number_of_a_shift_close_is_kept(backend: Backend) -> None:
    t = setup(backend)
    close = {"shift_id": "s1", "store_code": "S01", "closed_at": T0.isoformat()}
    mutations = [
        make_mutation(1, "shift.closed", close | {"z_no": 42}),
        make_mutation(2, "shift.closed", close | {"shift_id": "s0"}),  # an older till
        make_mutation(3, "shift.closed", close | {"shift_id": "s2", "z_no": "43"}),
        make_mutation(4, "shift.closed", close | {"shift_id": "s3", "z_no": 0}),
    ]
    assert statuses(push(backend.client, t, mutations)) == [
        "applied",
        "applied",
        "rejected",
        "rejected",
    ]
    with backend.engine.connect() as conn:
        kept = dict(conn.execute(select(shift_close.c.shift_id, shift_close.c.z_no)).all())
    assert kept == {"s1": 42, "s0": None}
