"""Loads and validates a content folder into the content model, reporting every problem."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from . import markdown, schema, yamlsource
from .errors import ContentError, Problem
from .markdown import Section

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_TRUE = {"true", "yes", "ja", "sant"}
_FALSE = {"false", "no", "nej", "falskt"}
# Largest content files read: YAML is hand-written (the shipped files are a few kB) and parsed slowly.
MAX_BYTES = {".yaml": 256 * 1024, ".yml": 256 * 1024, ".md": 16 * 1024 * 1024}


@dataclass
class Document:
    """A Markdown document with its front matter and sections."""

    id: str
    title: str
    organisation: str
    period: str
    source: str
    file: str
    url: str | None = None
    language: str = "sv"
    preamble: str = ""
    sections: list[Section] = field(default_factory=list)


@dataclass
class Record:
    """One structured record (project, organisation, …) from a YAML file."""

    kind: str
    id: str
    name: str
    aliases: list[str]
    fields: dict[str, Any]
    file: str
    line: int
    sections: list[str] = field(default_factory=list)  # section ids, the primary source first

    @property
    def names(self) -> list[str]:
        """Every name the record goes by: its name, aliases, full name and English name."""
        return [self.name, *self.aliases, *(self.fields[k] for k in ("full_name", "name_en") if self.fields.get(k))]

    @property
    def is_region(self) -> bool:
        """Whether this is the organisation the content is about (`relation: self`)."""
        return self.kind == "organisation" and self.fields.get("relation") == "self"


@dataclass
class Content:
    """The validated content: documents and records."""

    documents: list[Document]
    records: list[Record]
    fingerprint: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"documents": [asdict(d) for d in self.documents],
                "records": [asdict(r) for r in self.records],
                "fingerprint": self.fingerprint}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Content:
        docs = []
        for d in data["documents"]:
            d = dict(d)
            d["sections"] = [Section(**s) for s in d["sections"]]
            docs.append(Document(**d))
        return cls(docs, [Record(**r) for r in data["records"]], data.get("fingerprint", ""))


def content_files(root: Path) -> list[Path]:
    """The files of a content folder that the loader reads, sorted."""
    out = [p for p in root.glob("*.yaml") if p.is_file()]
    out += [p for p in root.glob("*.yml") if p.is_file()]
    docs = root / "documents"
    if docs.is_dir():
        out += [p for p in docs.glob("*.md") if p.is_file()]
    return sorted(out)


def fingerprint(root: Path) -> str:
    """A hash of every content file's name and bytes: equal hashes mean equal content."""
    h = hashlib.sha256()
    for p in content_files(root):
        h.update(str(p.relative_to(root)).encode())
        h.update(b"\0")
        h.update(p.read_bytes())
        h.update(b"\0")
    return h.hexdigest()[:16]


def load(root: Path | str) -> Content:
    """Load and validate a content folder; raises ContentError listing every problem."""
    content, problems = check(root)
    if problems:
        raise ContentError(problems)
    return content


def check(root: Path | str) -> tuple[Content, list[Problem]]:
    """Load a content folder, returning the content and every problem found (possibly none)."""
    root = Path(root)
    problems: list[Problem] = []
    if not root.is_dir():
        return Content([], []), [Problem(str(root), 1, "the content folder does not exist",
                                         "pass --content with the folder holding documents/ and *.yaml")]
    files = [p for p in content_files(root) if _inside(p, root, problems)]
    documents = [_load_document(p, root, problems) for p in files if p.suffix == ".md"]
    documents = [d for d in documents if d is not None]
    _check_unique_documents(documents, problems)
    sections = _SectionIndex(documents)
    raw: list[tuple[str, str, yamlsource.YMap]] = []
    for p in files:
        if p.suffix == ".md":
            continue
        rel = _rel(p, root)
        kind = schema.kind_of_file(p.name)
        if kind is None:
            known = ", ".join(sorted(schema.FILES))
            problems.append(Problem(rel, 1, f"unknown content file {p.name!r}",
                                    f"rename it to one of: {known} (or NAME-something.yaml for more of a kind)"))
            continue
        for item in _read_list(p, rel, problems):
            raw.append((kind, rel, item))
    records = _build_records(raw, sections, problems)
    if not documents and not records and not problems:
        problems.append(Problem(str(root), 1, "the content folder holds no documents and no records",
                                "add documents/*.md or one of the *.yaml files (see content/README.md)"))
    content = Content(documents, records, fingerprint(root))
    return content, sorted(set(problems))


