"""`strategibot serve`: Socket Mode when SLACK_APP_TOKEN is set, else HTTP behind waitress.

Waitress reads and writes every socket in one asyncore loop (poll(), so past 1,024 descriptors) and
hands a request to a worker thread only once it has arrived whole: idle or slow clients cost a few
kB each and no thread. Bodies larger than MAX_BODY are refused with 413 from the headers alone.
"""

from __future__ import annotations

import io
import json
import logging
import random
import resource
import threading
import time
import urllib.parse
from typing import Any, Callable, Iterable

import waitress
from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.errors import SlackApiError
from slack_sdk.signature import SignatureVerifier

from ..errors import IndexError_, SettingsError
from ..logs import event as log_event
from ..service import Service
from .memory import Recent

log = logging.getLogger("strategibot.serve")

MAX_BODY = 1024 * 1024  # Slack's requests are a few kB; view submissions stay far below this
MAX_CONNECTIONS = 4000  # open connections held at once (lowered to fit the descriptor limit)
IDLE_TIMEOUT = 30  # seconds an idle connection is kept
REPLAY_WINDOW = 6 * 60  # seconds a signature is remembered: longer than the 5 minutes a timestamp is valid
# Web API errors that retrying cannot mend: the token itself is wrong
BAD_TOKEN = {"invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive",
             "not_allowed_token_type", "invalid_token"}


class Health:
    """What /healthz reports: mode, Socket Mode connection state, index generation and age."""

    def __init__(self, service: Service, mode: str) -> None:
        self.service = service
        self.mode = mode
        self.socket: SocketModeHandler | None = None

    def report(self) -> tuple[int, dict[str, Any]]:
        body: dict[str, Any] = {"mode": self.mode, "index": None}
        try:
            engine = self.service.engine()
        except IndexError_ as exc:
            engine, body["index_error"] = None, str(exc)
        ok = engine is not None
        if engine is not None:
            m = engine.reader.manifest
            epoch = m.get("built_epoch")
            age = round(time.time() - epoch) if isinstance(epoch, (int, float)) else None
            body["index"] = {"generation": m["generation"], "built_at": m["built_at"], "age_seconds": age,
                             "documents": m["documents"], "records": m["records"], "fallback": self.service.fallback}
        if self.mode == "socket":
            connected = bool(self.socket and self.socket.client.is_connected())
            body["socket"] = "connected" if connected else "disconnected"
            body["socket_connected"] = connected
            ok = ok and connected
        body["ok"] = ok
        return (200 if ok else 503), body


def _refusal(environ: dict[str, Any], verifier: SignatureVerifier | None,
             seen: Recent[bool]) -> tuple[str, bytes] | None:
    """Why a request to /slack/events is refused before bolt sees it: a body over MAX_BODY (413,
    unread), a missing, wrong or stale signature (401), a signed body that is not the JSON it claims
    to be (400), or a replay of a request already taken (200, nothing done); None to pass it on.

    The body is read and put back for bolt.
    """
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY:
        return "413 Payload Too Large", b"request body too large"
    body = environ["wsgi.input"].read(length) if length > 0 else b""
    environ["wsgi.input"] = io.BytesIO(body)
    if verifier is None:
        return None
    text = body.decode("utf-8", errors="replace")
    timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", "")
    signature = environ.get("HTTP_X_SLACK_SIGNATURE", "")
    # WSGI hands headers over as latin-1 text: anything but ASCII digits and hex is forged
    if not (timestamp.isascii() and timestamp.isdigit() and signature.isascii()):
        return "401 Unauthorized", b"invalid request signature"
    if not verifier.is_valid(text, timestamp, signature):
        return "401 Unauthorized", b"invalid request signature"
    if not seen.add_if_new(signature, True):  # the same bytes again: a replay, never a new request
        log_event(log, "replayed request ignored")
        return "200 OK", b""
    try:
        if "json" in environ.get("CONTENT_TYPE", ""):
            json.loads(text)
        else:
            payload = urllib.parse.parse_qs(text).get("payload")
            if payload:
                json.loads(payload[0])
    except ValueError:
        return "400 Bad Request", b"malformed request body"
    return None


