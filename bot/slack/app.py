"""The bolt app: thin listeners that hand questions to the answer engine and post what it says.

Listeners only acknowledge and queue: answers run on their own bounded queue (`Deps.answers`), and
other Web API calls (thanks, home tab, "try again" notices) on a second one (`Deps.notices`), so a
slow Web API or a flood of questions never delays Slack's 3-second acknowledgement.
"""

from __future__ import annotations

import http.client
import json
import logging
import re
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable

from slack_bolt import App, BoltResponse, Respond
from slack_bolt.authorization import AuthorizeResult
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
from .workers import Workers

log = logging.getLogger("strategibot.slack")

ACK_THREADS = 16  # threads that run listeners: they only acknowledge and queue
DELIVERY_DEADLINE = 120.0  # seconds an answer keeps being delivered when the Web API fails


def make_client(settings: Settings, *, safe_retries_only: bool = False) -> WebClient:
    """A Web API client with a timeout on every call and retries on connection errors, 5xx and 429.

    `safe_retries_only`: retry only 429s, which Slack guarantees did nothing — for posts that must
    not be duplicated (see `_deliver`).
    """
    handlers = [RateLimitErrorRetryHandler(max_retry_count=3)]
    if not safe_retries_only:
        handlers += [ConnectionErrorRetryHandler(max_retry_count=2), ServerErrorRetryHandler(max_retry_count=2)]
    return WebClient(token=settings.bot_token, base_url=settings.api_url, timeout=max(1, int(settings.http_timeout)),
                     retry_handlers=handlers)


@dataclass
class Deps:
    """What the listeners need: settings, the engine service, memories, the feedback log, the
    queues, and the client that posts answers."""

    settings: Settings
    service: Service
    feedback: FeedbackLog
    answers: Workers
    notices: Workers
    poster: WebClient
    seen: Recent[bool] = field(default_factory=lambda: Recent(size=50_000, ttl=3600))
    threads: Recent[list[str]] = field(default_factory=lambda: Recent(size=10_000, ttl=7 * 24 * 3600))
    admin_commands: dict[str, Callable[..., None]] = field(default_factory=dict)
    feedback_failure: dict[str, str] | None = None  # the last failure to write the feedback log
    identity: dict[str, Any] | None = None  # the bot's own ids, from auth.test at start (see `server.check_token`)


def create_app(settings: Settings, service: Service, *, client: WebClient | None = None,
               feedback: FeedbackLog | None = None) -> App:
    """The Slack app over `service`; Web API calls go through `client` (made from settings by default)."""
    deps = Deps(settings, service, feedback or FeedbackLog(settings.feedback_log, settings.pseudonym_key),
                answers=Workers("answers", settings.workers, settings.queue),
                notices=Workers("notices", 2, 1000),
                poster=make_client(settings, safe_retries_only=True))
    web = client or make_client(settings)
    token, web.token = web.token, None  # bolt takes the token from `authorize` instead (no auth.test per start)
    app = App(
        signing_secret=settings.signing_secret or "socket-mode-has-no-signing-secret",
        client=web,
        authorize=_authorize(deps),
        process_before_response=False,
        listener_executor=ThreadPoolExecutor(max_workers=ACK_THREADS, thread_name_prefix="strategibot-ack"),
        logger=logging.getLogger("slack_bolt"),
    )
    web.token = token
    app.deps = deps  # type: ignore[attr-defined]
    register(app, deps)
    admin.register(deps)
    return app


def _authorize(deps: Deps) -> Callable[..., AuthorizeResult]:
    """The bot token and the bot's own ids, without calling Slack: bolt would otherwise call
    auth.test on the first request, inside Slack's 3 seconds, and fail it when the Web API hangs."""

    def authorize(enterprise_id: str | None, team_id: str | None, user_id: str | None) -> AuthorizeResult:
        me = deps.identity or {}
        return AuthorizeResult(enterprise_id=enterprise_id, team_id=team_id, user_id=user_id,
                               bot_token=deps.settings.bot_token, bot_id=me.get("bot_id"),
                               bot_user_id=me.get("user_id"))

    return authorize


