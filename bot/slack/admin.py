"""Staff controls in Slack: `/strategi status` for everyone, `/strategi reindex` for admins."""

from __future__ import annotations

from typing import Any

from slack_sdk import WebClient

from .. import index, messages
from ..service import Reindex, changed_files, damage_note, last_reindex, reindex_in_child


def register(deps: Any) -> None:
    """Add the `status` and `reindex` sub-commands of /strategi."""
    paths = deps.service.paths

    def status(client: WebClient, channel: str, user: str) -> None:
        lines = [status_text(paths)]
        if deps.feedback_failure:
            lines.append(messages.slack("status_feedback_failed", **deps.feedback_failure))
        client.chat_postEphemeral(channel=channel, user=user, text="\n".join(lines))

    def do_reindex(client: WebClient, channel: str, user: str) -> None:
        admins = deps.settings.admins
        if user not in admins:
            who = messages.join([f"<@{a}>" for a in admins]) if admins else messages.slack("no_admins")
            client.chat_postEphemeral(channel=channel, user=user, text=messages.slack("not_admin", admins=who))
            return
        client.chat_postEphemeral(channel=channel, user=user, text=messages.slack("reindex_started"))
        outcome = reindex_in_child(paths)
        client.chat_postEphemeral(channel=channel, user=user, text=outcome_text(outcome))

    deps.admin_commands.update({"status": status, "reindex": do_reindex, "omindexera": do_reindex})


def outcome_text(outcome: Reindex) -> str:
    """A reindex outcome for Slack: counts, or every problem found."""
    if outcome.ok:
        c = outcome.counts or {}
        return messages.slack("reindex_ok", documents=c.get("documents"), sections=c.get("sections"),
                              records=c.get("records"), seconds=str(c.get("seconds")).replace(".", ","))
    reason = {"content": messages.slack("reindex_problems", n=len(outcome.problems)),
              "busy": messages.slack("reindex_busy")}.get(outcome.reason, messages.slack("reindex_error"))
    lines = [messages.slack("reindex_failed", reason=reason)]
    lines += [f"• `{p}`" for p in outcome.problems[:40]]
    if len(outcome.problems) > 40:
        lines.append(f"… (+{len(outcome.problems) - 40})")
    return "\n".join(lines)


def status_text(paths: Any) -> str:
    """Content version, build time, counts and the last reindex result, in Swedish."""
    m = index.manifest(paths.index)
    if m is None:
        return messages.slack("status_no_index")
    commit = f" (git {m['git_commit'][:12]})" if m.get("git_commit") else ""
    changes = changed_files(paths, m)
    lines = [messages.slack("status", fingerprint=m["fingerprint"], commit=commit, built=m["built_at"],
                            documents=m["documents"], sections=m["sections"], records=m["records"],
                            changed=", ".join(changes) if changes else messages.slack("nothing"))]
    damaged = damage_note(paths)
    if damaged is not None:
        generation, _, problem = damaged[0].partition(": ")
        serving = (messages.slack("status_serving_previous", previous=damaged[1]) if damaged[1]
                   else messages.slack("status_serving_none"))
        lines.append(messages.slack("status_damaged", generation=generation, problem=problem, serving=serving))
    last = last_reindex(paths)
    if last is not None:
        lines.append(messages.slack("status_last", at=last.at, result=outcome_text(last)))
    return "\n".join(lines)
