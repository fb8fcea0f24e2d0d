"""What is serving and how it got there, rendered once for both readers: the CLI (English) and
staff in Slack (Swedish, the wording in `messages.STATUS`)."""

from __future__ import annotations

from . import messages, timestamps
from .service import Paths, Reindex, changed_files, damage_note, last_reindex, manifest

PROBLEMS_SHOWN = 40


def status_lines(paths: Paths, lang: str = "en") -> list[str]:
    """The serving generation, what it was built from, what changed since, and the last reindex."""
    m = manifest(paths)
    if m is None:
        return [messages.status("no_index", lang, index=paths.index)]
    changes = changed_files(paths, m)
    lines = [messages.status("index", lang, generation=m["generation"], index=paths.index),
             messages.status("built", lang, built=timestamps.for_people(m["built_at"])),
             messages.status("content", lang, fingerprint=m["fingerprint"],
                             commit=f" (git {m['git_commit'][:12]})" if m.get("git_commit") else ""),
             messages.status("counts", lang, documents=m["documents"], sections=m["sections"], records=m["records"]),
             messages.status("changed", lang,
                             changed=", ".join(changes) if changes else messages.status("nothing", lang))]
    damaged = damage_note(paths)
    if damaged is not None:
        lines.append(_damage_line(damaged, lang))
    last = last_reindex(paths)
    if last is not None:
        lines.append(messages.status("last", lang, at=timestamps.for_people(last.at), result=outcome_text(last, lang)))
    return lines


def outcome_text(outcome: Reindex, lang: str = "sv") -> str:
    """A reindex outcome: counts, or why it was refused and every problem found."""
    if lang == "en":
        head = f"{'ok' if outcome.ok else 'FAILED'} — {outcome.summary}"
        return "\n".join([head, *(f"  {p}" for p in outcome.problems[:PROBLEMS_SHOWN])])
    if outcome.ok:
        c = outcome.counts or {}
        return messages.slack("reindex_ok", documents=c.get("documents"), sections=c.get("sections"),
                              records=c.get("records"), seconds=str(c.get("seconds")).replace(".", ","))
    reason = {"content": messages.slack("reindex_problems", n=len(outcome.problems)),
              "busy": messages.slack("reindex_busy")}.get(outcome.reason, messages.slack("reindex_error"))
    lines = [messages.slack("reindex_failed", reason=reason)]
    lines += [f"• `{p}`" for p in outcome.problems[:PROBLEMS_SHOWN]]
    if len(outcome.problems) > PROBLEMS_SHOWN:
        lines.append(f"… (+{len(outcome.problems) - PROBLEMS_SHOWN})")
    return "\n".join(lines)


def _damage_line(damaged: tuple[str, str | None], lang: str) -> str:
    """Which generation is damaged and which serves instead."""
    what, previous = damaged
    if lang == "en":
        serving = f"{previous} (the previous generation) serves instead" if previous else "nothing can serve"
        return f"DAMAGED: {what}; {serving} — run `strategibot index` to build a new generation"
    generation, _, problem = what.partition(": ")
    serving = (messages.slack("status_serving_previous", previous=previous) if previous
               else messages.slack("status_serving_none"))
    return messages.slack("status_damaged", generation=generation, problem=problem, serving=serving)
