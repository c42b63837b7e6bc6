"""Keeping personal data out of the backend's logs.

The access log names the path without its query string (searches carry phones, e-mails and
names) and with e-receipt tokens cut (``/r/<token>`` → ``/r/…``: the link opens a customer's
receipt), and the client address shortened to its network (/24, IPv6 /48). Database errors
lose the row data PostgreSQL puts in them (``DETAIL: Failing row contains (…)``, the values
of a duplicate key, a COPY line); SQLAlchemy's parameters are hidden by the engine
(``hide_parameters``, ``sync.server.db``).
"""

from __future__ import annotations

import ipaddress
import logging
import re

ACCESS_LOGGER = "uvicorn.access"
HIDDEN = "…"

_RECEIPT_PATH = re.compile(r"(/r/).*", re.DOTALL)
# PostgreSQL's detail and context lines: what follows the colon may quote row data.
_KEY_DETAIL = re.compile(r"^(DETAIL:\s+Key \((?:[^()]|\([^()]*\))*\))=\(.*?\)(.*)$")
_DETAIL = re.compile(r"^(DETAIL:\s+).+$")
_CONTEXT_VALUE = re.compile(r"^(CONTEXT:.*?)(?:: \"| = ').*$")
# "invalid input syntax for type integer: \"…\"" and its kin quote the value given.
_INPUT_VALUE = re.compile(r"(invalid [^\n:]*: )\".*\"")


def redact_path(path: str) -> str:
    """``path`` without its query string, and with an e-receipt token cut."""
    path = path.split("?", 1)[0]
    return _RECEIPT_PATH.sub(lambda m: m.group(1) + HIDDEN, path)


def mask_address(address: str) -> str:
    """A client address (``host`` or ``host:port``) shortened to its network, no port."""
    host = address
    if address.startswith("["):  # [v6]:port
        host = address[1:].split("]", 1)[0]
    elif address.count(":") == 1:  # v4:port or name:port
        host = address.rsplit(":", 1)[0]
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return HIDDEN if host else address
    prefix = 24 if ip.version == 4 else 48
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


class AccessLogRedaction(logging.Filter):
    """Rewrites uvicorn's access records: masked address, path without query or token."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) == 5:
            client, method, path, version, status = args
            record.args = (
                mask_address(str(client)),
                method,
                redact_path(str(path)),
                version,
                status,
            )
        return True


def install_log_redaction() -> None:
    """Put the redaction on uvicorn's access logger (once; the app factory calls this)."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, AccessLogRedaction) for f in logger.filters):
        logger.addFilter(AccessLogRedaction())


def redact_db_message(text: str) -> str:
    """A database error message without the row data it quotes."""
    lines = []
    for line in text.split("\n"):
        stripped = line.lstrip()
        if stripped.startswith("DETAIL:"):
            key = _KEY_DETAIL.match(stripped)
            stripped = (
                f"{key.group(1)}=({HIDDEN}){key.group(2)}"
                if key
                else _DETAIL.sub(r"\1(row data hidden)", stripped)
            )
        elif stripped.startswith("CONTEXT:"):
            stripped = _CONTEXT_VALUE.sub(r"\1: (value hidden)", stripped)
        else:
            stripped = _INPUT_VALUE.sub(rf'\1"{HIDDEN}"', stripped)
        lines.append(line[: len(line) - len(line.lstrip())] + stripped)
    return "\n".join(lines)


def redact_exception(exc: BaseException) -> None:
    """Rewrite ``exc``'s message (a driver's or SQLAlchemy's) without row data, in place."""
    if exc.args and isinstance(exc.args[0], str):
        exc.args = (redact_db_message(exc.args[0]), *exc.args[1:])
