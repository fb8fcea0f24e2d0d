"""The answer engine: question in, cited answer out. Knows nothing of Slack or the command line.

A question is read for its language and cue words (`intents`), the records it names are found
(`matcher`), and the first handler that recognises the question's kind answers it from the
records' fields. What no handler answers falls back to Swedish full-text search over the sections,
and when even that is unsure the answer says so (`found=False`) and offers the closest sections.
"""

from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass, field
from typing import Any, Callable

from . import intents, matcher, messages, text
from .content import Content, Record
from .index import Hit, IndexReader
from .messages import say

# Cues asking for one fact: when a handler could not give it, a summary of the record would not
# answer the question either.
UNSUMMARISED = ("when", "founded", "founders", "count", "budget", "population", "where", "decide", "start",
                "end", "period", "funding", "host")
# Cues that only frame a question ("var ligger", "hur många", "vilka"): left out of full-text search.
FRAME_CUES = ("where", "when", "who", "count", "list", "what")
FAQ_MIN_OVERLAP = 0.6  # Dice overlap of terms needed to answer from an FAQ entry
FAQ_CLOSE_OVERLAP = 0.85  # … and to answer from it before any structured handler
MAX_QUESTION = 1000  # characters read of a question; the rest is ignored (and the user told)

# Which record a question is about when it names several: the more specific kinds first.
KIND_ORDER = ["project", "event", "partner_region", "office", "priority_area", "contact", "area",
              "organisation", "term", "faq"]

_SLACK_USER = re.compile(r"<[@#!][^>]*>")
_SLACK_LINK = re.compile(r"<(https?://[^>|]+)(?:\|([^>]+))?>")
_MARKUP = re.compile(r"[*_~`]+")


@dataclass(frozen=True)
class Source:
    """What an answer rests on: a section (id `doc#slug`) or a record (id `kind:id`)."""

    id: str
    title: str
    document: str
    url: str | None = None


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


def clean_question(raw: str) -> tuple[str, bool]:
    """Strip Slack markup and cap the length: (question, was_truncated)."""
    q = _SLACK_USER.sub(" ", raw)
    q = _SLACK_LINK.sub(lambda m: m.group(2) or m.group(1), q)
    q = _MARKUP.sub(" ", q)
    q = text.normalize_space(q.replace("\x00", " "))
    truncated = len(q) > MAX_QUESTION
    return q[:MAX_QUESTION], truncated


@dataclass
class _Ctx:
    """Everything the handlers know about one question."""

    question: str
    reading: intents.Reading
    matches: list[matcher.Match]
    entities: list[Record]
    explain: dict[str, Any]
    unknown: list[str] | None = None  # worked out once, on first need

    @property
    def lang(self) -> str:
        return self.reading.lang

    def first(self, *kinds: str) -> Record | None:
        for r in self.entities:
            if r.kind in kinds:
                return r
        return None

    def all(self, *kinds: str) -> list[Record]:
        return [r for r in self.entities if r.kind in kinds]


