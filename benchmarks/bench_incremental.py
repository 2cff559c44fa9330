"""Adding articles to a large base against adding the same articles to an empty one.

    python benchmarks/bench_incremental.py --base /tmp/scale1m.db --corpus DIR [--articles 1000]
        [--processes 2] [--work DIR]

Takes the first ``--articles`` files of ``--corpus`` (e.g. one made by ``make_corpus.py``)
and ingests them, each run in a fresh process, into

- **empty**: a new database;
- **base**: a copy of ``--base`` (e.g. the 1M-article database of ``make_scale_db.py``),
  brought to the current schema before the clock starts.

The copy is made with ``cp`` semantics into ``--work`` (default: beside the base) and is
not timed; it also leaves the base in the page cache, as a base in use would be. Prints
both wall times (model, extraction, writing and resolution: the whole ``diplotui ingest``),
the main process's CPU time (reading, writing and resolution; the model runs in workers)
and the ratio of the wall times. The target is a ratio of at most 1.2: the cost of a batch depends on what
it touches, not on the size of the base.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run_one(db_path: Path, corpus: Path, processes: int) -> dict:
    from diplotui.extract.pipeline import ingest_files
    from diplotui.store.db import open_db

    db = open_db(db_path)
    t0, c0 = time.perf_counter(), time.process_time()
    summary = ingest_files(db, [corpus], processes=processes)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    assert not summary.skipped and not summary.interrupted, summary.lines()
    articles = db.conn.execute("SELECT max(id) FROM articles").fetchone()[0]
    db.close()
    return {"seconds": seconds, "cpu": cpu, "added": summary.articles_added, "articles_after": articles}


def measure(db_path: Path, corpus: Path, processes: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--one", str(db_path), "--corpus", str(corpus),
                          "--processes", str(processes)], capture_output=True, text=True)
    if out.returncode:
        sys.exit(f"the run into {db_path} failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--base", type=Path)
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument("--processes", type=int, default=2)
    ap.add_argument("--work", type=Path, help="where the copy of the base goes (default: beside it)")
    ap.add_argument("--one", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one, args.corpus, args.processes)))
        return 0
    if args.base is None:
        ap.error("--base is required")
    files = sorted(p for p in args.corpus.iterdir() if p.is_file())[: args.articles]
    work = args.work or args.base.parent
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for f in files:
            shutil.copyfile(f, corpus / f.name)
        copy = work / f"{args.base.stem}.incremental.db"
        t0 = time.perf_counter()
        shutil.copyfile(args.base, copy)
        from diplotui.store.db import open_db

        open_db(copy).close()  # migrations, if the base is older, before the clock starts
        print(f"copied and upgraded the base in {time.perf_counter() - t0:.0f} s (not timed)")
        try:
            empty = measure(Path(tmp) / "empty.db", corpus, args.processes)
            base = measure(copy, corpus, args.processes)
        finally:
            for suffix in ("", "-wal", "-shm"):
                Path(str(copy) + suffix).unlink(missing_ok=True)
    print(f"{len(files)} files, -j {args.processes}")
    print(f"empty base: {empty['seconds']:7.1f} s, main process CPU {empty['cpu']:5.1f} s  "
          f"({empty['added']} articles added)")
    print(f"large base: {base['seconds']:7.1f} s, main process CPU {base['cpu']:5.1f} s  "
          f"({base['added']} articles added, {base['articles_after']:,} after)")
    print(f"ratio large / empty: {base['seconds'] / empty['seconds']:.2f}  (target <= 1.2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
