"""Corpus-wide resolution: people in articles → officials, meeting reports → events.

Runs in the process that owns the database, inside the ingest batch transactions. Each
article's people get a first official as they are stored (the best of their surname
block). Then every surname block the ingest touched is clustered again from all its
mentions, and every report it stored is clustered again with the reports it could be one
meeting with (shared participants, overlapping dates) and their events (extract.cluster):
once the run ends, and before that whenever the articles stored since the last
clustering are as many as the base had then (at least ``RECLUSTER_MIN_ARTICLES``): the base
doubles between two clusterings, so a run's clusterings together cost at most about twice
its last one, instead of a pass over the touched record after every batch. What is still
to cluster again is kept in the database (``pending_resolution``) and done by the next
ingest when a run is interrupted. The result depends on the set of articles, not on their
order or batching; the user's corrections are replayed last and win.
"""

from __future__ import annotations

import bisect
import datetime as dt
import gc
import json
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from diplotui.store.corrections import event_constraints, existing_officials, has_official_decisions
from diplotui.store.db import write_transaction
from diplotui.store.text import body_title
from diplotui.store.write import Writer

from .cluster import (
    JOIN,
    UNDATED_HELD_DAYS,
    UNDATED_PLANNED_DAYS,
    WEAK,
    PersonUnit,
    ReportTimes,
    ReportUnit,
    block,
    blocks_of,
    cluster_people,
    cluster_reports,
    could_join,
    link_score,
    participants_fit,
    plain_name,
    sound_keys,
)
from .dates import PartialDate
from .decisions import replay
from .model import Extraction, Person
from .names import name_key, name_score, same_person, surname, surname_key
from .read import Article

_json = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(x, ensure_ascii=False) builds one per call
STATUS_RANK = {"held": 3, "planned": 2, "proposed": 1}
CACHED_OFFICIALS = 50_000  # officials (with their aliases) that resolution keeps in memory between batches
MAX_BLOCKS = 200  # surname blocks clustered together at most
BLOCKS_AT_ONCE = 100  # touched surname blocks clustered in one pass (with the blocks their names lead to)
SCOPE_LIMIT = 50_000  # reports clustered together at most (a bound on one pass's memory)
REPORTS_AT_ONCE = 10_000  # new reports clustered in one pass, in time order (with their neighbours)
# A surname block that only a sound key leads to is clustered again whole up to this many
# mentions; beyond, its officials that the name could join are read as their latest
# LINK_SAMPLE mentions, which stay where they are: a new spelling joins such an official
# without the official's whole record being clustered again.
LINKED_BLOCK_MAX = 2_000
LINK_SAMPLE = 50


