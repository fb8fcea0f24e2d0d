"""Local stand-ins for Slack: a Web API server that records calls, and a Socket Mode server."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable

BOT_USER = "UBOT0001"


class WebAPI:
    """Answers Slack Web API calls on 127.0.0.1:<port>/api/<method> and records (method, data).

    It also stands in for the response_url of slash commands and interactions: a POST to
    `hook(name)` is recorded as method "response_url", with the hook's name under "hook".

    Posted messages are kept, so that conversations.replies and conversations.history show them.
    `fault(method, "hang" | "lose", …)` makes the next calls of `method` hang for `hang_seconds` and
    then drop the connection without doing anything, or do the call and drop the response.
    """

    def __init__(self, port: int = 0, hang_seconds: float = 3.0) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.scripted: dict[str, deque[tuple[int, dict[str, str], dict[str, Any] | str]]] = {}
        self.faults: dict[str, deque[str]] = {}
        self.hang_seconds = hang_seconds
        self.attempts: dict[str, int] = {}
        self.messages: list[dict[str, Any]] = []
        self.socket_url: str | None = None
        self._lock = threading.Lock()
        self._ts = 0.0
        standin = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output clean
                pass

            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8")
                name = self.path.rsplit("/", 1)[-1].split("?")[0]
                data = standin._parse(raw, self.headers.get("Content-Type", ""))
                method = name
                if self.path.startswith("/hooks/"):
                    method, data["hook"] = "response_url", name
                fault = standin._next_fault(method)
                if fault == "hang":
                    time.sleep(standin.hang_seconds)
                    self.close_connection = True
                    return
                status, headers, body = standin._respond(method, data)
                if fault == "lose":
                    self.close_connection = True
                    return
                text = isinstance(body, str)  # response_url answers "ok" (or an error) as plain text
                payload = body.encode() if text else json.dumps(body).encode()
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Type", "text/plain" if text else "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/"
        self.hooks = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/"
        # a short poll interval: close() waits for the loop to notice (0.5 s by default)
        self._thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02},
                                        daemon=True)
        self._thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    @staticmethod
    def _parse(raw: str, content_type: str) -> dict[str, Any]:
        if "json" in content_type:
            data = json.loads(raw or "{}")
        else:
            data = {k: v[0] for k, v in urllib.parse.parse_qs(raw).items()}
        for key in ("blocks", "view"):
            if isinstance(data.get(key), str):
                data[key] = json.loads(data[key])
        return data

    def hook(self, name: str) -> str:
        """A response_url that lands here."""
        return self.hooks + name

    def script(self, method: str, *responses: tuple[int, dict[str, str], dict[str, Any] | str]) -> None:
        """Answer the next calls of `method` with these (status, headers, body) before the default."""
        self.scripted.setdefault(method, deque()).extend(responses)

    def fault(self, method: str, *kinds: str) -> None:
        """Make the next calls of `method` "hang" (then drop, nothing done) or "lose" (done, response dropped)."""
        with self._lock:
            self.faults.setdefault(method, deque()).extend(kinds)

    def _next_fault(self, method: str) -> str | None:
        with self._lock:
            queue = self.faults.get(method)
            if not queue:
                return None
            fault = queue.popleft()
            if fault == "hang":  # a lost response is counted as an attempt by _respond
                self.attempts[method] = self.attempts.get(method, 0) + 1
            return fault

    def _respond(self, method: str, data: dict[str, Any]) -> tuple[int, dict[str, str], dict[str, Any] | str]:
        with self._lock:
            self.attempts[method] = self.attempts.get(method, 0) + 1
            queue = self.scripted.get(method)
            if queue:
                return queue.popleft()
            self.calls.append((method, data))
            self._ts = max(time.time(), self._ts + 0.000001)
            ts = f"{self._ts:.6f}"
            if method == "chat.postMessage":
                self.messages.append({"type": "message", "user": BOT_USER, "bot_id": "BBOT0001", "ts": ts,
                                      "received": time.monotonic(),
                                      "channel": data.get("channel"), "thread_ts": data.get("thread_ts"),
                                      "text": data.get("text"), "blocks": data.get("blocks") or []})
            if method in ("conversations.replies", "conversations.history"):
                oldest = float(data.get("oldest") or 0)
                found = [m for m in self.messages if m["channel"] == data.get("channel") and float(m["ts"]) >= oldest
                         and (method == "conversations.history" or data.get("ts") in (m["ts"], m["thread_ts"]))]
                return 200, {}, {"ok": True, "messages": found, "has_more": False}
        if method == "auth.test":
            return 200, {}, {"ok": True, "user_id": BOT_USER, "bot_id": "BBOT0001", "team_id": "T0001",
                             "user": "strategibot", "team": "Region Blekinge"}
        if method == "apps.connections.open":
            return 200, {}, {"ok": True, "url": self.socket_url}
        if method == "response_url":
            return 200, {}, "ok"
        if method == "chat.postMessage":
            return 200, {}, {"ok": True, "channel": data.get("channel"), "ts": ts, "message": {"ts": ts}}
        return 200, {}, {"ok": True}

    def of(self, method: str) -> list[dict[str, Any]]:
        with self._lock:
            return [d for m, d in self.calls if m == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 15.0) -> list[dict[str, Any]]:
        """The first `count` recorded calls of `method`, waiting for them to arrive."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.of(method)
            if len(found) >= count:
                return found
            time.sleep(0.02)
        raise AssertionError(f"expected {count} {method} call(s), got {len(self.of(method))}: "
                             f"{[m for m, _ in self.calls]}")


def blocks_text(blocks: list[dict[str, Any]]) -> str:
    """All the text of a list of blocks, for assertions."""
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                out.append(node["text"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(blocks)
    return "\n".join(out)


class SocketServer:
    """A WebSocket server standing in for Slack's Socket Mode endpoint."""

    def __init__(self) -> None:
        from websockets.sync.server import serve

        self.received: list[dict[str, Any]] = []
        self.connections: list[Any] = []
        self.connected = threading.Event()
        self._server = serve(self._handle, "127.0.0.1", 0)
        self.url = f"ws://127.0.0.1:{self._server.socket.getsockname()[1]}/link"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def _handle(self, ws: Any) -> None:
        self.connections.append(ws)
        ws.send(json.dumps({"type": "hello", "num_connections": 1, "debug_info": {}}))
        self.connected.set()
        try:
            for message in ws:
                self.received.append(json.loads(message))
        except Exception:  # the client went away
            pass

    def send(self, envelope: dict[str, Any]) -> None:
        self.connections[-1].send(json.dumps(envelope))

    def wait_ack(self, envelope_id: str, timeout: float = 15.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for m in self.received:
                if m.get("envelope_id") == envelope_id:
                    return m
            time.sleep(0.02)
        raise AssertionError(f"no ack for {envelope_id}: {self.received}")

    def close(self) -> None:
        self._server.shutdown()


def wait_until(check: Callable[[], bool], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.02)
    raise AssertionError("condition not met in time")
