"""Build a large, realistic diplotui database directly through the store writers (no NLP).

    python benchmarks/make_scale_db.py --articles 100000 --out /tmp/scale100k.db [--seed 1]

Every name is invented from syllables; outlets are invented; countries and cities are real
places. The shape follows a wire-service corpus: about 20 officials per 1,000 articles with a
few very prominent ones (Zipf-like), each active for part of the 15 years; 3 mentions per
article (more when a meeting has more participants); 40 outlets of unequal size; events
reported by 1-8 outlets within a few days, each report naming its participants (an outlet
sometimes leaves one out). Articles are written in batches, one transaction each, so memory
stays bounded; denormalised counts are set as ingest would set them.
"""

from __future__ import annotations

import argparse
import bisect
import datetime as dt
import hashlib
import itertools
import json
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from diplotui.store.db import open_db, write_transaction
from diplotui.store.write import ArticleRow, Writer

START = dt.date(2010, 1, 1)
DAYS = 15 * 365 + 3  # 2010-01-01 .. 2024-12-31
QUARTER = 91

# ---------------------------------------------------------------- invented vocabulary

ONSETS = ["b", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z",
          "br", "dr", "kr", "st", "tr", "sh", "th", "kh", "zh", "ch", "vl", "gr"]
VOWELS = ["a", "e", "i", "o", "u", "ai", "ei", "ou", "ia", "ya", "yo"]
CODAS = ["", "", "", "n", "r", "l", "s", "k", "m", "th", "nd", "rt", "v"]
SURNAME_ENDINGS = ["", "", "ov", "ek", "ani", "sen", "ez", "oro", "ado", "ski", "ura", "eth",
                   "ling", "mir", "ova", "aris", "ian", "ong", "ucci", "ard"]
COUNTRIES = ["China", "United States", "South Korea", "North Korea", "Japan", "Russia", "India",
             "France", "Germany", "United Kingdom", "Brazil", "Mexico", "Turkey", "Iran",
             "Saudi Arabia", "Egypt", "Nigeria", "South Africa", "Indonesia", "Vietnam",
             "Philippines", "Australia", "Canada", "Italy", "Spain", "Poland", "Ukraine",
             "Pakistan", "Kazakhstan", "Mongolia", "Singapore", "Malaysia", "Thailand",
             "Argentina", "Chile", "Kenya", "Ethiopia", "Qatar", "Norway", "Sweden"]
CITIES = ["Beijing", "Washington", "Seoul", "Tokyo", "Moscow", "New Delhi", "Paris", "Berlin",
          "London", "Brasilia", "Geneva", "Vienna", "Singapore", "Jakarta", "Hanoi", "Manila",
          "Canberra", "Ottawa", "Rome", "Madrid", "Warsaw", "Ankara", "Tehran", "Riyadh", "Cairo",
          "Abuja", "Pretoria", "Astana", "Ulaanbaatar", "Kuala Lumpur", "Bangkok", "Doha",
          "Oslo", "Stockholm", "Nairobi", "Addis Ababa", "Buenos Aires", "Santiago", "Xiamen",
          "Vladivostok", "Davos", "Bali", "New York", "Brussels", "Helsinki"]
TITLES = ["Foreign Minister", "Prime Minister", "President", "Deputy Foreign Minister",
          "Vice Foreign Minister", "Defense Minister", "National Security Adviser",
          "Special Envoy", "Ambassador", "Trade Minister", "Finance Minister",
          "Chief Negotiator", "State Councilor", "Secretary of State", "Vice President"]
TOPICS = ["trade", "security", "climate", "sanctions", "nuclear talks", "maritime disputes",
          "energy supplies", "tariffs", "investment", "vaccines", "border tensions", "fisheries",
          "the peninsula", "supply chains", "food security", "refugees", "arms control",
          "cyber security", "humanitarian aid", "debt relief", "student exchanges", "tourism",
          "semiconductors", "infrastructure loans", "the grain corridor", "shipping lanes"]
OUTLET_WORDS = (["Global", "Pacific", "Northern", "Capital", "Continental", "Eastern", "Harbor",
                 "Meridian", "Coastal", "Summit", "Atlas", "Horizon", "Central", "Evening"],
                ["Wire", "Herald", "Times", "Post", "News Agency", "Tribune", "Daily", "Observer",
                 "Dispatch", "Ledger", "Broadcast", "Monitor"])
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]

