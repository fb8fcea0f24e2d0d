"""Swedish text analysis shared by the index and the matcher: folding, tokens, stems, compounds.

Both sides of every comparison go through the same functions, so a user who types
"insatsomrade" meets the content's "insatsområde", and "strategi för Östersjön" meets
"Östersjöstrategin".
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from typing import Any

import snowballstemmer

_TOKEN = re.compile(r"\w+(?::\w+)?", re.UNICODE)
_GENITIVE = re.compile(r":(?:s|n|ns|en|ens|et|ets|ar|arna)$")

STOPWORDS_SV = frozenset(
    """
    alla allt att av blev bli blir blivit de dem den denna deras dess dessa det detta dig din dina
    ditt du där då efter ej eller en er era ert ett från för ha hade han hans har har henne hennes
    hon honom hur här i icke ingen inom inte jag ju kan kunde man med mellan men mig min mina mitt
    mot mycket ni nu när någon något några och om oss på samma sedan sig sin sina sitta själv skulle
    som så sådan sådana sådant till under upp ut utan vad var vara varför varit varje vars vart vem
    vi vid vilka vilkas vilken vilket vår våra vårt än är åt över finns ska skall få får gör göra
    också bl.a bl t.ex ex osv m.fl fl vill måste behöver kunna hos genom bland kring enligt samt via även
    redan dock annat
    """.split()
)
STOPWORDS_EN = frozenset(
    """
    a an and are as at be by can do does did for from has have how i in is it its of on or that the
    their there these they this to was what when where which who whom why will with you your does
    """.split()
)

def fold(text: str) -> str:
    """Lower-case and strip diacritics: "Östersjön" → "ostersjon", "Yc³" → "yc3"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


STOPWORDS = frozenset(fold(w) for w in STOPWORDS_SV | STOPWORDS_EN)


def words(text: str) -> list[str]:
    """Folded word tokens, numbers and one-character tokens kept; "EU:s" → "eu"."""
    out: list[str] = []
    for match in _TOKEN.finditer(fold(text)):
        token = _GENITIVE.sub("", match.group())
        for part in token.split("_"):
            if part:
                out.append(part)
    return out


_LOCAL = threading.local()


