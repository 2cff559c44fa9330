"""Finding an official the way a person names one: by id, by name or alias, fuzzily."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

FUZZY_MIN = 85.0


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    country: str | None
    title: str | None
    n_mentions: int
    matched: str
    score: float

    def describe(self) -> str:
        extra = ", ".join(x for x in (self.title, self.country) if x)
        return f"{self.id}  {self.name}" + (f" ({extra})" if extra else "")


class LookupFailed(LookupError):
    """No official, or several, match: the message says which (one line per candidate)."""

    def __init__(self, message: str, candidates: list[Candidate] | None = None):
        super().__init__(message)
        self.candidates = candidates or []


def _score(a: str, b: str, **kwargs) -> float:
    """Whole names compare token-sorted; a shorter query ("Blinken") may match a part of a longer name."""
    if len(a.split()) < len(b.split()):
        return fuzz.token_set_ratio(a, b, **kwargs)
    return fuzz.token_sort_ratio(a, b, **kwargs)


def _candidate(conn: sqlite3.Connection, oid: int, matched: str, score: float) -> Candidate:
    row = conn.execute("SELECT name, country, title, n_mentions FROM officials WHERE id = ?", (oid,)).fetchone()
    return Candidate(oid, row[0], row[1], row[2], row[3], matched, score)


def find_officials(conn: sqlite3.Connection, query: str, limit: int = 8) -> list[Candidate]:
    """Officials matching ``query``, best first: an id, an exact name or alias, then fuzzy names."""
    q = " ".join(query.split())
    if not q:
        return []
    if q.isascii() and q.isdigit() and int(q) < 2**63:  # an id ("²" is a digit too, but no number)
        row = conn.execute("SELECT id FROM officials WHERE id = ?", (int(q),)).fetchone()
        if row:
            return [_candidate(conn, row[0], q, 100.0)]
    exact = conn.execute(
        """SELECT id FROM officials WHERE name = ? COLLATE NOCASE
           UNION SELECT official_id FROM aliases WHERE alias = ? COLLATE NOCASE""",
        (q, q),
    ).fetchall()
    if exact:
        found = [_candidate(conn, r[0], q, 100.0) for r in exact]
        return sorted(found, key=lambda c: -c.n_mentions)[:limit]
    names: list[tuple[int, str]] = conn.execute(
        "SELECT id, name FROM officials UNION SELECT official_id, alias FROM aliases"
    ).fetchall()
    choices = [n for _, n in names]
    best: dict[int, tuple[float, str]] = {}
    for _text, score, idx in process.extract(
        q, choices, scorer=_score, processor=utils.default_process,
        score_cutoff=FUZZY_MIN, limit=limit * 4,
    ):  # fmt: skip
        oid, text = names[idx]
        if oid not in best or score > best[oid][0]:
            best[oid] = (score, text)
    found = [_candidate(conn, oid, text, score) for oid, (score, text) in best.items()]
    return sorted(found, key=lambda c: (-c.score, -c.n_mentions))[:limit]


def resolve_official(conn: sqlite3.Connection, query: str) -> Candidate:
    """The one official ``query`` names, or LookupFailed listing the candidates."""
    found = find_officials(conn, query)
    if not found:
        raise LookupFailed(f"no official matches {query!r}")
    if len(found) == 1 or found[0].score > found[1].score:
        return found[0]
    tied = [c for c in found if c.score == found[0].score]
    lines = "\n".join(f"  {c.describe()}" for c in tied)
    raise LookupFailed(f"{query!r} matches several officials; use an id:\n{lines}", tied)
