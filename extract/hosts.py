"""The host of a bilateral meeting: the local side is of the country where the meeting is held.

Reports often name the visitor's country ("Portugal's Foreign Minister A met President B in
Lima") and leave the host's unsaid: B is Peru's because the meeting is in Peru and the other
side is not. This is attachment by the meeting's structure, not proximity, and it applies
only where that structure is unambiguous: an in-person meeting of exactly two named people
in a city whose country is known; one side's country is attached and differs from the
city's; the other side has none; no gathering (a summit, forum, conference) brings third
countries' people to the city; and, since two foreign sides also meet on neutral ground
(Geneva, Rome), either the report tells a visit or a reception and the local side holds a
national office (a head of state or government, a minister or their deputy), or the city is the capital
and the local side is its head of state or government. When neither side has a country, the
report must say who visits ("A visited Washington, where he met Defense Secretary B", "A's
trip to Accra, where she saw President B"): the other side, holding a national
office, is the host.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache, lru_cache

from .gazetteer import cctlds, city_places, gazetteer, outlets
from .model import Extraction, Person
from .officials import country_in

# a gathering in the host's city: its participants come from anywhere
_GATHERING = re.compile(
    r"\b(?:sidelines?|margins?|summit|forum|conference|assembly|congress|games|olympics|expo"
    r"|convention|ministerial meeting|multilateral|dialogue)\b",
    re.I,
)

# the meeting is a visit to the host, or the host receives the visitor
_VISIT = re.compile(
    r"\b(?:visit(?:s|ed|ing)?|trip|tour|arriv(?:e|es|ed|ing)|travel(?:s|led|ed|ling|ing)?|landed"
    r"|host(?:s|ed|ing)?|welcom(?:e|es|ed|ing)|receiv(?:e|es|ed|ing)|call(?:s|ed)? on|courtesy call)\b",
    re.I,
)


# title levels (titles.jsonl) of a visit's host
_NATIONAL_OFFICE = {"summit", "ministerial", "vice-ministerial", "national-security"}
_HEAD = {"summit"}  # ... of the head of state or government who receives in the capital


def _place(place: str | None) -> tuple[str, bool] | None:
    if not place:
        return None
    key = place.strip().lower()
    return city_places().get(key) or city_places().get(key.split(",")[0].strip())


@lru_cache(maxsize=8192)  # asked for each person of each report, again and again
def _level(title: str | None) -> str | None:
    """The level of a title's head, its last title phrase ("President X's national security
    adviser" is an adviser's)."""
    if not title:
        return None
    g = gazetteer()
    heads = g.title_re.findall(title)
    return g.title_level.get(heads[-1].lower()) if heads else None


def country_of_place(place: str | None) -> str | None:
    """The country a meeting place lies in, when the gazetteers know the city."""
    found = _place(place)
    return found[0] if found else None


def infer_host_countries(extraction: Extraction) -> None:
    """Give the local side of each qualifying bilateral meeting the host city's country."""
    people = {p.key: p for p in extraction.people}
    for report in extraction.reports:
        if report.mode in ("phone", "virtual") or len(report.participants) != 2:
            continue
        found = _place(report.place)
        told = " ".join(report.sentences)
        if found is None or _GATHERING.search(told):
            continue
        host, capital = found
        levels = _NATIONAL_OFFICE if _VISIT.search(told) else _HEAD if capital else set()
        a, b = (people.get(k) for k in report.participants)
        if a is None or b is None:
            continue
        for guest, local in ((a, b), (b, a)):
            if guest.country and guest.country != host and not local.country \
                    and _level(local.title) in levels:
                local.country = host
        if not a.country and not b.country and (local := _received(report.sentences, a, b)) is not None \
                and _level(local.title) in _NATIONAL_OFFICE:
            local.country = host  # "A visited Washington, where he met Defense Secretary B"


# the visitor's own act, written right after the visitor ("A visited …", "A's trip to …")
_GUEST_ACT = re.compile(
    r"(?:['’]s?)?\s+(?:\w+\s+){0,2}?(?:visit(?:s|ed|ing)?|trip|tour|arriv(?:e|es|ed|ing)|travel(?:s|led|ed|ling|ing)?"
    r"|landed|flew|call(?:s|ed)? on)\b",
    re.I,
)


