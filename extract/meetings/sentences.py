"""Reading one sentence: its triggers read into candidates (participants, status, date, place,
kind), each merged into the report of the meeting it continues or added (``reports``)."""

from __future__ import annotations

import re
from bisect import bisect_left

from ..model import Mention, Person, Quote
from ..officials import doc_text as _text
from .dating import _JUST_DONE, _date_text
from .kinds import (
    _BETWEEN_ROLES,
    _KIND_WORDS,
    _compound_kind,
    _kind_of,
    _kind_words,
    _offices_meeting,
    _sides,
    _took_part,
)
from .participants import (
    _ANAPHOR,
    _OFFICE_NOUNS,
    _PLURAL,
    _PLURAL_ROLES,
    _SPEECH,
    _SPOKES,
    _described,
    _named_before,
    _own_with_people,
    _participants,
    _plural_role_people,
    _present,
    _role_people,
    _separately,
    _topic_people,
)
from .places import _DURING_VISIT, _HERE, _THERE, HERE, ON_VISIT, _place_for, _places
from .records import Before, Candidate, Clause, Facts, Sentence
from .reports import _headline_reports, _merge_or_add, _pointed
from .rules import _on
from .speakers import Turn, counterpart_of, persons_of, speaker_at, speaker_turns
from .status import (
    _EARLIER,
    _EARLIER_NOUN,
    _PROPOSING,
    _RECENT_NOUN,
    _SPEECH_VERBS,
    _begun,
    _proposed,
    _reported,
    _status,
)
from .text import _ASIDE, _QUOTE, _SIDELINES, _clause, _set_apart, _speaker, _unquoted
from .triggers import _founded, _hosts_what_of, _of_others, _own_triggers
from .visits import _VISIT_NOUNS, _visitors_apart


