"""Block Kit messages and views, built with slack_sdk.models and validated before they are sent."""

from __future__ import annotations

import json
from typing import Any

from slack_sdk.models.blocks import (ActionsBlock, Block, ButtonElement, ContextBlock, DividerBlock, HeaderBlock,
                                     MarkdownTextObject, PlainTextObject, SectionBlock)
from slack_sdk.models.views import View

from .. import messages
from ..answer import Answer

MAX_BLOCKS = 50
SECTION_LIMIT = 3000
TOTAL_LIMIT = 12000  # Slack refuses messages of about 13k characters of blocks text
VALUE_LIMIT = 2000

FEEDBACK_UP, FEEDBACK_DOWN, SHARE, CHOOSE = "feedback_up", "feedback_down", "share_answer", "did_you_mean"


def escape(text: str) -> str:
    """Escape &, < and > so content can never ping <!channel> or a user."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def chunks(text: str, limit: int = SECTION_LIMIT) -> list[str]:
    """Split `text` at line (or word) boundaries into pieces of at most `limit` characters."""
    out: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:
            cut = line.rfind(" ", 0, limit)
            cut = cut if cut > 0 else limit
            if current:
                out.append(current)
                current = ""
            out.append(line[:cut])
            line = line[cut:].lstrip()
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            out.append(current)
            current = line
        else:
            current = candidate
    if current:
        out.append(current)
    return [c for c in out if c.strip()] or [" "]


def _value(data: dict[str, Any]) -> str:
    """A button value: JSON, with the question shortened to fit Slack's 2,000 characters."""
    data = dict(data)
    raw = json.dumps(data, ensure_ascii=False)
    if len(raw) > VALUE_LIMIT and "q" in data:
        data["q"] = data["q"][: max(0, len(data["q"]) - (len(raw) - VALUE_LIMIT) - 10)]
        raw = json.dumps(data, ensure_ascii=False)
    return raw


def source_lines(answer: Answer) -> list[str]:
    """Sources as mrkdwn: title — document, linked when the content gives a URL."""
    out = []
    for s in answer.sources[:10]:
        title = escape(s.title)
        if s.url and s.url.startswith(("https://", "http://")) and "|" not in s.url and ">" not in s.url:
            title = f"<{s.url}|{title}>"
        out.append(f"{title} — {escape(s.document)}")
    return out


def answer_message(answer: Answer, *, ephemeral: bool = False) -> tuple[str, list[dict[str, Any]]]:
    """(fallback text, blocks) for an answer: the answer, its sources, then the buttons."""
    lang = answer.lang
    body = escape(answer.answer)
    parts = chunks(body)
    total = 0
    kept: list[str] = []
    for p in parts:
        if total + len(p) > TOTAL_LIMIT - 2000 or len(kept) >= MAX_BLOCKS - 6:
            kept.append("…")
            break
        kept.append(p)
        total += len(p)
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=p)) for p in kept]
    lines = source_lines(answer)
    if lines:
        label = messages.slack("sources" if answer.found else "closest", lang)
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=_clip(f"*{label}:* " + "  •  ".join(lines)))]))
    question = answer.question[:1500]
    buttons: list[ButtonElement] = []
    for i, choice in enumerate(answer.suggestions[:5]):
        buttons.append(ButtonElement(text=PlainTextObject(text=choice[:75]), action_id=f"{CHOOSE}_{i}",
                                     value=_value({"q": question, "w": answer.explain.get("ambiguous", ""),
                                                   "c": choice})))
    buttons.append(ButtonElement(text=PlainTextObject(text=messages.slack("thumbs_up", lang)), action_id=FEEDBACK_UP,
                                 value=_value({"q": question, "f": answer.found})))
    buttons.append(ButtonElement(text=PlainTextObject(text=messages.slack("thumbs_down", lang)),
                                 action_id=FEEDBACK_DOWN, value=_value({"q": question, "f": answer.found})))
    if ephemeral:
        buttons.insert(0, ButtonElement(text=PlainTextObject(text=messages.slack("share", lang)), action_id=SHARE,
                                        style="primary", value=_value({"q": question})))
    blocks.append(ActionsBlock(elements=buttons))
    text = escape(answer.answer)
    if lines:
        text += "\n\n" + messages.slack("sources" if answer.found else "closest", lang) + ": " + "; ".join(lines)
    return _clip(text, 3900), validate(blocks)


def _clip(text: str, limit: int = 2000) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _intro(about: dict[str, Any], lang: str) -> str:
    return messages.slack("help", lang, owner=messages.owner(about.get("region", ""), lang),
                          documents=escape(", ".join(about.get("labels", [])) or "–"))


def _examples(about: dict[str, Any]) -> str:
    return "\n".join(f"• {escape(q)}" for q in messages.examples(about.get("names", {})))


def help_message(about: dict[str, Any], lang: str = "sv") -> tuple[str, list[dict[str, Any]]]:
    """The answer to `/strategi hjälp`. `about`: what the index holds (see `slack.app.about`)."""
    text = f"{_intro(about, lang)}\n{_examples(about)}\n\n{messages.slack('help_report', lang)}"
    blocks: list[Block] = [SectionBlock(text=MarkdownTextObject(text=p)) for p in chunks(text)]
    return text, validate(blocks)


def home_view(stats: dict[str, Any], lang: str = "sv") -> dict[str, Any]:
    """The App Home tab: what the bot knows, example questions, how to report a wrong answer."""
    blocks: list[Block] = [
        HeaderBlock(text=PlainTextObject(text=messages.slack("home_title", lang))),
        SectionBlock(text=MarkdownTextObject(text=_intro(stats, lang).split("\n\n")[0])),
        SectionBlock(text=MarkdownTextObject(text=messages.slack("home_knows", lang, **stats))),
        SectionBlock(text=MarkdownTextObject(text=_clip(messages.slack(
            "home_documents", lang, titles=escape(", ".join(stats.get("titles", [])) or "–")), SECTION_LIMIT))),
        DividerBlock(),
        SectionBlock(text=MarkdownTextObject(text=messages.slack("home_examples", lang) + "\n" + _examples(stats))),
        ContextBlock(elements=[MarkdownTextObject(text=messages.slack("help_report", lang))]),
    ]
    view = View(type="home", blocks=blocks)
    view.validate_json()
    return view.to_dict()


def validate(blocks: list[Block]) -> list[dict[str, Any]]:
    """Check Slack's limits on every block; returns the blocks as dicts."""
    if len(blocks) > MAX_BLOCKS:
        raise ValueError(f"{len(blocks)} blocks; Slack allows {MAX_BLOCKS}")
    out = []
    for b in blocks:
        b.validate_json()
        out.append(b.to_dict())
    size = len(json.dumps(out, ensure_ascii=False))
    if size > 3 * TOTAL_LIMIT:
        raise ValueError(f"blocks of {size} characters are too large for one message")
    return out
