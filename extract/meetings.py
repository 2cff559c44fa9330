"""Meeting reports in one article: sentences with a meeting trigger, their participants, place,
date expression and status, merged across the sentences that describe the same meeting.

``find_meetings`` runs in the worker on a spaCy Doc; ``finish_reports`` runs where the
article's metadata is known and resolves relative dates ("on Tuesday", "last April")
against the publication date.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from .dates import MONTH, WEEKDAYS, PartialDate, find_date, month_number
from .gazetteer import gazetteer, load_patterns, meeting_data
from .gazetteer import lowered as _lower
from .hosts import infer_home_countries, infer_host_countries
from .model import Mention, ModelText, Person, Quote, Report
from .officials import BODY_START, country_in, title_level
from .officials import ENTS_KEY as _ENTS
from .officials import TEXT_KEY as _TEXT
from .officials import doc_ents as _doc_ents
from .officials import doc_text as _text
from .read import Article


def _alternation(entries: list[dict]) -> re.Pattern:
    """One regex that matches where any of the entries' patterns does."""
    return re.compile("|".join(f"(?:{e.get('regex') or e['pattern']})" for e in entries))


# The patterns are written in lower case and searched in lowered text (``_lower``): sre
# cannot skip ahead through a pattern compiled with re.I, and searched one about five
# times slower here, where these searches were a third of extraction's time.
_DATA = meeting_data()
# id, family and pattern of each trigger; the pattern is tried where the trigger's words are (patterns.py)
# rules switched off by id (DIPLOTUI_DISABLE_RULES="id,id"; benchmarks/ablate_rules.py measures each)
DISABLED = frozenset(filter(None, os.environ.get("DIPLOTUI_DISABLE_RULES", "").split(",")))
_RULES = {r["id"]: r for r in load_patterns("meeting_rules.jsonl") if r["id"] not in DISABLED}
_TRIGGER_RES = [(t["id"], t["family"], re.compile(t["regex"])) for t in load_patterns("triggers.jsonl")
                if f"trigger.{t['id']}" not in DISABLED]


def _on(rule_id: str) -> bool:
    return rule_id in _RULES


def _words(rule_id: str) -> frozenset[str]:
    return frozenset(_RULES.get(rule_id, {}).get("words", ()))
_NOT_MEETING = _alternation(_DATA["not_meeting"])
_STATUS_CUES = load_patterns("status.jsonl")
_PROPOSED, _PLANNED, _HELD = (_alternation([e for e in _STATUS_CUES if e["status"] == status])
                              for status in ("proposed", "planned", "held"))  # fmt: skip
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

_ANAPHOR = re.compile(
    r"\b(?:the|this|that|their|its|such|said|tuesday's|monday's|wednesday's|thursday's|friday's|saturday's|sunday's)"
    r"(?:\s+[\w-]+){0,4}\s+(?:meeting|talks?|summit|consultations?|call|conversation|session)\b|^(?:it|they)\b",
    re.I,
)
_PLURAL = re.compile(r"\b(?:the|both|all)\s+(two|three|four|five|six)\b|\b(?:they|both sides|the two sides)\b", re.I)
_COUNT = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def _gated(pattern: str) -> tuple[re.Pattern, re.Pattern]:
    """A lower-case pattern, and the same without word boundaries: a necessary condition that
    rules most text out several times faster (sre only skips ahead quickly through a pattern
    that does not start with an assertion)."""
    return re.compile(pattern), re.compile(pattern.replace(r"\b", ""))


_KIND_WORDS = [(kind, *_gated(pattern)) for kind, pattern in [
    ("trilateral", r"\btrilateral|three-way|three-party|three-nation|three-country|three nations|three countries"),
    ("bilateral", r"\bbilateral|two-plus-two|2\+2|one-on-one"),
    ("multilateral", r"\bmultilateral|four-way|quadrilateral|quad\b|six-party|g7|g20|asean|summit of"),
]]  # fmt: skip
_LEVEL_WORDS = [(level, *_gated(pattern)) for level, pattern in [
    ("vice-ministerial", r"vice[- ](?:foreign )?minist|deputy (?:foreign )?minist|vice-ministerial"),
    ("national-security", r"national security advis|security advis|security chiefs"),
    ("ministerial", r"\b(?:foreign )?ministerial|foreign ministers|two-plus-two|2\+2"),
    ("summit", r"\bsummit"),
]]  # fmt: skip
# a name owned by what follows it: the person is not (by this mention) at the meeting
_POSSESSED = re.compile(
    r"['’]s\s+(?:[a-z-]+\s+){0,3}?(?:administration|government|era|policy|advis[eo]r|aide|envoy|spokes\w+|secretary"
    r"|minister|deputy|office|team|delegation|cabinet|chief of staff)\b|\s+(?:administration|government|era)\b"
)
# "the government of X", "supporters of X": X's era or followers, not X at the meeting
_OF_SOMEONE = re.compile(
    r"\b(?:administration|government|presidency|era|rule|regime|legacy|supporters|followers|allies|opponents|critics"
    r"|rivals|predecessor|successor|wife|husband|widow|son|daughter) of\s+(?:[\w.]+\s+){0,4}$"
)
_ROLE_LEVELS = [*_LEVEL_WORDS, ("summit", *_gated(r"\b(?:leaders|presidents|prime ministers|heads of (?:state|government))"))]
# a sentence's closing attribution: ", <title> X told reporters." / ", X said."
_AFTER_COMMA = re.compile(r",\s*(?:[\w.'’-]+\s+){0,5}$")
_REPORTER_TAIL = re.compile(r"\s+(?:said|says|told|added|stated|noted)\b[^,;]*")
_SPOKES = re.compile(r"\bspokes(?:person|man|woman)\b|\bpress secretary\b", re.I)
_TEMPORAL_INTRO = re.compile(r"^(?:after|before|following|since|ahead of|prior to)\b", re.I)
_SPEECH = re.compile(r"\b(?:said|says|told|noted|stated|added|comments?|briefing|according to|quoted)\b", re.I)
_QUOTE = re.compile(r"[\"“]([^\"”]{12,})[\"”]")
_PLACE_PREP = {"in", "at", "to", "visited", "visiting", "visits", "reached"}
_TRAVEL_FOR = re.compile(r"\b(?:leav(?:e|es|ing)|left|depart(?:s|ed|ing)?|fl(?:y|ies|ew|ying)|head(?:s|ed|ing)?|bound|set off|sets off)\b[^.;]{0,40}\bfor\s+$", re.I)
_SOURCE_NOUNS = {"officials", "sources", "diplomats", "analysts", "observers", "reporters", "correspondents"}
_TOPIC_NOUNS = {"ceasefire", "war", "conflict", "crisis", "situation", "fighting", "violence", "tensions", "peace",
                "unrest", "elections", "developments", "stability", "security", "reconstruction", "attacks"}
_NOT_THE_PLACE = _TOPIC_NOUNS | _SOURCE_NOUNS
_ENVOY_NOUNS = {"ambassador", "envoy", "representative", "delegate", "consul", "emissary", "ambassadors", "envoys"}
_SETTLEMENT = {"city", "town", "capital", "port", "village", "resort"}
# Every alternative starts with a word boundary before a letter: the lookahead says so first,
# and sre then rules out a position by one character test instead of trying each alternative.
_DATE_RELATIVE = re.compile(
    r"(?=[A-Za-z])\b(?:"
    rf"\b(?:(?P<rel>last|next|this|earlier this|late|early)\s+)?(?P<what>{'|'.join(w.capitalize() for w in WEEKDAYS)}|week|month|year|{MONTH})\b(?:\.?\s+[0-3]?\d(?:st|nd|rd|th)?\b(?![:.]?\d))?"
    r"|\b(?P<wd>" + "|".join(w.capitalize() for w in WEEKDAYS) + r")(?:'s)?\b"
    r"|\b(?P<yesterday>yesterday|today|tomorrow)\b"
    r"|" + "|".join(f"(?i:{d['pattern']})" for d in _DATA["relative_days"]) + ")",
)
# a day named relative to the publication date ("the previous day", "this morning"): its offset in days
_RELATIVE_DAYS = [(re.compile(d["pattern"]), d["offset"]) for d in _DATA["relative_days"]]


# where one clause of a sentence ends and another, about another event, begins
_CLAUSE_BREAK = re.compile(
    r";|,\s+(?:and|but|while|whereas)\s+(?=[a-z])|\s+(?:and|but)\s+(?=(?:is|was|are|were|will|would|has|have|had"
    r"|also|then|later|plans?|is set|is due)\b)|\s+(?:came|comes|come|took place|happened|followed)\s+"
    r"(?:(?:just |only |shortly |two |three |a )?(?:days? |weeks? )?)?(?:after|before|ahead of)\b"
    r"|\s+(?:followed|follows)\s+(?:up\s+on\s+)?(?=(?:a|an|the|their|his|her)\s)"
)
_DATELINE_LEAD = re.compile(r"[A-Z][A-Z .'/-]+(?:,\s*[A-Z][\w .'-]{1,30}?)?"
                            r"(?:,\s*(?:\w+\.? \d{1,2}(?:st|nd|rd|th)?|\d{1,2}(?:st|nd|rd|th)? \w+)(?:,? \d{4})?)?"
                            r"\s*(?:\([^()]{1,40}\)\s*)?(?:--|—|–|-)\s")
# a gathering a meeting is held at the side of: who is at it is not at the meeting, and an aside
# naming it gives the meeting its place and day ("met B on the sidelines of the summit in Rio")
_SIDELINES = re.compile(r"\b(?:on|at) the (?:sidelines?|margins?) of\b", re.I)
_ASIDE = re.compile(_SIDELINES.pattern + r"|\bahead of\b|\bin the run-up to\b", re.I)
_HOSTING = re.compile(r"\b(?:hosted|chaired|attended|joined|mediated|brokered|presided over|organi[sz]ed)\s+$", re.I)


def _clause(text: str, ts: int, te: int) -> tuple[int, int]:
    """The character span of the clause around a trigger (the whole sentence when it has one clause)."""
    c0, c1 = 0, len(text)
    for m in _CLAUSE_BREAK.finditer(text):
        if m.end() <= ts:
            c0 = m.end()
        elif m.start() >= te:
            c1 = m.start()
            break
    return c0, c1


def _unquoted(text: str) -> str:
    """The text with quotations blanked out: what a speaker hopes is not what happened."""
    return _QUOTE.sub(lambda m: " " * len(m.group(0)), text)