def _sentence_reports(doc, sents: list, mentions: list[Mention], by_key: dict[int, Person],
                      body_start: int) -> list[Candidate]:
    """Decides which sentences report meetings and what each says: the triggers of a sentence
    holding a trigger's words, read into candidates (participants, place, date, status), each
    merged into the report of the same meeting or added. Tracks whom later sentences'
    pronouns and "the two" mean, and where "there" is."""
    from ..patterns import trigger_cues  # spaCy is loaded already: there is a Doc

    cues = trigger_cues(doc)
    cue_at = [i for i, _ in cues]
    reports: list[Candidate] = []
    headline: list[Candidate] = []
    before = Before()
    recent: list[int] = []  # the people named so far, the latest first: whom "the envoy" means
    full = _text(doc)
    turns = speaker_turns(doc, full, mentions, by_key)  # who speaks where: "I", "we" and "you" in their words
    label_at = {t.label_at for t in turns if t.transcript and t.label_at >= 0}
    for sent in sents:
        start_char, end_char = sent.start_char, sent.end_char
        text = full[start_char:end_char]  # Span.text rebuilds it from the tokens
        in_sent = [m for m in mentions if start_char <= m.start < end_char]
        if label_at and in_sent:  # "President Lena Marsk: …" labels, it does not name
            in_sent = [m for m in in_sent if m.start not in label_at]
        ids = {cues[k][1] for k in range(bisect_left(cue_at, sent.start), bisect_left(cue_at, sent.end))}
        named = frozenset(m.start - start_char for m in in_sent if _text(doc)[m.end : m.end + 2] not in ("'s", "’s")) \
            if "host" in ids or "spoke-with" in ids else frozenset()
        triggers = _own_triggers(text, ids, named) if ids else []
        triggers = [t for t in triggers if not _hosts_what_of(sent, start_char + t[1], in_sent)  # "B's offer"
                    and not _founded(sent, start_char + t[1])  # "established a consultative council"
                    and not _of_others(sent, start_char + t[1], in_sent)]  # "welcomed a meeting of advisers"
        if triggers:
            s = _read_sentence(doc, sent.start, sent.end, start_char, text, in_sent, by_key)
            side = _SIDELINES.search(text)
            for family, ts, te in triggers:
                # "A met B at the margins of a forum with C, their first meeting of …": that
                # meeting is the gathering, not A and B's
                gathering = bool(side) and side.start() < ts and any(t[1] < side.start() for t in triggers)
                previous = max((t[2] for t in triggers if t[2] <= ts), default=0)  # the trigger before it
                for candidate, anaphoric, plural in _candidates(doc, s, family, ts, te, before, previous):
                    if gathering and not any(m.person in candidate.participants and m.start - start_char > side.start()
                                             for m in in_sent):
                        continue  # "… on the sidelines of the Arctic Council meeting": a venue, no one named at it
                    candidate.gathering = gathering
                    turn = speaker_at(turns, start_char + ts) if turns else None
                    if turn is not None and turn.speaker is not None:
                        _first_person(candidate, sent, start_char + ts, start_char + te, turn, in_sent, by_key)
                    if _SPEECH_VERBS and _reported(sent, start_char + ts):
                        candidate.reported = True
                    inside = _topic_people(sent, start_char + ts, in_sent) if _on("participants.topic-of") else None
                    if inside is not None:
                        candidate.participants = [k for k in candidate.participants if k in inside]
                        candidate.rules.append("participants.topic-of")
                    if _PROPOSING and candidate.status != "proposed" and _proposed(sent, start_char + ts):
                        candidate.status = "proposed"
                        candidate.rules.append("status.proposal-head")
                    apart = _visitors_apart(doc, sent, in_sent, start_char + ts) \
                        if _VISIT_NOUNS and _on("participants.visit-apart") else set()
                    if apart:  # "Ahead of A's visit to X, B met C": A is not at B's meeting
                        candidate.participants = [k for k in candidate.participants if k not in apart]
                        candidate.rules.append("participants.visit-apart")
                    roles = _role_people(doc, sent, ts, te, start_char, in_sent, recent, by_key) \
                        if _OFFICE_NOUNS else []
                    if [k for k in roles if k not in candidate.participants] \
                            and len(set(roles) | set(candidate.participants)) >= 2:  # not one side alone
                        candidate.participants = list(dict.fromkeys([*roles, *candidate.participants]))
                        candidate.rules.append("participants.role-reference")
                    group = _plural_role_people(sent, start_char + ts, recent, by_key) \
                        if not candidate.participants and _PLURAL_ROLES and candidate.status != "proposed" else []
                    if group:  # "The two leaders … their talks": the people named before
                        candidate.participants = group
                        candidate.rules.append("participants.plural-role")
                    own = _own_with_people(sent, start_char + ts, in_sent) \
                        if len(triggers) >= 2 and _on("participants.own-with") else None
                    if own is None and len(triggers) >= 2 and candidate.pointed and _on("participants.own-with"):
                        own = []  # "… would comment on these talks after his call with D": the talks told before
                    if own is not None and set(own) != set(candidate.participants):  # two meetings, one sentence
                        candidate.participants = own
                        candidate.sides = []  # the sentence's countries are not each meeting's sides
                        candidate.rules.append("participants.own-with")
                    if start_char < body_start:
                        headline.append(candidate)
                        continue
                    _merge_or_add(reports, candidate, anaphoric, plural)
                    before.place = candidate.place or before.place
        if in_sent:  # (a spokesperson is not whom "the two" or "she" refers to)
            named = [m.person for m in in_sent if not _SPOKES.search(by_key[m.person].title or "")]
            before = Before(list(dict.fromkeys(named)), (sent.start, sent.end), before.place)
            recent = list(dict.fromkeys([*reversed([m.person for m in in_sent]), *recent]))
    return _headline_reports(headline, reports) + reports


# a time that is not the speaker's today: a held meeting told with it is an earlier one
_NOW = re.compile(r"\b(?:today|tonight|now|this (?:morning|afternoon|evening|week|month|year))\b", re.I)
_ANOTHER_TIME = re.compile(r"\b(?:ago|last time|the last|previous|earlier|before the|recently)\b", re.I)
_NEAR = 40  # characters on either side of the trigger, within its clause, where that time is told


def _near(sent, at: int, end: int) -> str:
    """The words around a trigger at doc characters [at, end), up to a colon or semicolon."""
    text, off = sent.text, sent.start_char
    a, b = max(0, at - off - _NEAR), min(len(text), end - off + _NEAR)
    left, right = text[a : at - off], text[end - off : b]
    return re.split(r"[:;]", left)[-1] + " " + re.split(r"[:;]", right)[0]


