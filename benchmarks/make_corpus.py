"""Generate a corpus of article files for the ingest benchmark and the robustness tests.

Articles are recombined from the bundled seed articles' sentences and from meeting
sentences with invented officials (names made of syllables, never real people),
countries and capitals from the gazetteer, outlets from ``outlets.json`` and dates over
fifteen years, in the shapes real files take (headline, outlet line, date line,
"CITY (Outlet) --" dateline, byline). The same seed gives the same corpus.

    python benchmarks/make_corpus.py OUT_DIR [--articles 2000] [--seed 1] [--words 450]
        [--names-from BASE]

With ``--names-from``, the officials are the most mentioned of an existing base (e.g. the
scale database), so that adding the corpus to it touches that base's busiest records.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import sys
from pathlib import Path

from diplotui.extract.gazetteer import load_data
from diplotui.extract.read import read_text

SYLLABLES = ("ka", "lo", "mi", "ren", "tas", "vo", "del", "shi", "nar", "pe", "quin", "sol",
             "tor", "ul", "bri", "an", "ke", "mon", "dra", "yas", "fen", "gor", "hal", "ji")
TITLES = ("Foreign Minister", "Vice Foreign Minister", "Deputy Secretary of State", "Prime Minister",
          "President", "National Security Adviser", "Defense Minister", "Special Representative")
MEETING = (
    "{t1} {a} met {adj2} {t2} {b} in {city} on {day} to discuss {topic}.",
    "{a}, {country1}'s {t1l}, held talks with {adj2} counterpart {b} in {city} {day}.",
    "{adj1} {t1} {a} and {adj2} {t2} {b} are set to meet in {city} next week, officials said.",
    "{a} and {b} agreed to {goal} during a phone call on {day}, the ministry said.",
    "The two sides discussed {topic} and agreed to {goal}, {a} told reporters after the meeting.",
    '"We had a candid and productive discussion," {a} said after the talks with {b}.',
    "{adj1} {t1} {a} will visit {city} to hold consultations with {b} later this month.",
)
TOPICS = ("regional security", "trade and supply chains", "the nuclear issue", "climate cooperation",
          "humanitarian aid", "maritime disputes", "energy security", "visa arrangements")
GOALS = ("step up cooperation", "hold regular consultations", "resume dialogue", "strengthen coordination",
         "expand exchanges", "work toward a summit")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def invented_name(rnd: random.Random) -> str:
    def word(parts: int) -> str:
        return "".join(rnd.choice(SYLLABLES) for _ in range(parts)).capitalize()

    return f"{word(rnd.randint(1, 2))} {word(rnd.randint(2, 3))}"


def seed_sentences() -> list[str]:
    """Body sentences of the bundled seed articles (read with the package's own reader)."""
    from diplotui.tui.cli import seed_files

    sentences: list[str] = []
    for path in seed_files():
        for article in read_text(Path(path).read_text(encoding="utf-8")):
            for para in article.body.split("\n\n"):
                sentences += [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"])", para) if len(s.split()) >= 6]
    return sentences


def names_from(base: Path, n: int) -> list[str]:
    """The ``n`` most mentioned officials' names of a base (read-only)."""
    import sqlite3

    conn = sqlite3.connect(f"file:{base}?mode=ro", uri=True)
    try:
        return [r[0] for r in conn.execute("SELECT name FROM officials ORDER BY n_mentions DESC LIMIT ?", (n,))]
    finally:
        conn.close()


class Corpus:
    def __init__(self, seed: int, n_officials: int, names: list[str] | None = None):
        self.rnd = random.Random(seed)
        countries = load_data("countries.json")["countries"]
        self.countries = [(name, c["names"][0], c["capitals"][0]) for name, c in countries.items()
                          if c.get("capitals") and c["names"][0].endswith(("n", "e", "i", "h", "k"))]
        self.outlets = [o["name"] for o in load_data("outlets.json")["outlets"]]
        if names is None:  # drawn in this order so that a seed gives the same corpus as it always has
            self.officials = [(invented_name(self.rnd), self.rnd.choice(TITLES), self.rnd.choice(self.countries))
                              for _ in range(n_officials)]
        else:
            self.officials = [(name, self.rnd.choice(TITLES), self.rnd.choice(self.countries)) for name in names]
        self.sentences = seed_sentences()

    def meeting_sentence(self) -> str:
        rnd = self.rnd
        (a, t1, c1), (b, t2, c2) = rnd.sample(self.officials, 2)
        return rnd.choice(MEETING).format(
            a=a, b=b, t1=t1, t2=t2, t1l=t1.lower(), adj1=c1[1], adj2=c2[1], country1=c1[0],
            city=rnd.choice((c1[2], c2[2])), day=rnd.choice(WEEKDAYS), topic=rnd.choice(TOPICS),
            goal=rnd.choice(GOALS),
        )

    def article(self, words: int) -> str:
        rnd = self.rnd
        outlet = rnd.choice(self.outlets)
        date = dt.date(2010, 1, 1) + dt.timedelta(days=rnd.randrange(15 * 365))
        (a, _t, c), _ = rnd.sample(self.officials, 2)
        headline = f"{c[1]} diplomat {a.split()[-1]} to discuss {rnd.choice(TOPICS)} in {c[2]}"
        body: list[str] = []
        count = 0
        while count < words:
            sentence = self.meeting_sentence() if rnd.random() < 0.35 else rnd.choice(self.sentences)
            body.append(sentence)
            count += len(sentence.split())
        paras = [" ".join(body[i:i + 3]) for i in range(0, len(body), 3)]
        paras[0] = f"{c[2].upper()}, {date:%b}. {date.day} ({outlet}) -- {paras[0]}"
        shape = rnd.randrange(3)
        head = [headline]
        if shape == 0:
            head += [outlet, f"{date:%B} {date.day}, {date.year}"]
        elif shape == 1:
            head += [f"By {invented_name(rnd)}", f"Published: {date:%Y-%m-%d} {rnd.randrange(24):02d}:00"]
        else:
            head += [f"{date:%Y-%m-%d} {rnd.randrange(24):02d}:{rnd.randrange(60):02d}"]
        return "\n".join(head) + "\n\n" + "\n\n".join(paras) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--words", type=int, default=450, help="mean words per article")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--per-file", type=int, default=1, help="articles per file")
    ap.add_argument("--names-from", type=Path, help="take the officials from this base's most mentioned")
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    n_officials = max(20, args.articles * 20 // 1000)
    names = names_from(args.names_from, n_officials) if args.names_from else None
    corpus = Corpus(args.seed, n_officials, names)
    total_words = 0
    for n in range(0, args.articles, args.per_file):
        texts = [corpus.article(int(corpus.rnd.gauss(args.words, args.words / 4)) or args.words)
                 for _ in range(min(args.per_file, args.articles - n))]
        total_words += sum(len(t.split()) for t in texts)
        (args.out / f"{n // args.per_file:06d}.txt").write_text("\n\n".join(texts), encoding="utf-8")
    print(f"{args.articles} articles, {total_words} words in {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