def _stemmer() -> Any:
    """This thread's Snowball stemmer: a stemmer object keeps state while it works, so threads
    must not share one."""
    s = getattr(_LOCAL, "stemmer", None)
    if s is None:
        s = _LOCAL.stemmer = snowballstemmer.stemmer("swedish")
    return s


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Stem a folded word with the Snowball Swedish stemmer, plus definite -n after a vowel."""
    if word.isdigit() or len(word) < 3:
        return word
    s = _stemmer().stemWord(word)
    # Folding turns "-åde" into "-ade", which Snowball strips as a verb ending ("område" → "omr")
    # while "områden" keeps it ("omrad"): strip it from the noun's inflections too.
    if len(s) >= 7 and s.endswith("ad") and word.endswith(("aden", "adet", "adena", "adens", "adets")):
        s = s[:-2]
    # Snowball leaves the definite -n of vowel-final nouns ("strategin", "sjon"); drop it.
    if len(s) > 5 and s[-1] == "n" and s[-2] in "aeiouy":
        s = s[:-1]
    return s


def grams(word: str, n: int = 4) -> list[str]:
    """Character n-grams of one folded word, with boundary marks."""
    padded = f"_{word}_"
    if len(padded) <= n:
        return [padded]
    return [padded[i : i + n] for i in range(len(padded) - n + 1)]


class Decompounder:
    """Splits Swedish compounds into parts that the content itself uses as words."""

    def __init__(self, vocabulary: set[str]) -> None:
        self.vocabulary = vocabulary

    def parts(self, word: str) -> list[str]:
        """Stems of the two parts of `word` when it is a compound of known words, else []."""
        if len(word) < 8 or word.isdigit():
            return []
        best: list[str] = []
        for i in range(4, len(word) - 3):
            left, right = word[:i], word[i:]
            left_stem = self._known(left) or (left.endswith("s") and self._known(left[:-1]))
            right_stem = self._known(right)
            if left_stem and right_stem:
                best = [left_stem, right_stem]
        return best

    def _known(self, part: str) -> str | None:
        if len(part) < 4:
            return None
        s = stem(part)
        if s in self.vocabulary or part in self.vocabulary:
            return s
        return None


def vocabulary(texts: list[str]) -> set[str]:
    """The stems and words the content uses, for the decompounder."""
    vocab: set[str] = set()
    for text in texts:
        for w in words(text):
            if w not in STOPWORDS and len(w) >= 4 and not w.isdigit():
                vocab.add(w)
                vocab.add(stem(w))
    return vocab


def analyze(text: str, decompounder: Decompounder | None = None) -> list[str]:
    """Index/query terms of `text`: stems of content words, plus the parts of compounds."""
    out: list[str] = []
    for w in words(text):
        if w in STOPWORDS:
            continue
        out.append(stem(w))
        if decompounder is not None:
            out.extend(decompounder.parts(w))
    return out


# a figure: digit groups of three after the first ("500 000", "4 200"), or plain digits, perhaps
# with decimals after a comma ("7,5"); not part of a word ("IO3", "EU2020")
_FIGURE = re.compile(r"(?<![\w,.])(\d{1,3}(?:[ \u00a0]\d{3})+|\d+)(,\d+)?(?!\w)")
_YEARLIKE = re.compile(r"(19|20)\d\d")


def figures(text: str) -> list[str]:
    """The figures of a text that are not years, their groups joined ("500 000" → "500000", "7,5"),
    leaving out single digits (an area's number, "3 projekt")."""
    out: list[str] = []
    for m in _FIGURE.finditer(text):
        whole = m.group(1).replace(" ", "").replace("\u00a0", "")
        if _YEARLIKE.fullmatch(whole) and not m.group(2) or len(whole) < 2 and not m.group(2):
            continue
        out.append(whole + (m.group(2) or ""))
    return out


_JOINED_FIGURE = re.compile(r"\d+(,\d+)?")


def is_figure(word: str) -> bool:
    """Whether a word is a figure as `figures` gives it ("500000", "7,5")."""
    return bool(_JOINED_FIGURE.fullmatch(word))


def grouped(word: str) -> str:
    """A figure as Swedish text writes it, in groups of three ("500000" → "500 000"); a word as it is."""
    if not is_figure(word):
        return word
    whole, comma, decimals = word.partition(",")
    groups: list[str] = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:]] + groups
    return " ".join([whole] + groups) + comma + decimals


def normalize_space(text: str) -> str:
    """Fold runs of white space to one space and strip the ends."""
    return " ".join(text.split())


# chat shorthand for common words, read as the words ("hur mkt kostar det", "konsthus o föreningar")
_SHORTHAND = {"mkt": "mycket", "ngn": "någon", "ngt": "något", "ngra": "några", "o": "och", "resp": "respektive",
              "pga": "på grund av", "iaf": "i alla fall"}
_SHORTHAND_WORD = re.compile(rf"(?<![\w.-])(?:{'|'.join(_SHORTHAND)})(?![\w.-])", re.IGNORECASE)
_SHORT_YEARS = re.compile(r"(?<![\w/.-])(\d\d)/(\d\d)(?![\w/.-])")  # "23/24", when one year follows the other


def spelled_out_shorthand(question: str) -> str:
    """Chat shorthand as its words ("hur mkt" → "hur mycket"), and a school or budget year in short as
    the text writes it ("läsåret 23/24" → "läsåret 2023/2024")."""
    question = _SHORTHAND_WORD.sub(lambda m: _SHORTHAND[m.group(0).lower()], question)
    return _SHORT_YEARS.sub(lambda m: f"20{m[1]}/20{m[2]}" if int(m[2]) == int(m[1]) + 1 else m[0], question)