def _far(sent, words: str, at: int, end: int) -> bool:
    """Whether every place the sentence writes ``words`` is more than twice ``_NEAR`` characters
    from the trigger at doc characters [at, end): a time told of another clause of a long one."""
    text, off = sent.text, sent.start_char
    spots = [m.start() + off for m in re.finditer(re.escape(words), text)]
    return bool(spots) and all(p + len(words) < at - 2 * _NEAR or p > end + 2 * _NEAR for p in spots)


def _first_person(candidate: Candidate, sent, at: int, end: int, turn: Turn, in_sent: list[Mention],
                  by_key: dict[int, Person]) -> None:
    """In a speaker's words, who "I", "we" and "you" of the meeting predicate at ``at`` are: the
    speaker; the person addressed (the other speaker of a two-person exchange); "we" with no one
    else at the meeting both of them ("we met in Bergen in March"), and "your call" the caller
    and the speaker. Not an intent with neither day nor place ("we will meet again"), a proposal,
    nor a "we" that leaves the speaker alone ("we held consultations with our partners": a
    government's or a nation's we)."""
    roles, other, word, past = persons_of(sent, at, end)
    status = candidate.status
    if not turn.transcript:  # the clause's cues were read with quotations blanked: read the speaker's own
        a, b = max(turn.start, sent.start_char, at - 80), min(turn.end, sent.end_char, end + 120)
        status = _status(sent.text[a - sent.start_char : b - sent.start_char], at - a)
    if not roles or status == "proposed" or status == "planned" and not candidate.date_text and not candidate.place:
        return
    people = list(candidate.participants)
    # a name the predicate's object holds, quoted or not: "we spoke with Chancellor Harlow"
    people += [m.person for m in in_sent if any(a <= m.start < b for a, b in other) and m.person != turn.speaker]
    mate = counterpart_of(sent, other, turn.speaker, by_key) \
        if other and "speaker" in roles and _on("participants.my-counterpart") else None
    people += [mate] if mate is not None else []  # "I hosted my Kenyan counterpart": the one Kenyan leader
    others = [k for k in people if k != turn.speaker]
    if "speaker" in roles or candidate.family == "phone" and roles == {"addressee"} and not other:
        people.append(turn.speaker)
    if turn.addressee is not None and ("addressee" in roles or word == "we" and not other and not others):
        people.append(turn.addressee)
    people = list(dict.fromkeys(people))
    if word == "we" and len(people) < 2 or people == candidate.participants:
        return
    candidate.participants = people
    candidate.status = status  # "I will meet B in Kestrel on Monday," A said: planned
    near = _near(sent, at, end)
    if candidate.date_text and _far(sent, candidate.date_text, at, end):
        candidate.date_text = None  # "thanks for your call in May, …, and for the lunch here today": not its day
    if candidate.status == "held" and past and (candidate.date_text and candidate.date_text in near
                                       and not _NOW.search(candidate.date_text) or _ANOTHER_TIME.search(near)):
        candidate.earlier = True  # "we met in March", "last time we met": not the meeting they speak at
    # "you have met with the farmers' leaders": a meeting of one of the two with others, not theirs
    candidate.separate = candidate.separate or bool(other) and len(people) == 1 and not candidate.earlier
    candidate.rules.append("participants.speaker-turn" if turn.transcript else "participants.quoted-speaker")
    candidate.rules += ["participants.my-counterpart"] if mate is not None else []


def _read_sentence(doc, s0: int, s1: int, start: int, text: str, in_sent: list[Mention], by_key) -> Sentence:
    places = _places(doc, s0, s1)
    quotes = [Quote(q.group(1).strip(), _speaker(text, q, in_sent, start)) for q in _QUOTE.finditer(text)]
    return Sentence(text, start, s0, s1, in_sent, _present(doc, text, start, in_sent, by_key), places,
                    _sides(doc, s0, s1, [name for _, name in places]), quotes, _described(text, by_key),
                    doc[s0:s1])


def _clause_of(s: Sentence, ts: int, te: int) -> Clause:
    c0, c1 = _clause(s.text, ts, te)
    aside = _ASIDE.search(s.text, te, c1)
    split = c0 > 0 or c1 < len(s.text)
    shared = split and not any(c0 <= m.start - s.start < ts for m in s.mentions) \
        and any(m.start - s.start < c0 for m in s.mentions if m.person in s.present)
    return Clause(c0, c1, aside.start() if aside else c1, split, shared)


