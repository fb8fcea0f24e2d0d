"""Cuts documents into passages: the units an answer quotes.

A passage is two consecutive sentences of a paragraph (windows overlap by one), a list item (with
the sentence that introduces the list as its context), or a table row (its cells with the header,
and the sentence that introduces the table as its context).
Each knows its section and document, so an answer can cite where the fact stands.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from . import markdown
from .content import Content

# Abbreviations after which a full stop does not end a sentence (folded, without the final dot).
ABBREVIATIONS = frozenset("""
    bl a t ex m fl m m d v s osv etc resp ca dvs mha inkl exkl jfr s k fr o m t o m ev el kl nr st
    tel e post p g a pga t v s k o s v obs s.k bl.a t.ex m.fl m.m d.v.s fr.o.m t.o.m e.g i.e mr mrs dr
    st jan feb mar apr jun jul aug sep sept okt nov dec proc tf
""".split())
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"”»(]?[A-ZÅÄÖÉÜ0-9])")
MAX_PASSAGE = 600  # characters: a longer unit is cut at sentence ends


@dataclass(frozen=True)
class Passage:
    """One quotable unit of a document."""

    id: str  # "<section id>~<n>"
    section: str  # section id
    document: str  # document id
    title: str  # section title
    text: str  # what is quoted
    context: str  # what helps find it but is not quoted (list lead-in, table header)
    kind: str  # "sentence" | "item" | "row"
    order: int  # position in the document

    @property
    def key(self) -> str:
        """A hash of what is embedded: equal keys mean an equal vector."""
        return hashlib.sha256(self.embed_text.encode("utf-8")).hexdigest()[:20]

    @property
    def embed_text(self) -> str:
        return f"{self.title}: {self.context} {self.text}".strip() if self.context else f"{self.title}: {self.text}"


def sentences(value: str) -> list[str]:
    """Split running text into sentences; Swedish abbreviations ("bl.a.", "bl. a", "t.ex.", "m.fl.")
    and numbers do not end a sentence."""
    out: list[str] = []
    start = 0
    for m in _SENTENCE_END.finditer(value):
        before = value[start:m.start()]
        tail = re.search(r"(\b[\wåäöÅÄÖ]{1,4}(?:\.\s?[\wåäöÅÄÖ]{1,3})*)\.$", before)
        if tail:
            word = tail.group(1).lower().replace(" ", "")
            last = word.split(".")[-1]
            if word in ABBREVIATIONS or last in ABBREVIATIONS and "." in word:
                continue
            # "bl. a. näringsliv": a one- or two-letter word before the dot and a lower-case next word
            if len(last) <= 2 and not last.isdigit() and value[m.end():m.end() + 1].islower():
                continue
        out.append(before.strip())
        start = m.end()
    rest = value[start:].strip()
    if rest:
        out.append(rest)
    return [s for s in out if s]


def last_sentence(value: str) -> str:
    """The last sentence of a text ("" for none): the one that introduces a list or table after it."""
    return (sentences(value) or [""])[-1]


def _chunks(value: str) -> list[str]:
    """Windows of two sentences of a paragraph (each sentence with the one after it; a paragraph of
    one sentence is one window), so that a fact and the sentence that explains it travel together."""
    parts = sentences(value)
    if len(parts) <= 1:
        return parts
    out: list[str] = []
    for i in range(len(parts) - 1):
        pair = f"{parts[i]} {parts[i + 1]}"
        out.append(pair if len(pair) <= MAX_PASSAGE else parts[i])
    if len(out[-1]) < len(parts[-2]) + len(parts[-1]):  # the last sentence was not part of a window
        out.append(parts[-1])
    return out


def of_content(content: Content) -> list[Passage]:
    """Every passage of every document, in document order."""
    out: list[Passage] = []
    for doc in content.documents:
        for section in doc.sections:
            n = 0
            introducing = ""  # the last sentence of the paragraph right before a table
            for block in markdown.blocks(section.body):
                if block.kind == "paragraph":
                    units = [(c, "", "sentence") for c in _chunks(block.text)]
                    introducing = last_sentence(block.text)
                elif block.kind == "item":
                    # the sentence that introduces the list, not the whole paragraph before it
                    units = [(block.text, last_sentence(block.lead), "item")]
                    introducing = ""
                elif block.kind == "row":
                    # "Tabellen visar den regionala finansieringen per insats och år i kronor." finds
                    # a row whose cells say only "AI Adopt Baltic — 2022: 200 000 — …"
                    units = [(block.text, introducing, "row")]
                else:
                    introducing = ""
                    continue
                for value, context, kind in units:
                    out.append(Passage(f"{section.id}~{n}", section.id, doc.id, section.title, value, context, kind,
                                       len(out)))
                    n += 1
    return out
