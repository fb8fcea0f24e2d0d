"""The bolt app: thin listeners that hand questions to the answer engine and post what it says."""

from __future__ import annotations

import json
import logging
import re
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable

from slack_bolt import App, BoltResponse, Respond
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import (ConnectionErrorRetryHandler, RateLimitErrorRetryHandler,
                                                   ServerErrorRetryHandler)

from .. import messages, timestamps
from ..answer import Answer
from ..feedback import FeedbackLog
from ..logs import event as log_event
from ..service import Service
from ..status import outcome_text
from . import admin, blocks
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
    def on_command(ack: Callable[..., None], command: dict[str, Any], respond: Respond) -> None:
        ack()
        _command(deps, respond, command)

    @app.action(blocks.FEEDBACK_UP)
    def on_up(ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any], client: WebClient,
              respond: Respond) -> None:
        ack()
        _feedback(deps, client, respond, body, action, "up")

    @app.action(blocks.FEEDBACK_DOWN)
    def on_down(ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any], client: WebClient,
                respond: Respond) -> None:
        ack()
        _feedback(deps, client, respond, body, action, "down")

    @app.action(blocks.SHARE)
    def on_share(ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any], client: WebClient,
                 respond: Respond) -> None:
        ack()
        _share(deps, client, respond, body, _button(action).get("q", ""))

    @app.action(re.compile(rf"^{blocks.CHOOSE}_\d+$"))
    def on_choose(ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any], client: WebClient,
                  respond: Respond) -> None:
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
                     respond=respond if ephemeral else None, thread_key=f"{channel}:{thread}" if thread else None)

    @app.error
    def on_error(error: Exception, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        log.error("listener failed", exc_info=error, extra={"fields": {"type": body.get("type")}})
        _apologise(client, respond, body)


def announce(app: App, settings: Settings, outcome: Any) -> None:
    """Report a reindex made by the content watcher: to the log, and to the admins' channel if set."""
    log_event(log, "reindex", ok=outcome.ok, summary=outcome.summary, problems=outcome.problems)
    if settings.admin_channel and not outcome.ok:
        text = messages.slack("watch_failed") + "\n" + outcome_text(outcome)
        _safe(app.client.chat_postMessage, channel=settings.admin_channel, text=text)
    elif settings.admin_channel:
        _safe(app.client.chat_postMessage, channel=settings.admin_channel, text=outcome_text(outcome))


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


def _post_answer(deps: Deps, client: WebClient | None, answer: Answer, channel: str | None, thread: str | None, *,
                 user: str | None, respond: Respond | None = None, thread_key: str | None = None) -> None:
    """Post `answer` in the thread, or privately through `respond` (with a Dela i kanalen button)."""
    started = time.perf_counter()
    text, message_blocks = blocks.answer_message(answer, ephemeral=respond is not None)
    if respond is not None:
        _reply(respond, replace_original=False, text=text, blocks=message_blocks)
    elif client is not None:
        client.chat_postMessage(channel=channel, thread_ts=thread, text=text, blocks=message_blocks,
                                unfurl_links=False, unfurl_media=False)
    if thread_key and answer.subjects:
        deps.threads.put(thread_key, answer.subjects)
    if not answer.found:
        deps.feedback.record("unanswered", answer.question, user, kind_of_answer=answer.kind)
    log_event(log, "answered", channel=channel, found=answer.found, kind=answer.kind, lang=answer.lang,
              engine_ms=answer.explain.get("ms"), post_ms=round((time.perf_counter() - started) * 1000, 1),
              question=answer.question)


def _command(deps: Deps, respond: Respond, command: dict[str, Any]) -> None:
    """`/strategi …`: every reply goes through the command's response_url, which works in private
    channels and DMs where the bot is not a member."""
    channel, user = command.get("channel_id"), command["user_id"]
    text = (command.get("text") or "").strip()
    word = text.split()[0].casefold() if text else ""
    try:
        if not text:
            _reply(respond, text=messages.slack("empty_command"))
            return
        if word in ("hjälp", "hjalp", "help") and len(text.split()) == 1:
            help_text, help_blocks = blocks.help_message()
            _reply(respond, text=help_text, blocks=help_blocks)
            return
        if word in deps.admin_commands and len(text.split()) == 1:
            deps.admin_commands[word](reply=lambda message: _reply(respond, text=message), user=user)
            return
        answer = deps.service.ask(text)
        _post_answer(deps, None, answer, channel, None, user=user, respond=respond)
    except Exception as exc:
        log.error("command failed", exc_info=exc, extra={"fields": {"channel": channel}})
        _reply(respond, text=messages.slack("apology"))


def _share(deps: Deps, client: WebClient, respond: Respond, body: dict[str, Any], question: str) -> None:
    """"Dela i kanalen": post the answer for everyone through the response_url (any conversation), or
    with chat.postMessage where the bot is a member; say so plainly when neither works."""
    user = body["user"]["id"]
    channel = (body.get("channel") or {}).get("id")
    answer = deps.service.ask(question)
    text, message_blocks = blocks.answer_message(answer)
    shared = messages.slack("shared_by", answer.lang, user=user)
    public = {"text": f"{shared}: {text}",
              "blocks": [{"type": "context", "elements": [{"type": "mrkdwn", "text": shared}]}, *message_blocks]}
    if body.get("response_url") and _reply(respond, response_type="in_channel", replace_original=False, **public):
        _reply(respond, delete_original=True)  # the private copy has done its job
        log_event(log, "shared", channel=channel, via="response_url")
        return
    if channel:
        try:
            client.chat_postMessage(channel=channel, unfurl_links=False, unfurl_media=False, **public)
            log_event(log, "shared", channel=channel, via="chat.postMessage")
            return
        except SlackApiError as exc:
            log.warning("share failed", extra={"fields": {"error": exc.response.get("error")}})
    sorry = messages.slack("cannot_share", answer.lang)
    if not (body.get("response_url") and _reply(respond, replace_original=False, text=sorry)) and channel:
        _safe(client.chat_postEphemeral, channel=channel, user=user, text=sorry)


def _reply(respond: Respond, **message: Any) -> bool:
    """Post through the response_url (privately unless `response_type` says otherwise); False, logged,
    when Slack refuses it (expired, used five times) or cannot be reached."""
    if "delete_original" not in message:
        message.setdefault("response_type", "ephemeral")
    try:
        response = respond(**message)
    except (OSError, ValueError) as exc:  # unreachable, or no response_url in this request
        log.warning("response_url failed", extra={"fields": {"error": type(exc).__name__}})
        return False
    if response.status_code != 200:
        log.warning("response_url refused", extra={"fields": {"status": response.status_code,
                                                              "error": str(response.body)[:100]}})
        return False
    return True


def _feedback(deps: Deps, client: WebClient, respond: Respond, body: dict[str, Any], action: dict[str, Any],
              vote: str) -> None:
    value = _button(action)
    user = body.get("user", {}).get("id")
    deps.feedback.record(vote, str(value.get("q", "")), user, found=value.get("f"))
    log_event(log, "feedback", vote=vote)
    thanks = messages.slack("thanks" if vote == "up" else "thanks_down")
    if body.get("container", {}).get("is_ephemeral") and body.get("response_url"):
        _reply(respond, replace_original=False, text=thanks)  # a private answer, maybe where the bot is no member
        return
    channel = body.get("channel", {}).get("id")
    if channel and user:
        message = body.get("message") or {}
        _safe(client.chat_postEphemeral, channel=channel, user=user, thread_ts=message.get("thread_ts"), text=thanks)


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
            "built": timestamps.for_people(m["built_at"]),
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


def _apologise(client: WebClient, respond: Respond, body: dict[str, Any]) -> None:
    ev = body.get("event") or {}
    if ev.get("channel"):
        _safe_post(client, channel=ev["channel"], thread_ts=ev.get("thread_ts") or ev.get("ts"),
                   text=messages.slack("apology"))
    elif body.get("response_url"):
        _reply(respond, replace_original=False, text=messages.slack("apology"))
