"""The bolt app: thin listeners that hand questions to the answer engine and post what it says."""

from __future__ import annotations

import json
import logging
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (ConnectionErrorRetryHandler, RateLimitErrorRetryHandler,
                                                   ServerErrorRetryHandler)

from .. import messages
from ..answer import Answer
from ..service import Service
from . import admin, blocks
from .feedback import FeedbackLog
from .logs import event as log_event
from .memory import Recent
from .settings import Settings

log = logging.getLogger("strategibot.slack")


def make_client(settings: Settings) -> WebClient:
    """A Web API client with a timeout on every call and retries on connection errors, 5xx and 429."""
    return WebClient(
        token=settings.bot_token,
        base_url=settings.api_url,
        timeout=int(settings.http_timeout),
        retry_handlers=[ConnectionErrorRetryHandler(max_retry_count=2),
                        RateLimitErrorRetryHandler(max_retry_count=3),
                        ServerErrorRetryHandler(max_retry_count=2)],
    )


@dataclass
class Deps:
    """What the listeners need: settings, the engine service, memories and the feedback log."""

    settings: Settings
    service: Service
    feedback: FeedbackLog
    seen: Recent[bool] = field(default_factory=lambda: Recent(size=50_000, ttl=3600))
    threads: Recent[list[str]] = field(default_factory=lambda: Recent(size=10_000, ttl=7 * 24 * 3600))
    admin_commands: dict[str, Callable[..., None]] = field(default_factory=dict)


def create_app(settings: Settings, service: Service, *, client: WebClient | None = None,
               feedback: FeedbackLog | None = None) -> App:
    """The Slack app over `service`; Web API calls go through `client` (made from settings by default)."""
    deps = Deps(settings, service, feedback or FeedbackLog(settings.feedback_log, settings.pseudonym_key))
    app = App(
        signing_secret=settings.signing_secret or "socket-mode-has-no-signing-secret",
        client=client or make_client(settings),
        token_verification_enabled=False,
        process_before_response=False,
        listener_executor=ThreadPoolExecutor(max_workers=settings.workers, thread_name_prefix="strategibot"),
        logger=logging.getLogger("slack_bolt"),
    )
    app.deps = deps  # type: ignore[attr-defined]
    register(app, deps)
    admin.register(deps)
    return app


