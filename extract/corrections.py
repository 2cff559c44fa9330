"""User corrections of who is who: merge, split and rename officials.

A correction is applied to the store at once and recorded in the ``decisions`` table.
Decisions name officials by the keys of their names (never by row id, which a re-ingest
may change) and are replayed, in order, at the end of every ingest batch, so what the
user decided wins over the algorithm and survives re-ingest:

* ``merge``  — every official holding one of the ``a`` keys or one of the ``b`` keys is one person;
* ``split``  — the names in ``moved`` are a different person from the names in ``rest``;
* ``rename`` — the official holding the ``keys`` is shown as ``name``.

This module never imports spaCy; the CLI uses it directly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from diplotui.store.write import Writer

from .cluster import block
from .names import name_key


class CorrectionError(ValueError):
    """A correction that cannot be made (unknown official, nothing to split …): one line for the user."""


@dataclass(frozen=True)
class Decision:
    id: int
    kind: str
    payload: dict
    created_at: str

    def describe(self) -> str:
        p = self.payload
        if self.kind == "merge":
            return f"merge {p['a_name']!r} + {p['b_name']!r}"
        if self.kind == "split":
            return f"split {', '.join(map(repr, p['moved_names']))} from {p['rest_name']!r}"
        if self.kind == "event_merge":
            return f"events: merge {len(p['a'])} report(s) with {len(p['b'])} report(s)"
        if self.kind == "event_split":
            return f"events: split {len(p['moved'])} report(s) from {len(p['rest'])} report(s)"
        return f"rename {p['old_name']!r} -> {p['name']!r}"


# ------------------------------------------------------------------ looking officials up


def _keys_of(w: Writer, oid: int) -> list[str]:
    """The identifying keys of an official: its name and its full-name aliases (not bare surnames)."""
    name = w.conn.execute("SELECT name FROM officials WHERE id = ?", (oid,)).fetchone()[0]
    keys = {name_key(name)}
    keys.update(name_key(a) for a, _n in w.aliases_of(oid) if len(a.split()) >= 2)
    return sorted(k for k in keys if k)


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


def _exact_holders(w: Writer, names: set[str]) -> list[int]:
    """Officials that go by any of the exact ``names`` (aliases or resolved mention names)."""
    found: set[int] = set()
    for n in names:  # alias keys are indexed; the exact name is checked on the few officials they give
        for (oid,) in w.conn.execute("SELECT DISTINCT official_id FROM aliases WHERE alias_key = ?", (name_key(n),)):
            if n in _names_of(w, oid):
                found.add(oid)
    return sorted(found)


def _name(w: Writer, oid: int) -> str:
    return w.conn.execute("SELECT name FROM officials WHERE id = ?", (oid,)).fetchone()[0]


# ------------------------------------------------------------------ the three operations on the store


def _merge_rows(w: Writer, keep: int, drop: int) -> set[int]:
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
    events = {r[0] for r in c.execute("SELECT event_id FROM event_participants WHERE official_id = ?", (drop,))}
    reports = [r[0] for r in c.execute("SELECT report_id FROM report_participants WHERE official_id = ?", (drop,))]
    c.executemany("INSERT OR IGNORE INTO report_participants(report_id, official_id) VALUES (?, ?)",
                  [(r, keep) for r in reports])  # fmt: skip
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


def exact(name: str) -> str:
    """A name as written, up to case and spacing: what a split tells apart ("Tony" is not "Antony")."""
    return " ".join(name.casefold().split())


def _names_of(w: Writer, oid: int) -> dict[str, str]:
    """Every name an official goes by (aliases and the full names its mentions resolved to), by exact key."""
    names = [a for a, _n in w.aliases_of(oid)]
    names += [r[0] for r in w.conn.execute("SELECT DISTINCT person FROM mentions WHERE official_id = ?", (oid,))]
    names.append(_name(w, oid))
    return {exact(n): n for n in names}


def _split_rows(w: Writer, oid: int, moved: set[str], name: str) -> tuple[int, set[int]]:
    """Move the mentions, aliases, titles and report places of the ``moved`` names to a new official."""
    c = w.conn
    country = c.execute("SELECT country FROM officials WHERE id = ?", (oid,)).fetchone()[0]
    new = w.add_official(name, name_key(name), block(name), country, None)
    mentions = c.execute("SELECT id, article_id, person FROM mentions WHERE official_id = ?", (oid,)).fetchall()
    moved_people: dict[int, set[str]] = {}
    kept_people: dict[int, set[str]] = {}
    for mid, article_id, person in mentions:
        if exact(person) in moved:
            c.execute("UPDATE mentions SET official_id = ? WHERE id = ?", (new, mid))
            moved_people.setdefault(article_id, set()).add(person)
        else:
            kept_people.setdefault(article_id, set()).add(person)
    for alias, n in w.aliases_of(oid):
        if exact(alias) in moved:
            c.execute("DELETE FROM aliases WHERE official_id = ? AND alias = ?", (oid, alias))
            w.add_alias(new, alias, name_key(alias), n)
    _rebuild_titles(w, oid)
    _rebuild_titles(w, new)
    events: set[int] = set()
    for article_id, people in moved_people.items():
        for rid, eid, named in c.execute(
            """SELECT r.id, r.event_id, r.named FROM reports r JOIN report_participants p ON p.report_id = r.id
               WHERE r.article_id = ? AND p.official_id = ?""", (article_id, oid)).fetchall():  # fmt: skip
            names = set(json.loads(named))
            if not names & people:
                continue
            c.execute("INSERT OR IGNORE INTO report_participants(report_id, official_id) VALUES (?, ?)", (rid, new))
            if not names & kept_people.get(article_id, set()):
                c.execute("DELETE FROM report_participants WHERE report_id = ? AND official_id = ?", (rid, oid))
            if eid is not None:
                events.add(eid)
    return new, events


def _rebuild_titles(w: Writer, oid: int) -> None:
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


def _refresh(w: Writer, officials: set[int], events: set[int]) -> None:
    """Names, titles, counts and the events' participants after a correction."""
    from .resolve import Resolver

    resolver = Resolver(w)
    alive = [o for o in officials if w.conn.execute("SELECT 1 FROM officials WHERE id = ?", (o,)).fetchone()]
    for eid in events:
        resolver.refresh_event(eid)
    for oid in alive:
        resolver.refresh_official(oid)
    w.refresh_official_counts(alive)


