"""The Whoosh index: build a generation, switch to it atomically, open it and search it.

Whoosh is imported here and nowhere else. Text is analysed by `bot.text` before it reaches Whoosh,
which only splits on spaces, so Whoosh's query parser never sees a user's words: `*`, `[a TO z]`,
`field:` and `^` are plain text.

Layout of an index folder:
    CURRENT          name of the serving generation (replaced atomically)
    PREVIOUS         name of the generation before it (kept for rollback)
    .lock            held while a build runs
    gen-…/           one generation: Whoosh segment files, model.json, passages.json,
                     vectors.npy + vectors.json (the semantic layer), latent.npz + latent.json (its
                     latent terms), spellings.json (how a word typed without å, ä, ö is
                     spelled, see `wordforms`), manifest.json

Segment files are read whole into memory when a generation is opened, never mapped: a segment
truncated under a running process would otherwise kill it with SIGBUS (Whoosh maps segments by
default). Each file's size and hash are recorded in the generation's manifest and checked when it
is opened; a damaged generation is never served.
"""

from __future__ import annotations

import array
import bisect
import hashlib
import json
import math
import os
import re
import shutil
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Callable

from whoosh import index as windex
from whoosh import query as wquery
from whoosh import scoring
from whoosh.analysis import SpaceSeparatedTokenizer
from whoosh.fields import ID, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.filedb.structfile import BufferFile

from . import embed, markdown, passages, text, timestamps, vectors, wordforms
from .content import Content, Record
from .errors import IndexDamagedError, IndexError_
from .lock import build_lock

FORMAT = 4  # bumped whenever what a generation holds changes: an older one is rebuilt
_SPACE = SpaceSeparatedTokenizer()

# Weights of the analysed fields in BM25F.
W_TITLE, W_BODY, W_GRAMS = 2.5, 1.0, 1.0
# A term in more than this share of the indexed units (and more than the floor) weighs almost nothing
# in BM25 but costs a posting per unit: a query skips it, which bounds its cost as the content grows.
# Small content (under the floors) is searched with every term; the rarest terms are always kept.
COMMON_STEM, COMMON_STEM_FLOOR = 0.10, 300
COMMON_GRAM, COMMON_GRAM_FLOOR = 0.01, 300
KEEP_RAREST = 2
COMPOUND_PART = 5  # letters a word needs to be looked for inside the content's compounds


def _schema() -> Schema:
    return Schema(
        id=ID(stored=True, unique=True),
        kind=ID(stored=True),
        title=STORED(),
        document=STORED(),
        body=STORED(),
        t_title=TEXT(analyzer=_SPACE, phrase=False),
        t_body=TEXT(analyzer=_SPACE, phrase=False),
        t_grams=TEXT(analyzer=_SPACE, phrase=False),
        words=TEXT(analyzer=_SPACE, phrase=False),
    )


@dataclass(frozen=True)
class Hit:
    """One search result."""

    id: str
    kind: str
    title: str
    document: str
    body: str
    score: float


@dataclass(frozen=True)
class Entry:
    """One thing to index: a section, a record or an FAQ entry."""

    id: str
    kind: str
    title: str
    document: str
    body: str


def entries(content: Content, cut: list[passages.Passage] | None = None) -> list[Entry]:
    """What the index holds for `content`: every section, passage, record and FAQ entry."""
    out: list[Entry] = []
    for doc in content.documents:
        for s in doc.sections:
            out.append(Entry(s.id, "section", s.title, doc.title, markdown.plain(s.body)))
    doc_titles = {d.id: d.title for d in content.documents}
    for p in passages.of_content(content) if cut is None else cut:
        body = f"{p.context}\n{p.text}" if p.context else p.text
        out.append(Entry(p.id, "passage", p.title, doc_titles.get(p.document, ""), body))
    titles = {s.id: d.title for d in content.documents for s in d.sections}
    for r in content.records:
        document = titles.get(r.sections[0], "") if r.sections else r.file
        out.append(Entry(f"{r.kind}:{r.id}", r.kind, r.name, document, record_text(r)))
    return out


