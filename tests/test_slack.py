"""End to end through the real bolt app: signed HTTP requests in, a local Slack Web API stand-in out."""

from __future__ import annotations

import io
import json
import logging
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import pytest
from slack_sdk.signature import SignatureVerifier

from bot import feedback, logs
from bot.answer import Answer, Source
from bot.service import Paths, Service
from bot.slack import blocks, server
from bot.slack.app import create_app
from bot.slack.settings import Settings

from .slack_standin import SocketServer, WebAPI, blocks_text, wait_until

SECRET = "test-signing-secret"


def shipped_records() -> int:
    from bot import content

    from .conftest import SHIPPED_CONTENT

    return len(content.load(SHIPPED_CONTENT).records)

TOKEN = "xoxb-test-token-123"


@dataclass
class Bot:
    """A running Slack app in HTTP mode and the Web API stand-in it talks to."""

    api: WebAPI
    url: str
    settings: Settings
    service: Service

    def post(self, body: str, content_type: str = "application/json", *, secret: str = SECRET,
             timestamp: int | None = None, headers: dict[str, str] | None = None) -> tuple[int, str]:
        ts = str(timestamp if timestamp is not None else int(time.time()))
        signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
        request = urllib.request.Request(self.url + "/slack/events", data=body.encode(), method="POST", headers={
            "Content-Type": content_type, "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature,
            **(headers or {})})
        try:
            with urllib.request.urlopen(request, timeout=10) as resp:
                return resp.status, resp.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()

    def event(self, event: dict[str, Any], event_id: str = "Ev001", headers: dict[str, str] | None = None):
        body = {"token": "x", "team_id": "T0001", "api_app_id": "A0001", "type": "event_callback",
                "event_id": event_id, "event_time": int(time.time()), "event": event}
        return self.post(json.dumps(body), headers=headers)

    def command(self, text: str, user: str = "U0USER1", channel: str = "C0CHAN1") -> tuple[int, str]:
        form = {"token": "x", "team_id": "T0001", "channel_id": channel, "user_id": user, "command": "/strategi",
                "text": text, "response_url": self.api.hook("command"), "trigger_id": "t.1", "api_app_id": "A0001"}
        return self.post(urllib.parse.urlencode(form), "application/x-www-form-urlencoded")

    def action(self, action_id: str, value: str, *, message: dict[str, Any] | None = None,
               ephemeral: bool = False) -> tuple[int, str]:
        payload = {"type": "block_actions", "team": {"id": "T0001"}, "user": {"id": "U0USER1"},
                   "api_app_id": "A0001", "channel": {"id": "C0CHAN1"}, "trigger_id": "t.1",
                   "response_url": self.api.hook("action"),
                   "container": {"type": "message", "is_ephemeral": ephemeral},
                   "actions": [{"action_id": action_id, "block_id": "b1", "value": value, "type": "button",
                                "action_ts": "1.2"}]}
        if message is not None:
            payload["message"] = message
        return self.post(urllib.parse.urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded")


def mention(text: str, ts: str = "1700000100.000100", thread_ts: str | None = None, **extra: Any) -> dict[str, Any]:
    ev = {"type": "app_mention", "user": "U0USER1", "text": f"<@UBOT0001> {text}", "ts": ts, "channel": "C0CHAN1",
          "event_ts": ts, **extra}
    if thread_ts:
        ev["thread_ts"] = thread_ts
    return ev


@pytest.fixture
def api() -> Iterator[WebAPI]:
    standin = WebAPI()
    yield standin
    standin.close()


@pytest.fixture
def bot(api: WebAPI, shipped_index: Path, tmp_path: Path) -> Iterator[Bot]:
    from .conftest import SHIPPED_CONTENT

    settings = Settings(bot_token=TOKEN, signing_secret=SECRET, api_url=api.url, workers=8, http_timeout=5,
                        feedback_log=tmp_path / "feedback.jsonl", pseudonym_key="k")
    service = Service(Paths(SHIPPED_CONTENT, shipped_index))
    app = create_app(settings, service)
    http = server.make_server(app, server.Health(service, "http"), "127.0.0.1", 0, threads=16,
                              signing_secret=SECRET)
    server.start(http)
    yield Bot(api, f"http://127.0.0.1:{http.effective_port}", settings, service)
    http.close()


def test_mention_is_answered_in_its_thread(bot: Bot):
    status, _ = bot.event(mention("Vilka projekt tjänar insatsområde 3?"))
    assert status == 200
    post = bot.api.wait_for("chat.postMessage")[0]
    assert post["channel"] == "C0CHAN1" and post["thread_ts"] == "1700000100.000100"
    text = blocks_text(post["blocks"])
    for name in ("Baltic Master II", "East West TC II", "TransBaltic", "Moment", "SoNorA"):
        assert name in text and name in post["text"]
    assert "Källor:" in text and "Internationell strategi 2010–2013" in text
    actions = [b for b in post["blocks"] if b["type"] == "actions"][0]
    assert [e["action_id"] for e in actions["elements"]] == ["feedback_up", "feedback_down"]
    reaction = bot.api.wait_for("reactions.add")[0]
    assert (reaction["channel"], reaction["timestamp"], reaction["name"]) == ("C0CHAN1", "1700000100.000100", "eyes")
    bot.api.wait_for("reactions.remove")


def test_direct_message_is_answered(bot: Bot):
    ev = {"type": "message", "channel_type": "im", "user": "U0USER1", "text": "när beslutar regionstyrelsen",
          "ts": "1700000200.000100", "channel": "D0DM1"}
    assert bot.event(ev, "EvDM1")[0] == 200
    post = bot.api.wait_for("chat.postMessage")[0]
    assert post["channel"] == "D0DM1" and "28 april 2010" in post["text"]


def test_own_and_other_bots_messages_are_ignored(bot: Bot):
    bot.event({"type": "message", "channel_type": "im", "user": "UBOT0001", "bot_id": "BBOT0001",
               "text": "När beslutar regionstyrelsen?", "ts": "1700000300.000100", "channel": "D0DM1"}, "EvB1")
    bot.event({"type": "message", "channel_type": "im", "subtype": "bot_message", "bot_id": "BOTHER",
               "text": "När beslutar regionstyrelsen?", "ts": "1700000301.000100", "channel": "D0DM1"}, "EvB2")
    bot.event(mention("När beslutar regionstyrelsen?", ts="1700000302.000100", bot_id="BOTHER"), "EvB3")
    time.sleep(0.5)
    assert bot.api.of("chat.postMessage") == []


def test_out_of_scope_question_says_so_and_is_logged_for_editors(bot: Bot):
    bot.event(mention("Vad kostar en kanelbulle i Karlshamn?"))
    post = bot.api.wait_for("chat.postMessage")[0]
    assert post["text"].startswith("Jag hittade inget säkert svar")
    # (the log line comes after the reply, and the file exists a moment before its line is in it)
    wait_until(lambda: bool(feedback.read(bot.settings.feedback_log)))
    entries = feedback.read(bot.settings.feedback_log)
    assert entries[0]["kind"] == "unanswered" and entries[0]["user"].startswith("u-")
    assert "U0USER1" not in bot.settings.feedback_log.read_text()


def share_button(reply: dict[str, Any]) -> dict[str, Any]:
    actions = [b for b in reply["blocks"] if b["type"] == "actions"][0]
    return actions["elements"][0]


def test_slash_command_answers_through_its_response_url(bot: Bot):
    status, body = bot.command("Vem är lead partner för Baltic Master II?")
    assert status == 200 and body == ""
    reply = bot.api.wait_for("response_url")[0]
    assert reply["hook"] == "command" and reply["response_type"] == "ephemeral"
    assert "Region Blekinge" in reply["text"] and "Region Blekinge" in blocks_text(reply["blocks"])
    share = share_button(reply)
    assert share["action_id"] == "share_answer" and share["text"]["text"] == "Dela i kanalen"
    time.sleep(0.2)
    # no chat.postEphemeral (it fails where the bot is not a member) and nothing else posted
    assert [m for m, _ in bot.api.calls if m != "auth.test"] == ["response_url"]


def test_share_posts_in_the_channel_through_the_response_url(bot: Bot):
    bot.command("Vem är lead partner för Baltic Master II?")
    share = share_button(bot.api.wait_for("response_url")[0])
    assert bot.action("share_answer", share["value"], ephemeral=True)[0] == 200
    shared, cleanup = bot.api.wait_for("response_url", 3)[1:]
    assert shared["hook"] == "action" and shared["response_type"] == "in_channel"
    assert shared["replace_original"] is False
    assert shared["text"].startswith("Delat av <@U0USER1>: ") and "Region Blekinge" in shared["text"]
    assert "share_answer" not in json.dumps(shared["blocks"])  # the shared copy has no share button
    assert cleanup["hook"] == "action" and cleanup["delete_original"] is True  # the private copy goes
    assert bot.api.of("chat.postMessage") == []


def test_share_falls_back_to_chat_post_message_when_the_response_url_has_expired(bot: Bot):
    bot.command("Vem är lead partner för Baltic Master II?")
    share = share_button(bot.api.wait_for("response_url")[0])
    bot.api.script("response_url", (404, {}, "expired_url"))
    bot.action("share_answer", share["value"], ephemeral=True)
    post = bot.api.wait_for("chat.postMessage")[0]
    assert post["channel"] == "C0CHAN1" and post["text"].startswith("Delat av <@U0USER1>: ")


def test_share_says_so_when_it_cannot(bot: Bot):
    bot.command("Vem är lead partner för Baltic Master II?")
    share = share_button(bot.api.wait_for("response_url")[0])
    bot.api.script("response_url", (404, {}, "expired_url"))
    bot.api.script("chat.postMessage", (200, {}, {"ok": False, "error": "not_in_channel"}))
    bot.action("share_answer", share["value"], ephemeral=True)
    told = bot.api.wait_for("response_url", 2)[1]
    assert told["response_type"] == "ephemeral" and told["replace_original"] is False
    assert told["text"].startswith("Jag kunde inte dela svaret i kanalen. Bjud in mig med `/invite @strategibot`")
    assert bot.api.of("chat.postMessage") == []


def test_slash_command_help_and_empty(bot: Bot):
    bot.command("hjälp")
    reply = bot.api.wait_for("response_url")[0]
    # what it knows comes from the index: the region's name and each document with its period
    assert "Region Blekinges strategidokument* (Internationell strategi 2010–2013)" in reply["text"]
    assert "Vilka projekt tjänar insatsområde 3?" in reply["text"] and "👎" in reply["text"]
    bot.command("")
    reply = bot.api.wait_for("response_url", 2)[1]
    assert "/strategi" in reply["text"] and reply["response_type"] == "ephemeral"


def test_feedback_click_is_logged_and_thanked(bot: Bot):
    value = json.dumps({"q": "När beslutar regionstyrelsen?", "f": True})
    assert bot.action("feedback_down", value, message={"ts": "1.1", "thread_ts": "1.0"})[0] == 200
    eph = bot.api.wait_for("chat.postEphemeral")[0]
    assert eph["text"].startswith("Tack!")
    entries = feedback.read(bot.settings.feedback_log)
    assert [(e["kind"], e["question"], e["found"]) for e in entries] == [("down", "När beslutar regionstyrelsen?", True)]
    out = io.StringIO()
    from bot import cli

    cli.main(["report", "--log", str(bot.settings.feedback_log)], stdout=out)
    assert "Down-voted answers (1):\n     1  När beslutar regionstyrelsen?" in out.getvalue()


def test_did_you_mean_offers_buttons_and_a_click_answers(bot: Bot):
    bot.event(mention("Vad är Baltic?"))
    post = bot.api.wait_for("chat.postMessage")[0]
    buttons = [e for b in post["blocks"] if b["type"] == "actions" for e in b["elements"]
               if e["action_id"].startswith("did_you_mean")]
    assert "Baltic Master II" in [b["text"]["text"] for b in buttons]
    chosen = next(b for b in buttons if b["text"]["text"] == "Baltic Master II")
    bot.action(chosen["action_id"], chosen["value"], message={"ts": "1700000100.000100"})
    second = bot.api.wait_for("chat.postMessage", 2)[1]
    assert "Maritime safety" in second["text"] and second["thread_ts"] == "1700000100.000100"


def test_follow_up_in_a_thread_keeps_the_subject(bot: Bot):
    bot.event(mention("Vad är Baltic Master II?", ts="1700000500.000100"), "EvF1")
    bot.api.wait_for("chat.postMessage")
    bot.event(mention("Hur många partner har det?", ts="1700000501.000100", thread_ts="1700000500.000100"), "EvF2")
    second = bot.api.wait_for("chat.postMessage", 2)[1]
    assert second["thread_ts"] == "1700000500.000100" and "48" in second["text"]


def test_app_home_is_published(bot: Bot):
    assert bot.event({"type": "app_home_opened", "user": "U0USER1", "channel": "D0DM1", "tab": "home",
                      "event_ts": "1.1"}, "EvH1")[0] == 200
    view = bot.api.wait_for("views.publish")[0]
    assert view["user_id"] == "U0USER1" and view["view"]["type"] == "home"
    text = blocks_text(view["view"]["blocks"])
    assert "Internationell strategi 2010–2013" in text and f"{shipped_records()} poster" in text and "👎" in text


@pytest.mark.parametrize("case", ["bad signature", "stale timestamp", "no signature"])
def test_unsigned_or_stale_requests_are_rejected(bot: Bot, case: str):
    body = json.dumps({"type": "event_callback", "event_id": "EvX", "event": mention("När beslutar RS?")})
    if case == "bad signature":
        status, _ = bot.post(body, secret="wrong")
    elif case == "stale timestamp":
        status, _ = bot.post(body, timestamp=int(time.time()) - 6 * 60)
    else:
        request = urllib.request.Request(bot.url + "/slack/events", data=body.encode(), method="POST",
                                         headers={"Content-Type": "application/json"})
        try:
            status = urllib.request.urlopen(request, timeout=10).status
        except urllib.error.HTTPError as exc:
            status = exc.code
    assert status == 401
    time.sleep(0.3)
    assert bot.api.calls == []


def test_unknown_event_type_is_acknowledged_and_ignored(bot: Bot):
    assert bot.event({"type": "reaction_added", "user": "U0USER1", "reaction": "eyes",
                      "item": {"type": "message", "channel": "C0CHAN1", "ts": "1.1"}}, "EvU1")[0] == 200
    time.sleep(0.3)
    assert bot.api.of("chat.postMessage") == []


def test_malformed_json_is_rejected(bot: Bot):
    assert bot.post("{not json")[0] == 400
    assert bot.post(urllib.parse.urlencode({"payload": "{broken"}), "application/x-www-form-urlencoded")[0] == 400
    assert bot.post("{not json", secret="wrong")[0] == 401
    assert bot.api.of("chat.postMessage") == []


def test_url_verification_challenge(bot: Bot):
    status, body = bot.post(json.dumps({"type": "url_verification", "challenge": "abc123", "token": "x"}))
    assert status == 200 and "abc123" in body


def test_retried_deliveries_are_answered_once(bot: Bot):
    ev = mention("När beslutar regionstyrelsen?", ts="1700000600.000100")
    assert bot.event(ev, "EvR1")[0] == 200
    for n in (1, 2):
        assert bot.event(ev, "EvR1", headers={"X-Slack-Retry-Num": str(n), "X-Slack-Retry-Reason": "http_timeout"})[0] == 200
    bot.api.wait_for("chat.postMessage")
    time.sleep(0.5)
    assert len(bot.api.of("chat.postMessage")) == 1


def test_same_message_as_mention_and_dm_is_answered_once(bot: Bot):
    ts = "1700000700.000100"
    bot.event({**mention("När beslutar regionstyrelsen?", ts=ts), "channel": "D0DM1"}, "EvM1")
    bot.event({"type": "message", "channel_type": "im", "user": "U0USER1", "channel": "D0DM1", "ts": ts,
               "text": "<@UBOT0001> När beslutar regionstyrelsen?"}, "EvM2")
    bot.api.wait_for("chat.postMessage")
    time.sleep(0.5)
    assert len(bot.api.of("chat.postMessage")) == 1


def test_rate_limited_post_is_retried_after_retry_after(bot: Bot):
    bot.api.script("chat.postMessage", (429, {"Retry-After": "1"}, {"ok": False, "error": "ratelimited"}))
    started = time.monotonic()
    bot.event(mention("När beslutar regionstyrelsen?", ts="1700000800.000100"), "EvRL")
    post = bot.api.wait_for("chat.postMessage")[0]
    assert "28 april" in post["text"]
    assert time.monotonic() - started >= 0.9
    time.sleep(0.3)
    assert len(bot.api.of("chat.postMessage")) == 1
    assert bot.api.attempts["chat.postMessage"] == 2


def test_fifty_concurrent_questions_are_all_answered_once(bot: Bot):
    questions = [("När beslutar regionstyrelsen?", "28 april"), ("Hur många partner har Baltic Master II?", "48"),
                 ("Vem är projektägare för Moment?", "Kalmar"), ("Vilket insatsområde gäller Yc³?", "Attraktivitet"),
                 ("Hur många invånare har Shanghai-området?", "17 miljoner")]
    events = []
    for i in range(50):
        q, expected = questions[i % len(questions)]
        ts = f"1700001000.{i:06d}"
        events.append((mention(q, ts=ts), f"EvC{i}", ts, expected))
    with ThreadPoolExecutor(max_workers=16) as pool:
        statuses = list(pool.map(lambda e: bot.event(e[0], e[1])[0], events))
    assert statuses == [200] * 50
    posts = bot.api.wait_for("chat.postMessage", 50, timeout=60)
    time.sleep(0.5)
    posts = bot.api.of("chat.postMessage")
    assert len(posts) == 50
    by_thread = {p["thread_ts"]: p["text"] for p in posts}
    assert len(by_thread) == 50
    for _, _, ts, expected in events:
        assert expected in by_thread[ts]


def test_internal_error_gets_an_apology_not_a_traceback(bot: Bot, monkeypatch: pytest.MonkeyPatch):
    def broken(*args: Any, **kwargs: Any) -> Answer:
        raise RuntimeError("boom")

    engine = bot.service.engine()
    monkeypatch.setattr(engine, "answer", broken)
    bot.event(mention("När beslutar regionstyrelsen?", ts="1700000900.000100"), "EvE1")
    post = bot.api.wait_for("chat.postMessage")[0]
    assert post["text"].startswith("Förlåt, något gick fel") and "boom" not in post["text"]


def test_healthz_reports_index(bot: Bot):
    with urllib.request.urlopen(bot.url + "/healthz", timeout=5) as resp:
        data = json.loads(resp.read())
    assert data["ok"] is True and data["mode"] == "http" and data["index"]["records"] == shipped_records()
    assert 0 <= data["index"]["age_seconds"] < 3600


def test_logs_carry_no_text_and_no_tokens_by_default(bot: Bot):
    stream = io.StringIO()
    logs.setup(log_text=False, stream=stream)
    try:
        bot.event(mention("När beslutar regionstyrelsen?", ts="1700000950.000100"), "EvL1")
        bot.api.wait_for("chat.postMessage")
        wait_until(lambda: '"answered"' in stream.getvalue())
        logging.getLogger("x").info("token xoxb-secret-value in a message")
    finally:
        logging.getLogger().handlers.clear()
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    answered = next(line for line in lines if line["msg"] == "answered")
    assert answered["found"] is True and "question" not in answered
    assert "regionstyrelsen" not in stream.getvalue() and TOKEN not in stream.getvalue()
    assert "xoxb-secret-value" not in stream.getvalue()


def test_log_text_when_allowed():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logs.JsonFormatter(log_text=True))
    logger = logging.getLogger("t.logtext")
    logger.setLevel(logging.INFO)  # whatever another test did to the root logger
    logger.propagate = False
    logger.addHandler(handler)
    logs.event(logger, "answered", question="Hej xapp-1-abc")
    logger.removeHandler(handler)
    assert json.loads(stream.getvalue())["question"] == "Hej [redacted]"


