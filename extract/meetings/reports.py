"""One report per meeting per article: when two candidates tell the same meeting (``_conflict``),
merging them, the headline's meeting against the body's, and the final ``Report`` record."""

from __future__ import annotations

import re
from dataclasses import replace

from ..dates import _MONTH_RE, dates_conflict, names_day
from ..model import Person, Report
from ..officials import title_level
from .kinds import _kind_told
from .places import HERE, ON_VISIT
from .records import Candidate
from .rules import _on
from .triggers import _trigger_id


def _one_per_meeting(reports: list[Candidate]) -> list[Candidate]:
    """One report per meeting: a planned meeting whose people are all in another's, told alike
    (kind of contact, no conflicting date or place, neither set apart as separate), is the same
    meeting announced twice ("Lenz will meet Rusk on 4 May" in the headline and the lead); two
    trigger words opening one report's sentence for the same people are one contact. (Held
    meetings of the same people are told apart by the merge of sentences: the same people on
    another day are another meeting.)"""
    out: list[Candidate] = []
    for r in reports:
        p = set(r.participants)
        into = next((o for o in out if _announced_twice(o, r)), None)
        if into is None:  # two words of one sentence for one contact: "talks … via videoconference", "a call with"
            into = next((o for o in out if p and set(o.participants) == p and o.status == r.status
                         and o.sentences[0] == r.sentences[0] and not o.earlier and not r.earlier), None)
            if into is not None and "summit" in (into.family, r.family):
                into = None  # "met B after the summit": the summit is another gathering
            if into is not None:
                into.family = next(f for f in ("virtual", "phone", "summit", "meeting") if f in (into.family, r.family))
                into.trigger = r.trigger if into.family == r.family else into.trigger
        if into is None:
            out.append(r)
            continue
        _absorb(into, r, add_people=True)
        into.rules = into.rules + ["report.one-per-meeting"]
    return out


def _held_once(reports: list[Candidate]) -> list[Candidate]:
    """One report per held meeting: a later held report of the very same people (two or more)
    that gives no day of its own and is told alike (kind of contact, no conflicting place,
    neither an earlier nor a separate meeting nor a gathering) is the meeting told before, told
    again ("After two hours of consultations, both countries' presidents spoke to reporters"
    after "A held talks with B": the role phrase gets its people only when the sides are
    expanded, after the sentences were merged)."""
    out: list[Candidate] = []
    for r in reports:
        p = set(r.participants)
        into = None
        if r.status == "held" and len(p) >= 2 and not r.date_text and not (r.earlier or r.separate or r.gathering):
            into = next((o for o in out if set(o.participants) == p and o.status == "held" and o.family == r.family
                         and not (o.earlier or o.separate or o.gathering) and not _conflict(o, r)
                         and not _other_time(o, r)), None)
        if into is None:
            out.append(r)
            continue
        _absorb(into, r, add_people=False)
        into.rules = into.rules + ["report.held-once"]
    return out


# what sets a later meeting apart from the one under way: "meet again", "another round", "next"
_AGAIN = re.compile(r"\b(?:again|another|next|further|new round|second round|follow-up)\b", re.I)


def _rest_of_begun(reports: list[Candidate]) -> list[Candidate]:
    """One report for a meeting told while under way: a planned report of the very people of an
    earlier held meeting that has begun ("The talks between A and B have begun"), giving no day
    of its own and not set apart ("again", "another round"), told alike but for the tense, is
    what the readout says comes next in that meeting ("A and B will then hold talks in an
    expanded format"), not a second meeting."""
    out: list[Candidate] = []
    for r in reports:
        p = set(r.participants)
        into = None
        if r.status == "planned" and len(p) >= 2 and not r.date_text \
                and not (r.earlier or r.separate or r.gathering) and not any(_AGAIN.search(s) for s in r.sentences):
            into = next((o for o in out if o.begun and o.status == "held" and set(o.participants) == p
                         and o.family == r.family and not (o.earlier or o.separate or o.gathering)
                         and not _conflict(o, replace(r, status="held"))), None)
        if into is None:
            out.append(r)
            continue
        _absorb(into, replace(r, status="held"), add_people=False)
        into.rules = into.rules + ["report.rest-of-begun"]
    return out


def _announced_twice(o: Candidate, r: Candidate) -> bool:
    """Whether planned meeting ``r`` is ``o`` told again: the people of one within the other's
    (one person alone: any meeting of theirs), of one kind, neither set apart nor a gathering."""
    p, q = set(r.participants), set(o.participants)
    return bool(p and q and (p <= q or q <= p)
                and (p == q or min(len(p), len(o.participants)) >= 2)
                and o.status == r.status == "planned" and o.family == r.family and not _conflict(o, r)
                and not (o.earlier or r.earlier or o.separate or r.separate)
                and not o.gathering and not r.gathering)


