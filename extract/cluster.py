"""Clustering from all the evidence: people of a surname block into officials, reports into events.

Pure functions over plain records (no database), so the result depends only on the set of
records given, never on the order they arrive in: every record carries a stable ``key``
(built from article content, not row ids), inputs are sorted by it, and ties are broken by it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz

from .names import block_key, given_key, romanised, same_person, surname_key

WEAK_GIVEN_MIN = 65  # transliterated given names ("Dmitry"/"Dmytro") when nothing else disagrees
_SUFFIX = re.compile(r",?\s+(?:jr|sr|ii|iii|iv)\.?$", re.I)
_INITIAL = re.compile(r"^[A-Z]\.?$")


class _Union:
    def __init__(self, items):
        self.parent = {i: i for i in items}

    def find(self, i):
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo


# ---------------------------------------------------------------------------------- people


@lru_cache(maxsize=1 << 16)
def plain_name(name: str) -> str:
    """A name without a generational suffix and without middle initials ("Joseph R. Biden, Jr." -> "Joseph Biden")."""
    name = _SUFFIX.sub("", " ".join(name.split())).strip(" ,")
    toks = name.split()
    if len(toks) > 2:
        toks = [toks[0]] + [t for t in toks[1:-1] if not _INITIAL.match(t)] + [toks[-1]]
    return " ".join(toks)


def is_full(name: str) -> bool:
    return len(plain_name(name).split()) >= 2


@dataclass
class PersonUnit:
    """One person of one article: the names it is written as, and the countries and titles given."""

    key: tuple  # stable: (article content hash, the article's name for the person)
    article: int
    name: str
    texts: list[str]
    countries: dict[str, int] = field(default_factory=dict)  # country -> mentions that give it
    titles: set[str] = field(default_factory=set)
    others: set[str] = field(default_factory=set)  # surname keys of the people named with them

    @property
    def full_names(self) -> list[str]:
        return sorted({n for n in [self.name, *self.texts] if is_full(n)})


def _initial_match(a: str, b: str) -> bool:
    """ "R. Menon" and "Ravi Menon", "J. Holm" and "Lena J. Holm": the one
    given name of one is an initial of a given name of the other."""
    pa, pb = plain_name(a), plain_name(b)
    if surname_key(pa) != surname_key(pb):
        return False
    for x, y in ((a, b), (b, a)):
        gx = plain_name(x).split()[:-1]
        gy = _SUFFIX.sub("", " ".join(y.split())).split()[:-1]
        if len(gx) == 1 and _INITIAL.match(gx[0]) and not all(_INITIAL.match(t) for t in gy) and any(
            t[0].lower() == gx[0][0].lower() for t in gy
        ):
            return True
    return False


def _translit(key: str) -> str:
    """Letters that transliterations of one name swap (German w/j for v/y: "Wolkow", "Sergej")."""
    return key.replace("w", "v").replace("j", "y").replace("ei", "ey")


def _weak_match(a: str, b: str) -> bool:
    """One surname, given names that differ as transliterations do (same first letter, similar)."""
    pa, pb = plain_name(a), plain_name(b)
    if _translit(surname_key(pa)) != _translit(surname_key(pb)):
        return False
    ka, kb = _translit(given_key(pa)), _translit(given_key(pb))
    return bool(ka and kb) and ka[0] == kb[0] and min(len(ka), len(kb)) > 3 and fuzz.ratio(ka, kb) >= WEAK_GIVEN_MIN


@lru_cache(maxsize=65536)
def block(name: str) -> str:
    """The surname block resolution files an official under: names.block_key of the name without
    suffix and middle initials, with transliteration letters folded (so "Lawrenko" meets "Lavrenko")."""
    return _translit(block_key(plain_name(name)))


@lru_cache(maxsize=65536)
def blocks_of(name: str) -> frozenset[str]:
    """Every block a name could be filed under: its own, and each part of a compound surname
    written with a space or a hyphen ("Asante-Boateng", "Asante Boateng")."""
    toks = plain_name(name).split()
    out = {block(name)}
    for part in re.split(r"[-\s]+", " ".join(toks[-2:]) if len(toks) > 2 else toks[-1] if toks else ""):
        key = _translit(romanised(part))[:3]
        if len(key) == 3:
            out.add(key)
    return frozenset(out)


def _strong_match(a: str, b: str) -> bool:
    pa, pb = plain_name(a), plain_name(b)
    return same_person(a, b) or same_person(pa, pb) or (romanised(pa) == romanised(pb))


def _country(units: list[PersonUnit]) -> str | None:
    """The country most of the units' articles give (one vote per article and country)."""
    votes = Counter()
    for u in units:
        votes.update(set(u.countries))
    if not votes:
        return None
    return min(votes, key=lambda c: (-votes[c], c))


