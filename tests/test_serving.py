"""Serving under load, faults and hostile traffic: the real bolt app under waitress on a local port,
the local Web API stand-in, and real files damaged on disk."""

from __future__ import annotations

import http.client
import json
import logging
import os
import shutil
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Iterator

import pytest
from slack_sdk.signature import SignatureVerifier

from bot import index, messages
from bot.errors import SettingsError
from bot.service import Paths, Service
from bot.slack import server
from bot.slack.app import create_app
from bot.slack.settings import Settings

from .conftest import SHIPPED_CONTENT
from .slack_standin import SocketServer, WebAPI, wait_until
from .test_slack import SECRET, TOKEN, Bot, mention

ACK_LIMIT = 3.0  # Slack's limit for acknowledging a request
BUSY = messages.slack("busy")


@pytest.fixture
def api() -> Iterator[WebAPI]:
    """The Web API stand-in."""
    standin = WebAPI()
    yield standin
    standin.close()


def start_bot(api: WebAPI, paths: Paths, tmp_path: Path, **settings: Any) -> tuple[Bot, Any]:
    values: dict[str, Any] = {"workers": 4, "http_timeout": 5, "feedback_log": tmp_path / "feedback.jsonl",
                              "pseudonym_key": "k", **settings}
    config = Settings(bot_token=TOKEN, signing_secret=SECRET, api_url=api.url, **values)
    service = Service(paths)
    app = create_app(config, service)
    running = server.make_server(app, server.Health(service, "http"), "127.0.0.1", 0, threads=8,
                                 signing_secret=SECRET)
    server.start(running)
    return Bot(api, f"http://127.0.0.1:{running.effective_port}", config, service), running


@pytest.fixture
def make_bot(api: WebAPI, shipped_index: Path, tmp_path: Path) -> Iterator[Any]:
    """make_bot(**settings) → a running Bot on the shipped index."""
    servers: list[Any] = []

    def make(**settings: Any) -> Bot:
        bot, running = start_bot(api, Paths(SHIPPED_CONTENT, shipped_index), tmp_path, **settings)
        servers.append(running)
        return bot

    yield make
    for running in servers:
        running.close()


def timed(call: Any, *args: Any, **kwargs: Any) -> tuple[Any, float]:
    started = time.monotonic()
    result = call(*args, **kwargs)
    return result, time.monotonic() - started


def healthz(bot_url: str) -> dict[str, Any]:
    with urllib.request.urlopen(bot_url + "/healthz", timeout=ACK_LIMIT) as resp:
        return json.loads(resp.read())


def test_a_thousand_idle_and_slow_connections_do_not_stop_acks_or_healthz(make_bot):
    bot = make_bot()
    port = int(bot.url.rsplit(":", 1)[1])
    held: list[socket.socket] = []
    try:
        for n in range(1000):
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            if n % 2:  # every other one is a slow client that started a request and stalls
                s.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n")
            held.append(s)
        (status, _), seconds = timed(bot.event, mention("När beslutar regionstyrelsen?", ts="1700010000.000001"),
                                     "EvIdle1")
        assert status == 200 and seconds < ACK_LIMIT
        assert healthz(bot.url)["ok"] is True
        assert "28 april 2010" in bot.api.wait_for("chat.postMessage")[0]["text"]
    finally:
        for s in held:
            s.close()


def raw_request(url: str, head: str, body: bytes = b"") -> str:
    """Send `head` (and `body`) on a plain socket; the status line of the answer."""
    host, port = urllib.parse.urlsplit(url).hostname, urllib.parse.urlsplit(url).port
    with socket.create_connection((host, port), timeout=5) as s:
        s.sendall(head.encode("latin-1") + body)
        return s.makefile("rb").readline().decode("latin-1").strip()


@pytest.mark.parametrize("framing", ["content-length", "chunked"])
def test_a_body_over_the_cap_is_refused_before_it_is_read(make_bot, framing: str):
    bot = make_bot()
    if framing == "content-length":  # 100 MB announced, none of it sent
        head = "POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" \
               "Content-Length: 104857600\r\n\r\n"
        assert raw_request(bot.url, head).startswith("HTTP/1.1 413")
    else:  # chunks past the cap are refused as they arrive
        head = "POST /slack/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        chunk = b"%x\r\n" % (600 * 1024) + b"a" * 600 * 1024 + b"\r\n"
        assert raw_request(bot.url, head, chunk * 2).startswith("HTTP/1.1 413")
    assert bot.api.calls == []