def _trigger_spans(text: str, cues: set[str] | None = None, named: frozenset[int] = frozenset()) -> list[tuple[str, int, int]]:
    """(family, start, end) of each meeting trigger in a sentence, of the triggers whose words
    it holds (``cues``, their ids; every trigger when None). A host's verb or "spoke with" right
    before a person's name (at an offset in ``named``) is one too: "A received B in Cairo"."""
    found: list[tuple[str, int, int]] = []
    weak: list[tuple[str, int, int]] = []  # "spoke with": a meeting only where nothing else names one
    low = _lower(text)
    for trigger_id, family, pattern in _TRIGGER_RES:
        if cues is not None and trigger_id not in cues:
            continue
        for m in pattern.finditer(low):
            if any(s <= m.start() < e for _, s, e in found):
                continue
            (weak if trigger_id == "spoke-with" else found).append((family, m.start(), m.end()))
    if named and (cues is None or "host" in cues or "spoke-with" in cues):
        for m in _HOSTS_NAMED.finditer(text):
            if m.end() in named and not any(s <= m.start() < e for _, s, e in found + weak):
                (found if m.group(1)[0] in "hrw" else weak).append(("meeting", m.start(), m.end(1)))
    found += [] if found else weak
    bad = [m.span() for m in _NOT_MEETING.finditer(low)]
    return sorted(f for f in found if not any(s <= f[1] < e for s, e in bad))


# a host's verb, or "spoke with", followed by a name: the name's offset decides ("received B",
# "spoke today with B"; not "received a letter", "spoke with reporters")
_HOSTS_NAMED = re.compile(r"\b(host(?:s|ed)?|receiv(?:es|ed)|welcom(?:es|ed)|(?:spoke|speaks|talked)\s+(?:[a-z]+\s+){0,2}?with)\s+(?=[A-Z])")




def _ents_in(doc, s0: int, s1: int) -> list:
    """The entities within tokens [s0, s1)."""
    ents, starts = _doc_ents(doc)
    out = []
    for ent in ents[bisect_left(starts, s0):]:
        if ent.start >= s1:
            break
        if ent.end <= s1:
            out.append(ent)
    return out


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
        if prev == "for" and _TRAVEL_FOR.search(_text(doc), max(0, ent.start_char - 50), ent.start_char):
            prev = "to"  # "will leave Lindell for Kestrel": where she is going
        if prev in _PLACE_PREP or (prev == "of" and prev2 in _SETTLEMENT):  # "the port city of X"
            out.append((ent.start_char, name.split(",")[0].strip()))
    return out


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
    r"\b(?:[Ii]n|[Aa]t|[Tt]o|visit(?:ed|ing|s)?|reached|(?:city|town|capital|port) of)\s+([A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){0,2})"
)


def _place_for(places: list[tuple[int, str]], c0: int, ts: int, c1: int) -> str | None:
    """The place of the meeting whose trigger is at ``ts`` in clause [c0, c1): the first place
    named after the trigger in its clause, else the nearest before it."""
    inside = [(pos, name) for pos, name in places if c0 <= pos < c1]
    later = [name for pos, name in inside if pos >= ts]
    if later:
        return later[0]
    return inside[-1][1] if inside else None


def _date_text(doc, s0: int, s1: int, chars: tuple[int, int] | None = None, after: int = 0) -> str | None:
    """The date expression of the sentence (or of the clause at ``chars``) that dates the event
    whose trigger is at character ``after``: the first one at or after the trigger, else the
    nearest before it ("arrived on Tuesday, with talks scheduled for Wednesday"). The model's
    DATE entities and our own patterns ("this morning", "the previous day") both count; a date
    that says when something was said, or since when, does not."""
    c0, c1 = chars or (doc[s0].idx, doc[s1 - 1].idx + len(doc[s1 - 1]))
    full = _text(doc)
    if (lead := _DATELINE_LEAD.match(full, doc[s0].idx)) and lead.end() > c0:
        c0 = lead.end()  # "ACCRA, Jan 20, 2025 (GNA) -": the day the story was filed, not the meeting's
    found: list[tuple[int, int, str]] = []
    for ent in _ents_in(doc, s0, s1):
        if ent.label_ == "DATE" and c0 <= ent.start_char and ent.end_char <= c1:
            t = ent.text
            if _DATE_RELATIVE.search(t) or find_date(t) or re.fullmatch(r"(?:in )?(?:19|20)\d\d", t):
                found.append((ent.start_char, ent.end_char, t))
    for start, end, t in _relative_dates(doc, full, c0, c1):
        if not any(s <= start < e or start <= s < end for s, e, _ in found):
            found.append((start, end, t))
    found = sorted(f for f in found if not _NOT_WHEN.search(full, max(c0, f[0] - 40), f[0]))
    if found and "," in full[c0:c1] and not _SAME_DAY.search(full, c0, c1):
        # a day inside ", who arrived on Thursday," is that clause's, unless the trigger is in it too
        # or the meeting refers to it ("…, who arrived on Monday, received B the same evening")
        asides = [m.span() for m in _WHO_ASIDE.finditer(full, c0, c1) if not m.start() <= after < m.end()]
        found = [f for f in found if not any(a <= f[0] < b for a, b in asides)]
    if not found:
        return None
    later = [t for pos, _, t in found if pos >= after]
    return later[0] if later else found[-1][2]


_RELATIVE = "diplotui.relative"  # doc.user_data key: _DATE_RELATIVE's matches in each span searched


def _relative_dates(doc, full: str, c0: int, c1: int) -> list[tuple[int, int, str]]:
    """The matches of ``_DATE_RELATIVE`` in ``full[c0:c1]``, searched once per span: each of a
    clause's triggers asks for them (the pattern has no literal prefix to skip ahead by, so a
    search costs by the character)."""
    cache = doc.user_data.get(_RELATIVE)
    if cache is None:
        cache = doc.user_data[_RELATIVE] = {}
    found = cache.get((c0, c1))
    if found is None:
        found = cache[(c0, c1)] = [(m.start(), m.end(), m.group(0)) for m in _DATE_RELATIVE.finditer(full, c0, c1)]
    return found


# a non-restrictive relative clause on a person: ", who arrived in Moscow on Thursday,"
_SAME_DAY = re.compile(r"\b(?:the same|that)\s+(?:day|morning|afternoon|evening|night)\b", re.I)
_WHO_ASIDE = re.compile(r",\s+who\s[^,;]{0,120}?,")  # (", which they held on …," tells the meeting's own day)
# what precedes a date that does not date the event: "said on Monday", "since taking office in 2023"
_NOT_WHEN = re.compile(r"\b(?:(?:said|says|told|announced|reported|added)\s+(?:on\s+)?|since\s+(?:\S+\s+){0,3})$")


def _kind_words(text: str, table) -> str | None:
    """The first entry of ``table`` whose pattern occurs in ``text``."""
    low = _lower(text)
    for value, pattern, gate in table:
        if gate.search(low) and pattern.search(low):
            return value
    return None


# a held cue that outweighs a later modal: "met … and will …", "after the meeting, X would …"
_DECISIVE_HELD = re.compile(r"met|held|after|during")
# the trigger is the setting of what the clause tells: "… during a meeting with B", "at talks with B"
_SETTING = re.compile(r"\b(?:during|at)\s+(?:a|the|their|his|her)\s+(?:[\w-]+\s+){0,2}$")
_RELATIVE_MODAL = re.compile(r"\b(?:that|which|who)\s+(?:will|would|could|may|might|shall)\b")


def _status(text: str, trigger: int | None = None) -> str:
    """held, planned or proposed, from the cues of a clause; a modal in a relative clause ("an
    agreement that will make …") is about something else. An "after the meeting" followed by a
    plan's cue before the trigger at offset ``trigger`` is an earlier meeting ("After the
    meeting, X flew to Paris, where he is to meet Y"), not this one's status; a proposal made
    "during a meeting" with someone does not make that meeting a proposal."""
    low = _RELATIVE_MODAL.sub(lambda m: " " * len(m.group(0)), _lower(text))
    setting = trigger is not None and _SETTING.search(low, 0, trigger)
    if _PROPOSED.search(low) and not setting:  # "A proposed a summit during a meeting with B": B's meeting is held
        return "proposed"
    planned = _PLANNED.search(low)
    held = _HELD.search(low)
    decisive = held and held.start() < planned.start() and _DECISIVE_HELD.match(held.group(0)) if planned else False
    if decisive and trigger is not None and held.group(0).startswith(("after", "during")) \
            and _PLANNED.search(low, held.end(), trigger):
        decisive = False  # a plan's cue between the earlier meeting and this trigger
    if planned and not decisive:
        return "planned"
    return "held"


_PLACE_NOUN = re.compile(r"\s+(?:[a-z]+\s+)?(?:city|capital|town|port|resort|island|province|region|village)\b")


def _sides(doc, s0: int, s1: int, places: list[str], chars: tuple[int, int] | None = None) -> list[str]:
    """Countries the sentence (or the clause at ``chars``) names as the sides of the meeting."""
    g = gazetteer()
    sides: list[str] = []
    c0, c1 = chars or (0, len(_text(doc)))
    lead = _DATELINE_LEAD.match(_text(doc), doc[s0].idx)
    if lead:  # "BUSAN, South Korea (AP) —": where the story was filed, not a side
        c0 = max(c0, lead.end())
    for ent in _ents_in(doc, s0, s1):
        if ent.label_ not in ("GPE", "NORP", "ORG"):
            continue
        if ent.start_char < c0 or ent.end_char > c1:
            continue
        prev = doc[ent.start - 1].lower_ if ent.start > s0 else ""
        if prev in _PLACE_PREP and ent.text in places:
            continue
        if prev in ("in", "to", "from", "of", "on", "against"):
            continue
        if _PLACE_NOUN.match(_text(doc), ent.end_char):
            continue  # "the Valdoran harbour city of Kestrel": where, not who
        country = g.country_of.get(ent.text) or g.country_of.get(re.sub(r"['’]s$", "", ent.text)) \
            or g.country_lower.get(re.sub(r"^the ", "", ent.text.lower()).removesuffix("'s"))  # fmt: skip
        if country and country not in sides:
            sides.append(country)
    return sides


def find_meetings(doc, people: list[Person], mentions: list[Mention]) -> list[Report]:
    """Sentence-level meeting candidates merged into one report per meeting the article describes."""
    try:
        return _find_meetings(doc, people, mentions)
    finally:
        drop_caches(doc)


def drop_caches(doc) -> None:
    """Take what extraction keeps on a Doc while it reads it (the entities, places, date
    matches, text) off it again: Spans do not serialise, and the caches are for one reading."""
    for key in (_ENTS, _PLACES, _HAS_VENUE, _RELATIVE, _TEXT):
        doc.user_data.pop(key, None)


@dataclass
class _Sentence:
    """A sentence with meeting triggers, and what it names."""

    text: str
    start: int  # character offset in the doc
    s0: int  # token span
    s1: int
    mentions: list[Mention]
    present: list[int]  # the people it names as (possibly) taking part
    places: list[tuple[int, str]]
    sides: list[str]
    quotes: list[Quote]
    described: int | None = None  # whom an opening "The Russian minister" means


