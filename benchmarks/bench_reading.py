"""Time every reading pattern on adversarial and random lines, and the reader on a hostile file.

    python benchmarks/bench_reading.py [--top 10] [--random 12] [--seed 20]

The reader runs dozens of regular expressions over every line of untrusted text. Each
pattern of ``extract.read``, ``extract.dates`` and ``extract.gazetteer`` (and the gazetteer's
compiled credit and boilerplate patterns) is called with ``search``, ``fullmatch`` and
``match`` on lines built to make a backtracking engine work hard (long runs of the
characters the patterns look for, unclosed brackets, repeated separators) and on seeded
random lines over those characters. The script prints the slowest calls, the total, and
the time ``read_text`` takes for one file of all the adversarial lines followed by a long
word. A linear pattern takes well under a millisecond on a 10,000-character line; tens of
milliseconds point to super-linear backtracking.

``tests/test_reading_credits.py`` uses the same lines with a hang guard of seconds.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections.abc import Callable, Iterator

ADVERSARIAL = [
    "SEOUL (" + "A-" * 5000,
    "SEOUL, " + "A " * 4000 + "(",
    "x" * 10_000,
    "a@" + "b." * 4000,
    "(" * 10_000,
    "By " + "Aa " * 3000,
    "Source: " + "Ab-" * 3000,
    "1" * 10_000,
    "2021-" * 2000,
    "Updated: " + "12:30 " * 1500,
    "Home | " * 1400,
    "Jan " * 2500,
    "© " + "Kyodo " * 1600,
    "Share: " + "Facebook | " * 900,
    " ".join(["Ministry of Foreign"] * 500),
]

# the characters the patterns care about: capitals, separators, brackets, digits, CJK date marks
RANDOM_ALPHABET = "Aa Zz-(/)|.,:@©•1290年월 \t'’&"

STORY = (
    "The foreign ministers of the two countries met for talks on Tuesday and agreed to expand "
    "cooperation in trade, energy and maritime security, officials said after the meeting."
)


def random_lines(count: int = 12, seed: int = 20) -> list[str]:
    """``count`` lines of 1 to 10,000 characters over ``RANDOM_ALPHABET`` (seeded, so a case repeats)."""
    rnd = random.Random(seed)
    return ["".join(rnd.choice(RANDOM_ALPHABET) for _ in range(rnd.randint(1, 10_000))) for _ in range(count)]


def reading_patterns() -> list[re.Pattern]:
    """Every compiled pattern the reader applies to a line of an article."""
    from diplotui.extract import dates, gazetteer, read

    found = [v for mod in (read, dates, gazetteer) for v in vars(mod).values() if isinstance(v, re.Pattern)]
    found += list(dates.DATE_PATTERNS) + list(dates.PARTIAL_PATTERNS)
    c = gazetteer.credit_patterns()
    found += [r.pattern for r in (*c.lines, *c.anywhere)] + [c.photo, c.agency_word, c.news_word_end, c.government]
    found += list(gazetteer.boilerplate())
    return found


def timed_calls(lines: list[str], patterns: list[re.Pattern]) -> Iterator[tuple[float, re.Pattern, str, str]]:
    """(seconds, pattern, call name, line) for each pattern's search, fullmatch and match on each line."""
    for line in lines:
        for pattern in patterns:
            calls: tuple[Callable, ...] = (pattern.search, pattern.fullmatch, pattern.match)
            for call in calls:
                started = time.perf_counter()
                call(line)
                yield time.perf_counter() - started, pattern, call.__name__, line


def time_hostile_file() -> float:
    """Seconds ``read_text`` takes for one file of every adversarial line, a story and an 80,000-letter word."""
    from diplotui.extract.read import read_text

    started = time.perf_counter()
    read_text("\n".join(ADVERSARIAL) + "\n" + STORY + " " + "w" * 80_000)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--top", type=int, default=10, help="how many of the slowest calls to print")
    ap.add_argument("--random", type=int, default=12, help="how many random lines")
    ap.add_argument("--seed", type=int, default=20)
    args = ap.parse_args(argv)

    patterns = reading_patterns()
    for name, lines in (("adversarial", ADVERSARIAL), ("random", random_lines(args.random, args.seed))):
        started = time.perf_counter()
        times = sorted(timed_calls(lines, patterns), key=lambda t: t[0], reverse=True)
        total = time.perf_counter() - started
        print(f"{name} lines: {len(lines)} lines x {len(patterns)} patterns x 3 calls = {len(times):,} calls, "
              f"{total:.2f} s in all, slowest {times[0][0] * 1000:.2f} ms")
        for seconds, pattern, call, line in times[: args.top]:
            print(f"  {seconds * 1000:8.2f} ms  {call:9}  {pattern.pattern[:60]!r}  on {line[:24]!r}…")
    print(f"read_text on a file of the adversarial lines: {time_hostile_file() * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
