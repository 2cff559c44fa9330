"""Stage 4, places: the cities a sentence names as the place of something, which of them is a
meeting's, where a person travels, and the city a date line gives."""

from __future__ import annotations

import re

from ..dates import FAR_PAST, names_day
from ..gazetteer import gazetteer
from ..gazetteer import lowered as _lower
from ..model import Mention
from ..officials import doc_text as _text
from .records import Candidate
from .rules import _DATA, _on
from .text import _ents_in

_VENUES = _DATA["venues"]  # lower-case venue -> city
# a venue as written without its article ("White House") -> its city
_VENUE_CITY = {re.sub(r"^the ", "", v): c for v, c in _VENUES.items() if re.sub(r"^the ", "", v) != c.lower()}
_HAS_VENUE = "diplotui.has_venue"  # doc.user_data key: whether the article names a venue at all


def _names_a_venue(doc) -> bool:
    """Whether the article names a venue anywhere (one search per article: most name none, and
    their sentences then skip the venues' regex)."""
    found = doc.user_data.get(_HAS_VENUE)
    if found is None:
        found = doc.user_data[_HAS_VENUE] = _VENUE_RE.search(_lower(_text(doc))) is not None
    return found


_VENUE_RE = re.compile(r"\b(?:" + "|".join(re.escape(v) for v in sorted(_VENUES, key=len, reverse=True)) + r")\b")
_PLACE_PREP = {"in", "at", "to", "visited", "visiting", "visits", "reached"}
# verbs of setting off whose "for" names where the traveller goes ("will leave Lindell for Kestrel")
_LEAVING = frozenset({"leave", "leaves", "leaving", "left", "depart", "departs", "departed", "departing", "fly",
                      "flies", "flew", "flying", "head", "heads", "headed", "heading", "bound"})
_SOURCE_NOUNS = {"officials", "sources", "diplomats", "analysts", "observers", "reporters", "correspondents"}
_TOPIC_NOUNS = {"ceasefire", "war", "conflict", "crisis", "situation", "fighting", "violence", "tensions", "peace",
                "unrest", "elections", "developments", "stability", "security", "reconstruction", "attacks"}


_NOT_THE_PLACE = _TOPIC_NOUNS | _SOURCE_NOUNS
_ENVOY_NOUNS = {"ambassador", "envoy", "representative", "delegate", "consul", "emissary", "ambassadors", "envoys"}
_SETTLEMENT = {"city", "town", "capital", "port", "village", "resort"}


_PLACES = "diplotui.places"  # doc.user_data key: _places of each token span asked for


def _places(doc, s0: int, s1: int) -> list[tuple[int, str]]:
    """Cities (not countries) named as the place of something in the sentence, with their
    character offsets: after a place preposition, "the port city of X", or a venue that
    stands for its city ("the White House"). Kept per doc: a sentence is asked for by its
    meetings, the travels and the sentence after it."""
    cache = doc.user_data.get(_PLACES)
    if cache is None:
        cache = doc.user_data[_PLACES] = {}
    found = cache.get((s0, s1))
    if found is None:
        found = cache[(s0, s1)] = _find_places(doc, s0, s1)
    return list(found)


def _find_places(doc, s0: int, s1: int) -> list[tuple[int, str]]:
    text = _text(doc)
    c0 = doc[s0].idx
    sentence = text[c0 : doc[s1 - 1].idx + len(doc[s1 - 1])]
    out = _entity_places(doc, s0, s1)
    out += _untagged_capitals(sentence, c0, {pos for pos, _ in out})
    out += _venue_places(doc, sentence, c0)
    return sorted(out)