def _titles(units: list[PersonUnit]) -> set[str]:
    return {t.lower() for u in units for t in u.titles}


def cluster_people(units: list[PersonUnit]) -> tuple[list[list[PersonUnit]], dict[tuple, str]]:
    """Group a block's people into officials; return the groups and, per unit, why it joined.

    Full names join on a strong name match (spelling, romanisation, middle initials and
    suffixes aside). An initial ("R. Menon") or a transliterated given name joins the
    one group it fits whose countries do not disagree, when exactly one fits. Countries are
    votes, never a veto of a strong match. A surname alone joins the group its article's
    context picks out (people named with it, country, title), or the only group it can be.
    """
    units = sorted(units, key=lambda u: u.key)
    fulls = {u.key: u.full_names for u in units}  # computed once: the loops below use them often
    full = [u for u in units if fulls[u.key]]
    bare = [u for u in units if not fulls[u.key]]
    why: dict[tuple, str] = {}
    uf = _Union(range(len(full)))
    names: dict[str, list[int]] = {}
    for i, u in enumerate(full):
        for n in fulls[u.key]:
            names.setdefault(n, []).append(i)
    distinct = sorted(names)
    for ids in names.values():
        for i in ids[1:]:
            uf.union(ids[0], i)
    weak: list[tuple[str, str]] = []
    for x, a in enumerate(distinct):
        for b in distinct[x + 1:]:
            if _strong_match(a, b):
                uf.union(names[a][0], names[b][0])
            elif _initial_match(a, b) or _weak_match(a, b):
                weak.append((a, b))

    def groups() -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for i in range(len(full)):
            out.setdefault(uf.find(i), []).append(i)
        return out

    # weak links: a name joins the single group it fits, unless their countries disagree
    fits: dict[int, set[int]] = {}
    for a, b in weak:
        ra, rb = uf.find(names[a][0]), uf.find(names[b][0])
        if ra != rb:
            fits.setdefault(ra, set()).add(rb)
            fits.setdefault(rb, set()).add(ra)
    g = groups()
    for root in sorted(fits):
        cands = sorted(fits[root])
        if len(cands) != 1 or len(fits.get(cands[0], ())) != 1:
            continue
        ga, gb = [full[i] for i in g[root]], [full[i] for i in g[cands[0]]]
        ca, cb = _country(ga), _country(gb)
        if ca and cb and ca != cb and not _titles(ga) & _titles(gb):
            continue  # countries disagree and no title the two share says otherwise
        for i in g[root]:
            why[full[i].key] = "similar given name or initial, same surname"
        uf.union(root, cands[0])
    g = groups()
    clusters = [[full[i] for i in members] for _root, members in sorted(g.items())]
    for c in clusters:
        for u in c:
            why.setdefault(u.key, "full name" if len(c) == 1 else "same full name (spelling variants)")

    # surname-only mentions: the group that the article's context picks out
    loose: list[PersonUnit] = []
    by_surname: dict[str, list[int]] = {}
    for ci, c in enumerate(clusters):
        for sk in sorted({surname_key(plain_name(n)) for n in set().union(*(fulls[v.key] for v in c))}):
            by_surname.setdefault(sk, []).append(ci)
    context: dict[int, tuple[set[str], str | None, set[str]]] = {}
    for u in bare:
        cands = [clusters[ci] for ci in by_surname.get(surname_key(u.name), [])]
        if not cands:
            loose.append(u)
            continue
        if len(cands) == 1:
            cands[0].append(u)
            why[u.key] = "surname; the only official of that name"
            continue
        scored = []
        for c in cands:
            if id(c) not in context:  # a group's people, country and titles (of its full names), read once
                named = [v for v in c if fulls[v.key]]
                context[id(c)] = (set().union(*(v.others for v in named)), _country(named), _titles(named))
            others, country, titles = context[id(c)]
            uc = _country([u])
            s = 2 * len(u.others & others) + (1 if uc and uc == country else -1 if uc and country else 0)
            s += 1 if {t.lower() for t in u.titles} & titles else 0
            scored.append((s, c))
        scored.sort(key=lambda x: -x[0])
        if scored[0][0] > scored[1][0] and scored[0][0] > 0:
            scored[0][1].append(u)
            why[u.key] = "surname; the article's context (people, country, title)"
        else:
            loose.append(u)
    by_name: dict[str, list[PersonUnit]] = {}
    for u in loose:
        by_name.setdefault(surname_key(u.name) or u.name.lower(), []).append(u)
        why[u.key] = "surname only"
    clusters += [by_name[k] for k in sorted(by_name)]
    return clusters, why