def wsgi_app(app: App | None, health: Health, signing_secret: str | None = None) -> Callable[..., Iterable[bytes]]:
    """/slack/events to bolt (when `app` is given), /healthz to `health`, 404 elsewhere."""
    slack = SlackRequestHandler(app) if app is not None else None
    verifier = SignatureVerifier(signing_secret) if signing_secret else None
    seen: Recent[bool] = Recent(size=200_000, ttl=REPLAY_WINDOW)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/healthz" and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            status, body = health.report()
            data = json.dumps(body).encode()
            start_response(f"{status} {'OK' if status == 200 else 'Service Unavailable'}",
                           [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
            return [data]
        if slack is not None and path == "/slack/events":
            refusal = _refusal(environ, verifier, seen) if environ.get("REQUEST_METHOD") == "POST" else None
            if refusal is not None:
                start_response(refusal[0], [("Content-Type", "text/plain; charset=utf-8")])
                return [refusal[1]]
            return slack(environ, start_response)
        start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
        return [b"Not Found"]

    return application


def make_server(app: App | None, health: Health, host: str, port: int, threads: int,
                signing_secret: str | None = None) -> Any:
    """A waitress server (not started); `.effective_port` tells the bound port."""
    return waitress.create_server(wsgi_app(app, health, signing_secret), host=host, port=port, threads=threads,
                                  ident="strategibot", clear_untrusted_proxy_headers=True,
                                  connection_limit=connection_limit(), channel_timeout=IDLE_TIMEOUT,
                                  max_request_body_size=MAX_BODY, asyncore_use_poll=True, backlog=2048)


def connection_limit() -> int:
    """MAX_CONNECTIONS, raising the process's descriptor limit as far as allowed to hold them."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = MAX_CONNECTIONS + 256
    if soft != resource.RLIM_INFINITY and soft < want:
        new = want if hard == resource.RLIM_INFINITY else min(want, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (new, hard))
            soft = new
        except (ValueError, OSError):
            pass
    return MAX_CONNECTIONS if soft == resource.RLIM_INFINITY else max(16, min(MAX_CONNECTIONS, soft - 256))


def start(server: Any, name: str = "http") -> threading.Thread:
    """Run a waitress server in a daemon thread; closing the server ends the thread quietly."""

    def run() -> None:
        try:
            server.run()
        except (OSError, ValueError):  # the socket map is torn down under the loop by close()
            pass

    thread = threading.Thread(target=run, daemon=True, name=name)
    thread.start()
    return thread


def check_token(client: Any) -> dict[str, Any] | None:
    """Ask Slack whose the bot token is (auth.test): the bot's ids. SettingsError, said once and
    clearly, when Slack refuses the token; when Slack cannot be reached, a warning and None: serving
    goes on and calls are retried."""
    try:
        return dict(client.auth_test().data)
    except SlackApiError as exc:
        error = str(exc.response.get("error", ""))
        if error in BAD_TOKEN:
            raise SettingsError(f"Slack refused SLACK_BOT_TOKEN ({error}): copy the Bot User OAuth Token (xoxb-…) "
                                "again from OAuth & Permissions of your Slack app (reinstall the app if the token "
                                "was revoked)") from exc
        log_event(log, "auth.test failed; serving anyway", error=error)
    except OSError as exc:  # URLError, timeouts, refused connections
        log_event(log, "Slack unreachable at start; serving and retrying", error=type(exc).__name__)
    return None


def keep_connecting(handler: SocketModeHandler, stop: threading.Event, failed: list[Exception],
                    backoff: tuple[float, float] = (1.0, 30.0)) -> None:
    """Open the Socket Mode connection, retrying with exponential backoff and jitter until it is
    open or `stop` is set. A refused app token is put in `failed` and sets `stop`: retrying cannot
    mend it. Once open, the Socket Mode client reconnects by itself."""
    base, cap = backoff
    attempt = 0
    while not stop.is_set():
        try:
            handler.client.wss_uri = None  # a URL from a failed attempt may be stale
            handler.connect()
            log_event(log, "socket mode connected", attempts=attempt + 1)
            return
        except SlackApiError as exc:
            error = str(exc.response.get("error", ""))
            if error in BAD_TOKEN:
                failed.append(SettingsError(f"Slack refused SLACK_APP_TOKEN ({error}): create an App-Level Token "
                                            "with connections:write under Basic Information of your Slack app"))
                stop.set()
                return
            why = error
        except Exception as exc:  # every network failure: refused, reset, timed out, bad handshake
            why = type(exc).__name__
        delay = min(cap, base * 2 ** attempt) * random.uniform(0.5, 1.0)
        attempt += 1
        log.warning("socket mode connection failed; retrying",
                    extra={"fields": {"error": why, "attempt": attempt, "retry_in": round(delay, 2)}})
        stop.wait(delay)


def serve(app: App, service: Service, socket_token: str | None, host: str, port: int, threads: int,
          stop: threading.Event | None = None, ready: Callable[[Any], None] | None = None,
          signing_secret: str | None = None, backoff: tuple[float, float] = (1.0, 30.0)) -> None:
    """Run until `stop` is set (or forever); SettingsError when Slack refuses the app token."""
    stop = stop or threading.Event()
    if socket_token:
        health = Health(service, "socket")
        handler = SocketModeHandler(app, app_token=socket_token, web_client=app.client, concurrency=threads)
        health.socket = handler
        server = make_server(None, health, host, port, 2)
        start(server, "healthz")
        log_event(log, "serving", mode="socket", healthz_port=server.effective_port)
        if ready:
            ready(server)
        failed: list[Exception] = []
        connector = threading.Thread(target=keep_connecting, args=(handler, stop, failed, backoff), daemon=True,
                                     name="socket-connect")
        connector.start()
        try:
            stop.wait()
        finally:
            connector.join(5)
            handler.close()
            server.close()
        if failed:
            raise failed[0]
        return
    health = Health(service, "http")
    server = make_server(app, health, host, port, threads, signing_secret)
    log_event(log, "serving", mode="http", port=server.effective_port)
    if ready:
        ready(server)
    start(server)
    try:
        stop.wait()
    finally:
        server.close()
