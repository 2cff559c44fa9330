"""Clustering from all the evidence: people of a surname block into officials, reports into events.

Pure functions over plain records (no database), so the result depends only on the set of
records given, never on the order they arrive in: every record carries a stable ``key``
(built from article content, not row ids), inputs are sorted by it, and ties are broken by it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import heapq
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from anyascii import anyascii
from rapidfuzz import fuzz

from .gazetteer import city_places, country_names, region_places
from .names import GIVEN_MIN, block_key, family_first, given_key, romanised, same_person, surname, surname_key

WEAK = "weak"  # the word a reason starts with when the join it gives rests on little
WEAK_GIVEN_MIN = 65  # transliterated given names ("Dmitry"/"Dmytro") when nothing else disagrees
GIVEN_CLOSE = 60  # given names a garbled page makes of one another ("Kjell"/"Chell"): with country and title
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
    if _SOUNDS.search(toks[-1] if toks else ""):  # "Haghani" may be filed as "Haqani", and back
        out.add(_translit(block_key(_sounds(plain_name(name)))))
        out.add(_translit(block_key(re.sub("q", "gh", plain_name(name)))))
    for part in re.split(r"[-\s]+", " ".join(toks[-2:]) if len(toks) > 2 else toks[-1] if toks else ""):
        key = _translit(romanised(part))[:3]
        if len(key) == 3:
            out.add(key)
    return frozenset(out)


# Letters that transliterations write one sound with ("Haghani", "Haqani"): folded to one
# when names are compared, and a name is also filed under the block of its folded form.
_SOUNDS = re.compile(r"gh|q", re.I)


def _sounds(name: str) -> str:
    return _SOUNDS.sub(lambda m: "Q" if m.group()[0].isupper() else "q", name)


# How transliterations write a surname's first sound ("Tsai"/"Cai", "Tschenko"/"Chenko",
# "Khalil"/"Halil", "Phan"/"Fan", "Thach"/"Tach"): folded to one spelling in sound keys.
_FIRST_SOUNDS = (("tsch", "ch"), ("tch", "ch"), ("tz", "c"), ("ts", "c"), ("kh", "h"), ("ph", "f"), ("th", "t"))


@lru_cache(maxsize=65536)
def sound_key(name: str) -> str:
    """A name's surname as it sounds: romanised, transliteration letters and the spellings of its
    first sound folded, doubled letters written once ("Harrlow" -> "harlow", "Tsai" -> "cai")."""
    key = _translit(romanised(surname(plain_name(name)).replace("\u2010", "-").split("-")[-1]))
    return _fold(key)


@lru_cache(maxsize=65536)
def _fold(key: str) -> str:
    """A romanised key with its first sound's spellings and the "-gh-"/"-q-" sound folded, and
    doubled letters written once."""
    key = key.replace("gh", "q")
    for a, b in _FIRST_SOUNDS:
        if key.startswith(a):
            key = b + key[len(a):]
            break
    return re.sub(r"(.)\1+", r"\1", key)


@lru_cache(maxsize=65536)
def sound_keys(name: str) -> frozenset[str]:
    """The keys an official is also filed under, so a garbled spelling of its surname meets it
    though their first three letters differ: the sound key's first four letters, and those left
    with each one of them dropped ("harlow": harl, arlo, hrlo, halo, haro; "halow": halo, ...).
    Two surnames one letter apart in their first four (dropped, added or changed) share one."""
    key = sound_key(name)[:5]
    keys = {key[:4]} | {(key[:i] + key[i + 1:])[:4] for i in range(min(4, len(key)))}
    return frozenset(k for k in keys if len(k) >= 3)


def _sound_match(a: str, b: str) -> bool:
    """Two full names whose surnames sound alike (``sound_key``) and whose given names agree as
    ``same_person`` asks, or as transliterations do (same first letter, similar)."""
    pa, pb = plain_name(a), plain_name(b)
    if len(pa.split()) < 2 or len(pb.split()) < 2 or sound_key(pa) != sound_key(pb):
        return False
    ka, kb = _fold(_translit(given_key(pa))), _fold(_translit(given_key(pb)))
    if ka == kb:
        return bool(ka)
    return bool(ka and kb) and ka[0] == kb[0] and min(len(ka), len(kb)) > 3 and fuzz.ratio(ka, kb) >= GIVEN_MIN


def _close_given(a: str, b: str) -> bool:
    """One surname (as it sounds), given names that a garbled page could make of one another
    ("Kjell"/"Chell"): a link that needs the same country and a shared title to join."""
    pa, pb = plain_name(a), plain_name(b)
    if sound_key(pa) != sound_key(pb) or not sound_key(pa) or family_first(pa) or family_first(pb):
        return False  # the syllables of a family-first given name tell people apart ("Jong-il", "Jong-un")
    ka, kb = given_key(pa), given_key(pb)
    return min(len(ka), len(kb)) > 3 and fuzz.ratio(ka, kb) >= GIVEN_CLOSE


def could_join(a: str, b: str) -> bool:
    """Whether clustering may join two names at all (any of its links): a sound-key neighbour
    found in the base is read with a name's block only then."""
    if is_full(a) and is_full(b):
        return (_strong_match(a, b) or _sound_match(a, b) or _close_given(a, b) or _swallowed(a, b)
                or _weak_match(a, b) or _initial_match(a, b))
    return sound_key(a) == sound_key(b)


