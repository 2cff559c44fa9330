"""Visits as meetings: a person's visit somewhere ("A's visit to Kestrel", "the planned visit of
A to Valdora", "during his recent visit to Port Ames") is a one-participant meeting of the visitor
there, unless the article tells it as an in-person meeting of the visitor (trigger.visit-of); and
the visitor of a visit set apart in time ("ahead of A's visit") is not at the sentence's other
meeting (participants.visit-apart). Decided from the parse: the visit noun's possessor, its "of"
object, its "to" destination and the phrase it hangs in."""

from __future__ import annotations

import re

from ..dates import FAR_PAST, dates_conflict, names_day
from ..model import Mention
from ..officials import country_in
from ..officials import doc_text as _text
from .dating import _date_text
from .participants import _SUBJECTS
from .places import HERE, ON_VISIT, _places
from .records import Candidate
from .reports import _absorb
from .rules import _RULES, _words
from .status import _EARLIER, _proposed
from .text import _inside_quote

_VISIT_RULE = _RULES.get("trigger.visit-of", {})
_VISIT_NOUNS = _words("trigger.visit-of")  # "visit", "trip"
_VISIT_PLANNED = frozenset(_VISIT_RULE.get("planned", ()))  # "the planned visit", "her upcoming trip"
_VISIT_AHEAD = frozenset(_VISIT_RULE.get("ahead", ()))  # "on the eve of his visit", "ahead of her visit"


def _visit_reports(doc, sents: list, mentions: list[Mention], body_start: int,
                   reports: list[Candidate]) -> list[Candidate]:
    """One-participant meetings told as a person's visit somewhere (syntax: a visit noun with
    a named visitor and a "to" place): "A's visit to Kestrel", "the planned visit of A to
    Valdora", "B spoke of it during his recent visit to Port Ames". A visit the article also
    tells as an in-person meeting of the visitor that agrees with it is that meeting, and adds
    nothing."""
    out: list[Candidate] = []
    full = _text(doc)
    for sent in sents:
        if sent.start_char < body_start:
            continue
        in_sent = [m for m in mentions if sent.start_char <= m.start < sent.end_char]
        if not in_sent:
            continue
        for tok in sent:
            if tok.lower_ not in _VISIT_NOUNS or not tok.tag_.startswith("NN"):
                continue
            found = _visit(doc, sent, tok, in_sent)
            if found is None:
                continue
            visitor, status, place, country, chars, _apart = found
            date_text = _date_text(doc, sent.start, sent.end, chars, after=tok.idx)
            if _EARLIER.search(full, chars[0], chars[1]) or (date_text and FAR_PAST.search(date_text)):
                continue  # another, earlier trip
            if status == "planned" and not place and not names_day(date_text):
                continue  # "a planned visit to Valdora", no day, no city: which of the visitor's meetings is open
            cand = Candidate(
                status=status, date_text=date_text, place=place, kind_word=None, kind_here=None,
                participants=[visitor], sentences=[full[sent.start_char : sent.end_char].strip()], hosting=False,
                level_word=None, family="meeting", trigger=tok.text, sides=[], quotes=[], by_role=False,
                speakers=[], earlier=False, separate=False, follows=False, trigger_id="visit-of", country=country,
            )
            if any(_same_visit(r, cand) for r in reports):
                continue  # "During her visit to Kestrel, A met B": the meeting is the visit
            twin = next((r for r in out if _same_visit(r, cand)), None)
            if twin is not None:
                _absorb(twin, cand, add_people=False)
            else:
                out.append(cand)
    return out


def _visitors_apart(doc, sent, in_sent: list[Mention], at: int) -> set[int]:
    """The visitors of the sentence's visits set apart in time from the trigger at character
    ``at`` ("Ahead of A's visit to X, B met C", "in preparation for the visit of A, B will
    meet C"): named only inside that phrase, they are not at the trigger's meeting."""
    out: set[int] = set()
    for tok in sent:
        if tok.lower_ not in _VISIT_NOUNS or not tok.tag_.startswith("NN"):
            continue
        found = _visit(doc, sent, tok, in_sent)
        if found is None or not found[5] or found[4][0] <= at < found[4][1]:
            continue
        a, b = found[4]
        if all(a <= m.start < b for m in in_sent if m.person == found[0]):
            out.add(found[0])
    return out


def _same_visit(r: Candidate, visit: Candidate) -> bool:
    """Whether report ``r`` tells the visit: an in-person meeting of the visitor on no other day,
    in the visit's city or country ("A's trip to the capital" and her talks in a town nearby),
    or, where either leaves the place open, told alike (held or planned)."""
    from ..hosts import country_of_place

    if visit.participants[0] not in r.participants or r.family in ("phone", "virtual") or r.earlier:
        return False
    if dates_conflict(r.date_text, visit.date_text):
        return False
    if r.place and (r.place == visit.place or r.place in (HERE, ON_VISIT)):
        return True  # a meeting in the visit's city (or the date line's, "arrived here"), whatever its status
    there = country_of_place(r.place) if r.place else None
    if there and visit.country:
        return there == visit.country
    return r.status == visit.status


