"""Stage 3, status: held, planned or proposed, from the cues of a trigger's clause (``status.jsonl``)
and the words governing its predicate in the parse (a wish or offer, reported speech)."""

from __future__ import annotations

import re

from ..gazetteer import load_patterns
from ..gazetteer import lowered as _lower
from .rules import _alternation, _words
from .text import _trigger_token

_STATUS_CUES = load_patterns("status.jsonl")
_PROPOSED, _PLANNED, _HELD = (_alternation([e for e in _STATUS_CUES if e["status"] == status])
                              for status in ("proposed", "planned", "held"))


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


_PROPOSING = _words("status.proposal-head")  # "stood ready for a summit"


_SPEECH_VERBS = _words("date.reported-speech")


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


_EARLIER = re.compile(
    r"\b(?:previously|(?:most )?recently|last|first|earlier|had(?: \w+)?)\s+(?:met|held|talked|spoke)\b", re.I
)
# what a meeting noun's own words date before the one under way: "at their previous meeting", "the
# earlier round of talks"; and a meeting told in a clause hung on another occasion: "since my first
# visit to Kestrel, when we also held talks", "during her last trip here, when they met at the port"
_MEETING_NOUNS = r"(?:meeting|talks|consultations|conversation|call|summit|visit|trip|round)s?"
# (the time word as the noun's adjective: not "prior to the meeting", "earlier in the talks")
_NOT_ADJECTIVE = r"(?!\s+(?:to|in|on|at|during|that|this|the|than|of|with|and|or)\b)"
_EARLIER_NOUN = re.compile(
    rf"\b(?:previous|prior|earlier){_NOT_ADJECTIVE}\s+(?:[\w-]+\s+){{0,2}}{_MEETING_NOUNS}\b"
    rf"|\b(?:first|last|previous|earlier){_NOT_ADJECTIVE}\s+(?:[\w-]+\s+){{0,2}}{_MEETING_NOUNS}\b"
    rf"[^.;:]{{0,60}}?,\s*when\b", re.I
)
# ... and "recent": another meeting than the one told before it, not an earlier one than the
# article's own (an article may be about "a recent call")
_RECENT_NOUN = re.compile(
    rf"\b(?:most\s+)?recent(?!\s+(?:days|weeks|months|years)\b){_NOT_ADJECTIVE}\s+(?:[\w-]+\s+){{0,2}}"
    rf"{_MEETING_NOUNS}\b", re.I
)


_BEGIN = frozenset({"begin", "begins", "began", "begun", "start", "starts", "started", "commence", "commences",
                    "commenced", "open", "opens", "opened"})


def _begun(sent, at: int) -> bool:
    """Whether the trigger at character ``at`` is told as beginning (syntax: the subject or the
    object of "begin", "start", "commence", "open"): "The talks between A and B have begun",
    "A began a meeting with B". Such a readout is written while the meeting goes on, so what it
    says the same people "will" do next, on no other day, is the rest of that meeting."""
    tok = next((t for t in sent if t.idx <= at < t.idx + len(t.text)), None)
    while tok is not None and tok.dep_ in ("compound", "amod") and tok.head.i != tok.i:
        tok = tok.head  # "the bilateral talks", "a working meeting"
    return tok is not None and tok.dep_ in ("nsubj", "nsubjpass", "dobj") and tok.head.lower_ in _BEGIN