def _strong_match(a: str, b: str) -> bool:
    pa, pb = plain_name(a), plain_name(b)
    if same_person(a, b) or same_person(pa, pb) or romanised(pa) == romanised(pb):
        return True
    fa, fb = _sounds(pa), _sounds(pb)
    return (fa != pa or fb != pb) and same_person(fa, fb)


def _swallowed(a: str, b: str) -> bool:
    """One full name is the other with a word run into its front ("Said Piet Harlow", "Piet
    Harlow"): a verb or title word the page ran into the name."""
    ta, tb = plain_name(a).split(), plain_name(b).split()
    short, long = (ta, tb) if len(ta) < len(tb) else (tb, ta)
    return len(short) >= 2 and len(long) == len(short) + 1 and [t.lower() for t in long[1:]] == [
        t.lower() for t in short]


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
    weak: list[tuple[str, str, bool]] = []  # (name, name, whether the link needs country and title)
    for x, a in enumerate(distinct):
        for b in distinct[x + 1:]:
            if _strong_match(a, b):
                uf.union(names[a][0], names[b][0])
            elif _initial_match(a, b) or _weak_match(a, b) or _swallowed(a, b) or _sound_match(a, b):
                weak.append((a, b, False))
            elif _close_given(a, b):
                weak.append((a, b, True))

    def groups() -> dict[int, list[int]]:
        out: dict[int, list[int]] = {}
        for i in range(len(full)):
            out.setdefault(uf.find(i), []).append(i)
        return out

    # weak links: a name joins the single group it fits, unless their countries disagree
    fits: dict[int, set[int]] = {}
    loose_only: dict[tuple[int, int], bool] = {}  # group pairs linked only by a link that needs more
    for a, b, needs in weak:
        ra, rb = uf.find(names[a][0]), uf.find(names[b][0])
        if ra != rb:
            fits.setdefault(ra, set()).add(rb)
            fits.setdefault(rb, set()).add(ra)
            pair = (min(ra, rb), max(ra, rb))
            loose_only[pair] = loose_only.get(pair, True) and needs
    g = groups()
    for root in sorted(fits):
        cands = sorted(fits[root])
        if len(cands) != 1 or len(fits.get(cands[0], ())) != 1:
            continue
        ga, gb = [full[i] for i in g[root]], [full[i] for i in g[cands[0]]]
        ca, cb = _country(ga), _country(gb)
        if ca and cb and ca != cb and not _titles(ga) & _titles(gb):
            continue  # countries disagree and no title the two share says otherwise
        loose = loose_only[(min(root, cands[0]), max(root, cands[0]))]
        if loose and not (ca and ca == cb and _titles(ga) & _titles(gb)):
            continue  # given names this far apart join on the same country and a shared title only
        reason = ("a given name garbled at its start; same surname, country and title" if loose else
                  "similar given name, initial, a surname spelt as it sounds or a word run into the name")
        for i in g[root]:
            why[full[i].key] = f"{WEAK}: {reason}"
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
            why[u.key] = f"{WEAK}: surname; the article's context (people, country, title)"
        else:
            loose.append(u)
    by_name: dict[str, list[PersonUnit]] = {}
    for u in loose:
        by_name.setdefault(surname_key(u.name) or u.name.lower(), []).append(u)
        why[u.key] = f"{WEAK}: surname only"
    clusters += [by_name[k] for k in sorted(by_name)]
    return clusters, why


