"""Ingest throughput on a Dask LocalCluster of 1 and 2 single-threaded workers against the
local worker pool (``-j 2``), on the same generated corpus, as ratios.

    python benchmarks/bench_dask.py [--articles 1000] [--rounds 1]

Each run is a fresh ``diplotui ingest`` process into a fresh database (model loads and
cluster start-up included, as a user pays them); the three set-ups are interleaved in
every round so that machine noise hits them alike.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_corpus  # noqa: E402

SETUPS = {
    "local pool, -j 2": ["-j", "2"],
    "dask local:1": ["--dask", "local:1"],
    "dask local:2": ["--dask", "local:2"],
}


def run(corpus: Path, db: Path, extra: list[str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "diplotui.tui.cli", "ingest", str(corpus), "--db", str(db), *extra],
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"ingest failed ({' '.join(extra)}):\n{proc.stderr[-2000:]}")
    return elapsed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=1)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        make_corpus.main([str(corpus), "--articles", str(args.articles)])
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in corpus.glob("*.txt"))
        times: dict[str, list[float]] = {name: [] for name in SETUPS}
        for r in range(args.rounds):
            for name, extra in SETUPS.items():
                times[name].append(run(corpus, Path(tmp) / f"{r}-{len(times[name])}-{extra[-1]}.db", extra))
                print(f"round {r + 1}: {name:18} {times[name][-1]:7.1f} s", flush=True)
    print(f"\n{args.articles} articles, {words} words; median of {args.rounds} round(s)")
    base = statistics.median(times["local pool, -j 2"])
    for name in SETUPS:
        t = statistics.median(times[name])
        print(f"{name:18} {t:7.1f} s  {args.articles / t:6.1f} articles/s  {words / t:8.0f} words/s  "
              f"throughput vs local -j 2: {base / t:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
