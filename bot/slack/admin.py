"""Staff controls in Slack: `/strategi status` for everyone, `/strategi reindex` for admins."""

from __future__ import annotations

from typing import Any, Callable

from .. import messages
from ..service import reindex_in_child
from ..status import outcome_text, status_lines


def register(deps: Any) -> None:
    """Add the `status` and `reindex` sub-commands of /strategi; each replies with `reply(text)`."""
    paths = deps.service.paths

    def status(reply: Callable[[str], object], user: str) -> None:
        lines = status_lines(paths, "sv")
        if deps.feedback_failure:
            lines.append(messages.slack("status_feedback_failed", **deps.feedback_failure))
        reply("\n".join(lines))

    def do_reindex(reply: Callable[[str], object], user: str) -> None:
        admins = deps.settings.admins
        if user not in admins:
            who = messages.join([f"<@{a}>" for a in admins]) if admins else messages.slack("no_admins")
            reply(messages.slack("not_admin", admins=who))
            return
        reply(messages.slack("reindex_started"))
        reply(outcome_text(reindex_in_child(paths)))

    deps.admin_commands.update({"status": status, "reindex": do_reindex, "omindexera": do_reindex})