class Engine:
    """Answers questions from one opened index generation."""

    def __init__(self, reader: IndexReader) -> None:
        self.reader = reader
        self.content: Content = reader.content
        self.records = {r.id: r for r in self.content.records}
        self.sections = {s.id: (s, d) for d in self.content.documents for s in d.sections}
        self.lexicon = matcher.Lexicon(list(self._names()))
        self._terms_cache: dict[str, frozenset[str]] = {}
        self.english = {text.fold(r.name): r.fields["en"] for r in self.of_kind("term") if r.fields.get("en")}
        faq = [(r, q) for r in self.of_kind("faq") for q in [r.name, *r.fields.get("alternatives", [])]]
        self._faq_records = [r for r, _ in faq]
        self._faq_terms = [set(reader.analysis.terms(q)) for _, q in faq]
        # the words that make each wording what it is (no filler such as "nämns i strategin")
        self._faq_core = [set(reader.analysis.terms(" ".join(w for w in text.words(q) if w not in intents.FILLER)))
                          for _, q in faq]

    # ----- lookups -----

    def _names(self) -> Any:
        for r in self.content.records:
            if r.kind == "faq":
                continue
            target = r.fields.get("refers_to", r.id)
            for name in [r.name, *r.aliases]:
                yield target, name
            for key in ("full_name", "name_en"):
                if r.fields.get(key):
                    yield target, r.fields[key]
            for v in r.fields.get("variant_names", []):
                yield target, v

    def of_kind(self, kind: str) -> list[Record]:
        return [r for r in self.content.records if r.kind == kind]

    def section_source(self, section_id: str) -> Source | None:
        found = self.sections.get(section_id)
        if found is None:
            return None
        s, d = found
        return Source(s.id, s.title, d.title, d.url)

    def record_sources(self, *records: Record, sections: bool = True) -> list[Source]:
        out: list[Source] = []
        for r in records:
            if sections:
                for sid in r.sections[:1]:
                    src = self.section_source(sid)
                    if src is not None:
                        out.append(src)
        for r in records:
            first = self.section_source(r.sections[0]) if r.sections else None
            out.append(Source(f"{r.kind}:{r.id}", r.name, first.document if first else r.file, r.fields.get("url")))
        return _unique(out)

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

    # ----- answering -----

    def answer(self, raw: str, context: list[str] | None = None) -> Answer:
        """Answer one question; never raises for any input text.

        `context`: subjects of the previous answer in a conversation, used when the question names
        none itself ("Vem leder det?" after a question about Baltic Master II).
        """
        started = time.perf_counter()
        question, truncated = clean_question(raw or "")
        reading = intents.read(question)
        if not question:
            return Answer(raw or "", False, say("empty", "sv"), [], kind="empty")
        if not reading.words:
            return Answer(raw, False, say("no_words", reading.lang), [], reading.lang, kind="no_words")
        matches = self.lexicon.find(question)
        entities = self._entities(matches, reading)
        # a cue word inside a proper name ("Region" of Region Blekinge) asks nothing; glossary terms
        # are concepts, and keep theirs ("EU-kontaktpersoner")
        proper = {e.id for e in entities if e.kind != "term"}
        reading.without_words({i for m in matches if m.record_id in proper for i in range(m.start, m.end)})
        follow_up = not entities and bool(context)
        if follow_up:
            entities = [self.records[i] for i in context or [] if i in self.records]
        ctx = _Ctx(question, reading, matches, entities, {
            "language": reading.lang,
            "cues": sorted(reading.cues),
            "entities": [{"id": m.record_id, "words": m.alias, "score": round(m.score, 1), "exact": m.exact}
                         for m in matches],
        })
        result = None
        for handler in self._handlers():
            result = handler(ctx)
            if result is not None:
                ctx.explain["handler"] = handler.__name__.lstrip("_")
                break
        if result is None:
            result = self._fallback(ctx)
            ctx.explain["handler"] = "fallback"
        result.question = raw
        result.lang = reading.lang
        result.subjects = [e.id for e in entities]
        if follow_up:
            ctx.explain["context"] = result.subjects
        if truncated:
            result.answer = f"{result.answer}\n\n{say('truncated', reading.lang)}"
        ctx.explain["ms"] = round((time.perf_counter() - started) * 1000, 2)
        result.explain = ctx.explain
        return result

    def _handlers(self) -> list[Callable[[_Ctx], Answer | None]]:
        return [self._contact, self._faq_close, self._list_projects, self._dates, self._members,
                self._attribute, self._lists, self._faq, self._summary]

    def _entities(self, matches: list[matcher.Match], reading: intents.Reading) -> list[Record]:
        found: list[Record] = []
        for m in matches:
            r = self.records.get(m.record_id)
            if r is None or r in found:
                continue
            # a name that is only a cue word ("projekt", "insatsområde") is not a subject
            if r.kind == "term" and all(i in reading.cue_words for i in range(m.start, m.end)):
                continue
            found.append(r)
        found.sort(key=lambda r: (r.fields.get("relation") == "self",
                                  KIND_ORDER.index(r.kind) if r.kind in KIND_ORDER else 99))
        return found

    def _found(self, ctx: _Ctx, kind: str, answer: str, sources: list[Source]) -> Answer:
        return Answer(ctx.question, True, answer, sources, ctx.lang, kind)

    def _missing(self, ctx: _Ctx, kind: str, answer: str, sources: list[Source]) -> Answer:
        """The content names the thing but does not give the fact asked for."""
        return Answer(ctx.question, False, answer, sources, ctx.lang, kind)

    # ----- handlers, in order -----

    def _contact(self, ctx: _Ctx) -> Answer | None:
        r = ctx.reading
        contact = ctx.first("contact")
        if contact is None:
            org = ctx.first("organisation")
            contact = next((c for c in self.of_kind("contact") if org and c.fields.get("org") == org.id), None)
        if contact is not None and not r.has("contact", "reach"):
            return None
        if contact is None and (not r.has("contact") or ctx.entities and not ctx.first("term")
                                or not r.has("who", "list", "reach") or r.has("tasks", "purpose")):
            return None
        if contact is not None:
            return self._found(ctx, "contact", self._contact_text(contact, ctx.lang),
                               self.record_sources(contact))
        contacts = self.of_kind("contact")
        if not contacts:
            return None
        named = [c for c in contacts if c.fields.get("name")]
        if not named:
            return self._found(ctx, "contact", say("contacts_none", ctx.lang), self.record_sources(*contacts))
        lines = [say("contacts_head", ctx.lang)] + [f"• {self._contact_text(c, ctx.lang)}" for c in named]
        return self._found(ctx, "contact", "\n".join(lines), self.record_sources(*named))

    def _contact_text(self, c: Record, lang: str) -> str:
        f = c.fields
        if not f.get("name"):
            return say("contact_missing", lang, org=c.name)
        details = [f["name"]] + [f[k] for k in ("title", "email", "phone") if f.get(k)]
        return say("contact_found", lang, org=c.name, person=", ".join(details))

    def _faq_close(self, ctx: _Ctx) -> Answer | None:
        """An FAQ entry worded almost like the question wins over every other handler."""
        return self._faq(ctx, FAQ_CLOSE_OVERLAP)

    def _faq(self, ctx: _Ctx, threshold: float = 0.0) -> Answer | None:
        """The FAQ entry worded most like the question (Dice overlap of terms), if close enough."""
        threshold = threshold or FAQ_MIN_OVERLAP
        terms = set(self.reader.analysis.terms(ctx.question))
        if not self._faq_terms or len(terms) < 2:
            return None
        scores = [2 * len(terms & t) / (len(terms) + len(t)) for t in self._faq_terms]
        ranked = sorted(range(len(scores)), key=lambda i: -scores[i])
        ctx.explain["faq"] = {"id": self._faq_records[ranked[0]].id, "score": round(scores[ranked[0]], 2)}
        for i in ranked:
            if scores[i] < threshold:
                return None
            if threshold >= FAQ_CLOSE_OVERLAP or self._loose_faq_fits(ctx, terms, i):
                r = self._faq_records[i]
                return self._found(ctx, "faq", local(r.fields, "answer", ctx.lang), self.record_sources(r))
        return None

    def _loose_faq_fits(self, ctx: _Ctx, terms: set[str], i: int) -> bool:
        """A looser match needs three shared terms, or every core term of the wording, and no word
        the content does not know."""
        core = self._faq_core[i]
        shared = len(terms & self._faq_terms[i]) >= 3 or (len(core) >= 2 and core <= terms)
        return shared and not self._unknown_words(ctx)

    def _list_projects(self, ctx: _Ctx) -> Answer | None:
        r = ctx.reading
        if not r.has("projects") or ctx.first("project", "event", "partner_region"):
            return None
        if not (r.has("list", "count", "who") or ctx.first("area") or r.words[0] in ("projekt", "projects")):
            return None
        projects = self.of_kind("project")
        lang = ctx.lang
        areas = ctx.all("area")
        countries = [t for t in ctx.all("term") if t.id.startswith("land-")]
        orgs = [o for o in ctx.all("organisation") if o.fields["relation"] != "self"]
        role = self._role_asked(ctx)
        if areas:
            lines: list[str] = []
            sources: list[Source] = []
            for area in areas:
                chosen = [p for p in projects if area.id in p.fields.get("areas", [])]
                label = self.area_label(area, lang)
                if not chosen:
                    lines.append(say("projects_none_in_area", lang, area=label))
                    context = self._about("utvecklingsprojekt insatsområden")
                    if context is not None:
                        lines.append(self._excerpt(context, "utvecklingsprojekt insatsområde", limit=300))
                        sources.append(Source(context.id, context.title, context.document))
                    continue
                lines.append(say("projects_in_area", lang, area=label))
                lines += [f"• {self._project_line(p, lang)}" for p in chosen]
                sources += self.record_sources(*chosen)
            return self._found(ctx, "list_projects", "\n".join(lines), _unique(sources))
        if role:
            chosen = [p for p in projects if p.fields.get("role") == role]
            label = messages.ROLES[role][lang]
            leads = [p for p in projects if p.fields.get("role") == "lead_partner"]
            if not chosen and role == "owner" and leads:
                lines = [say("projects_owner_as_lead", lang)] + [f"• {self._project_line(p, lang)}" for p in leads]
                return self._found(ctx, "list_projects", "\n".join(lines), self.record_sources(*leads))
            if not chosen:
                context = self._about("projektägare partner utvecklingsprojekt")
                return self._missing(ctx, "list_projects", say("projects_role_none", lang, role=label),
                                     [Source(context.id, context.title, context.document)] if context else [])
            head = say("projects_role", lang, role=label)
        elif r.has("flagship"):
            chosen = [p for p in projects if p.fields.get("flagship")]
            head = say("projects_flagship", lang)
        elif countries:
            land = countries[0]
            chosen = [p for p in projects if land.name in p.fields.get("countries", [])]
            head = say("projects_country", lang, country=self.en(land.name, lang))
        elif orgs:
            org = orgs[0]
            chosen = [p for p in projects if org.id in (p.fields.get("lead"), p.fields.get("owner"))
                      or text.fold(org.name) in text.fold(p.fields.get("purpose", ""))]
            head = say("projects_org", lang, org=org.name)
        else:
            chosen = projects
            head = say("projects_all", lang, n=len(projects))
        if not chosen:
            return None
        lines = [head] + [f"• {self._project_line(p, lang)}" for p in chosen]
        return self._found(ctx, "list_projects", "\n".join(lines), self.record_sources(*chosen))

    def _role_asked(self, ctx: _Ctx) -> str | None:
        ws = " ".join(ctx.reading.words)
        if "associer" in ws or "associated" in ws:
            return "associated_partner"
        if ctx.reading.has("lead"):
            return "lead_partner"
        if ctx.reading.has("owner"):
            return "owner"
        return None

    def _project_line(self, p: Record, lang: str) -> str:
        f = p.fields
        details = []
        if f.get("role"):
            details.append(say("line_role", lang, role=messages.ROLES[f["role"]][lang]))
        if f.get("owner") and f["owner"] in self.records:
            details.append(say("line_owner", lang, owner=self.records[f["owner"]].name))
        if not details:
            return p.name
        return say("project_line", lang, name=p.name, detail="; ".join(details))

    def _about(self, words: str) -> Hit | None:
        """The section that best covers `words`, for the context of an empty list."""
        hits = self.reader.search(words, limit=1, kinds=("section",))
        return hits[0] if hits else None

    def _dates(self, ctx: _Ctx) -> Answer | None:
        r = ctx.reading
        wants_date = r.has("when") or (r.has("founded") and not r.has("who"))
        if not (wants_date or r.has("timeline")):
            return None
        lang = ctx.lang
        events = self.of_kind("event")
        subject = ctx.entities[0] if ctx.entities else None
        chosen: list[Record] = []
        if subject is not None and subject.kind == "event":
            chosen = ctx.all("event")
        elif subject is not None and subject.kind == "organisation":
            chosen = [e for e in events if e.fields.get("body") == subject.id]
            if not chosen and subject.fields["relation"] != "self":
                return self._missing(ctx, "dates", say("no_dates", lang, name=subject.name),
                                     self.record_sources(subject))
        elif subject is not None and subject.kind == "term" and subject.fields.get("related"):
            chosen = [self.records[i] for i in subject.fields["related"] if self.records[i].kind == "event"]
        elif subject is not None and subject.kind == "project":
            period = self.period(subject, lang)
            if period is None:
                return self._missing(ctx, "dates", say("project_period_missing", lang, name=subject.name),
                                     self.record_sources(subject))
            return self._found(ctx, "dates", say("project_period", lang, name=subject.name, period=period),
                               self.record_sources(subject))
        elif subject is not None and subject.kind == "office" and subject.fields.get("founded"):
            founded = local(subject.fields, "founded", lang)
            return self._found(ctx, "dates", say("founded", lang, name=subject.name, founded=founded),
                               self.record_sources(subject))
        if not chosen and (subject is None or subject.fields.get("relation") == "self"):
            return self._timeline(ctx, events)
        if not chosen:
            return None
        chosen = sorted(chosen, key=_date_key)
        bodies = {e.fields.get("body") for e in chosen}
        if len(bodies) == 1 and None not in bodies:
            body = self.records[chosen[0].fields["body"]]
            body_name = body.fields.get("name_en", body.name) if lang == "en" else body.name
            if lang == "en":
                body_name = f"{body_name[:1].upper()}{body_name[1:]} ({body.name})"
            dates = messages.join([messages.date(e.fields["date"], lang) for e in chosen], lang)
            answer = say("body_dates", lang, body=body_name, dates=dates)
        else:
            answer = "\n".join(self._event_line(e, lang) for e in chosen)
        return self._found(ctx, "dates", answer, self.record_sources(*chosen))

    def _timeline(self, ctx: _Ctx, events: list[Record]) -> Answer | None:
        """A date question about no particular body or event: the decisions, or the whole timeline."""
        r, lang = ctx.reading, ctx.lang
        if r.has("decide"):
            chosen, head = [e for e in events if e.fields.get("body")], say("decisions_head", lang)
        elif r.has("timeline") or (r.has("when") and "strategi" in " ".join(r.words)):
            chosen, head = events, say("timeline_head", lang)
        else:
            return None
        if not chosen:
            return None
        lines = [head] + [f"• {self._event_line(e, lang)}" for e in sorted(chosen, key=_date_key)]
        return self._found(ctx, "dates", "\n".join(lines), self.record_sources(*chosen))

    def _event_line(self, e: Record, lang: str) -> str:
        name = local(e.fields, "event", lang)
        if lang == "en" and e.fields.get("event_en"):
            name = f"{name} ({e.fields['event']})"
        return say("event_date", lang, event=name, date=messages.date(e.fields["date"], lang))

    def _members(self, ctx: _Ctx) -> Answer | None:
        r = ctx.reading
        subjects = [e for e in ctx.entities if not (e.kind == "organisation" and e.fields["relation"] == "self")]
        if not r.has("members", "follows", "networks") or subjects:
            return None
        if not r.has("list", "who", "count") and not r.has("members", "follows"):
            return None
        lang = ctx.lang
        orgs = self.of_kind("organisation")
        members = [o for o in orgs if o.fields["relation"] == "member"]
        follows = [o for o in orgs if o.fields["relation"] == "follows"]
        lines: list[str] = []
        if r.has("follows") and not r.has("members"):
            lines.append(say("follows_only_head", lang))
            lines += [f"• {_with_abbrev(o)}" for o in follows]
            chosen = follows
        else:
            lines.append(say("members_head", lang))
            lines += [f"• {_with_abbrev(o)}" for o in members]
            chosen = members
            if follows:
                lines.append(say("follows_head", lang))
                lines += [f"• {_with_abbrev(o)}" for o in follows]
                chosen = members + follows
        if not chosen:
            return None
        return self._found(ctx, "members", "\n".join(lines), self.record_sources(*chosen))

    def _attribute(self, ctx: _Ctx) -> Answer | None:
        subject = ctx.entities[0] if ctx.entities else None
        if subject is None:
            return None
        handler = {
            "project": self._project_attribute,
            "partner_region": self._region_attribute,
            "priority_area": self._priority_area_attribute,
            "office": self._office_attribute,
            "organisation": self._organisation_attribute,
            "area": self._area_attribute,
        }.get(subject.kind)
        return handler(ctx, subject) if handler else None

    def _project_attribute(self, ctx: _Ctx, p: Record) -> Answer | None:
        r, lang, f, name = ctx.reading, ctx.lang, p.fields, p.name
        src = self.record_sources(p)
        if r.has("countries"):
            countries = f.get("countries")
            if not countries:
                if f.get("geography"):
                    return self._found(ctx, "project_countries", f["geography"], src)
                if f.get("partners_note") and f.get("partners") is not None and lang == "sv":
                    where = say("project_partners", lang, name=name, partners=partners_text(f, lang))
                    return self._found(ctx, "project_countries",
                                       f"{say('project_countries_missing', lang, name=name)} {where}", src)
                return self._missing(ctx, "project_countries", say("project_countries_missing", lang, name=name), src)
            text_ = say("project_countries", lang, name=name,
                        countries=messages.join([self.en(c, lang) for c in countries], lang))
            if f.get("countries_note") and lang == "sv":
                text_ += f" {f['countries_note']}"
            return self._found(ctx, "project_countries", text_, src)
        if r.has("count") and r.has("partners") or (r.has("partners") and r.has("count", "list") and not r.has("who")):
            partners = partners_text(f, lang)
            if partners is None:
                return self._missing(ctx, "project_partners", say("project_partners_missing", lang, name=name), src)
            return self._found(ctx, "project_partners", say("project_partners", lang, name=name, partners=partners), src)
        if r.has("budget"):
            if not f.get("budget"):
                return self._missing(ctx, "project_budget", say("project_budget_missing", lang, name=name), src)
            budget = local(f, "budget", lang)
            return self._found(ctx, "project_budget", say("project_budget", lang, name=name, budget=budget), src)
        if r.has("funding"):
            if not f.get("funding"):
                return self._missing(ctx, "project_funding", say("project_funding_missing", lang, name=name), src)
            return self._found(ctx, "project_funding", say("project_funding", lang, name=name, funding=f["funding"]), src)
        if r.has("flagship"):
            if f.get("flagship"):
                note = f.get("flagship_note") or ""
                return self._found(ctx, "project_flagship", say("project_flagship", lang, note=note, name=name), src)
            return self._missing(ctx, "project_flagship", say("project_not_flagship", lang, name=name), src)
        if r.has("period", "start", "end") or (r.has("when")):
            period = self.period(p, lang)
            if period is None:
                return self._missing(ctx, "project_period", say("project_period_missing", lang, name=name), src)
            return self._found(ctx, "project_period", say("project_period", lang, name=name, period=period), src)
        if r.has("lead", "owner", "role", "who"):
            return self._project_people(ctx, p, src)
        if r.has("areas") and not r.has("purpose"):
            return self._found(ctx, "project_areas",
                               say("project_areas", lang, name=name, areas=self.areas_text(f["areas"], lang)), src)
        if r.has("full_name") and f.get("full_name"):
            return self._found(ctx, "project_full_name", say("project_full_name", lang, full_name=f["full_name"]), src)
        if r.has("purpose"):
            return self._found(ctx, "project_purpose", say("project_purpose", lang, name=name, purpose=f["purpose"]), src)
        return None

    def _project_people(self, ctx: _Ctx, p: Record, src: list[Source]) -> Answer:
        lang, f, name = ctx.lang, p.fields, p.name
        role_asked = self._role_asked(ctx)
        parts: list[str] = []
        if f.get("owner"):
            parts.append(say("project_owner", lang, owner=self.records[f["owner"]].name, name=name))
        if f.get("role"):
            parts.append(say("project_role", lang, role=messages.ROLES[f["role"]][lang], name=name))
        elif f.get("lead"):
            parts.append(say("project_lead", lang, name=name, lead=self.records[f["lead"]].name))
        if f.get("lead") and f.get("role") != "lead_partner" and f["lead"] != "region-blekinge":
            parts.append(say("project_lead", lang, name=name, lead=self.records[f["lead"]].name))
        if not parts:
            key = "project_role_missing" if role_asked in (None, "associated_partner") else "project_lead_missing"
            return self._missing(ctx, "project_role", say(key, lang, name=name), src)
        if role_asked == "lead_partner" and not f.get("lead") and not f.get("owner") and f.get("role") != "lead_partner":
            # who leads it is not stated; say so, with what is known
            return self._missing(ctx, "project_role", " ".join([say("project_lead_missing", lang, name=name), *parts]),
                                 src)
        return self._found(ctx, "project_role", " ".join(parts), src)

    def _region_attribute(self, ctx: _Ctx, reg: Record) -> Answer | None:
        r, lang, f = ctx.reading, ctx.lang, reg.fields
        src = self.record_sources(reg)
        if r.has("population") or (r.has("count") and not r.has("projects")):
            pop = local(f, "population", lang)
            if not pop:
                return self._missing(ctx, "region_population", say("region_population_missing", lang, name=reg.name), src)
            return self._found(ctx, "region_population", say("region_population", lang, name=reg.name, population=pop), src)
        if r.has("countries", "where"):
            return self._found(ctx, "region_country",
                               say("region_country", lang, name=reg.name, country=self.en(f["country"], lang)), src)
        return None

    def _priority_area_attribute(self, ctx: _Ctx, pa: Record) -> Answer | None:
        r, lang, f = ctx.reading, ctx.lang, pa.fields
        name = local(f, "name", lang) or pa.name
        if r.has("areas") and not (r.has("countries") or r.has("purpose") and not r.has("list")):
            return self._pa_areas(ctx, pa, name)
        if r.has("countries", "regions"):
            places = [self.en(c, lang) for c in f.get("countries", [])] + f.get("regions", [])
            if not places:
                return None
            return self._found(ctx, "pa_countries", say("pa_countries", lang, name=name, countries=messages.join(places, lang)),
                               self.record_sources(pa))
        if r.has("purpose"):
            return self._found(ctx, "pa_purpose", say("pa_purpose", lang, name=name, purpose=f["purpose"]),
                               self.record_sources(pa))
        return None

    def _pa_areas(self, ctx: _Ctx, pa: Record, name: str) -> Answer:
        lang, f = ctx.lang, pa.fields
        text_areas, table_areas = f["areas"], f.get("areas_table") or f["areas"]
        sources = self.record_sources(pa)
        if f.get("table_section"):
            table = self.section_source(pa.sections[1]) if len(pa.sections) > 1 else None
            if table is not None:
                sources = _unique([sources[0], table] + sources[1:])
        if set(text_areas) == set(table_areas):
            answer = say("pa_areas_same", lang, name=name, areas=self.areas_text(text_areas, lang))
        else:
            section = self.section_source(pa.sections[0])
            answer = say("pa_areas_differ", lang, name=name, section=section.title if section else pa.name,
                         text_areas=self.areas_text(text_areas, lang), table_areas=self.areas_text(table_areas, lang))
        return self._found(ctx, "pa_areas", answer, sources)

    def _office_attribute(self, ctx: _Ctx, o: Record) -> Answer | None:
        r, lang, f = ctx.reading, ctx.lang, o.fields
        src = self.record_sources(o)
        if r.has("host") and f.get("host"):
            return self._found(ctx, "office_host", say("office_host", lang, host=f["host"], name=o.name), src)
        if (r.has("founders") or (r.has("who") and r.has("founded"))) and f.get("founders"):
            founded = local(f, "founded", lang, "")
            return self._found(ctx, "office_founders", say("office_founders", lang, name=o.name, founded=founded,
                                                           founders=messages.join(f["founders"], lang)), src)
        if r.has("where") and f.get("location"):
            return self._found(ctx, "office_location", say("office_location", lang, name=o.name, location=f["location"]), src)
        if r.has("tasks", "purpose") and f.get("tasks"):
            lines = [say("office_tasks", lang, name=o.name)] + [f"• {t}" for t in f["tasks"]]
            return self._found(ctx, "office_tasks", "\n".join(lines), src)
        return None

    def _organisation_attribute(self, ctx: _Ctx, o: Record) -> Answer | None:
        r, lang = ctx.reading, ctx.lang
        relation = o.fields["relation"]
        if relation == "self":
            return None
        if r.has("members", "follows") and relation in messages.RELATIONS:
            return self._found(ctx, "organisation_relation", messages.RELATIONS[relation][lang].format(name=o.name),
                               self.record_sources(o))
        if r.has("members") and relation not in messages.RELATIONS:
            return self._missing(ctx, "organisation_relation", say("not_member", lang, name=o.name), self.record_sources(o))
        if r.has("full_name") and o.fields.get("full_name"):
            return self._found(ctx, "organisation_name", f"{o.name}: {o.fields['full_name']}", self.record_sources(o))
        return None

    def _area_attribute(self, ctx: _Ctx, a: Record) -> Answer | None:
        r = ctx.reading
        if r.has("full_name", "what") or r.has("areas") and r.has("list"):
            return self._area_summary(ctx, a)
        return None

    def _area_summary(self, ctx: _Ctx, a: Record) -> Answer:
        lang = ctx.lang
        name = local(a.fields, "name", lang) or a.name
        lines = [say("area_name", lang, number=a.fields["number"], name=name)]
        if a.fields.get("variant_names") and lang == "sv":
            lines.append(say("area_variant", lang, variants=messages.join(a.fields["variant_names"], lang)))
        if a.fields.get("description"):
            lines.append(a.fields["description"])
        projects = [p for p in self.of_kind("project") if a.id in p.fields.get("areas", [])]
        if projects:
            lines.append(say("area_projects", lang, projects=messages.join([p.name for p in projects], lang)))
        else:
            lines.append(say("area_no_projects", lang))
        pas = [pa for pa in self.of_kind("priority_area") if a.id in pa.fields["areas"] or a.id in pa.fields.get("areas_table", [])]
        if pas:
            names = [pa.fields.get("name_en", pa.name) if lang == "en" else pa.name for pa in pas]
            lines.append(say("area_priority", lang, areas=messages.join(names, lang)))
        return self._found(ctx, "area", " ".join(lines), self.record_sources(a, *projects))

    def _lists(self, ctx: _Ctx) -> Answer | None:
        """List questions with no particular subject: all areas, all priority areas, all regions
        (of a country, when one is named)."""
        r, lang = ctx.reading, ctx.lang
        if any(not (e.kind == "organisation" and e.fields["relation"] == "self" or e.kind == "term")
               for e in ctx.entities):
            return None
        if not r.has("list", "count", "what"):
            return None
        ws = set(r.words)
        if r.has("areas") and ws & {"insatsomraden", "insatsomrade", "priority", "insatsomradena"}:
            areas = sorted(self.of_kind("area"), key=lambda a: a.fields["number"])
            if not areas:
                return None
            lines = [say("areas_all", lang)] + [
                f"• {a.fields['number']}. {a.fields.get('name_en') if lang == 'en' and a.fields.get('name_en') else a.name}"
                for a in areas]
            return self._found(ctx, "list_areas", "\n".join(lines), self.record_sources(*areas))
        if r.has("areas") and ws & {"samarbetsomraden", "geografiska", "geografiskt", "geographic", "geographical"} \
                or ws & {"samarbetsomraden", "samarbetsomradena"}:
            pas = self.of_kind("priority_area")
            if not pas:
                return None
            lines = [say("pa_list", lang)] + [f"• {pa.fields.get('name_en') if lang == 'en' else pa.name}" for pa in pas]
            return self._found(ctx, "list_priority_areas", "\n".join(lines), self.record_sources(*pas))
        if r.has("regions") and (r.has("list") or r.has("who")):
            regs = self.of_kind("partner_region")
            countries = {t.name for t in ctx.all("term") if t.id.startswith("land-")}
            if countries:
                regs = [g for g in regs if g.fields["country"] in countries]
            if not regs:
                return None
            lines = [say("regions_list", lang)] + [f"• {g.name} ({self.en(g.fields['country'], lang)})" for g in regs]
            return self._found(ctx, "list_regions", "\n".join(lines), self.record_sources(*regs))
        return None

    def _summary(self, ctx: _Ctx) -> Answer | None:
        """The question names a record but asks nothing more specific: describe the record."""
        if not ctx.entities or self._unknown_words(ctx) or ctx.reading.has(*UNSUMMARISED):
            return None
        subject = ctx.entities[0]
        lang = ctx.lang
        f = subject.fields
        src = self.record_sources(subject)
        if subject.kind == "area":
            return self._area_summary(ctx, subject)
        if subject.kind == "contact":
            return self._found(ctx, "contact", self._contact_text(subject, lang), src)
        if subject.kind == "event":
            return self._found(ctx, "event", self._event_line(subject, lang), src)
        if subject.kind == "project":
            return self._found(ctx, "project", self._project_summary(subject, lang), src)
        if subject.kind == "priority_area":
            name = local(f, "name", lang) or subject.name
            parts = [say("pa_purpose", lang, name=name, purpose=f["purpose"])]
            places = [self.en(c, lang) for c in f.get("countries", [])] + f.get("regions", [])
            if places:
                parts.append(say("pa_countries", lang, name=name, countries=messages.join(places, lang)))
            parts.append(self._pa_areas(ctx, subject, name).answer)
            return self._found(ctx, "priority_area", " ".join(parts), src)
        if subject.kind == "partner_region":
            parts = [f"{subject.name} ({self.en(f['country'], lang)}): {f['description']}"]
            if f.get("population"):
                pop = local(f, "population", lang)
                parts.append(say("region_population", lang, name=subject.name, population=pop))
            return self._found(ctx, "partner_region", " ".join(parts), src)
        if subject.kind == "office":
            parts = [f"{subject.name}" + (f" ({f['full_name']})" if f.get("full_name") else "") + f": {f['description']}"]
            if f.get("tasks"):
                parts.append(say("office_tasks", lang, name=subject.name) + " " + messages.join(f["tasks"], lang) + ".")
            return self._found(ctx, "office", " ".join(parts), src)
        if subject.kind == "organisation":
            title = _with_abbrev(subject)
            parts = [f"{title}: {f['description']}"]
            relation = f["relation"]
            if relation in messages.RELATIONS and subject.name not in f["description"]:
                parts.append(messages.RELATIONS[relation][lang].format(name=subject.name))
            return self._found(ctx, "organisation", " ".join(parts), src)
        if subject.kind == "term":
            definition = local(f, "definition", lang)
            if definition:
                return self._found(ctx, "term", say("term_definition", lang, term=subject.name, definition=definition), src)
        return None

    def _project_summary(self, p: Record, lang: str) -> str:
        f = p.fields
        title = f.get("full_name") or p.name
        parts = [say("project_summary_head", lang, title=title, areas=self.areas_text(f.get("areas", []), lang))]
        parts.append(say("project_purpose", lang, name=p.name, purpose=f["purpose"]))
        if f.get("role"):
            parts.append(say("project_role", lang, role=messages.ROLES[f["role"]][lang], name=p.name))
        if f.get("owner"):
            parts.append(say("project_owner", lang, owner=self.records[f["owner"]].name, name=p.name))
        partners = partners_text(f, lang)
        if partners is not None:
            parts.append(say("project_partners", lang, name=p.name, partners=partners))
        period = self.period(p, lang)
        if period:
            parts.append(say("project_period", lang, name=p.name, period=period))
        if f.get("budget"):
            budget = local(f, "budget", lang)
            parts.append(say("project_budget", lang, name=p.name, budget=budget))
        if f.get("flagship") and f.get("flagship_note") and lang == "sv":
            parts.append(f["flagship_note"])
        return " ".join(parts)

    # ----- full-text fallback -----

    def _unknown_words(self, ctx: _Ctx) -> list[str]:
        """Content words of the question that neither the content nor the cue lexicon knows."""
        if ctx.unknown is not None:
            return ctx.unknown
        candidates = self._free_words(ctx)
        if not candidates:
            ctx.unknown = []
            return []
        known = self.reader.known_words(candidates)
        unknown = []
        for w in candidates:
            if w in known:
                continue
            fixed = self.reader.suggest(w) if len(w) >= 5 else None
            if fixed and matcher.similarity(fixed, w) >= 85:
                ctx.explain.setdefault("spelling", {})[w] = fixed
                continue
            unknown.append(w)
        ctx.explain["unknown_words"] = unknown
        ctx.unknown = unknown
        return unknown

    def _fallback(self, ctx: _Ctx) -> Answer:
        lang = ctx.lang
        unknown = self._unknown_words(ctx)
        frame = set().union(*(ctx.reading.cue_positions.get(c, set()) for c in FRAME_CUES))
        corrected = " ".join(ctx.explain.get("spelling", {}).get(w, w) for i, w in enumerate(ctx.reading.words)
                             if i not in frame)
        hits = self.reader.search(corrected, limit=5, kinds=("section",))
        ctx.explain["query_terms"] = self.reader.analysis.terms(corrected)
        ctx.explain["hits"] = [{"id": h.id, "score": round(h.score, 2)} for h in hits]
        significant = [w for i, w in enumerate(ctx.reading.words)
                       if w not in text.STOPWORDS and w not in intents.FILLER and not w.isdigit() and len(w) >= 3]
        suggestions = self._suggestions(ctx)
        if suggestions:
            options = messages.join([f"«{s}»" for s in suggestions], lang).replace(f" {messages.T['and'][lang]} ",
                                                                                   " eller " if lang == "sv" else " or ")
            return Answer(ctx.question, False, say("did_you_mean", lang, options=options),
                          [Source(h.id, h.title, h.document) for h in hits[:3]], lang, "did_you_mean", suggestions)
        sure = bool(hits) and bool(significant) and not unknown and hits[0].score >= 8.0
        if sure:
            # The answer must contain a word of the question itself, not only similar letters: the
            # best hit that does (and scores close to the best) answers, else nothing does.
            free = " ".join(self._free_words(ctx)) or corrected
            whole = {text.stem(w) for w in text.words(free)}  # the words as asked, compounds unsplit
            wanted = set(self.reader.analysis.terms(free))  # … and their parts
            close: list[tuple[int, int, Hit]] = []
            for rank, h in enumerate(hits[:3]):
                terms = self._section_terms(h)
                if h.score >= hits[0].score * 0.5 and wanted & terms:
                    close.append((-len(whole & terms), rank, h))
            sure = bool(close)
            if close:
                best = min(close, key=lambda c: c[:2])[2]
                hits = [best] + [h for h in hits if h is not best]
        if sure and ctx.entities and not self._free_words(ctx):
            # only a name was asked about: answer only from a section about that name
            about = [h for h in hits if any(h.id in e.sections[:1] or text.fold(e.name) in text.fold(h.title)
                                            for e in ctx.entities)]
            sure = bool(about)
            if about:
                hits = [about[0]] + [h for h in hits if h is not about[0]]
        if not sure:
            closest = [Source(h.id, h.title, h.document) for h in hits[:3]]
            key = "not_found_closest" if closest else "not_found"
            body = say(key, lang)
            if closest:
                body += "\n" + "\n".join(f"• {s.title}" for s in closest)
            return Answer(ctx.question, False, body, closest, lang, "not_found")
        top = hits[0]
        excerpt = self._excerpt(top, corrected)
        sources = [Source(top.id, top.title, top.document)] + [
            Source(h.id, h.title, h.document) for h in hits[1:3] if h.score >= top.score * 0.6]
        answer = f"{say('from_section', lang, title=top.title)}\n{excerpt}"
        return Answer(ctx.question, True, answer, _unique(sources), lang, "search")

    def _section_terms(self, hit: Hit) -> frozenset[str]:
        """The analysed terms of a section, analysed once per engine."""
        terms = self._terms_cache.get(hit.id)
        if terms is None:
            terms = self._terms_cache[hit.id] = frozenset(self.reader.analysis.terms(f"{hit.title}\n{hit.body}"))
        return terms

    def _free_words(self, ctx: _Ctx) -> list[str]:
        """Content words of the question that are neither cue words nor part of a name."""
        named = {i for m in ctx.matches for i in range(m.start, m.end)}
        return [w for i, w in enumerate(ctx.reading.words)
                if i not in named and i not in ctx.reading.cue_words and w not in text.STOPWORDS
                and w not in intents.FILLER and not w.isdigit() and len(w) >= 3]

    def _suggestions(self, ctx: _Ctx) -> list[str]:
        """Names to choose from when the question is about one word that several records share."""
        if ctx.entities:
            return []
        if not 1 <= len(self._free_words(ctx)) <= 2:
            return []
        shared = self.lexicon.records_sharing_word(ctx.question)
        for word, ids in shared.items():
            if word in intents.FILLER or any(word == w for i, w in enumerate(ctx.reading.words) if i in ctx.reading.cue_words):
                continue
            records = [self.records[i] for i in sorted(ids) if i in self.records and self.records[i].kind != "contact"]
            named = [r.name for r in records if word in text.words(r.name)]
            names = list(dict.fromkeys(named))
            if 2 <= len(names) <= 6:
                ctx.explain["ambiguous"] = next((w for w in re.findall(r"\w+", ctx.question)
                                                 if text.fold(w) == word), word)
                return names
        return []

    def _excerpt(self, hit: Hit, question: str, limit: int = 700) -> str:
        """The sentences of a section that share most terms with the question, in their order."""
        terms = set(self.reader.analysis.terms(question))
        sentences = [s.strip() for s in re.split(r"(?<=[.!?:])\s+|\n+", hit.body) if s.strip()]
        if not sentences:
            return hit.body[:limit]
        scored = [(len(terms & set(self.reader.analysis.terms(s))), i) for i, s in enumerate(sentences)]
        best = sorted(scored, key=lambda x: (-x[0], x[1]))
        chosen: list[int] = []
        size = 0
        for score, i in best:
            if score == 0 and chosen:
                break
            if size + len(sentences[i]) > limit and chosen:
                break
            chosen.append(i)
            size += len(sentences[i])
        return " ".join(sentences[i] for i in sorted(chosen))


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
    return f"{partners} partner" + (f" {f['partners_note']}" if f.get("partners_note") else "")


def _unique(sources: list[Source]) -> list[Source]:
    seen: set[str] = set()
    out = []
    for s in sources:
        if s.id not in seen:
            seen.add(s.id)
            out.append(s)
    return out


def _date_key(e: Record) -> str:
    return e.fields.get("date", "")


def _with_abbrev(o: Record) -> str:
    short = [a for a in o.aliases if a.isupper() and 2 <= len(a) <= 6]
    if short and short[0] not in o.name:
        return f"{o.name} ({short[0]})"
    return o.name
