"""The data that flows between the answer stages: sources, proposals and the final answer."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Source:
    """What an answer rests on: a section (id `doc#slug`), a passage's section, or a record (`kind:id`)."""

    id: str
    title: str
    document: str
    url: str | None = None


@dataclass
class Proposal:
    """One answer kind's offer: its text, what it rests on, and how well it is supported.

    `states`: False when the proposal says the content does *not* give the fact asked for (the
    answer is then `found: false`, but it is still the right thing to say). `prior` is how specific
    the kind's evidence is when it fits; `support` what confidence made of it for this question.
    """

    kind: str
    text: str
    sources: list[Source]
    prior: float
    states: bool = True
    evidence: str = ""  # the text the proposal rests on (for coverage of the question's words)
    documents: list[str] = field(default_factory=list)  # ids of the documents it quotes
    # the text around the evidence (a quote's whole sections, when the question names years): where
    # its year ("kartläggningen hösten 2022") may stand when the quoted sentences do not repeat it
    setting: str = ""
    support: float = 0.0
    why: dict[str, Any] = field(default_factory=dict)


@dataclass
class Answer:
    """An answer with its sources, best first."""

    question: str
    found: bool
    answer: str
    sources: list[Source]
    lang: str = "sv"
    kind: str = ""
    suggestions: list[str] = field(default_factory=list)
    explain: dict[str, Any] = field(default_factory=dict)
    subjects: list[str] = field(default_factory=list)  # ids of the records the question was about

    def to_dict(self, explain: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "question": self.question,
            "found": self.found,
            "answer": self.answer,
            "sources": [{k: v for k, v in asdict(s).items() if v is not None} for s in self.sources],
            "lang": self.lang,
            "kind": self.kind,
        }
        if self.suggestions:
            out["suggestions"] = self.suggestions
        if explain:
            out["explain"] = self.explain
        return out


def unique(sources: list[Source]) -> list[Source]:
    """Sources in order, each once (by id, and by title within a document)."""
    seen: set[Any] = set()
    out = []
    for s in sources:
        if s.id in seen or (s.title, s.document) in seen:
            continue
        seen.update({s.id, (s.title, s.document)})
        out.append(s)
    return out
