"""The sale in progress survives SIGKILL: a child rings items and is killed mid-sale; a
new register on the same database, after the same cashier signs in, has the same cart."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from pos_app.app import build_register, build_services
from pos_app.checkout.events import Stage
from pos_app.config import load_settings
from pos_app.devices.drawer import NoDrawer
from pos_app.domain.roles import Role
from pos_app.services.terminal import initialise_terminal
from pos_app.storage.database import open_database
from tests.fakes import SEED, FakeClock, seed_catalog

REPO_ROOT = Path(__file__).resolve().parents[2]

CHILD = """
import json, os, signal, sys
from pos_app.app import build_register, build_services
from pos_app.config import load_settings
from pos_app.devices.drawer import NoDrawer
from pos_app.storage.database import open_database

settings = load_settings(data_dir=sys.argv[1])
services = build_services(settings, open_database(settings.database_path))
register = build_register(services, NoDrawer())
user = services.users.find("Ayşe")
register.sign_in(user.user_id, "4826")
if register.staff.shift is None:
    register.staff.open_shift(10000)
for code in json.loads(sys.argv[2]):
    register.sale.scan(code)
sys.stdout.write(json.dumps([[l.product.sku, str(l.quantity)] for l in register.sale.cart.lines]))
sys.stdout.flush()
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_cart_comes_back_after_sigkill(tmp_path: Path) -> None:
    data = tmp_path / "data"
    settings = load_settings(data_dir=data)
    engine = open_database(settings.database_path)
    initialise_terminal(engine, "S01", "T01")
    seed_catalog(engine, FakeClock())
    services = build_services(settings, engine)
    services.users.add("Ayşe", Role.CASHIER, "4826")
    services.close()

    codes = [SEED[0].barcode, SEED[0].barcode, SEED[2].barcode, SEED[1].barcode]
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(data), json.dumps(codes)],
        cwd=REPO_ROOT,
        env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    seen = json.loads(child.stdout)
    assert seen == [["MILK1L", "2"], ["SOAP", "1"], ["TEA1KG", "1"]]

    services = build_services(settings, open_database(settings.database_path))
    try:
        register = build_register(services, NoDrawer())
        user = services.users.find("Ayşe")
        register.sign_in(user.user_id, "4826")
        assert register.stage is Stage.SELLING
        restored = [[line.product.sku, str(line.quantity)] for line in register.sale.cart.lines]
        assert restored == seen
    finally:
        services.close()
