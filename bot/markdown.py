"""Reads Markdown with markdown-it-py (CommonMark plus tables): sections, blocks and plain text.

markdown-it-py is imported here and nowhere else. `#`, `##` and `###` headings (ATX or setext)
make sections; deeper headings stay inside their section's text. A section's blocks — paragraphs,
list items, table rows, code — are the units that passages are cut from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from markdown_it import MarkdownIt

from . import text

SECTION_LEVELS = 3


@dataclass
class Section:
    """One heading of a document with the text under it (up to the next heading)."""

    id: str
    document: str  # document id
    title: str
    level: int
    line: int
    body: str
    path: list[str] = field(default_factory=list)  # titles of enclosing headings, outermost first
    order: int = 0


@dataclass(frozen=True)
class Block:
    """A unit of a section's text: a paragraph, a list item, a table row or code.

    `lead` is what the block depends on to be understood: the sentence introducing a list, or the
    header cells of a table row.
    """

    kind: str  # "paragraph" | "item" | "row" | "code" | "heading"
    text: str
    line: int  # 0-based line within the parsed text
    lead: str = ""
    cells: tuple[str, ...] = ()
    header: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def slug(title: str) -> str:
    """A URL-safe slug of a heading: "Baltic Master II - från tanke" → "baltic-master-ii-fran-tanke"."""
    return "-".join(text.words(title)) or "avsnitt"


def split_sections(body: str, doc_id: str, first_line: int) -> tuple[str, list[Section]]:
    """(text before the first heading, sections in document order)."""
    lines = body.split("\n")
    tokens = _parser().parse(body)
    heads: list[tuple[int, int, int, str]] = []  # (start line, end line, level, title)
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open" and tok.map and int(tok.tag[1]) <= SECTION_LEVELS:
            heads.append((tok.map[0], tok.map[1], int(tok.tag[1]), _inline_text(tokens[i + 1])))
    preamble_end = heads[0][0] if heads else len(lines)
    preamble = "\n".join(lines[:preamble_end]).strip()
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    used: dict[str, int] = {}
    for n, (start, end, level, title) in enumerate(heads):
        stop = heads[n + 1][0] if n + 1 < len(heads) else len(lines)
        while stack and stack[-1][0] >= level:
            stack.pop()
        base = slug(title)
        used[base] = used.get(base, 0) + 1
        sid = f"{doc_id}#{base}" if used[base] == 1 else f"{doc_id}#{base}-{used[base]}"
        sections.append(Section(sid, doc_id, title or base, level, first_line + start,
                                "\n".join(lines[end:stop]).strip(), [t for _, t in stack], len(sections)))
        stack.append((level, title))
    return preamble, sections


def blocks(markdown_text: str) -> list[Block]:
    """The blocks of a piece of Markdown, in order."""
    tokens = _parser().parse(markdown_text)
    out: list[Block] = []
    last_paragraph = ""
    header: tuple[str, ...] = ()
    row: list[str] = []
    row_line = 0
    depth = 0  # list nesting
    item_line = 0
    item_parts: list[str] = []
    list_lead: list[str] = []
    for i, tok in enumerate(tokens):
        kind = tok.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            list_lead.append(last_paragraph if depth == 0 else (item_parts[-1] if item_parts else ""))
            depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
            list_lead.pop()
        elif kind == "list_item_open":
            item_line = tok.map[0] if tok.map else 0
            item_parts = []
        elif kind == "list_item_close":
            if item_parts:
                out.append(Block("item", " ".join(item_parts), item_line, list_lead[-1] if list_lead else ""))
            item_parts = []
        elif kind == "inline" and tokens[i - 1].type == "paragraph_open":
            value = _inline_text(tok)
            if depth:
                item_parts.append(value)
            else:
                out.append(Block("paragraph", value, tokens[i - 1].map[0] if tokens[i - 1].map else 0))
                last_paragraph = value
        elif kind == "inline" and tokens[i - 1].type == "heading_open":
            out.append(Block("heading", _inline_text(tok), tokens[i - 1].map[0] if tokens[i - 1].map else 0))
        elif kind in ("fence", "code_block"):
            out.append(Block("code", tok.content.strip(), tok.map[0] if tok.map else 0))
        elif kind == "tr_open":
            row, row_line = [], (tok.map[0] if tok.map else 0)
        elif kind == "inline" and tokens[i - 1].type in ("th_open", "td_open"):
            row.append(_inline_text(tok))
        elif kind == "tr_close":
            if tokens[i - 1].type == "th_close" or (i >= 2 and _in_thead(tokens, i)):
                header = tuple(row)
            else:
                out.append(Block("row", _row_text(header, row), row_line, " | ".join(h for h in header if h),
                                 tuple(row), header))
        elif kind == "table_close":
            header = ()
    return out


def _in_thead(tokens: list[Any], i: int) -> bool:
    for tok in reversed(tokens[:i]):
        if tok.type == "thead_close" or tok.type == "tbody_open":
            return False
        if tok.type == "thead_open":
            return True
    return False


def _row_text(header: tuple[str, ...], cells: list[str]) -> str:
    pairs = [f"{h}: {c}" if h else c for h, c in zip(list(header) + [""] * len(cells), cells) if c]
    return " — ".join(pairs)


def _inline_text(tok: Any) -> str:
    """An inline token as plain text: emphasis dropped, links as `text (url)`, `<br>` as `; `."""
    parts: list[str] = []
    href: str | None = None
    start = 0
    for child in tok.children or []:
        t = child.type
        if t in ("text", "code_inline"):
            parts.append(child.content)
        elif t in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif t == "link_open":
            href, start = child.attrGet("href"), len(parts)
        elif t == "link_close":
            label = "".join(parts[start:])
            if href and href != label:
                parts.append(f" ({href})")
            href = None
        elif t == "html_inline" and child.content.lower().startswith("<br"):
            parts.append("; ")
    value = "".join(parts)
    # markdown-it keeps `<br>` as raw text when html is off
    for br in ("<br>", "<br/>", "<br />"):
        value = value.replace(br, "; ")
    return text.normalize_space(value)


def plain(markdown_text: str) -> str:
    """Markdown to readable plain text: list items as `• …`, tables as `header: cell — …` lines."""
    out: list[str] = []
    for b in blocks(markdown_text):
        if b.kind == "item":
            out.append(f"• {b.text}")
        elif b.kind == "heading":
            out.append(f"\n{b.text}")
        else:
            out.append(b.text)
    return "\n".join(out).strip()
