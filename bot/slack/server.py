"""`strategibot serve`: Socket Mode when SLACK_APP_TOKEN is set, else HTTP behind waitress."""

from __future__ import annotations

import io
import json
import logging
import threading
import time
import urllib.parse
from typing import Any, Callable, Iterable

import waitress
from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.signature import SignatureVerifier

from .. import index
from ..logs import event as log_event
from ..service import Service

log = logging.getLogger("strategibot.serve")


class Health:
    """What /healthz reports: mode, Socket Mode connection state, index generation and age."""

    def __init__(self, service: Service, mode: str) -> None:
        self.service = service
        self.mode = mode
        self.socket: SocketModeHandler | None = None

    def report(self) -> tuple[int, dict[str, Any]]:
        m = index.manifest(self.service.paths.index)
        body: dict[str, Any] = {"mode": self.mode, "index": None}
        ok = m is not None
        if m is not None:
            epoch = m.get("built_epoch")
            age = round(time.time() - epoch) if isinstance(epoch, (int, float)) else None
            body["index"] = {"generation": m["generation"], "built_at": m["built_at"], "age_seconds": age,
                             "documents": m["documents"], "records": m["records"]}
        if self.mode == "socket":
            connected = bool(self.socket and self.socket.client.is_connected())
            body["socket_connected"] = connected
            ok = ok and connected
        body["ok"] = ok
        return (200 if ok else 503), body


def _refusal(environ: dict[str, Any], verifier: SignatureVerifier | None) -> tuple[str, bytes] | None:
    """Why a request to /slack/events is refused before bolt sees it: a missing, wrong or stale
    signature (401), or a signed body that is not the JSON it claims to be (400); None to pass it on.

    The body is read and put back for bolt.
    """
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    body = environ["wsgi.input"].read(length) if length > 0 else b""
    environ["wsgi.input"] = io.BytesIO(body)
    if verifier is None:
        return None
    text = body.decode("utf-8", errors="replace")
    timestamp = environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", "")
    if not timestamp.isdigit() or not verifier.is_valid(text, timestamp, environ.get("HTTP_X_SLACK_SIGNATURE", "")):
        return "401 Unauthorized", b"invalid request signature"
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

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if path == "/healthz" and environ.get("REQUEST_METHOD") in ("GET", "HEAD"):
            status, body = health.report()
            data = json.dumps(body).encode()
            start_response(f"{status} {'OK' if status == 200 else 'Service Unavailable'}",
                           [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
            return [data]
        if slack is not None and path == "/slack/events":
            refusal = _refusal(environ, verifier) if environ.get("REQUEST_METHOD") == "POST" else None
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
                                  ident="strategibot", clear_untrusted_proxy_headers=True)


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


def serve(app: App, service: Service, socket_token: str | None, host: str, port: int, threads: int,
          stop: threading.Event | None = None, ready: Callable[[Any], None] | None = None,
          signing_secret: str | None = None) -> None:
    """Run until `stop` is set (or forever)."""
    stop = stop or threading.Event()
    if socket_token:
        health = Health(service, "socket")
        handler = SocketModeHandler(app, app_token=socket_token, web_client=app.client, concurrency=threads)
        health.socket = handler
        server = make_server(None, health, host, port, 2)
        start(server, "healthz")
        handler.connect()
        log_event(log, "serving", mode="socket", healthz_port=server.effective_port)
        if ready:
            ready(server)
        try:
            stop.wait()
        finally:
            handler.close()
            server.close()
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
