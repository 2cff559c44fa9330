"""Stage 1, triggers: which words of a sentence name a meeting (``triggers.jsonl``, a host's verb
before a name), minus what is no meeting (``meetings.json`` ``not_meeting``), each trigger standing
for one meeting."""

from __future__ import annotations

import re

from ..gazetteer import lowered as _lower
from .rules import _DATA, _TRIGGER_RES, _alternation, _on, _words
from .text import _clause, _trigger_token

_NOT_MEETING = _alternation(_DATA["not_meeting"])


def _trigger_spans(text: str, cues: set[str] | None = None,
                   named: frozenset[int] = frozenset()) -> list[tuple[str, int, int]]:
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
_HOSTS_NAMED = re.compile(
    r"\b(host(?:s|ed)?|receiv(?:es|ed)|welcom(?:es|ed)|(?:spoke|speaks|talked)\s+(?:[a-z]+\s+){0,2}?with)\s+(?=[A-Z])"
)


def _own_triggers(text: str, cues: set[str] | None = None,
                  named: frozenset[int] = frozenset()) -> list[tuple[str, int, int]]:
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


def _trigger_id(words: str) -> str:
    """The id of the trigger pattern the words of a report's trigger match ("held talks" ->
    talks); "host-named" for a host's verb before a name ("received B")."""
    low = _lower(words)
    return next((tid for tid, _family, pattern in _TRIGGER_RES if pattern.search(low)), "host-named")


_HOST_STEMS = ("host", "receiv", "welcom")  # (the pipeline has no lemmatizer)


def _hosts_what_of(sent, at: int, in_sent) -> bool:
    """Whether the host's verb at character ``at`` takes as its object something of a person's,
    not the person (syntax: the verb's direct object is a common noun with a named possessor):
    "welcomed President B's decision", "received Minister B's letter" tell no meeting with B,
    while "welcomed President B to Oslo" does."""
    if not _on("trigger.host-own-object"):
        return False
    tok = _trigger_token(sent, at)
    if tok is None or not tok.tag_.startswith("VB") or not tok.lower_.startswith(_HOST_STEMS):
        return False
    obj = next((c for c in tok.children if c.dep_ == "dobj"), None)
    poss = next((c for c in obj.children if c.dep_ == "poss"), None) if obj is not None else None
    if poss is None or obj.tag_ not in ("NN", "NNS"):
        return False
    at_person = [m for m in in_sent if m.start <= poss.idx < m.end]  # "B's offer"; not "Norway's envoy"
    a, b = obj.left_edge.idx, obj.right_edge.idx + len(obj.right_edge.text)
    return bool(at_person) and not any(a <= m.start < b for m in in_sent if m not in at_person)
    # (a name in the object besides the possessor is whom it means: "received Norway's envoy B")


_CREATING = frozenset({"establish", "establishes", "established", "establishing", "create", "creates", "created",
                       "creating", "form", "forms", "formed", "forming", "found", "founded", "institute",
                       "instituted", "inaugurate", "inaugurated"})
_IN_NOUN = frozenset({"compound", "amod", "appos", "nmod", "npadvmod", "nummod"})


def _founded(sent, at: int) -> bool:
    """Whether the trigger at character ``at`` names a body or format that its clause creates
    (syntax: the trigger's noun phrase, through compounds and appositions, is the object of
    "establish", "create", "form", "found"): "A and B established a consultative council",
    "agreed to create a 2+2 format" found a forum that will meet; they tell no meeting."""
    if not _on("trigger.founded-body"):
        return False
    tok = next((t for t in sent if t.idx <= at < t.idx + len(t.text)), None)  # (not a quote mark before it)
    for _ in range(4):
        if tok is None or tok.dep_ not in _IN_NOUN or tok.head.i == tok.i:
            break
        tok = tok.head
    return tok is not None and tok.dep_ in ("dobj", "nsubjpass") and tok.head.lower_ in _CREATING


_GROUPS = _words("trigger.of-others")  # "advisers", "commission": a group the text does not name
# who is at a meeting its subject only speaks of: the meeting's host, chair or participants
_AT_IT = frozenset({
    "host", "hosts", "hosted", "hosting", "chair", "chairs", "chaired", "chairing", "attend", "attends", "attended",
    "attending", "join", "joins", "joined", "joining", "address", "addressed", "addresses", "addressing", "convene",
    "convened", "convenes", "convening", "preside", "presided", "presides", "lead", "leads", "led", "leading",
    "open", "opened", "opens", "participate", "participated", "participates", "take", "takes", "took", "taking",
    "hold", "holds", "held", "holding", "call", "called", "calls", "organise", "organised", "organize", "organized",
})


def _of_others(sent, at: int, in_sent) -> bool:
    """Whether the trigger at character ``at`` is a meeting of a group the text does not name
    (syntax: its "of" object is one of the rule's group nouns, with no name inside: "a meeting of
    political advisers", "last week's meeting of the fisheries commission") that its clause
    does not put anyone at (no host, chair, attend, join, take part … above it): the people of
    the clause speak of it ("the leaders welcomed the meeting of their advisers"); no one named
    met. Not "the meeting of the ministers, A and B" (named inside) nor "A chaired a meeting of
    the council"."""
    if not _GROUPS:
        return False
    tok = next((t for t in sent if t.idx <= at < t.idx + len(t.text)), None)
    while tok is not None and tok.dep_ in ("compound", "amod") and tok.head.i != tok.i:
        tok = tok.head
    if tok is None or not tok.tag_.startswith("NN") or tok.dep_ not in ("dobj", "pobj"):
        return False  # (a subject: "The meeting of the ministers, A and B, lasted …" tells it held)
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    group = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if group is None or group.lower_ not in _GROUPS:
        return False
    a, b = tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge.text)
    if any(a <= m.start < b for m in in_sent):
        return False  # "the meeting of the two ministers, A and B", "A's meeting of her advisers"
    node = tok
    for _ in range(3):
        if node.head.i == node.i:
            break
        node = node.head
        if node.tag_.startswith("VB") and node.lower_ in _AT_IT:
            return False  # "A chaired a meeting of the council", "B attended a session of experts"
    return True
