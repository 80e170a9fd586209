"""Operator names that are probably one company written two ways ("Webhelp Maroc", "Webhelp").

Two names are close when their keys are equal or one key holds the other as whole words. The
key ignores case, accents and punctuation, and words that say where or what form of company,
not which one (Maroc, Morocco, SA, SARL...). Closeness warns an official; it never decides.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from operators.models import Operator
from operators.querysets import fold

# Words that do not tell two companies apart: the country, the legal forms of Moroccan law.
NEUTRAL_WORDS = frozenset(
    {"maroc", "morocco", "marocco", "sa", "sarl", "sarlau", "sas", "sasu", "ltd", "the", "de"}
)


@dataclass(frozen=True)
class CloseName:
    """A new operator's name beside a recorded (or another new) operator's, probably the same."""

    new: str
    recorded: str


def name_key(name: str) -> tuple[str, ...]:
    # "S.A." and "S.A.R.L." lose their dots before the words are told apart.
    text = re.sub(r"[^\w\s]", " ", fold(name).replace(".", ""))
    return tuple(word for word in text.split() if word not in NEUTRAL_WORDS)


def holds(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    size = len(shorter)
    return any(longer[start : start + size] == shorter for start in range(len(longer) - size + 1))


def close_names(new: Sequence[str], recorded: Iterable[str]) -> list[CloseName]:
    """Each name of `new` beside the names of `recorded` (and the earlier names of `new`) that
    are close to it. Looked up, not compared with every name, so that thousands of operators
    sharing a word ("Services") stay quick: a name held in the new one is one of its runs of
    words; a name holding it has all its words, found from its rarest word."""
    by_key, by_word, keys = defaultdict(set), defaultdict(set), {}

    def remember(name):
        keys[name] = name_key(name)
        by_key[keys[name]].add(name)
        for word in set(keys[name]):
            by_word[word].add(name)

    for name in recorded:
        remember(name)
    found = []
    for name in new:
        key = name_key(name)
        candidates = set()
        if key:
            for size in range(1, len(key) + 1):
                for start in range(len(key) - size + 1):
                    candidates |= by_key.get(key[start : start + size], set())
            holders = sorted((by_word.get(word, set()) for word in set(key)), key=len)
            candidates |= {
                other for other in holders[0].intersection(*holders[1:]) if holds(keys[other], key)
            }
        found.extend(
            CloseName(new=name, recorded=other) for other in sorted(candidates) if other != name
        )
        remember(name)
    return found


def close_operator_names(new: Sequence[str]) -> list[CloseName]:
    """The new operator names of an import beside the recorded operators close to them."""
    if not new:
        return []
    # After a saved import its new operators are recorded too: they are not compared with
    # themselves.
    recorded = set(Operator.objects.values_list("name", flat=True)) - set(new)
    return close_names(new, sorted(recorded))