# ---------------------------------------------------------------------------------- reports
#
# Reports are grouped by evidence, not vetoes. Each pair of reports that may tell one meeting
# (a participant in common, times that can overlap) gets a score: what their participants,
# times, places, statuses, kinds and modes say for and against. Missing facts say nothing.
# Groups are then joined, best first, while the average score over every pair across two
# groups stays at ``JOIN`` or above (a pair that is no candidate counts ``NO_LINK``): one
# report of one person cannot bridge two meetings, because the pairs across them count too.

UNDATED_HELD_DAYS = 14  # an undated held report tells a meeting at most this long before it was published
UNDATED_PLANNED_DAYS = 31  # an undated planned report, a meeting at most this long after
LIKELY_PLANNED_DAYS = 14  # ... most likely within this long
SOON_DAYS = 3  # ... and likelier still within this many days
JOIN = 0.4  # the average pair score two groups need to be one event
NO_LINK = -1.0  # a pair across two groups that cannot be one meeting (no one in common, times apart)
SAME_ARTICLE = -1.2  # two reports of one article: a duplicate is possible, two meetings likelier
SAME_ARTICLE_TWICE = -0.6  # ... that name the same people at times that agree: a duplicate as likely
# (not when one is told as an earlier meeting: "last time we met" is not the meeting the article is about)
EARLIER_AND_DAY = -0.5  # an earlier meeting with no day, and one dated on or after the day it was told
# A report with no time at all joins the best group it fits only by this margin of average
# score over the next best; else it joins none and says so.
CLEAR_FIT = 0.3
CLEAR_FIT_LONE = 0.15  # ... and a report that names one person, by this margin


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
    context: frozenset[int] = frozenset()  # the officials its article's reports name
    outlet: int | None = None  # the outlet that published its article (one outlet: one clock)
    stated: bool = False  # its date is told in its text ("on Monday", "today"), not the article's date
    # told as an earlier meeting with no day of its own ("last time we met", "I recently received
    # him here"): before the article's day, and not the meeting the article is about
    earlier: bool = False
    _days: tuple[dt.date, dt.date] | None = field(init=False, repr=False, compare=False)
    _alt: tuple[dt.date, dt.date] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._days = _window(self.date, self.published, self.status)  # asked for often while clustering
        self._alt = _alt_window(self.date, self.published, self.status)

    def window(self) -> tuple[dt.date, dt.date] | None:
        """The days the meeting can be on: its date's span, else one around the publication date."""
        return self._days

    def windows(self) -> tuple[tuple[dt.date, dt.date], ...]:
        """``window``, and for a year-only date other than the publication's year (a year that may
        come from unrelated context) the window the publication date alone gives."""
        return tuple(w for w in (self._days, self._alt) if w is not None)


@lru_cache(maxsize=65536)
def _window(date: str | None, published: str | None, status: str) -> tuple[dt.date, dt.date] | None:
    span = _span(date)
    if span is not None:
        return span
    pub = _span(published)
    if pub is None or pub[0] != pub[1]:
        return None if pub is None else (pub[0] - dt.timedelta(days=UNDATED_HELD_DAYS),
                                         pub[1] + dt.timedelta(days=UNDATED_PLANNED_DAYS))
    day = pub[0]
    if status == "held":
        return day - dt.timedelta(days=UNDATED_HELD_DAYS), day + dt.timedelta(days=1)
    return day - dt.timedelta(days=1), day + dt.timedelta(days=UNDATED_PLANNED_DAYS)


