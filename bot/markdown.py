"""Splits a Markdown document into sections: `#`, `##` and `###` headings make sections."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import text

_HEADING = re.compile(r"^(#{1,3})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^(```|~~~)")


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


def slug(title: str) -> str:
    """A URL-safe slug of a heading: "Baltic Master II - från tanke" → "baltic-master-ii-fran-tanke"."""
    return "-".join(text.words(title)) or "avsnitt"


def split_sections(body: str, doc_id: str, first_line: int) -> tuple[str, list[Section]]:
    """(text before the first heading, sections in document order)."""
    preamble: list[str] = []
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    used: dict[str, int] = {}
    in_fence = False
    current: Section | None = None
    lines: list[str] = []
    for offset, raw in enumerate(body.split("\n")):
        if _FENCE.match(raw.strip()):
            in_fence = not in_fence
        match = None if in_fence else _HEADING.match(raw)
        if match is None:
            (lines if current is not None else preamble).append(raw)
            continue
        if current is not None:
            current.body = "\n".join(lines).strip()
        level, title = len(match.group(1)), match.group(2).strip()
        while stack and stack[-1][0] >= level:
            stack.pop()
        base = slug(title)
        used[base] = used.get(base, 0) + 1
        sid = f"{doc_id}#{base}" if used[base] == 1 else f"{doc_id}#{base}-{used[base]}"
        current = Section(sid, doc_id, title, level, first_line + offset, "",
                          [t for _, t in stack], len(sections))
        sections.append(current)
        stack.append((level, title))
        lines = []
    if current is not None:
        current.body = "\n".join(lines).strip()
    return "\n".join(preamble).strip(), sections


def plain(markdown_text: str) -> str:
    """Markdown to readable plain text: tables as `a: b` lines, markup removed."""
    out: list[str] = []
    header: list[str] | None = None
    for raw in markdown_text.split("\n"):
        line = raw.strip()
        if line.startswith("|") and line.endswith("|"):
            cells = [c.strip().replace("<br>", "; ") for c in line.strip("|").split("|")]
            if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
                continue
            if header is None:
                header = cells
                continue
            pairs = [f"{h}: {c}" if h else c for h, c in zip(header, cells) if c]
            out.append(" — ".join(pairs))
            continue
        header = None
        line = re.sub(r"^[-*+]\s+", "• ", line)
        line = re.sub(r"[*_`]{1,3}([^*_`]+)[*_`]{1,3}", r"\1", line)
        line = re.sub(r"\[([^\]]+)\]\(([^)]+)\)", r"\1 (\2)", line)
        out.append(line)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()
