"""The typed records the stages pass: a sentence with triggers and what it names (``Sentence``), what
the sentences before it named (``Before``), a trigger's clause (``Clause``), the facts its clause
gives (``Facts``) and one meeting as told so far (``Candidate``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Mention, Quote


@dataclass
class _Sentence:
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


@dataclass
class _Before:
    """What the sentences before the current one named: whom a pronoun or "the two" refers to,
    and where "there" is."""

    people: list[int] = field(default_factory=list)  # of the latest sentence naming anyone
    span: tuple[int, int] | None = None  # that sentence's tokens
    place: str | None = None  # the place of the latest meeting reported: where "the visit" is


@dataclass
class _Clause:
    """The clause of a sentence that a trigger belongs to."""

    c0: int  # clause start, in sentence characters
    c1: int  # clause end
    k1: int  # clause end before an aside ("on the sidelines of …", another event)
    split: bool  # the sentence has several clauses
    shared_subject: bool  # "X visited Y and held talks with Z": the subject is the first clause's