def loose_year(date: str | None, published: str | None) -> bool:
    """A date that is a year alone, not the publication's year: perhaps from unrelated context
    ("the first talks since the 2020 clashes")."""
    return bool(date) and len(date) == 4 and bool(published) and not published.startswith(date) \
        and not published.startswith("--")


@lru_cache(maxsize=65536)
def _alt_window(date: str | None, published: str | None, status: str) -> tuple[dt.date, dt.date] | None:
    return _window(None, published, status) if loose_year(date, published) else None


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
    report in an article published on day ``p``, ``p - after + 1`` to ``p + before - 1``; and
    a year-only date that is not the publication's year (``loose_year``), both its year and
    the undated interval. A report without a year, or undated in an article without a day,
    fits any span.
    """

    SHORT = 62  # days: the longest interval kept in the short list (a month, or an undated report's)

    def __init__(self, rows: list[tuple[int, str, str]], before: int, after: int):
        short: list[tuple[str, str, int]] = []
        long: list[tuple[str, str, int]] = []
        self.always: set[int] = set()
        day = dt.timedelta(days=1)

        def undated(rid: int, published: str) -> None:
            if len(published) < 10:
                self.always.add(rid)
                return
            try:
                p = dt.date.fromisoformat(published)
            except ValueError:
                self.always.add(rid)  # over-inclusive: clustering decides (an impossible date is rare)
                return
            short.append(((p - (before - 1) * day).isoformat(), (p + (after - 1) * day).isoformat(), rid))

        for rid, date, published in rows:
            if not date:
                undated(rid, published)
            elif date.startswith("--"):
                self.always.add(rid)
            elif len(date) == 10:
                short.append((date, date, rid))
            elif len(date) == 7:
                short.append((date + "-00", date + "-99", rid))
            elif len(date) == 4:
                long.append((date + "-00-00", date + "-99-99", rid))
                if loose_year(date, published):
                    undated(rid, published)
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


@lru_cache(maxsize=65536)
def _place_country(place: str) -> tuple[str | None, str | None]:
    """The country a place is in, and what the place is: "country", "region" (a state or
    province of it), "city", or None when the gazetteers do not know it."""
    low = " ".join(place.lower().split()).removeprefix("the ")
    for key in dict.fromkeys((low, anyascii(low))):  # as written, and without accents ("Württemberg")
        if country := country_names().get(key):
            return country, "country"
        if city := city_places().get(key):
            return city[0], "city"
        if region := region_places().get(key):
            return region, "region"
    return None, None


def _capital_spellings(a: str, b: str) -> bool:
    """Whether two places are both listed as one country's capital and are written alike
    (romanised, 70% alike): one city's spellings, not a country's two capitals ("La Paz",
    "Sucre") nor a capital and a seat of government named apart ("Moscow", "Kremlin")."""
    places = city_places()
    pa, pb = places.get(a.lower()), places.get(b.lower())
    return bool(pa and pb and pa[1] and pb[1] and pa[0] == pb[0]) and fuzz.ratio(romanised(a), romanised(b)) >= 70


def place_fit(a: str | None, b: str | None) -> str | None:
    """How two places relate: "same" (one city written differently, or a district of it),
    "within" (a city and its country), "region" (a city and a region of its country: it may
    lie in it, "Honolulu" and "Hawaii"), "near" (two cities, or two regions, of one country),
    "apart", or None when either gives none."""
    if not a or not b:
        return None
    x, y = romanised(a), romanised(b)
    if x == y or x in y or y in x or fuzz.ratio(x, y) >= 85:
        return "same"
    (ca, what_a), (cb, what_b) = _place_country(a), _place_country(b)
    if ca and ca == cb and _capital_spellings(a, b):
        return "same"  # "Kiev" and "Kyiv": two spellings of one capital
    if ca and ca == cb:
        if "country" in (what_a, what_b):
            return "within"
        return "region" if {what_a, what_b} == {"city", "region"} else "near"
    return "apart"


def same_place(a: str | None, b: str | None) -> bool | None:
    """True or False when both give a place (one city written differently, a district of it, or
    a city and its country, is the same), None when either gives none."""
    fit = place_fit(a, b)
    return None if fit is None else fit in ("same", "within")


_SLACK = dt.timedelta(days=1)  # time zones


def _overlap(wa, wb) -> bool:
    return not (wa[0] > wb[1] + _SLACK or wb[0] > wa[1] + _SLACK)


def _apart_in_time(a: ReportUnit, b: ReportUnit) -> bool:
    wa, wb = a.windows(), b.windows()
    if not wa or not wb:
        return False
    return not any(_overlap(x, y) for x in wa for y in wb)


def participants_fit(p: frozenset[int], q: frozenset[int]) -> bool:
    """One report names some of the other's participants, or they share at least half of all."""
    shared = len(p & q)
    return bool(shared) and (p <= q or q <= p or 2 * shared >= len(p | q))


