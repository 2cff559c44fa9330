"""The full ingest against a bare ``nlp.pipe`` of the same model and components, in one run.

    python benchmarks/bench_ingest.py [--articles 2000] [--words 450] [--corpus DIR] [--processes 1 2]

Generates a corpus with ``make_corpus.py`` (unless ``--corpus`` is given), then runs,
each in a fresh process so that times include loading the model and peak memory is the
run's own:

- **bare**: read the files' articles, then ``nlp.pipe`` over the texts the ingest's model
  reads (each article's headline and body, ``model_text``) with the model's NER and sentence
  components only (what extraction needs), ``n_process`` = N;
- **ner** (with 1 process only): the yardstick the extraction issue names, a bare ``ner`` pipe
  with spaCy's defaults: the model loaded with its ``ner`` alone, ``nlp.pipe`` over the same
  texts with spaCy's own batch size and matrix library, one process;
- **ingest**: ``diplotui ingest`` of the same files into a new database (reading, cleaning,
  extraction, resolution, events, one transaction per batch), ``-j N``.

Prints wall time, words/s, articles/s and CPU time for each, the ratio ingest/bare (of wall
and of CPU time), the ingest at each N against the **ner** run shared over N cores, with 1
and 2 processes also the ingest at 2 against the bare run at 1 shared over 2 cores and the
speed-up of 2 processes over 1, and peak resident memory (the main process and, separately, the
largest worker); with ``--scaling`` also the ingest's peak memory at half the corpus, to
show it does not grow with the corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _articles(corpus: Path) -> list:
    from diplotui.extract.ingest import Summary, iter_files
    from diplotui.extract.read import ReadError, read_bytes

    out = []
    for path in iter_files([corpus], Summary()):
        try:
            out += read_bytes(path.read_bytes())[0]
        except ReadError:
            pass
    return out


def _peak_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, children


def _cpu() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its finished workers."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def run_one(mode: str, corpus: Path, processes: int, limit: int | None) -> dict:
    """One measured run in this process (called in a fresh subprocess)."""
    t0 = time.perf_counter()
    if mode == "bare":
        from diplotui.extract import nlp as nlp_mod

        nlp = nlp_mod.load(with_extraction=False)
        articles = _articles(corpus)
        from diplotui.extract.meetings import model_text

        texts = [str(model_text(a)) for a in articles]  # what the ingest's model reads: headline and body
        for _ in nlp.pipe(texts, n_process=processes, batch_size=32):
            pass
        seconds = time.perf_counter() - t0
    elif mode == "ner":
        import spacy

        from diplotui.extract.meetings import model_text
        from diplotui.extract.nlp import DEFAULT_MODEL

        unused = ["tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer"]
        nlp = spacy.load(DEFAULT_MODEL, exclude=unused)
        assert nlp.pipe_names == ["ner"], nlp.pipe_names
        articles = _articles(corpus)
        texts = [str(model_text(a)) for a in articles]
        for _ in nlp.pipe(texts):
            pass
        seconds = time.perf_counter() - t0
    else:
        from diplotui.extract.pipeline import ingest_files
        from diplotui.store.db import open_db

        with tempfile.TemporaryDirectory() as tmp:
            db = open_db(Path(tmp) / "bench.db")
            summary = ingest_files(db, [corpus], processes=processes)
            db.close()
            seconds = time.perf_counter() - t0
            assert not summary.skipped and not summary.interrupted, summary.lines()
    cpu_main, cpu_workers = _cpu()
    if mode != "bare":
        articles = _articles(corpus)  # only to count words: not part of the ingest's time
    own, children = _peak_mb()
    return {"mode": mode, "processes": processes, "seconds": seconds, "articles": len(articles),
            "words": sum(len(a.body.split()) for a in articles), "rss_main_mb": own, "rss_worker_mb": children,
            "cpu_main": cpu_main, "cpu_workers": cpu_workers}


def measure(mode: str, corpus: Path, processes: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--one", mode, "--corpus", str(corpus),
                          "--processes", str(processes)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--words", type=int, default=450)
    ap.add_argument("--corpus", type=Path, default=None, help="use these files instead of generating")
    ap.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--scaling", action="store_true", help="also ingest half the corpus, for memory growth")
    ap.add_argument("--no-ner", action="store_true", help="skip the bare ner run at spaCy's defaults")
    ap.add_argument("--one", choices=["bare", "ner", "ingest"], help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one, args.corpus, args.processes[0], None)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        corpus = args.corpus
        if corpus is None:
            corpus = Path(tmp) / "corpus"
            sys.path.insert(0, str(HERE))
            import make_corpus

            make_corpus.main([str(corpus), "--articles", str(args.articles), "--words", str(args.words)])
        results = {}
        for n in args.processes:
            modes = ("bare", "ner", "ingest") if n == args.processes[0] and not args.no_ner else ("bare", "ingest")
            for mode in modes:  # interleaved, so machine noise hits all alike
                results[mode, n] = r = measure(mode, corpus, n if mode != "ner" else 1)
                print(f"{mode:6} n_process={n if mode != 'ner' else 1}  {r['seconds']:7.1f} s  "
                      f"{r['words'] / r['seconds']:7.0f} words/s  "
                      f"{r['articles'] / r['seconds']:6.1f} articles/s  peak RSS main {r['rss_main_mb']:.0f} MB, "
                      f"worker {r['rss_worker_mb']:.0f} MB; CPU main {r['cpu_main']:.1f} s, "
                      f"workers {r['cpu_workers']:.1f} s", flush=True)
        first = results["bare", args.processes[0]]
        print(f"corpus: {first['articles']} articles, {first['words']} words ({corpus})")
        for n in args.processes:
            ratio = results["ingest", n]["seconds"] / results["bare", n]["seconds"]
            print(f"ratio ingest / bare nlp.pipe, n_process={n}: {ratio:.2f}  (target <= 1.15)")
            # CPU time is what other jobs on a shared machine inflate least: its ratio tells a
            # noisy run's wall-time ratio apart from a real change.
            cpu = {m: results[m, n]["cpu_main"] + results[m, n]["cpu_workers"] for m in ("bare", "ingest")}
            print(f"CPU seconds, all processes, n_process={n}: bare {cpu['bare']:.1f}, ingest {cpu['ingest']:.1f}, "
                  f"ratio {cpu['ingest'] / cpu['bare']:.2f}")
        if ("ner", 1) in results:
            # the extraction issue's yardstick: a bare ner pipe with spaCy's defaults, one
            # process, its time shared out over the cores used
            for n in args.processes:
                limit = results["ner", 1]["seconds"] / n
                print(f"ratio ingest n_process={n} / (bare ner at spaCy's defaults, n_process=1 / {n}): "
                      f"{results['ingest', n]['seconds'] / limit:.2f}  (target <= 1.15)")
        if 1 in args.processes and 2 in args.processes:
            # the issue's own yardstick: one bare process's time shared out over the cores used
            limit = results["bare", 1]["seconds"] / 2
            print(f"ratio ingest n_process=2 / (bare n_process=1 / 2): {results['ingest', 2]['seconds'] / limit:.2f}")
            for mode in ("bare", "ingest"):
                speedup = results[mode, 1]["seconds"] / results[mode, 2]["seconds"]
                print(f"speed-up n_process 2 over 1, {mode}: {speedup:.2f}x  (target >= 1.5 for ingest)")
        if args.scaling:
            half = Path(tmp) / "half"
            half.mkdir()
            files = sorted(p for p in corpus.rglob("*.txt"))
            for p in files[: len(files) // 2]:
                os.symlink(p, half / p.name)
            r = measure("ingest", half, args.processes[-1])
            full = results["ingest", args.processes[-1]]
            print(f"peak RSS ingest, half corpus {r['rss_main_mb']:.0f} MB vs full {full['rss_main_mb']:.0f} MB "
                  f"(main process, n_process={args.processes[-1]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