def _visit(doc, sent, tok,
           in_sent: list[Mention]) -> tuple[int, str, str | None, str | None, tuple[int, int], bool] | None:
    """The visitor, status, place (a city, else None), the destination's country and the
    phrase's characters of the visit noun ``tok``, whether that phrase sets the visit apart in time
    ("ahead of A's visit", "after the visit of A"), or None when it names no visitor or no
    destination, is offered, or is quoted (a speaker's plans and memories are theirs to date)."""
    from ..hosts import country_of_place

    def person_at(t) -> int | None:  # the person the phrase of ``t`` names ("President of X Lena Marsk")
        a, b = t.left_edge.idx, t.right_edge.idx + len(t.right_edge.text)
        on = next((m.person for m in in_sent if m.start <= t.idx < m.end), None)
        return on if on is not None else next((m.person for m in in_sent if a <= m.start < b), None)

    # "visit to X"; in "the visit of A to X" the parser may hang "to X" on A
    of_obj = [o for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for o in c.children if o.dep_ == "pobj"]
    heads = [tok, *of_obj, *(x for o in of_obj for x in o.children if x.dep_ == "acl")]  # "… led by A to X"
    dest = next((o for h in heads for c in h.children if c.dep_ == "prep" and c.lower_ == "to"
                 for o in c.children if o.dep_ == "pobj"), None)
    if dest is None or not dest.text[:1].isupper() or any(c.lower_ in ("proposed", "possible") for c in tok.children):
        return None
    full = _text(doc)
    line = full.rfind("\n", 0, tok.idx) + 1  # (a sentence may start inside a quote: count from the line)
    if _inside_quote(full[min(line, sent.start_char) : tok.idx], tok.idx - min(line, sent.start_char)):
        return None
    # the phrase the visit belongs to: "on the eve of A's visit to X on 14 May" up to its verb
    top = tok
    while top.dep_ in ("pobj", "prep") and top.head.i != top.i and top.head.tag_[:2] in ("NN", "IN", "RB"):
        top = top.head
    if top.dep_ == "pobj" and top.head.tag_[:2] in ("IN", "RB"):  # (the tagger's tags: no attribute_ruler)
        top = top.head
    verb = top.head if top.head.i != top.i else top
    ahead = any(t.lower_ in _VISIT_AHEAD for t in doc[top.left_edge.i : tok.i])
    planned = ahead or any(c.dep_ == "amod" and c.lower_ in _VISIT_PLANNED for c in tok.children)
    apart = ahead or any(t.lower_ in ("after", "following") for t in doc[top.left_edge.i : tok.i])
    visitor = None
    for c in tok.children:
        if c.dep_ == "poss":
            visitor = person_at(c)
            if visitor is None and c.lower_ in ("his", "her"):
                # "A spoke of it during his visit to X": the verb's named subject before the noun
                subj = next((s for s in verb.children if s.dep_ in _SUBJECTS and s.i < tok.i), None)
                visitor = person_at(subj) if subj is not None else None
        elif c.dep_ == "prep" and c.lower_ == "of":
            obj = next((o for o in c.children if o.dep_ == "pobj"), None)
            # "the visit of a delegation led by A": its leader
            led = next((a for x in obj.children if x.dep_ == "acl" and x.lower_ in ("led", "headed")
                        for g in x.children if g.dep_ == "agent" for a in g.children if a.dep_ == "pobj"), None) \
                if obj is not None else None
            visitor = person_at(led if led is not None else obj) if obj is not None else None
    if visitor is None and not any(c.dep_ == "poss" for c in tok.children) and top.lower_ in ("on", "during") \
            and any(c.lower_ in ("a", "an") for c in tok.children):
        subj = next((s for s in verb.children if s.dep_ in _SUBJECTS and s.i < tok.i), None)
        visitor = person_at(subj) if subj is not None else None  # "A arrived in X on a visit to Y"
    if visitor is None or _proposed(sent, tok.idx):
        return None
    if not planned and any(a.lower_ in ("will", "shall") or a.tag_ == "MD" for a in verb.children if a.dep_ == "aux"):
        planned = True  # "during his visit to X, A will …"
    a, b = top.left_edge.idx, top.right_edge.idx + len(top.right_edge.text)
    place = next((name for pos, name in _places(doc, sent.start, sent.end)
                  if dest.idx <= pos < dest.idx + len(dest.text) + 40 and pos <= b), None)
    named = re.sub(r"^the ", "", full[dest.left_edge.idx : dest.right_edge.idx + len(dest.right_edge.text)])
    if place is None and country_of_place(named):
        place = named  # "to Kestrel", a city the gazetteers know, whatever the model tagged it
    country = country_of_place(place) if place else country_in(named)
    return visitor, "planned" if planned else "held", place, country, (a, b), apart