@lru_cache(maxsize=4096)
def _parse(partial: str | None) -> tuple[int | None, int | None, int | None]:
    if not partial:
        return None, None, None
    if partial.startswith("--"):
        bits = partial[2:].split("-")
        return None, int(bits[0]), int(bits[1]) if len(bits) > 1 else None
    bits = [int(b) for b in partial.split("-")]
    return bits[0], bits[1] if len(bits) > 1 else None, bits[2] if len(bits) > 2 else None


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

    RECLUSTER_MIN_ARTICLES = 500  # cluster again during a run once this many articles are stored ...
    RECLUSTER_GROWTH = 1.0  # ... and they are at least this share of the base at the last clustering

    def __init__(self, writer: Writer):
        self.w = writer
        self.touched_events: set[int] = set()
        self.touched_officials: set[int] = set()
        self.touched_blocks: set[str] = set()
        self.new_reports: set[int] = set()
        self.stored = 0  # articles stored since the last clustering
        self._base = writer.last_article_id()
        # what of the touched sets is in pending_resolution already (written by this run, or left)
        self._persisted: dict[str, set] = {"block": set(), "report": set(), "event": set(), "official": set()}
        if writer.rederive_pending():
            rederive(writer)
        for kind, item in writer.pending_resolution():  # left by an interrupted run
            self._persisted[kind].add(item if kind == "block" else int(item))
            if kind == "block":
                self.touched_blocks.add(item)
            else:
                {"report": self.new_reports, "event": self.touched_events,
                 "official": self.touched_officials}[kind].add(int(item))
        # The surname blocks official_for has read, in the database's order, with what this
        # ingest adds to them written through; dropped when another connection has written
        # (PRAGMA data_version, checked once per batch) and after each clustering.
        self._blocks: dict[str, list[_Official]] = {}
        self._cached: dict[int, _Official] = {}
        self._data_version: int | None = None
        self._checked = False
        self._linked: dict[str, frozenset[tuple[str, int]]] = {}  # name -> (block, id) its sound keys find
        if writer.official_keys_missing():  # a base from before schema 14: file its officials once
            file_sound_keys(writer)

    # ---------------------------------------------------------------- officials

    def official_for(self, person: Person) -> int:
        full = len(person.name.split()) >= 2
        key = block(person.name)
        best: tuple[float, int] | None = None
        for o in self._block(key):
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
        oid = self.w.add_official(person.name, name_key(person.name), key, person.country, person.title)
        self._remember(_Official(oid, key, person.name, person.country, []))
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
        if self.w.official_locked(oid):  # a name the user chose (diplotui officials rename)
            self.w.update_official(oid, title=self.w.latest_title(oid))
            return
        aliases = self.w.aliases_of(oid)
        fulls = [(a, n) for a, n in aliases if len(a.split()) >= 2] or aliases
        if fulls:
            name = max(fulls, key=lambda x: (x[1], len(x[0].split()[0]) if x[0].split() else 0, len(x[0]), x[0]))[0]
            self.w.update_official(oid, name=name, name_key=name_key(name), surname_key=block(name),
                                   title=self.w.latest_title(oid))
            cached = self._cached.get(oid)
            if cached is not None and cached.block != block(name):
                self._drop_official(oid)  # it moved: its new block is read again, in the database's order
                for o in self._blocks.pop(block(name), []):
                    self._cached.pop(o.id, None)
            elif cached is not None:
                cached.name = name

    # ---------------------------------------------------------------- events

    def refresh_event(self, eid: int, reports: list[dict] | None = None) -> None:
        """Derive an event's date, place, status, kind and participants from its reports."""
        self.refresh_events([eid], {eid: reports} if reports is not None else None)

    def refresh_events(self, eids: list[int], reported: dict[int, list[dict]] | None = None) -> None:
        """``refresh_event`` of each event, written in one statement per table, not three per
        event (``reported``: each event's reports, read here when not given)."""
        if reported is None:
            reported = {eid: self.w.event_reports(eid) for eid in eids}
        rows = [(eid, *_derived(reports)) for eid in eids if (reports := reported.get(eid))]
        self.w.update_events(rows)

    # ---------------------------------------------------------------- ingest hooks

    def _check_cache(self) -> None:
        if self._checked:
            return
        self._checked = True
        version = self.w.data_version()
        if version != self._data_version or len(self._cached) > CACHED_OFFICIALS:
            self._forget()
        self._data_version = version

    def _forget(self) -> None:
        """Drop every surname block official_for has read."""
        self._blocks.clear()
        self._cached.clear()

    def on_replace(self, document_id: int) -> None:
        self._forget()
        events, officials = self.w.document_dependents(document_id)
        self.touched_events.update(events)
        self.touched_officials.update(officials)
        self.touched_blocks |= self.w.surname_keys_of(officials)

    def on_replace_article(self, article_id: int) -> None:
        """Before one article is removed (a copy with more metadata replaces it)."""
        self._forget()
        events, officials = self.w.article_dependents(article_id)
        self.touched_events.update(events)
        self.touched_officials.update(officials)
        self.touched_blocks |= self.w.surname_keys_of(officials)

    def on_article(self, article_id: int, article: Article, extraction: Extraction | None) -> None:
        if extraction is None:
            return
        self._check_cache()
        self.stored += 1
        published = article.published.partial
        ids: dict[int, int] = {}
        for person in extraction.people:
            oid = self.official_for(person)
            ids[person.key] = oid
            self.w.add_official_keys(oid, set().union(*(sound_keys(n) for n in {person.name, *person.variants})))
            self.touched_officials.add(oid)
            for name in {person.name, *person.variants}:
                self.touched_blocks |= blocks_of(name)
            cached = self._cached.get(oid)
            for variant in person.variants:
                if len(variant.split()) >= 2 or len(person.variants) == 1:
                    self.w.add_alias(oid, variant, name_key(variant))
                    if cached is not None and variant not in cached.aliases:
                        cached.aliases.append(variant)
            if person.title:
                self.w.add_title(oid, person.title, published)
            if person.country:
                self.w.set_country_if_none(oid, person.country)
                if cached is not None and cached.country is None:
                    cached.country = person.country
        sort_key = article.published.sort_key
        people = {p.key: p for p in reversed(extraction.people)}  # the first person of a key, as next() found
        name_of = {k: p.name for k, p in people.items()}
        self.w.add_mentions([
            (article_id, ids[m.person], name_of[m.person],
             m.text, m.start, m.end, m.sentence, m.title, m.country, sort_key, people[m.person].country,
             people[m.person].title or "")
            for m in extraction.mentions if m.person in ids
        ])
        for report in extraction.reports:
            participants = list(dict.fromkeys(ids[k] for k in report.participants if k in ids))
            if not participants:
                continue
            names = [name_of[k] for k in report.participants]
            rid = self.w.add_report(
                article_id, None, participants,
                date=report.date if report.date_precision == "day" else None,
                date_partial=report.date, date_precision=report.date_precision,
                date_text=report.date_text, place=report.place, status=report.status,
                kind=report.kind, mode=report.mode, level=report.level, trigger=report.trigger,
                sentences=_json(report.sentences),
                quotes=_json([{"text": q.text, "speaker": ids.get(q.speaker) if q.speaker is not None else None}
                              for q in report.quotes]),
                named=_json(names),
                countries=_json(report.countries),
                rules=_json(report.rules),
            )
            self.new_reports.add(rid)
        self.w.set_article_counts(article_id, len(ids), len(extraction.reports))

    # ---------------------------------------------------------------- clustering again

    def recluster_people(self, blocks: set[str]) -> tuple[set[int], set[int]]:
        """Cluster again every mention of the given surname blocks (extract.cluster.cluster_people),
        ``BLOCKS_AT_ONCE`` at a time; return the officials kept or made, and the articles whose
        people changed official."""
        kept: set[int] = set()
        articles: set[int] = set()
        ordered = sorted(blocks)
        for i in range(0, len(ordered), BLOCKS_AT_ONCE):
            k, a = self._recluster_blocks(set(ordered[i : i + BLOCKS_AT_ONCE]))
            kept |= k
            articles |= a
        return kept, articles

    def _recluster_blocks(self, blocks: set[str]) -> tuple[set[int], set[int]]:
        w = self.w
        blocks, rows, read = set(blocks), [], set()
        linked: dict[str, set[int]] = {}  # large blocks a sound key leads to -> the officials it found
        sizes: dict[str, int] = {}
        while blocks - read and len(read) < MAX_BLOCKS:  # the blocks the names found lead to, too
            fresh = sorted(blocks - read)
            read |= set(fresh)
            found = w.block_mentions(fresh)
            rows += found
            for name in {r[3] for r in found} | {r[4] for r in found}:
                blocks |= blocks_of(name)
                for b, oid in self._linked_officials(name):
                    linked.setdefault(b, set()).add(oid)
            new = sorted(b for b in linked if b not in sizes)
            sizes.update(w.block_sizes(new))
            blocks |= {b for b in linked if sizes[b] <= LINKED_BLOCK_MAX}
        # the officials of large linked blocks that no name led to whole: their latest mentions, pinned
        anchors = {oid for b, oids in linked.items() if b not in blocks for oid in oids}
        pinned: set[tuple[int, str]] = set()
        if anchors:
            sample = w.latest_mentions(sorted(anchors), LINK_SAMPLE)
            rows += sample
            pinned = {(r[1], r[3]) for r in sample}
        if not rows:
            return set(), set()
        units: dict[tuple[int, str], PersonUnit] = {}
        mention_ids: dict[tuple[int, str], list[int]] = {}
        held: dict[tuple[int, str], dict[int, int]] = {}  # plain dicts: tens of thousands of units
        for mid, aid, oid, person, text, title, country, person_country, digest in rows:
            u = units.get((aid, person))
            if u is None:
                u = units[(aid, person)] = PersonUnit((digest, person), aid, person, [])
                mention_ids[(aid, person)] = []
                held[(aid, person)] = {}
            if text not in u.texts:
                u.texts.append(text)
            if title:
                u.titles.add(title)
            counts = u.countries
            if country:
                counts[country] = counts.get(country, 0) + 1
            if person_country and person_country != country:
                counts[person_country] = counts.get(person_country, 0) + 1
            mention_ids[(aid, person)].append(mid)
            votes = held[(aid, person)]
            votes[oid] = votes.get(oid, 0) + 1
        present = w.article_people(sorted({aid for aid, _p in units}))
        keys = {aid: {p: surname_key(plain_name(p)) for p in people} for aid, people in present.items()}
        for (aid, person), u in units.items():
            u.others = {k for p, k in keys.get(aid, {}).items() if p != person}
        clusters, why = cluster_people(list(units.values()))
        before = {oid for c in held.values() for oid in c}
        used: set[int] = set()
        moves: list[tuple[int, int]] = []
        changed_articles: set[int] = set()
        kept: dict[int, list[PersonUnit]] = {}
        joined: dict[int, list[PersonUnit]] = {}  # an official read in part: the units that join it
        used |= anchors  # kept whatever this pass groups: most of their mentions were not read
        for cluster in sorted(clusters, key=lambda c: (-len(c), c[0].key)):
            votes = Counter()
            for u in cluster:
                votes.update(held[(u.article, u.name)])
            anchored = [o for o in votes if o in anchors]
            free = [o for o in votes if o not in used]
            if anchored:  # the group of an official read in part is that official
                oid = min(anchored, key=lambda o: (-votes[o], o))
                cluster = [u for u in cluster if (u.article, u.name) not in pinned]
                if cluster:
                    joined.setdefault(oid, []).extend(cluster)
            elif free:
                oid = min(free, key=lambda o: (-votes[o], o))
            else:
                first = cluster[0].full_names[0] if cluster[0].full_names else cluster[0].name
                oid = w.add_official(first, name_key(first), block(first))
            if not anchored:
                used.add(oid)
                kept[oid] = cluster
            for u in cluster:
                if set(held[(u.article, u.name)]) != {oid}:
                    changed_articles.add(u.article)
                    moves += [(oid, mid) for mid in mention_ids[(u.article, u.name)]]
        w.move_mentions(moves)
        w.delete_officials(sorted(before - used))
        for oid, cluster in kept.items():
            aliases: dict[str, int] = {}
            reasons: dict[str, dict[str, int]] = {}
            for u in cluster:
                for t in u.texts:
                    if len(t.split()) >= 2 or len(u.texts) == 1:
                        aliases[t] = aliases.get(t, 0) + 1
                        r = reasons.get(t)
                        if r is None:
                            r = reasons[t] = {}
                        reason = why.get(u.key, "")
                        r[reason] = r.get(reason, 0) + 1
            alias_why = {t: min(c, key=lambda r: (-c[r], r)) or None for t, c in reasons.items()}
            w.rebuild_aliases(oid, aliases, name_key, alias_why)
            w.set_official_keys(oid, set().union(*(sound_keys(n) for u in cluster for n in {u.name, *u.texts})))
            w.rebuild_titles(oid)
            votes = Counter()
            for u in cluster:
                votes.update(u.countries)
            country = min(votes, key=lambda c: (-votes[c], c)) if votes else None
            reasons = [why.get(u.key, "") for u in cluster]
            strength = ("weak" if any(r.startswith(WEAK) for r in reasons)
                        else "single" if len({u.article for u in cluster}) == 1 else "strong")
            w.update_official(oid, strength=strength)
            if not w.official_locked(oid):
                w.update_official(oid, country=country)
            self.refresh_official(oid)
        moved = {mid for _oid, mid in moves}
        for oid, units in joined.items():
            # what the joining units add to an official read in part: nothing it had is rebuilt
            had: set[int] = set()  # articles it was named in before (their titles are counted)
            for aid, mid in w.mention_ids_in(oid, [u.article for u in units]):
                if mid not in moved:
                    had.add(aid)
            fresh = sorted({u.article for u in units} - had)
            for i in range(0, len(fresh), 500):
                w.add_titles_of(oid, fresh[i : i + 500])
            for u in units:
                for t in u.texts:
                    if len(t.split()) >= 2 or len(u.texts) == 1:
                        w.add_alias(oid, t, name_key(t), why=why.get(u.key) or None)
            w.add_official_keys(oid, set().union(*(sound_keys(n) for u in units for n in {u.name, *u.texts})))
            if any(why.get(u.key, "").startswith(WEAK) for u in units):
                w.update_official(oid, strength="weak")
            self.refresh_official(oid)
        for oid in before - used:
            self._drop_official(oid)
        return set(kept) | set(joined), changed_articles

    def _linked_officials(self, name: str) -> frozenset[tuple[str, int]]:
        """(surname block, id) of the officials filed under one of the name's sound keys whose
        names clustering may join with it (a garbled or transliterated spelling whose first three
        letters differ: "Piet Halow", "Piet Harlow"), read once per clustering."""
        found = self._linked.get(name)
        if found is None:
            rows = self.w.officials_by_keys(sorted(sound_keys(name)))
            found = self._linked[name] = frozenset((b, oid) for oid, b, other in rows if could_join(name, other))
        return found

    def rewrite_participants(self, articles: set[int]) -> set[int]:
        """Each report of these articles names the officials its people now resolve to; return the reports."""
        w = self.w
        if not articles:
            return set()
        held = w.people_officials(sorted(articles))
        out = set()
        for rid, aid, named in w.reports_in_articles(sorted(articles)):
            people = [held.get((aid, n)) for n in json.loads(named)]
            w.set_report_participants(rid, list(dict.fromkeys(p for p in people if p is not None)))
            out.add(rid)
        return out

    def recluster_events(self, seeds: set[int]) -> set[int]:
        """Cluster again the reports ``seeds`` could be one meeting with (a pair at ``JOIN`` or
        more), and every report of their events (extract.cluster.cluster_reports); return the
        events kept or made."""
        w = self.w
        scope: dict[int, ReportUnit] = {}
        rows_of: dict[int, dict] = {}
        frontier = set(seeds)
        must, never, tied = event_constraints(w)
        read: dict[int, list] = {}
        dates: dict[int, ReportTimes] = {}
        when: dict[int, tuple[str, str]] = {}
        known: dict[int, tuple[dict, ReportUnit]] = {}  # each report read once, as a row and a unit

        def units(ids: set[int]) -> list[tuple[dict, ReportUnit]]:
            for r in w.reports_for_clustering(sorted(i for i in ids if i not in known)):
                known[r["id"]] = (r, _unit(r))
            return [known[i] for i in sorted(ids) if i in known]

        while frontier and len(scope) < SCOPE_LIMIT:
            rows = units(frontier - scope.keys())
            new = {u.id: u for _r, u in rows}
            rows_of.update((u.id, r) for r, u in rows)
            scope.update(new)
            if not new:
                break
            frontier = set()
            # Only the seeds' neighbours are sought: a report that comes in as one of an event's
            # (or as a neighbour) is as it was when its event was last clustered, and so are its
            # links to the events around it. A neighbour comes in only when it pairs with a seed
            # at JOIN or more: groups join on the average of their pairs, so an event none of
            # whose reports pairs that well with a seed cannot join a group that holds one.
            sought = [u for u in new.values() if u.id in seeds]
            candidates = self._neighbours(sought, read, dates, when) - scope.keys() if sought else set()
            if candidates:
                # First by their participants and dates alone (small reads): a pair whose people
                # do not fit scores below JOIN whatever its time and place (cluster.pair_evidence),
                # and a neighbour of an official's span of seeds may be near none of them in time.
                people: dict[int, set[frozenset[int]]] = {}
                for v in sought:
                    for p in v.participants:
                        people.setdefault(p, set()).add(v.participants)
                fits: dict[frozenset[int], bool] = {}  # by participant set: a pair's reports are many
                naming = _ByOfficialAndTime(sought)
                fitting = set()
                for rid, ps in w.report_participant_sets(sorted(candidates)).items():
                    if ps not in fits:
                        fits[ps] = any(participants_fit(ps, q) for p in ps for q in people.get(p, ()))
                    if fits[ps] and (rid not in when or _near_in_time(naming, rid, ps, *when[rid])):
                        fitting.add(rid)
                for _r, u in units(fitting):
                    if any(_joins(u, v) for v in naming.near(u)):
                        frontier.add(u.id)
            events = {r["event_id"] for r, _u in rows if r["event_id"] is not None}
            frontier |= w.reports_of_events(sorted(events)) - scope.keys()
            for rid in new:
                if rid in tied:
                    frontier |= tied[rid] - scope.keys()
        if not scope:
            return set()
        groups, why = cluster_reports(list(scope.values()), must, never)
        before = {r["event_id"] for r in rows_of.values() if r["event_id"] is not None}
        used: set[int] = set()
        assign: list[tuple[int, str, int]] = []
        changed: set[int] = set()  # events that gain or lose a report, or hold a report that changed
        grouped: dict[int, list[ReportUnit]] = {}  # each event kept or made: its reports now
        for group in sorted(groups, key=lambda g: (-len(g), g[0].key)):
            votes = Counter(rows_of[u.id]["event_id"] for u in group if rows_of[u.id]["event_id"] is not None)
            free = [e for e in votes if e not in used]
            eid = min(free, key=lambda e: (-votes[e], e)) if free else w.add_event()
            used.add(eid)
            grouped[eid] = group
            for u in group:
                row, reason = rows_of[u.id], why.get(u.id)
                if row["event_id"] != eid or row["why"] != reason:
                    assign.append((eid, reason, u.id))
                    changed |= {eid, row["event_id"]}
                    row["why"] = reason  # what the event's strength is derived from
                if u.id in seeds:
                    changed.add(eid)
        w.assign_reports(assign)
        for eid in w.delete_empty_events(sorted(before - used)):
            used.discard(eid)
        # an event whose reports are the same as at its last refresh keeps what it was derived as
        fresh = sorted(used & changed)
        if len(scope) < SCOPE_LIMIT or not frontier:
            # the scope holds every report of its events (it took in all the reports of each event
            # it met), so an event's reports are its group's: derived from the rows read, not read again
            reported = {eid: [_event_report(rows_of[u.id]) for u in sorted(grouped[eid], key=lambda u: u.id)]
                        for eid in fresh}
        else:
            reported = w.events_reports(fresh)
        self.refresh_events(fresh, reported)
        self.touched_officials.update(p for u in scope.values() for p in u.participants)
        return used

    def _neighbours(self, units: list[ReportUnit], read: dict[int, list],
                    dates: dict[int, ReportTimes], when: dict[int, tuple[str, str]]) -> set[int]:
        """Reports that name someone of ``units`` at a time one of theirs could be (read by
        official and time span, so the work follows the batch, not the official's whole record).
        ``read`` holds what was read so far for each official (its spans with their reports, or
        the set of all its reports), not read again; ``dates`` each official's report dates;
        ``when`` gets each report's (date, publication date) read for them."""
        spans: dict[int, list[tuple[dt.date, dt.date]]] = {}
        timeless: set[int] = set()
        for u in units:
            windows = u.windows()
            for p in u.participants:
                if not windows:
                    timeless.add(p)
                else:
                    spans.setdefault(p, []).extend(windows)
        found: set[int] = set()
        for p in sorted(timeless):
            if not isinstance(read.get(p), set):
                read[p] = self.w.reports_of_officials([p])
            found |= read[p]
        for p, windows in spans.items():
            done = read.setdefault(p, [])
            if isinstance(done, set):
                continue
            windows.sort()
            merged = [list(windows[0])]
            for lo, hi in windows[1:]:
                if lo <= merged[-1][1] + dt.timedelta(days=UNDATED_PLANNED_DAYS):
                    merged[-1][1] = max(merged[-1][1], hi)
                else:
                    merged.append([lo, hi])
            for lo, hi in merged:
                known = next((ids for a, b, ids in done if a <= lo and hi <= b), None)
                if known is None:
                    if p not in dates:  # each official's report dates read once per clustering
                        rows = self.w.report_dates_of_official(p)
                        dates[p] = ReportTimes(rows, UNDATED_HELD_DAYS + 1, UNDATED_PLANNED_DAYS + 1)
                        when.update((rid, (date, published)) for rid, date, published in rows)
                    known = dates[p].between(lo.isoformat(), hi.isoformat())
                    done.append((lo, hi, known))
                found |= known
        return found

    def on_batch_end(self) -> None:
        """Cluster again when enough was stored since the last time; else remember what to."""
        self._checked = False
        if self.stored and self.stored >= max(self.RECLUSTER_MIN_ARTICLES, self.RECLUSTER_GROWTH * self._base):
            self.resolve()
        else:
            self._save_pending()

    def on_run_end(self) -> None:
        """The ingest stored its last batch: cluster again what it (or an interrupted run) touched."""
        if self.touched_blocks or self.new_reports or self.touched_events or self.touched_officials:
            self.resolve()

    def _save_pending(self) -> None:
        """Write what was touched since the last time to pending_resolution (only the new items:
        the touched sets grow through a run)."""
        fresh = {kind: items - self._persisted[kind] for kind, items in (
            ("block", self.touched_blocks), ("report", self.new_reports),
            ("event", self.touched_events), ("official", self.touched_officials))}
        rows = [(kind, str(i)) for kind, items in fresh.items() for i in items]
        if rows:
            self.w.add_pending_resolution(sorted(rows))
        for kind, items in fresh.items():
            self._persisted[kind] |= items

    def resolve(self) -> None:
        """Cluster again every surname block and report touched since the last clustering.

        The cyclic garbage collector is off meanwhile: clustering makes hundreds of thousands
        of short-lived objects (units, sets, pairs), and the full collections they set off took
        a quarter of its time. What cycles they leave, the next collections after it find."""
        enabled = gc.isenabled()
        gc.disable()
        try:
            self._resolve()
        finally:
            if enabled:
                gc.enable()

    def _resolve(self) -> None:
        w = self.w
        kept, articles = self.recluster_people(self.touched_blocks)
        self.touched_officials |= kept
        w.delete_orphan_officials(list(self.touched_officials))
        if has_official_decisions(w):
            replay(w, Resolver)  # the user's corrections of who is who win over what was just clustered
        seeds = set(self.new_reports) | self.rewrite_participants(articles)
        seeds |= w.reports_of_events(sorted(self.touched_events))
        w.delete_empty_events(list(self.touched_events))
        for chunk in self._in_time_order(seeds):
            self.recluster_events(chunk)
        alive = existing_officials(w, sorted(self.touched_officials))
        for oid in alive:
            self.refresh_official(oid)
        w.refresh_official_counts(alive)
        w.clear_pending_resolution()
        for items in self._persisted.values():
            items.clear()
        self._forget()
        self._linked.clear()
        self.touched_events.clear()
        self.touched_officials.clear()
        self.touched_blocks.clear()
        self.new_reports.clear()
        self.stored = 0
        self._base = w.last_article_id()

    def _in_time_order(self, reports: set[int]) -> list[set[int]]:
        """The reports in chunks of ``REPORTS_AT_ONCE``, in order of the days they can tell (so a
        chunk's neighbours are few and a pass stays bounded); timeless reports last."""
        if len(reports) <= REPORTS_AT_ONCE:
            return [reports] if reports else []
        far = dt.date.max
        units = sorted((_unit(r) for r in self.w.reports_for_clustering(sorted(reports))),
                       key=lambda u: ((u.window() or (far, far))[0], u.key))
        ids = [u.id for u in units]
        return [set(ids[i : i + REPORTS_AT_ONCE]) for i in range(0, len(ids), REPORTS_AT_ONCE)]


