"""User corrections of who is who (merge, split and rename officials) and of which reports
tell one meeting (merge and split events): the commands the CLI and the app call.

A correction of officials is applied to the store at once and recorded in the ``decisions``
table (see :mod:`diplotui.extract.decisions` for what each records and how it is replayed).
Event decisions name reports by stable keys, (file name, part, the report's first sentence),
never by row id, so they survive a re-ingest, of a changed file too. They are not applied
after the fact: event clustering takes them as constraints
(:func:`diplotui.store.corrections.event_constraints`), so a merge is a must-link and a split
a cannot-link, and every later re-clustering keeps them.

This module never imports spaCy; the CLI uses it directly.
"""

from __future__ import annotations

from diplotui.store import corrections as sc
from diplotui.store.corrections import Decision, decisions, holders
from diplotui.store.write import Writer

from . import decisions as applying
from .decisions import CorrectionError, exact, keys_of, names_of
from .names import romanised, surname_key
from .resolve import Resolver, rederive

__all__ = [
    "CorrectionError", "Decision", "decisions", "exact", "holders",
    "merge", "merge_events", "rename", "split", "split_event", "undo_event_decision",
]


# ------------------------------------------------------------------ officials


def _current(w: Writer) -> None:
    """A base just upgraded from an earlier diplotui gets the keys the current code computes
    before a correction looks officials up by them (see resolve.rederive)."""
    if w.rederive_pending():
        rederive(w)


def merge(w: Writer, a: int, b: int) -> int:
    """Make officials ``a`` and ``b`` one; ``a`` keeps its id. Returns the surviving id."""
    _current(w)
    if a == b:
        raise CorrectionError("both names are already the same official")
    payload = {"a": keys_of(w, a), "b": keys_of(w, b), "a_name": sc.official_name(w, a),
               "b_name": sc.official_name(w, b)}
    sc.record(w, "merge", payload)
    applying.apply(w, Resolver, "merge", payload, prefer=a)
    return a


def split(w: Writer, oid: int, names: list[str], new_name: str | None = None) -> int:
    """Move the given names (as in the official's aliases) of ``oid`` to a new official; return its id."""
    _current(w)
    known = names_of(w, oid)
    unknown = [n for n in names if exact(n) not in known]
    if unknown:
        raise CorrectionError(f"{sc.official_name(w, oid)!r} has no name {unknown[0]!r}; its names are: "
                              + ", ".join(sorted(known.values())))
    moved = sorted({exact(n) for n in names} | _companions(known, {exact(n) for n in names}))
    rest = sorted(k for k in known if k not in moved)
    if not rest:
        raise CorrectionError("that would move every name of the official; use rename instead")
    payload = {
        "moved": moved, "rest": rest, "rest_name": sc.official_name(w, oid),
        "moved_names": [known[k] for k in moved], "name": " ".join((new_name or known[moved[0]]).split()),
    }
    sc.record(w, "split", payload)
    new = applying.apply(w, Resolver, "split", payload, prefer=oid)
    if new is None:
        raise CorrectionError("nothing to split")
    return new


def _companions(known: dict[str, str], moved: set[str]) -> set[str]:
    """The short forms that go with the moved names: a bare surname ("Harlow") or given name of a
    moved full name that no full name staying behind has. A merge brought them with the other
    person (and later articles naming them by surname alone resolved to the merged official), so
    a split that undoes it takes them too."""
    def parts(name: str) -> set[str]:
        return {surname_key(name), *(romanised(t) for t in name.split()[:1])} - {""}

    moving = set().union(*(parts(known[k]) for k in moved if len(known[k].split()) >= 2))
    staying = set().union(*(parts(known[k]) for k in known if k not in moved and len(known[k].split()) >= 2))
    return {k for k in known if k not in moved and len(known[k].split()) == 1
            and romanised(known[k]) in moving and romanised(known[k]) not in staying}


def rename(w: Writer, oid: int, name: str) -> None:
    """Show official ``oid`` as ``name`` from now on, whatever later articles call it."""
    _current(w)
    name = " ".join(name.split())
    if not name:
        raise CorrectionError("the new name is empty")
    payload = {"keys": keys_of(w, oid), "old_name": sc.official_name(w, oid), "name": name}
    sc.record(w, "rename", payload)
    applying.apply(w, Resolver, "rename", payload, prefer=oid)


# ------------------------------------------------------------------ events


def _event_exists(w: Writer, eid: int) -> None:
    if not sc.event_exists(w, eid):
        raise CorrectionError(f"no event {eid}")


def merge_events(w: Writer, a: int, b: int, *more: int, via: str | None = None) -> int:
    """Make events ``a``, ``b`` (and ``more``) one event (they are reports of the same meeting).

    Recorded as one decision, like a merge of two: ``a``'s reports must be one event with the
    reports of all the others (so all of them are one), and one undo takes it back whole.
    ``via`` names what made the correction ("app": the app's undo takes back its own corrections)."""
    others = [b, *more]
    if a in others or len(set(others)) < len(others):
        raise CorrectionError("both are the same event" if not more else "an event is named twice")
    for eid in (a, *others):
        _event_exists(w, eid)
    payload = {
        "a": w.event_report_keys(a),
        "b": [k for eid in others for k in w.event_report_keys(eid)],
        **({"via": via} if via else {}),
    }
    sc.record(w, "event_merge", payload)
    _recluster(w, w.reports_of_events([a, *others]))
    first = w.reports_by_keys(payload["a"][:1])[0]
    return sc.event_of_report(w, first)


def split_event(w: Writer, eid: int, report_ids: list[int], via: str | None = None) -> int:
    """Move the given reports of event ``eid`` to an event of their own (another meeting); return it."""
    _event_exists(w, eid)
    mine = w.reports_of_events([eid])
    unknown = [r for r in report_ids if r not in mine]
    if unknown:
        raise CorrectionError(f"report {unknown[0]} is not a report of event {eid}; its reports are: "
                              + ", ".join(map(str, sorted(mine))))
    rest = sorted(mine - set(report_ids))
    if not rest:
        raise CorrectionError("that would move every report of the event")
    keys = dict(zip(sorted(mine), w.report_keys(sorted(mine)), strict=True))
    payload = {"moved": [keys[r] for r in sorted(set(report_ids))], "rest": [keys[r] for r in rest],
               **({"via": via} if via else {})}
    sc.record(w, "event_split", payload)
    _recluster(w, mine)
    return sc.event_of_report(w, sorted(report_ids)[0])


def undo_event_decision(w: Writer, via: str | None = None) -> tuple[Decision, list[int]]:
    """Take back the latest event correction still in effect (made ``via`` the app, when given):
    record an undo of it, which event clustering reads as if the correction had never been
    made (``store.corrections.in_effect``), and group its reports again. Returns the decision
    undone and the events its reports are in now. CorrectionError when there is none."""
    target = sc.last_undoable(w, via)
    if target is None:
        raise CorrectionError("nothing to undo" + (" (no correction made from the app is in effect)" if via else ""))
    what = target.describe()  # by its files: the events it names change as it is undone
    sc.record(w, sc.UNDO, {"undoes": target.id, "what": what, **({"via": via} if via else {})})
    keys = [k for part in target.payload.values() if isinstance(part, list) for k in part]
    reports = set(w.reports_by_keys(keys))
    if reports:
        _recluster(w, reports)
    return target, w.events_of_reports(sorted(reports))


def _recluster(w: Writer, reports: set[int]) -> None:
    resolver = Resolver(w)
    resolver.recluster_events(set(reports))
    w.refresh_official_counts(sc.existing_officials(w, resolver.touched_officials))