def _received(sentences: list[str], a: Person, b: Person) -> Person | None:
    """Of a meeting on a visit whose two sides have no country, the side that receives: the
    one whose name is not the subject or owner of the visit ("A visited Washington, where he
    held talks with B", "A's visit to Accra, during which she met B": B), in the report's
    first sentence naming both, the visitor first."""
    for sentence in sentences:
        spots = []
        for person in (a, b):
            found = [(sentence.find(v), v) for v in person.variants if v and v in sentence]
            if not found:
                break
            spots.append((*min(found), person))
        else:
            (pos, name, _guest), (_, _, local) = sorted(spots, key=lambda x: x[0])
            return local if _GUEST_ACT.match(sentence, pos + len(name)) else None
    return None


# --------------------------------------------------------------------------- the page's own country

_NATIONAL_TITLE = {"summit", "ministerial"}  # title levels of a head of state or government, a minister
# "former President A": whose office it was, the story says
_PAST_OFFICE = re.compile(r"\s*(?:former|ex-|late|then|erstwhile)\b", re.I)
_TWO_COUNTRIES = re.compile(r"\b(?:embass(?:y|ies)|consulates?|high commission|permanent mission)\b", re.I)


def home_country(article) -> str | None:
    """The country whose unqualified "Foreign Minister X" an article means: its outlet's (a
    national outlet the gazetteer knows, or one named after its country or capital: "The Dhaka
    Chronicle"), else its wire's, else its site's country-code domain. None for an embassy's
    page, which speaks for one country from another."""
    known = outlets()
    for name in (article.outlet, article.wire):
        if not name:
            continue
        if _TWO_COUNTRIES.search(name):
            return None
        canonical = known.canonical(name) or name
        if country := known.home.get(canonical) or country_in(canonical):
            return country
    host = re.match(r"(?:https?://)?([^/:?#]+)", article.url or "")
    if not host or "." not in host.group(1):
        return None
    labels = host.group(1).lower().split(".")
    if country := cctlds().get(labels[-1]):
        return country
    site = next((label for label in labels[:-1] if label not in ("www", "m", "en", "amp")), "")
    glued = _glued_place().match(site)  # "dhakachronicle.net": named after its capital, as above
    return gazetteer().country_lower.get(glued.group(1)) if glued and len(site) - glued.end() >= 3 else None


_BODIES = {"European Union", "United Nations", "NATO", "African Union", "ASEAN"}  # not a country's outlets


@cache
def _glued_place() -> re.Pattern:
    """A country's or capital's name (5+ letters, no spaces) at the start of a domain label, longest first."""
    g = gazetteer()
    names = {a for a, c in g.country_lower.items() if c not in _BODIES and len(a) >= 5 and a.isalpha()}
    return re.compile("(" + "|".join(sorted(names, key=len, reverse=True)) + ")")


@lru_cache(maxsize=8192)
def _office(title: str | None) -> str | None:
    """A title that one person holds in a country at a time ("President", "Trade Minister"), as a
    key; None for a bare rank many hold ("Minister", "Secretary")."""
    words = [w for w in (title or "").lower().split() if w not in gazetteer().modifiers]
    if not words or (len(words) == 1 and _level(words[0]) != "summit"):
        return None
    return " ".join(words)


def infer_home_countries(extraction: Extraction, article) -> None:
    """Give a national officer the text attaches no country to the page's own country: a
    national outlet names its own country's ministers without saying whose they are ("Trade
    Minister A", in an Australian paper). Not a former officer, whom the story may name for
    another country's past ("supporters of former President A"), nor two holders of one office ("Presidents A and B"),
    nor one side of a two-person meeting whose other side is of that country or is unattached
    as well (a visitor is named as plainly as the host), nor someone at a meeting in another
    country (the host there is named as plainly as a visitor from home) unless the other side
    is of that country."""
    home = home_country(article)
    if home is None:
        return
    people = {p.key: p for p in extraction.people}
    unattached = [p for p in extraction.people if not p.country and _level(p.title) in _NATIONAL_TITLE
                  and not _PAST_OFFICE.match(p.title or "")]
    offices = Counter(_office(p.title) for p in unattached)
    chosen = {p.key for p in unattached if _office(p.title) is None or offices[_office(p.title)] == 1}
    for report in extraction.reports:
        there = country_of_place(report.place) if report.mode not in ("phone", "virtual") else None
        if there not in (None, home):  # at a meeting in another country: the host as likely as a visitor from home
            hosted = [k for k in report.participants if k in people and people[k].country == there]
            if not (len(report.participants) == 2 and hosted):  # ... unless the other side is the host
                chosen.difference_update(report.participants)
        if len(report.participants) != 2:
            continue
        a, b = report.participants
        both = a in chosen and b in chosen
        for one, other in ((a, b), (b, a)):
            if other in people and (people[other].country == home or both):
                chosen.discard(one)
    for key in chosen:
        people[key].country = home
