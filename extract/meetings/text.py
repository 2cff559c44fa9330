"""What every stage reads a sentence with: the entities of a token span, quotations, the clause
around a trigger, the token at a character offset, a filed story's dateline lead."""

from __future__ import annotations

import re
from bisect import bisect_left

from ..model import Mention
from ..officials import doc_ents as _doc_ents

_QUOTE = re.compile(r"[\"“]([^\"”]{12,})[\"”]")


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


def _trigger_token(sent, at: int):
    return next((t for t in sent if t.idx <= at < t.idx + len(t.text) + 1), None)


def _trigger_noun(sent, start: int, end: int):
    """The noun a trigger at characters [start, end) of the doc names the meeting by ("held
    talks" -> talks), the last of its tokens tagged a noun; None for a verb alone ("met")."""
    nouns = [t for t in sent if start <= t.idx < end and t.tag_.startswith("NN")]
    return nouns[-1] if nouns else None


def _set_apart(sent, start: int, end: int) -> bool:
    """Whether the trigger's noun is modified by "separate" (syntax: "held separate bilateral
    talks", "in a separate call"): a meeting apart from the one before."""
    noun = _trigger_noun(sent, start, end) if sent is not None else None
    return noun is not None and any(c.lower_ == "separate" for c in noun.lefts)


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