def candidates(a: ReportUnit, b: ReportUnit) -> bool:
    """Whether two reports may tell one meeting at all: someone in common, times that can meet."""
    return bool(a.participants & b.participants) and not _apart_in_time(a, b)


def timeless(r: ReportUnit) -> bool:
    """A report with no date and an article with no date: it could be any meeting of its people."""
    return r.window() is None


def _likely(r: ReportUnit) -> tuple[dt.date, dt.date] | None:
    """The days an undated report most likely tells: a readout, the day it was published; an
    announcement, the next two weeks."""
    pub = _span(r.published)
    if r.date or pub is None or pub[0] != pub[1]:
        return None
    day = pub[0]
    if r.status == "held":
        return day, day
    return day, day + dt.timedelta(days=LIKELY_PLANNED_DAYS)


def _gap(wa, wb) -> int:
    """Days between two spans (0 when they overlap)."""
    return max(0, (wa[0] - wb[1]).days, (wb[0] - wa[1]).days)


def _time_evidence(a: ReportUnit, b: ReportUnit) -> tuple[float, str | None]:
    """What two reports' times say: a score and a reason (None: nothing to say)."""
    da, db = _span(a.date), _span(b.date)
    if da and db:
        if loose_year(a.date, a.published) or loose_year(b.date, b.published):
            if _gap(da, db) == 0:
                return 0.05, "compatible dates"
            return -0.5, "a year from other context"  # the publication dates may still agree
        if da[0] == da[1] and db[0] == db[1]:
            gap = abs((da[0] - db[0]).days)
            if gap == 0:
                return 0.4, "same date"
            if gap == 1:
                if a.outlet is not None and a.outlet == b.outlet and (a.stated or b.stated):
                    # one outlet dates its reports by one clock: no time zone between them, when
                    # one of them tells its day (two dates that are only the articles' days may
                    # be a meeting and the next day's article on it)
                    return -0.6, "dates a day apart from one outlet"
                return 0.0, "dates a day apart (time zones?)"
            return (-0.6 if gap <= 3 else -1.5), "different dates"
        return (0.05, "compatible dates") if _gap(da, db) == 0 else (-1.5, "different dates")
    la, lb = _likely(a), _likely(b)
    if (da and lb) or (db and la):
        span, likely, other = (da, lb, b) if da else (db, la, a)
        if other.earlier and span[1] >= likely[0] - _SLACK:
            # an earlier meeting, and a meeting dated on the day it was told or after: two meetings
            return EARLIER_AND_DAY, "an earlier meeting, and one on the day it was told"
        gap = _gap(span, likely)
        if gap == 0 and other.status != "held":
            # an announcement points at the next days more than at the weeks after
            if span[0] <= likely[0] + dt.timedelta(days=SOON_DAYS):
                return 0.2, "published just before the meeting was due"
            return 0.05, "published in the weeks before the meeting"
        if gap == 0:
            return 0.2, "published on the meeting's day"
        if gap == 1 and other.status == "held":
            return 0.1, "published the day after the meeting"
        if any(_overlap(span, w) for w in other.windows()):
            return -min(0.1 * gap, 0.8), "published days from the meeting's date"
        return -1.5, "different dates"
    if la and lb:
        gap = _gap(la, lb)
        if a.status == "held" and b.status == "held":
            # readouts published days apart are likelier two meetings of the pair than one
            if gap <= 1:
                return (0.15, "published the same day") if gap == 0 else (0.05, "published a day apart")
            return -min(0.3 * gap, 1.2), f"published {gap} days apart"
        if gap == 0:  # an announcement, and a readout or announcement in the days it points at
            return 0.05, "published in the days the meeting was due"
        return -min(0.15 * gap, 1.2), f"published {gap} days apart"
    wa, wb = a.window(), b.window()
    if wa and wb and not _overlap(wa, wb):
        return -1.5, "different dates"
    return 0.0, None