def _rel(p: Path, root: Path) -> str:
    try:
        return str(p.relative_to(root.parent)) if root.parent != p else str(p)
    except ValueError:
        return str(p)


def _inside(p: Path, root: Path, problems: list[Problem]) -> bool:
    """False (and a problem) for a file that is a link to something outside the content folder."""
    if p.resolve().is_relative_to(root.resolve()):
        return True
    problems.append(Problem(_rel(p, root), 1, "the file is a link to a file outside the content folder",
                            "copy the file into the content folder instead of linking to it"))
    return False


def _read_text(p: Path, rel: str, problems: list[Problem]) -> str | None:
    limit = MAX_BYTES.get(p.suffix, MAX_BYTES[".md"])
    try:
        size = p.stat().st_size
        if size > limit:
            problems.append(Problem(rel, 1, f"the file is {size / 1024:,.0f} kB; a content {p.suffix} file may be at "
                                            f"most {limit // 1024:,} kB",
                                    "remove what does not belong in it; content files are hand-written"))
            return None
        data = p.read_bytes()
    except OSError as exc:
        problems.append(Problem(rel, 1, f"cannot read the file: {exc.strerror}", "check its permissions"))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(Problem(rel, line, "the file is not UTF-8 text", "save it as UTF-8"))
        return None
    return unicodedata.normalize("NFC", text.lstrip("\ufeff"))


def _load_document(p: Path, root: Path, problems: list[Problem]) -> Document | None:
    rel = _rel(p, root)
    text = _read_text(p, rel, problems)
    if text is None:
        return None
    meta, first_line, fm_problems = yamlsource.front_matter(text, rel)
    problems.extend(fm_problems)
    if meta is None and not fm_problems:
        problems.append(Problem(rel, 1, "the document has no front matter",
                                "start it with --- lines holding title:, organisation:, period:, source:"))
    values: dict[str, Any] = {}
    if meta is not None:
        for key, spec in schema.FRONT_MATTER.items():
            if key not in meta:
                if spec.required:
                    problems.append(Problem(rel, meta.line, f"front matter lacks {key!r}",
                                            f"add a line `{key}: …`"))
                continue
            values[key] = _convert(meta[key], spec, rel, meta.lines[key], key, problems)
        for key in meta:
            if key not in schema.FRONT_MATTER:
                problems.append(_unknown_field(rel, meta.lines[key], key, list(schema.FRONT_MATTER)))
    body = "\n".join(text.split("\n")[first_line - 1:])
    doc_id = p.stem
    preamble, sections = markdown.split_sections(body, doc_id, first_line)
    if not sections:
        problems.append(Problem(rel, first_line, "the document has no headings",
                                "give each section a heading line starting with #, ## or ###"))
    return Document(doc_id, values.get("title") or doc_id, values.get("organisation") or "",
                    values.get("period") or "", values.get("source") or "", rel, values.get("url"),
                    values.get("language") or "sv", preamble, sections)


def _check_unique_documents(documents: list[Document], problems: list[Problem]) -> None:
    seen: dict[str, str] = {}
    for d in documents:
        if d.id in seen:
            problems.append(Problem(d.file, 1, f"document id {d.id!r} is also {seen[d.id]}",
                                    "rename one of the files"))
        seen[d.id] = d.file


class _SectionIndex:
    """Resolves section references (heading text, optionally `document#heading`) to section ids."""

    def __init__(self, documents: list[Document]) -> None:
        self.by_title: dict[str, list[Section]] = {}
        self.by_id: dict[str, Section] = {}
        for d in documents:
            for s in d.sections:
                self.by_title.setdefault(_key(s.title), []).append(s)
                self.by_title.setdefault(_key(f"{d.id}#{s.title}"), []).append(s)
                self.by_id[s.id] = s

    def resolve(self, ref: str) -> tuple[Section | None, str]:
        if ref in self.by_id:
            return self.by_id[ref], ""
        found = self.by_title.get(_key(ref), [])
        if len(found) == 1:
            return found[0], ""
        if len(found) > 1:
            return None, "several documents have this heading; write it as document-id#Heading"
        titles = sorted({s.title for ss in self.by_title.values() for s in ss})
        near = _closest(ref, titles)
        hint = f"did you mean {near!r}?" if near else "use a heading from documents/*.md exactly"
        return None, hint