@dataclass
class _Before:
    """What the sentences before the current one named: whom a pronoun or "the two" refers to,
    and where "there" is."""

    people: list[int] = field(default_factory=list)  # of the latest sentence naming anyone
    span: tuple[int, int] | None = None  # that sentence's tokens
    place: str | None = None  # the place of the latest meeting reported: where "the visit" is


@dataclass
class _Clause:
    """The clause of a sentence that a trigger belongs to."""

    c0: int  # clause start, in sentence characters
    c1: int  # clause end
    k1: int  # clause end before an aside ("on the sidelines of …", another event)
    split: bool  # the sentence has several clauses
    shared_subject: bool  # "X visited Y and held talks with Z": the subject is the first clause's


def _one_per_meeting(reports: list[dict]) -> list[dict]:
    """One report per meeting: a planned meeting whose people are all in another's, told alike
    (kind of contact, no conflicting date or place, neither set apart as separate), is the same
    meeting announced twice ("Lenz will meet Rusk on 4 May" in the headline and the lead); two
    trigger words opening one report's sentence for the same people are one contact. (Held
    meetings of the same people are told apart by the merge of sentences: the same people on
    another day are another meeting.)"""
    out: list[dict] = []
    for r in reports:
        p = set(r["participants"])
        into = next((o for o in out if p and set(o["participants"]) and (p <= set(o["participants"]) or set(o["participants"]) <= p)
                     and (p == set(o["participants"]) or min(len(p), len(o["participants"])) >= 2)  # one person: any meeting
                     and o["status"] == r["status"] == "planned" and o["family"] == r["family"] and not _conflict(o, r)
                     and not (o.get("earlier") or r.get("earlier") or o.get("separate") or r.get("separate"))
                     and not o.get("gathering") and not r.get("gathering")), None)  # fmt: skip
        if into is None:  # two words of one sentence for one contact: "talks … via videoconference", "a video call with"
            into = next((o for o in out if p and set(o["participants"]) == p and o["status"] == r["status"]
                         and o["sentences"][0] == r["sentences"][0] and not o.get("earlier") and not r.get("earlier")), None)
            if into is not None and "summit" in (into["family"], r["family"]):
                into = None  # "met B after the summit": the summit is another gathering
            if into is not None:
                into["family"] = next(f for f in ("virtual", "phone", "summit", "meeting") if f in (into["family"], r["family"]))
                into["trigger"] = r["trigger"] if into["family"] == r["family"] else into["trigger"]
        if into is None:
            out.append(r)
            continue
        _absorb(into, r, add_people=True)
        into["rules"] = into.get("rules", []) + ["report.one-per-meeting"]
    return out


def _with_unmarked_names(text: str, people: list[Person], mentions: list[Mention]) -> list[Mention]:
    """The mentions, and each further place the text writes an official's full name (two words
    or more) where officials found none ("… Chancellor of the Federal Republic of Germany Olaf
    Scholz" under a headline that named him): a participant is who the text names."""
    taken = [(m.start, m.end) for m in mentions]
    extra: list[Mention] = []
    for p in people:
        for name in {p.name, *p.variants}:
            if len(name.split()) < 2 or not name[:1].isupper():
                continue
            for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
                if not any(a < m.end() and m.start() < b for a, b in taken):
                    taken.append(m.span())
                    extra.append(Mention(p.key, m.start(), m.end(), name, "", p.title, p.country))
    return sorted(mentions + extra, key=lambda m: m.start) if extra else mentions


def _find_meetings(doc, people: list[Person], mentions: list[Mention]) -> list[Report]:
    """Decides the article's meeting reports: each body sentence's triggers read and merged
    (``_sentence_reports``), then each report completed from the article (its named sides'
    officials, the lead's day) and kept when it names a participant (a proposal: two, someone
    to meet)."""
    by_key = {p.key: p for p in people}
    sents = list(doc.sents) if doc.has_annotation("SENT_START") else [doc[:]]
    body_start = doc.user_data.get(BODY_START, 0)
    if _on("participants.unmarked-name"):
        mentions = _with_unmarked_names(_text(doc), people, mentions)
    reports = _sentence_reports(doc, sents, mentions, by_key, body_start)
    lead_sent = next((s for s in sents if s.start_char >= body_start), None)
    lead = _lead_day(doc, lead_sent, mentions)
    if any(r["place"] in (None, ON_VISIT) and r["family"] not in ("phone", "virtual") for r in reports):
        _place_from_travel(reports, _travels(doc, sents, mentions, body_start))
    # "X is to meet Y later in the day": where the day's meeting told first was
    today = next((r["place"] for r in reports if r["place"] and r["family"] not in ("phone", "virtual")
                  and not r.get("earlier") and not _FAR_PAST.search(r["date_text"] or "")), None)  # fmt: skip
    reports = _one_per_meeting(reports) if _on("report.one-per-meeting") else reports
    out = []
    for r in reports:
        if r["place"] is None and r["family"] not in ("phone", "virtual") and _LATER_TODAY.search(r["date_text"] or ""):
            r["place"] = today
        r["place"] = HERE if r["place"] == ON_VISIT else r["place"]
        _expand_sides(r, people, by_key)
        if r.get("headline") and not r["date_text"] and r["status"] == "held":
            r["date_text"] = _lead_names_day(doc, lead_sent, mentions, r["participants"])
        if lead and not r["date_text"] and r["status"] == "held" and not r.get("earlier") and (
                len(r["sides"]) >= 2 and set(r["sides"]) == set(lead[1])
                or r["participants"] and set(r["participants"]) <= lead[2]) \
                and not (r["place"] and lead[3] and r["place"] not in lead[3]) \
                and not any(_OTHER_TIME.search(t) for t in r["sentences"]):  # fmt: skip
            r["date_text"] = lead[0]
        if len(r["participants"]) >= (2 if r["status"] == "proposed" else 1):  # "A called for a summit": a wish, no meeting
            out.append(_to_report(r, by_key))
    return out


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
    from .hosts import country_of_place

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


def _place_from_travel(reports: list[dict], travels: dict[int, set[str]]) -> None:
    """An in-person meeting of these days that the text places nowhere, or only "during the
    visit", is where one of its participants travels, when the article sends that person to one
    city only (and no other participant elsewhere)."""
    from .hosts import country_of_place

    for r in reports:
        if r["place"] not in (None, ON_VISIT) or r["family"] in ("phone", "virtual") or r.get("earlier"):
            continue
        if r["date_text"] and (_FAR_PAST.search(r["date_text"]) or not _names_day(r["date_text"])):
            continue  # "last month", "in 2018": another trip's meeting
        cities = {city for p in r["participants"] if len(travels.get(p, ())) == 1 for city in travels[p]}
        if len(cities) == 1:
            city = cities.pop()
            if _in_country(r["sentences"]) - {country_of_place(city)}:
                continue  # "A also met B in South Korea": placed, in another country than the trip's
            r["place"] = city


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


def _sentence_reports(doc, sents: list, mentions: list[Mention], by_key: dict[int, Person], body_start: int) -> list[dict]:
    """Decides which sentences report meetings and what each says: the triggers of a sentence
    holding a trigger's words, read into candidates (participants, place, date, status), each
    merged into the report of the same meeting or added. Tracks whom later sentences'
    pronouns and "the two" mean, and where "there" is."""
    from .patterns import trigger_cues  # spaCy is loaded already: there is a Doc

    cues = trigger_cues(doc)
    cue_at = [i for i, _ in cues]
    reports: list[dict] = []
    headline: list[dict] = []
    before = _Before()
    speaker: int | None = None  # whose turn it is in a transcript ("SECRETARY A: … we met …")
    recent: list[int] = []  # the people named so far, the latest first: whom "the envoy" means
    full = _text(doc)
    for sent in sents:
        start_char, end_char = sent.start_char, sent.end_char
        text = full[start_char:end_char]  # Span.text rebuilds it from the tokens
        in_sent = [m for m in mentions if start_char <= m.start < end_char]
        if (label := _SPEAKER_LABEL.match(full, full.rfind("\n", 0, start_char) + 1)) and label.end() > start_char:
            speaker = next((m.person for m in in_sent if m.end == label.end(1)), None)  # "QUESTION:" ends a turn
        ids = {cues[k][1] for k in range(bisect_left(cue_at, sent.start), bisect_left(cue_at, sent.end))}
        named = frozenset(m.start - start_char for m in in_sent if _text(doc)[m.end : m.end + 2] not in ("'s", "’s")) \
            if "host" in ids or "spoke-with" in ids else frozenset()  # fmt: skip
        triggers = _own_triggers(text, ids, named) if ids else []
        if triggers:
            s = _read_sentence(doc, sent.start, sent.end, start_char, text, in_sent, by_key)
            side = _SIDELINES.search(text)
            for family, ts, te in triggers:
                # "A met B at the margins of a forum with C, their first meeting of …": that
                # meeting is the gathering, not A and B's
                gathering = bool(side) and side.start() < ts and any(t[1] < side.start() for t in triggers)
                previous = max((t[2] for t in triggers if t[2] <= ts), default=0)  # the trigger before it
                for candidate, anaphoric, plural in _candidates(doc, s, family, ts, te, before, previous):
                    if gathering and not any(m.person in candidate["participants"] and m.start - start_char > side.start()
                                             for m in in_sent):  # fmt: skip
                        continue  # "… on the sidelines of the Arctic Council meeting": a venue, no one named at it
                    candidate["gathering"] = gathering
                    if speaker is not None and speaker not in candidate["participants"] \
                            and _FIRST_PERSON.search(text, 0, ts):  # fmt: skip
                        candidate["participants"] = [speaker, *candidate["participants"]]
                    if _SPEECH_VERBS and _reported(sent, start_char + ts):
                        candidate["reported"] = True
                    if _on("participants.topic-of") and (inside := _topic_people(sent, start_char + ts, in_sent)) is not None:
                        candidate["participants"] = [k for k in candidate["participants"] if k in inside]
                        candidate.setdefault("rules", []).append("participants.topic-of")
                    if _PROPOSING and candidate["status"] != "proposed" and _proposed(sent, start_char + ts):
                        candidate["status"] = "proposed"
                        candidate.setdefault("rules", []).append("status.proposal-head")
                    roles = _role_people(doc, sent, ts, te, start_char, in_sent, recent, by_key) if _OFFICE_NOUNS else []
                    if [k for k in roles if k not in candidate["participants"]] \
                            and len(set(roles) | set(candidate["participants"])) >= 2:  # not one side alone
                        candidate["participants"] = list(dict.fromkeys([*roles, *candidate["participants"]]))
                        candidate.setdefault("rules", []).append("participants.role-reference")
                    if start_char < body_start:
                        headline.append(candidate)
                        continue
                    _merge_or_add(reports, candidate, anaphoric, plural)
                    before.place = candidate["place"] or before.place
        if in_sent:  # (a spokesperson is not whom "the two" or "she" refers to)
            named = [m.person for m in in_sent if not _SPOKES.search(by_key[m.person].title or "")]
            before = _Before(list(dict.fromkeys(named)), (sent.start, sent.end), before.place)
            recent = list(dict.fromkeys([*reversed([m.person for m in in_sent]), *recent]))
    return _headline_reports(headline, reports) + reports


