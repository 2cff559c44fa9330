"""Extraction cost against a bare ``nlp.pipe`` of the same model and components, in one run.

    python benchmarks/bench_extract.py [--copies 40] [--processes 1]

The corpus is the seed articles repeated ``--copies`` times (small, but real text).
Prints words/s for both and their ratio (extraction time / bare time).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from diplotui.extract import nlp as nlp_mod
from diplotui.extract.read import read_bytes

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--copies", type=int, default=40)
    ap.add_argument("--processes", type=int, default=1)
    args = ap.parse_args()
    articles = [a for f in sorted(SEEDS.glob("*.txt")) for a in read_bytes(f.read_bytes())[0]] * args.copies
    words = sum(len(a.body.split()) for a in articles)
    bare = nlp_mod.load(with_extraction=False)
    full = nlp_mod.load()
    list(bare.pipe([a.body for a in articles[:8]]))  # warm up
    list(full.pipe([a.body for a in articles[:8]]))
    t0 = time.perf_counter()
    for _ in bare.pipe((a.body for a in articles), n_process=args.processes, batch_size=32):
        pass
    t_bare = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in nlp_mod.pipe_articles(full, ((a, None) for a in articles), n_process=args.processes):
        pass
    t_full = time.perf_counter() - t0
    print(f"articles {len(articles)}  words {words}  processes {args.processes}  components {full.pipe_names}")
    print(f"bare nlp.pipe     {words / t_bare:8.0f} words/s  {t_bare:6.2f} s")
    print(f"with extraction   {words / t_full:8.0f} words/s  {t_full:6.2f} s")
    print(f"ratio extraction/bare  {t_full / t_bare:.2f}")


if __name__ == "__main__":
    main()