def register(app: App, deps: Deps) -> None:
    """Attach every listener to `app`."""
    app.middleware(_deduplicate(deps))

    @app.event("app_mention")
    def on_mention(event: dict[str, Any], client: WebClient) -> None:
        if event.get("bot_id") or event.get("subtype") == "bot_message":
            return
        _answer_event(deps, client, event)

    @app.event("message")
    def on_message(event: dict[str, Any], client: WebClient) -> None:
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        _answer_event(deps, client, event)

    @app.event("app_home_opened")
    def on_home(event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        client.views_publish(user_id=event["user"], view=blocks.home_view(_stats(deps)))

    @app.event(re.compile(".*"))
    def on_other_event() -> None:
        """Events we do not act on are acknowledged and dropped."""

    @app.command("/strategi")
    def on_command(ack: Callable[..., None], command: dict[str, Any], client: WebClient) -> None:
        ack()
        _command(deps, client, command)

    @app.action(blocks.FEEDBACK_UP)
    def on_up(ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        _feedback(deps, client, body, action, "up")

    @app.action(blocks.FEEDBACK_DOWN)
    def on_down(ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        _feedback(deps, client, body, action, "down")

    @app.action(blocks.SHARE)
    def on_share(ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        question = _button(action).get("q", "")
        answer = deps.service.ask(question)
        text, message_blocks = blocks.answer_message(answer)
        shared = messages.slack("shared_by", answer.lang, user=body["user"]["id"])
        client.chat_postMessage(channel=body["channel"]["id"], text=f"{shared}: {text}",
                                blocks=[{"type": "context", "elements": [{"type": "mrkdwn", "text": shared}]},
                                        *message_blocks])

    @app.action(re.compile(rf"^{blocks.CHOOSE}_\d+$"))
    def on_choose(ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any], client: WebClient) -> None:
        ack()
        value = _button(action)
        question = value.get("q", "")
        word, choice = value.get("w", ""), value.get("c", "")
        rewritten = re.sub(re.escape(word), choice, question, count=1, flags=re.I) if word else f"{choice}: {question}"
        answer = deps.service.ask(rewritten)
        channel = body.get("channel", {}).get("id")
        message = body.get("message") or {}
        ephemeral = bool(body.get("container", {}).get("is_ephemeral")) or not message
        thread = None if ephemeral else message.get("thread_ts") or message.get("ts")
        _post_answer(deps, client, answer, channel, thread, user=body["user"]["id"],
                     ephemeral=ephemeral, thread_key=f"{channel}:{thread}" if thread else None)

    @app.error
    def on_error(error: Exception, body: dict[str, Any], client: WebClient) -> None:
        log.error("listener failed", exc_info=error, extra={"fields": {"type": body.get("type")}})
        _apologise(client, body)


def announce(app: App, settings: Settings, outcome: Any) -> None:
    """Report a reindex made by the content watcher: to the log, and to the admins' channel if set."""
    log_event(log, "reindex", ok=outcome.ok, summary=outcome.summary, problems=outcome.problems)
    if settings.admin_channel and not outcome.ok:
        text = messages.slack("watch_failed") + "\n" + admin.outcome_text(outcome)
        _safe(app.client.chat_postMessage, channel=settings.admin_channel, text=text)
    elif settings.admin_channel:
        _safe(app.client.chat_postMessage, channel=settings.admin_channel, text=admin.outcome_text(outcome))


def _deduplicate(deps: Deps) -> Callable[..., Any]:
    def deduplicate(body: dict[str, Any], next: Callable[[], Any], request: Any) -> Any:
        keys = []
        if body.get("event_id"):
            keys.append(f"event:{body['event_id']}")
        ev = body.get("event") or {}
        if ev.get("type") in ("app_mention", "message") and ev.get("channel") and ev.get("ts"):
            keys.append(f"msg:{ev['channel']}:{ev['ts']}")
        retry = (request.headers.get("x-slack-retry-num") or [None])[0] if request is not None else None
        for key in keys:
            if not deps.seen.add_if_new(key, True):
                log_event(log, "duplicate delivery ignored", key=key.split(":")[0], retry=retry)
                return BoltResponse(status=200, body="")
        return next()

    return deduplicate


def _answer_event(deps: Deps, client: WebClient, event: dict[str, Any]) -> None:
    channel, ts = event["channel"], event["ts"]
    thread = event.get("thread_ts") or ts
    thread_key = f"{channel}:{thread}"
    _react(client, "reactions_add", channel, ts)
    try:
        context = deps.threads.get(thread_key) if event.get("thread_ts") else None
        answer = deps.service.ask(event.get("text", ""), context=context)
        _post_answer(deps, client, answer, channel, thread, user=event.get("user"), thread_key=thread_key)
    except Exception as exc:
        log.error("answer failed", exc_info=exc, extra={"fields": {"channel": channel}})
        _safe_post(client, channel=channel, thread_ts=thread, text=messages.slack("apology"))
    finally:
        _react(client, "reactions_remove", channel, ts)


def _post_answer(deps: Deps, client: WebClient, answer: Answer, channel: str | None, thread: str | None, *,
                 user: str | None, ephemeral: bool = False, thread_key: str | None = None) -> None:
    started = time.perf_counter()
    text, message_blocks = blocks.answer_message(answer, ephemeral=ephemeral)
    if ephemeral:
        client.chat_postEphemeral(channel=channel, user=user, text=text, blocks=message_blocks)
    else:
        client.chat_postMessage(channel=channel, thread_ts=thread, text=text, blocks=message_blocks,
                                unfurl_links=False, unfurl_media=False)
    if thread_key and answer.subjects:
        deps.threads.put(thread_key, answer.subjects)
    if not answer.found:
        deps.feedback.record("unanswered", answer.question, user, kind_of_answer=answer.kind)
    log_event(log, "answered", channel=channel, found=answer.found, kind=answer.kind, lang=answer.lang,
              engine_ms=answer.explain.get("ms"), post_ms=round((time.perf_counter() - started) * 1000, 1),
              question=answer.question)


def _command(deps: Deps, client: WebClient, command: dict[str, Any]) -> None:
    channel, user = command["channel_id"], command["user_id"]
    text = (command.get("text") or "").strip()
    word = text.split()[0].casefold() if text else ""
    try:
        if not text:
            client.chat_postEphemeral(channel=channel, user=user, text=messages.slack("empty_command"))
            return
        if word in ("hjälp", "hjalp", "help") and len(text.split()) == 1:
            help_text, help_blocks = blocks.help_message()
            client.chat_postEphemeral(channel=channel, user=user, text=help_text, blocks=help_blocks)
            return
        if word in deps.admin_commands and len(text.split()) == 1:
            deps.admin_commands[word](client=client, channel=channel, user=user)
            return
        answer = deps.service.ask(text)
        _post_answer(deps, client, answer, channel, None, user=user, ephemeral=True)
    except Exception as exc:
        log.error("command failed", exc_info=exc, extra={"fields": {"channel": channel}})
        _safe(client.chat_postEphemeral, channel=channel, user=user, text=messages.slack("apology"))


def _feedback(deps: Deps, client: WebClient, body: dict[str, Any], action: dict[str, Any], vote: str) -> None:
    value = _button(action)
    user = body.get("user", {}).get("id")
    deps.feedback.record(vote, str(value.get("q", "")), user, found=value.get("f"))
    log_event(log, "feedback", vote=vote)
    channel = body.get("channel", {}).get("id")
    if channel and user:
        message = body.get("message") or {}
        _safe(client.chat_postEphemeral, channel=channel, user=user,
              thread_ts=message.get("thread_ts"),
              text=messages.slack("thanks" if vote == "up" else "thanks_down"))


def _button(action: dict[str, Any]) -> dict[str, Any]:
    try:
        value = json.loads(action.get("value") or "{}")
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _stats(deps: Deps) -> dict[str, Any]:
    reader = deps.service.engine().reader
    m = reader.manifest
    return {"documents": m["documents"], "sections": m["sections"], "records": m["records"],
            "built": m["built_at"].replace("T", " ")[:16],
            "titles": [d.title for d in reader.content.documents]}


def _react(client: WebClient, method: str, channel: str, ts: str) -> None:
    _safe(getattr(client, method), channel=channel, timestamp=ts, name="eyes")


def _safe(call: Callable[..., Any], **kwargs: Any) -> None:
    """A Web API call whose failure is logged, never raised (reactions, thanks, apologies)."""
    try:
        call(**kwargs)
    except (SlackApiError, OSError) as exc:
        log.warning("slack call failed", extra={"fields": {"error": type(exc).__name__}})


def _safe_post(client: WebClient, **kwargs: Any) -> None:
    _safe(client.chat_postMessage, **kwargs)


def _apologise(client: WebClient, body: dict[str, Any]) -> None:
    ev = body.get("event") or {}
    if ev.get("channel"):
        _safe_post(client, channel=ev["channel"], thread_ts=ev.get("thread_ts") or ev.get("ts"),
                   text=messages.slack("apology"))
    elif body.get("channel_id") and body.get("user_id"):
        _safe(client.chat_postEphemeral, channel=body["channel_id"], user=body["user_id"],
              text=messages.slack("apology"))