@pytest.mark.parametrize("header", ["timestamp", "signature"])
def test_non_ascii_signature_headers_get_401(make_bot, header: str):
    bot = make_bot()
    body = json.dumps({"type": "event_callback", "event_id": "EvNA", "event": mention("När beslutar RS?")})
    ts = str(int(time.time()))
    signature = SignatureVerifier(SECRET).generate_signature(timestamp=ts, body=body)
    headers = {"timestamp": ts.encode(), "signature": signature.encode()}
    forged = "١٧٠٠٠٠٠٠٠٠".encode() if header == "timestamp" else signature.encode()[:-2] + "é".encode()
    headers[header] = forged  # UTF-8 bytes on the wire: Arabic-Indic digits, or a signature ending in é
    port = int(bot.url.rsplit(":", 1)[1])
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    conn.putrequest("POST", "/slack/events")
    conn.putheader("Content-Type", "application/json")
    conn.putheader("Content-Length", str(len(body.encode())))
    conn.putheader("X-Slack-Request-Timestamp", headers["timestamp"])
    conn.putheader("X-Slack-Signature", headers["signature"])
    conn.endheaders(body.encode())
    assert conn.getresponse().status == 401
    conn.close()
    time.sleep(0.2)
    assert bot.api.calls == []


def test_a_replayed_command_or_button_click_is_executed_once(make_bot):
    bot = make_bot()
    form = urllib.parse.urlencode({"team_id": "T0001", "channel_id": "C0CHAN1", "user_id": "U0USER1",
                                   "command": "/strategi", "text": "När beslutar regionstyrelsen?",
                                   "trigger_id": "t.replay", "api_app_id": "A0001",
                                   "response_url": bot.api.hook("replay")})
    click = urllib.parse.urlencode({"payload": json.dumps({
        "type": "block_actions", "user": {"id": "U0USER1"}, "channel": {"id": "C0CHAN1"}, "trigger_id": "t.2",
        "actions": [{"action_id": "feedback_up", "value": json.dumps({"q": "Fråga", "f": True})}]})})
    ts = int(time.time())
    for body in (form, click):
        for _ in range(3):  # the very same signed bytes, as an eavesdropper would send them again
            status, _ = bot.post(body, "application/x-www-form-urlencoded", timestamp=ts)
            assert status == 200
    bot.api.wait_for("response_url")  # the command's answer
    bot.api.wait_for("chat.postEphemeral")  # the thanks for the click
    time.sleep(0.5)
    answers = [e["text"] for e in bot.api.of("response_url")]
    assert len(answers) == 1 and "28 april 2010" in answers[0]
    assert [e["text"][:4] for e in bot.api.of("chat.postEphemeral")] == ["Tack"]
    assert len(bot.settings.feedback_log.read_text(encoding="utf-8").splitlines()) == 1


def test_acks_stay_under_3_s_when_answering_is_saturated_and_a_full_queue_is_told_politely(make_bot):
    bot = make_bot(workers=2, queue=3)
    bot.api.hang_seconds = 1.0
    bot.api.fault("reactions.add", *["hang"] * 40)  # each answer starts with a 👀 that hangs
    acks = []
    for n in range(10):
        (status, _), seconds = timed(bot.event, mention("När beslutar regionstyrelsen?", ts=f"1700020000.{n:06d}"),
                                     f"EvBusy{n}")
        acks.append((status, seconds))
    (status, _), seconds = timed(bot.command, "Vem är lead partner för Baltic Master II?")
    acks.append((status, seconds))
    (status, _), seconds = timed(bot.action, "feedback_up", json.dumps({"q": "Fråga", "f": True}))
    acks.append((status, seconds))
    assert all(status == 200 and seconds < ACK_LIMIT for status, seconds in acks), acks
    assert healthz(bot.url)["ok"] is True
    busy = [p for p in bot.api.wait_for("chat.postMessage", 5) if p["text"] == BUSY]
    assert len(busy) >= 5  # 2 answering, 3 waiting, the rest told to come back
    wait_until(lambda: any(e["text"] == BUSY for e in bot.api.of("response_url")))  # the slash command
    wait_until(lambda: any(e["text"].startswith("Tack") for e in bot.api.of("chat.postEphemeral")))