def record_text(r: Record) -> str:
    """All the words of a record, for full-text search."""
    parts: list[str] = [r.name, *r.aliases]
    for key, value in r.fields.items():
        if key in ("id", "section", "mentioned_in", "table_section"):
            continue
        if isinstance(value, list):
            parts.extend(str(v) for v in value)
        elif isinstance(value, str):
            parts.append(value)
    return "\n".join(parts)


class Analysis:
    """The index's text analysis: the shared Swedish analysis plus the content's own vocabulary."""

    def __init__(self, vocab: set[str]) -> None:
        self.decompounder = text.Decompounder(vocab)

    def terms(self, value: str) -> list[str]:
        return text.analyze(value, self.decompounder)

    def gram_terms(self, value: str) -> list[str]:
        out: list[str] = []
        for w in text.words(value):
            if w not in text.STOPWORDS and not w.isdigit() and len(w) >= 4:
                out.extend(text.grams(w))
        return out


@dataclass
class BuildResult:
    """What a build made."""

    generation: str
    path: Path
    documents: int
    sections: int
    records: int
    seconds: float


def _doc_fields(e: Entry, analysis: Analysis) -> dict[str, Any]:
    return {
        "id": e.id,
        "kind": e.kind,
        "title": e.title,
        "document": e.document,
        "body": e.body,
        "t_title": " ".join(analysis.terms(e.title)),
        "t_body": " ".join(analysis.terms(e.body)),
        "t_grams": " ".join(analysis.gram_terms(e.title + "\n" + e.body)),
        "words": " ".join(w for w in text.words(e.title + "\n" + e.body) if not w.isdigit()),
    }


def build(content: Content, index_dir: Path | str, meta: dict[str, Any] | None = None,
          wait: float = 0.0, check: Callable[[IndexReader], None] | None = None,
          progress: Callable[[str, int, int], None] | None = None,
          unless: Callable[[], bool] | None = None) -> BuildResult | None:
    """Build a new generation from `content` and make it current; the old one keeps serving until then.

    `check`, if given, is called with the opened new generation before the switch and may raise
    to refuse it. `progress(stage, done, total)` is told how the build goes. `unless`, checked once
    the build lock is held, skips the build (returning None) when it says the work is done already.
    """
    report = progress or (lambda stage, done, total: None)
    index_dir = Path(index_dir)
    started = time.monotonic()
    with build_lock(index_dir, wait):
        if unless is not None and unless():
            return None
        _clean_debris(index_dir)
        name = f"gen-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}-{time.monotonic_ns() % 10**6:06d}"
        path = index_dir / name
        tmp = index_dir / f".building-{name}"
        tmp.mkdir(parents=True)
        try:
            cut = passages.of_content(content)
            all_entries = entries(content, cut)
            vocab = text.vocabulary([e.title + "\n" + e.body for e in all_entries])
            analysis = Analysis(vocab)
            ix = windex.create_in(str(tmp), _schema())
            writer = ix.writer()
            for n, e in enumerate(all_entries, 1):
                writer.add_document(**_doc_fields(e, analysis))
                if n % 200 == 0:
                    report("indexed", n, len(all_entries))
            report("indexed", len(all_entries), len(all_entries))
            writer.commit()
            report("committed", len(all_entries), len(all_entries))
            embedded = computed = 0
            previous = _read_pointer(index_dir / "CURRENT")
            keys, texts = [p.key for p in cut], [p.embed_text for p in cut]
            if embed.enabled():
                reuse = [vectors.VectorStore.load(index_dir / previous)] if previous else []
                store, embedded = vectors.build(keys, texts, reuse, lambda done, total: report("embedded", done, total))
                store.save(tmp)
            if embed.latent_enabled():
                reuse_latent = [vectors.LatentStore.load(index_dir / previous)] if previous else []
                latent, computed = vectors.build_latent(keys, texts, reuse_latent,
                                                        lambda done, total: report("latent", done, total))
                latent.save(tmp)
            manifest = {
                "format": FORMAT,
                "generation": name,
                "built_at": timestamps.now(),
                "built_epoch": time.time(),
                "fingerprint": content.fingerprint,
                "documents": len(content.documents),
                "sections": sum(len(d.sections) for d in content.documents),
                "records": len(content.records),
                "passages": len(cut),
                "semantic": embed.NAME if embed.enabled() else None,
                "latent": embed.LATENT_NAME if embed.latent_enabled() else None,
                "embedded": embedded,
                "latent_computed": computed,
                **(meta or {}),
            }
            _write_json(tmp / "model.json", content.to_dict())
            _write_json(tmp / "vocab.json", sorted(vocab))
            _write_json(tmp / "passages.json", [asdict(p) for p in cut])
            _write_json(tmp / "spellings.json", wordforms.spellings(
                [p.embed_text for p in cut] + [n for r in content.records for n in (r.name, *r.aliases)]))
            manifest["index_files"] = _file_hashes(tmp)
            _write_json(tmp / "manifest.json", manifest)
            os.rename(tmp, path)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        if check is not None:
            try:
                check(IndexReader(index_dir, path))
            except BaseException:
                shutil.rmtree(path, ignore_errors=True)
                raise
        _switch(index_dir, name)
        return BuildResult(name, path, manifest["documents"], manifest["sections"], manifest["records"],
                           time.monotonic() - started)