def _joins(a: ReportUnit, b: ReportUnit) -> bool:
    """Whether two reports pair well enough that they could be one event (a score of ``JOIN``)."""
    s = link_score(a, b)
    return s is not None and s[0] >= JOIN - 1e-9


def _near_in_time(naming: _ByOfficialAndTime, rid: int, people: frozenset[int], date: str, published: str) -> bool:
    """Whether a report of which only its people and dates are read yet is near one of ``naming``'s
    in time (its windows are those of its full row: a publication date is given where it places
    the report), under either status an undated report's window depends on."""
    statuses = ("held",) if len(date) in (7, 10) else ("held", "planned")
    return any(naming.near(ReportUnit((), rid, 0, people, date or None, published or None, status))
               for status in statuses)


class _ByOfficialAndTime:
    """Reports by the officials they name, in order of their windows: ``near(u)`` gives those
    that share a participant with ``u`` and whose time is not apart from its (the only ones
    ``link_score`` can join with it), without looking at the rest."""

    SLACK = dt.timedelta(days=1)  # as extract.cluster._apart_in_time allows

    def __init__(self, units):
        self.timeless: dict[int, list[ReportUnit]] = {}
        self.timed: dict[int, list[tuple[dt.date, dt.date, int, ReportUnit]]] = {}
        for v in units:
            windows = v.windows()
            for p in v.participants:
                if not windows:
                    self.timeless.setdefault(p, []).append(v)
                for window in windows:
                    self.timed.setdefault(p, []).append((window[0], window[1], v.id, v))
        self.starts: dict[int, list[dt.date]] = {}
        self.reach: dict[int, dt.timedelta] = {}
        for p, items in self.timed.items():
            items.sort(key=lambda x: (x[0], x[2]))
            self.starts[p] = [x[0] for x in items]
            self.reach[p] = max(x[1] - x[0] for x in items)

    def near(self, u: ReportUnit) -> list[ReportUnit]:
        windows = u.windows()
        found: dict[int, ReportUnit] = {}
        for p in u.participants:
            for v in self.timeless.get(p, ()):
                found[v.id] = v
            items = self.timed.get(p)
            if not items:
                continue
            if not windows:
                found.update((x[2], x[3]) for x in items)
                continue
            for window in windows:
                lo, hi = window[0] - self.SLACK, window[1] + self.SLACK
                start = bisect.bisect_left(self.starts[p], lo - self.reach[p])
                end = bisect.bisect_right(self.starts[p], hi)
                found.update((vid, v) for _a, b, vid, v in items[start:end] if b >= lo)
        return list(found.values())