# ------------------------------------------------------------------ decisions, made and replayed


def _record(w: Writer, kind: str, payload: dict) -> int:
    return w.record_decision(kind, json.dumps(payload, ensure_ascii=False, sort_keys=True))


def decisions(w: Writer) -> list[Decision]:
    rows = w.conn.execute("SELECT id, kind, payload, created_at FROM decisions ORDER BY id").fetchall()
    return [Decision(i, k, json.loads(p), t) for i, k, p, t in rows]


def merge(w: Writer, a: int, b: int) -> int:
    """Make officials ``a`` and ``b`` one; ``a`` keeps its id. Returns the surviving id."""
    if a == b:
        raise CorrectionError("both names are already the same official")
    payload = {"a": _keys_of(w, a), "b": _keys_of(w, b), "a_name": _name(w, a), "b_name": _name(w, b)}
    _record(w, "merge", payload)
    _apply(w, "merge", payload, prefer=a)
    return a


def split(w: Writer, oid: int, names: list[str], new_name: str | None = None) -> int:
    """Move the given names (as in the official's aliases) of ``oid`` to a new official; return its id."""
    known = _names_of(w, oid)
    unknown = [n for n in names if exact(n) not in known]
    if unknown:
        raise CorrectionError(
            f"{_name(w, oid)!r} has no name {unknown[0]!r}; its names are: " + ", ".join(sorted(known.values()))
        )
    moved = sorted({exact(n) for n in names})
    rest = sorted(k for k in known if k not in moved)
    if not rest:
        raise CorrectionError("that would move every name of the official; use rename instead")
    payload = {
        "moved": moved, "rest": rest, "rest_name": _name(w, oid),
        "moved_names": [known[k] for k in moved], "name": " ".join((new_name or known[moved[0]]).split()),
    }  # fmt: skip
    _record(w, "split", payload)
    new = _apply(w, "split", payload, prefer=oid)
    if new is None:
        raise CorrectionError("nothing to split")
    return new


def rename(w: Writer, oid: int, name: str) -> None:
    """Show official ``oid`` as ``name`` from now on, whatever later articles call it."""
    name = " ".join(name.split())
    if not name:
        raise CorrectionError("the new name is empty")
    payload = {"keys": _keys_of(w, oid), "old_name": _name(w, oid), "name": name}
    _record(w, "rename", payload)
    _apply(w, "rename", payload, prefer=oid)


def _apply(w: Writer, kind: str, p: dict, prefer: int | None = None) -> int | None:
    """Bring the store in line with one decision; a no-op when it already is (so replay is idempotent)."""
    if kind == "merge":
        ids = list(dict.fromkeys(holders(w, p["a"]) + holders(w, p["b"])))
        if len(ids) < 2:
            return None
        keep = prefer if prefer in ids else ids[0]
        events: set[int] = set()
        for drop in ids:
            if drop != keep:
                events |= _merge_rows(w, keep, drop)
        _refresh(w, {keep}, events)
        return keep
    if kind == "split":
        moved, rest = set(p["moved"]), set(p["rest"])
        new_id = None
        for oid in _exact_holders(w, moved):
            mine = set(_names_of(w, oid))
            if mine & rest and mine & moved:
                new_id, events = _split_rows(w, oid, moved, p["name"])
                _refresh(w, {oid, new_id}, events)
        return new_id
    if kind == "rename":
        ids = holders(w, [*p["keys"], name_key(p["name"])])
        if not ids:
            return None
        oid = prefer if prefer in ids else ids[0]
        if _name(w, oid) != p["name"]:
            w.update_official(oid, name=p["name"], name_key=name_key(p["name"]),
                              surname_key=block(p["name"]))  # fmt: skip
        w.update_official(oid, locked=1)  # the resolver keeps a pinned name
        return oid
    raise CorrectionError(f"unknown decision kind {kind!r}")


