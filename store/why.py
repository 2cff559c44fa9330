"""Why the store says what it says: the evidence behind an official's names and an event's reports.

Read-only queries for the app. Resolution writes a short reason for each report it puts
in an event (``reports.why``, e.g. "2 shared participants, same date, same place"), the
extraction keeps the ids of the rules that made each report (``reports.rules``, schema 12), and,
from schema 9 on, for each name form it joins to an official (``aliases.why``, e.g.
"same full name (spelling variants)"). Databases without ``aliases.why`` (before schema
9) give the names without reasons.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import dataclass

_COLUMNS: dict[tuple[str, int, str], frozenset[str]] = {}  # (file, schema version, table) -> its columns


def _conn(db) -> sqlite3.Connection:
    return db.conn if hasattr(db, "conn") else db


def has_column(conn: sqlite3.Connection, table: str, column: str) -> bool:
    """Whether ``table`` has ``column``; PRAGMA table_info is read once per database file and
    schema version (a migration in another process changes the version)."""
    path = conn.execute("PRAGMA database_list").fetchone()[2] or ":memory:"
    key = (path, conn.execute("PRAGMA schema_version").fetchone()[0], table)
    if key not in _COLUMNS:
        _COLUMNS[key] = frozenset(r[1] for r in conn.execute(f"PRAGMA table_info({table})"))
    return column in _COLUMNS[key]


@dataclass(frozen=True)
class NameEvidence:
    """One way an official's name was written: in how many articles, and why it is theirs."""

    name: str
    articles: int
    why: str | None  # None: no reason recorded (older database, or a name from before schema 9)


@dataclass(frozen=True)
class OfficialEvidence:
    """What joined an official's mentions into one person: the names and the context the
    articles gave them (the country and the title attached to the person in the text)."""

    names: tuple[NameEvidence, ...]
    countries: tuple[tuple[str, int], ...]  # (country, mentions), most first
    titles: tuple[tuple[str, int], ...]  # (title, mentions), most first
    counted: int = 0  # the mentions the countries and titles were counted in (the most recent)
    mentions: int = 0  # all the official's mentions; more than ``counted`` when the count was bounded

    @property
    def sampled(self) -> bool:
        """Whether the countries and titles were counted in the most recent mentions only."""
        return self.mentions > self.counted


def official_names(db, official_id: int) -> tuple[NameEvidence, ...]:
    """The ways an official's name was written, most articles first, each with its reason."""
    conn = _conn(db)
    why = "why" if has_column(conn, "aliases", "why") else "NULL"
    return tuple(
        NameEvidence(*row)
        for row in conn.execute(
            f"SELECT alias, n, {why} FROM aliases WHERE official_id = ? ORDER BY n DESC, alias", (official_id,)
        )
    )


EVIDENCE_MENTIONS = 5000  # the most recent mentions the countries and titles are counted in


def official_evidence(db, official_id: int, limit: int = 8, sample: int | None = None) -> OfficialEvidence:
    """The names of an official with their reasons, and the ``limit`` countries and titles the
    text attaches to them most often (mentions without one are not counted), counted in
    their ``sample`` (default EVIDENCE_MENTIONS) most recent mentions.

    The mentions are read newest first along the ``mentions_official`` index, so the read is
    bounded whoever the official is: 15-65 ms for 5,000 mentions at the 1M-article benchmark
    base, where counting all of the busiest official's 185k mentions took 1.2-6 s (each
    mention is a row of its own, with its sentence). ``counted`` and ``mentions`` say
    whether the counts are of every mention or of the most recent ones."""
    conn = _conn(db)
    sample = EVIDENCE_MENTIONS if sample is None else sample
    names = official_names(conn, official_id)
    rows = conn.execute(
        """SELECT person_country, person_title FROM mentions WHERE official_id = ?
           ORDER BY sort_key DESC, article_id DESC LIMIT ?""",
        (official_id, sample),
    ).fetchall()
    total = len(rows)
    if total == sample:  # there may be more: the official's count says how many
        row = conn.execute("SELECT n_mentions FROM officials WHERE id = ?", (official_id,)).fetchone()
        total = max(total, row[0] if row else 0)
    context = []
    for column in (0, 1):
        votes = Counter(r[column] for r in rows if r[column])
        context.append(tuple(sorted(votes.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]))
    return OfficialEvidence(names, *context, counted=len(rows), mentions=total)


@dataclass(frozen=True)
class ReportWhy:
    """Why a report says what it says and is where it is: the reason resolution put it in its
    event (``reports.why``) and the ids of the extraction rules that made it (``reports.rules``,
    schema 12; extract/data/meeting_rules.jsonl and the triggers)."""

    reason: str | None
    rules: tuple[str, ...] = ()


def report_reasons(db, event_id: int) -> dict[int, ReportWhy]:
    """Report id -> why it is in event ``event_id`` and the rules that made it (reports with either)."""
    conn = _conn(db)
    rules = "rules" if has_column(conn, "reports", "rules") else "'[]'"
    rows = conn.execute(f"SELECT id, why, {rules} FROM reports WHERE event_id = ?", (event_id,))
    out = {}
    for rid, why, made_by in rows.fetchall():
        try:
            ids = tuple(str(r) for r in json.loads(made_by or "[]"))
        except ValueError:  # not ours to crash on: a hand-edited base
            ids = ()
        if why or ids:
            out[rid] = ReportWhy(why or None, ids)
    return out