def _participant_evidence(p: frozenset[int], q: frozenset[int]) -> tuple[float, str]:
    shared = len(p & q)
    if not participants_fit(p, q):
        return -0.8, "different people"
    jaccard = shared / len(p | q)
    reason = f"{shared} shared participant" + ("s" if shared > 1 else "")
    return (0.3 + 0.4 * jaccard if shared >= 2 else 0.15 + 0.3 * jaccard), reason


def pair_evidence(a: ReportUnit, b: ReportUnit) -> tuple[float, list[str], bool]:
    """How strongly two reports tell one meeting: a score (``JOIN`` and above: one meeting), the
    reasons for and against, and whether more than the participants agree (a time or a place)."""
    score, who = _participant_evidence(a.participants, b.participants)
    why = [who]
    for x, y in ((a, b), (b, a)):
        # a report of one person, and another whose other people its article names: likelier
        # the counterpart the report left out than someone else's meeting
        if len(x.participants) == 1 and len(y.participants) > 1 and y.participants - x.participants <= x.context:
            score += 0.15
            why.append("its article names the others")
    firm = False
    t, reason = _time_evidence(a, b)
    score += t
    if reason:
        why.append(reason)
    firm = t > 0
    fit = place_fit(a.place, b.place)
    if fit == "same" and (a.earlier or b.earlier):
        # an earlier meeting's place is mostly the speaker's "here" (the dateline's city): where
        # the words were said more than where the other meeting was; little for, and not firm
        score += 0.1
        why.append("same place (an earlier meeting's)")
    elif fit == "same":
        score += 0.3
        why.append("same place")
        firm = True
    elif fit == "within":
        score += 0.1
        why.append("a place and the country it is in")
    elif fit == "region":
        why.append("a city and a region of its country")  # it may lie in it: neither for nor against
    elif fit == "near":
        score -= 0.5
        why.append("two cities of one country")
    elif fit == "apart":
        score -= 0.8
        why.append("different places")
    if a.status != b.status and "held" in (a.status, b.status) and "proposed" in (a.status, b.status):
        score -= 0.6
        why.append("a proposal and a meeting held")
    elif {a.status, b.status} == {"proposed", "planned"}:
        score -= 0.1
        why.append("proposed and planned (neither held yet)")
    if a.mode and b.mode and a.mode != b.mode:
        score -= 0.3
        why.append(f"{a.mode} and {b.mode}")
    if a.kind and b.kind:
        if a.kind == b.kind:
            score += 0.05
        else:
            score -= 0.3
            why.append(f"{a.kind} and {b.kind}")
    if a.article == b.article:
        if a.participants == b.participants and t >= 0 and a.earlier == b.earlier:
            # the same people at times that agree: an article telling its meeting twice as likely
            score += SAME_ARTICLE_TWICE
        else:
            score += SAME_ARTICLE
        why.append("two reports of one article")
    return round(score, 6), why, firm


def link_score(a: ReportUnit, b: ReportUnit) -> tuple[float, list[str]] | None:
    """How strongly two reports tell one meeting, with the reasons; None when they are no
    candidates at all (nobody in common, or times that cannot meet)."""
    if not candidates(a, b):
        return None
    score, why, _firm = pair_evidence(a, b)
    return score, why


