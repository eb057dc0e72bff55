"""A stand-in for GOV.UK Notify's API, for tests: a real HTTP server on 127.0.0.1 (a free port)
that checks each request's token as Notify does and answers as Notify's documentation shows.

- Tokens: "Authorization: Bearer <JWT>", HS256 signed with the API key's secret, iss the key's
  service id, iat within 30 seconds of now; otherwise 403 AuthError, as Notify answers.
- POST /v2/notifications/sms and /email: 201 with the notification (id, reference, content,
  uri, template), or what the test scripted for that recipient: 400 (ValidationError or
  BadRequestError), 403, 429 (RateLimitError) or 500 (Exception).
- GET /v2/notifications?reference=R and GET /v2/notifications/<id>: what was accepted, with a
  delivery status the test can set.
- Every request is recorded (method, path, body, the token's claims).
- hold_at: the Nth POST is recorded, accepted, and then not answered until released, so a test
  can kill a sender that is waiting for Notify's answer.

Never listens anywhere but 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

import jwt

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"desk_test-{SERVICE_ID}-{SECRET}"
ERRORS = {400: ("BadRequestError", "Can't send to this recipient using a team-only API key"),
          403: ("AuthError", "Invalid token: API key not found"),
          429: ("RateLimitError", "Exceeded rate limit for key type LIVE of 3000 requests per "
                                  "60 seconds"),
          500: ("Exception", "Internal server error")}


@dataclass
class Received:
    method: str
    path: str
    body: dict[str, Any]
    claims: dict[str, Any]


@dataclass
class StandIn:
    """The server's state; start() returns the base URL to give the client."""

    secret: str = SECRET
    service_id: str = SERVICE_ID
    script: dict[str, list[int]] = field(default_factory=dict)
    """Per recipient (phone number or email address as sent), statuses to answer in turn."""
    errors: dict[int, tuple[str, str]] = field(default_factory=lambda: dict(ERRORS))
    delivery: str = "delivered"
    hold_at: int | None = None
    received: list[Received] = field(default_factory=list)
    accepted: dict[str, dict[str, Any]] = field(default_factory=dict)
    released: threading.Event = field(default_factory=threading.Event)
    _server: ThreadingHTTPServer | None = None

    @property
    def posts(self) -> list[Received]:
        return [r for r in self.received if r.method == "POST"]

    def start(self, port: int = 0) -> str:
        stand_in = self

        class Handler(_Handler):
            state = stand_in

        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def port(self) -> int:
        assert self._server is not None
        return int(self._server.server_address[1])

    def stop(self) -> None:
        self.released.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def wait_for_posts(self, count: int, seconds: float = 20) -> None:
        deadline = time.monotonic() + seconds
        while len(self.posts) < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{len(self.posts)} of {count} requests came")
            time.sleep(0.02)


class _Handler(BaseHTTPRequestHandler):
    state: StandIn

    def log_message(self, format: str, *args: Any) -> None:
        pass  # quiet tests

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        # The client may have been killed waiting for this answer, as a test meant it to be.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(data)

    def _error(self, status: int, kind: str | None = None, message: str | None = None) -> None:
        default = self.state.errors.get(status, ("Exception", "Error"))
        self._answer(status, {"status_code": status, "errors": [
            {"error": kind or default[0], "message": message or default[1]}]})

    def _claims(self) -> dict[str, Any] | None:
        """The token's claims if Notify would accept it; otherwise answers 403 and None."""
        header = self.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            self._error(401, "AuthError", "Unauthorized: authentication token must be "
                                          "provided")
            return None
        token = header.removeprefix("Bearer ")
        try:
            if jwt.get_unverified_header(token).get("alg") != "HS256":
                raise jwt.InvalidAlgorithmError("not HS256")
            claims = jwt.decode(token, self.state.secret, algorithms=["HS256"],
                                options={"verify_iat": False})
        except jwt.InvalidTokenError:
            self._error(403, "AuthError", "Invalid token: signature, api token not found")
            return None
        if claims.get("iss") != self.state.service_id:
            self._error(403, "AuthError", "Invalid token: service not found")
            return None
        if not isinstance(claims.get("iat"), int) or abs(time.time() - claims["iat"]) > 30:
            self._error(403, "AuthError", "Error: Your system clock must be accurate to "
                                          "within 30 seconds")
            return None
        return claims

    def do_POST(self) -> None:
        claims = self._claims()
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        if claims is None:
            return
        state = self.state
        state.received.append(Received("POST", self.path, body, claims))
        kind = self.path.rstrip("/").rsplit("/", 1)[-1]
        to = body.get("phone_number") if kind == "sms" else body.get("email_address")
        if kind not in ("sms", "email") or not to or not body.get("template_id"):
            needed = "phone_number" if kind == "sms" else "email_address"
            self._error(400, "ValidationError", f"{needed} is a required property")
            return
        scripted = state.script.get(to) or []
        status = scripted.pop(0) if scripted else 201
        if status != 201:
            self._error(status)
            return
        notification_id = str(uuid.uuid4())
        state.accepted[notification_id] = {
            "id": notification_id, "reference": body.get("reference"),
            "type": kind, "status": "sending", "template": {"id": body["template_id"],
                                                           "version": 1},
            "personalisation": body.get("personalisation", {}),
            ("phone_number" if kind == "sms" else "email_address"): to}
        if state.hold_at is not None and len(state.posts) == state.hold_at:
            state.released.wait(60)
        self._answer(201, {"id": notification_id, "reference": body.get("reference"),
                           "content": {"body": "…", "from_number": "GOVUK"},
                           "uri": f"/v2/notifications/{notification_id}",
                           "template": {"id": body["template_id"], "version": 1,
                                        "uri": f"/v2/template/{body['template_id']}"},
                           "scheduled_for": None})

    def do_GET(self) -> None:
        claims = self._claims()
        if claims is None:
            return
        url = urlparse(self.path)
        self.state.received.append(Received("GET", self.path, {}, claims))
        if url.path.rstrip("/") == "/v2/notifications":
            reference = parse_qs(url.query).get("reference", [None])[0]
            found = [self._shown(n) for n in self.state.accepted.values()
                     if reference is None or n["reference"] == reference]
            self._answer(200, {"notifications": found, "links": {"current": self.path}})
            return
        notification = self.state.accepted.get(url.path.rsplit("/", 1)[-1])
        if notification is None:
            self._error(404, "NoResultFound", "No result found")
            return
        self._answer(200, self._shown(notification))

    def _shown(self, notification: dict[str, Any]) -> dict[str, Any]:
        return {**notification, "status": self.state.delivery}
