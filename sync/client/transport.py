"""HTTP to the backend's sync API (``/sync/v1``): one method per endpoint, errors classified.

Every call carries ``X-POS-Protocol`` and (after enrolment) the terminal's bearer token. The
token never appears in a log line or an error message.
"""

from __future__ import annotations

import email.utils
import logging
from datetime import UTC, datetime
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from sync.client.errors import (
    AuthError,
    CursorExpired,
    ProtocolError,
    SeqGapError,
    TransportError,
)
from sync.protocol import (
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    SYNC_PREFIX,
    AttendantKiosk,
    AttendantsResponse,
    EnrollRequest,
    EnrollResponse,
    HelloResponse,
    KioskReport,
    PullResponse,
    PushRequest,
    PushResponse,
    SeqGap,
    SnapshotPage,
)
from sync.protocol.fields import CATALOG_IMAGES_PATH, is_image_name
from sync.protocol.records import ValueCardData
from sync.protocol.reservations import (
    RESERVATION_TIMEOUT_S,
    ReservationRequest,
    ReservationResponse,
)

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)


def check_server_url(url: str) -> str:
    """``url`` without a trailing slash; ``ValueError`` naming the problem if it is unusable."""
    text = url.strip()
    if not text:
        raise ValueError("the server URL is empty")
    try:
        parsed = httpx.URL(text)
    except (httpx.InvalidURL, TypeError) as exc:
        raise ValueError(f"{url!r} is not a URL: {exc}") from None
    if parsed.scheme not in ("http", "https"):
        raise ValueError(f"{url!r} must start with http:// or https://")
    if not parsed.host:
        raise ValueError(f"{url!r} names no host")
    if parsed.query or parsed.fragment:
        raise ValueError(f"{url!r} must not have a query or fragment")
    return text.rstrip("/")


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass  # not delta-seconds: try the HTTP-date form below
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _error_detail(response: httpx.Response) -> tuple[str, str]:
    """(code, detail) of an error body ``{"error": ..., "detail": ...}`` or FastAPI's."""
    try:
        body = response.json()
    except ValueError:
        return "", response.text[:200].strip()
    if not isinstance(body, dict):
        return "", str(body)[:200]
    code = body.get("error")
    detail = body.get("detail", "")
    if not isinstance(detail, str):
        detail = str(detail)[:500]
    return (str(code) if code else ""), detail