def _overridden(d: Decision, later: list[Decision]) -> bool:
    """A merge undone by a later split of its names, or a split undone by a later merge, is not replayed."""
    if d.kind == "merge":
        names = set(d.payload["a"]) | set(d.payload["b"])
        for s in later:
            if s.kind == "split":
                moved = {name_key(n) for n in s.payload["moved"]}
                rest = {name_key(n) for n in s.payload["rest"]}
                if names & moved and names & (rest - moved):
                    return True
    if d.kind == "split":
        moved = {name_key(n) for n in d.payload["moved"]}
        rest = {name_key(n) for n in d.payload["rest"]}
        for m in later:
            names = set(m.payload["a"]) | set(m.payload["b"]) if m.kind == "merge" else set()
            if names & moved and names & rest:
                return True
    return False


def replay(w: Writer) -> None:
    """Apply every recorded decision again, oldest first (called at the end of each ingest batch)."""
    ds = [d for d in decisions(w) if not d.kind.startswith("event_")]  # those are clustering constraints
    for i, d in enumerate(ds):
        if not _overridden(d, ds[i + 1:]):
            _apply(w, d.kind, d.payload)


# ------------------------------------------------------------------ events: merge and split
#
# Event decisions name reports by stable keys, (file name, part, the report's first
# sentence), never by row id, so they survive a re-ingest, of a changed file too. They are not applied after
# the fact: event clustering takes them as constraints (``event_constraints``), so a merge is
# a must-link and a split a cannot-link, and every later re-clustering keeps them.


def _event_exists(w: Writer, eid: int) -> None:
    if not w.conn.execute("SELECT 1 FROM events WHERE id = ?", (eid,)).fetchone():
        raise CorrectionError(f"no event {eid}")


def merge_events(w: Writer, a: int, b: int) -> int:
    """Make events ``a`` and ``b`` one event (they are reports of the same meeting)."""
    if a == b:
        raise CorrectionError("both are the same event")
    _event_exists(w, a)
    _event_exists(w, b)
    payload = {"a": w.event_report_keys(a), "b": w.event_report_keys(b)}
    _record(w, "event_merge", payload)
    _recluster(w, w.reports_of_events([a, b]))
    first = w.reports_by_keys(payload["a"][:1])[0]
    return w.conn.execute("SELECT event_id FROM reports WHERE id = ?", (first,)).fetchone()[0]


def split_event(w: Writer, eid: int, report_ids: list[int]) -> int:
    """Move the given reports of event ``eid`` to an event of their own (another meeting); return it."""
    _event_exists(w, eid)
    mine = w.reports_of_events([eid])
    unknown = [r for r in report_ids if r not in mine]
    if unknown:
        raise CorrectionError(f"report {unknown[0]} is not a report of event {eid}; its reports are: "
                              + ", ".join(map(str, sorted(mine))))  # fmt: skip
    rest = sorted(mine - set(report_ids))
    if not rest:
        raise CorrectionError("that would move every report of the event")
    keys = dict(zip(sorted(mine), w.report_keys(sorted(mine)), strict=True))
    payload = {"moved": [keys[r] for r in sorted(set(report_ids))], "rest": [keys[r] for r in rest]}
    _record(w, "event_split", payload)
    _recluster(w, mine)
    return w.conn.execute("SELECT event_id FROM reports WHERE id = ?", (sorted(report_ids)[0],)).fetchone()[0]


def _recluster(w: Writer, reports: set[int]) -> None:
    from .resolve import Resolver

    resolver = Resolver(w)
    resolver.recluster_events(set(reports))
    alive = [o for o in resolver.touched_officials
             if w.conn.execute("SELECT 1 FROM officials WHERE id = ?", (o,)).fetchone()]  # fmt: skip
    w.refresh_official_counts(alive)


def event_constraints(w: Writer) -> tuple[list[tuple[int, int]], list[tuple[int, int]], dict[int, set[int]]]:
    """The user's event decisions as report id pairs that must be, and must never be, one event,
    and for each report the others a decision ties it to (clustered together with it).

    A later decision wins over an earlier one about the same reports: a split undoes a merge's
    pairs that it separates, and a merge a split's."""
    must: dict[tuple[int, int], bool] = {}
    tied: dict[int, set[int]] = {}
    for d in decisions(w):
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