def register(app: App, deps: Deps) -> None:
    """Attach every listener to `app`."""
    app.middleware(_deduplicate(deps))

    @app.event("app_mention")
    def on_mention(event: dict[str, Any], client: WebClient) -> None:
        if event.get("bot_id") or event.get("subtype") == "bot_message":
            return
        _queue_event(deps, client, event)

    @app.event("message")
    def on_message(event: dict[str, Any], client: WebClient) -> None:
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        _queue_event(deps, client, event)

    @app.event("app_home_opened")
    def on_home(event: dict[str, Any], client: WebClient) -> None:
        if event.get("tab", "home") != "home":
            return
        deps.notices.submit(lambda: _safe(client.views_publish, user_id=event["user"],
                                          view=blocks.home_view(_stats(deps))))

    @app.event(re.compile(".*"))
    def on_other_event() -> None:
        """Events we do not act on are acknowledged and dropped."""

    @app.command("/strategi")
    def on_command(ack: Callable[..., None], command: dict[str, Any], respond: Respond) -> None:
        ack()
        if not deps.answers.submit(lambda: _command(deps, respond, command)):
            log_event(log, "answer queue full", waiting=deps.answers.waiting)
            deps.notices.submit(lambda: _reply(respond, text=messages.slack("busy")))

    @app.action(blocks.FEEDBACK_UP)
    def on_up(ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any], client: WebClient,
              respond: Respond) -> None:
        ack()
        deps.notices.submit(lambda: _feedback(deps, client, respond, body, action, "up"))

    @app.action(blocks.FEEDBACK_DOWN)
    def on_down(ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any], client: WebClient,
                respond: Respond) -> None:
        ack()
        deps.notices.submit(lambda: _feedback(deps, client, respond, body, action, "down"))

    @app.action(blocks.SHARE)
    def on_share(ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any], client: WebClient,
                 respond: Respond) -> None:
        ack()
        _queue_action(deps, client, respond, body, lambda: _share(deps, client, respond, body,
                                                                  _button(action).get("q", "")))

    @app.action(re.compile(rf"^{blocks.CHOOSE}_\d+$"))
    def on_choose(ack: Callable[..., None], body: dict[str, Any], action: dict[str, Any], client: WebClient,
                  respond: Respond) -> None:
        ack()
        _queue_action(deps, client, respond, body, lambda: _choose(deps, client, respond, body, action))

    @app.error
    def on_error(error: Exception, body: dict[str, Any], client: WebClient, respond: Respond) -> None:
        log.error("listener failed", exc_info=error, extra={"fields": {"type": body.get("type")}})
        _apologise(client, respond, body)


def _queue_event(deps: Deps, client: WebClient, event: dict[str, Any]) -> None:
    if not deps.answers.submit(lambda: _answer_event(deps, client, event)):
        _busy(deps, client, channel=event["channel"], thread_ts=event.get("thread_ts") or event["ts"])


def _queue_action(deps: Deps, client: WebClient, respond: Respond, body: dict[str, Any],
                  job: Callable[[], None]) -> None:
    def run() -> None:
        try:
            job()
        except Exception as exc:
            log.error("action failed", exc_info=exc)
            _apologise(client, respond, body)

    channel, user = body.get("channel", {}).get("id"), body.get("user", {}).get("id")
    if not deps.answers.submit(run) and channel and user:
        _busy(deps, client, channel=channel, user=user)


def _busy(deps: Deps, client: WebClient, **where: Any) -> None:
    """Tell the asker, politely and without waiting, that the answering queue is full."""
    log_event(log, "answer queue full", waiting=deps.answers.waiting)
    post = client.chat_postEphemeral if "user" in where else client.chat_postMessage
    if not deps.notices.submit(lambda: _safe(post, text=messages.slack("busy"), **where)):
        log.error("notice queue full; a busy notice was dropped")


def _choose(deps: Deps, client: WebClient, respond: Respond, body: dict[str, Any], action: dict[str, Any]) -> None:
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
    else:
        _deliver(deps, channel, thread, text, message_blocks)
    if thread_key and answer.subjects:
        deps.threads.put(thread_key, answer.subjects)
    if not answer.found:
        _record(deps, "unanswered", answer.question, user, kind_of_answer=answer.kind)
    log_event(log, "answered", channel=channel, found=answer.found, kind=answer.kind, lang=answer.lang,
              engine_ms=answer.explain.get("ms"), post_ms=round((time.perf_counter() - started) * 1000, 1),
              question=answer.question)


class AnswerLostError(Exception):
    """An answer could not be delivered before DELIVERY_DEADLINE."""


