"""The meeting stages' rule data: the rules of ``meeting_rules.jsonl`` and the trigger patterns of
``triggers.jsonl``, each with an id, loaded once; rules switched off by id for ablation."""

from __future__ import annotations

import os
import re

from ..gazetteer import load_patterns, meeting_data


def _alternation(entries: list[dict]) -> re.Pattern:
    """One regex that matches where any of the entries' patterns does."""
    return re.compile("|".join(f"(?:{e.get('regex') or e['pattern']})" for e in entries))


# The patterns are written in lower case and searched in lowered text (``_lower``): sre
# cannot skip ahead through a pattern compiled with re.I, and searched one about five
# times slower here, where these searches were a third of extraction's time.
_DATA = meeting_data()
# id, family and pattern of each trigger; the pattern is tried where the trigger's words are (patterns.py)
# rules switched off by id (DIPLOTUI_DISABLE_RULES="id,id"; benchmarks/ablate_rules.py measures each)
DISABLED = frozenset(filter(None, os.environ.get("DIPLOTUI_DISABLE_RULES", "").split(",")))
_RULES = {r["id"]: r for r in load_patterns("meeting_rules.jsonl") if r["id"] not in DISABLED}
_TRIGGER_RES = [(t["id"], t["family"], re.compile(t["regex"])) for t in load_patterns("triggers.jsonl")
                if f"trigger.{t['id']}" not in DISABLED]


def _on(rule_id: str) -> bool:
    return rule_id in _RULES


def _words(rule_id: str) -> frozenset[str]:
    return frozenset(_RULES.get(rule_id, {}).get("words", ()))


def _gated(pattern: str) -> tuple[re.Pattern, re.Pattern]:
    """A lower-case pattern, and the same without word boundaries: a necessary condition that
    rules most text out several times faster (sre only skips ahead quickly through a pattern
    that does not start with an assertion)."""
    return re.compile(pattern), re.compile(pattern.replace(r"\b", ""))
