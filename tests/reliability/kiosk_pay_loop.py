"""Crash-harness children for the kiosk's card payments (no Qt).

``python -m tests.reliability.kiosk_pay_loop DBPATH JOURNAL`` starts a zygote: it imports
the till once, then forks a child per command read on stdin (see ``zygote``), so a kiosk
killed with SIGKILL is back in a fraction of a second. The children:

- the card terminal simulator, journal in JOURNAL, quick steps (prints ``port PID N``);
- a kiosk over DBPATH (prints ``ready PID``): it recovers first, as the kiosk does at
  start-up, then scans items and pays by card forever, choosing the simulator's mode at
  random before each payment; each completed sale's id is appended to ``DBPATH.acked``
  (one write, fsynced);
- the start-up recovery alone (prints ``recovered PID N``).
"""

from __future__ import annotations

import os
import random
import sys
import time
import traceback
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from pathlib import Path

from pos_app.app import build_services
from pos_app.checkout.events import Flow, Stage
from pos_app.checkout.kiosk.payment import KioskPayment
from pos_app.checkout.sale import SaleSession
from pos_app.checkout.staff import StaffSession
from pos_app.config import load_settings
from pos_app.devices.card_terminal_sim import CardTerminalSimulator, remote_set_mode
from pos_app.devices.payment_terminal import TcpPaymentTerminal
from pos_app.errors import UserError
from pos_app.services.bundle import Services
from pos_app.services.card_attempts import CardAttemptStore
from pos_app.services.checkout_records import CheckoutRecords
from pos_app.storage.database import open_database
from tests.reliability.sale_loop import PRODUCTS, load_products, prepare

HOST = "127.0.0.1"
PIN = "7391"  # sale_loop.prepare's cashier
# The simulator's mode before each payment: mostly approvals, lost answers and slow ones so
# kills land around the terminal call and the commit, some declines and dropped links.
MODES = ("approve", "lost_answer", "slow", "decline", "drop")
WEIGHTS = (50, 20, 10, 10, 10)
BARCODES = [f"2990000{n:06d}" for n, p in enumerate(PRODUCTS, 1) if not p[4]]


def say(line: str) -> None:
    """One line to the parent, at once."""
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def acked_path(db_path: Path) -> Path:
    return Path(f"{db_path}.acked")


def build_kiosk(db_path: Path, port: int) -> tuple[Services, SaleSession, KioskPayment]:
    """The kiosk as it starts: services, the seller signed in, the draft sale back."""
    engine = open_database(db_path)
    prepare(engine)
    settings = load_settings(data_dir=db_path.parent)  # no printer: jobs wait as previews
    services = build_services(settings, engine)
    flow = Flow()
    staff = StaffSession(flow, services.users, services.shifts, services.policy)
    user = next(u for u in services.users.list() if u.active)
    staff.authenticate(user.user_id, PIN)
    sale = SaleSession(
        flow,
        staff,
        services.catalog,
        services.drafts,
        CheckoutRecords(engine, services.clock),
        services.new_cart,
        merge_scans=True,
        receipt_default="paper",
    )
    sale.restore_draft(user, lambda user_id: user_id, None)
    flow.set_stage(Stage.SELLING)
    payment = KioskPayment(
        flow,
        staff,
        sale,
        services.sales,
        services.printing,
        CardAttemptStore(engine, services.clock),
        TcpPaymentTerminal(HOST, port),
        ereceipt_base_url="",
    )
    return services, sale, payment


def pay_forever(db_path: Path, port: int, seed: int) -> None:
    services, sale, payment = build_kiosk(db_path, port)
    products = [p for p in load_products(services.engine) if p.sold_by_weight]
    rng = random.Random(seed)
    ack = os.open(acked_path(db_path), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    say(f"ready {os.getpid()}")
    payment.recover()  # first thing at start-up, as the kiosk does
    while True:
        if sale.cart.is_empty or rng.random() < 0.3:
            if rng.random() < 0.8:
                sale.scan(rng.choice(BARCODES))
            else:
                sale.add_product(rng.choice(products), Decimal(rng.randint(50, 2500)) / 1000)
        remote_set_mode(HOST, port, rng.choices(MODES, WEIGHTS)[0])
        time.sleep(rng.uniform(0, 0.01))
        try:
            outcome = payment.pay_by_card()
        except UserError as error:
            if error.code not in ("terminal.unavailable", "payment.checking"):
                raise
            time.sleep(0.05)
            continue
        if outcome.result is not None:
            # One write() per line: a kill leaves whole lines (or none) behind.
            os.write(ack, f"{outcome.result.sale.sale_id}\n".encode())
            os.fsync(ack)


def _forked(run: Callable[[], None]) -> int:
    """Run ``run`` in a child process of this one (imports already done, so it starts in
    a fraction of a second); the child's id."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into the zygote's loop
        code = 0
        try:
            run()
        except BaseException:
            traceback.print_exc()
            code = 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    return pid


def run_sim(journal: Path, port: int) -> None:
    sim = CardTerminalSimulator(
        HOST, port, journal=journal, step_delay_s=0.003, slow_step_s=0.08
    ).start()
    say(f"port {os.getpid()} {sim.port}")
    while True:
        time.sleep(1.0)


def recover_once(db_path: Path, port: int) -> None:
    services, _sale, payment = build_kiosk(db_path, port)
    say(f"recovered {os.getpid()} {len(payment.recover())}")
    services.close()


def zygote(db_path: Path, journal: Path) -> None:
    """Read commands on stdin, one a line, and fork a child for each:
    ``sim PORT`` (the terminal), ``pay PORT SEED`` (the kiosk), ``recover PORT``, and
    ``reap PID`` (wait for a child the parent killed; answers ``exit PID SIGNAL``)."""
    say("zygote")
    for line in sys.stdin:
        command, *args = line.split()
        if command == "sim":
            _forked(partial(run_sim, journal, int(args[0])))
        elif command == "pay":
            _forked(partial(pay_forever, db_path, int(args[0]), int(args[1])))
        elif command == "recover":
            _forked(partial(recover_once, db_path, int(args[0])))
        elif command == "reap":
            pid = int(args[0])
            _, status = os.waitpid(pid, 0)
            signal_no = os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0
            say(f"exit {pid} {signal_no} {os.WEXITSTATUS(status) if not signal_no else 0}")
        else:
            raise SystemExit(f"unknown command {line!r}")


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        sys.stderr.write("usage: python -m tests.reliability.kiosk_pay_loop DBPATH JOURNAL\n")
        return 2
    zygote(Path(argv[0]), Path(argv[1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
