"""The typed records the stages pass: a sentence with triggers and what it names (``Sentence``), what
the sentences before it named (``Before``), a trigger's clause (``Clause``), the facts its clause
gives (``Facts``) and one meeting as told so far (``Candidate``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..model import Mention, Quote

if TYPE_CHECKING:
    from spacy.tokens import Span


@dataclass
class Sentence:
    """A sentence with meeting triggers, and what it names."""

    text: str
    start: int  # character offset in the doc
    s0: int  # token span
    s1: int
    mentions: list[Mention]
    present: list[int]  # the people it names as (possibly) taking part
    places: list[tuple[int, str]]
    sides: list[str]
    quotes: list[Quote]
    described: int | None = None  # whom an opening "The Russian minister" means
    span: Span | None = None  # the sentence's tokens


@dataclass
class Before:
    """What the sentences before the current one named: whom a pronoun or "the two" refers to,
    and where "there" is."""

    people: list[int] = field(default_factory=list)  # of the latest sentence naming anyone
    span: tuple[int, int] | None = None  # that sentence's tokens
    place: str | None = None  # the place of the latest meeting reported: where "the visit" is


@dataclass
class Clause:
    """The clause of a sentence that a trigger belongs to."""

    c0: int  # clause start, in sentence characters
    c1: int  # clause end
    k1: int  # clause end before an aside ("on the sidelines of …", another event)
    split: bool  # the sentence has several clauses
    shared_subject: bool  # "X visited Y and held talks with Z": the subject is the first clause's


@dataclass
class Facts:
    """What a trigger's clause tells of its meeting besides who: status, date text, place, sides, kind."""

    status: str  # held, planned or proposed
    date_text: str | None
    place: str | None  # a city, a venue, or HERE / ON_VISIT (places.py) until the article fills it in
    sides: list[str]  # countries
    kind_word: str | None  # "bilateral", from the clause's words
    kind_here: str | None  # the kind written on the trigger itself


@dataclass
class Candidate:
    """One meeting as the sentences read so far tell it: a trigger's reading, and the report that
    the readings of the same meeting are merged into (``reports``)."""

    status: str
    date_text: str | None
    place: str | None
    kind_word: str | None
    kind_here: str | None
    participants: list[int]  # person keys
    sentences: list[str]
    hosting: bool  # the subject hosts or joins it ("hosted the talks")
    level_word: str | None  # "ministerial", "summit", from the words
    family: str  # meeting, phone, virtual, summit (triggers.jsonl)
    trigger: str  # the trigger's words as written
    sides: list[str]
    quotes: list[Quote]
    by_role: bool  # the sides come from offices ("the foreign ministers of the two countries")
    speakers: list[int]  # a lone participant who speaks in the sentence
    earlier: bool  # "they last met in June": another, earlier meeting
    separate: bool  # "held separate talks": not the meeting before
    follows: bool  # "after the session, X and Y held talks": the next meeting, same day and place
    gathering: bool = False  # the gathering another meeting was held on the sidelines of
    reported: bool = False  # told only in reported speech
    headline: bool = False  # told only by the headline
    rules: list[str] = field(default_factory=list)  # ids of the rules that shaped it
    trigger_id: str | None = None  # the trigger rule, when not a pattern of triggers.jsonl ("visit-of")
    country: str | None = None  # a visit's destination country (visits.py)
    pointed: bool = False  # named with a demonstrative ("these talks", "this meeting"): one told before
    begun: bool = False  # told as under way ("the talks have begun"): the article writes during it (status.py)
    # named with a time of its own ("during their recent talks"): not the meeting a report told before is
    another_time: bool = False
