"""Kill-harness child for F3: one sync round that dies right after the backend answered a push.

Run as ``python -m tests.sync.kill_after_push DBPATH`` from the repository root, on an enrolled
terminal database. It runs ``SyncClient.run_once()`` with a transport that, as soon as it has
read the backend's whole answer to a push that applied something new (so the backend has
committed it), SIGKILLs its own process: the terminal never records the acknowledgement.
It writes ``killing <applied>`` just before that; a round that ends without such a push
writes ``clean <pushed> <applied> <duplicates> <pending>`` and exits 0.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import httpx

from pos_app.services.sync_worker import build_sync_client
from pos_app.storage.database import open_database
from tests.sync.faults import FaultTransport


def _kill_if_applied(request: httpx.Request, response: httpx.Response) -> None:
    if response.status_code != 200:
        return
    applied = sum(1 for r in response.json().get("results", []) if r.get("status") == "applied")
    if applied:
        os.write(1, f"killing {applied}\n".encode())
        os.kill(os.getpid(), signal.SIGKILL)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write("usage: python -m tests.sync.kill_after_push DBPATH\n")
        return 2
    engine = open_database(Path(argv[0]))
    transport = FaultTransport()
    transport.call_after(_kill_if_applied, path="/push")
    with httpx.Client(transport=transport, timeout=30.0) as http:
        client = build_sync_client(engine, http=http)
        if client is None:
            sys.stderr.write("the terminal is not enrolled\n")
            return 3
        report = client.run_once()
    engine.dispose()
    sys.stdout.write(
        f"clean {report.pushed} {report.applied} {report.duplicates} {report.pending}\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