def cannot_link(a: ReportUnit, b: ReportUnit) -> bool:
    """Whether two reports, alone, are not one meeting (their pair scores below ``JOIN``)."""
    s = link_score(a, b)
    return s is None or s[0] < JOIN


def cluster_reports(reports: list[ReportUnit], must: list[tuple[int, int]] = (),
                    never: list[tuple[int, int]] = ()) -> tuple[list[list[ReportUnit]], dict[int, str]]:
    """Group reports into events; return the groups and, per report id, why it joined its group.

    Candidate pairs share a participant and can overlap in time (``candidates``); each gets a
    score from all its evidence (``pair_evidence``). The user's ``must`` pairs (report ids) are
    joined first; ``never`` pairs are kept apart whatever else says. Then groups are joined
    best first while the average score of the pairs across them is ``JOIN`` or more (pairs
    that are no candidates count ``NO_LINK``). A report that has no time at all (no date, an
    undated article) or that names one person joins after: the group it fits on average
    best, when it fits it by ``CLEAR_FIT`` (``CLEAR_FIT_LONE``) more than any other; else it
    stays alone and says how many it fits. One-person reports that fit no group may still
    form one of their own.

    A report's reason starts with ``WEAK`` when its join rests on its participants alone (no
    date or place in common with a report of its group), or when it fits several events.
    """
    reports = sorted(reports, key=lambda r: r.key)
    n = len(reports)
    index = {r.id: i for i, r in enumerate(reports)}
    by_person: dict[int, list[int]] = {}
    for i, r in enumerate(reports):
        for p in r.participants:
            by_person.setdefault(p, []).append(i)
    pairs: dict[tuple[int, int], tuple[float, list[str], bool]] = {}
    seen: set[tuple[int, int]] = set()
    spans = [r.windows() for r in reports]
    for members in by_person.values():
        # a sweep in time order over each window of each report: a report meets those whose
        # windows can overlap its own
        timed = sorted(((w, m) for m in members for w in spans[m]), key=lambda x: (x[0][0], x[1]))
        loose_ones = [m for m in members if not spans[m]]
        cands = [(a, b) for a in loose_ones for b in members if a != b]
        for x, (wi, i) in enumerate(timed):
            for wj, j in timed[x + 1:]:
                if wj[0] > wi[1] + _SLACK:
                    break
                if i != j:
                    cands.append((i, j))
        for i, j in cands:
            key = (min(i, j), max(i, j))
            if key not in seen:
                seen.add(key)
                pairs[key] = pair_evidence(reports[key[0]], reports[key[1]])
    for a, b in never:
        if a in index and b in index:
            i, j = sorted((index[a], index[b]))
            pairs[(i, j)] = (-1e6, ["kept apart by the user"], False)
    links: dict[int, dict[int, list[float]]] = {i: {} for i in range(n)}  # group -> group -> [sum, count]
    for (i, j), (score, _w, _f) in pairs.items():
        links[i][j] = [score, 1]
        links[j][i] = [score, 1]
    members = {i: [i] for i in range(n)}
    owner = list(range(n))
    forced: set[int] = set()

    def merge(ga: int, gb: int) -> int:
        keep, drop = min(ga, gb), max(ga, gb)
        for x in members[drop]:
            owner[x] = keep
        members[keep] += members.pop(drop)
        la, lb = links[keep], links.pop(drop)
        la.pop(drop, None)
        for g, (s, c) in lb.items():
            if g == keep:
                continue
            cur = la.setdefault(g, [0.0, 0])
            cur[0] += s
            cur[1] += c
            back = links[g]
            back.pop(drop, None)
            back[keep] = cur  # one shared list both ways
        return keep

    def average(ga: int, gb: int) -> float:
        s, c = links[ga].get(gb, (0.0, 0))
        total = len(members[ga]) * len(members[gb])
        return (s + NO_LINK * (total - c)) / total

    for a, b in must:
        if a in index and b in index and owner[index[a]] != owner[index[b]]:
            forced |= {index[a], index[b]}
            merge(owner[index[a]], owner[index[b]])
    loose = {i for i in range(n) if not spans[i]}
    # reports that name one person: they fit every meeting of that person, so they join after
    # the groups of reports that name more are made, each the group it fits clearly best
    lone = {i for i in range(n) if len(reports[i].participants) == 1 and i not in loose}

    def agglomerate(allowed) -> None:
        heap = [(-average(g, h), g, h) for g in members for h in links[g] if g < h and allowed(g) and allowed(h)]
        heapq.heapify(heap)
        while heap:
            neg, ga, gb = heapq.heappop(heap)
            if -neg < JOIN - 1e-9:
                break
            if ga not in members or gb not in members:
                continue
            if abs(average(ga, gb) + neg) > 1e-9:
                continue  # a stale entry: one of the two grew since
            g = merge(ga, gb)
            for h in links[g]:
                if allowed(h):
                    heapq.heappush(heap, (-average(g, h), min(g, h), max(g, h)))

    def timed(g: int) -> bool:  # a group with a report that has a time
        return any(x not in loose for x in members[g])

    def firm(g: int) -> bool:  # a group with a report that has a time and names two or more
        return any(x not in loose and x not in lone for x in members[g])

    def firm_pair(x: int, g: int) -> bool:  # a date or place in common with a report of group g
        return any(pairs.get((min(x, y), max(x, y)), (0, 0, False))[2] for y in members[g])

    agglomerate(firm)
    ambiguous: dict[int, int] = {}
    for weak, margin in ((lone, CLEAR_FIT_LONE), (loose, CLEAR_FIT)):
        # the group each fits clearly best, chosen against the groups as they stand (so the
        # choices do not depend on one another)
        choices: list[tuple[int, int]] = []
        for x in sorted(weak):
            if owner[x] != x or len(members[x]) > 1:
                continue  # joined by the user
            fits = sorted(((average(x, g), g) for g in links[x] if firm(g) or (weak is loose and timed(g))),
                          key=lambda f: (-f[0], f[1]))
            fits = [f for f in fits if f[0] >= JOIN - 1e-9 and (weak is loose or firm_pair(x, f[1]))]
            if len(fits) == 1 or (fits and fits[0][0] - fits[1][0] >= margin - 1e-9):
                choices.append((x, fits[0][1]))
            elif fits:
                ambiguous[x] = len(fits)
        for x, g in choices:
            merge(owner[x], owner[g])
        if weak is lone:
            # one-person reports that joined no group: among themselves, as the others did
            agglomerate(lambda g: all(x in lone and x not in ambiguous for x in members[g]))
    why = _reasons(reports, members, pairs, forced, loose, ambiguous)
    groups = [sorted((reports[x] for x in xs), key=lambda r: r.key) for _k, xs in sorted(members.items())]
    return groups, why