# ---------------------------------------------------------------------------------- reports

UNDATED_HELD_DAYS = 14  # an undated held report tells a meeting at most this long before it was published
UNDATED_PLANNED_DAYS = 31  # an undated planned report, a meeting at most this long after
MIN_SCORE = 0.5
# A report with no time joins the best of several groups it fits only by this margin of
# link_score: all its people in its place (about 1.1) against one person in common and no
# place (0.5), or a meeting of its kind and mode against one of another kind (0.4 apart) and
# mode (0.5 more). Not one meeting of a pair against another of theirs that differs only by
# a place the report does not give (0.2 apart), nor a tie. (Scores are sums of tenths: the
# comparison allows for their rounding.)
CLEAR_FIT = 0.5


@dataclass
class ReportUnit:
    key: tuple  # stable: (article content hash, the report's position in the article)
    id: int
    article: int
    participants: frozenset[int]
    date: str | None  # partial ISO
    published: str | None  # the article's partial ISO date
    status: str
    kind: str | None = None
    mode: str | None = None
    place: str | None = None
    _days: tuple[dt.date, dt.date] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._days = _window(self.date, self.published, self.status)  # asked for often while clustering

    def window(self) -> tuple[dt.date, dt.date] | None:
        """The days the meeting can be on: its date's span, else one around the publication date."""
        return self._days


@lru_cache(maxsize=65536)
def _window(date: str | None, published: str | None, status: str) -> tuple[dt.date, dt.date] | None:
    span = _span(date)
    if span is not None:
        return span
    pub = _span(published)
    if pub is None or pub[0] != pub[1]:
        return None if pub is None else (pub[0] - dt.timedelta(days=UNDATED_HELD_DAYS),
                                         pub[1] + dt.timedelta(days=UNDATED_PLANNED_DAYS))  # fmt: skip
    day = pub[0]
    if status == "held":
        return day - dt.timedelta(days=UNDATED_HELD_DAYS), day + dt.timedelta(days=1)
    return day - dt.timedelta(days=1), day + dt.timedelta(days=UNDATED_PLANNED_DAYS)


@lru_cache(maxsize=65536)
def _span(partial: str | None) -> tuple[dt.date, dt.date] | None:
    if not partial or partial.startswith("--"):
        return None
    bits = [int(b) for b in partial.split("-")]
    try:
        if len(bits) == 3:
            d = dt.date(*bits)
            return d, d
        if len(bits) == 2:
            first = dt.date(bits[0], bits[1], 1)
            nxt = dt.date(bits[0] + (bits[1] == 12), bits[1] % 12 + 1, 1)
            return first, nxt - dt.timedelta(days=1)
        return dt.date(bits[0], 1, 1), dt.date(bits[0], 12, 31)
    except ValueError:
        return None


