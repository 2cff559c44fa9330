"""Who is speaking where: a transcript's turns (a speaker label, "President Lena Marsk: …" or
"MARSK: …", up to the next label) and quotations attributed by "X said" / "said X"; and, in a
speaker's passage, whom the first and second person of a meeting predicate mean ("we met in
Bergen", "thank you for your call", "you have met with the farmers' leaders")."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ..gazetteer import gazetteer
from ..model import Mention, Person
from ..officials import title_level
from .participants import _OFFICE_NOUNS, _SPEAKER_LABEL, _SPOKES
from .rules import _on
from .text import _trigger_token

# after a person's name, the rest of a speaker label: title words the scrape glued on ("… Lena Marsk
# President of Valdora"), a note in brackets ("(retranslated)"), then the colon and a capital
_LABEL_TAIL = re.compile(r"(?:[ \t]*(?:[A-Z][\w'’.-]*|of|the|and)){0,8}?[ \t]*(?:\([^()\n]{0,40}\))?[ \t]*:"
                         r"[ \t]+(?=[A-Z\"“‘'])")
# what may stand between the label and the end of the sentence or line before it: a title, a heading
_LABEL_LEAD = re.compile(r"(?:^|[.!?…*>\]\n])[^.!?…*>\]\n:\"“”]{0,120}$")
_QUOTES = re.compile(r"“([^“”]{12,})”|\"([^\"\n]{12,})\"")
# verbs that attribute a quotation to their subject
_SAYS = frozenset({"said", "says", "say", "told", "tells", "added", "adds", "noted", "notes", "stated", "states",
                   "stressed", "recalled", "explained", "emphasized", "emphasised", "declared", "remarked",
                   "insisted", "wrote", "continued", "concluded", "observed", "replied", "answered"})
_SUBJECTS = ("nsubj", "nsubjpass")


@dataclass
class Turn:
    """A passage of the text in one speaker's words."""

    start: int  # characters of the doc
    end: int
    speaker: int | None  # person key; None: a speaker the article does not name ("QUESTION:")
    addressee: int | None = None  # the other speaker of a two-person exchange
    transcript: bool = True  # a labelled turn (else a quotation)
    label_at: int = -1  # where the label's name starts: a label names its speaker, not a participant


def speaker_turns(doc, full: str, mentions: list[Mention], by_key: dict[int, Person]) -> list[Turn]:
    """The doc's passages with a known speaker, in order: labelled transcript turns, then each
    quotation inside them or outside attributed by a verb of saying (a quotation's own speaker wins
    within it: ``speaker_at`` takes the last passage that holds a position)."""
    turns = _labelled_turns(full, mentions, by_key) if _on("participants.speaker-turn") else []
    quotes = _attributed_quotes(doc, full, mentions, by_key) if _on("participants.quoted-speaker") else []
    return sorted(turns, key=lambda t: t.start) + quotes


def speaker_at(turns: list[Turn], at: int) -> Turn | None:
    """The passage the character ``at`` of the doc is spoken in (the innermost: a quotation inside
    a turn)."""
    return next((t for t in reversed(turns) if t.start <= at < t.end), None)


def _labelled_turns(full: str, mentions: list[Mention], by_key: dict[int, Person]) -> list[Turn]:
    labels: list[tuple[int, int, int | None]] = []  # (label start, text start, speaker)
    ends = {m.end: m for m in mentions}
    for m in mentions:
        tail = _LABEL_TAIL.match(full, m.end)
        if tail is None or not _LABEL_LEAD.search(full, max(0, m.start - 120), m.start):
            continue
        if _SPOKES.search(by_key[m.person].title or ""):
            continue
        labels.append((m.start, tail.end(), m.person))
    for line in re.finditer(r"^", full, re.M):  # "FOREIGN MINISTER MARSK:", "QUESTION:" at a line's start
        label = _SPEAKER_LABEL.match(full, line.start())
        if label is None or any(a <= label.end() <= b for a, b, _ in labels):
            continue
        who = ends.get(label.end(1))
        labels.append((who.start if who else label.start(), label.end(), who.person if who else None))
    labels.sort()
    named = {k for _, _, k in labels if k is not None}
    turns = []
    for i, (a, b, k) in enumerate(labels):
        end = labels[i + 1][0] if i + 1 < len(labels) else len(full)
        other = next(iter(named - {k})) if len(named) == 2 and k in named else None
        turns.append(Turn(b, end, k, other, label_at=a))
    return turns


