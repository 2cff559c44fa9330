"""Stage 3, countries: the state a person serves, from what the text attaches beyond the
mention itself: "of <Country>" after a name, paired adjectives, delegations, groups of one
country's officials, government bodies, "the <Nationality> leader"."""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache

from ..model import Person
from .base import _BACK, _Cand, _Doc, _mentions_at, country_in, rule, title_level


def _of_country(doc, k: int, sent_end: int) -> str | None:
    """The country in the capitalised words after "of" ("King Ali of Jordan", "of the Republic of Korea")."""
    if doc[k].lower_ == "the":
        k += 1
    first = k
    while k < sent_end and k < first + 5 and doc[k].text[0].isupper():
        k += 1
    return country_in(doc[first:k].text) if k > first else None


_PAIRED = re.compile(r"(?:^|\s)([\w.'’ -]+?)\s+and\s+([\w.'’-]+(?:\s[\w.'’-]+)?)\s*$")


def _paired_countries(doc, title_start: int, sent_start: int) -> list[str]:
    """The two countries written as adjectives before a plural title ("U.S. and Chinese
    Presidents", "Chile's and Peru's foreign ministers"), in order; none if not two."""
    m = _PAIRED.search(doc[max(sent_start, title_start - 6) : title_start].text)
    if not m:
        return []
    first, second = country_in(" ".join(m.group(1).split()[-2:])), country_in(m.group(2))
    return [first, second] if first and second and first != second else []


_ACCOMPANIED = re.compile(r"\baccompanied\b(\s+by\b)?", re.I)
_CLAUSE_END = re.compile(r"\bwhile\b|\bwhereas\b|;")


def _delegations(d: _Doc, cands: list[_Cand]) -> dict[int, int]:
    """Decides who travels in whose delegation, a country the text attaches by the relation:
    "A was accompanied by Foreign Minister B" and "B accompanied A" make B of A's side.
    Returns member person -> leader person."""
    doc, whole = d.doc, d.whole
    by_sentence: dict[tuple[int, int], list[_Cand]] = {}
    for c in cands:
        if c.person is not None:
            by_sentence.setdefault(c.sentence, []).append(c)
    side: dict[int, int] = {}
    previous: _Cand | None = None  # who "He was accompanied by" means: the previous sentence's first name
    for sent, mine in sorted(by_sentence.items()):
        s0, s1 = d.sent_chars.get(sent) or (doc[sent[0]].idx, doc[sent[1] - 1].idx + len(doc[sent[1] - 1]))
        text = whole[s0:s1]
        for m in _ACCOMPANIED.finditer(text):
            at = s0 + m.start()
            before = [c for c in mine if doc[c.start].idx < at]
            stop = _CLAUSE_END.search(text, m.end())
            limit = s0 + (stop.start() if stop else len(text))
            after = [c for c in mine if at < doc[c.start].idx < limit]
            if m.group(1):  # passive: the leader before, the members after
                leader = before[-1] if before else (previous if re.match(r"\s*(?:he|she)\b", text, re.I) else None)
                members = [c for c in after if c.title]
            else:  # active: the members before, the leader after
                leader = after[0] if after else None
                members = [c for c in before if c.title]
            for c in members:
                if leader is not None and c.person != leader.person:
                    side.setdefault(c.person, leader.person)
        previous = mine[0] if mine else previous  # the sentence's subject, as a rule its first name
    return side


# ------------------------------------------------------------------ countries by reference

# "the Brazilian leader", "the Kremlin leader": a nationality on a head-of-state word with no name after it
_DESCRIBED_LEADER = re.compile(
    r"\b[Tt]he\s+([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)?)\s+"
    r"(?i:leader|president|prime\s+minister|premier|chancellor|head\s+of\s+(?:state|government))\b(?!\s+[A-Z])"
)
_FORMER = re.compile(r"\s*(?:former|ex-|late|then|erstwhile)\b", re.I)


def _described_leaders(d: _Doc, cands: list[_Cand], people: list[Person], key_of: dict[int, int]) -> None:
    """Decides the country of the leader "the <Nationality> leader" refers back to: the one
    head of state or government named in the sentences just before it who has no country yet,
    when no head already has that country ("A met B ... Next week the Brazilian leader
    flies home": the unattached one of A and B is Brazil's). Two unattached heads, or a former one
    among them, leave it open."""
    at = None
    for m in _DESCRIBED_LEADER.finditer(d.whole):
        country = country_in(m.group(1))
        if not country or any(p.country == country and title_level(p.title) == "summit" for p in people):
            continue
        at = at or _mentions_at(d, cands, key_of)
        starts = sorted(a for a, _ in d.sent_chars.values())
        here = bisect_right(starts, m.start())
        since = starts[max(0, here - 1 - _BACK)] if starts else 0
        heads = [p for p in people if title_level(p.title) == "summit" and not p.country
                 and any(since <= a < m.start() for a in at.get(p.key, ()))]
        if len(heads) == 1 and not _FORMER.match(heads[0].title or ""):
            heads[0].country = country


