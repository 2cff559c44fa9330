"""Stage 5, dating: which date expression of a sentence belongs to a meeting, and the day the
article's lead gives a meeting it leaves undated. (Resolving that text to a date is ``dates.py``.)"""

from __future__ import annotations

import re

from ..dates import RELATIVE_DATE, find_date, names_day
from ..gazetteer import lowered as _lower
from ..model import Mention
from ..officials import doc_text as _text
from .kinds import _sides
from .places import _places
from .status import _HELD
from .text import _DATELINE_LEAD, _ents_in, _unquoted


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
            if RELATIVE_DATE.search(t) or find_date(t) or re.fullmatch(r"(?:in )?(?:19|20)\d\d", t):
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


_RELATIVE = "diplotui.relative"  # doc.user_data key: RELATIVE_DATE's matches in each span searched


def _relative_dates(doc, full: str, c0: int, c1: int) -> list[tuple[int, int, str]]:
    """The matches of ``RELATIVE_DATE`` in ``full[c0:c1]``, searched once per span: each of a
    clause's triggers asks for them (the pattern has no literal prefix to skip ahead by, so a
    search costs by the character)."""
    cache = doc.user_data.get(_RELATIVE)
    if cache is None:
        cache = doc.user_data[_RELATIVE] = {}
    found = cache.get((c0, c1))
    if found is None:
        found = cache[(c0, c1)] = [(m.start(), m.end(), m.group(0)) for m in RELATIVE_DATE.finditer(full, c0, c1)]
    return found


# a non-restrictive relative clause on a person: ", who arrived in Moscow on Thursday,"
_SAME_DAY = re.compile(r"\b(?:the same|that)\s+(?:day|morning|afternoon|evening|night)\b", re.I)
_WHO_ASIDE = re.compile(r",\s+who\s[^,;]{0,120}?,")  # (", which they held on …," tells the meeting's own day)
# what precedes a date that does not date the event: "said on Monday", "since taking office in 2023"
_NOT_WHEN = re.compile(r"\b(?:(?:said|says|told|announced|reported|added)\s+(?:on\s+)?|since\s+(?:\S+\s+){0,3})$")
# a meeting set apart in time from the story's: "follows by a month the summit he attended"
_OTHER_TIME = re.compile(
    r"\b(?:days?|weeks?|months?|years?|shortly|soon|just)\s+(?:after|before|ago|earlier|later)\b", re.I
)


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
    return (when, sides, people, places) if names_day(when) and (len(sides) >= 2 or people) else None


def _lead_names_day(doc, lead, mentions: list[Mention], participants: list[int]) -> str | None:
    """The day the lead sentence gives, when it names two of ``participants``: a headline's
    meeting ("A, B hold talks") is dated by a lead about them ("A on Tuesday told B …")."""
    if lead is None:
        return None
    named = {m.person for m in mentions if lead.start_char <= m.start < lead.end_char}
    if len(named & set(participants)) < 2:
        return None
    when = _date_text(doc, lead.start, lead.end)
    return when if names_day(when) else None


_JUST_DONE = re.compile(r"(?:\bha(?:ve|s)|’ve|'ve) just (?:\w+ed|met|held|had|begun|finished|wrapped up)\b", re.I)