def _attributed_quotes(doc, full: str, mentions: list[Mention], by_key: dict[int, Person]) -> list[Turn]:
    """Quotations whose speaker a verb of saying outside them names: its subject a person's name
    ('"…," Marsk said', '"…," said President Lena Marsk'), or "he"/"she" for the latest person named
    before the quotation."""
    out: list[Turn] = []
    starts = [m.start for m in mentions]
    for q in _QUOTES.finditer(full):
        qa, qb = q.span()
        speaker = _said_by(doc, full, qa, qb, mentions, starts, by_key)
        if speaker is not None and not _SPOKES.search(by_key[speaker].title or ""):
            out.append(Turn(qa, qb, speaker, transcript=False))
    return out


def _said_by(doc, full: str, qa: int, qb: int, mentions: list[Mention], starts: list[int],
             by_key: dict[int, Person]) -> int | None:
    # the attribution is in the sentence where the quotation ends ('"…," X said.') or, failing
    # that, where it begins ('X said: "…"')
    for at in (qb - 1, qa):
        span = doc.char_span(at, at + 1, alignment_mode="expand")
        if span is None or not len(span):
            continue
        sent = span[0].sent
        for tok in sent:
            if qa <= tok.idx < qb or tok.lower_ not in _SAYS or not tok.tag_.startswith("VB"):
                continue
            subj = next((c for c in tok.children if c.dep_ in _SUBJECTS and not qa <= c.idx < qb), None)
            if subj is None:
                continue
            a, b = subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge.text)
            named = [m for m in mentions if a <= m.start < b]
            if named:
                return named[-1].person
            if subj.lower_ in _OFFICE_NOUNS and any(c.lower_ == "the" for c in subj.children):
                title = [m for m in mentions[: bisect_right(starts, a)]
                         if subj.lower_ in (by_key[m.person].title or "").lower()]
                return title[-1].person if title else None  # "…," the minister said: the minister named last
            if subj.lower_ in ("he", "she"):
                k = bisect_right(starts, min(qa, a))
                before = [m for m in mentions[:k] if m.end <= min(qa, a)]
                return before[-1].person if before else None
            return None
    return None


# "it is a pleasure / an honour to meet …": the speaker's own meeting
_GLAD = frozenset({"pleasure", "honour", "honor", "privilege", "glad", "happy", "delighted", "pleased"})
# first- and second-person words, by whom they mean
_SPEAKER_WORDS = frozenset({"i", "we", "me", "us", "my", "our"})
_ADDRESSEE_WORDS = frozenset({"you", "your"})