class ReportTimes:
    """One official's reports by the days each can tell: ``between`` finds those that may tell
    a meeting in a given span, in time logarithmic in the reports. (The rule read plainly is
    ``reports_between`` in tests/test_resolution.py, which checks that the two agree.)

    Each report becomes an interval of ISO strings: its day; its month or year padded with
    "-00"/"-99" (so string order compares them as the month's or year's days); for an undated
    report in an article published on day ``p``, ``p - after + 1`` to ``p + before - 1``. A
    report without a year, or undated in an article without a day, fits any span.
    """

    SHORT = 62  # days: the longest interval kept in the short list (a month, or an undated report's)

    def __init__(self, rows: list[tuple[int, str, str]], before: int, after: int):
        short: list[tuple[str, str, int]] = []
        long: list[tuple[str, str, int]] = []
        self.always: set[int] = set()
        day = dt.timedelta(days=1)
        for rid, date, published in rows:
            if not date:
                if len(published) < 10:
                    self.always.add(rid)
                    continue
                try:
                    p = dt.date.fromisoformat(published)
                except ValueError:
                    self.always.add(rid)  # over-inclusive: clustering decides (an impossible date is rare)
                    continue
                short.append(((p - (before - 1) * day).isoformat(), (p + (after - 1) * day).isoformat(), rid))
            elif date.startswith("--"):
                self.always.add(rid)
            elif len(date) == 10:
                short.append((date, date, rid))
            elif len(date) == 7:
                short.append((date + "-00", date + "-99", rid))
            elif len(date) == 4:
                long.append((date + "-00-00", date + "-99-99", rid))
            else:
                self.always.add(rid)
        self.short = sorted(short)
        self.long = sorted(long)  # a year's reports: intervals up to 366 days

    def between(self, lo: str, hi: str) -> set[int]:
        """The reports that may tell a meeting between days ``lo`` and ``hi`` (ISO)."""
        day = dt.timedelta(days=1)
        lo_d, hi_d = dt.date.fromisoformat(lo), dt.date.fromisoformat(hi)
        dlo, dhi = (lo_d - day).isoformat(), (hi_d + day).isoformat()
        found = set(self.always)
        for items, reach in ((self.short, self.SHORT), (self.long, 370)):
            start = bisect.bisect_left(items, ((lo_d - (reach + 1) * day).isoformat(),))
            end = bisect.bisect_right(items, (dhi, "\uffff"))
            found.update(rid for a, b, rid in items[start:end] if b >= dlo)
        return found


def same_place(a: str | None, b: str | None) -> bool | None:
    """True or False when both give a place (one city written differently, or a district of it, is
    the same), None when either gives none."""
    if not a or not b:
        return None
    x, y = romanised(a), romanised(b)
    return x == y or x in y or y in x or fuzz.ratio(x, y) >= 85


_SLACK = dt.timedelta(days=1)  # time zones


def _apart_in_time(a: ReportUnit, b: ReportUnit) -> bool:
    wa, wb = a._days, b._days
    if wa is None or wb is None:
        return False
    return wa[0] > wb[1] + _SLACK or wb[0] > wa[1] + _SLACK


def participants_fit(p: frozenset[int], q: frozenset[int]) -> bool:
    """One report names some of the other's participants, or they share at least half of all."""
    shared = len(p & q)
    return bool(shared) and (p <= q or q <= p or 2 * shared >= len(p | q))


def cannot_link(a: ReportUnit, b: ReportUnit) -> bool:
    """Reports that can never be one meeting: one article's two reports, dates apart, people that
    do not fit (so a chain of one-person reports cannot join two pairs' meetings), or a meeting
    only proposed and one planned or held (a proposal is not the meeting that may follow)."""
    return (a.article == b.article or (a.status == "proposed") != (b.status == "proposed")
            or _apart_in_time(a, b) or not participants_fit(a.participants, b.participants))  # fmt: skip


def timeless(r: ReportUnit) -> bool:
    """A report with no date and an article with no date: it could be any meeting of its people."""
    return r.window() is None


def link_score(a: ReportUnit, b: ReportUnit) -> tuple[float, list[str]] | None:
    """How strongly two reports tell one meeting, with the reasons; None when they cannot."""
    p, q = a.participants, b.participants
    shared = p & q
    if cannot_link(a, b):
        return None
    jaccard = len(shared) / len(p | q)
    score = max(jaccard, 0.6)
    why = [f"{len(shared)} shared participant" + ("s" if len(shared) > 1 else "")]
    da, db = _span(a.date), _span(b.date)
    if da and db and da[0] == da[1] and db[0] == db[1]:
        score += 0.3
        why.append("same date")
    elif da and db:
        score += 0.1
        why.append("compatible dates")
    elif a.window() and b.window():
        why.append("published within the meeting's window")
    else:
        score -= 0.1
    place = same_place(a.place, b.place)
    if place:
        score += 0.2
        why.append("same place")
    elif place is False:
        return None  # two cities: not by themselves one meeting (others may still join them)
    if a.mode and b.mode and a.mode != b.mode:
        score -= 0.5
    if a.kind and b.kind:
        score += 0.1 if a.kind == b.kind else -0.3
    if score < MIN_SCORE:
        return None
    return score, why


