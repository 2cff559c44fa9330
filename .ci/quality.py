"""Extraction quality floor: ingest the seeds, the challenge set and the real set, score with the reference scorer.

    python .ci/quality.py [--shared ../shared] [--floors .ci/floors.json] [--write-floors]

Five corpora, each ingested into a fresh database with the installed ``diplotui``:
the seed articles, the challenge set's text files and its ``records.jsonl`` (url + text,
as a scraper's export holds them), and the real readouts of ``shared/dev/real`` as text
files and as ``records.jsonl``. Each dump is scored by
``shared/eval/score.py`` (independent of this project's code); the table is printed, and
the exit status is 1 when any measure falls below its floor in ``.ci/floors.json``.
A measure is its accuracy, or its F1 for the precision/recall measures.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# the diplotui installed beside this Python (the venv's), else the one on PATH
DIPLOTUI = next((str(p) for p in [Path(sys.executable).parent / "diplotui"] if p.exists()),
                "diplotui")


def corpora(shared: Path) -> dict[str, tuple[list[Path], Path, Path]]:
    """name -> (inputs to ingest, gold, articles directory the scorer reads)."""
    seeds = shared / "seeds"
    challenge = shared / "dev" / "challenge"
    real = shared / "dev" / "real"
    return {
        "seeds": (sorted(seeds.glob("*.txt")), seeds / "gold.jsonl", seeds),
        "challenge": (
            [challenge / "articles"], challenge / "gold.jsonl", challenge / "articles"
        ),
        "records": (
            [challenge / "records.jsonl"], challenge / "gold.jsonl", challenge / "articles"
        ),
        # real readouts of three governments' sites: the figure that counts
        "real": ([real / "articles"], real / "gold.jsonl", real / "articles"),
        "real-rec": ([real / "records.jsonl"], real / "gold.jsonl", real / "articles"),
    }


def score(name: str, inputs: list[Path], gold: Path, articles: Path, shared: Path,
          work: Path) -> dict[str, float]:
    db = work / f"{name}.db"
    ingest = subprocess.run(
        [DIPLOTUI, "ingest", *map(str, inputs), "--db", str(db)],
        capture_output=True, text=True,
    )
    # 1 means some inputs were skipped and the rest stored; a traceback is a crash all the same
    if ingest.returncode not in (0, 1) or "Traceback" in ingest.stderr:
        sys.exit(f"{name}: ingest failed ({ingest.returncode}): {ingest.stderr.strip()[-500:]}")
    dump = work / f"{name}.json"
    with dump.open("w") as out:
        subprocess.run([DIPLOTUI, "dump", "--db", str(db)], stdout=out, check=True)
    scored = subprocess.run(
        [sys.executable, str(shared / "eval" / "score.py"), str(dump), str(gold),
         str(articles), "--json"],
        capture_output=True, text=True, check=True,
    )
    raw = json.loads(scored.stdout)
    # (acc, ok, n) or (P, R, F1, tp, fp, fn): the headline figure is acc or F1
    return {k: round(v[0] if len(v) == 3 else v[2], 3) for k, v in raw.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--floors", type=Path, default=ROOT / ".ci" / "floors.json")
    parser.add_argument("--write-floors", action="store_true",
                        help="write the floors as today's figures less 0.02")
    parser.add_argument("--only", nargs="+", metavar="CORPUS",
                        help="score only these corpora (seeds, challenge, records, real, real-rec)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="keep each corpus's database and dump in DIR (for score.py --explain)")
    args = parser.parse_args()
    if not (args.shared / "eval" / "score.py").exists():
        print(f"quality: no reference scorer under {args.shared}", file=sys.stderr)
        return 2
    floors = json.loads(args.floors.read_text()) if args.floors.exists() else {}
    results: dict[str, dict[str, float]] = {}
    chosen = {n: c for n, c in corpora(args.shared).items() if not args.only or n in args.only}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            work = args.keep
            for old in work.glob("*.db*"):
                old.unlink()
        for name, (inputs, gold, articles) in chosen.items():
            results[name] = score(name, inputs, gold, articles, args.shared, work)
    measures = list(next(iter(results.values())))
    names = list(results)
    print(f"{'measure':13s}" + "".join(f"{n:>12s}" for n in names))
    broken = []
    for m in measures:
        cells = []
        for n in names:
            value = results[n][m]
            floor = floors.get(n, {}).get(m)
            low = floor is not None and value < floor
            if low:
                broken.append(f"{n} {m} {value:.3f} < floor {floor:.3f}")
            cells.append(f"{value:>11.3f}{'!' if low else ' '}")
        print(f"{m:13s}" + "".join(cells))
    if args.write_floors:
        new = dict(floors)
        new.update({n: {m: max(0.0, round(v - 0.02, 2)) for m, v in r.items()}
                    for n, r in results.items()})
        args.floors.write_text(json.dumps(new, indent=2) + "\n")
        print(f"wrote {args.floors}")
    for line in broken:
        print(f"quality floor broken: {line}", file=sys.stderr)
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