def _entity_places(doc, s0: int, s1: int) -> list[tuple[int, str]]:
    """The model's places that the words before them make the place of something ("in X",
    "the port city of X", "leave A for X"), not the seat of a source ("officials in X said",
    "X's foreign ministry") and not a country."""
    g = gazetteer()
    out = []
    for ent in _ents_in(doc, s0, s1):
        name = ent.text.strip()
        if ent.label_ not in ("GPE", "LOC") and not (ent.label_ == "ORG" and name in g.country_of):
            continue  # the model sometimes tags a capital as an organisation
        prev = doc[ent.start - 1].lower_ if ent.start > s0 else ""
        prev2 = doc[ent.start - 2].lower_ if ent.start - 1 > s0 else ""
        nxt = doc[ent.end].text if ent.end < len(doc) else ""
        if re.search(r"['’]s?$", name) or nxt in ("'s", "’s", "'", "’") or (prev == "to" and prev2 == "according"):
            continue  # "Seoul's foreign ministry", "according to Tokyo": a source, not a place
        if prev == "in" and prev2 in _SOURCE_NOUNS:
            continue  # "officials in Beijing said": where the source sits
        if prev == "to" and prev2 in _ENVOY_NOUNS:
            continue  # "Ambassador to Russia": where the envoy is posted
        if prev == "in" and prev2 in _TOPIC_NOUNS:
            continue  # "efforts for a ceasefire in Gaza": what was discussed, not where
        name = re.sub(r"^the\s+", "", name, flags=re.I)
        if name.lower() in g.country_names or len(name) < 3:
            continue
        if prev == "for" and _leaving_for(doc[ent.start - 1]):
            prev = "to"  # "will leave Lindell for Kestrel": where she is going
        if prev in _PLACE_PREP or (prev == "of" and prev2 in _SETTLEMENT):  # "the port city of X"
            out.append((ent.start_char, name.split(",")[0].strip()))
    return out


def _leaving_for(prep) -> bool:
    """Whether a "for" hangs on a verb of setting off (syntax: its head is "leave", "fly", "bound",
    or "set" with its particle "off"): "left Lindell on Monday for Kestrel", "set off for Kestrel"."""
    verb = prep.head
    return verb.lower_ in _LEAVING or verb.lower_ in ("set", "sets") and any(
        c.dep_ == "prt" and c.lower_ == "off" for c in verb.children)


def _untagged_capitals(sentence: str, c0: int, seen: set[int]) -> list[tuple[int, str]]:
    """Capitals after a place preposition that the model tagged as something else (or not at
    all), at offsets not already taken: "in Accra Monday" gives Accra."""
    g = gazetteer()
    out = []
    for m in _PREP_CAPITAL.finditer(sentence):
        word_before = sentence[max(0, m.start() - 20) : m.start()].split()[-1:]
        if m.group(0)[:2].lower() == "in" and word_before and word_before[0].lower() in _NOT_THE_PLACE:
            continue  # "the war in Kyiv", "told reporters in Bogota"
        name = m.group(1)
        while name and not (name in g.country_of and name.lower() not in g.country_names):
            name = name.rpartition(" ")[0]  # "Accra Monday" -> "Accra"
        if name and c0 + m.start(1) not in seen:
            out.append((c0 + m.start(1), name))
    return out


def _venue_places(doc, sentence: str, c0: int) -> list[tuple[int, str]]:
    """Venues that stand for their city ("the White House" is Washington); where the article
    never names that city, the venue itself is the place (place.venue-without-city)."""
    if not _names_a_venue(doc):
        return []
    low = _lower(sentence)
    full = _text(doc)
    out = []
    for m in _VENUE_RE.finditer(low):
        city = _VENUES[m.group(0)]
        if _on("place.venue-without-city") and city not in full:
            city = re.sub(r"^[Tt]he\s+", "", sentence[m.start() : m.end()])
        out.append((c0 + m.start(), city))
    return out


_PREP_CAPITAL = re.compile(
    r"\b(?:[Ii]n|[Aa]t|[Tt]o|visit(?:ed|ing|s)?|reached|(?:city|town|capital|port) of)\s+"
    r"([A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){0,2})"
)


def _place_for(places: list[tuple[int, str]], c0: int, ts: int, c1: int) -> str | None:
    """The place of the meeting whose trigger is at ``ts`` in clause [c0, c1): the first place
    named after the trigger in its clause, else the nearest before it."""
    inside = [(pos, name) for pos, name in places if c0 <= pos < c1]
    later = [name for pos, name in inside if pos >= ts]
    if later:
        return later[0]
    return inside[-1][1] if inside else None


# a person's own travel, right after the name: "A's trip to Beijing", "A arrived in Moscow", "A's stop in Lima"
_TRAVEL_TO = re.compile(
    r"(?:['’]s?)?\s+(?:(?:first|second|last|latest|official|state|working|three-day|two-day|brief|\w+ly)\s+){0,3}"
    r"(?:visit(?:s|ed|ing)?|trip|tour|stop(?:over)?|stay|arriv(?:e|es|ed|ing)|reach(?:es|ed)?|land(?:s|ed)|travel(?:s|led|ed)?"
    r"|fl(?:y|ies|ew))\s+(?:to|in|at)?\s*$",
    re.I,
)
_PRONOUN_START = re.compile(r"\s*(?:he|she)\b", re.I)