def _reasons(reports, members, pairs, forced, loose, ambiguous) -> dict[int, str]:
    """Why each report is in its group: its best pair in the group, and ``WEAK`` first when that
    pair agrees on no time or place."""
    why: dict[int, str] = {}
    for xs in members.values():
        if len(xs) == 1:
            x = xs[0]
            if x in ambiguous:
                why[reports[x].id] = (f"{WEAK}: fits {ambiguous[x]} events about equally, with no date "
                                      "to tell which; joined none")
            else:
                why[reports[x].id] = "the only report of this meeting"
            continue
        for x in xs:
            if x in forced:
                why[reports[x].id] = "joined by the user"
                continue
            best = None
            for y in xs:
                if y != x:
                    p = pairs.get((min(x, y), max(x, y)))
                    if p is not None and (best is None or (p[2], p[0]) > (best[2], best[0])):
                        best = p
            if best is None:
                why[reports[x].id] = f"{WEAK}: with the group as a whole, no one report in common"
                continue
            score, reasons, firm = best
            text = ", ".join(r for r in reasons if not r.startswith(("different", "two reports")) or score < 0)
            if x in loose:
                text += "; no date: the meeting it fits best"
            if not firm:
                text = f"{WEAK}: {text}; no date or place in common"
            why[reports[x].id] = text
    return why
