"""Stage 2, participants: who a trigger's clause names as meeting (subject, "with"/"between"
phrase, the names of the clause), who is not there (a possessor, a source, a spokesperson, whom
greetings come from), and whom role references, pronouns and "the two" mean."""

from __future__ import annotations

import re

from ..gazetteer import gazetteer
from ..model import Mention, Person
from ..officials import country_in, title_level
from ..officials import doc_text as _text
from .kinds import _COUNT
from .records import Before, Candidate, Clause, Sentence
from .rules import _RULES, _words
from .text import _SIDELINES, _inside_quote, _set_apart, _trigger_token

_ANAPHOR = re.compile(
    r"\b(?:the|this|that|their|its|such|said|tuesday's|monday's|wednesday's|thursday's|friday's|saturday's|sunday's)"
    r"(?:\s+[\w-]+){0,4}\s+(?:meeting|talks?|summit|consultations?|call|conversation|session)\b|^(?:it|they)\b",
    re.I,
)
_PLURAL = re.compile(r"\b(?:the|both|all)\s+(two|three|four|five|six)\b|\b(?:they|both sides|the two sides)\b", re.I)
# a name owned by what follows it: the person is not (by this mention) at the meeting
_POSSESSED = re.compile(
    r"['’]s\s+(?:[a-z-]+\s+){0,3}?(?:administration|government|era|policy|advis[eo]r|aide|envoy|spokes\w+|secretary"
    r"|minister|deputy|office|team|delegation|cabinet|chief of staff)\b|\s+(?:administration|government|era)\b"
)
# "the government of X", "supporters of X": X's era or followers, not X at the meeting
_OWNED_BY = frozenset({
    "administration", "government", "presidency", "era", "rule", "regime", "legacy", "supporters", "followers",
    "allies", "opponents", "critics", "rivals", "predecessor", "successor", "wife", "husband", "widow", "son",
    "daughter",
})
# "greetings from X", "a message of X", "on behalf of X": X sends word, X is not at the meeting
# (not "at the invitation of": who invites is mostly the host, at the meeting)
_SENT_BY = frozenset({"greetings", "regards", "wishes", "message", "letter", "congratulations", "condolences",
                      "behalf"})
# the links that keep a word inside a name or a list of names ("former President X", "X and Y")
_IN_NAMES = frozenset({"compound", "flat", "appos", "conj"})


def _of_whom(doc, at: int):
    """The noun that the name at character ``at`` is the object of through "of" or "from"
    (syntax: "supporters of former President X" -> supporters, "greetings from X and Y" ->
    greetings, "on behalf of X" -> behalf), else None."""
    span = doc.char_span(at, at + 1, alignment_mode="expand")
    tok = span[0] if span is not None and len(span) else None
    for _ in range(8):  # up through the name and the list it is in
        if tok is None or tok.dep_ not in _IN_NAMES or tok.head.i == tok.i:
            break
        tok = tok.head
    if tok is None or tok.dep_ != "pobj" or tok.head.lower_ not in ("of", "from"):
        return None
    return tok.head.head


# a sentence's closing attribution: ", <title> X told reporters." / ", X said."
_AFTER_COMMA = re.compile(r",\s*(?:[\w.'’-]+\s+){0,5}$")
_REPORTER_TAIL = re.compile(r"\s+(?:said|says|told|added|stated|noted)\b[^,;]*")
_SPOKES = re.compile(r"\bspokes(?:person|man|woman)\b|\bpress secretary\b", re.I)
_TEMPORAL_INTRO = re.compile(r"^(?:after|before|following|since|ahead of|prior to)\b", re.I)
_SPEECH = re.compile(r"\b(?:said|says|told|noted|stated|added|comments?|briefing|according to|quoted)\b", re.I)


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


