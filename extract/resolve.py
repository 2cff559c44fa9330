"""Corpus-wide resolution: people in articles → officials, meeting reports → events.

Runs in the process that owns the database, inside the ingest batch transaction.
Candidates are blocked (officials by surname key, events by participant and date
window) before any fuzzy comparison, so each article costs the same at any corpus size.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from diplotui.store.write import Writer

from .dates import PartialDate
from .model import Extraction, Person, Report
from .names import block_key, name_key, name_score, same_person, surname
from .read import Article

_json = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(x, ensure_ascii=False) builds one per call
STATUS_RANK = {"held": 3, "planned": 2, "proposed": 1}
CACHED_EVENTS = 10_000  # events whose reports resolution keeps in memory between batches
CACHED_OFFICIALS = 50_000  # officials (with their aliases) likewise


@lru_cache(maxsize=4096)
def _parse(partial: str | None) -> tuple[int | None, int | None, int | None]:
    if not partial:
        return None, None, None
    if partial.startswith("--"):
        bits = partial[2:].split("-")
        return None, int(bits[0]), int(bits[1]) if len(bits) > 1 else None
    bits = [int(b) for b in partial.split("-")]
    return bits[0], bits[1] if len(bits) > 1 else None, bits[2] if len(bits) > 2 else None


def dates_compatible(a: str | None, b: str | None) -> bool:
    """Two (partial) dates that may be the same day; a day apart counts (time zones)."""
    ya, ma, da = _parse(a)
    yb, mb, db = _parse(b)
    if ya is None or yb is None:
        return True
    if ya and yb and da and db and ma and mb:
        delta = abs((dt.date(ya, ma, da) - dt.date(yb, mb, db)).days)
        return delta <= 1
    if ya != yb:
        return False
    return not (ma and mb and ma != mb)


def _window(partial: str | None) -> list[tuple[str, str]]:
    """Ranges of event date keys that ``dates_compatible`` can accept for a report dated ``partial``.

    A day: the day before to the day after, or an event known only to the month or year.
    A month: any day of it, or the year. A year: any date in it. Undated: no window.
    """
    y, m, d = _parse(partial)
    if y is None:
        return []
    year = f"{y:04d}"
    if m is None:
        return [(year, year + "~")]
    month = f"{year}-{m:02d}"
    if d is None:
        return [(month, month + "~"), (year, year)]
    try:
        day = dt.date(y, m, d)
    except ValueError:
        return [(month, month + "~"), (year, year)]
    lo, hi = day - dt.timedelta(days=1), day + dt.timedelta(days=1)
    return [(lo.isoformat(), hi.isoformat()), (month, month), (year, year)]


@dataclass(frozen=True, slots=True)
class _EventView:
    """What ``Resolver.event_for`` compares a report with, derived once from an event's reports."""

    articles: frozenset[int]
    only_proposed: bool  # every report says the meeting was only proposed
    kinds: frozenset[str]
    participants: frozenset[int]  # the union of the reports' participants
    dates: tuple[str, ...]  # the distinct dates the reports give
    places: frozenset[str]
    modes: frozenset[str]

    @classmethod
    def of(cls, reports: list[dict]) -> _EventView | None:
        if not reports:
            return None
        return cls(
            articles=frozenset(r["article_id"] for r in reports),
            only_proposed={r["status"] for r in reports} == {"proposed"},
            kinds=frozenset(r["kind"] for r in reports if r["kind"]),
            participants=frozenset(p for r in reports for p in r["participants"]),
            dates=tuple(dict.fromkeys(r["date"] for r in reports if r["date"])),
            places=frozenset(r["place"] for r in reports if r["place"]),
            modes=frozenset(r["mode"] for r in reports if r["mode"]),
        )

    def plus(self, r: dict) -> _EventView:
        """The view once report ``r`` (a row as ``Writer.events_reports`` gives it) is added."""
        return _EventView(
            articles=self.articles | {r["article_id"]},
            only_proposed=self.only_proposed and r["status"] == "proposed",
            kinds=self.kinds | {r["kind"]} if r["kind"] else self.kinds,
            participants=self.participants.union(r["participants"]),
            dates=self.dates + (r["date"],) if r["date"] and r["date"] not in self.dates else self.dates,
            places=self.places | {r["place"]} if r["place"] else self.places,
            modes=self.modes | {r["mode"]} if r["mode"] else self.modes,
        )