@pytest.mark.parametrize("fault", ["hang", "lose"])
def test_an_answer_is_posted_once_when_the_web_api_hangs_or_loses_the_response(make_bot, fault: str):
    bot = make_bot(http_timeout=1)
    bot.api.hang_seconds = 2.0
    bot.api.fault("chat.postMessage", fault)
    bot.event(mention("När beslutar regionstyrelsen?", ts="1700030000.000001"), "EvPost1")
    wait_until(lambda: len(bot.api.messages) >= 1)
    time.sleep(1.5)  # a duplicate would come within this time
    posted = [m for m in bot.api.messages if m["thread_ts"] == "1700030000.000001"]
    assert len(posted) == 1 and "28 april 2010" in posted[0]["text"]
    assert bot.api.attempts["chat.postMessage"] == (2 if fault == "hang" else 1)
    assert bot.api.of("conversations.replies")[0]["ts"] == "1700030000.000001"


def test_an_unwritable_feedback_log_costs_no_answer_and_shows_in_status(make_bot, tmp_path: Path):
    log_path = tmp_path / "not-a-file"
    log_path.mkdir()  # a folder where the log should be: no one, not even root, can append to it
    bot = make_bot(feedback_log=log_path)
    bot.event(mention("Vad kostar en kanelbulle i Karlshamn?", ts="1700040000.000001"), "EvFb1")
    post = bot.api.wait_for("chat.postMessage")[0]
    assert post["text"].startswith("Jag hittade inget säkert svar")
    bot.action("feedback_down", json.dumps({"q": "Fråga", "f": False}))
    wait_until(lambda: any(e["text"].startswith("Tack") for e in bot.api.of("chat.postEphemeral")))
    bot.command("status")
    status = bot.api.wait_for("response_url")[0]["text"]
    assert "Återkopplingsloggen kunde inte skrivas" in status and str(log_path) in status
    assert not any("Förlåt" in p["text"] for p in bot.api.of("chat.postMessage"))


def two_generations(built: Path, target: Path) -> tuple[str, str]:
    """An index folder holding two copies of the generation in `built`: (previous, current)."""
    source = built / index.current_generation(built)
    names = ("gen-20260101-000000-1-000001", "gen-20260101-000000-1-000002")
    for name in names:
        shutil.copytree(source, target / name)
        manifest = json.loads((target / name / "manifest.json").read_text(encoding="utf-8"))
        (target / name / "manifest.json").write_text(json.dumps({**manifest, "generation": name}), encoding="utf-8")
    (target / "PREVIOUS").write_text(names[0] + "\n", encoding="utf-8")
    (target / "CURRENT").write_text(names[1] + "\n", encoding="utf-8")
    return names


