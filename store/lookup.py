"""Finding an official the way a person names one: by id, by name or alias, fuzzily.

The one lookup of an official behind the command line, the app's filters and the exports:
an id, then exact names and aliases, then names and aliases that contain what was typed,
then names whose words are each close to a typed word (``WORD_MIN``). The candidates
come back in that order; ``resolve_official`` takes the one with the best ``score``.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass

from rapidfuzz import fuzz, process, utils

# Every typed word must be at least this close (rapidfuzz ratio, 0-100) to a word of one of
# the official's names: "Sergei"/"Sergey" (83) and "Velnor"/"Velinor" (92) are one person,
# "John"/"Joan" (75) are not (tests/test_lookup.py).
WORD_MIN = 80.0
FUZZY_WORDS = 50  # close words kept per typed word (their officials are the fuzzy candidates)
FUZZY_MIN_LENGTH = 3  # shorter text is only matched exactly or as a substring


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


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class _NameWords:
    """Every word of every official's name and aliases, with the officials it belongs to.

    A misspelt name is matched word by word against this vocabulary (a few thousand
    distinct words even for a million articles) instead of scoring every name and alias.
    Built once per state of the database file and kept for the process.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        owners: dict[str, set[int]] = {}
        rows = conn.execute("SELECT official_id, alias FROM aliases UNION SELECT id, name FROM officials")
        for oid, name in rows:
            for word in utils.default_process(name).split():
                owners.setdefault(word, set()).add(oid)
        self.words = list(owners)
        self.owners = [owners[w] for w in self.words]


_NAME_WORDS: dict[tuple, _NameWords] = {}


def _file_state(path: str) -> tuple | None:
    """What changes whenever the database is written: the file's and its WAL's mtime and size."""
    try:
        files = [os.stat(path)] + ([os.stat(path + "-wal")] if os.path.exists(path + "-wal") else [])
    except OSError:
        return None
    return tuple((st.st_mtime_ns, st.st_size) for st in files)


def _name_words(conn: sqlite3.Connection) -> _NameWords:
    path = conn.execute("PRAGMA database_list").fetchone()[2]
    state = _file_state(path) if path else None
    if state is None:  # an in-memory database: no way to tell it changed
        return _NameWords(conn)
    key = (path, state)
    if key not in _NAME_WORDS:
        _NAME_WORDS.clear()
        _NAME_WORDS[key] = _NameWords(conn)
    return _NAME_WORDS[key]


def _word_scores(typed: list[str], words: list[str]) -> float:
    """How close the typed words are to a name's words: the mean of each typed word's best ratio."""
    if not typed or not words:
        return 0.0
    return sum(max(fuzz.ratio(t, w) for w in words) for t in typed) / len(typed)


def _fuzzy(conn: sqlite3.Connection, typed: list[str]) -> dict[int, float]:
    """Officials with a word at least WORD_MIN close to every typed word, with their score."""
    vocab = _name_words(conn)
    best: dict[int, list[float]] = {}
    for i, word in enumerate(typed):
        for _, score, index in process.extract(
            word, vocab.words, scorer=fuzz.ratio, score_cutoff=WORD_MIN, limit=FUZZY_WORDS,
        ):
            for oid in vocab.owners[index]:
                scores = best.setdefault(oid, [0.0] * len(typed))
                scores[i] = max(scores[i], score)
    return {oid: sum(s) / len(s) for oid, s in best.items() if all(s)}


def _candidates(conn: sqlite3.Connection, scored: list[tuple[int, float]], matched: str) -> list[Candidate]:
    if not scored:
        return []
    rows = {}
    for start in range(0, len(scored), 500):
        part = [oid for oid, _ in scored[start:start + 500]]
        for r in conn.execute(
            f"SELECT id, name, country, title, n_mentions FROM officials WHERE id IN ({','.join('?' * len(part))})",
            part,
        ):
            rows[r[0]] = r
    return [Candidate(oid, *rows[oid][1:], matched, score) for oid, score in scored if oid in rows]


def _names(conn: sqlite3.Connection, ids: list[int]) -> dict[int, list[str]]:
    """The words of each official's name and aliases (as rapidfuzz compares them)."""
    words: dict[int, list[str]] = {i: [] for i in ids}
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        marks = ",".join("?" * len(part))
        for oid, name in conn.execute(
            f"SELECT official_id, alias FROM aliases WHERE official_id IN ({marks}) "
            f"UNION SELECT id, name FROM officials WHERE id IN ({marks})", (*part, *part),
        ):
            words[oid] += utils.default_process(name).split()
    return words


def find_officials(conn: sqlite3.Connection, query: str, limit: int = 8) -> list[Candidate]:
    """Officials ``query`` may name, at most ``limit``: an id; else the officials with that exact
    name or alias (score 100); else those whose name or an alias contains it (most mentioned
    first), then those whose names have a word close to every typed word (closest first)."""
    q = " ".join(query.split())
    if not q or limit <= 0:
        return []
    if q.isascii() and q.isdigit() and len(q) <= 19 and int(q) < 2**63:  # an id ("²" is a digit, no number)
        found = _candidates(conn, [(int(q), 100.0)], q)
        if found:
            return found
    exact = conn.execute(
        """SELECT id FROM officials WHERE name = ? COLLATE NOCASE
           UNION SELECT official_id FROM aliases WHERE alias = ? COLLATE NOCASE""",
        (q, q),
    ).fetchall()
    if exact:
        found = _candidates(conn, [(r[0], 100.0) for r in exact], q)
        return sorted(found, key=lambda c: (-c.n_mentions, c.id))[:limit]
    like = _like(q)
    ids = [oid for (oid,) in conn.execute(
        r"""SELECT id FROM (
                SELECT id, n_mentions FROM officials WHERE name LIKE ? ESCAPE '\'
                UNION
                SELECT o.id, o.n_mentions FROM aliases al JOIN officials o ON o.id = al.official_id
                WHERE al.alias LIKE ? ESCAPE '\')
            ORDER BY n_mentions DESC, id LIMIT ?""",
        (like, like, limit),
    )]
    typed = utils.default_process(q).split()
    words = _names(conn, ids)
    scored = [(oid, _word_scores(typed, words[oid])) for oid in ids]
    if len(scored) < limit and len(q) >= FUZZY_MIN_LENGTH and typed:
        seen = set(ids)
        fuzzy = sorted(((oid, s) for oid, s in _fuzzy(conn, typed).items() if oid not in seen),
                       key=lambda kv: (-kv[1], kv[0]))
        scored += fuzzy[: limit - len(scored)]
    return _candidates(conn, scored, q)


def match_officials(conn: sqlite3.Connection, text: str, limit: int) -> list[int]:
    """The ids ``find_officials`` gives, in its order (the app's and the exports' filters)."""
    return [c.id for c in find_officials(conn, text, limit)]


def resolve_official(conn: sqlite3.Connection, query: str) -> Candidate:
    """The one official ``query`` names (the best score), or LookupFailed listing the tied ones."""
    found = find_officials(conn, query)
    if not found:
        raise LookupFailed(f"no official matches {query!r}")
    best = max(c.score for c in found)
    tied = [c for c in found if c.score == best]
    if len(tied) == 1:
        return tied[0]
    lines = "\n".join(f"  {c.describe()}" for c in tied)
    raise LookupFailed(f"{query!r} matches several officials; use an id:\n{lines}", tied)
