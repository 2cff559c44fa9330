"""Personal names: surnames, romanisation-insensitive keys, and whether two names are one person.

Pure functions over strings (rapidfuzz for similarity), shared by within-article
grouping and corpus-wide resolution.
"""

from __future__ import annotations

import re
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz, utils

from .gazetteer import family_first_names, short_forms

GIVEN_MIN = 85  # given names must be at least this similar (after normalisation)
SURNAME_MIN = 85
# Resolution compares the same few thousand names over and over: the pure keys below are
# memoised (bounded, so memory does not grow with the corpus).
_MEMO = 1 << 16


def tokens(name: str) -> list[str]:
    return name.replace("\u2019", "'").split()


def _caps_family(toks: list[str]) -> int | None:
    """The index of the family name where a page marks it in capitals among mixed-case given
    names ("TANAKA Hana", "Hana TANAKA"), the convention of some foreign-ministry pages."""
    caps = [i for i, t in enumerate(toks) if len(t) > 1 and t.isupper() and t.isalpha()]
    if len(caps) == 1 and caps[0] in (0, len(toks) - 1) and any(t[:1].isupper() and not t.isupper() for t in toks):
        return caps[0]
    return None


@lru_cache(maxsize=_MEMO)
def family_first(name: str) -> bool:
    """True for names printed family name first ("Kim Min-jun", "Lim Ha-eun", "Zhou Minghai",
    "TANAKA Hana")."""
    toks = tokens(name)
    if len(toks) < 2:
        return False
    caps = _caps_family(toks)
    if caps is not None:
        return caps == 0
    first, last = toks[0].lower(), toks[-1].lower()
    if first not in family_first_names():
        return False
    # "Kevin Kim": a given name first and a family name last
    return not (last in family_first_names() and "-" not in toks[-1] and len(toks) == 2 and len(first) > 4)


_PATRONYMIC = ("bin", "bint", "ibn")
_ARTICLE = re.compile(r"^(?:al|el|al|as|ash|ad)[-‐](?=\w)", re.I)


@lru_cache(maxsize=_MEMO)
def surname(name: str) -> str:
    """The family name: the last word, or the first of a family-first name; in an Arabic name the
    father's name after "bin" ("Ali bin Said Al Harthy" -> "Said"), and without its article
    ("al-Assad" -> "Assad")."""
    toks = tokens(name)
    if not toks:
        return ""
    low = [t.lower() for t in toks]
    for p in _PATRONYMIC:
        if p in low[1:-1]:
            return toks[low.index(p) + 1]
    last = toks[0] if family_first(name) else toks[-1]
    return _ARTICLE.sub("", last)


def given(name: str) -> str:
    toks = tokens(name)
    if len(toks) < 2:
        return ""
    low = [t.lower() for t in toks]
    for p in _PATRONYMIC:
        if p in low[1:-1]:
            return " ".join(toks[: low.index(p)])  # "Ali bin Said Al Harthy" -> "Ali"
    return " ".join(toks[1:]) if family_first(name) else " ".join(toks[:-1])


def _ascii(text: str) -> str:
    """Lower-case ASCII with every letter transliterated, not dropped ("Radosław" -> "radoslaw")."""
    return anyascii(text).lower()


# Spellings of one sound: Korean "eo" is also written "u" (Seong/Sung, Jeong/Jung), "yeo" as
# "yo"; "oo"/"ou" as "u", "ee" as "i". "o" and "u" stay apart: Sung and Song are two names.
_VOWELS = [("yeo", "yo"), ("eo", "u"), ("eu", "u"), ("oo", "u"), ("ou", "u"), ("ee", "i")]


@lru_cache(maxsize=_MEMO)
def romanised(part: str) -> str:
    """A key that ignores hyphens, spaces and common romanisation variants (Sung/Seong, Jong-un/Jong Un)."""
    key = re.sub(r"[^a-z]", "", _ascii(part))
    for a, b in _VOWELS:
        key = key.replace(a, b)
    return key


@lru_cache(maxsize=_MEMO)
def given_key(name: str) -> str:
    g = given(name)
    if not g:
        return ""
    first = _ascii(g.split()[0]).strip(".")
    if not family_first(name) and first in short_forms():
        g = " ".join([short_forms()[first], *g.split()[1:]])
    return romanised(g)


@lru_cache(maxsize=_MEMO)
def surname_key(name: str) -> str:
    return romanised(surname(name))


def block_key(name: str) -> str:
    """The key candidates are blocked on: the first three letters of the romanised surname (its
    last part if hyphenated, so "Asante-Boateng" and "Asante Boateng" meet), the same whichever order
    the name is printed in where the page shows it ("TANAKA Hana", "Hana Tanaka")."""
    return romanised(surname(name).replace("‐", "-").split("-")[-1])[:3]


@lru_cache(maxsize=_MEMO)
def name_key(name: str) -> str:
    return f"{given_key(name)} {surname_key(name)}".strip()


@lru_cache(maxsize=_MEMO)
def same_person(a: str, b: str) -> bool:
    """Whether two full names (two or more tokens each) plausibly name the same person."""
    if romanised(a) == romanised(b):
        return True  # the same letters with other spaces and hyphens ("Ana Diaz-Lopez", "Ana Diaz Lopez")
    sa, sb = surname_key(a), surname_key(b)
    if not sa or not sb or fuzz.ratio(sa, sb) < SURNAME_MIN:
        return False
    ga, gb = given_key(a), given_key(b)
    if not ga or not gb:
        return ga == gb
    if ga == gb:
        return True
    if min(len(ga), len(gb)) <= 3:
        return False  # short given names ("Il", "Yi") must match exactly
    if family_first(a) and family_first(b):
        return False  # syllables of a family-first name: one vowel apart is another name (Sung-han, Song-han)
    return fuzz.ratio(ga, gb) >= GIVEN_MIN and fuzz.token_sort_ratio(
        name_key(a), name_key(b), processor=utils.default_process
    ) >= 88


@lru_cache(maxsize=_MEMO)
def name_score(a: str, b: str) -> float:
    """Similarity of two names for ranking candidates (0–100)."""
    return fuzz.token_sort_ratio(name_key(a), name_key(b), processor=utils.default_process)
