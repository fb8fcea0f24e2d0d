"""Which word a question typed without å, ä and ö means, in the content's own spelling.

Staff type "nar beslutar regionfullmaktige": the words match the content anyway (search folds both
sides), but the model behind the semantic layer reads "regionfullmaktige" as another word than
"regionfullmäktige", and finds the passage it should less often. The index keeps a map from each
folded word to its most frequent spelling in the content (the Swedish function words first: "for"
is "för", "pa" is "på"), and a Swedish question is spelled out with it before it is embedded.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from . import text

_WORD = re.compile(r"[^\W\d_]+")


def spellings(texts: Iterable[str]) -> dict[str, str]:
    """Folded word → its usual spelling in `texts`, for the words whose usual spelling is not the
    folded one."""
    # a function word typed as another one stays ("var" is "var", not "vår")
    usual = {text.fold(w): w for w in sorted(text.STOPWORDS_SV)
             if _WORD.fullmatch(w) and text.fold(w) not in text.STOPWORDS_SV}
    counts = Counter(w.lower() for value in texts for w in _WORD.findall(value))
    for word, _ in counts.most_common():
        usual.setdefault(text.fold(word), word)
    return {folded: word for folded, word in usual.items() if folded != word}


def spell_out(value: str, usual: dict[str, str]) -> str:
    """`value` with each word typed without diacritics in its usual spelling ("nar beslutar
    regionfullmaktige" → "när beslutar regionfullmäktige"); a capital stays a capital."""
    if not usual:
        return value

    def one(m: re.Match[str]) -> str:
        word = m.group()
        found = usual.get(word.lower())
        if found is None or text.fold(word) != word.lower():
            return word
        return found[0].upper() + found[1:] if word[0].isupper() else found

    return _WORD.sub(one, value)