# headlinese for what is to come: "A to meet B", "A to visit C for talks"
_HEADLINE_PLANNED = re.compile(r"\bto (?:meet|hold|host|visit|travel|attend|discuss|sign)\b", re.I)


def _headline_reports(headline: list[Candidate], reports: list[Candidate]) -> list[Candidate]:
    """The meetings only the headline tells ("A, B discuss trade in Moscow talks" over a body that
    says what they discussed, not that they met): a headline's meeting of two or more people
    of whom the body reports no meeting of two. Where the body does, it tells that meeting
    better than the headline's few words."""
    out: list[Candidate] = []
    for cand in headline:
        people = set(cand.participants)
        told = next((r for r in reports + out if len(people & set(r.participants)) >= 2), None) \
            if len(people) >= 2 else None
        if told is not None and _on("report.headline-facts") and told.status == cand.status \
                and not _conflict(told, cand):
            told.place = told.place or cand.place  # "In Kestrel, A started talks with B" over the body's "talks began"
            told.date_text = told.date_text or cand.date_text
            told.rules = told.rules + (["report.headline-facts"] if cand.place or cand.date_text else [])
        if len(people) < 2 or told is not None:
            continue
        if _HEADLINE_PLANNED.search(cand.sentences[0]):
            cand.status = "planned"
        cand.headline = True
        out.append(cand)
    return out


def _to_report(r: Candidate, by_key: dict[int, Person]) -> Report:
    countries = [by_key[p].country for p in r.participants if by_key[p].country]
    n_sides = len(set(countries)) if len(set(countries)) >= 2 else len(r.participants)
    kind = r.kind_word or ("bilateral" if n_sides == 2 else "trilateral" if n_sides == 3
                              else "multilateral" if n_sides > 3 else None)
    levels = [title_level(by_key[p].title) for p in r.participants]
    level = levels[0] if levels and all(lv == levels[0] for lv in levels) and levels[0] else r.level_word
    mode = {"phone": "phone", "virtual": "virtual"}.get(r.family, "in-person")
    return Report(
        participants=r.participants, sentences=r.sentences, status=r.status,
        date_text=r.date_text, place=r.place if mode == "in-person" else None,  # a call has no place
        kind=kind, mode=mode, level=level,
        trigger=r.trigger, countries=r.sides, quotes=r.quotes,
        rules=([f"trigger.{r.trigger_id or _trigger_id(r.trigger)}"] if r.trigger else [])
        + list(dict.fromkeys(r.rules))
        # "we met before the winter", "last time we met": an earlier meeting than the one the article
        # is about; kept, and marked so grouping weighs it as such (cluster.ReportUnit.earlier)
        + (["date.earlier-meeting"] if r.earlier and r.status == "held" and _on("date.earlier-meeting") else [])
        # "during their recent talks": not the day's meeting, though no day is told (not dated by the article)
        + (["date.another-time"] if r.another_time and not r.earlier and _on("date.earlier-noun") else []),
        reported=bool(r.reported),
    )


def _conflict(a: Candidate, b: Candidate) -> bool:
    ka, kb = _kind_told(a), _kind_told(b)
    if ka and kb and ka != kb and (a.kind_here and b.kind_here or b.sentences[0] not in a.sentences):
        return True  # "A and B met …", then "both had earlier joined the trilateral meeting"
    if a.gathering != b.gathering and b.sentences[0] in a.sentences:
        return True  # a meeting and the gathering it was on the sidelines of, in one sentence
    if a.earlier != b.earlier and ("planned" in (a.status, b.status) or (a.date_text and b.date_text)):
        return True  # "they last met in October" is not the meeting planned, nor one dated otherwise
    if a.status != b.status and "proposed" not in (a.status, b.status):
        return True
    if "summit" in (a.family, b.family) and a.family != b.family and a.participants and b.participants:
        return True
    if a.place and b.place and a.place != b.place and not {HERE, ON_VISIT} & {a.place, b.place}:
        return True
    if {a.family, b.family} & {"phone", "virtual"} and a.family != b.family:
        return True
    return dates_conflict(a.date_text, b.date_text)