def _deliver(deps: Deps, channel: str | None, thread: str | None, text: str, message_blocks: list[Any]) -> None:
    """Post an answer exactly once, even when the Web API hangs or loses the response.

    A post whose outcome is unknown (timeout, dropped connection, 5xx) is looked for in the thread
    (or the channel) before it is sent again: the message carries a key in its first block's id.
    """
    key = uuid.uuid4().hex
    message_blocks = [{**message_blocks[0], "block_id": f"answer-{key}"}, *message_blocks[1:]] if message_blocks \
        else message_blocks
    since = f"{time.time() - 60:.6f}"
    deadline = time.monotonic() + DELIVERY_DEADLINE
    wait = 0.5
    while True:
        try:
            deps.poster.chat_postMessage(channel=channel, thread_ts=thread, text=text, blocks=message_blocks,
                                         unfurl_links=False, unfurl_media=False)
            return
        except SlackApiError as exc:
            if exc.response.status_code < 500:
                raise
            why = f"HTTP {exc.response.status_code}"
        except (OSError, http.client.HTTPException) as exc:  # timeouts, resets, a response cut short
            why = type(exc).__name__
        log.warning("answer post uncertain; checking before sending again", extra={"fields": {"error": why}})
        while True:  # resend only once the thread shows the answer is not there
            if time.monotonic() + wait > deadline:
                raise AnswerLostError(f"the answer could not be delivered in {DELIVERY_DEADLINE:.0f} s ({why})")
            time.sleep(wait)
            wait = min(wait * 2, 10.0)
            try:
                if _posted(deps, channel, thread, key, since):
                    log_event(log, "answer was posted after all; not sending it again")
                    return
                break
            except (SlackApiError, OSError, http.client.HTTPException) as exc:
                why = type(exc).__name__


def _posted(deps: Deps, channel: str | None, thread: str | None, key: str, since: str) -> bool:
    """Whether a message whose first block id carries `key` is in the thread (or channel) since `since`."""
    if thread:
        found = deps.poster.conversations_replies(channel=channel, ts=thread, oldest=since, limit=200)
    else:
        found = deps.poster.conversations_history(channel=channel, oldest=since, limit=200)
    marker = f"answer-{key}"
    return any(any(b.get("block_id") == marker for b in m.get("blocks") or []) for m in found.get("messages") or [])


def _record(deps: Deps, kind: str, question: str, user: str | None, **fields: Any) -> None:
    """Write to the feedback log; a failure is logged and kept for `/strategi status`, never raised."""
    try:
        deps.feedback.record(kind, question, user, **fields)
    except OSError as exc:
        deps.feedback_failure = {"at": timestamps.now(),
                                 "error": exc.strerror or type(exc).__name__, "path": str(deps.feedback.path)}
        log.error("feedback log not written", extra={"fields": deps.feedback_failure})


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
            help_text, help_blocks = blocks.help_message(_stats(deps))
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
    _record(deps, vote, str(value.get("q", "")), user, found=value.get("f"))
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
    """What the serving index holds, for help and App Home: counts, document labels, the region's
    name, and names for the example questions."""
    reader = deps.service.engine().reader
    m = reader.manifest
    records = reader.content.records
    region = next((r for r in records if r.is_region), None)
    return {"documents": m["documents"], "sections": m["sections"], "records": m["records"],
            "built": timestamps.for_people(m["built_at"]),
            "titles": [d.title for d in reader.content.documents],
            "labels": [d.title if d.period in d.title else f"{d.title} ({d.period})"
                          for d in reader.content.documents],
            "region": region.name if region else "", "names": example_names(records, region)}


def example_names(records: list[Any], region: Any) -> dict[str, str]:
    """Names from the content for the example questions, each one the content answers: an
    insatsområde that has projects, a project with its lead, one with its countries, a decision-making
    body, an office, a municipality with a named contact, the region."""
    by_kind: dict[str, list[Any]] = {}
    for r in records:
        by_kind.setdefault(r.kind, []).append(r)
    names: dict[str, str] = {"region": region.name} if region else {}
    projects = by_kind.get("project", [])
    served = sorted({a for p in projects for a in p.fields.get("areas", [])})
    numbers = {a.id: a.fields.get("number") for a in by_kind.get("area", [])}
    if served and numbers.get(served[0]) is not None:
        names["area"] = str(numbers[served[0]])
    for key, field in (("led_project", "lead"), ("project_with_countries", "countries")):
        having = [p for p in projects if p.fields.get(field) or field == "lead" and p.fields.get("role")]
        if having:
            names[key] = having[0].name
    bodies = [r for r in by_kind.get("organisation", []) if r.fields.get("relation") == "decision_body"]
    if bodies:
        names["body"] = bodies[-1].name.lower()
    if by_kind.get("office"):
        names["office"] = by_kind["office"][0].name
    municipal = [c for c in by_kind.get("contact", []) if c.fields.get("kind") == "municipality" and c.fields.get("name")]
    if municipal:
        names["municipality"] = municipal[0].fields["organisation"]
    return names


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