FILLER = [
    "Analysts said the talks would test whether both sides were willing to compromise on {topic}.",
    "The two governments have been at odds over {topic} for several years.",
    "Officials in {city} declined to give details of the agenda ahead of the visit.",
    "The ministry said in a statement that cooperation on {topic} remained a priority.",
    "Diplomats familiar with the preparations said a joint statement on {topic} was being drafted.",
    "Trade between the two countries grew by {pct} percent last year, according to customs data.",
    "Critics at home argued that the government had conceded too much on {topic}.",
    "The visit comes weeks after a separate round of working-level talks in {city}.",
    "Neither side commented on reports that a summit could follow later in the year.",
    "Observers noted that the language of the statement on {topic} was softer than in {year}.",
    "A spokesperson told reporters in {city} that further consultations were planned.",
    "The opposition called for a parliamentary debate on {topic} before any agreement is signed.",
    "Business groups welcomed the talks and urged progress on {topic} and {topic2}.",
    "Markets in {city} reacted calmly to the news, with the main index up {pct} percent.",
    "Both sides agreed to set up a working group on {topic} that will report within {n} months.",
    "Previous attempts to settle differences over {topic} collapsed in {year}.",
    "The meeting was held behind closed doors and lasted about {n} hours, officials said.",
    "Security was tight around the venue, where protesters gathered to demand action on {topic}.",
    "Experts cautioned that any deal on {topic} would take years to implement.",
    "The foreign ministry in {city} said it hoped the dialogue would build mutual trust.",
]
MENTION = [
    "{title} {name} of {country} said the talks on {topic} had been constructive.",
    "{name}, {country}'s {title_lc}, told reporters that progress on {topic} was possible.",
    "Speaking in {city}, {title} {name} called for calm and restraint over {topic}.",
    "{country}'s {title_lc} {name} is expected to raise {topic} during the visit.",
    "{title} {name} of {country} urged closer cooperation on {topic}.",
]
MEETING = [
    "{a} met {b} in {place} on {weekday} to discuss {topic}, the ministry said.",
    "{a} and {b} held talks in {place} on {weekday}, focusing on {topic}.",
    "{a} is due to meet {b} in {place} on {weekday} for talks on {topic}.",
    "{a} held a phone call with {b} on {weekday} about {topic}.",
    "{a} proposed a meeting with {b} in {place} to address {topic}.",
]
TRIGGERS = ["met", "held talks", "meet", "phone call", "meeting"]
MEETING_STATUS = ["held", "held", "planned", "held", "proposed"]
MEETING_MODE = ["in person", "in person", "in person", "phone", "in person"]
HEADLINES = [
    "{country} and {country2} discuss {topic}",
    "{short} meets {short2} amid tensions over {topic}",
    "{country} calls for talks on {topic}",
    "Talks on {topic} resume in {city}",
    "{short} to visit {city} for talks on {topic}",
    "{country}'s {title_lc} warns over {topic}",
]


def syllable_word(rnd: random.Random, parts: int) -> str:
    return "".join(rnd.choice(ONSETS) + rnd.choice(VOWELS) + rnd.choice(CODAS) for _ in range(parts))


def invented_name(rnd: random.Random) -> str:
    given = syllable_word(rnd, rnd.choice((1, 2, 2)))
    if rnd.random() < 0.25:  # hyphenated given names, as in romanised Korean
        given += "-" + syllable_word(rnd, 1)
    surname = syllable_word(rnd, rnd.choice((1, 2))) + rnd.choice(SURNAME_ENDINGS)
    return f"{given.capitalize()} {surname.capitalize()}"


def key(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalpha() or ch == " ").strip()


def misspelt(rnd: random.Random, name: str) -> str:
    """A plausible variant spelling: one vowel changed or one letter doubled."""
    i = rnd.randrange(1, len(name))
    if name[i] in "aeiou":
        return name[:i] + rnd.choice([v for v in "aeiou" if v != name[i]]) + name[i + 1:]
    return name[:i] + name[i] + name[i:] if name[i].isalpha() else name


@dataclass
class Official:
    id: int
    name: str
    surname: str
    country: str
    start: int  # first and last active day (days since START)
    end: int
    titles: list[tuple[int, str]]  # (from day, title), in order
    aliases: list[str] = field(default_factory=list)

    def title_on(self, day: int) -> str:
        title = self.titles[0][1]
        for since, t in self.titles:
            if day >= since:
                title = t
        return title