def _candidates(doc, s: Sentence, family: str, ts: int, te: int, before: Before, previous: int = 0):
    """The meeting (or meetings) one trigger reports, with whether it refers back to an
    earlier one ("the talks", "it") and a plural subject ("the two")."""
    text = s.text
    cl = _clause_of(s, ts, te)
    participants = _participants(s, ts, te, cl, before)
    if _BETWEEN_ROLES.match(text, te):  # "a summit between the leaders of the two countries": offices, not names
        participants = []
    role_sides, roles, past_offices = _offices_meeting(doc, text, ts, te, cl, participants)
    anaphoric = bool(_ANAPHOR.search(text[max(cl.c0, ts - 40) : te])) or bool(re.match(r"(?:it|they)\b", text, re.I))
    plural = _PLURAL.search(text, cl.c0, cl.k1)
    if not participants and not role_sides and not past_offices and plural and before.people:
        participants = _named_before(ts, plural, before)
    facts = _facts(doc, s, family, ts, te, cl, before, previous)
    level_word, hosting, joining = _kind_of(text, ts, te, cl, roles if role_sides else None)
    anaphoric = anaphoric or joining
    took_part = s.span is not None and _took_part(s.span, s.start + ts)
    if took_part:  # "C is to take part in that meeting too": C joins the meeting told before
        hosting = anaphoric = True
    earlier_noun = _on("date.earlier-noun") and _dated_by_noun(text, ts, te, _EARLIER_NOUN)
    recent = _on("date.earlier-noun") and _dated_by_noun(text, ts, te, _RECENT_NOUN)
    groups = _separately(s, ts, te, participants)
    if groups:  # the sentence's countries are not each meeting's sides
        facts.sides = []
    for group in groups or [participants]:
        candidate = Candidate(
            status=facts.status, date_text=facts.date_text, place=facts.place, kind_word=facts.kind_word,
            kind_here=facts.kind_here, participants=group, sentences=[text.strip()], hosting=hosting,
            level_word=level_word, family=family, trigger=text[ts:te],
            sides=role_sides or facts.sides, quotes=s.quotes, by_role=bool(role_sides),
            speakers=list(group) if len(group) == 1 and _SPEECH.search(text) else [],
            # "they last met in …", "at their previous meeting": another, earlier meeting
            earlier=bool(_EARLIER.search(text, cl.c0, cl.k1)) or earlier_noun,
            separate=_set_apart(s.span, s.start + ts, s.start + te),  # "held separate bilateral talks"
            follows=bool(_FOLLOWS.search(text, cl.c0, ts)),
            rules=["participants.took-part"] if took_part else [],
            begun=facts.status == "held" and s.span is not None and _begun(s.span, s.start + ts),
            pointed=s.span is not None and _pointed(s.span, s.start + ts),
            another_time=recent,
        )
        yield candidate, anaphoric, plural


def _dated_by_noun(text: str, ts: int, te: int, pattern: re.Pattern) -> bool:
    """Whether the trigger at [ts, te) is named with a time word of its own ("their previous
    meeting": the words reach into the trigger), or told in a "when" clause hung on another
    occasion ("since my first visit, when we held talks": the clause runs on to the trigger)."""
    for m in pattern.finditer(text, max(0, ts - 160), te):
        if m.end() > ts or m.group(0).lower().endswith("when") and not re.search(r"[,;:.]", text[m.end() : ts]):
            return True
    return False


# "After the trilateral session, X and Y held talks": the next meeting, the same day and place
_FOLLOWS = re.compile(
    r"\b(?:after|following)\s+(?:the|their|this|that)\s+(?:[\w-]+\s+){0,3}(?:meeting|session|talks|summit)\b", re.I
)


def _facts(doc, s: Sentence, family: str, ts: int, te: int, cl: Clause, before: Before,
           previous: int = 0) -> Facts:
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
        or _compound_kind(text[max(cl.c0, ts - 60, previous) : ts])
    if cl.split or cl.k1 < cl.c1:
        sides = _sides(doc, s.s0, s.s1, [name for _, name in s.places], chars)
        kind_word = kind_word or _kind_words(window, _KIND_WORDS)
    else:
        sides = s.sides
        kind_word = kind_word or _kind_words(window, _KIND_WORDS) \
            or _kind_words(_unquoted(text[previous:]), _KIND_WORDS)
    return Facts(status, date_text, place, sides, kind_word, kind_here)