def test_socket_mode_receives_acknowledges_and_answers(api: WebAPI, shipped_index: Path, tmp_path: Path):
    from .conftest import SHIPPED_CONTENT

    socket = SocketServer()
    api.socket_url = socket.url
    settings = Settings(bot_token=TOKEN, app_token="xapp-test", api_url=api.url,
                        feedback_log=tmp_path / "f.jsonl", pseudonym_key="k")
    service = Service(Paths(SHIPPED_CONTENT, shipped_index))
    app = create_app(settings, service)
    stop = threading.Event()
    ready: list[Any] = []
    thread = threading.Thread(target=server.serve, args=(app, service, settings.app_token, "127.0.0.1", 0, 2),
                              kwargs={"stop": stop, "ready": ready.append}, daemon=True)
    thread.start()
    try:
        assert socket.connected.wait(15)
        wait_until(lambda: bool(ready))
        envelope = {"envelope_id": "env-1", "type": "events_api", "accepts_response_payload": False,
                    "retry_attempt": 0, "retry_reason": "",
                    "payload": {"type": "event_callback", "event_id": "EvS1", "team_id": "T0001",
                                "event": mention("När beslutar regionstyrelsen?", ts="1700002000.000100")}}
        socket.send(envelope)
        assert socket.wait_ack("env-1")["envelope_id"] == "env-1"
        post = api.wait_for("chat.postMessage")[0]
        assert "28 april 2010" in post["text"] and post["thread_ts"] == "1700002000.000100"
        with urllib.request.urlopen(f"http://127.0.0.1:{ready[0].effective_port}/healthz", timeout=5) as resp:
            health = json.loads(resp.read())
        assert health["mode"] == "socket" and health["socket_connected"] is True
    finally:
        stop.set()
        thread.join(10)
        socket.close()