def test_a_damaged_serving_generation_falls_back_and_healthz_says_so(api: WebAPI, shipped_index: Path,
                                                                     tmp_path: Path):
    previous, current = two_generations(shipped_index, tmp_path / "index")
    bot, running = start_bot(api, Paths(SHIPPED_CONTENT, tmp_path / "index"), tmp_path)
    try:
        assert healthz(bot.url)["index"]["generation"] == current
        segment = next(p for p in (tmp_path / "index" / current).iterdir() if p.suffix == ".seg")
        os.truncate(segment, segment.stat().st_size // 3)
        wait_until(lambda: healthz(bot.url)["index"]["generation"] == previous, timeout=10)
        report = healthz(bot.url)
        assert report["ok"] is True and current in report["index"]["fallback"]
        bot.event(mention("När beslutar regionstyrelsen?", ts="1700050000.000001"), "EvDmg1")
        assert "28 april 2010" in api.wait_for("chat.postMessage")[0]["text"]
        bot.command("status")
        assert f"Indexet {current} är skadat" in api.wait_for("response_url")[0]["text"]
    finally:
        running.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def socket_state(url: str) -> str:
    """The Socket Mode state /healthz reports, whether it answers 200 or 503."""
    try:
        return healthz(url)["socket"]
    except urllib.error.HTTPError as exc:
        return json.loads(exc.read())["socket"]


def test_socket_mode_waits_for_an_unreachable_slack_and_healthz_says_disconnected(shipped_index: Path,
                                                                                 tmp_path: Path):
    port = free_port()  # nothing listens here yet: Slack is unreachable
    settings = Settings(bot_token=TOKEN, app_token="xapp-test", api_url=f"http://127.0.0.1:{port}/api/",
                        feedback_log=tmp_path / "f.jsonl", pseudonym_key="k", http_timeout=2)
    service = Service(Paths(SHIPPED_CONTENT, shipped_index))
    app = create_app(settings, service)
    server.check_token(app.client)  # unreachable: a warning, not a failure
    stop, ready = threading.Event(), []
    thread = threading.Thread(target=server.serve, args=(app, service, settings.app_token, "127.0.0.1", 0, 2),
                              kwargs={"stop": stop, "ready": ready.append, "backoff": (0.1, 0.5)}, daemon=True)
    thread.start()
    api = socket_server = None
    try:
        wait_until(lambda: bool(ready))
        url = f"http://127.0.0.1:{ready[0].effective_port}"
        with pytest.raises(urllib.error.HTTPError) as info:
            healthz(url)
        assert info.value.code == 503 and json.loads(info.value.read())["socket"] == "disconnected"
        time.sleep(0.5)  # a few failed attempts
        api, socket_server = WebAPI(port=port), SocketServer()
        api.socket_url = socket_server.url
        assert socket_server.connected.wait(15)
        wait_until(lambda: socket_state(url) == "connected")  # /healthz answers 503 until it is
    finally:
        stop.set()
        thread.join(10)
        for standin in (socket_server, api):
            if standin is not None:
                standin.close()
    assert not thread.is_alive()


def test_a_refused_bot_token_is_reported_once_and_clearly(api: WebAPI, shipped_index: Path, run_cli,
                                                          monkeypatch: pytest.MonkeyPatch):
    api.script("auth.test", (200, {}, {"ok": False, "error": "invalid_auth"}))
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-wrong")
    monkeypatch.setenv("SLACK_APP_TOKEN", "xapp-test")
    monkeypatch.setenv("STRATEGIBOT_SLACK_API_URL", api.url)
    monkeypatch.setenv("STRATEGIBOT_INDEX", str(shipped_index))
    handlers = logging.getLogger().handlers[:]
    try:
        result = run_cli(["serve", "--port", "0", "--host", "127.0.0.1"])
    finally:
        logging.getLogger().handlers[:] = handlers
    assert result.status == 1
    assert result.err.count("Slack refused SLACK_BOT_TOKEN (invalid_auth)") == 1
    assert "xoxb-wrong" not in result.err and "Traceback" not in result.err


def test_a_refused_app_token_stops_socket_mode_with_a_clear_error(api: WebAPI, shipped_index: Path, tmp_path: Path):
    api.script("apps.connections.open", (200, {}, {"ok": False, "error": "invalid_auth"}))
    settings = Settings(bot_token=TOKEN, app_token="xapp-wrong", api_url=api.url,
                        feedback_log=tmp_path / "f.jsonl", pseudonym_key="k")
    service = Service(Paths(SHIPPED_CONTENT, shipped_index))
    with pytest.raises(SettingsError, match=r"Slack refused SLACK_APP_TOKEN \(invalid_auth\)"):
        server.serve(create_app(settings, service), service, settings.app_token, "127.0.0.1", 0, 2,
                     backoff=(0.1, 0.5))
    assert api.attempts["apps.connections.open"] == 1


def test_a_hanging_auth_test_never_delays_an_ack(make_bot):
    bot = make_bot()
    bot.api.hang_seconds = 4.0
    bot.api.fault("auth.test", "hang", "hang")
    (status, _), seconds = timed(bot.command, "När beslutar regionstyrelsen?")
    assert status == 200 and seconds < ACK_LIMIT
    assert "28 april 2010" in bot.api.wait_for("response_url")[0]["text"]
    assert "auth.test" not in bot.api.attempts