# headlinese for what is to come: "A to meet B", "A to visit C for talks"
_HEADLINE_PLANNED = re.compile(r"\bto (?:meet|hold|host|visit|travel|attend|discuss|sign)\b", re.I)


def _headline_reports(headline: list[dict], reports: list[dict]) -> list[dict]:
    """The meetings only the headline tells ("A, B discuss trade in Moscow talks" over a body that
    says what they discussed, not that they met): a headline's meeting of two or more people
    of whom the body reports no meeting of two. Where the body does, it tells that meeting
    better than the headline's few words."""
    out: list[dict] = []
    for cand in headline:
        people = set(cand["participants"])
        told = next((r for r in reports + out if len(people & set(r["participants"])) >= 2), None) if len(people) >= 2 else None
        if told is not None and _on("report.headline-facts") and told["status"] == cand["status"] and not _conflict(told, cand):
            told["place"] = told["place"] or cand["place"]  # "In Kestrel, A started talks with B" over the body's "talks began"
            told["date_text"] = told["date_text"] or cand["date_text"]
            told["rules"] = told.get("rules", []) + (["report.headline-facts"] if cand["place"] or cand["date_text"] else [])
        if len(people) < 2 or told is not None:
            continue
        if _HEADLINE_PLANNED.search(cand["sentences"][0]):
            cand["status"] = "planned"
        cand["headline"] = True
        out.append(cand)
    return out


# offices a role reference names ("the President of Russia", "the Chinese leader", "the envoy")
_OFFICE_NOUNS = _words("participants.role-reference")
_TOPIC_NOUNS_OF = _words("participants.topic-of")  # "his assessment of the talks between …"
_PARTITIVE = frozenset(_RULES.get("participants.topic-of", {}).get("partitive", ()))  # "a round of", "a series of"
_PROPOSING = _words("status.proposal-head")  # "stood ready for a summit"
_SUBJECTS = {"nsubj", "nsubjpass"}
_WITH = {"with", "between"}


_SPEECH_VERBS = _words("date.reported-speech")


def _trigger_token(sent, at: int):
    return next((t for t in sent if t.idx <= at < t.idx + len(t.text) + 1), None)


def _topic_people(sent, at: int, in_sent: list[Mention]) -> list[int] | None:
    """When the trigger at ``at`` is the topic of another noun and has its own "between" phrase
    ("X gave his assessment of the talks between A and B", "informed Y about the status of
    talks between …"), the people inside its own phrase; None when it is not."""
    tok = _trigger_token(sent, at)
    if tok is None or tok.dep_ != "pobj" or tok.head.lower_ not in ("of", "about", "on", "regarding", "concerning"):
        return None
    noun = tok.head.head
    if noun.lower_ in _PARTITIVE and noun.dep_ == "pobj" and noun.head.lower_ in ("of", "about", "on"):
        noun = noun.head.head  # "her view of the second round of talks between …"
    if noun.lower_ not in _TOPIC_NOUNS_OF or not any(
            c.dep_ == "prep" and c.lower_ in ("between", "among") for c in tok.children):
        return None  # "discussed the outcomes of their summit": the subject's own meeting
    a, b = tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text)
    return [m.person for m in in_sent if a <= m.start < b]


def _proposed(sent, at: int) -> bool:
    """Whether the trigger at ``at`` is governed, within four steps up the parse, by a word of
    wish, offer or invitation ("stood ready for a summit", "accepted an invitation to visit")."""
    tok = _trigger_token(sent, at)
    for _ in range(4):
        if tok is None or tok.head.i == tok.i:
            return False
        if tok.dep_ == "prep" and tok.lower_ not in ("to", "for", "of"):
            return False  # "proposed a summit during a meeting with B": the meeting is the setting
        tok = tok.head
        if tok.lower_ in _PROPOSING:
            return True
    return False


def _reported(sent, at: int) -> bool:
    """Whether the trigger at character ``at`` is told inside reported speech (syntax: a clause
    governed by a verb of saying, "A said he had talks with B"), not by the text itself."""
    tok = next((t for t in sent if t.idx <= at < t.idx + len(t.text) + 1), None)
    while tok is not None and tok.head.i != tok.i:
        if tok.dep_ in ("ccomp", "parataxis") and tok.head.lower_ in _SPEECH_VERBS:
            return True
        tok = tok.head
    return False


def _role_people(doc, sent, ts: int, te: int, start: int, in_sent: list[Mention], recent: list[int],
                 by_key: dict[int, Person]) -> list[int]:
    """The people a meeting predicate's role references mean (syntax: the subject of the
    trigger's verb, and the objects of its "with"/"between"): "The President of Valdora held
    talks with B", "B met the Chinese leader". A role reference names no one itself; it means
    the article's one person whose title holds the office and whose country fits the reference's
    ("of Russia", "Chinese"), the most recently named first."""
    named = [(m.start, m.end) for m in in_sent]
    tokens = [t for t in sent if start + ts <= t.idx < start + te]
    if not tokens or not doc.has_annotation("DEP"):
        return []
    trig = tokens[0]
    verb = trig
    while verb.dep_ in ("dobj", "compound", "amod", "attr", "xcomp") and verb.head.i != verb.i:  # "held talks"
        verb = verb.head
    roles = [c for c in verb.children if c.dep_ in _SUBJECTS]
    for head in (trig, verb):
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in _WITH:
                roles += [o for o in prep.children if o.dep_ == "pobj"]
    roles += [c for r in list(roles) for c in r.children if c.dep_ == "conj"]
    if verb is trig and verb.pos_ in ("VERB", "AUX") or verb.tag_.startswith("VB"):
        roles += [c for c in verb.children if c.dep_ == "dobj"]  # "received the President of Finland"
    out: list[int] = []
    g = gazetteer()
    for r in roles:
        if r.lower_ not in _OFFICE_NOUNS or any(a <= r.idx < b for a, b in named):
            continue
        phrase = doc[r.left_edge.i : r.right_edge.i + 1]
        if any(a < phrase.end_char and phrase.start_char < b for a, b in named):
            continue  # "President of Finland Sauli Niinistö": a name, not a reference
        country = None
        for t in phrase:
            if t.i != r.i and t.text[:1].isupper():
                country = g.country_of.get(t.text) or country
        fits = [k for k, p in by_key.items() if r.lower_ in (p.title or "").lower()
                and (country is None or p.country == country or country.lower() in (p.title or "").lower()
                     or any(a.lower() in (p.title or "").lower() for a, c in g.country_of.items() if c == country and len(a) > 3))]
        fits.sort(key=lambda k: recent.index(k) if k in recent else len(recent))
        if fits and (len(fits) == 1 or fits[0] in recent):
            out.append(fits[0])
    return list(dict.fromkeys(out))


# a transcript's speaker label at the start of a line ("SECRETARY A:", "FOREIGN MINISTER B:", "QUESTION:")
_SPEAKER_LABEL = re.compile(r"[ \t]*(?:[A-Z][A-Z.'’-]*[ \t]+){0,4}([A-Z][A-Z'’-]{2,})[ \t]*:")
# the speaker as the subject: "we had a productive meeting", "It's a pleasure to welcome B"
_FIRST_PERSON = re.compile(r"\b(?:I|we|We|my|our|Our)\b|\bpleasure to\b")
# a meeting set apart in time from the story's: "follows by a month the summit he attended"
_OTHER_TIME = re.compile(r"\b(?:days?|weeks?|months?|years?|shortly|soon|just)\s+(?:after|before|ago|earlier|later)\b", re.I)


def _lead_day(doc, lead, mentions: list[Mention]) -> tuple[str, list[str], set[int], set[str]] | None:
    """The day the article's lead sentence tells a held event on, the sides, people and places it
    names ("China and South Korea …, the two countries' foreign ministers agreed on Saturday"):
    a news lead dates the story's event, and a held meeting of the same sides or people that
    the article leaves undated ("The agreement came during A's visit to B") is that event,
    unless it is elsewhere or set apart in time ("two weeks after")."""
    if lead is None:
        return None
    if not _HELD.search(_lower(_unquoted(_text(doc)[lead.start_char : lead.end_char]))):
        return None
    when = _date_text(doc, lead.start, lead.end)
    sides = _sides(doc, lead.start, lead.end, [])
    people = {m.person for m in mentions if lead.start_char <= m.start < lead.end_char}
    places = {name for _, name in _places(doc, lead.start, lead.end)}
    return (when, sides, people, places) if _names_day(when) and (len(sides) >= 2 or people) else None


_LATER_TODAY = re.compile(r"\blater (?:in the day|today|this (?:morning|afternoon|evening))\b|\bthis (?:afternoon|evening)\b", re.I)


def _lead_names_day(doc, lead, mentions: list[Mention], participants: list[int]) -> str | None:
    """The day the lead sentence gives, when it names two of ``participants``: a headline's
    meeting ("A, B hold talks") is dated by a lead about them ("A on Tuesday told B …")."""
    if lead is None:
        return None
    named = {m.person for m in mentions if lead.start_char <= m.start < lead.end_char}
    if len(named & set(participants)) < 2:
        return None
    when = _date_text(doc, lead.start, lead.end)
    return when if _names_day(when) else None


def _own_triggers(text: str, cues: set[str] | None = None,
                  named: frozenset[int] = frozenset()) -> list[tuple[str, int, int]]:  # fmt: skip
    """The sentence's triggers, each standing for one meeting: in "joined by X for trilateral
    talks" the talks are the meeting X joined, and in "met … for talks" the talks are the meeting."""
    triggers: list[tuple[str, int, int]] = []
    for t in sorted(_trigger_spans(text, cues, named), key=lambda t: t[1]):  # "an Energy Summit Video Call": one
        if triggers and _ONE_PHRASE.fullmatch(text, triggers[-1][2], t[1]):
            prev = triggers[-1]
            triggers[-1] = (min(prev[0], t[0], key=_family_rank), prev[1], t[2])
        else:
            triggers.append(t)
    triggers.sort()  # by family, then place, as _trigger_spans gives them
    joined = next((ts for family, ts, te in triggers if text[ts:te].lower() == "joined by"), None)
    if joined is not None:
        triggers = [t for t in triggers if t[1] <= joined]
    own = triggers[:1]
    for t in triggers[1:]:
        prev = own[-1]
        if _PURPOSE.search(text, max(prev[2], t[1] - 40), t[1]) and _clause(text, t[1], t[2])[0] <= prev[1]:
            continue  # "were due to meet … for another round of talks": the talks are that meeting
        own.append(t)
    return own