@dataclass(slots=True)
class _Official:
    """What ``Resolver.official_for`` compares a person with: an official of a surname block."""

    id: int
    block: str
    name: str
    country: str | None
    aliases: list[str]

    @property
    def names(self) -> list[str]:
        return self.aliases or [self.name]


class Resolver:
    """Finds or creates the official for each person and the event for each report."""

    def __init__(self, writer: Writer):
        self.w = writer
        self.touched_events: set[int] = set()
        self.stale_events: set[int] = set()
        self.touched_officials: set[int] = set()
        # What event_for read of an event, kept until this ingest changes the event, or
        # another connection has written to the database (PRAGMA data_version, checked once
        # per batch, inside the batch's write transaction), or it holds CACHED_EVENTS events.
        self._participants: dict[int, set[int]] = {}
        self._views: dict[int, _EventView | None] = {}
        # The surname blocks official_for has read, in the database's order, with what this
        # ingest adds to them written through; dropped with the events above.
        self._blocks: dict[str, list[_Official]] = {}
        self._cached: dict[int, _Official] = {}
        self._data_version: int | None = None
        self._checked = False

    # ---------------------------------------------------------------- officials

    def official_for(self, person: Person) -> int:
        full = len(person.name.split()) >= 2
        block = block_key(person.name)
        best: tuple[float, int] | None = None
        for o in self._block(block):
            if person.country and o.country and person.country != o.country:
                continue
            names = o.names
            if full:
                if not any(same_person(person.name, n) for n in names if len(n.split()) >= 2):
                    continue
                score = max(name_score(person.name, n) for n in names)
            else:
                if not any(surname(n).lower() == person.name.lower() for n in names):
                    continue
                score = 50.0
            if best is None or score > best[0]:
                best = (score, o.id)
        if best is not None:
            return best[1]
        oid = self.w.add_official(person.name, name_key(person.name), block, person.country, person.title)
        self._remember(_Official(oid, block, person.name, person.country, []))
        return oid

    def _block(self, block: str) -> list[_Official]:
        """The officials of a surname block with their aliases (from the cache, or read once)."""
        cached = self._blocks.get(block)
        if cached is None:
            cached = self._blocks[block] = []
            officials = self.w.officials_in_block(block)
            aliases = self.w.aliases_in_block(block) if officials else {}
            for oid, name, country, _title, _locked in officials:
                self._remember(_Official(oid, block, name, country, aliases.get(oid, [])))
        return cached

    def _remember(self, official: _Official) -> None:
        self._blocks[official.block].append(official)
        self._cached[official.id] = official

    def _drop_official(self, oid: int) -> None:
        """Take a deleted official, or one that moved to another block, out of the cache."""
        official = self._cached.pop(oid, None)
        if official is not None:
            self._blocks[official.block].remove(official)

    def refresh_official(self, oid: int) -> None:
        """Derive an official's display name (its most used full name) and current title."""
        locked = self.w.conn.execute("SELECT locked FROM officials WHERE id = ?", (oid,)).fetchone()
        if locked and locked[0]:  # a name the user chose (diplotui officials rename)
            self.w.update_official(oid, title=self.w.latest_title(oid))
            return
        aliases = self.w.aliases_of(oid)
        fulls = [(a, n) for a, n in aliases if len(a.split()) >= 2] or aliases
        if fulls:
            name = max(fulls, key=lambda x: (x[1], len(x[0].split()[0]) if x[0].split() else 0, len(x[0])))[0]
            self.w.update_official(oid, name=name, name_key=name_key(name), surname_key=block_key(name),
                                   title=self.w.latest_title(oid))  # fmt: skip
            cached = self._cached.get(oid)
            if cached is not None and cached.block != block_key(name):
                self._drop_official(oid)  # it moved: its new block is read again, in the database's order
                for o in self._blocks.pop(block_key(name), []):
                    self._cached.pop(o.id, None)
            elif cached is not None:
                cached.name = name

    # ---------------------------------------------------------------- events

    def event_for(self, report: Report, participants: list[int], article_id: int) -> int:
        best: tuple[float, int] | None = None
        p = set(participants)
        candidates = self.w.events_of_officials(participants, _window(report.date))
        known = self._participants
        missing = [eid for eid in candidates if eid not in known]
        known.update({eid: set() for eid in missing} | self.w.event_participant_sets(missing))
        n = len(p)  # the event's participants (the union of its reports') overlap enough: Jaccard >= 0.5,
        stale = self.stale_events  # that is |p & q| >= 0.5 * (|p| + |q| - |p & q|), without building p | q
        close = [eid for eid in candidates if eid in stale or 3 * len(p & known[eid]) >= n + len(known[eid])]
        views = self._views
        missing = [eid for eid in close if eid not in views]
        if missing:
            reported = self.w.events_reports(missing)
            views.update((eid, _EventView.of(reported.get(eid, []))) for eid in missing)
        for eid in close:
            v = views[eid]
            if v is None or article_id in v.articles:
                continue  # an article that tells two meetings apart keeps them apart
            if (report.status == "proposed") != v.only_proposed:
                continue  # a meeting only proposed is not the one held
            if report.kind and v.kinds and report.kind not in v.kinds and len(participants) > 1:
                continue
            q = v.participants
            jaccard = len(p & q) / len(p | q)
            if jaccard < 0.5:
                continue
            if report.date is not None and any(not dates_compatible(report.date, d) for d in v.dates):
                continue
            if report.place and v.places and report.place not in v.places:
                continue
            if report.mode and v.modes and report.mode not in v.modes:
                continue
            dated = report.date is not None and bool(v.dates)
            undated_bonus = 0 if dated else -0.25
            score = jaccard + undated_bonus + (0.1 if report.place and report.place in v.places else 0)
            if best is None or score > best[0]:
                best = (score, eid)
        if best is not None:
            return best[1]
        eid = self.w.add_event()
        self._participants[eid], self._views[eid] = set(), None  # as the database has it: no report yet
        return eid

    def _saw_report(self, eid: int, article_id: int, participants: list[int], report: Report) -> None:
        """Write a report just stored through to what the caches hold of its event."""
        known = self._participants.get(eid)
        if known is not None:
            known.update(participants)
        if eid in self._views:
            row = {"article_id": article_id, "status": report.status, "kind": report.kind, "place": report.place,
                   "mode": report.mode, "date": report.date, "participants": participants}  # fmt: skip
            view = self._views[eid]
            self._views[eid] = _EventView.of([row]) if view is None else view.plus(row)

    def refresh_event(self, eid: int, reports: list[dict] | None = None) -> None:
        """Derive an event's date, place, status, kind and participants from its reports."""
        if reports is None:
            reports = self.w.event_reports(eid)
        if not reports:
            return

        def vote(key: str, rank=None):
            c = Counter(r[key] for r in reports if r[key])
            if not c:
                return None
            return max(c, key=lambda v: (c[v], rank(v) if rank else 0))

        precision_rank = {"day": 3, "month": 2, "year": 1}
        dates = Counter(r["date"] for r in reports if r["date"] and r["date_precision"] in precision_rank)
        date = None
        precision = None
        if dates:
            date = max(dates, key=lambda d: (precision_rank[_precision(d)], dates[d]))
            precision = _precision(date)
        participants = list(dict.fromkeys(p for r in reports for p in r["participants"]))
        status = vote("status", lambda s: STATUS_RANK.get(s, 0))
        outlets = {r["outlet_id"] or -r["article_id"] for r in reports}
        self.w.update_event(
            eid, participants,
            date=date if precision == "day" else None, date_partial=date, date_precision=precision,
            sort_key=date or "", place=vote("place"), status=status, kind=vote("kind"),
            mode=vote("mode"), level=vote("level"), n_reports=len(reports), n_outlets=len(outlets),
        )  # fmt: skip

    # ---------------------------------------------------------------- ingest hooks

    def _check_cache(self) -> None:
        if self._checked:
            return
        self._checked = True
        version = self.w.conn.execute("PRAGMA data_version").fetchone()[0]
        if version != self._data_version or len(self._views) > CACHED_EVENTS or len(self._cached) > CACHED_OFFICIALS:
            self._forget()
        self._data_version = version

    def _forget(self, eid: int | None = None) -> None:
        """Drop what event_for read of an event (of every event with no argument)."""
        if eid is None:
            self._participants.clear()
            self._views.clear()
            self._blocks.clear()
            self._cached.clear()
        else:
            self._participants.pop(eid, None)
            self._views.pop(eid, None)

    def on_replace(self, document_id: int) -> None:
        self._forget()
        events, officials = self.w.document_dependents(document_id)
        self.touched_events.update(events)
        self.stale_events.update(events)  # their participant sets may list people of removed reports
        self.touched_officials.update(officials)

    def on_article(self, article_id: int, article: Article, extraction: Extraction | None) -> None:
        if extraction is None:
            return
        self._check_cache()
        published = article.published.partial
        ids: dict[int, int] = {}
        for person in extraction.people:
            oid = self.official_for(person)
            ids[person.key] = oid
            self.touched_officials.add(oid)
            cached = self._cached.get(oid)
            for variant in person.variants:
                if len(variant.split()) >= 2 or len(person.variants) == 1:
                    self.w.add_alias(oid, variant, name_key(variant))
                    if cached is not None and variant not in cached.aliases:
                        cached.aliases.append(variant)
            if person.title:
                self.w.add_title(oid, person.title, published)
            if person.country:
                self.w.conn.execute("UPDATE officials SET country = COALESCE(country, ?) WHERE id = ?",
                                    (person.country, oid))  # fmt: skip
                if cached is not None and cached.country is None:
                    cached.country = person.country
        sort_key = article.published.sort_key
        name_of = {p.key: p.name for p in reversed(extraction.people)}  # the first person of a key, as next() found
        self.w.add_mentions([
            (article_id, ids[m.person], name_of[m.person],
             m.text, m.start, m.end, m.sentence, m.title, m.country, sort_key)
            for m in extraction.mentions if m.person in ids
        ])  # fmt: skip
        for report in extraction.reports:
            participants = list(dict.fromkeys(ids[k] for k in report.participants if k in ids))
            if not participants:
                continue
            eid = self.event_for(report, participants, article_id)
            self.w.add_event_participants(eid, participants)
            names = [name_of[k] for k in report.participants]
            self.w.add_report(
                article_id, eid, participants,
                date=report.date if report.date_precision == "day" else None,
                date_partial=report.date, date_precision=report.date_precision,
                date_text=report.date_text, place=report.place, status=report.status,
                kind=report.kind, mode=report.mode, level=report.level, trigger=report.trigger,
                sentences=_json(report.sentences),
                quotes=_json([{"text": q.text, "speaker": ids.get(q.speaker) if q.speaker is not None else None}
                              for q in report.quotes]),
                named=_json(names),
                countries=_json(report.countries),
            )  # fmt: skip
            self._saw_report(eid, article_id, participants, report)
            self.touched_events.add(eid)
        self.w.set_article_counts(article_id, len(ids), len(extraction.reports))

    def on_batch_end(self) -> None:
        dropped = set(self.w.delete_empty_events(list(self.touched_events)))
        alive = sorted(self.touched_events - dropped)
        reported = self.w.events_reports(alive)
        for eid in alive:
            self.refresh_event(eid, reported.get(eid, []))
        self.w.delete_orphan_officials(list(self.touched_officials))
        alive = [oid for oid in self.touched_officials
                 if self.w.conn.execute("SELECT 1 FROM officials WHERE id = ?", (oid,)).fetchone()]  # fmt: skip
        for oid in self.touched_officials.difference(alive):
            self._drop_official(oid)
        for oid in alive:
            self.refresh_official(oid)
        self.w.refresh_official_counts(alive)
        if self.w.conn.execute("SELECT 1 FROM decisions LIMIT 1").fetchone():
            from .corrections import replay

            replay(self.w)  # the user's corrections win over what this batch resolved
            self._forget()
        for eid in dropped | self.stale_events:  # deleted, or their participants rewritten
            self._forget(eid)
        self._checked = False
        self.touched_events.clear()
        self.stale_events.clear()
        self.touched_officials.clear()


def _precision(partial: str) -> str:
    return PartialDate(*_parse(partial)).precision or "year"