def _merge_or_add(reports: list[Candidate], cand: Candidate, anaphoric: bool, plural) -> None:
    """Merge a sentence's candidate into the report it continues, or start a new report."""
    p = set(cand.participants)
    if cand.follows and reports:  # "After the session, X and Y held talks": another meeting, same day and place
        cand.date_text = cand.date_text or reports[-1].date_text
        cand.place = cand.place or reports[-1].place
        anaphoric = False
    if cand.separate:  # "X and Y held separate talks": not the meeting before
        reports.append(cand)
        return
    if p:  # the same people: the same meeting, unless date, place or status disagree
        for r in reversed(reports):
            q = set(r.participants)
            if q and (p <= q or q <= p) and len(p & q) >= min(2, len(p)) and not _conflict(r, cand) \
                    and bool(r.earlier) == bool(cand.earlier) \
                    and not _other_time(r, cand):  # "they last met in June": another meeting
                _absorb(r, cand, add_people=not (cand.speakers and len(q) >= 2))
                return
    if anaphoric:  # "the meeting", "it": continues the latest compatible meeting, of its kind first
        latest = list(reversed(reports))[:3]
        for r in sorted(latest, key=lambda r: r.family != cand.family):
            joins = not p or not r.participants or cand.hosting  # "X hosted the talks": X was there
            if joins and not _conflict(r, cand) and not _other_time(r, cand):
                _absorb(r, cand, add_people=True)
                return
    if cand.pointed and p and cand.family == "meeting" and not cand.place and _on("report.this-contact"):
        # "A spoke with B by phone. A set out his view at these talks": the call, not a meeting in person
        r = next((r for r in reversed(reports) if p <= set(r.participants)), None)  # what it points to
        if r is not None and r.family in ("phone", "virtual") and not _conflict(r, replace(cand, family=r.family)):
            _absorb(r, cand, add_people=False)
            r.rules = r.rules + ["report.this-contact"]
            return
    reports.append(cand)


def _other_time(r: Candidate, cand: Candidate) -> bool:
    """Whether a sentence's meeting carries a time of its own that is not the report's: told as
    an earlier meeting ("during their recent talks", "my first visit, when we met") against a
    report that is not, or held at a time long past ("the forum was held here in 2019", "they
    also met two years ago") against a report with no date (news tells the meeting it is about
    by its day, not by a bare year). Such a sentence tells another meeting, not more of this
    one: merged, it would give the report that meeting's year and kind."""
    if not _on("report.other-time"):
        return False
    if cand.earlier and not r.earlier or cand.another_time and _told_as_today(r):
        return True
    if cand.status != "held" or not cand.date_text or r.date_text:
        return False
    # a year with no month ("in 2019"), "last year", "years ago"; not "in May 2024" nor "last
    # month", which may well be when the report's meeting was
    return bool(_LONG_PAST.search(cand.date_text)) and not _MONTH_RE.search(cand.date_text)


_TODAY = re.compile(r"\b(?:today|tonight|now|this (?:morning|afternoon|evening))\b", re.I)


def _told_as_today(r: Candidate) -> bool:
    """Whether a report tells the meeting of the day of writing (no date, or "today") or one still
    to come, from which "the recent talks" are another meeting; after "met last week", they
    are that one."""
    return not r.earlier and (not r.date_text or bool(_TODAY.search(r.date_text)) or r.status != "held")


_LONG_PAST = re.compile(r"\b(?:last year|years? ago|(?:19|20)\d\d)\b", re.I)


def _absorb(r: Candidate, cand: Candidate, add_people: bool) -> None:
    if add_people:
        r.participants = list(dict.fromkeys(r.participants + cand.participants))
    for s in cand.sentences:
        if s not in r.sentences:
            r.sentences.append(s)
    if cand.participants or cand.status == r.status:
        for key in ("date_text", "place", "kind_word", "level_word"):
            setattr(r, key, getattr(r, key) or getattr(cand, key))
        if cand.date_text and names_day(cand.date_text) and not names_day(r.date_text):
            r.date_text = cand.date_text  # "next week", then "on Tuesday": the day
    if r.status == "planned" and cand.status == "held" and cand.participants:
        r.status = "held"
    r.sides = list(dict.fromkeys(r.sides + cand.sides))
    r.by_role = r.by_role or cand.by_role
    r.rules = r.rules + cand.rules
    r.reported = r.reported and cand.reported  # told by the text itself once is enough
    r.quotes += [q for q in cand.quotes if q not in r.quotes]
    if r.family == "meeting" and cand.family in ("phone", "virtual", "summit"):
        r.family = cand.family


_DEMONSTRATIVES = frozenset({"this", "these", "that", "those"})


def _pointed(sent, at: int) -> bool:
    """Whether the trigger at character ``at`` is named with a demonstrative (syntax: a "det"
    child "this/these/that/those" of its noun: "at these talks", "during this conversation"),
    which points back to a contact told before, whatever word told it."""
    tok = next((t for t in sent if t.idx <= at < t.idx + len(t.text)), None)
    while tok is not None and tok.dep_ in ("compound", "amod") and tok.head.i != tok.i:
        tok = tok.head  # "these bilateral talks"
    return tok is not None and tok.tag_.startswith("NN") and any(
        c.dep_ == "det" and c.lower_ in _DEMONSTRATIVES for c in tok.children)