# triggers with nothing between them but a capitalised word or two name one meeting
_ONE_PHRASE = re.compile(r"[ -]*(?:[A-Z][a-z]+[ -]+){0,2}")
_FAMILIES = ("phone", "virtual", "summit", "meeting")  # the first a phrase's words name is what it was


def _family_rank(family: str) -> int:
    return _FAMILIES.index(family) if family in _FAMILIES else len(_FAMILIES)


_PURPOSE = re.compile(r"\bfor\s+(?:a|an|the|their|its)?\s*(?:[\w'’-]+\s+){0,4}$", re.I)


def _read_sentence(doc, s0: int, s1: int, start: int, text: str, in_sent: list[Mention], by_key) -> _Sentence:
    places = _places(doc, s0, s1)
    quotes = [Quote(q.group(1).strip(), _speaker(text, q, in_sent, start)) for q in _QUOTE.finditer(text)]
    return _Sentence(text, start, s0, s1, in_sent, _present(doc, text, start, in_sent, by_key), places,
                     _sides(doc, s0, s1, [name for _, name in places]), quotes, _described(text, by_key))  # fmt: skip


# a sentence opening with a described official: "The Russian minister is to call on …"
_DESCRIBED = re.compile(r"\s*[Tt]he\s+([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)?)\s+"
                        r"((?i:minister|president|premier|chancellor|secretary|envoy|diplomat|leader))\b")  # fmt: skip


def _described(text: str, by_key) -> int | None:
    """The one person of the article of that nationality and office ("the Russian minister": the
    article's one Russian minister; "the Brazilian leader": its one Brazilian head of state or
    government)."""
    m = _DESCRIBED.match(text)
    country = country_in(m.group(1)) if m else None
    if not country:
        return None
    head = m.group(2).lower()
    fits = [p.key for p in by_key.values() if p.country == country and (
        title_level(p.title) == "summit" if head == "leader" else head in (p.title or "").lower())]  # fmt: skip
    return fits[0] if len(fits) == 1 else None


def _present(doc, text: str, start: int, in_sent: list[Mention], by_key) -> list[int]:
    """The people a sentence names who may take part in its meetings: not a name that only
    owns something ("X's adviser"), is quoted, dates an era ("the government of X"), or
    belongs to a spokesperson (they report meetings; they are not their principals), or closes
    the sentence as its source (", Foreign Minister X told reporters.")."""
    full = _text(doc)
    named: list[int] = []
    for m in in_sent:
        if _POSSESSED.match(full, m.end) or _inside_quote(text, m.start - start):
            continue
        if _OF_SOMEONE.search(full[max(0, m.start - 60) : m.start].lower()):
            continue
        if re.match(r"\s+(?:took|assumed|came to|was elected|won)\b", full[m.end : m.end + 20]):
            continue
        if _SPOKES.search(by_key[m.person].title or ""):
            continue
        if _AFTER_COMMA.search(full, max(start, m.start - 60), m.start) \
                and _REPORTER_TAIL.fullmatch(full, m.end, start + len(text)):  # fmt: skip
            continue  # "…, Foreign Minister X told reporters": X reports the meeting, not in it
        if m.person not in named:
            named.append(m.person)
    return named


def _clause_of(s: _Sentence, ts: int, te: int) -> _Clause:
    c0, c1 = _clause(s.text, ts, te)
    aside = _ASIDE.search(s.text, te, c1)
    split = c0 > 0 or c1 < len(s.text)
    shared = split and not any(c0 <= m.start - s.start < ts for m in s.mentions) \
        and any(m.start - s.start < c0 for m in s.mentions if m.person in s.present)  # fmt: skip
    return _Clause(c0, c1, aside.start() if aside else c1, split, shared)


def _participants(s: _Sentence, ts: int, te: int, cl: _Clause, before: _Before) -> list[int]:
    """Who the trigger's clause names as meeting."""
    text, off = s.text, s.start
    people = _clause_people(text, ts, te, s.mentions, off, s.present)
    if cl.split:  # a sentence of several clauses: the trigger's own clause says who
        own = [p for p in people if any(m.person == p and cl.c0 <= m.start - off < cl.c1 for m in s.mentions)]
        subject = next((m.person for m in s.mentions if m.person in s.present and m.start - off < cl.c0), None)
        if cl.shared_subject and subject is not None and subject not in own:
            own.insert(0, subject)
        people = own or ([] if _ANAPHOR_SUBJECT.match(text, cl.c0, ts) else people)  # "The meeting followed …"
    said = re.search(r"\b(?:said|says|told(?: \w+)?)\s+(?:that\s+)?(?=(?:the|a|an|both|all|their|its|these)\b)",
                     text[cl.c0 : ts])  # "X said the three countries agreed to …": X reports, not meets
    if said and len(people) == 1 and not re.search(r"\b(?:he|she|I|we|they)\b", text[cl.c0 + said.end() : ts]):
        if any(m.person == people[0] and m.start - off < cl.c0 + said.start() for m in s.mentions):
            people = []
    if _ON_BEHALF.search(text):  # "A passed on C's greetings to B": C was not there
        people = [p for p in people if not (mine := [m for m in s.mentions if m.person == p])
                  or not all(_for_another(text, m.start - off) for m in mine)]  # fmt: skip
    side = _SIDELINES.search(text, te)
    if side:  # "A met B at the margins of a summit with C": C is at the summit, not at this meeting
        people = [p for p in people if any(m.person == p and m.start - off < side.start() for m in s.mentions)]
    comma = text.find(",")
    if _TEMPORAL_INTRO.match(text) and 0 < comma and ts < comma:  # "After meeting X, Y flew on to …"
        people = [p for p in people if any(m.person == p and m.start - off < comma for m in s.mentions)]
    if s.described is not None and s.described not in people and cl.c0 == 0 \
            and not any(m.start - off < ts for m in s.mentions):  # fmt: skip
        people = [s.described, *people]  # "The Russian minister is to call on B"
    if (before.people and not any(cl.c0 <= m.start - off < ts for m in s.mentions)
            and (_PRONOUN_SUBJECT.search(text[cl.c0 : ts]) or _PRONOUN_FIRST.match(text, cl.c0, ts))
            and before.people[0] not in people):  # fmt: skip
        people = [before.people[0], *people]  # "A day before, she had talks with X": she, named before
    who = _WHO_SUBJECT.search(text, cl.c0, ts)
    if who and (subject := next((m.person for m in s.mentions if m.end - off == who.start()), None)) is not None:
        # "A was accompanied by B, who held talks with C": B and C meet, not A
        after = [p for p in people if any(m.person == p and m.start - off >= who.end() for m in s.mentions)]
        people = [subject, *[p for p in after if p != subject]]
    return people


# (not "at the invitation of": who invites is mostly the host, at the meeting)
_ON_BEHALF = re.compile(r"\b(?:greetings|regards|(?:best )?wishes|message|letter|congratulations|condolences)"
                        r"\s+(?:of|from)\s+|\bon behalf of\s+", re.I)  # fmt: skip
_NOT_A_NAME_LIST = re.compile(r"\bto\b|[;.:]|,\s+(?:and\s+)?[a-z]")


def _for_another(text: str, pos: int) -> bool:
    """Whether the name at ``pos`` is whom greetings, a letter or a message come from, in the list
    of names right after "the greetings of" / "on behalf of"."""
    return any(not _NOT_A_NAME_LIST.search(text, m.end(), pos) and pos - m.end() < 120
               for m in _ON_BEHALF.finditer(text, 0, pos))  # fmt: skip


_ANAPHOR_SUBJECT = re.compile(r"\s*(?:the|this|that|their|its|such)\s+(?:[\w-]+\s+){0,3}$", re.I)
# the clause's subject is a pronoun: "He is expected to travel to Accra on Wednesday for talks with X"
# (not "He noted that Norway would hold talks with X": what he reports, not what he does)
_PRONOUN_FIRST = re.compile(r"\s*(?:He|She)\s+(?!said|says|told|added)(?![^,;:\"“]*\b(?:that|whether|if)\b)"
                            r"[^,;:\"“]{0,80}$")  # fmt: skip
# a relative clause on the name just before it, holding the trigger: "…, B, who held talks with C"
_WHO_SUBJECT = re.compile(r",\s+who\s+(?!said|says|told|added)[^,;]{0,60}$")
_PRONOUN_SUBJECT = re.compile(r"\b(?:he|she)\s+(?:[a-z]+\s+){0,3}$", re.I)


def _candidates(doc, s: _Sentence, family: str, ts: int, te: int, before: _Before, previous: int = 0):
    """The meeting (or meetings) one trigger reports, with whether it refers back to an
    earlier one ("the talks", "it") and a plural subject ("the two")."""
    text = s.text
    cl = _clause_of(s, ts, te)
    participants = _participants(s, ts, te, cl, before)
    if _BETWEEN_ROLES.match(text, te):  # "a summit between the leaders of the two countries": offices, not the people named
        participants = []
    role_sides, roles, past_offices = _offices_meeting(doc, text, ts, te, cl, participants)
    anaphoric = bool(_ANAPHOR.search(text[max(cl.c0, ts - 40) : te])) or bool(re.match(r"(?:it|they)\b", text, re.I))
    plural = _PLURAL.search(text, cl.c0, cl.k1)
    if not participants and not role_sides and not past_offices and plural and before.people:
        participants = _named_before(ts, plural, before)
    facts = _facts(doc, s, family, ts, te, cl, before, previous)
    level_word, hosting, joining = _kind_of(text, ts, te, cl, roles if role_sides else None)
    anaphoric = anaphoric or joining
    groups = _separately(s, ts, te, participants)
    if groups:  # the sentence's countries are not each meeting's sides
        facts["sides"] = []
    for group in groups or [participants]:
        candidate = {
            **facts, "participants": group, "sentences": [text.strip()], "hosting": hosting,
            "level_word": level_word, "family": family, "trigger": text[ts:te],
            "sides": role_sides or facts["sides"], "quotes": s.quotes, "by_role": bool(role_sides),
            "speakers": list(group) if len(group) == 1 and _SPEECH.search(text) else [],
            "earlier": bool(_EARLIER.search(text, cl.c0, cl.k1)),  # "they last met in …": another, earlier meeting
            "separate": bool(_SEPARATE.search(text, max(0, ts - 30), ts)),  # "held separate bilateral talks"
            "follows": bool(_FOLLOWS.search(text, cl.c0, ts)),
        }  # fmt: skip
        yield candidate, anaphoric, plural


