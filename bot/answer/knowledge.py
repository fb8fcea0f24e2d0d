"""What the answer kinds look things up in: records, sections, documents, names, and sources."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cached_property
from typing import Any, TypeVar
from weakref import WeakKeyDictionary

from .. import matcher, messages, text
from ..content import Content, Record
from ..index import Hit, IndexReader
from ..messages import say
from ..passages import Passage
from .model import Source, unique

NAME_WORD = 6  # letters of a word that names a record alone (shorter words are too often common ones)
K = TypeVar("K")
V = TypeVar("V")


def once(cache: WeakKeyDictionary[K, V], owner: K, make: Callable[[], V]) -> V:
    """What `make` works out for `owner` (one index generation's reader or knowledge), worked out the
    first time it is asked for and kept as long as the owner lives (two threads may both work it out;
    both get the same)."""
    found = cache.get(owner)
    if found is None:
        found = cache[owner] = make()
    return found


class Knowledge:
    """One opened index generation, seen as records, sections and documents."""

    def __init__(self, reader: IndexReader) -> None:
        self.reader = reader
        self.content: Content = reader.content
        self.records = {r.id: r for r in self.content.records}
        self.sections = {s.id: (s, d) for d in self.content.documents for s in d.sections}
        self.documents = {d.id: d for d in self.content.documents}
        self.passages_of: dict[str, list[Passage]] = {}  # each section's passages, in order
        for passage in reader.passages:
            self.passages_of.setdefault(passage.section, []).append(passage)
        self.lexicon = matcher.Lexicon(list(self._names()))
        self.english = {text.fold(r.name): r.fields["en"] for r in self.of_kind("term") if r.fields.get("en")}
        self.region = next((r for r in self.content.records if r.is_region), None)
        self.countries = self._countries()

    @cached_property
    def passage_stems(self) -> frozenset[str]:
        """The stem of every word of the passages (their titles and lead-ins too), worked out once."""
        words = {w for p in self.reader.passages for w in text.words(f"{p.title} {p.context} {p.text}")}
        return frozenset(text.stem(w) for w in words)

    def named_by_word(self, words: list[str], matches: list[matcher.Match]) -> list[matcher.Match]:
        """A word that only one record's names use and no passage does, in any form ("informationskontoret"
        of "EU-informationskontoret"), names that record, though the question does not use the whole name."""
        named = {i for m in matches for i in range(m.start, m.end)}
        out: list[matcher.Match] = []
        for i, w in enumerate(words):
            ids = self.lexicon.token_records.get(w) if i not in named and len(w) >= NAME_WORD else None
            if ids and len(ids) == 1 and w not in text.STOPWORDS and text.stem(w) not in self.passage_stems:
                out.append(matcher.Match(next(iter(ids)), w, i, i + 1, 80.0, False))
        return out

    def list_of(self, passage: Passage) -> list[Passage]:
        """The items of the list an item passage belongs to (same section and lead-in), in order."""
        return [o for o in self.passages_of.get(passage.section, [])
                if o.kind == "item" and o.context == passage.context]

    def _names(self) -> Any:
        for r in self.content.records:
            if r.kind == "faq":
                continue
            target = r.fields.get("refers_to", r.id)
            for name in r.names:
                yield target, name
            for v in r.fields.get("variant_names", []):
                yield target, v

    def _countries(self) -> dict[str, str]:
        """Folded country name (Swedish, and English from the glossary) → the content's spelling."""
        names: set[str] = set()
        for r in self.content.records:
            names.update(r.fields.get("countries", []) or [])
            if r.kind == "partner_region" and r.fields.get("country"):
                names.add(r.fields["country"])
        out: dict[str, str] = {}
        for n in names:
            out[" ".join(text.words(n))] = n
            en = self.english.get(text.fold(n))
            if en:
                out[" ".join(text.words(en))] = n
        return out

    def countries_in(self, words: list[str]) -> list[str]:
        """Countries named by the folded `words`, in the content's spelling."""
        joined = f" {' '.join(words)} "
        return [name for key, name in self.countries.items() if f" {key} " in joined]

    def of_kind(self, kind: str) -> list[Record]:
        return [r for r in self.content.records if r.kind == kind]

    def region_name(self) -> str:
        return self.region.name if self.region else ""

    # ----- sources -----

    def section_source(self, section_id: str) -> Source | None:
        found = self.sections.get(section_id)
        if found is None:
            return None
        s, d = found
        return Source(s.id, s.title, d.title, d.url)

    def hit_source(self, hit: Hit) -> Source:
        """The source of a search hit (a section or a passage's section)."""
        section_id = hit.id.split("~")[0]
        return self.section_source(section_id) or Source(hit.id, hit.title, hit.document)

    def record_sources(self, *records: Record) -> list[Source]:
        """One source a record: the record, titled by the section its facts come from."""
        out: list[Source] = []
        for r in records:
            section = self.section_source(r.sections[0]) if r.sections else None
            title = section.title if section else r.name
            document = section.document if section else r.file
            out.append(Source(f"{r.kind}:{r.id}", title, document, r.fields.get("url") or (section.url if section else None)))
        return unique(out)

    def cited(self, sources: list[Source]) -> list[Record]:
        """The records among `sources` (a record's source id is "kind:id", as `record_sources` makes it)."""
        return [r for s in sources if ":" in s.id and (r := self.records.get(s.id.split(":", 1)[1])) is not None
                and s.id == f"{r.kind}:{r.id}"]

    def documents_of(self, *records: Record) -> list[str]:
        return list(dict.fromkeys(r.sections[0].split("#")[0] for r in records if r.sections))

    def newest_first(self, document_ids: list[str]) -> list[str]:
        return sorted(document_ids, key=lambda d: _period_end(self.documents[d].period) if d in self.documents else 0,
                      reverse=True)

    def document_label(self, document_id: str, lang: str) -> str:
        d = self.documents.get(document_id)
        if d is None:
            return ""
        return d.title if d.period in d.title else f"{d.title} ({d.period})"

    # ----- wording -----

    def en(self, word: str, lang: str) -> str:
        """A Swedish term in English, when the glossary gives one."""
        if lang != "en":
            return word
        return self.english.get(text.fold(word), word)

    def area_label(self, area: Record, lang: str) -> str:
        names = [local(area.fields, "name", lang) or area.name]
        if lang == "sv":
            names += area.fields.get("variant_names", [])
        return say("area_label", lang, number=area.fields["number"], name=" / ".join(names))

    def areas_text(self, ids: list[str], lang: str) -> str:
        return messages.join([self.area_label(self.records[i], lang) for i in ids if i in self.records], lang)

    def period(self, p: Record, lang: str) -> str | None:
        f = p.fields
        start = messages.date(f["start"], lang) if f.get("start") else None
        end = messages.date(f["end"], lang) if f.get("end") else None
        years = f.get("duration_years")
        years_text = messages.NUMBER_WORDS[lang].get(years, str(years)) if years else None
        if start and end:
            return say("period_start_end", lang, start=start, end=end)
        if start and years_text:
            return say("period_start_years", lang, start=start, years=years_text)
        if end and years_text:
            return say("period_end_years", lang, end=end, years=years_text)
        if start:
            return say("period_start", lang, start=start)
        if end:
            return say("period_end", lang, end=end)
        return None


