"""Switch each meeting rule off in turn and print its effect on the reference scorer's figures.

    python benchmarks/ablate_rules.py [--shared ../shared] [--only real challenge seeds]
                                      [--rules id,id] [--triggers]

A rule is an entry of ``extract/data/meeting_rules.jsonl`` (and, with --triggers, each pattern
of ``triggers.jsonl`` as ``trigger.ID``). For each, the corpora are ingested again with
``DIPLOTUI_DISABLE_RULES=ID`` (the extraction reads it at import, in every worker process) by
``.ci/quality.py``, and the row shows each measure's change from all rules on: a negative
figure is what the rule earns. One ingest of the three corpora takes about a minute.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "extract" / "data"
MEASURES = ("meetings", "date", "place", "status", "grouping")


def rule_ids(with_triggers: bool) -> list[str]:
    ids = [json.loads(line)["id"] for line in (DATA / "meeting_rules.jsonl").read_text().splitlines() if line.strip()]
    if with_triggers:
        ids += [f"trigger.{json.loads(line)['id']}" for line in (DATA / "triggers.jsonl").read_text().splitlines()
                if line.strip()]
    return ids


def measure(shared: Path, only: list[str], disabled: str) -> dict[str, dict[str, float]]:
    """{corpus: {measure: figure}} from quality.py's table, with ``disabled`` rules off."""
    env = {**os.environ, "DIPLOTUI_DISABLE_RULES": disabled}
    out = subprocess.run([sys.executable, str(ROOT / ".ci" / "quality.py"), "--shared", str(shared), "--only", *only],
                         env=env, capture_output=True, text=True, cwd=ROOT).stdout
    lines = [line for line in out.splitlines() if line.strip()]
    header = next(i for i, line in enumerate(lines) if line.startswith("measure"))
    corpora = lines[header].split()[1:]
    figures: dict[str, dict[str, float]] = {c: {} for c in corpora}
    for line in lines[header + 1:]:
        parts = line.split()
        if len(parts) < len(corpora) + 1 or parts[0] not in MEASURES:
            continue
        for corpus, value in zip(corpora, parts[1:], strict=False):
            figures[corpus][parts[0]] = float(re.sub(r"[^\d.]", "", value))
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--only", nargs="+", default=["real", "challenge", "seeds"])
    parser.add_argument("--rules", help="comma-separated rule ids (default: every rule)")
    parser.add_argument("--triggers", action="store_true", help="also each trigger pattern")
    args = parser.parse_args()
    ids = args.rules.split(",") if args.rules else rule_ids(args.triggers)
    base = measure(args.shared, args.only, "")
    cols = [(c, m) for c in base for m in MEASURES]
    print(f"{'rule off':32s} " + " ".join(f"{c[:4]}.{m[:5]:5s}" for c, m in cols))
    print(f"{'(all on)':32s} " + " ".join(f"{base[c][m]:10.3f}" for c, m in cols))
    for rule in ids:
        off = measure(args.shared, args.only, rule)
        print(f"{rule:32s} " + " ".join(f"{off[c][m] - base[c][m]:+10.3f}" for c, m in cols), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