# offices a role reference names ("the President of Russia", "the Chinese leader", "the envoy")
_OFFICE_NOUNS = _words("participants.role-reference")
_TOPIC_NOUNS_OF = _words("participants.topic-of")  # "his assessment of the talks between …"
_PARTITIVE = frozenset(_RULES.get("participants.topic-of", {}).get("partitive", ()))  # "a round of", "a series of"
_SUBJECTS = {"nsubj", "nsubjpass"}
_WITH = {"with", "between"}


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
                     or any(a.lower() in (p.title or "").lower() for a, c in g.country_of.items()
                            if c == country and len(a) > 3))]
        fits.sort(key=lambda k: recent.index(k) if k in recent else len(recent))
        if fits and (len(fits) == 1 or fits[0] in recent):
            out.append(fits[0])
    return list(dict.fromkeys(out))


_PLURAL_ROLES = _words("participants.plural-role")  # "leaders", "presidents", "ministers", "pair"


def _plural_role_people(sent, at: int, recent: list[int], by_key: dict[int, Person]) -> list[int]:
    """Whom a plural role subject of the trigger at character ``at`` means (syntax: the subject
    of the nearest verb above the trigger, or the clause's subject for "their talks"): "The two
    leaders agreed to meet in May", "Both ministers … following their talks": as many people
    as the count says (two without one), the latest named whose titles fit the role. Not a
    role of others ("the leaders of the region"), nor a bare plural ("leaders met"), nor a
    meeting with someone else ("both ministers then met with the press"), nor a proposal."""
    tok = _trigger_token(sent, at)
    if tok is None or any(c.dep_ == "prep" and c.lower_ in ("with", "between", "among") for c in tok.children):
        return []  # "both ministers then met with the press", "talks between their envoys": others meet
    node, subj = tok, None
    for _ in range(8):
        if node is None:
            return []
        subj = next((c for c in node.children if c.dep_ in _SUBJECTS and c.i != tok.i), None)
        if subj is not None or node.head.i == node.i:
            break
        node = node.head
    if subj is None or subj.lower_ not in _PLURAL_ROLES or any(c.dep_ == "prep" for c in subj.children):
        return []
    number = next((c for c in subj.children if c.dep_ == "nummod"), None)
    if number is None and not any(c.lower_ in ("the", "both") for c in subj.children):
        return []
    count = _COUNT.get(number.lower_, 0) if number is not None else 2
    fits = [k for k in recent if _plays(by_key[k], subj.lower_)]
    return fits[:count] if count and len(fits) >= count else []


def _plays(person: Person, role: str) -> bool:
    """Whether the person's title fits a plural role word ("leaders": a head of state or
    government; "ministers": a minister; "pair", "counterparts": anyone)."""
    title = (person.title or "").lower()
    if role in ("leaders", "heads"):
        return title_level(person.title) == "summit"
    if role in ("pair", "counterparts"):
        return True
    return role.rstrip("s") in title


# a transcript's speaker label at the start of a line ("SECRETARY A:", "FOREIGN MINISTER B:", "QUESTION:")
_SPEAKER_LABEL = re.compile(r"[ \t]*(?:[A-Z][A-Z.'’-]*[ \t]+){0,4}([A-Z][A-Z'’-]{2,})[ \t]*:")
# the speaker as the subject: "we had a productive meeting", "It's a pleasure to welcome B"
_FIRST_PERSON = re.compile(r"\b(?:I|we|We|my|our|Our)\b|\bpleasure to\b")


# a sentence opening with a described official: "The Russian minister is to call on …"
_DESCRIBED = re.compile(r"\s*[Tt]he\s+([A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)?)\s+"
                        r"((?i:minister|president|premier|chancellor|secretary|envoy|diplomat|leader))\b")


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
        title_level(p.title) == "summit" if head == "leader" else head in (p.title or "").lower())]
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
        if (owner := _of_whom(doc, m.start)) is not None and owner.lower_ in _OWNED_BY:
            continue
        if re.match(r"\s+(?:took|assumed|came to|was elected|won)\b", full[m.end : m.end + 20]):
            continue
        if _SPOKES.search(by_key[m.person].title or ""):
            continue
        if _AFTER_COMMA.search(full, max(start, m.start - 60), m.start) \
                and _REPORTER_TAIL.fullmatch(full, m.end, start + len(text)):
            continue  # "…, Foreign Minister X told reporters": X reports the meeting, not in it
        if m.person not in named:
            named.append(m.person)
    return named


