"""Stage 4, references: which mentions are one person (full names, surnames, initials, a
name and its reverse), and the titles a text gives people by role ("the two presidents",
"the President of X")."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache, lru_cache

from ..gazetteer import gazetteer
from ..model import Mention, Person
from ..names import romanised, same_person, surname
from .base import (
    _BACK,
    NAME_PARTICLES,
    _Cand,
    _Doc,
    _Group,
    _is_name_token,
    _mentions_at,
    country_in,
    rule,
)
from .countries import _of_country
from .spans import _GLUED_INITIALS


def _tail_of(short: str, full: str) -> bool:
    """A two-word double surname written without the given name ("Ama Owusu Mensah", "Owusu Mensah")."""
    a, b = short.split(), full.split()
    return len(a) >= 2 and len(b) > len(a) and b[-len(a):] == a


@lru_cache(maxsize=65536)
def _one_person(a: str, b: str) -> bool:
    """Two full names of an article are one person's (asked for the same pairs again and
    again: an article repeats its names)."""
    return (same_person(a, b) or a.split() == b.split()[::-1]
            or romanised(a) == romanised(surname(b)) or romanised(b) == romanised(surname(a))
            or _tail_of(a, b) or _tail_of(b, a) or _initials_of(a, b) or _initials_of(b, a))


_INITIALS = re.compile(r"((?:[A-Z]\.\s?){1,3})\s*(\S.*)")


def _initials_of(a: str, b: str) -> bool:
    """``a`` writes ``b``'s given names as initials, on the same surname: "S.V. Gromenko" and
    "Sergei Gromenko", "A.N. Voronin" and "Alexei Nikolayevich Voronin"."""
    m = _INITIALS.fullmatch(a)
    if not m or romanised(m.group(2)) != romanised(surname(b)):
        return False
    letters = re.findall(r"[A-Z]", m.group(1))
    firsts = [w[0] for w in b.split()[:-1] if w[0].isupper()]
    n = min(len(letters), len(firsts))
    return n > 0 and letters[:n] == firsts[:n]


def _group_full_names(cands: list[_Cand]) -> list[_Group]:
    """Decides which full names in the article are one person (``same_person``, or one name
    printed with and without its hyphen: "Kofi Owusu-Mensah", "Owusu Mensah")."""
    people: list[_Group] = []
    for c in cands:
        if not c.full:
            continue
        for i, p in enumerate(people):
            if any(_one_person(c.text, v) for v in p.variants):
                c.person = i
                p.variants.append(c.text)
                break
        else:
            c.person = len(people)
            people.append(_Group([c.text]))
    return people


def _surname_index(people: list[_Group]) -> dict[str, list[int]]:
    """Surname as written (and in capitals, as transcripts label speakers; a family name written
    in capitals, "MORINO Kenta", also as "Morino") -> people."""
    surnames: dict[str, list[int]] = {}
    for i, p in enumerate(people):
        for v in p.variants:
            last = surname(v)
            for form in {last, last.upper(), last.title() if last.isupper() else last}:
                if i not in surnames.setdefault(form, []):
                    surnames[form].append(i)
    return surnames


def _resolve_short_forms(cands: list[_Cand], people: list[_Group], surnames: dict[str, list[int]]) -> None:
    """Decides whose each one-word mention is: the person with that surname (by title, then the
    nearest full mention before), or a titled person the article never names in full."""
    # a given name or middle part that only one person in the article has ("Srettha", "Lula")
    owners: dict[str, set[int]] = {}
    for i, p in enumerate(people):
        for v in p.variants:
            for part in v.split():
                if len(part) > 2 and part[0].isupper() and part.lower() not in NAME_PARTICLES:
                    owners.setdefault(part, set()).add(i)
    parts = {k: list(v) for k, v in owners.items() if len(v) == 1}
    last_seen: dict[int, int] = {}
    for c in cands:
        if c.full:
            last_seen[c.person] = c.start
            continue
        options = surnames.get(c.text) or surnames.get(_GLUED_INITIALS.sub("", c.text)) \
            or surnames.get(c.text.rpartition(" ")[2]) or parts.get(c.text, [])  # "Rojas Vega": by its last word
        if not options:
            if c.title and c.title.split()[-1].lower() in gazetteer().title_words:
                c.person = len(people)  # "President Xi" with no full name in the article
                people.append(_Group([c.text]))
                surnames.setdefault(c.text, []).append(c.person)
                last_seen[c.person] = c.start
            continue
        chosen = None
        if len(options) > 1 and c.title:
            head = c.title.split()[-1].lower()
            by_title = [i for i in options if any(
                x.title and head in x.title.lower() for x in cands if x.person == i and x.full)]
            if len(by_title) == 1:
                chosen = by_title[0]
        if chosen is None:
            before = [i for i in options if i in last_seen]
            chosen = max(before, key=lambda i: last_seen[i]) if before else options[0]
        c.person = chosen
        last_seen[chosen] = c.start


def _role_references(d: _Doc, cands: list[_Cand], people: list[Person], key_of: dict[int, int],
                     mentions: list[Mention]) -> None:
    """Decides the title (and country) of a person the text names with none, from a title the
    text uses for them without a name: "A will meet President B. The two presidents will
    discuss …" makes A a President; "… the President of Valdora will hold talks …" makes the
    one untitled person named before it, of no other country, Valdora's President (unless a
    person named with that title and country is there to be meant)."""
    from ..patterns import PLURAL, title_spans  # spaCy is loaded already: there is a Doc

    untitled = [p for p in people if not p.title]
    if not untitled:
        return
    rule = _role_rule()
    doc = d.doc
    at: dict[int, list[int]] | None = None
    starts = sorted(a for a, _ in d.sent_chars.values())
    for span in title_spans(doc):
        if span.id_ in rule["not"] or span.start == 0:
            continue
        prev, nxt = doc[span.start - 1], doc[span.end] if span.end < len(doc) else None
        det = prev.lower_ in rule["numbers"] and span.start > 1 and doc[span.start - 2].lower_ in rule["determiners"]
        plural = span.label_ == PLURAL
        if nxt is not None and _is_name_token(nxt) and nxt.lower_ != "of":
            continue  # a title with its name: "President A"
        country = None
        if not plural:
            adjective = prev.text[:1].isupper() and span.start > 1 and doc[span.start - 2].lower_ == "the" \
                and (country := country_in(prev.text))
            if not adjective:
                if prev.lower_ != "the" or nxt is None or nxt.lower_ != "of":
                    continue
                country = _of_country(doc, span.end + 1, d.sentence(span.end)[1]) if span.end + 1 < len(doc) else None
            if not country:
                continue
        elif not (det or prev.lower_ in rule["determiners"]):
            continue
        word = span.text[:-1] if plural else span.text
        word = " ".join(w if w.isupper() else w.capitalize() for w in word.split())
        at = _mentions_at(d, cands, key_of) if at is None else at
        here = doc[span.start].idx
        since = starts[max(0, bisect_right(starts, here) - 1 - _BACK)] if starts else 0
        if plural:
            for p in untitled:
                if not p.title and any(since <= a < here for a in at.get(p.key, ())):
                    _give_title(p, word, mentions)
            continue
        head = word.split()[-1].lower()
        if any(p.country == country and p.title and head in p.title.lower() for p in people):
            continue  # the titled person of that country it names
        fits = [p for p in untitled
                if not p.title and p.country in (None, country) and any(a < here for a in at.get(p.key, ()))]
        if len(fits) == 1:
            _give_title(fits[0], word, mentions)
            fits[0].country = fits[0].country or country


def _give_title(person: Person, title: str, mentions: list[Mention]) -> None:
    """The person's title, and its first mention's (the article's record of the person is read from its mentions)."""
    person.title = title
    first = min((m for m in mentions if m.person == person.key), key=lambda m: m.start, default=None)
    if first is not None and not first.title:
        first.title = title


@cache
def _role_rule() -> dict:
    """The words of role references (officials.json "role-reference"): the determiners and
    numbers before a title used without a name, and the title ids that are no one's title
    when so used ("the two leaders")."""
    data = rule("role-reference")
    return {"determiners": frozenset(data["determiners"]), "numbers": frozenset(data["numbers"]),
            "not": frozenset(data["not"])}