def _offices_meeting(doc, text: str, ts: int, te: int, cl: _Clause, participants: list[int]) -> tuple[list, str, bool]:
    """Decides the sides of a meeting the text tells by offices, not names ("the foreign ministers
    of the two countries met"): the sides, the roles' words, and whether the roles are past
    holders ("… last met in 2019": not today's, so no sides)."""
    role_sides, roles = _role_sides(doc, text, ts, te) if not participants else ([], "")
    past_offices = bool(role_sides) and bool(_EARLIER.search(text, cl.c0, cl.k1))
    return ([] if past_offices else role_sides), roles, past_offices


def _named_before(ts: int, plural: re.Match, before: _Before) -> list[int]:
    """Decides who "the two met" means: the people named before, when as many as the count
    says were named ("the two officials met", one of them named: as many as named, if close)."""
    count = _COUNT.get((plural.group(1) or "").lower())
    known = len(before.people)
    if (count is None and known >= 2) or count == known or (count and count > known and abs(ts - plural.end()) <= 30):
        return list(before.people)
    return []


def _kind_of(text: str, ts: int, te: int, cl: _Clause, roles: str | None) -> tuple[str | None, bool, bool]:
    """Decides the meeting's level word (from the trigger's words, or the roles that meet),
    whether the subject hosts it rather than meets ("hosted the talks"), and whether the clause
    tells who joined an earlier-named meeting ("The meeting will be attended by X", which then
    hosts and refers back)."""
    level_word = _kind_words(text[max(0, ts - 30) : te], _LEVEL_WORDS)
    if roles is not None:  # "both states' foreign ministers": the level the roles name
        level_word = _kind_words(roles, _ROLE_LEVELS)
    hosting = bool(re.search(r"\b(?:hosted|chaired|attended|joined|mediated|brokered|presided over)\s+"
                             r"(?:the|this|that|their|these)\s+(?:[\w-]+\s+){0,3}$", text[cl.c0 : ts]))  # fmt: skip
    joining = bool(_JOINING.search(text, cl.c0, cl.k1))  # "Those who took part were X, Y"
    return level_word, hosting or joining, joining


_EARLIER = re.compile(r"\b(?:previously|(?:most )?recently|last|first|earlier|had(?: \w+)?)\s+(?:met|held|talked|spoke)\b", re.I)


_JOINING = re.compile(
    r"\b(?:be|been|was|were|is|are)\s+(?:also\s+)?(?:hosted|chaired|attended|joined)\s+by\b"
    r"|\bwho\s+(?:took part|participated|attended)\b",
    re.I,
)


def _separately(s: _Sentence, ts: int, te: int, participants: list[int]) -> list[list[int]] | None:
    """ "X will hold separate meetings with A and with B": one meeting of X with each (not "a
    separate call", which is one meeting apart from the last)."""
    if not _SEPARATE.search(s.text[max(0, ts - 12) : ts]):
        return None
    subject = [p for p in participants if any(m.person == p and m.start - s.start < ts for m in s.mentions)]
    others = [p for p in participants if p not in subject]
    # "In a separate call, A spoke with B": one meeting (a singular one), apart from the last
    plural = s.text[ts:te].lower().endswith("s")
    return [[*subject, p] for p in others] if plural and len(others) >= 2 else None


_SEPARATE = re.compile(r"\bseparate\s+(?:[\w-]+\s+){0,2}$", re.I)
# "After the trilateral session, X and Y held talks": the next meeting, the same day and place
_FOLLOWS = re.compile(r"\b(?:after|following)\s+(?:the|their|this|that)\s+(?:[\w-]+\s+){0,3}(?:meeting|session|talks|summit)\b", re.I)


def _facts(doc, s: _Sentence, family: str, ts: int, te: int, cl: _Clause, before: _Before,
           previous: int = 0) -> dict:  # fmt: skip
    """Status, date, place, sides and kind of the meeting a trigger names, from its clause (its
    kind not from before a trigger earlier in the sentence: "attending the trilateral summit,
    she held talks with B" tells the kind of the summit, not of the talks)."""
    text, off = s.text, s.start
    window = _unquoted(text[max(cl.c0, ts - 80, previous) : min(cl.k1, te + 120)])
    status = _status(_unquoted(text[cl.c0 : min(cl.k1, te + 120)]), ts - cl.c0)  # the clause's subject and modal
    if _EARLIER.search(text, cl.c0, te):
        status = "held"  # "they last met in June and then agreed to hold …"
    chars = (off + cl.c0, off + cl.k1)
    date_text = _date_text(doc, s.s0, s.s1, chars, after=off + ts)
    place = _place_for(s.places, off + cl.c0, off + ts, off + cl.k1)
    if cl.k1 < cl.c1 and _SIDELINES.match(text, cl.k1):  # "met B on the sidelines of the summit in Rio on Monday"
        place = place or _place_for(s.places, off + cl.k1, off + cl.k1, off + cl.c1)
        date_text = date_text or _date_text(doc, s.s0, s.s1, (off + cl.k1, off + cl.c1), after=off + cl.k1)
    if cl.shared_subject:  # "X visited Dhaka in March and held talks with Y": the first clause's place and date
        place = place or next((name for pos, name in reversed(s.places) if pos < off + cl.c0), None)
        date_text = date_text or _date_text(doc, s.s0, s.s1, (off, off + cl.c0))
    if date_text is None and status == "held" and _JUST_DONE.search(text, cl.c0, cl.k1):
        date_text = "today"  # "we have just concluded our talks": the day of writing
    if place is None and _HERE.search(text, cl.c0, cl.k1):  # "held talks here": the dateline's city
        place = HERE
    if place is None and _DURING_VISIT.search(text, cl.c0, cl.k1):  # "will also meet X during the visit"
        place = before.place or ON_VISIT
    if place is None and before.span and _THERE.search(text, ts, cl.k1):  # "he held talks there"
        earlier = _places(doc, *before.span)
        place = earlier[-1][1] if earlier else None
    # a kind written on the trigger wins: "After the trilateral session, A and B held separate bilateral talks"
    kind_word = kind_here = _kind_words(text[max(cl.c0, ts - 30, previous) : te], _KIND_WORDS) \
        or _compound_kind(text[max(cl.c0, ts - 60, previous) : ts])  # fmt: skip
    if cl.split or cl.k1 < cl.c1:
        sides = _sides(doc, s.s0, s.s1, [name for _, name in s.places], chars)
        kind_word = kind_word or _kind_words(window, _KIND_WORDS)
    else:
        sides = s.sides
        kind_word = kind_word or _kind_words(window, _KIND_WORDS) or _kind_words(_unquoted(text[previous:]), _KIND_WORDS)
    return {"status": status, "date_text": date_text, "place": place, "sides": sides, "kind_word": kind_word,
            "kind_here": kind_here}  # fmt: skip


_JUST_DONE = re.compile(r"(?:\bha(?:ve|s)|’ve|'ve) just (?:\w+ed|met|held|had|begun|finished|wrapped up)\b", re.I)
_DURING_VISIT = re.compile(r"\bduring (?:the|his|her|their|this) (?:[\w-]+ ){0,2}(?:visit|trip|stay|tour)\b", re.I)
HERE = "\x00here"  # a place the article's dateline names, filled in by finish_reports
ON_VISIT = "\x00visit"  # where a visit the text does not place goes: the traveller's city, else HERE
_HERE = re.compile(r"\b(?:here|in this (?:[\w-]+ ){0,3}(?:city|capital|town))\b", re.I)
_THERE = re.compile(r"\bthere\b(?! (?:is|was|are|were|will|would|has|had|have)\b)", re.I)


def _trigger_id(words: str) -> str:
    """The id of the trigger pattern the words of a report's trigger match ("held talks" ->
    talks); "host-named" for a host's verb before a name ("received B")."""
    low = _lower(words)
    return next((tid for tid, _family, pattern in _TRIGGER_RES if pattern.search(low)), "host-named")


def _to_report(r: dict, by_key: dict[int, Person]) -> Report:
    countries = [by_key[p].country for p in r["participants"] if by_key[p].country]
    n_sides = len(set(countries)) if len(set(countries)) >= 2 else len(r["participants"])
    kind = r["kind_word"] or ("bilateral" if n_sides == 2 else "trilateral" if n_sides == 3
                              else "multilateral" if n_sides > 3 else None)  # fmt: skip
    levels = [title_level(by_key[p].title) for p in r["participants"]]
    level = levels[0] if levels and all(lv == levels[0] for lv in levels) and levels[0] else r["level_word"]
    mode = {"phone": "phone", "virtual": "virtual"}.get(r["family"], "in-person")
    return Report(
        participants=r["participants"], sentences=r["sentences"], status=r["status"],
        date_text=r["date_text"], place=r["place"] if mode == "in-person" else None,  # a call has no place
        kind=kind, mode=mode, level=level,
        trigger=r["trigger"], countries=r["sides"], quotes=r["quotes"],
        rules=([f"trigger.{_trigger_id(r['trigger'])}"] if r["trigger"] else []) + list(dict.fromkeys(r.get("rules", []))),
        reported=bool(r.get("reported")),
    )  # fmt: skip


_ROLE_NOUN = r"(?:[\w-]+\s+){0,3}?(?:ministers|leaders|presidents|advis[eo]rs|envoys|secretaries|diplomats|chiefs)"
_ROLES = re.compile(
    rf"\b(?:the|their)\s+{_ROLE_NOUN}\s+of\s+the\s+(two|three|four)\s+(?:countries|nations|sides|neighbou?rs)\b"
    rf"|\bthe\s+(two|three|four)\s+(?:countries|nations)['’]\s+{_ROLE_NOUN}\b",
    re.I,
)


_BETWEEN_ROLES = re.compile(rf"\s+(?:between|of)\s+(?:the|their)\s+{_ROLE_NOUN}\s+of\s+the\s+(?:two|three|four)\s+", re.I)


def _role_sides(doc, text: str, ts: int, te: int) -> tuple[list[str], str]:
    """The countries of a meeting its trigger names by roles, just before or after it ("the
    foreign ministers of the two countries met", "a session of the two states' envoys"):
    the n countries the article names most often, and the phrase."""
    m = next((m for m in _ROLES.finditer(text, max(0, ts - 90), te + 80)
              if ts - 25 <= m.end() <= ts or te <= m.start() <= te + 15), None)  # fmt: skip
    return (_article_sides(doc, _COUNT[(m.group(1) or m.group(2)).lower()]), m.group(0)) if m else ([], "")