class Population:
    """Officials, each active for part of the period, picked by prominence among those active."""

    def __init__(self, rnd: random.Random, writer: Writer, n: int):
        self.officials: list[Official] = []
        seen: set[str] = set()
        country_weights = [1 / (i + 1) ** 0.6 for i in range(len(COUNTRIES))]
        while len(self.officials) < n:
            name = invented_name(rnd)
            if name in seen:
                continue
            seen.add(name)
            country = rnd.choices(COUNTRIES, country_weights)[0]
            length = rnd.randint(2 * 365, DAYS)
            start = rnd.randint(-length // 2, DAYS - length // 2)
            start, end = max(start, 0), min(start + length, DAYS - 1)
            titles = [(start, rnd.choice(TITLES))]
            for _ in range(rnd.choice((0, 0, 1, 2))):
                titles.append((rnd.randint(titles[-1][0], end), rnd.choice(TITLES)))
            surname = name.split()[-1]
            oid = writer.add_official(name, key(name), key(surname), country, titles[-1][1])
            official = Official(oid, name, surname, country, start, end, titles)
            official.aliases = [name, surname, f"{name[0]}. {surname}"]
            if rnd.random() < 0.3:
                official.aliases.append(misspelt(rnd, name))
            self.officials.append(official)
        # Prominence follows Zipf's law over a random order; a table per quarter of who is active.
        order = list(range(n))
        rnd.shuffle(order)
        weight = [0.0] * n
        for rank, i in enumerate(order):
            weight[i] = 1 / (rank + 1) ** 0.9
        self.by_quarter: list[tuple[list[Official], list[float]]] = []
        for q in range(DAYS // QUARTER + 1):
            lo, hi = q * QUARTER, (q + 1) * QUARTER
            active = [i for i, o in enumerate(self.officials) if o.start < hi and o.end >= lo] or order
            self.by_quarter.append(
                ([self.officials[i] for i in active], list(itertools.accumulate(weight[i] for i in active)))
            )

    def pick(self, rnd: random.Random, day: int, k: int, exclude: set[int] = frozenset()) -> list[Official]:
        people, cum = self.by_quarter[day // QUARTER]
        chosen: list[Official] = []
        for _ in range(50 * k):
            o = people[bisect.bisect_left(cum, rnd.random() * cum[-1])]
            if o.id not in exclude and o not in chosen:
                chosen.append(o)
                if len(chosen) == k:
                    break
        return chosen


@dataclass
class Meeting:
    event_id: int
    day: int
    place: str
    topic: str
    status: str
    mode: str
    kind: str
    template: int
    participants: list[Official]


@dataclass
class Draft:
    """One article before it is written: its date, outlet and the meeting it reports (if any)."""

    day: int
    outlet: str
    meeting: Meeting | None = None
    precision: str = "day"


def date_of(day: int) -> dt.date:
    return START + dt.timedelta(days=day)


class Generator:
    def __init__(self, db, rnd: random.Random, n_articles: int, n_outlets: int):
        self.db = db
        self.rnd = rnd
        self.writer = Writer(db)
        words = [f"{a} {b}" for a in OUTLET_WORDS[0] for b in OUTLET_WORDS[1]]
        rnd.shuffle(words)
        self.outlets = words[:n_outlets]
        self.outlet_weights = [1 / (i + 1) ** 0.8 for i in range(n_outlets)]
        with write_transaction(db):
            self.population = Population(rnd, self.writer, max(10, n_articles * 20 // 1000))
        self.n_docs = 0
        # Filler sentences are filled once and recombined: generating text is then cheap.
        self.pool = [self.fill(rnd.choice(FILLER)) for _ in range(20_000)]
        self.pool_words = [len(s.split()) for s in self.pool]

    # ------------------------------------------------------------ planning a batch

    def plan(self, n: int) -> list[Draft]:
        """Drafts for ``n`` articles: ~40% report a meeting that 1-8 outlets cover."""
        rnd, drafts = self.rnd, []
        while len(drafts) < n:
            if rnd.random() < 0.16:
                size = rnd.choices(range(1, 9), [30, 20, 15, 10, 8, 7, 5, 5])[0]
                drafts += self.plan_meeting(min(n - len(drafts), size))
            else:
                drafts.append(Draft(rnd.randrange(DAYS), self.outlet()))
        rnd.shuffle(drafts)
        for d in drafts:  # a few dates the text gives only in part
            r = rnd.random()
            d.precision = "day" if r < 0.985 else "month" if r < 0.995 else "month-day"
        return drafts

    def outlet(self, exclude: set[str] = frozenset()) -> str:
        while True:
            o = self.rnd.choices(self.outlets, self.outlet_weights)[0]
            if o not in exclude:
                return o

    def plan_meeting(self, k: int) -> list[Draft]:
        rnd = self.rnd
        day = rnd.randrange(DAYS - 3)
        i = rnd.randrange(len(MEETING))
        size = 2 if rnd.random() < 0.75 else rnd.randint(3, 5)
        people = self.population.pick(rnd, day, size)
        if len(people) < 2:
            return []
        meeting = Meeting(self.writer.add_event(), day, rnd.choice(CITIES), rnd.choice(TOPICS),
                          MEETING_STATUS[i], MEETING_MODE[i], "bilateral" if size == 2 else "multilateral",
                          i, people)
        outlets: set[str] = set()
        drafts = []
        for _ in range(k):
            outlets.add(o := self.outlet(outlets))
            drafts.append(Draft(day + rnd.choice((0, 0, 1, 1, 2, 3)), o, meeting))
        return drafts

    # ------------------------------------------------------------ writing one article

    def fill(self, template: str, **slots) -> str:
        rnd = self.rnd
        return template.format(
            topic=rnd.choice(TOPICS), topic2=rnd.choice(TOPICS), city=rnd.choice(CITIES),
            pct=rnd.randint(2, 40), year=rnd.randint(1995, 2009), n=rnd.randint(2, 9), **slots,
        )

    def write(self, draft: Draft, doc_id: int, part: int, aliases: dict, titles: list) -> None:
        rnd, w = self.rnd, self.writer
        day = min(draft.day, DAYS - 1)
        date = date_of(day)
        meeting = draft.meeting
        people = list(meeting.participants) if meeting else []
        if rnd.random() < 0.15 and len(people) > 2:  # this outlet leaves one participant out
            people.pop(rnd.randrange(len(people)))
        people += self.population.pick(rnd, day, max(0, 3 - len(people)), {p.id for p in people})

        # Body: filler paragraphs with the sentences naming people spread through them; every
        # name in the text is a mention (the meeting sentence names its first two participants).
        target = rnd.randint(400, 700)
        named: list[tuple[str, list[tuple[Official, str]]]] = []  # (sentence, [(official, as written)])
        rest = people
        if meeting:
            a, b, rest = people[0], people[1], people[2:]
            named.append((MEETING[meeting.template].format(
                a=f"{a.title_on(day)} {a.name}", b=f"{b.title_on(day)} {b.name}", place=meeting.place,
                weekday=WEEKDAYS[date_of(meeting.day).weekday()], topic=meeting.topic,
            ), [(a, a.name), (b, b.name)]))
        for p in rest:
            alias = rnd.choice(p.aliases[:1] * 3 + p.aliases[3:] + p.aliases[2:3])
            t = p.title_on(day)
            named.append((self.fill(rnd.choice(MENTION), title=t, title_lc=t.lower(), name=alias,
                                    country=p.country), [(p, alias)]))
        words = sum(len(s.split()) for s, _ in named)
        filler: list[tuple[str, list]] = []
        for i in rnd.choices(range(len(self.pool)), k=60):
            if words >= target:
                break
            filler.append((self.pool[i], []))
            words += self.pool_words[i]
        third = len(filler) // 3
        body_sentences = named[:1] + filler[:third] + named[1:] + filler[third:]

        parts, mentions, pos = [], [], 0
        sort_key = date.isoformat()
        published, partial = sort_key, sort_key
        if draft.precision == "month":
            published, partial, sort_key = None, sort_key[:7], sort_key[:7]
        elif draft.precision == "month-day":
            published, partial, sort_key = None, "--" + sort_key[5:], ""
        for n, (s, names) in enumerate(body_sentences):
            sep = "\n\n" if n and n % 4 == 0 else (" " if n else "")
            pos += len(sep)
            after = 0
            for official, text in names:
                after = s.index(text, after)
                t = official.title_on(day)
                # the person's country and title in the article as a whole (person_country,
                # person_title) are the mention's own: each official is named once per article
                mentions.append((official.id, official.name, text, pos + after, pos + after + len(text),
                                 s, t, official.country, sort_key, official.country, t))
                after += len(text)
                aliases[(official.id, text)] = aliases.get((official.id, text), 0) + 1
                titles.append((official.id, t, published))
            parts.append(sep + s)
            pos += len(s)
        body = "".join(parts)
        p0 = people[0]
        p1 = people[1] if len(people) > 1 else p0
        headline = self.fill(rnd.choice(HEADLINES), country=p0.country, country2=p1.country,
                             short=p0.surname, short2=p1.surname, title_lc=p0.title_on(day).lower())
        row = ArticleRow(
            part=part, headline=headline, body=body,
            content_hash=hashlib.sha256(body.encode()).hexdigest(), outlet=draft.outlet,
            byline=f"By {invented_name(rnd)}", dateline=rnd.choice(CITIES) if rnd.random() < 0.5 else None,
            published=published, published_partial=partial, published_precision=draft.precision,
            sort_key=sort_key,
        )
        article_id = w.add_article(doc_id, row)
        w.add_mentions([(article_id, *m) for m in mentions])
        n_meetings = 0
        if meeting:
            w.add_report(
                article_id, meeting.event_id, [p.id for p in people if p in meeting.participants],
                date=date_of(meeting.day).isoformat(),
                date_precision="day", date_partial=date_of(meeting.day).isoformat(),
                date_text=f"on {WEEKDAYS[date_of(meeting.day).weekday()]}", place=meeting.place,
                status=meeting.status, kind=meeting.kind, mode=meeting.mode, level="ministerial",
                trigger=TRIGGERS[meeting.template], sentences=json.dumps([named[0][0]]),
                named=json.dumps([p.name for p in people[:2]]),
                countries=json.dumps(sorted({p.country for p in meeting.participants})),
            )
            n_meetings = 1
        w.set_article_counts(article_id, len({m[0] for m in mentions}), n_meetings)

    # ------------------------------------------------------------ a batch, one transaction

    def batch(self, n: int) -> int:
        rnd, w = self.rnd, self.writer
        aliases: dict[tuple[int, str], int] = {}
        titles: list[tuple[int, str, str | None]] = []
        with write_transaction(self.db):
            drafts = self.plan(n)
            i = 0
            while i < len(drafts):
                size = rnd.choice((1, 1, 1, 2, 3))
                self.n_docs += 1
                year = date_of(min(drafts[i].day, DAYS - 1)).year
                name = f"{self.n_docs:08d}.txt"
                doc_id = w.save_document(f"/corpus/wire/{year}/{name}", name, 3000 * size,
                                         hashlib.sha256(name.encode()).hexdigest(), encoding="utf-8")
                for part, draft in enumerate(drafts[i:i + size], start=1):
                    self.write(draft, doc_id, part, aliases, titles)
                i += size
            for (oid, alias), count in aliases.items():
                w.add_alias(oid, alias, key(alias), count)
            for oid, title, seen in titles:
                w.add_title(oid, title, seen)
            self.finish_events({d.meeting.event_id: d.meeting for d in drafts if d.meeting})
        return len(drafts)

    def finish_events(self, meetings: dict[int, Meeting]) -> None:
        """Set each event's date, place, participants and report/outlet counts from its reports."""
        for eid, m in meetings.items():
            n_reports, n_outlets = self.writer.conn.execute(
                """SELECT count(*), count(DISTINCT a.outlet_id) FROM reports r
                   JOIN articles a ON a.id = r.article_id WHERE r.event_id = ?""",
                (eid,),
            ).fetchone()
            date = date_of(m.day).isoformat()
            names = " – ".join(p.name for p in m.participants[:3])
            self.writer.update_event(
                eid, [p.id for p in m.participants], date=date, date_precision="day",
                date_partial=date, sort_key=date, place=m.place, status=m.status, kind=m.kind,
                mode=m.mode, level="ministerial", label=f"{names}, {m.place}",
                n_reports=n_reports, n_outlets=n_outlets,
            )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=100_000)
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--batch", type=int, default=5_000, help="articles per transaction")
    ap.add_argument("--outlets", type=int, default=40)
    ap.add_argument("--force", action="store_true", help="replace an existing database")
    args = ap.parse_args(argv)
    if args.out.exists():
        if not args.force:
            print(f"{args.out} exists; use --force to replace it", file=sys.stderr)
            return 2
        for suffix in ("", "-wal", "-shm"):
            Path(f"{args.out}{suffix}").unlink(missing_ok=True)

    t0 = time.perf_counter()
    db = open_db(args.out)
    db.conn.execute("PRAGMA cache_size = -200000")  # 200 MB page cache while building
    gen = Generator(db, random.Random(args.seed), args.articles, args.outlets)
    done = 0
    while done < args.articles:
        done += gen.batch(min(args.batch, args.articles - done))
        elapsed = time.perf_counter() - t0
        print(f"{done:>9,} articles  {elapsed:7.1f} s  {done / elapsed:7.0f} articles/s", flush=True)
    t1 = time.perf_counter()
    with write_transaction(db):
        gen.writer.refresh_official_counts([o.id for o in gen.population.officials])
    t2 = time.perf_counter()
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    total = time.perf_counter() - t0
    size = args.out.stat().st_size
    print(f"articles: {done:,} in {t1 - t0:.1f} s ({done / (t1 - t0):.0f} articles/s); "
          f"official counts {t2 - t1:.1f} s; total {total:.1f} s; "
          f"{len(gen.population.officials):,} officials; database {size / 1e6:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