def _participants(s: Sentence, ts: int, te: int, cl: Clause, before: Before) -> list[int]:
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
    if s.span is not None:  # "A passed on the greetings of C to B": C was not there
        people = [p for p in people if not (mine := [m for m in s.mentions if m.person == p])
                  or not all(_for_another(s.span.doc, m.start) for m in mine)]
    side = _SIDELINES.search(text, te)
    if side:  # "A met B at the margins of a summit with C": C is at the summit, not at this meeting
        people = [p for p in people if any(m.person == p and m.start - off < side.start() for m in s.mentions)]
    comma = text.find(",")
    if _TEMPORAL_INTRO.match(text) and 0 < comma and ts < comma:  # "After meeting X, Y flew on to …"
        people = [p for p in people if any(m.person == p and m.start - off < comma for m in s.mentions)]
    if s.described is not None and s.described not in people and cl.c0 == 0 \
            and not any(m.start - off < ts for m in s.mentions):
        people = [s.described, *people]  # "The Russian minister is to call on B"
    if (before.people and not any(cl.c0 <= m.start - off < ts for m in s.mentions)
            and (_PRONOUN_SUBJECT.search(text[cl.c0 : ts]) or _PRONOUN_FIRST.match(text, cl.c0, ts))
            and before.people[0] not in people):
        people = [before.people[0], *people]  # "A day before, she had talks with X": she, named before
    who = _WHO_SUBJECT.search(text, cl.c0, ts)
    if who and (subject := next((m.person for m in s.mentions if m.end - off == who.start()), None)) is not None:
        # "A was accompanied by B, who held talks with C": B and C meet, not A
        after = [p for p in people if any(m.person == p and m.start - off >= who.end() for m in s.mentions)]
        people = [subject, *[p for p in after if p != subject]]
    return people


def _for_another(doc, at: int) -> bool:
    """Whether the name at character ``at`` is whom greetings, a letter or a message come from
    (syntax: the object of "of"/"from" after one of those nouns, or of "on behalf of"; or of a
    "from" the parser hangs on the verb whose object the noun is: "conveyed greetings from C")."""
    sender = _of_whom(doc, at)
    if sender is None:
        return False
    return sender.lower_ in _SENT_BY or sender.tag_.startswith("VB") and any(
        c.dep_ == "dobj" and c.lower_ in _SENT_BY for c in sender.children)


_ANAPHOR_SUBJECT = re.compile(r"\s*(?:the|this|that|their|its|such)\s+(?:[\w-]+\s+){0,3}$", re.I)
# the clause's subject is a pronoun: "He is expected to travel to Accra on Wednesday for talks with X"
# (not "He noted that Norway would hold talks with X": what he reports, not what he does)
_PRONOUN_FIRST = re.compile(r"\s*(?:He|She)\s+(?!said|says|told|added)(?![^,;:\"“]*\b(?:that|whether|if)\b)"
                            r"[^,;:\"“]{0,80}$")


# a relative clause on the name just before it, holding the trigger: "…, B, who held talks with C"
_WHO_SUBJECT = re.compile(r",\s+who\s+(?!said|says|told|added)[^,;]{0,60}$")
_PRONOUN_SUBJECT = re.compile(r"\b(?:he|she)\s+(?:[a-z]+\s+){0,3}$", re.I)


def _named_before(ts: int, plural: re.Match, before: Before) -> list[int]:
    """Decides who "the two met" means: the people named before, when as many as the count
    says were named ("the two officials met", one of them named: as many as named, if close)."""
    count = _COUNT.get((plural.group(1) or "").lower())
    known = len(before.people)
    if (count is None and known >= 2) or count == known or (count and count > known and abs(ts - plural.end()) <= 30):
        return list(before.people)
    return []