def _key(s: str) -> str:
    return " ".join(unicodedata.normalize("NFC", s).casefold().split())


def _closest(value: str, choices: list[str]) -> str | None:
    from . import matcher  # rapidfuzz lives in the matcher

    return matcher.closest(value, choices)


def _read_list(p: Path, rel: str, problems: list[Problem]) -> list[yamlsource.YMap]:
    text = _read_text(p, rel, problems)
    if text is None:
        return []
    value, yaml_problems = yamlsource.parse(text, rel)
    problems.extend(yaml_problems)
    if value is None:
        return []
    if not isinstance(value, yamlsource.YList):
        problems.append(Problem(rel, getattr(value, "line", 1), "the file must be a list of records",
                                "start each record with `- id: …`"))
        return []
    out = []
    for item, line in zip(value, value.lines):
        if isinstance(item, yamlsource.YMap):
            out.append(item)
        else:
            problems.append(Problem(rel, line, "a list item is not a record",
                                    "write each record as `- id: …` followed by indented fields"))
    return out


def _unknown_field(rel: str, line: int, key: str, known: list[str]) -> Problem:
    near = _closest(key, known)
    fix = f"did you mean {near!r}?" if near else "remove it, or see content/README.md for the fields"
    return Problem(rel, line, f"unknown field {key!r}", fix)


def _build_records(raw: list[tuple[str, str, yamlsource.YMap]], sections: _SectionIndex,
                   problems: list[Problem]) -> list[Record]:
    records: list[Record] = []
    refs: list[tuple[Record, str, str, Any, int]] = []  # record, field, type, value, line
    for kind, rel, item in raw:
        spec = schema.fields_of(kind)
        values: dict[str, Any] = {}
        for key in item:
            if key not in spec:
                problems.append(_unknown_field(rel, item.lines[key], key, list(spec)))
        for key, f in spec.items():
            if key not in item or item[key] is None or item[key] == "":
                if f.required:
                    hint = f.help or "add it (see content/README.md)"
                    problems.append(Problem(rel, item.line, f"{kind} record lacks required field {key!r}",
                                            f"add `{key}: …` — {hint}"))
                continue
            value = _convert(item[key], f, rel, item.lines[key], key, problems)
            if value is not None:
                values[key] = value
        if "id" not in values:
            continue
        name = values.get(schema.NAME_FIELD.get(kind, "name")) or values["id"]
        rec = Record(kind, values["id"], " ".join(str(name).split()), values.get("aliases", []), values,
                     rel, item.line)
        records.append(rec)
        for key, f in spec.items():
            if key in values and f.type.split(":")[0] in ("ref", "reflist", "section", "sectionlist"):
                refs.append((rec, key, f.type, values[key], item.lines[key]))
    _check_unique(records, problems)
    ids = {r.id: r for r in records}
    for rec, key, ftype, value, line in refs:
        base, _, target = ftype.partition(":")
        items = value if isinstance(value, list) else [value]
        if base in ("section", "sectionlist"):
            for ref in items:
                sec, hint = sections.resolve(ref)
                if sec is None:
                    problems.append(Problem(rec.file, line, f"{key}: no section {ref!r}", hint))
                elif sec.id not in rec.sections:
                    if key == "section":
                        rec.sections.insert(0, sec.id)
                    else:
                        rec.sections.append(sec.id)
            continue
        for ref in items:
            other = ids.get(ref)
            if other is None:
                near = _closest(ref, [r.id for r in records if target in ("*", r.kind)])
                fix = f"did you mean {near!r}?" if near else f"use the id of an existing {target} record"
                problems.append(Problem(rec.file, line, f"{key}: unknown {_kind_word(target)} {ref!r}", fix))
            elif target != "*" and other.kind != target:
                problems.append(Problem(rec.file, line, f"{key}: {ref!r} is a {other.kind}, not a {target}",
                                        f"use the id of a {target} record"))
    return records


