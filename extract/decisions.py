"""Bringing the store in line with the user's recorded corrections of who is who.

A decision names officials by the keys of their names (never by row id, which a re-ingest
may change) and is replayed, in order, at the end of every ingest batch, so what the user
decided wins over the algorithm and survives re-ingest:

* ``merge``  — every official holding one of the ``a`` keys or one of the ``b`` keys is one person;
* ``split``  — the names in ``moved`` are a different person from the names in ``rest``;
* ``rename`` — the official holding the ``keys`` is shown as ``name``.

The rows are moved by :mod:`diplotui.store.corrections`; names, titles and events are
derived again by a resolver the caller passes in (``extract.resolve.Resolver``), so this
module does not import resolution and resolution can import it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from diplotui.store import corrections as sc
from diplotui.store.write import Writer

from .cluster import block, sound_keys
from .names import name_key


class CorrectionError(ValueError):
    """A correction that cannot be made (unknown official, nothing to split …): one line for the user."""


class Refresher(Protocol):
    """What a correction needs of resolution: derive an official's and an event's fields again."""

    def refresh_official(self, oid: int) -> None: ...

    def refresh_event(self, eid: int) -> None: ...


MakeRefresher = Callable[[Writer], Refresher]


def exact(name: str) -> str:
    """A name as written, up to case and spacing: what a split tells apart ("Tony" is not "Antony")."""
    return " ".join(name.casefold().split())


def keys_of(w: Writer, oid: int) -> list[str]:
    """The identifying keys of an official: its name and its full-name aliases (not bare surnames)."""
    keys = {name_key(sc.official_name(w, oid))}
    keys.update(name_key(a) for a, _n in w.aliases_of(oid) if len(a.split()) >= 2)
    return sorted(k for k in keys if k)


def names_of(w: Writer, oid: int) -> dict[str, str]:
    """Every name an official goes by (aliases and the full names its mentions resolved to), by exact key."""
    names = [a for a, _n in w.aliases_of(oid)]
    names += sc.mention_names(w, oid)
    names.append(sc.official_name(w, oid))
    return {exact(n): n for n in names}


def _exact_holders(w: Writer, names: set[str]) -> list[int]:
    """Officials that go by any of the exact ``names`` (aliases or resolved mention names)."""
    found: set[int] = set()
    for n in names:  # alias keys are indexed; the exact name is checked on the few officials they give
        for oid in sc.alias_key_holders(w, name_key(n)):
            if n in names_of(w, oid):
                found.add(oid)
    return sorted(found)


def _split_rows(w: Writer, oid: int, moved: set[str], name: str) -> tuple[int, set[int]]:
    """Move the mentions, aliases, titles and report places of the ``moved`` names to a new official."""
    new = w.add_official(name, name_key(name), block(name), sc.official_country(w, oid), None)
    moved_people: dict[int, set[str]] = {}
    kept_people: dict[int, set[str]] = {}
    for mid, article_id, person in sc.official_mentions(w, oid):
        if exact(person) in moved:
            sc.move_mention(w, mid, new)
            moved_people.setdefault(article_id, set()).add(person)
        else:
            kept_people.setdefault(article_id, set()).add(person)
    keys = set(sound_keys(name))
    for alias, n in w.aliases_of(oid):
        if exact(alias) in moved:
            sc.delete_alias(w, oid, alias)
            w.add_alias(new, alias, name_key(alias), n)
            keys |= sound_keys(alias)
    w.add_official_keys(new, keys)  # found by its spellings' sound keys like any official
    sc.rebuild_titles_from_mentions(w, oid)
    sc.rebuild_titles_from_mentions(w, new)
    events: set[int] = set()
    for article_id, people in moved_people.items():
        for rid, eid, named in sc.reports_naming(w, article_id, oid):
            names = set(named)
            if not names & people:
                continue
            sc.add_report_participant(w, rid, new)
            if not names & kept_people.get(article_id, set()):
                sc.remove_report_participant(w, rid, oid)
            if eid is not None:
                events.add(eid)
    return new, events


def refresh(w: Writer, make: MakeRefresher, officials: set[int], events: set[int]) -> None:
    """Names, titles, counts and the events' participants after a correction."""
    resolver = make(w)
    alive = sc.existing_officials(w, officials)
    for eid in events:
        resolver.refresh_event(eid)
    for oid in alive:
        resolver.refresh_official(oid)
    w.refresh_official_counts(alive)


def apply(w: Writer, make: MakeRefresher, kind: str, p: dict, prefer: int | None = None) -> int | None:
    """Bring the store in line with one decision; a no-op when it already is (so replay is idempotent)."""
    if kind == "merge":
        ids = list(dict.fromkeys(sc.holders(w, p["a"]) + sc.holders(w, p["b"])))
        if len(ids) < 2:
            return None
        keep = prefer if prefer in ids else ids[0]
        events: set[int] = set()
        for drop in ids:
            if drop != keep:
                events |= sc.merge_rows(w, keep, drop)
        refresh(w, make, {keep}, events)
        return keep
    if kind == "split":
        moved, rest = set(p["moved"]), set(p["rest"])
        new_id = None
        for oid in _exact_holders(w, moved):
            mine = set(names_of(w, oid))
            if mine & rest and mine & moved:
                new_id, events = _split_rows(w, oid, moved, p["name"])
                refresh(w, make, {oid, new_id}, events)
        return new_id
    if kind == "rename":
        ids = sc.holders(w, [*p["keys"], name_key(p["name"])])
        if not ids:
            return None
        oid = prefer if prefer in ids else ids[0]
        if sc.official_name(w, oid) != p["name"]:
            w.update_official(oid, name=p["name"], name_key=name_key(p["name"]),
                              surname_key=block(p["name"]))
        w.update_official(oid, locked=1)  # the resolver keeps a pinned name
        return oid
    raise CorrectionError(f"unknown decision kind {kind!r}")


def _overridden(d: sc.Decision, later: list[sc.Decision]) -> bool:
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


def replay(w: Writer, make: MakeRefresher) -> None:
    """Apply every recorded decision about officials again, oldest first (at the end of each
    ingest batch); ``make`` gives the resolver that derives names, titles and events again."""
    # event decisions are clustering constraints; an undone decision is not replayed
    ds = [d for d in sc.in_effect(sc.decisions(w)) if not d.kind.startswith("event_")]
    for i, d in enumerate(ds):
        if not _overridden(d, ds[i + 1:]):
            apply(w, make, d.kind, d.payload)
