"""Kind, level and sides of a meeting: "bilateral", "ministerial", the countries a clause names as
its sides, and meetings told by offices ("the foreign ministers of the two countries")."""

from __future__ import annotations

import re
from collections import Counter

from ..gazetteer import gazetteer
from ..gazetteer import lowered as _lower
from ..officials import doc_text as _text
from .places import _PLACE_PREP
from .records import Candidate, Clause
from .rules import _gated, _on
from .status import _EARLIER
from .text import _DATELINE_LEAD, _ents_in, _trigger_token

_COUNT = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


_KIND_WORDS = [(kind, *_gated(pattern)) for kind, pattern in [
    ("trilateral", r"\btrilateral|three-way|three-party|three-nation|three-country|three nations|three countries"),
    ("bilateral", r"\bbilateral|two-plus-two|2\+2|one-on-one"),
    ("multilateral", r"\bmultilateral|four-way|quadrilateral|quad\b|six-party|g7|g20|asean|summit of"),
]]
_LEVEL_WORDS = [(level, *_gated(pattern)) for level, pattern in [
    ("vice-ministerial", r"vice[- ](?:foreign )?minist|deputy (?:foreign )?minist|vice-ministerial"),
    ("national-security", r"national security advis|security advis|security chiefs"),
    ("ministerial", r"\b(?:foreign )?ministerial|foreign ministers|two-plus-two|2\+2"),
    ("summit", r"\bsummit"),
]]
_ROLE_LEVELS = [
    *_LEVEL_WORDS, ("summit", *_gated(r"\b(?:leaders|presidents|prime ministers|heads of (?:state|government))"))
]


def _kind_words(text: str, table) -> str | None:
    """The first entry of ``table`` whose pattern occurs in ``text``."""
    low = _lower(text)
    for value, pattern, gate in table:
        if gate.search(low) and pattern.search(low):
            return value
    return None


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
            or g.country_lower.get(re.sub(r"^the ", "", ent.text.lower()).removesuffix("'s"))
        if country and country not in sides:
            sides.append(country)
    return sides


def _offices_meeting(doc, text: str, ts: int, te: int, cl: Clause, participants: list[int]) -> tuple[list, str, bool]:
    """Decides the sides of a meeting the text tells by offices, not names ("the foreign ministers
    of the two countries met"): the sides, the roles' words, and whether the roles are past
    holders ("… last met in 2019": not today's, so no sides)."""
    role_sides, roles = _role_sides(doc, text, ts, te) if not participants else ([], "")
    past_offices = bool(role_sides) and bool(_EARLIER.search(text, cl.c0, cl.k1))
    return ([] if past_offices else role_sides), roles, past_offices


def _kind_of(text: str, ts: int, te: int, cl: Clause, roles: str | None) -> tuple[str | None, bool, bool]:
    """Decides the meeting's level word (from the trigger's words, or the roles that meet),
    whether the subject hosts it rather than meets ("hosted the talks"), and whether the clause
    tells who joined an earlier-named meeting ("The meeting will be attended by X", which then
    hosts and refers back)."""
    level_word = _kind_words(text[max(0, ts - 30) : te], _LEVEL_WORDS)
    if roles is not None:  # "both states' foreign ministers": the level the roles name
        level_word = _kind_words(roles, _ROLE_LEVELS)
    hosting = bool(re.search(r"\b(?:hosted|chaired|attended|joined|mediated|brokered|presided over)\s+"
                             r"(?:the|this|that|their|these)\s+(?:[\w-]+\s+){0,3}$", text[cl.c0 : ts]))
    joining = bool(_JOINING.search(text, cl.c0, cl.k1))  # "Those who took part were X, Y"
    return level_word, hosting or joining, joining


_JOINING = re.compile(
    r"\b(?:be|been|was|were|is|are)\s+(?:also\s+)?(?:hosted|chaired|attended|joined)\s+by\b"
    r"|\bwho\s+(?:took part|participated|attended)\b",
    re.I,
)


_TAKE_PART = frozenset({"participate", "participates", "participated", "participating"})
_TAKE = frozenset({"take", "takes", "took", "taken", "taking"})
_ATTEND = frozenset({"join", "joins", "joined", "joining", "attend", "attends", "attended", "attending"})


def _took_part(sent, at: int) -> bool:
    """Whether the trigger at character ``at`` is a definite meeting that its clause's subject
    takes part in (syntax: "the/this meeting" the object of "in" on "take part"/"participate",
    or the object of "join"/"attend"): "C is to take part in that meeting too", "C, who attended
    the talks, said …" tell who was at the meeting told before, not a meeting of C alone."""
    if not _on("participants.took-part"):
        return False
    tok = _trigger_token(sent, at)
    if tok is None or not any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these") for c in tok.children):
        return False
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "in":
        verb = head.head
        return verb.lower_ in _TAKE_PART or verb.lower_ in _TAKE and any(
            c.dep_ == "dobj" and c.lower_ == "part" for c in verb.children)
    return tok.dep_ == "dobj" and head.lower_ in _ATTEND


_ROLE_NOUN = r"(?:[\w-]+\s+){0,3}?(?:ministers|leaders|presidents|advis[eo]rs|envoys|secretaries|diplomats|chiefs)"
_ROLES = re.compile(
    rf"\b(?:the|their)\s+{_ROLE_NOUN}\s+of\s+the\s+(two|three|four)\s+(?:countries|nations|sides|neighbou?rs)\b"
    rf"|\bthe\s+(two|three|four)\s+(?:countries|nations)['’]\s+{_ROLE_NOUN}\b",
    re.I,
)


_BETWEEN_ROLES = re.compile(
    rf"\s+(?:between|of)\s+(?:the|their)\s+{_ROLE_NOUN}\s+of\s+the\s+(?:two|three|four)\s+", re.I
)


def _role_sides(doc, text: str, ts: int, te: int) -> tuple[list[str], str]:
    """The countries of a meeting its trigger names by roles, just before or after it ("the
    foreign ministers of the two countries met", "a session of the two states' envoys"):
    the n countries the article names most often, and the phrase."""
    m = next((m for m in _ROLES.finditer(text, max(0, ts - 90), te + 80)
              if ts - 25 <= m.end() <= ts or te <= m.start() <= te + 15), None)
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


def _kind_told(r: Candidate) -> str | None:
    """The kind a report's own words give ("bilateral talks", "the trilateral meeting"), else
    bilateral for a meeting of two people named as such."""
    if r.kind_here:
        return r.kind_here
    return "bilateral" if len(set(r.participants)) == 2 and not r.by_role else None