def _kind_word(target: str) -> str:
    return {"area": "insatsområde", "*": "record"}.get(target, target)


def _check_unique(records: list[Record], problems: list[Problem]) -> None:
    seen: dict[str, Record] = {}
    for r in records:
        if r.id in seen:
            first = seen[r.id]
            problems.append(Problem(r.file, r.line, f"duplicate id {r.id!r} (also {first.file}:{first.line})",
                                    "give each record its own id"))
        else:
            seen[r.id] = r
    names: dict[str, Record] = {}
    for r in records:
        own: set[str] = set()
        for alias in [r.name, *r.aliases]:
            key = _key(alias)
            if key in own and alias in r.aliases:
                problems.append(Problem(r.file, r.line, f"alias {alias!r} is listed twice in {r.id!r}",
                                        "remove the repeated alias"))
                continue
            own.add(key)
            other = names.get(key)
            if other is not None and other is not r and not _allowed_shared(r, other):
                problems.append(Problem(r.file, r.line,
                                        f"alias {alias!r} of {r.id!r} is also a name of {other.id!r} "
                                        f"({other.file}:{other.line})",
                                        "remove it from one of them, or make it more specific"))
            names.setdefault(key, r)


def _allowed_shared(a: Record, b: Record) -> bool:
    """Records may share a name with the record they point at (term, event body, contact org)."""
    for x, y in ((a, b), (b, a)):
        if x.kind == "term" and (x.fields.get("refers_to") == y.id or y.id in x.fields.get("related", [])):
            return True
        if x.fields.get("body") == y.id or x.fields.get("org") == y.id:
            return True
    return a.kind == "faq" or b.kind == "faq"


def _convert(value: Any, f: schema.Field, rel: str, line: int, key: str, problems: list[Problem]) -> Any:
    base, _, arg = f.type.partition(":")

    def bad(what: str, fix: str) -> None:
        problems.append(Problem(rel, line, f"{key}: {what}", fix))

    if base in ("strlist", "reflist", "sectionlist"):
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            bad("expected a list", "write it as [a, b] or as lines starting with '- '")
            return None
        out = []
        for v in value:
            if not isinstance(v, str) or not v.strip():
                bad("every item must be plain text", "remove empty items and nested lists")
                return None
            out.append(" ".join(v.split()))
        return out
    if not isinstance(value, str):
        kind = "a list" if isinstance(value, list) else "a mapping"
        bad(f"expected text, got {kind}", "write a single value on the line; quote it if it contains ': '")
        return None
    value = value.strip()
    if base == "id":
        if not _ID.match(value):
            bad(f"{value!r} is not a valid id", "use lower-case letters a–z, digits and hyphens only")
            return None
        return value
    if base in ("str", "ref", "section"):
        return " ".join(value.split())
    if base == "text":
        return " ".join(value.split())
    if base == "int":
        if not value.isdigit():
            bad(f"{value!r} is not a whole number", "write digits only, e.g. 48")
            return None
        return int(value)
    if base == "int_or_str":
        return int(value) if value.isdigit() else " ".join(value.split())
    if base == "bool":
        if value.lower() in _TRUE:
            return True
        if value.lower() in _FALSE:
            return False
        bad(f"{value!r} is not true or false", "write true or false")
        return None
    if base == "date":
        return _date(value, bad)
    if base == "enum":
        choices = arg.split("|")
        if value not in choices:
            bad(f"{value!r} is not one of {', '.join(choices)}", f"use one of: {', '.join(choices)}")
            return None
        return value
    raise AssertionError(f"unknown field type {f.type}")


def _date(value: str, bad: Any) -> str | None:
    m = _DATE.match(value)
    if not m:
        bad(f"{value!r} is not a date", "write YYYY-MM-DD (or YYYY-MM, or YYYY), e.g. 2010-04-28")
        return None
    year, month, day = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    try:
        dt.date(year, month, day)
    except ValueError:
        bad(f"{value!r} is not a real date", "check the month (01–12) and the day of the month")
        return None
    return value