def _travels(doc, sents: list, mentions: list[Mention], body_start: int) -> dict[int, set[str]]:
    """Decides where each person travels, as the article tells it: the cities named right after
    the person's own visit, trip or arrival ("A's trip to Beijing", "He arrived in Moscow", he
    being the previous sentence's first person). Person -> cities."""
    from ..hosts import country_of_place

    whole = _text(doc)
    out: dict[int, set[str]] = {}
    previous: int | None = None
    for sent in sents:
        if sent.start_char < body_start:
            continue
        mine = [m for m in mentions if sent.start_char <= m.start < sent.end_char]
        names = [(m.end, m.person) for m in mine]
        if previous is not None and _PRONOUN_START.match(whole, sent.start_char):
            names.append((sent.start_char + len(_PRONOUN_START.match(whole, sent.start_char).group(0)), previous))
        if names:
            for pos, city in _places(doc, sent.start, sent.end):
                who = [person for end, person in names if end <= pos and _TRAVEL_TO.match(whole[end:pos])]
                if who and country_of_place(city):
                    out.setdefault(who[-1], set()).add(city)
        previous = mine[0].person if mine else previous
    return out


def _place_from_travel(reports: list[Candidate], travels: dict[int, set[str]]) -> None:
    """An in-person meeting of these days that the text places nowhere, or only "during the
    visit", is where one of its participants travels, when the article sends that person to one
    city only (and no other participant elsewhere)."""
    from ..hosts import country_of_place

    for r in reports:
        if r.place not in (None, ON_VISIT) or r.family in ("phone", "virtual") or r.earlier:
            continue
        if r.date_text and (FAR_PAST.search(r.date_text) or not names_day(r.date_text)):
            continue  # "last month", "in 2018": another trip's meeting
        cities = {city for p in r.participants if len(travels.get(p, ())) == 1 for city in travels[p]}
        if len(cities) == 1:
            city = cities.pop()
            if _in_country(r.sentences) - {country_of_place(city)}:
                continue  # "A also met B in South Korea": placed, in another country than the trip's
            r.place = city


_IN_NAME = re.compile(r"\b(?:in|at)\s+(?:the\s+)?([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})")


def _in_country(sentences: list[str]) -> set[str]:
    """The countries the sentences place something in ("in South Korea")."""
    g = gazetteer()
    found = set()
    for sentence in sentences:
        for m in _IN_NAME.finditer(sentence):
            name = m.group(1).rstrip(".’'")
            while name and name.lower() not in g.country_names:
                name = name.rpartition(" ")[0]  # "South Korea last" -> "South Korea"
            if name and (country := g.country_of.get(name) or g.country_lower.get(name.lower())):
                found.add(country)
    return found


_DURING_VISIT = re.compile(r"\bduring (?:the|his|her|their|this) (?:[\w-]+ ){0,2}(?:visit|trip|stay|tour)\b", re.I)
HERE = "\x00here"  # a place the article's dateline names, filled in by finish_reports
ON_VISIT = "\x00visit"  # where a visit the text does not place goes: the traveller's city, else HERE
_HERE = re.compile(r"\b(?:here|in this (?:[\w-]+ ){0,3}(?:city|capital|town))\b", re.I)
_THERE = re.compile(r"\bthere\b(?! (?:is|was|are|were|will|would|has|had|have)\b)", re.I)


_REGION = re.compile(r"\b(?:region|oblast|province|krai|territory|district|county|state)$", re.I)


def date_line_city(date_place: str | None) -> str | None:
    """The city (or named site) a date line's place gives: "The Kremlin, Moscow" -> Moscow (a
    known venue's city), "Novo-Ogaryovo, Moscow Region" -> Novo-Ogaryovo, "Amur Region" -> None."""
    if not date_place:
        return None
    g = gazetteer()
    for part in (p.strip() for p in date_place.split(",")):
        if not part or _REGION.search(part) or part.lower() in g.country_names:
            continue
        return _VENUES.get(part.lower(), part)
    return None