def _article_sides(doc, n: int) -> list[str]:
    """The n countries an article names most often ("the two countries")."""
    g = gazetteer()
    counts: Counter = Counter()
    for ent in _ents_in(doc, 0, len(doc)):
        if ent.label_ in ("GPE", "NORP", "ORG"):
            c = g.country_of.get(re.sub(r"['’]s$", "", ent.text)) or g.country_lower.get(ent.text.lower())
            if c:
                counts[c] += 1
    return [c for c, _ in counts.most_common(n)]


def _inside_quote(text: str, pos: int) -> bool:
    before = text[:pos]
    return (before.count('"') % 2 == 1) or (before.count("“") > before.count("”"))


def _speaker(text: str, quote: re.Match, in_sent: list[Mention], offset: int) -> int | None:
    after = [m for m in in_sent if m.start - offset >= quote.end()]
    before = [m for m in in_sent if m.end - offset <= quote.start()]
    if after and after[0].start - offset - quote.end() < 80:
        return after[0].person
    if before:
        return before[-1].person
    return None


def _clause_people(text: str, ts: int, te: int, in_sent: list[Mention], offset: int, named: list[int]) -> list[int]:
    """The people a trigger's clause names: after "between"/"with" when present, else the sentence's."""
    tail = text[te : te + 12].lower()
    if re.match(r"\s+(?:between|among)\b", tail):
        end = len(text)
        m = re.search(r"(?<!\b[A-Z])[.;](?:\s|$)|,\s+(?=[a-z])(?!and\b)", text[te:])
        if m:
            end = te + m.start()
        people = [mm.person for mm in in_sent if te <= mm.start - offset < end and mm.person in named]
        if people:
            return list(dict.fromkeys(people))
    return list(named)


def _conflict(a: dict, b: dict) -> bool:
    ka, kb = _kind_told(a), _kind_told(b)
    if ka and kb and ka != kb and (a.get("kind_here") and b.get("kind_here") or b["sentences"][0] not in a["sentences"]):
        return True  # "A and B met …", then "both had earlier joined the trilateral meeting"
    if a.get("gathering") != b.get("gathering") and b["sentences"][0] in a["sentences"]:
        return True  # a meeting and the gathering it was on the sidelines of, in one sentence
    if a.get("earlier") != b.get("earlier") and ("planned" in (a["status"], b["status"]) or (a["date_text"] and b["date_text"])):
        return True  # "they last met in October" is not the meeting planned, nor one dated otherwise
    if a["status"] != b["status"] and "proposed" not in (a["status"], b["status"]):
        return True
    if "summit" in (a["family"], b["family"]) and a["family"] != b["family"] and a["participants"] and b["participants"]:
        return True
    if a["place"] and b["place"] and a["place"] != b["place"] and not {HERE, ON_VISIT} & {a["place"], b["place"]}:
        return True
    if {a["family"], b["family"]} & {"phone", "virtual"} and a["family"] != b["family"]:
        return True
    return _dates_conflict(a["date_text"], b["date_text"])


_WEEKDAY_RE = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")", re.I)
_MONTH_RE = re.compile(rf"\b({MONTH})\b", re.I)


_NEAR_DAY = re.compile(r"\b(?:" + "|".join(WEEKDAYS) + r"|today|yesterday|tomorrow|tonight|this morning)\b", re.I)
_FAR_PAST = re.compile(r"\b(?:last year|last month|years? ago|months ago|(?:19|20)\d\d)\b", re.I)


def _dates_conflict(a: str | None, b: str | None) -> bool:
    """Two date expressions that cannot name the same day (different weekdays, months, days, years)."""
    if not a or not b:
        return False
    for pattern in (_WEEKDAY_RE, _MONTH_RE):
        ma, mb = pattern.search(a), pattern.search(b)
        if ma and mb and ma.group(1).lower()[:3] != mb.group(1).lower()[:3]:
            return True
    da, db = find_date(a), find_date(b)
    if da and db and (da[0].month, da[0].day) != (db[0].month, db[0].day):
        return True
    for x, dy in ((a, db), (b, da)):  # "on Wednesday" and "Jan. 3, 2024": the day that date was
        weekday = _WEEKDAY_RE.search(x)
        if weekday and dy and dy[0].year and dy[0].month and dy[0].day \
                and _weekday_of(dy[0]) != weekday.group(1).lower()[:3]:  # fmt: skip
            return True
    for x, y, dy in ((a, b, db), (b, a, da)):
        if _NEAR_DAY.search(x) and _FAR_PAST.search(y) and not (dy and dy[0].day):
            return True  # "on Tuesday" and "in March last year" (not a full date with its year)
    ya, yb = re.search(r"\b(?:19|20)\d\d\b", a), re.search(r"\b(?:19|20)\d\d\b", b)
    return bool(ya and yb and ya.group(0) != yb.group(0))


# countries joined by hyphens before a meeting word: "the Kenya-Norway Summit", "the 3rd
# Chile-Peru-Bolivia Ministers' Meeting"
_COMPOUND = re.compile(r"\b[A-Z][\w.]*(?:[-–][A-Z][\w.]*)+(?=[\s'’])")


def _compound_kind(text: str) -> str | None:
    """The kind the last hyphenated run of countries in ``text`` gives by their number."""
    g = gazetteer()
    for m in reversed(list(_COMPOUND.finditer(text))):
        parts = re.split(r"[-–]", m.group(0))
        if all(g.country_of.get(part) for part in parts):
            n = len({g.country_of[part] for part in parts})
            return "bilateral" if n == 2 else "trilateral" if n == 3 else "multilateral" if n > 3 else None
    return None


def _kind_told(r: dict) -> str | None:
    """The kind a report's own words give ("bilateral talks", "the trilateral meeting"), else
    bilateral for a meeting of two people named as such."""
    if r.get("kind_here"):
        return r["kind_here"]
    return "bilateral" if len(set(r["participants"])) == 2 and not r.get("by_role") else None


def _weekday_of(d) -> str | None:
    """The date's weekday as the first three letters of its English name (not the locale's)."""
    try:
        return WEEKDAYS[dt.date(d.year, d.month, d.day).weekday()][:3]
    except ValueError:
        return None


def _merge_or_add(reports: list[dict], cand: dict, anaphoric: bool, plural) -> None:
    """Merge a sentence's candidate into the report it continues, or start a new report."""
    p = set(cand["participants"])
    if cand.get("follows") and reports:  # "After the session, X and Y held talks": another meeting, same day and place
        cand["date_text"] = cand["date_text"] or reports[-1]["date_text"]
        cand["place"] = cand["place"] or reports[-1]["place"]
        anaphoric = False
    if cand.get("separate"):  # "X and Y held separate talks": not the meeting before
        reports.append(cand)
        return
    if p:  # the same people: the same meeting, unless date, place or status disagree
        for r in reversed(reports):
            q = set(r["participants"])
            if q and (p <= q or q <= p) and len(p & q) >= min(2, len(p)) and not _conflict(r, cand) \
                    and bool(r.get("earlier")) == bool(cand.get("earlier")):  # "they last met in June": another meeting
                _absorb(r, cand, add_people=not (cand["speakers"] and len(q) >= 2))
                return
    if anaphoric:  # "the meeting", "it": continues the latest compatible meeting, of its kind first
        latest = list(reversed(reports))[:3]
        for r in sorted(latest, key=lambda r: r["family"] != cand["family"]):
            joins = not p or not r["participants"] or cand.get("hosting")  # "X hosted the talks": X was there
            if joins and not _conflict(r, cand):
                _absorb(r, cand, add_people=True)
                return
    reports.append(cand)


def _names_day(text: str | None) -> bool:
    """Whether a date expression names a day, not only a week, month or year."""
    return bool(text) and bool(_NEAR_DAY.search(text) or any(p.search(text.lower()) for p, _ in _RELATIVE_DAYS)
                               or find_date(text))  # fmt: skip


def _absorb(r: dict, cand: dict, add_people: bool) -> None:
    if add_people:
        r["participants"] = list(dict.fromkeys(r["participants"] + cand["participants"]))
    for s in cand["sentences"]:
        if s not in r["sentences"]:
            r["sentences"].append(s)
    if cand["participants"] or cand["status"] == r["status"]:
        for key in ("date_text", "place", "kind_word", "level_word"):
            r[key] = r[key] or cand[key]
        if cand["date_text"] and _names_day(cand["date_text"]) and not _names_day(r["date_text"]):
            r["date_text"] = cand["date_text"]  # "next week", then "on Tuesday": the day
    if r["status"] == "planned" and cand["status"] == "held" and cand["participants"]:
        r["status"] = "held"
    r["sides"] = list(dict.fromkeys(r["sides"] + cand["sides"]))
    r["by_role"] = r.get("by_role") or cand.get("by_role")
    r["rules"] = r.get("rules", []) + cand.get("rules", [])
    r["reported"] = r.get("reported") and cand.get("reported")  # told by the text itself once is enough
    r["quotes"] += [q for q in cand["quotes"] if q not in r["quotes"]]
    if r["family"] == "meeting" and cand["family"] in ("phone", "virtual", "summit"):
        r["family"] = cand["family"]


def _expand_sides(r: dict, people: list[Person], by_key: dict[int, Person]) -> None:
    """A meeting of named sides ("Seoul, Washington and Tokyo") takes in the article's officials of
    the missing sides at the meeting's level, when the text names them."""
    if len(r["sides"]) < 2 or not (r["participants"] or r.get("by_role")):
        return
    covered = {by_key[p].country for p in r["participants"]}
    level = r["level_word"] or next((title_level(by_key[p].title) for p in r["participants"]), None)
    if not level:
        return
    for side in r["sides"]:
        if side in covered:
            continue
        fits = [p.key for p in people if p.country == side and title_level(p.title) == level]
        if len(fits) == 1:
            r["participants"].append(fits[0])


# ----------------------------------------------------------------------------- dates


@lru_cache(maxsize=4096)  # an article's reports often share a date expression ("on Thursday")
def resolve_date(text: str | None, published: PartialDate, status: str) -> PartialDate:
    """A date expression resolved against the publication date, as precisely as the text allows:
    a full date as written; a day and month in the year that puts a held meeting before its
    report and a planned one after; a day named relative to publication; a month; a year."""
    if not text:
        return PartialDate()
    found = find_date(text, allow_partial=False)
    if found:
        return found[0]
    pub = published.as_date()
    partial = find_date(text)
    if partial:
        return _day_in_year(partial[0], pub, status) if pub is not None else PartialDate()
    if pub is None:
        year_only = _YEAR.search(text)
        return PartialDate(int(year_only.group(1))) if year_only else PartialDate()
    return _relative_day(text.lower(), pub, status) or _relative_month(text, pub, status) or _relative_year(text, pub)


_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