def _separately(s: Sentence, ts: int, te: int, participants: list[int]) -> list[list[int]] | None:
    """ "X will hold separate meetings with A and with B": one meeting of X with each (not "a
    separate call", which is one meeting apart from the last)."""
    if not _set_apart(s.span, s.start + ts, s.start + te):
        return None
    subject = [p for p in participants if any(m.person == p and m.start - s.start < ts for m in s.mentions)]
    others = [p for p in participants if p not in subject]
    # "In a separate call, A spoke with B": one meeting (a singular one), apart from the last
    plural = s.text[ts:te].lower().endswith("s")
    return [[*subject, p] for p in others] if plural and len(others) >= 2 else None




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


def _expand_sides(r: Candidate, people: list[Person], by_key: dict[int, Person]) -> None:
    """A meeting of named sides ("Seoul, Washington and Tokyo") takes in the article's officials of
    the missing sides at the meeting's level, when the text names them."""
    if len(r.sides) < 2 or not (r.participants or r.by_role):
        return
    covered = {by_key[p].country for p in r.participants}
    level = r.level_word or next((title_level(by_key[p].title) for p in r.participants), None)
    if not level:
        return
    for side in r.sides:
        if side in covered:
            continue
        fits = [p.key for p in people if p.country == side and title_level(p.title) == level]
        if len(fits) == 1:
            r.participants.append(fits[0])


_PRONOUNS = frozenset({"he", "she", "his", "her", "they", "their", "we", "our", "i", "my"})


def _own_with_people(sent, at: int, in_sent: list[Mention]) -> list[int] | None:
    """The people of the meeting noun at character ``at`` read from its own phrase (syntax: the
    names inside its "with" phrase, and its owner: a named possessor, else the named subject of
    the nearest verb above it, passing over pronoun subjects to the clause that names them).
    For a sentence that tells two meetings ("After a meeting with B, A said she would call C
    after her phone call with D"), where the clause's names belong to both. None when the noun
    has no "with" phrase naming someone."""
    tok = next((t for t in sent if t.idx <= at < t.idx + len(t.text)), None)
    while tok is not None and tok.dep_ in ("compound", "amod") and tok.head.i != tok.i:
        tok = tok.head  # "phone call", "video call"
    verb = tok is not None and tok.tag_.startswith("VB")  # "met B": its object too
    if tok is None or not (verb or tok.tag_.startswith("NN")):
        return None

    def named_in(a: int, b: int) -> list[int]:
        return list(dict.fromkeys(m.person for m in in_sent if a <= m.start < b))

    def named_at(t) -> int | None:
        return next((m.person for m in in_sent if m.start <= t.idx < m.end), None)

    others: list[int] = []
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ == "with" or verb and c.dep_ == "dobj":
            others += named_in(c.left_edge.idx, c.right_edge.idx + len(c.right_edge.text))
    if not others and not verb:
        return None
    poss = next((c for c in tok.children if c.dep_ == "poss"), None)
    owner = named_at(poss) if poss is not None else None
    owners = [owner] if owner is not None else []
    node = tok
    for step in range(10):
        if owners or (poss is not None and poss.lower_ not in _PRONOUNS):
            break
        if step or not verb:  # a verb's own subject first ("A met B"), else the clause above
            if node.head.i == node.i:
                break
            node = node.head
        subj = next((c for c in node.children if c.dep_ in _SUBJECTS), None)
        if subj is None:
            continue
        if subj.lower_ in _PRONOUNS:
            continue  # "she would discuss …": whom "she" names, further up
        owners = [k for k in (named_at(t) for t in (subj, *(c for c in subj.children if c.dep_ == "conj")))
                  if k is not None]  # "A and B met …"
        break
    if not owners or not others and len(owners) < 2:
        return None  # no named owner ("Jr." read as the subject), or "A met in Oslo": the clause says
    return list(dict.fromkeys(owners + others))