def test_blocks_escape_and_split_long_answers():
    long = ("<!channel> & <@U1> " + "ord " * 2000 + "\n") * 3
    answer = Answer("q", True, long, [Source("d#s", "Rubrik <b>", "Dok", "https://example.invalid/x")])
    text, message = blocks.answer_message(answer)
    sections = [b for b in message if b["type"] == "section"]
    assert len(sections) > 1 and all(len(b["text"]["text"]) <= 3000 for b in sections)
    assert "<!channel>" not in json.dumps(message) and "&lt;!channel&gt;" in sections[0]["text"]["text"]
    assert len(message) <= 50 and len(json.dumps(message)) < 13000 * 2
    assert "<https://example.invalid/x|Rubrik &lt;b&gt;>" in blocks_text(message)
    assert len(text) <= 3900


def test_settings_name_the_missing_variable():
    from bot.errors import SettingsError

    with pytest.raises(SettingsError, match="SLACK_BOT_TOKEN is not set: set it to the Bot User OAuth Token"):
        Settings.from_env({})
    with pytest.raises(SettingsError, match="SLACK_SIGNING_SECRET is not set"):
        Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-1"})
    s = Settings.from_env({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1"})
    assert s.socket_mode and "xoxb-1" not in repr(s) and "xapp-1" not in repr(s)


def test_payload_text_inside_library_log_messages_is_hidden():
    formatter = logs.JsonFormatter(log_text=False)
    record = logging.LogRecord("slack_bolt", logging.WARNING, __file__, 1,
                               "Unhandled request ({'event': {'text': 'secret question', 'user': 'U1'}, \"value\": "
                               "\"{\\\"q\\\": 1}\"})", None, None)
    line = json.loads(formatter.format(record))["msg"]
    assert "secret question" not in line and "'user': 'U1'" in line and "[hidden]" in line


def test_manifest_asks_only_for_the_scopes_the_app_uses():
    import urllib.parse as up

    import yaml

    from .conftest import ROOT

    manifest = yaml.safe_load((ROOT / "manifest.yml").read_text(encoding="utf-8"))
    # app_mention → app_mentions:read; answers, thanks, shares → chat:write; /strategi → commands;
    # DMs (message.im) → im:history; the 👀 while working → reactions:write
    # conversations.replies / .history (looking for an answer whose post timed out) → the *:history scopes
    assert sorted(manifest["oauth_config"]["scopes"]["bot"]) == [
        "app_mentions:read", "channels:history", "chat:write", "commands", "groups:history", "im:history",
        "mpim:history", "reactions:write"]
    urls = [manifest["features"]["slash_commands"][0]["url"], manifest["settings"]["event_subscriptions"][
        "request_url"], manifest["settings"]["interactivity"]["request_url"]]
    assert {up.urlsplit(u).hostname.rsplit(".", 2)[-2:] == ["example", "com"] for u in urls} == {True}


def test_a_failing_slash_command_gets_an_apology_through_its_response_url(bot: Bot, monkeypatch):
    def broken(*args: Any, **kwargs: Any) -> Answer:
        raise RuntimeError("boom")

    monkeypatch.setattr(bot.service.engine(), "answer", broken)
    bot.command("När beslutar regionstyrelsen?")
    reply = bot.api.wait_for("response_url")[0]
    assert reply["text"].startswith("Förlåt, något gick fel") and "boom" not in reply["text"]