def _day_in_year(d: PartialDate, pub: dt.date, status: str) -> PartialDate:
    """A day and month without a year ("Jan. 16") in the year nearest the publication that puts
    a held meeting in its report's past and a planned one in its future."""
    best = None
    for year in (pub.year - 1, pub.year, pub.year + 1):
        try:
            cand = dt.date(year, d.month, d.day)
        except ValueError:
            continue
        delta = (cand - pub).days
        if (status == "held" and delta > 1) or (status != "held" and delta < -1):
            continue  # a meeting held is in the past of its report, a planned one ahead
        if best is None or abs(delta) < abs((best - pub).days):
            best = cand
    return PartialDate(best.year, best.month, best.day) if best else PartialDate()


def _relative_day(low: str, pub: dt.date, status: str) -> PartialDate | None:
    """A day named relative to publication: "the previous day", "today", or a weekday, the last
    one for a held meeting and the next for a planned one ("on Friday and Saturday": the Friday)."""
    for pattern, offset in _RELATIVE_DAYS:
        if pattern.search(low):
            d = pub + dt.timedelta(days=offset)
            return PartialDate(d.year, d.month, d.day)
    first = _WEEKDAY_RE.search(low)  # "on Friday and Saturday": a meeting over days starts on the first
    if not first:
        return None
    i = WEEKDAYS.index(first.group(1).lower())
    if "next" in low or (status == "planned" and "last" not in low):
        d = pub + dt.timedelta(days=(i - pub.weekday()) % 7 or (7 if "next" in low else 0))
    else:
        d = pub - dt.timedelta(days=(pub.weekday() - i) % 7)
    return PartialDate(d.year, d.month, d.day)


def _relative_month(text: str, pub: dt.date, status: str) -> PartialDate | None:
    """A month: named ("in April", the year written, or named: "April last year", else the
    nearest one on the meeting's side of publication), or "last/next/this month"."""
    low = text.lower()
    m = _MONTH_RE.search(text)
    if m:
        month = month_number(m.group(1))
        year_m = _YEAR.search(text)
        if year_m:
            return PartialDate(int(year_m.group(1)), month)
        year_word = _YEAR_WORD.search(low)  # "in March last year", "April of next year"
        if year_word:
            return PartialDate(pub.year + _YEAR_OFFSET[year_word.group(1)], month)
        if "last" in low or (status == "held" and "next" not in low):
            year = pub.year if month < pub.month or (month == pub.month and "last" not in low) else pub.year - 1
        else:
            year = pub.year if month >= pub.month else pub.year + 1
        return PartialDate(year, month)
    if "last month" in low:
        y, mth = (pub.year, pub.month - 1) if pub.month > 1 else (pub.year - 1, 12)
        return PartialDate(y, mth)
    if "next month" in low:
        y, mth = (pub.year, pub.month + 1) if pub.month < 12 else (pub.year + 1, 1)
        return PartialDate(y, mth)
    if "this month" in low or "in the month" in (_IN_THE.search(low) or [""])[0]:
        return PartialDate(pub.year, pub.month)
    return None


_IN_THE = re.compile(r"\b(?:later|earlier) in the (?:year|month)\b")  # the year or month of writing


_YEAR_WORD = re.compile(r"(?<!the )\b(last|this|next) year\b")  # not "the next year" of a story told
_YEAR_OFFSET = {"last": -1, "this": 0, "next": 1}


def _relative_year(text: str, pub: dt.date) -> PartialDate:
    """A year: "last/next/this year", or one written."""
    low = text.lower()
    if "last year" in low:
        return PartialDate(pub.year - 1)
    if "next year" in low:
        return PartialDate(pub.year + 1)
    if "this year" in low or _IN_THE.search(low):
        return PartialDate(pub.year)
    year_only = _YEAR.search(text)
    return PartialDate(int(year_only.group(1))) if year_only else PartialDate()


_PART_OF_MONTH = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}


def date_window(text: str | None, published: PartialDate, resolved: PartialDate) -> tuple[str | None, str | None]:
    """The first and last day a date expression allows, as ISO dates: the day itself, a month
    ("in April", narrowed by "early"/"mid"/"late"), or a week ("next week", "this week")."""
    if resolved.precision == "day":
        return resolved.partial, resolved.partial
    pub = published.as_date()
    low = (text or "").lower()
    if pub and re.search(r"\b(?:next|this|last) week\b", low):
        monday = pub - dt.timedelta(days=pub.weekday())
        monday += dt.timedelta(days=7 if "next" in low else -7 if "last" in low else 0)
        return monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat()
    if resolved.precision == "month" and resolved.year and resolved.month:
        first, last = 1, calendar.monthrange(resolved.year, resolved.month)[1]
        part = re.search(r"\b(early|mid|late)\b", low)
        if part:
            lo, hi = _PART_OF_MONTH[part.group(1)]
            first, last = lo, min(hi, last)
        return (dt.date(resolved.year, resolved.month, first).isoformat(),
                dt.date(resolved.year, resolved.month, last).isoformat())  # fmt: skip
    return None, None


def model_text(article: Article) -> ModelText:
    """The text the model reads: the headline, a blank line, then the body.

    The headline names people (often in full, where the body has "S.V. Surname") and
    attaches countries the body leaves out; it is read with the body so that its names count.
    A headline's meeting counts only where the body tells no meeting of the same people (see
    ``_headline_reports``): otherwise the body tells it with its facts.
    """
    if not article.headline:
        return ModelText(article.body)
    text = ModelText(f"{article.headline}\n\n{article.body}")
    text.body_start = len(article.headline) + 2
    return text


def _in_lead(report, article: Article) -> bool:
    """Whether a report is told by the story's dateline sentence ("KISUMU, Kenya (KNA) - …") of a
    meeting of these days (not "he had met B last year", which was anywhere)."""
    city = article.dateline.split("/")[0] if article.dateline else ""
    if not city or not report.sentences or not re.match(rf"{re.escape(city)}\b", report.sentences[0], re.I):
        return False
    return not report.date_text or (_names_day(report.date_text) and not _FAR_PAST.search(report.date_text))


# a sentence end: not after an initial or a short honorific ("Joseph R. Biden, Jr.", "Mr. Lenz")
_SENTENCE_SPLIT = re.compile(r"(?<![\s.][A-Z][.])(?<!\b(?:Jr|Sr|Mr|Ms|Dr|St)[.])(?<!\bMrs[.])(?<=[.!?])\s+(?=[A-Z\"“])")
_LEAD_SENTENCES = 2  # the body's opening sentences that tell a readout's own meeting


def _lead_sentences(article: Article, reports: list[Report], people: list[Person]) -> set[str]:
    """The headline and the body's first sentences: where a readout names the meeting it reports."""
    paragraphs = article.body.lstrip().split("\n\n", 2)
    first = {s.strip() for s in _SENTENCE_SPLIT.split(paragraphs[0])[:_LEAD_SENTENCES]}
    if len(paragraphs) > 1 and not any(first & set(r.sentences) for r in reports) \
            and any(w in paragraphs[0] for p in people for w in p.name.split() if len(w) > 3):
        # a lead paragraph that tells no meeting but names its people ("B made a working visit to
        # Kestrel."): the next one tells it
        first |= {s.strip() for s in _SENTENCE_SPLIT.split(paragraphs[1])[:_LEAD_SENTENCES]}
    return {article.headline.strip(), *first}


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


def finish_reports(extraction, article: Article) -> None:
    """Mentions counted in the body; each report's date resolved against the article's
    publication date; "here" is the dateline.

    Offsets come from ``model_text``: shifted here to count from the body's start, so a
    mention in the headline has a negative start (its position in the headline is
    ``start + len(headline) + 2``). A person's country is what the text attaches
    (officials.py), never the dateline's or the outlet's: resolution fills the rest from the
    person's other mentions.
    """
    if article.headline:
        shift = len(article.headline) + 2
        for m in extraction.mentions:
            m.start -= shift
            m.end -= shift
    lead = _lead_sentences(article, extraction.reports, extraction.people)
    filed = article.dateline.split("/")[0] if article.dateline else None
    if not filed and (m := _DATELINE_LEAD.match(article.body.lstrip())):  # "ACCRA, May 10 (GNA) - …" in the body
        filed = m.group(0).split(",")[0].strip(" -–—").title()
    filed_at = date_line_city(article.date_place)
    for r in extraction.reports:
        d = resolve_date(r.date_text, article.published, r.status)
        r.date, r.date_precision = d.partial, d.precision
        r.date_from, r.date_to = date_window(r.date_text, article.published, d)
        r.date_source = "sentence" if r.date_text else None
        told_first = r.status == "held" and not r.reported and bool(lead & set(r.sentences)) \
            and not any(_OTHER_TIME.search(x) for x in r.sentences) \
            and (len(r.participants) >= 2 or _trigger_id(r.trigger or "") != "summit") \
            and not (filed and r.place and r.place != filed)  # a story filed in Accra of talks in Oslo: not said when
        if _on("date.not-from-aside") and told_first and r.date_text and d.precision != "day" \
                and not any(r.date_text in x for x in lead):
            # "…, since the floods of May", "a plan to 2035" in a later sentence: not when the
            # meeting the readout opens with took place
            r.rules.append("date.not-from-aside")
            r.date_text = None
        if _on("date.readout-day") and not r.date_text and told_first and article.published.full:
            # a readout: "X held talks with Y" told first under the item's date is that day's meeting
            r.date, r.date_precision, r.date_source = article.published.partial, "day", "article"
            r.date_from = r.date_to = r.date
            r.rules.append("date.readout-day")
        if _on("place.date-line") and filed_at and r.place is None and r.mode == "in-person" and r.date and r.date == article.published.partial:
            # the date line's place ("…, 17:00, The Kremlin, Moscow") for the meeting of its day
            r.place = filed_at
            r.rules.append("place.date-line")
        if _on("status.future-date") and r.status == "held" and d.precision == "day" and article.published.full \
                and r.date > article.published.partial:
            r.status = "planned"  # "welcomes B to the capital on 9 May", told on 3 May
            r.rules.append("status.future-date")
        if (city := _VENUE_CITY.get((r.place or "").lower())) is not None:
            # a venue kept as the place because the text names no city: the date line or the
            # headline may name it ("…, 17:00, The Kremlin, Moscow")
            if city in f"{article.date_place or ''} {article.headline or ''} {article.body}":
                r.place = city
            else:
                r.rules.append("place.venue-without-city")
        if r.place == HERE:  # "here", "in this port city": where the story was filed, when it says
            r.place = article.dateline.split("/")[0] if article.dateline else None
        elif r.place is None and r.mode == "in-person" and r.status == "held" and _in_lead(r, article):
            r.place = article.dateline.split("/")[0]  # "OSLO (Reuters) - A and B agreed …, after talks"
    infer_host_countries(extraction)  # after the places are final
    infer_home_countries(extraction, article)  # after the hosts: a host is no longer unattached