def _group_countries(d: _Doc, cands: list[_Cand], people: list[Person], key_of: dict[int, int]) -> None:
    """Decides the country of the officials a text lists as a group of one country: "the
    Valdoran delegation led by Minister A", "Valdoran officials, including Minister B, Minister
    C and D", "the delegation of Valdora with the participation of A and B". The list is the
    names after the cue joined only by titles, commas and "and"; a person with a country
    keeps it."""
    rule = _group_rule()
    doc, whole = d.doc, d.whole
    named = sorted((c for c in cands if c.person is not None and key_of.get(c.person) is not None),
                   key=lambda c: c.start)
    for m in rule["re"].finditer(whole):
        country = country_in(m.group("side") or m.group("of") or "")
        if not country:
            continue
        at = m.end()
        for c in named:
            begin = doc[c.start].idx
            if begin < at:
                continue
            if not rule["joint"].fullmatch(whole[at:begin]):
                break
            person = people[key_of[c.person]]
            person.country = person.country or country
            at = begin + len(c.text)


@cache
def _group_rule() -> dict:
    """The group cue of officials.json "group-country" as one pattern, and what may join its list."""
    data = rule("group-country")
    groups = "|".join(data["groups"])
    links = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in data["links"])
    cue = (rf"\b(?:(?P<side>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)?)\s+(?:{groups})"
           rf"|(?:{groups})\s+(?:of|from)\s+(?:the\s+)?(?P<of>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)?))"
           rf"\s*,?\s+(?:{links})\b")
    # between the cue and a name, and between names: titles (capitalised words and their joiners), commas, "and"
    joint = re.compile(r"(?:\s|,|-|–|\band\b|\bof\b|\bthe\b|\bfor\b|\bto\b|[A-Z][\w.'’-]*)*")
    return {"re": re.compile(cue), "joint": joint}


# a government body the text names; its country is written before it ("Seoul's foreign ministry",
# "the U.S. State Department") or after it ("the Foreign Ministry in Seoul")
_BODY = re.compile(r"\b(ministry|department)\b", re.I)
_BODY_WHERE = re.compile(r"\s+(?:in|of)\s+((?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})")
_CUT = re.compile(r"[,;:!?\"“”()\[\]\n]")
# a person placed at a body without its country: "A, a vice minister at the foreign ministry"
# (an apposition only: "A held talks at the foreign ministry" may be a visitor's)
_AT_BODY = re.compile(
    r"\s*,\s*(?:the|a|an)\s+[^,;]*?\b(?:at|of|in|from)\s+the\s+(?:[A-Za-z]+\s+)?(ministry|department)\b", re.I)
_SPOKESPERSON = {"spokesperson", "spokesman", "spokeswoman"}


def _bodies(whole: str) -> list[tuple[int, str, str]]:
    """(offset, "ministry" or "department", country) of each government body the text gives a country."""
    out = []
    for m in _BODY.finditer(whole):
        words = _CUT.split(whole[max(0, m.start() - 40) : m.start()])[-1].split()
        # a word ending a sentence ("Wednesday.", "Korea.") stops the look back; an abbreviation ("U.S.") does not
        ends = [i for i, w in enumerate(words) if w.endswith(".") and any(ch.islower() for ch in w)]
        words = words[ends[-1] + 1 :] if ends else words
        country = country_in(" ".join(words[-3:])) if words else None
        if not country and (where := _BODY_WHERE.match(whole, m.end())):
            country = country_in(where.group(1))
        if country:
            out.append((m.start(), m.group(1).lower(), country))
    return out


def _institution_countries(d: _Doc, cands: list[_Cand], people: list[Person], key_of: dict[int, int]) -> None:
    """Decides the country of an official the text places at a body it names without a country
    ("department spokesman A", "A, a deputy minister at the foreign ministry") when every body of
    that kind the article gives a country is of one country; and of a bare spokesperson
    ("Spokesperson A said") when the same or the previous sentence names a body of one country."""
    bodies: list[tuple[int, str, str]] | None = None
    sentences = sorted(d.sent_chars.values())
    for c in cands:
        k = key_of.get(c.person)
        if k is None or people[k].country:
            continue
        title = (c.title or "").lower()
        head = next((w for w in ("ministry", "department") if re.search(rf"\b{w}\b", title)), None)
        at = d.doc[c.end - 1].idx + len(d.doc[c.end - 1])
        s0, s1 = d.sent_chars.get(c.sentence) or (d.doc[c.sentence[0]].idx, len(d.whole))
        if head is None and (m := _AT_BODY.match(d.whole, at, s1)):
            head = m.group(1).lower()
        if head is None and title not in _SPOKESPERSON:
            continue
        bodies = _bodies(d.whole) if bodies is None else bodies
        if head is not None:
            found = {country for _, h, country in bodies if h == head}
        else:  # the body the spokesperson speaks for: named in this sentence or the one before
            before = [a for a, _ in sentences if a < s0]
            lo = before[-1] if before else s0
            found = {country for pos, _, country in bodies if lo <= pos < s1}
        if len(found) == 1:
            people[k].country = found.pop()
