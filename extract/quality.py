"""Score a ``diplotui dump`` against a gold annotation (the format of tests/data/gold.jsonl).

    python -m diplotui.extract.quality DUMP.json GOLD.jsonl

Officials: precision/recall/F1 per article (micro-averaged), pairwise F1 of identity
across articles, title and country accuracy. Meetings: precision/recall/F1 per article
(a report matches a gold meeting when their participants overlap by Jaccard ≥ 0.5),
pairwise F1 of event grouping, and date, place and status accuracy of matched reports.
"""

from __future__ import annotations

import json
import re
import sys
from itertools import combinations

from .names import name_key, same_person

_TITLE_NOISE = {"of", "the", "for", "to", "a", "an", "acting", "former", "first", "top", "'s"}


def _norm_title(title: str) -> set[str]:
    from .officials import country_in, gazetteer

    words = re.findall(r"[\w-]+|'s", title.lower())
    countries = {w.lower() for w in gazetteer().country_of} if country_in(title) else set()
    return {w for w in words if w not in _TITLE_NOISE and w not in countries and w not in ("u.s", "us")}


def titles_match(pred: str | None, gold: str) -> bool:
    if not pred:
        return False
    a, b = _norm_title(pred), _norm_title(gold)
    return bool(a) and (a == b or (len(a & b) >= max(1, min(len(a), len(b))) and (a <= b or b <= a)))


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 3)}


def _pairs_f1(pred_groups: dict, gold_groups: dict) -> dict:
    items = sorted(set(pred_groups) & set(gold_groups))
    tp = fp = fn = 0
    for a, b in combinations(items, 2):
        same_p = pred_groups[a] == pred_groups[b]
        same_g = gold_groups[a] == gold_groups[b]
        tp += same_p and same_g
        fp += same_p and not same_g
        fn += same_g and not same_p
    return _prf(tp, fp, fn)


def _matches(names: list[str], gold_official: dict) -> bool:
    golds = [gold_official["name"], *gold_official.get("variants", [])]
    for n in names:
        for g in golds:
            if n == g or name_key(n) == name_key(g):
                return True
            if len(n.split()) >= 2 and len(g.split()) >= 2 and same_person(n, g):
                return True
    return False


def score(dump: dict, gold: list[dict]) -> dict:
    officials = {o["id"]: o for o in dump["officials"]}
    articles = {(a["file"], a["part"]): a for a in dump["articles"]}
    reports_by_article: dict[str, list[tuple[str, dict]]] = {}
    for e in dump["events"]:
        for r in e["reports"]:
            reports_by_article.setdefault(r["article_id"], []).append((e["id"], r))

    o_tp = o_fp = o_fn = 0
    identity_pred: dict = {}
    identity_gold: dict = {}
    title_ok = title_n = country_ok = country_n = 0
    m_tp = m_fp = m_fn = 0
    group_pred: dict = {}
    group_gold: dict = {}
    date_ok = place_ok = status_ok = matched_meetings = 0
    for g in gold:
        a = articles.get((g["file"], g["part"]))
        preds = a["officials"] if a else []
        to_gold: dict[str, str] = {}
        used: set[int] = set()
        for p in preds:
            names = [officials[p["official_id"]]["name"], *p["as_written"]] if p["official_id"] in officials else p["as_written"]
            hit = next((i for i, go in enumerate(g["officials"]) if i not in used and _matches(names, go)), None)
            if hit is None:
                o_fp += 1
                continue
            used.add(hit)
            go = g["officials"][hit]
            o_tp += 1
            to_gold[p["official_id"]] = go["name"]
            key = (g["file"], g["part"], go["name"])
            identity_pred[key] = p["official_id"]
            identity_gold[key] = go["name"]
            if go.get("title"):
                title_n += 1
                title_ok += titles_match(p.get("title"), go["title"])
            if go.get("country"):
                country_n += 1
                country_ok += officials.get(p["official_id"], {}).get("country") == go["country"]
        o_fn += len(g["officials"]) - len(used)

        preds_m = reports_by_article.get(a["id"], []) if a else []
        used_m: set[int] = set()
        for eid, r in preds_m:
            pset = {to_gold.get(x, f"?{x}") for x in r["participants"]}
            best = None
            for i, gm in enumerate(g["meetings"]):
                if i in used_m:
                    continue
                gset = set(gm["participants"])
                j = len(pset & gset) / len(pset | gset)
                # ties between gold meetings of the same people go to the one whose facts agree
                agree = sum((r.get(k) or None) == (gm.get(k) or None) for k in ("date", "status", "place"))
                if j >= 0.5 and (best is None or (j, agree) > best[0]):
                    best = ((j, agree), i)
            if best is None:
                m_fp += 1
                continue
            used_m.add(best[1])
            gm = g["meetings"][best[1]]
            m_tp += 1
            matched_meetings += 1
            key = (g["file"], g["part"], best[1])
            group_pred[key] = eid
            group_gold[key] = gm["event_id"]
            date_ok += r.get("date") == gm.get("date")
            place_ok += (r.get("place") or "").lower() == (gm.get("place") or "").lower()
            status_ok += r.get("status") == gm.get("status")
        m_fn += len(g["meetings"]) - len(used_m)

    def acc(ok: int, n: int) -> float:
        return round(ok / n, 3) if n else 1.0

    return {
        "officials": _prf(o_tp, o_fp, o_fn),
        "identity": _pairs_f1(identity_pred, identity_gold),
        "title_accuracy": acc(title_ok, title_n),
        "country_accuracy": acc(country_ok, country_n),
        "meetings": _prf(m_tp, m_fp, m_fn),
        "grouping": _pairs_f1(group_pred, group_gold),
        "date_accuracy": acc(date_ok, matched_meetings),
        "place_accuracy": acc(place_ok, matched_meetings),
        "status_accuracy": acc(status_ok, matched_meetings),
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8") as f:
        dump = json.load(f)
    with open(argv[1], encoding="utf-8") as f:
        gold = [json.loads(line) for line in f if line.strip()]
    for name, value in score(dump, gold).items():
        if isinstance(value, dict):
            print(f"{name:18} P {value['precision']:.3f}  R {value['recall']:.3f}  F1 {value['f1']:.3f}")
        else:
            print(f"{name:18} {value:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
