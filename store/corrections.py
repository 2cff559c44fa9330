"""The store side of the user's corrections: the ``decisions`` table and the row surgery of a
merge or a split of officials (extract.corrections decides what to do, this module does it).

Every function takes the Writer of the open write transaction; none commits.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .write import Writer


@dataclass(frozen=True)
class Decision:
    """One recorded correction; ``payload`` names officials by name keys and reports by stable keys."""

    id: int
    kind: str
    payload: dict
    created_at: str

    def describe(self, w: Writer | None = None) -> str:
        """The decision in words: officials by the names it named; events by their reports'
        files and, given the open base ``w``, the events those reports are in now (id, date,
        place, first participants), as the user chose them."""
        p = self.payload
        if self.kind == "merge":
            return f"officials: merged {p['b_name']} into {p['a_name']}"
        if self.kind == "split":
            return f"officials: split {', '.join(p['moved_names'])} from {p['rest_name']}"
        if self.kind == "rename":
            return f"officials: renamed {p['old_name']} to {p['name']}"
        if self.kind == "event_merge":
            return f"events: merged {_reports_words(w, p['a'])} with {_reports_words(w, p['b'])}"
        if self.kind == "event_split":
            return f"events: split {_reports_words(w, p['moved'])} from {_reports_words(w, p['rest'])}"
        if self.kind == UNDO:
            return f"undid decision {p['undoes']} ({p['what']})"
        return f"{self.kind} (a decision of a later diplotui)"


def _reports_words(w: Writer | None, keys: list[list]) -> str:
    """``N report(s) (FILE#PART …)`` for a decision's reports, and with ``w`` the events they are
    in now: `` now in event E (date, place, people)``."""
    # a key is [file, part, first sentence] or, since the content hash joined it, 4 long
    files = ", ".join(dict.fromkeys(f"{key[0]}#{key[1]}" for key in keys[:3])) + (" …" if len(keys) > 3 else "")
    said = f"{len(keys)} report{'s' if len(keys) != 1 else ''} ({files})"
    if w is not None:
        for eid in w.events_of_reports(w.reports_by_keys(keys))[:2]:
            said += f" now in {event_words(w, eid)}"
    return said


def event_words(w: Writer, eid: int) -> str:
    """``event E (date, place, first participants)``."""
    date, place, people = w.event_brief(eid)
    return f"event {eid} ({', '.join(x for x in (date or 'undated', place, *people) if x)})"


UNDO = "undo"  # a decision that takes back an earlier one (payload: ``undoes``, its id; ``what``, its words)
EVENT_KINDS = ("event_merge", "event_split")


# ------------------------------------------------------------------ decisions


def record(w: Writer, kind: str, payload: dict) -> int:
    return w.record_decision(kind, json.dumps(payload, ensure_ascii=False, sort_keys=True))


def decisions(w: Writer) -> list[Decision]:
    """Every recorded decision, oldest first (undone ones and the undos too)."""
    rows = w.conn.execute("SELECT id, kind, payload, created_at FROM decisions ORDER BY id").fetchall()
    return [Decision(i, k, json.loads(p), t) for i, k, p, t in rows]


def in_effect(ds: list[Decision]) -> list[Decision]:
    """The decisions that still hold: neither an undo nor undone by one."""
    undone = {d.payload["undoes"] for d in ds if d.kind == UNDO}
    return [d for d in ds if d.kind != UNDO and d.id not in undone]


def last_undoable(w: Writer, via: str | None = None) -> Decision | None:
    """The latest event decision still in effect (made ``via`` the app, when given): what an undo
    takes back. An undo is not itself undone by another (pressed again, it goes one further back)."""
    ds = [d for d in in_effect(decisions(w)) if d.kind in EVENT_KINDS]
    if via is not None:
        ds = [d for d in ds if d.payload.get("via") == via]
    return ds[-1] if ds else None


def has_official_decisions(w: Writer) -> bool:
    """Whether any correction of who is who (not of events) was recorded."""
    sql = "SELECT 1 FROM decisions WHERE kind NOT LIKE 'event_%' AND kind != ? LIMIT 1"
    return w.conn.execute(sql, (UNDO,)).fetchone() is not None


def event_constraints(w: Writer) -> tuple[list[tuple[int, int]], list[tuple[int, int]], dict[int, set[int]]]:
    """The user's event decisions as report id pairs that must be, and must never be, one event,
    and for each report the others a decision ties it to (clustered together with it).

    A later decision wins over an earlier one about the same reports: a split undoes a merge's
    pairs that it separates, and a merge a split's. An undone decision (``UNDO``) counts for
    nothing: the reports group as if it had never been made."""
    must: dict[tuple[int, int], bool] = {}
    tied: dict[int, set[int]] = {}
    for d in in_effect(decisions(w)):
        if d.kind == "event_merge":
            left = w.reports_by_keys(d.payload["a"])
            right = w.reports_by_keys(d.payload["b"])
            pairs, value = [(x, y) for x in left for y in right], True
        elif d.kind == "event_split":
            left = w.reports_by_keys(d.payload["moved"])
            right = w.reports_by_keys(d.payload["rest"])
            pairs, value = [(x, y) for x in left for y in right], False
        else:
            continue
        group = set(left) | set(right)
        for r in group:
            tied.setdefault(r, set()).update(group)
        for x, y in pairs:
            must[(min(x, y), max(x, y))] = value
    return [p for p, v in must.items() if v], [p for p, v in must.items() if not v], tied


# ------------------------------------------------------------------ officials: reading


def official_name(w: Writer, oid: int) -> str:
    return w.conn.execute("SELECT name FROM officials WHERE id = ?", (oid,)).fetchone()[0]


def official_country(w: Writer, oid: int) -> str | None:
    return w.conn.execute("SELECT country FROM officials WHERE id = ?", (oid,)).fetchone()[0]


def existing_officials(w: Writer, ids) -> list[int]:
    """Those of ``ids`` still in the store, in the order given."""
    return [o for o in ids if w.conn.execute("SELECT 1 FROM officials WHERE id = ?", (o,)).fetchone()]


def holders(w: Writer, keys: list[str]) -> list[int]:
    """Officials that hold any of ``keys`` as a name or alias key, most mentioned first."""
    if not keys:
        return []
    marks = ", ".join("?" * len(keys))
    rows = w.conn.execute(
        f"""SELECT id FROM officials WHERE id IN (
                SELECT official_id FROM aliases WHERE alias_key IN ({marks})
                UNION SELECT id FROM officials WHERE name_key IN ({marks}))
            ORDER BY n_mentions DESC, id""",
        (*keys, *keys),
    ).fetchall()
    return [r[0] for r in rows]


def alias_key_holders(w: Writer, key: str) -> list[int]:
    """Officials with an alias of this key (the alias key is indexed)."""
    return [r[0] for r in w.conn.execute("SELECT DISTINCT official_id FROM aliases WHERE alias_key = ?", (key,))]


def mention_names(w: Writer, oid: int) -> list[str]:
    """The full names an official's mentions resolved to."""
    return [r[0] for r in w.conn.execute("SELECT DISTINCT person FROM mentions WHERE official_id = ?", (oid,))]


# ------------------------------------------------------------------ officials: merge and split rows


def merge_rows(w: Writer, keep: int, drop: int) -> set[int]:
    """Move everything of official ``drop`` to ``keep`` and delete ``drop``; return the events touched."""
    c = w.conn
    c.execute("UPDATE mentions SET official_id = ? WHERE official_id = ?", (keep, drop))
    c.execute(
        """INSERT INTO aliases(official_id, alias, alias_key, n)
           SELECT ?, alias, alias_key, n FROM aliases WHERE official_id = ? AND true
           ON CONFLICT(official_id, alias) DO UPDATE SET n = n + excluded.n""",
        (keep, drop),
    )
    c.execute(
        """INSERT INTO official_titles(official_id, title, first_seen, last_seen, n)
           SELECT ?, title, first_seen, last_seen, n FROM official_titles WHERE official_id = ? AND true
           ON CONFLICT(official_id, title) DO UPDATE SET n = n + excluded.n,
             first_seen = min(coalesce(first_seen, excluded.first_seen), coalesce(excluded.first_seen, first_seen)),
             last_seen = max(coalesce(last_seen, excluded.last_seen), coalesce(excluded.last_seen, last_seen))""",
        (keep, drop),
    )
    c.execute("INSERT OR IGNORE INTO official_keys(key, official_id) "
              "SELECT key, ? FROM official_keys WHERE official_id = ?", (keep, drop))  # its names' sound keys go too
    events = {r[0] for r in c.execute("SELECT event_id FROM event_participants WHERE official_id = ?", (drop,))}
    reports = [r[0] for r in c.execute("SELECT report_id FROM report_participants WHERE official_id = ?", (drop,))]
    c.executemany("INSERT OR IGNORE INTO report_participants(report_id, official_id) VALUES (?, ?)",
                  [(r, keep) for r in reports])
    c.execute(
        """INSERT OR IGNORE INTO event_participants(event_id, official_id, sort_key)
           SELECT event_id, ?, sort_key FROM event_participants WHERE official_id = ?""",
        (keep, drop),
    )
    c.execute(
        "UPDATE officials SET country = COALESCE(country, (SELECT country FROM officials WHERE id = ?)) WHERE id = ?",
        (drop, keep),
    )
    c.execute("DELETE FROM officials WHERE id = ?", (drop,))  # cascades its aliases, titles, participations
    return events


def official_mentions(w: Writer, oid: int) -> list[tuple[int, int, str]]:
    """(mention id, article id, person) of an official's mentions."""
    return w.conn.execute("SELECT id, article_id, person FROM mentions WHERE official_id = ?", (oid,)).fetchall()


def move_mention(w: Writer, mention_id: int, oid: int) -> None:
    w.conn.execute("UPDATE mentions SET official_id = ? WHERE id = ?", (oid, mention_id))


def delete_alias(w: Writer, oid: int, alias: str) -> None:
    w.conn.execute("DELETE FROM aliases WHERE official_id = ? AND alias = ?", (oid, alias))


def rebuild_titles_from_mentions(w: Writer, oid: int) -> None:
    """Titles over time from the official's own mentions (after a split moved some of them away)."""
    c = w.conn
    c.execute("DELETE FROM official_titles WHERE official_id = ?", (oid,))
    c.execute(
        """INSERT INTO official_titles(official_id, title, first_seen, last_seen, n)
           SELECT m.official_id, m.title, min(NULLIF(a.published_partial, '')),
                  max(NULLIF(a.published_partial, '')), count(DISTINCT m.article_id)
           FROM mentions m JOIN articles a ON a.id = m.article_id
           WHERE m.official_id = ? AND m.title IS NOT NULL GROUP BY m.title""",
        (oid,),
    )


def reports_naming(w: Writer, article_id: int, oid: int) -> list[tuple[int, int | None, list[str]]]:
    """(report id, event id, names as written) of an article's reports with ``oid`` among their participants."""
    rows = w.conn.execute(
        """SELECT r.id, r.event_id, r.named FROM reports r JOIN report_participants p ON p.report_id = r.id
           WHERE r.article_id = ? AND p.official_id = ?""", (article_id, oid)).fetchall()
    return [(rid, eid, json.loads(named)) for rid, eid, named in rows]


def add_report_participant(w: Writer, report_id: int, oid: int) -> None:
    w.conn.execute("INSERT OR IGNORE INTO report_participants(report_id, official_id) VALUES (?, ?)", (report_id, oid))


def remove_report_participant(w: Writer, report_id: int, oid: int) -> None:
    w.conn.execute("DELETE FROM report_participants WHERE report_id = ? AND official_id = ?", (report_id, oid))


# ------------------------------------------------------------------ events


def event_exists(w: Writer, eid: int) -> bool:
    return w.conn.execute("SELECT 1 FROM events WHERE id = ?", (eid,)).fetchone() is not None


def event_of_report(w: Writer, report_id: int) -> int | None:
    return w.conn.execute("SELECT event_id FROM reports WHERE id = ?", (report_id,)).fetchone()[0]