def persons_of(sent, at: int, end: int) -> tuple[set[str], list[tuple[int, int]], str | None, bool]:
    """Whom the first and second person of the meeting predicate at character ``at`` mean (syntax:
    the subject of the trigger's verb, and of the verbs it is the complement of; its with-,
    between- and direct objects; the possessor of the trigger noun): a set of "speaker" and
    "addressee"; whether the predicate has another object (a name, "our partners"); and the
    first-person word that is its subject ("we", "i"), if any. The other objects are given as
    character spans ("with Chancellor Harlow": a name a quotation holds is a participant too). And
    whether its verb is in the past ("we met", "we had a meeting"; not "this is our meeting")."""
    words = [t for t in sent if at <= t.idx < end]
    # the trigger's noun when it ends in one ("thank you for your call": the call), else its first word
    tok = words[-1] if words and words[-1].tag_.startswith("NN") else _trigger_token(sent, at)
    if tok is None:
        return set(), [], None, False
    verb = tok
    while verb.dep_ in ("dobj", "compound", "amod", "attr", "xcomp", "nsubj") and verb.head.i != verb.i \
            and not (verb.dep_ == "nsubj" and verb.i != tok.i):
        verb = verb.head  # "held talks", "had a meeting"; "our meeting was useful"
    roles: set[str] = set()
    other: list[tuple[int, int]] = []
    subject_word = None
    node, glad = verb, False
    for _ in range(5):  # "we will be able to meet", "after meeting B, we …": the subject higher up
        glad = glad or node.lower_ in _GLAD
        subj = next((c for c in node.children if c.dep_ in _SUBJECTS and c.i != tok.i), None)
        if subj is not None or node.dep_ not in ("xcomp", "acomp", "conj", "acl", "attr", "advcl") \
                or node.head.i == node.i:
            break
        node = node.head
    if subj is not None and subj.lower_ == "it" and (glad or node.lower_ in _GLAD
                                                       or any(c.lower_ in _GLAD for c in node.children)):
        roles.add("speaker")  # "It is a pleasure to welcome B": the speaker welcomes
    elif subj is not None:
        for w in (subj, *[c for c in subj.children if c.dep_ == "conj"]):
            if w.lower_ in ("i", "we"):
                roles.add("speaker")
                subject_word = subject_word or w.lower_
            elif w.lower_ == "you":
                roles.add("addressee")
    objects = [o for head in {tok, verb} for p in head.children if p.dep_ == "prep" and p.lower_ in ("with", "between")
               for o in p.children if o.dep_ == "pobj"]
    if verb is tok and tok.tag_.startswith("VB"):
        objects += [c for c in tok.children if c.dep_ == "dobj"]  # "received me", "met you"
    objects += [c for o in list(objects) for c in o.children if c.dep_ == "conj"]
    for o in objects:
        if o.lower_ in ("me", "us"):
            roles.add("speaker")
        elif o.lower_ == "you":
            roles.add("addressee")
        elif o.tag_.startswith("NN"):
            other.append((o.left_edge.idx, o.right_edge.idx + len(o.right_edge.text)))
    noun = tok if tok.tag_.startswith("NN") else None  # (not "received your minister": the one received)
    for c in (noun.children if noun is not None else ()):
        if c.dep_ == "poss" and c.lower_ in ("my", "our"):
            roles.add("speaker")
            roles.update(("addressee",) if c.lower_ == "our" else ())
        elif c.dep_ == "poss" and c.lower_ == "your":
            roles.add("addressee")
    past = verb.tag_ in ("VBD", "VBN")
    return roles, other, subject_word, past


def counterpart_of(sent, spans: list[tuple[int, int]], speaker: int, by_key: dict[int, Person]) -> int | None:
    """Whom "my French counterpart" / "our Norwegian colleague" in the predicate's objects (character
    ``spans``) means: the article's one official of that country whose office is at the speaker's
    level (a head of state or government, a minister); None when none or several fit."""
    me = by_key.get(speaker)
    level = title_level(me.title) if me is not None else None
    if not level:
        return None
    countries = gazetteer().country_of
    for tok in sent:
        if tok.lower_ not in ("counterpart", "colleague") or not any(a <= tok.idx < b for a, b in spans) \
                or not any(c.dep_ == "poss" and c.lower_ in ("my", "our") for c in tok.children):
            continue
        country = next((countries[c.text] for c in tok.children
                        if c.dep_ in ("amod", "compound") and c.text in countries), None)
        fits = [k for k, p in by_key.items() if k != speaker and country and p.country == country
                and title_level(p.title) == level]
        return fits[0] if len(fits) == 1 else None
    return None