def _period_end(period: str) -> int:
    years = [int(y) for y in re.findall(r"\d{4}", period or "")]
    return max(years) if years else 0


def period_years(period: str) -> set[int]:
    """Every year a period such as "2010–2013" covers."""
    years = [int(y) for y in re.findall(r"\d{4}", period or "")]
    return set(range(min(years), max(years) + 1)) if years else set()


def local(fields: dict[str, Any], key: str, lang: str, default: Any = None) -> Any:
    """A field in the answer's language: `key_en` for English when the content gives it, else `key`."""
    if lang == "en" and fields.get(f"{key}_en"):
        return fields[f"{key}_en"]
    return fields.get(key, default)


def partners_text(f: dict[str, Any], lang: str) -> str | None:
    """"48 partner runt hela Östersjön" / "about 70 organisations and authorities" / None."""
    partners = local(f, "partners", lang)
    if not isinstance(partners, int):
        return partners
    if lang == "en":
        return f"{partners} partners"
    note = str(f.get("partners_note") or "").strip()
    return f"{partners} partner" + (_joined(note) if note else "")


# a note starting with "bl.a." adds examples after a comma; one starting with a preposition continues
# the phrase ("48 partner runt hela Östersjön"), one starting with a dash or a bracket brings its own
# punctuation; any other note says who they are, after a colon
_EXAMPLES = ("bl.a.", "bl. a.", "bland annat", "t.ex.", "t. ex.", "exempelvis", "däribland", "varav", "främst")
_CONTINUES = frozenset("av bland från för hos i inom kring längs med mellan omkring på runt över som".split())


def _joined(note: str) -> str:
    if note.lower().startswith(_EXAMPLES):
        return f", {note}"
    if not note[0].isalnum() or note.split(maxsplit=1)[0].lower() in _CONTINUES:
        return f" {note}"
    return f": {note}"


def date_key(e: Record) -> str:
    return e.fields.get("date", "")


def with_abbrev(o: Record) -> str:
    short = [a for a in o.aliases if a.isupper() and 2 <= len(a) <= 6]
    if short and short[0] not in o.name:
        return f"{o.name} ({short[0]})"
    return o.name