class SyncTransport:
    """The sync endpoints of one backend, for one terminal's token."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        http: httpx.Client | None = None,
        timeout: float = 10.0,
        device_id: str = "",
    ) -> None:
        self.base_url = check_server_url(base_url)
        self._token = token
        self.device_id = device_id  # sent at hello: the backend refuses a copied terminal
        self._own_client = http is None
        self._http = http if http is not None else httpx.Client(timeout=timeout)
        self.timeout = timeout

    def close(self) -> None:
        """Close the HTTP client if this transport made it."""
        if self._own_client:
            self._http.close()

    def __repr__(self) -> str:  # never the token
        return f"SyncTransport({self.base_url!r})"

    # -- endpoints ---------------------------------------------------------------------------

    def enroll(self, request: EnrollRequest) -> EnrollResponse:
        return self._call(
            "POST", "/terminals/enroll", EnrollResponse, json=request.model_dump(), auth=False
        )

    def hello(self, epoch: str, device_time: datetime) -> HelloResponse:
        params = {"epoch": epoch, "device_time": device_time.astimezone(UTC).isoformat()}
        if self.device_id:
            params["device_id"] = self.device_id
        return self._call("GET", "/hello", HelloResponse, params=params)

    def push(self, request: PushRequest) -> PushResponse:
        return self.push_body(self.encode_push(request))

    def push_body(self, body: bytes) -> PushResponse:
        """POST an already encoded ``PushRequest`` (the client encodes each mutation once)."""
        return self._call("POST", "/push", PushResponse, content=body)

    @staticmethod
    def encode_push(request: PushRequest) -> bytes:
        return request.model_dump_json().encode()

    def pull(self, cursor: str | None, limit: int) -> PullResponse:
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        return self._call("GET", "/pull", PullResponse, params=params)

    def snapshot(self, collection: str, after: str | None, limit: int) -> SnapshotPage:
        params: dict[str, Any] = {"limit": limit}
        if after is not None:
            params["after"] = after
        return self._call("GET", f"/snapshot/{collection}", SnapshotPage, params=params)

    def put_kiosk_state(self, report: KioskReport) -> AttendantKiosk:
        """This kiosk's state (a kiosk's token only: a till's gets ``AuthError`` not_a_kiosk)."""
        return self._call(
            "PUT", "/kiosk-state", AttendantKiosk, content=report.model_dump_json().encode()
        )

    def attendants(self) -> AttendantsResponse:
        """The kiosks of this terminal's store with their states."""
        return self._call("GET", "/attendants", AttendantsResponse)

    def reserve(self, request: ReservationRequest) -> ReservationResponse:
        """Hold points or a card's balance for a redemption (``sync.protocol.reservations``);
        a short timeout, so a slow backend sends the till to its offline bounds quickly."""
        return self._call(
            "POST",
            "/reservations",
            ReservationResponse,
            content=request.model_dump_json().encode(),
            timeout=RESERVATION_TIMEOUT_S,
        )

    def release(self, reservation_id: str) -> ReservationResponse:
        """Give back a hold the sale no longer needs (a removed tender, a voided sale)."""
        return self._call(
            "DELETE",
            f"/reservations/{reservation_id}",
            ReservationResponse,
            timeout=RESERVATION_TIMEOUT_S,
        )

    def value_card(self, code_hash: str) -> ValueCardData:
        """A gift card's or store credit's current balance and state (``AuthError`` /
        ``TransportError`` as any call; an unknown card is a 404 ``ServerRejected``)."""
        return self._call(
            "GET", f"/value-cards/{code_hash}", ValueCardData, timeout=RESERVATION_TIMEOUT_S
        )

    def catalog_image(self, name: str, *, max_bytes: int) -> bytes:
        """A catalog picture (``CATALOG_IMAGES_PATH``, this terminal's token), at most
        ``max_bytes``: a larger one is a ``ProtocolError`` before more is read."""
        if not is_image_name(name):
            raise ProtocolError(f"{name!r} is not a picture's file name")
        url = f"{self.base_url}{CATALOG_IMAGES_PATH}/{name}"
        if not self._token:
            raise AuthError(f"{url}: this terminal has no token (not enrolled)", url=url)
        headers = {"Authorization": f"Bearer {self._token}"}
        too_large = f"{url}: the picture is larger than {max_bytes} bytes"
        try:
            with self._http.stream("GET", url, headers=headers) as response:
                if not 200 <= response.status_code < 300:
                    response.read()
                    self._check(response, url)
                declared = response.headers.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise ProtocolError(too_large, url=url, status=response.status_code)
                data = bytearray()
                for chunk in response.iter_bytes():
                    data += chunk
                    if len(data) > max_bytes:
                        raise ProtocolError(too_large, url=url, status=response.status_code)
                return bytes(data)
        except httpx.TimeoutException as exc:
            raise TransportError(
                f"{url}: no answer in time ({type(exc).__name__})", url=url, timeout=True
            ) from None
        except httpx.TransportError as exc:
            cause = str(exc) or type(exc).__name__
            raise TransportError(f"cannot reach {url}: {cause}", url=url) from None

    # -- plumbing ----------------------------------------------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        model: type[M],
        *,
        auth: bool = True,
        params: dict[str, Any] | None = None,
        json: dict[str, Any] | None = None,
        content: bytes | None = None,
        timeout: float | None = None,
    ) -> M:
        url = f"{self.base_url}{SYNC_PREFIX}{path}"
        headers = {PROTOCOL_HEADER: str(PROTOCOL_VERSION), "Accept": "application/json"}
        if content is not None:
            headers["Content-Type"] = "application/json"
        if auth:
            if not self._token:
                raise AuthError(f"{url}: this terminal has no token (not enrolled)", url=url)
            headers["Authorization"] = f"Bearer {self._token}"
        try:
            extra: dict[str, Any] = {} if timeout is None else {"timeout": timeout}
            response = self._http.request(
                method, url, params=params, json=json, content=content, headers=headers, **extra
            )
        except httpx.TimeoutException as exc:
            raise TransportError(
                f"{url}: no answer in time ({type(exc).__name__})", url=url, timeout=True
            ) from None
        except httpx.TransportError as exc:
            cause = str(exc) or type(exc).__name__
            raise TransportError(f"cannot reach {url}: {cause}", url=url) from None
        self._check(response, url)
        try:
            return model.model_validate_json(response.content)
        except ValidationError as exc:
            raise ProtocolError(
                f"{url}: unexpected answer ({exc.error_count()} problems: "
                f"{exc.errors()[0]['loc']} {exc.errors()[0]['msg']})",
                url=url,
                status=response.status_code,
            ) from None

    def _check(self, response: httpx.Response, url: str) -> None:
        status = response.status_code
        if 200 <= status < 300:
            return
        code, detail = _error_detail(response)
        what = f"{url}: HTTP {status}" + (f" {code}" if code else "")
        what += f": {detail}" if detail else ""
        log.info("sync call failed: %s", what)
        if status in (429, 503) or status >= 500:
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            raise TransportError(what, url=url, status=status, retry_after=retry_after)
        if status in (401, 403):
            raise AuthError(what, url=url, status=status, code=code)
        if status == 409:
            try:
                gap = SeqGap.model_validate_json(response.content)
            except ValidationError:
                raise ProtocolError(what, url=url, status=status, code=code) from None
            raise SeqGapError(
                f"{url}: sequence gap, the backend expects seq {gap.resume_from} next",
                resume_from=gap.resume_from,
                last_processed_seq=gap.last_processed_seq,
                url=url,
            )
        if status == 410:
            raise CursorExpired(what, url=url)
        if status == 426:
            raise ProtocolError(
                f"{url}: the backend does not speak sync protocol {PROTOCOL_VERSION}"
                + (f" ({detail})" if detail else ""),
                url=url,
                status=status,
                code=code or "protocol_unsupported",
            )
        raise ProtocolError(what, url=url, status=status, code=code)