def rederive(w: Writer) -> None:
    """A base from an earlier diplotui (schema migration 10 asks for this once): its officials'
    name keys and surname blocks and its aliases' keys are computed again with the current code,
    its mentions get the person's country and title as extraction now gives them, and every
    block is queued to be clustered again (``pending_resolution``), so the old mentions are
    resolved as new ones would be and a person stored before is not made a second time."""
    if w.conn.in_transaction:  # a correction's transaction (its Resolver): part of it
        _rederive(w)
    else:
        with write_transaction(w.db):
            _rederive(w)


def file_sound_keys(w: Writer) -> None:
    """File every official of a base from before schema 14 under the sound keys of its names."""
    keys: dict[int, set[str]] = {}
    for oid, name in w.all_official_names():
        keys.setdefault(oid, set()).update(sound_keys(name))
    if w.conn.in_transaction:
        for oid, found in keys.items():
            w.add_official_keys(oid, found)
    else:
        with write_transaction(w.db):
            for oid, found in keys.items():
                w.add_official_keys(oid, found)


def _rederive(w: Writer) -> None:
    blocks = w.rederive_keys(name_key, block)
    w.fill_person_fields(body_title)
    w.add_pending_resolution(sorted(("block", b) for b in blocks))


def _derived(reports: list[dict]) -> tuple[list[int], dict]:
    """An event's participants and fields (date, place, status, kind, mode, level, counts) as
    its reports tell them: each the value most reports give, ties broken the same way whatever
    the order."""

    def vote(key: str, rank=None):
        c: dict = {}  # counted in a dict: a Counter per field and event cost more than the vote
        for r in reports:
            if v := r[key]:
                c[v] = c.get(v, 0) + 1
        if not c:
            return None
        return max(c, key=lambda v: (c[v], rank(v) if rank else 0, v))

    precision_rank = {"day": 3, "month": 2, "year": 1}
    dates: dict[str, int] = {}
    for r in reports:
        if r["date"] and r["date_precision"] in precision_rank:
            dates[r["date"]] = dates.get(r["date"], 0) + 1
    date = None
    precision = None
    if dates:
        date = max(dates, key=lambda d: (precision_rank[_precision(d)], dates[d], d))
        precision = _precision(date)
    participants = list(dict.fromkeys(p for r in reports for p in r["participants"]))
    whys = [r.get("why") or "" for r in reports]
    if any(w.startswith(WEAK) for w in whys):
        strength = "weak"  # a report joined on its participants alone, or fits several events
    elif len(reports) == 1:
        strength = "single"
    else:
        strength = "strong"
    outlets = {r["outlet_id"] or -r["article_id"] for r in reports}
    fields = dict(
        date=date if precision == "day" else None, date_partial=date, date_precision=precision,
        sort_key=date or "", place=vote("place"), status=vote("status", lambda s: STATUS_RANK.get(s, 0)),
        kind=vote("kind"), mode=vote("mode"), level=vote("level"), n_reports=len(reports), n_outlets=len(outlets),
        strength=strength,
    )
    return participants, fields


def _event_report(row: dict) -> dict:
    """A row of ``Writer.reports_for_clustering`` as ``Writer.events_reports`` gives it (what
    ``_derived`` reads: the participants in id order)."""
    return dict(row, participants=sorted(row["participants"]))


def _unit(row: dict) -> ReportUnit:
    return ReportUnit(
        key=(row["content_hash"], row["ordinal"]), id=row["id"], article=row["article_id"],
        participants=frozenset(row["participants"]), date=row["date"], published=row["published_partial"],
        status=row["status"], kind=row["kind"], mode=row["mode"], place=row["place"],
        context=frozenset(int(p) for p in (row.get("article_people") or "").split(",") if p),
        outlet=row.get("outlet_id"), stated=bool(row.get("date_text")),
        earlier=not row.get("date_text") and '"date.earlier-meeting"' in (row.get("rules") or ""),
    )


def _precision(partial: str) -> str:
    return PartialDate(*_parse(partial)).precision or "year"