def cluster_reports(reports: list[ReportUnit], must: list[tuple[int, int]] = (),
                    never: list[tuple[int, int]] = ()) -> tuple[list[list[ReportUnit]], dict[int, str]]:  # fmt: skip
    """Group reports into events; return the groups and, per report id, why it joined its group.

    Candidate pairs share a participant and overlap in time; they are joined strongest
    first, and two groups join only when no pair across them is impossible (one article,
    dates apart, people that do not fit) or kept apart by the user (``never``: report id
    pairs); ``must`` pairs are joined first. A report that has no time at all (no date, an
    undated article) then joins the one group it fits, or the one it fits far better than the
    others (``CLEAR_FIT``), and stays alone when several fit about as well.
    """
    reports = sorted(reports, key=lambda r: r.key)
    index = {r.id: i for i, r in enumerate(reports)}
    by_person: dict[int, list[int]] = {}
    for i, r in enumerate(reports):
        for p in r.participants:
            by_person.setdefault(p, []).append(i)
    pairs: dict[tuple[int, int], tuple[float, list[str]]] = {}
    windows = [r.window() for r in reports]
    seen: set[tuple[int, int]] = set()
    for members in by_person.values():
        # a sweep in time order: each report is compared with those whose window can overlap it
        timed = sorted((m for m in members if windows[m] is not None), key=lambda m: (windows[m][0], m))
        loose_ones = [m for m in members if windows[m] is None]
        candidates = [(a, b) for a in loose_ones for b in members if a != b]
        for x, i in enumerate(timed):
            for j in timed[x + 1:]:
                if windows[j][0] > windows[i][1] + _SLACK:
                    break
                candidates.append((i, j))
        for i, j in candidates:
            key = (min(i, j), max(i, j))
            if key not in seen:
                seen.add(key)
                s = link_score(reports[key[0]], reports[key[1]])
                if s is not None:
                    pairs[key] = s
    never_ix = {(min(index[a], index[b]), max(index[a], index[b])) for a, b in never if a in index and b in index}
    members = {i: [i] for i in range(len(reports))}
    owner = list(range(len(reports)))
    why: dict[int, str] = {}

    def join(i: int, j: int, reason: str, forced: bool = False) -> None:
        gi, gj = owner[i], owner[j]
        if gi == gj:
            return
        if not forced:
            for x in members[gi]:
                for y in members[gj]:
                    if cannot_link(reports[x], reports[y]) or (min(x, y), max(x, y)) in never_ix:
                        return
        keep, drop = min(gi, gj), max(gi, gj)
        for x in members[drop]:
            owner[x] = keep
        members[keep] += members.pop(drop)
        for x in (i, j):
            why.setdefault(reports[x].id, reason)

    for a, b in must:
        if a in index and b in index:
            join(index[a], index[b], "joined by the user", forced=True)
    loose = {i for i, r in enumerate(reports) if timeless(r)}
    for (i, j), (_score, reasons) in sorted(pairs.items(), key=lambda kv: (-kv[1][0], kv[0])):
        if i not in loose and j not in loose:
            join(i, j, ", ".join(reasons))
    # a report with no time joins the one group it fits, or the one it fits far better
    fits: dict[int, dict[int, tuple[float, int, int, list[str]]]] = {}
    for (i, j), (score, reasons) in pairs.items():
        for x, y in ((i, j), (j, i)):
            if x in loose and y not in loose:
                best = fits.setdefault(x, {}).get(owner[y])
                if best is None or (score, -y) > (best[0], -best[2]):
                    fits[x][owner[y]] = (score, x, y, reasons)
    for x in sorted(fits):
        ranked = sorted(fits[x].values(), key=lambda f: (-f[0], f[2]))
        score, i, j, reasons = ranked[0]
        if len(ranked) == 1:
            join(i, j, ", ".join(reasons) + "; the only meeting it fits")
        elif score - ranked[1][0] >= CLEAR_FIT - 1e-9:
            join(i, j, ", ".join(reasons) + "; the meeting it fits far better than any other")
    groups = [sorted((reports[x] for x in xs), key=lambda r: r.key) for _k, xs in sorted(members.items())]
    for g in groups:
        if len(g) == 1:
            why[g[0].id] = "the only report of this meeting"
    return groups, why