def rollback(index_dir: Path | str) -> str:
    """Make the previous generation current again; returns its name."""
    index_dir = Path(index_dir)
    with build_lock(index_dir):
        prev = _read_pointer(index_dir / "PREVIOUS")
        if prev is None or not (index_dir / prev).is_dir():
            raise IndexError_("there is no previous index generation to roll back to")
        _switch(index_dir, prev)
        return prev


def _write_json(path: Path, data: Any) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, ensure_ascii=False)
        fh.flush()
        os.fsync(fh.fileno())


_GENERATION = re.compile(r"^gen-[A-Za-z0-9-]+$")


def _read_pointer(path: Path) -> str | None:
    """The generation name a pointer file holds; None when it is missing, unreadable or garbage
    (a build then simply writes it anew)."""
    try:
        value = path.read_bytes().decode("utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return value if _GENERATION.match(value) else None


def _file_hashes(path: Path) -> dict[str, dict[str, Any]]:
    """Size and SHA-256 of every file of a generation except its manifest."""
    out = {}
    for f in sorted(path.iterdir()):
        if f.is_file() and f.name not in ("manifest.json", ".retired"):
            out[f.name] = {"size": f.stat().st_size, "sha256": hashlib.sha256(f.read_bytes()).hexdigest()}
    return out


def damage(path: Path, quick: bool = False) -> str | None:
    """What is wrong with the files of the generation at `path`, or None when they are as built.

    `quick` compares sizes only (a few stats); otherwise every file's hash is checked too.
    Generations built before hashes were recorded cannot be checked and count as sound.
    """
    try:
        recorded = json.loads((path / "manifest.json").read_text(encoding="utf-8")).get("index_files")
    except (OSError, ValueError) as exc:
        return f"manifest.json is unreadable ({exc})"
    if not isinstance(recorded, dict):
        return None
    for name, want in recorded.items():
        f = path / name
        try:
            size = f.stat().st_size
            if size != want["size"]:
                return f"{name} has {size} bytes, {want['size']} when built"
            if not quick and hashlib.sha256(f.read_bytes()).hexdigest() != want["sha256"]:
                return f"{name} differs from the file built"
        except OSError as exc:
            return f"{name} cannot be read ({exc.strerror or exc})"
        except (KeyError, TypeError):
            return f"the manifest's entry for {name} is malformed"
    return None


def _write_pointer(path: Path, value: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(value + "\n", encoding="utf-8")
    os.replace(tmp, path)


def _switch(index_dir: Path, name: str) -> None:
    current = _read_pointer(index_dir / "CURRENT")
    # a damaged generation is not worth rolling back to: the previous one stays PREVIOUS
    if current and current != name and (index_dir / current).is_dir() and damage(index_dir / current, True) is None:
        _write_pointer(index_dir / "PREVIOUS", current)
    _write_pointer(index_dir / "CURRENT", name)
    _clean_debris(index_dir)


RETIRED_GRACE = 120.0  # seconds a retired generation stays on disk for questions still reading it


def _clean_debris(index_dir: Path, grace: float = RETIRED_GRACE) -> None:
    """Remove interrupted builds, and generations that are neither current nor previous (once they
    have been retired for `grace` seconds, so that questions in flight can finish on them)."""
    keep = {_read_pointer(index_dir / "CURRENT"), _read_pointer(index_dir / "PREVIOUS")}
    now = time.time()
    for p in index_dir.iterdir():
        if p.name.startswith(".building-"):
            shutil.rmtree(p, ignore_errors=True)
        elif p.name.startswith("gen-") and p.name not in keep:
            retired = p / ".retired"
            if not retired.exists():
                retired.touch()
            elif now - retired.stat().st_mtime >= grace:
                shutil.rmtree(p, ignore_errors=True)
        elif p.name.startswith(".") and p.name.endswith(".tmp"):
            p.unlink(missing_ok=True)


def current_generation(index_dir: Path | str) -> str | None:
    """Name of the serving generation, or None when there is no index."""
    index_dir = Path(index_dir)
    name = _read_pointer(index_dir / "CURRENT")
    if name and (index_dir / name / "manifest.json").is_file():
        return name
    return None


def previous_generation(index_dir: Path | str) -> str | None:
    """Name of the generation `--rollback` would return to, or None."""
    index_dir = Path(index_dir)
    name = _read_pointer(index_dir / "PREVIOUS")
    return name if name and (index_dir / name / "manifest.json").is_file() else None


def manifest(index_dir: Path | str) -> dict[str, Any] | None:
    """The serving generation's manifest, or None."""
    name = current_generation(index_dir)
    if name is None:
        return None
    return json.loads((Path(index_dir) / name / "manifest.json").read_text(encoding="utf-8"))


def _prefixed(ordered: list[str], prefix: str) -> list[str]:
    """The words of the sorted list `ordered` that start with `prefix`."""
    start = bisect.bisect_left(ordered, prefix)
    end = bisect.bisect_left(ordered, prefix + "\uffff")
    return ordered[start:end]


def open_current(index_dir: Path | str) -> IndexReader:
    """Open the serving generation; IndexError_ when there is none or it is unreadable."""
    index_dir = Path(index_dir)
    name = current_generation(index_dir)
    if name is None:
        raise IndexError_(f"no index in {index_dir}; run `strategibot index` to build it")
    return IndexReader(index_dir, index_dir / name)


def open_serving(index_dir: Path | str) -> tuple[IndexReader, str | None]:
    """Open the current generation, or the previous one when the current is damaged.

    Returns the reader and, when it had to fall back, what is wrong with the current generation.
    """
    index_dir = Path(index_dir)
    name = current_generation(index_dir)
    try:
        return open_current(index_dir), None
    except IndexDamagedError as exc:
        damaged = exc
    except IndexError_:
        if name is not None or not (index_dir / "CURRENT").exists():
            raise
        damaged = IndexDamagedError(f"{index_dir / 'CURRENT'} does not name a generation; run `strategibot index` "
                                    "to repair it")
    prev = _read_pointer(index_dir / "PREVIOUS")
    if prev is None or prev == name or not (index_dir / prev).is_dir():
        raise damaged
    try:
        return IndexReader(index_dir, index_dir / prev), str(damaged)
    except IndexError_:
        raise damaged from None


class _ReadWholeStorage(FileStorage):
    """A read-only Whoosh storage that reads each file whole, once, instead of mapping it."""

    supports_mmap = False

    def __init__(self, path: Path) -> None:
        super().__init__(str(path), supports_mmap=False, readonly=True)
        self._files: dict[str, bytes] = {}

    def open_file(self, name: str, **kwargs: Any) -> Any:
        data = self._files.get(name)
        if data is None:
            data = self._files[name] = Path(self._fpath(name)).read_bytes()
        return BufferFile(memoryview(data), name=name, **kwargs)


class _LengthCachedBM25F(scoring.BM25F):
    """BM25F as Whoosh scores it, with each unit's field length read from the index once: Whoosh
    reads it again for every posting it scores, most of a long question's search time."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._lengths: dict[tuple[int, str], array.array] = {}

    def scorer(self, searcher: Any, fieldname: str, text: str, qf: int = 1) -> Any:
        scorer = super().scorer(searcher, fieldname, text, qf)
        if isinstance(scorer, scoring.BM25FScorer):
            reader = searcher.reader()
            key = (id(reader), fieldname)
            lengths = self._lengths.get(key)
            if lengths is None:
                # one searcher per thread, each with its own reader: no two threads share a table
                lengths = self._lengths[key] = array.array("i", [-1]) * reader.doc_count_all()

            def length(docid: int) -> int:
                value = lengths[docid]
                if value < 0:
                    value = lengths[docid] = reader.doc_field_length(docid, fieldname, 1)
                return value

            scorer.dfl = length
        return scorer


class IndexReader:
    """One opened generation. Each thread gets its own Whoosh searcher."""

    def __init__(self, index_dir: Path, path: Path) -> None:
        self.index_dir = index_dir
        self.path = path
        self.generation = path.name
        problem = damage(path)
        if problem is not None:
            raise IndexDamagedError(f"the index generation {path.name} is damaged and unreadable: {problem}; "
                                    "run `strategibot index` to build a new one")
        try:
            self.manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
            self.content = Content.from_dict(json.loads((path / "model.json").read_text(encoding="utf-8")))
            vocab = set(json.loads((path / "vocab.json").read_text(encoding="utf-8")))
            self.passages = [passages.Passage(**p) for p in
                             json.loads((path / "passages.json").read_text(encoding="utf-8"))]
            spellings = path / "spellings.json"  # generations before it have none
            self.spellings: dict[str, str] = json.loads(spellings.read_text(encoding="utf-8")) \
                if spellings.is_file() else {}
            self._ix = _ReadWholeStorage(path).open_index()
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise IndexError_(f"the index generation {path} is unreadable ({exc}); rebuild it") from exc
        except Exception as exc:  # Whoosh raises its own errors for damaged segments
            raise IndexError_(f"the index generation {path} is damaged ({exc}); rebuild it") from exc
        self.analysis = Analysis(vocab)
        self.passage_by_id = {p.id: p for p in self.passages}
        self.passage_row = {p.id: i for i, p in enumerate(self.passages)}
        self.vectors = vectors.VectorStore.load(path) if embed.enabled() else None
        if self.vectors is not None and len(self.vectors) != len(self.passages):
            self.vectors = None
        self.latent = vectors.LatentStore.load(path) if embed.latent_enabled() else None
        if self.latent is not None and len(self.latent) != len(self.passages):
            self.latent = None
        self._local = threading.local()
        self._words_lock = threading.Lock()

    def damage(self, quick: bool = True) -> str | None:
        """What is wrong with this generation's files now (see `damage`), or None."""
        return damage(self.path, quick=quick)

    def _searcher(self) -> Any:
        s = getattr(self._local, "searcher", None)
        if s is None:
            s = self._ix.searcher(weighting=_LengthCachedBM25F(B=0.75, K1=1.2))
            self._local.searcher = s
        return s

    def doc_count(self) -> int:
        # the searcher's reader: asking the index itself opens a new reader every time
        return self._searcher().reader().doc_count()

    def search(self, question: str, limit: int = 5, kinds: tuple[str, ...] | None = None) -> list[Hit]:
        """BM25F search for the words of `question` (plain words, never query syntax)."""
        terms = self._rare_enough("t_body", list(dict.fromkeys(self.analysis.terms(question))), COMMON_STEM,
                                  COMMON_STEM_FLOOR)
        grams = self._rare_enough("t_grams", list(dict.fromkeys(self.analysis.gram_terms(question))), COMMON_GRAM,
                                  COMMON_GRAM_FLOOR)
        if not terms and not grams:
            return []
        clauses: list[Any] = []
        for t in dict.fromkeys(terms):
            clauses.append(wquery.Term("t_title", t, boost=W_TITLE))
            clauses.append(wquery.Term("t_body", t, boost=W_BODY))
        for g in dict.fromkeys(grams):
            clauses.append(wquery.Term("t_grams", g, boost=W_GRAMS))
        # The kind restriction is a filter, not a clause: a clause would add its own score.
        allowed = wquery.Or([wquery.Term("kind", k) for k in kinds]) if kinds else None
        results = self._searcher().search(wquery.Or(clauses), limit=limit, filter=allowed)
        return [Hit(r["id"], r["kind"], r["title"], r["document"], r["body"], float(r.score)) for r in results]

    def _rare_enough(self, field: str, terms: list[str], share: float, floor: int) -> list[str]:
        """`terms` without those in more than `share` of the units (and more than `floor`), keeping
        the rarest few whatever their frequency."""
        reader = self._searcher().reader()
        cut = max(floor, share * reader.doc_count())
        df = {t: reader.doc_frequency(field, t) for t in terms}
        rarest = set(sorted(terms, key=lambda t: df[t])[:KEEP_RAREST])
        return [t for t in terms if df[t] <= cut or t in rarest]

    def nearest_passages(self, question: str, k: int = 30) -> vectors.Nearest | None:
        """The passages nearest the question in meaning (rows in passage order); None without vectors."""
        if self.vectors is None or not len(self.vectors):
            return None
        return self.vectors.nearest(embed.query(question), k)

    def nearest_in_latent_terms(self, question: str, k: int = 30) -> vectors.Nearest | None:
        """The passages nearest the question in latent terms (rows in passage order); None without them."""
        if self.latent is None or not len(self.latent):
            return None
        return self.latent.nearest(*embed.latent_query(question), k)

    def rarity(self, terms: list[str]) -> float:
        """How rare the analysed `terms` are in the indexed text: the highest inverse document
        frequency among them (0 for none; a term found nowhere counts as found once)."""
        reader = self._searcher().reader()
        n = max(reader.doc_count(), 1)
        return max((math.log((n + 1) / (max(reader.doc_frequency("t_body", t), 1) + 0.5)) for t in terms), default=0.0)

    def known_words(self, words: list[str]) -> set[str]:
        """Which of the folded `words` occur anywhere in the indexed text."""
        reader = self._searcher().reader()
        return {w for w in words if reader.frequency("words", w) > 0
                or reader.frequency("t_body", text.stem(w)) > 0}

    def compounds_holding(self, word: str) -> list[str]:
        """Indexed words of which the folded `word` is the first or last part ("säkerhet" in
        "sjösäkerhet"): the content knows the word, inside its compounds."""
        if len(word) < COMPOUND_PART:
            return []
        forward, backward = self._words()
        ends = [v[::-1] for v in _prefixed(backward, word[::-1])]
        return sorted({v for v in _prefixed(forward, word) + ends if len(v) >= len(word) + 3})

    def words_beginning(self, word: str) -> list[str]:
        """Indexed words that the folded `word` begins, as an abbreviation does ("org": "organisationer")."""
        if len(word) < 3:
            return []
        return [v for v in _prefixed(self._words()[0], word) if len(v) >= len(word) + 3]

    def _words(self) -> tuple[list[str], list[str]]:
        """Every indexed word, sorted, and every one reversed, sorted: a prefix or suffix is a range."""
        found = getattr(self, "_all_words", None)
        if found is None:
            with self._words_lock:  # once per generation, by the first thread to need it
                found = getattr(self, "_all_words", None)
                if found is None:
                    words = [t.decode("utf-8") if isinstance(t, bytes) else t
                             for t in self._searcher().reader().lexicon("words")]
                    found = self._all_words = (sorted(words), sorted(w[::-1] for w in words))
        return found

    def suggest(self, word: str) -> str | None:
        """The indexed word closest to a misspelt `word` (Whoosh's corrector, unstemmed field)."""
        found = self._searcher().suggest("words", word, limit=1, maxdist=2, prefix=1)
        return found[0] if found else None

    def close(self) -> None:
        s = getattr(self._local, "searcher", None)
        if s is not None:
            s.close()
            self._local.searcher = None
