"""Test databases of the seeds: either fixed (articles from ``tests/data/seed_articles.jsonl``,
officials and meetings from the gold annotation ``tests/data/gold.jsonl``), or ingested
through the CLI as a user gets them.

The fixed variant runs no extraction at all, so the app's tests and snapshots stay the same
while extraction changes; the extracted variant is for end-to-end acceptance tests.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from click.testing import CliRunner

from diplotui.store.db import open_db, write_transaction
from diplotui.store.write import ArticleRow, Writer
from diplotui.tui.cli import cli

TESTS = Path(__file__).resolve().parent
SEEDS = TESTS.parent / "seeds"
GOLD = TESTS / "data" / "gold.jsonl"
# the seeds' articles (segmentation, headline, outlet, byline, dateline, dates, cleaned body)
# as the ingest of 2026-12-07 stored them, frozen so that extraction changes don't reach here
SEED_ARTICLES = TESTS / "data" / "seed_articles.jsonl"

_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+[\"”’)]*|\n|$)")
_QUOTE = re.compile(r"[\"“]([^\"“”]{8,})[\"”]")


def generated_corpus(out: Path, *, articles: int, words: int, seed: int) -> Path:
    """Article files from ``benchmarks/make_corpus.py`` (seed sentences, invented officials)."""
    import sys

    sys.path.insert(0, str(TESTS.parent / "benchmarks"))
    try:
        import make_corpus
    finally:
        sys.path.pop(0)
    make_corpus.main([str(out), "--articles", str(articles), "--words", str(words), "--seed", str(seed)])
    return out


def ingest(db_path: Path, *paths: Path) -> None:
    result = CliRunner().invoke(cli, ["ingest", *map(str, paths), "--db", str(db_path)])
    assert result.exit_code == 0, result.output


def build_seed_db(db_path: Path, *, gold: bool = True) -> Path:
    """The seeds' base at ``db_path``: with ``gold`` built from fixed data (no extraction runs),
    else ingested through the CLI."""
    if not gold:
        ingest(db_path, SEEDS)
        return db_path
    db = open_db(db_path)
    try:
        with write_transaction(db):
            add_articles(db)
            add_gold(db)
    finally:
        db.close()
    return db_path


def add_articles(db) -> None:
    """Documents and articles from ``SEED_ARTICLES``, as an ingest of the seed folder stores them."""
    w = Writer(db)
    documents: dict[str, int] = {}
    for line in SEED_ARTICLES.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        name = row.pop("file")
        if name not in documents:
            path = SEEDS / name
            data = path.read_bytes()
            documents[name] = w.save_document(str(path), name, len(data), hashlib.sha256(data).hexdigest(),
                                              encoding="utf-8")
        w.add_article(documents[name], ArticleRow(**row))


def _sentences(body: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _SENTENCE.finditer(body) if m.group().strip()]


def _sentence_at(spans: list[tuple[int, int]], body: str, offset: int) -> str:
    for start, end in spans:
        if start <= offset < end:
            return body[start:end].strip()
    return ""


def add_gold(db) -> None:
    """Officials, aliases, titles, mentions, events and reports from the gold annotation."""
    w = Writer(db)
    conn = db.conn
    entries = [json.loads(line) for line in GOLD.read_text().splitlines() if line.strip()]
    article_ids = {
        (name, part): (aid, published, body)
        for aid, name, part, published, body in conn.execute(
            "SELECT a.id, d.name, a.part, a.published, a.body FROM articles a "
            "JOIN documents d ON d.id = a.document_id"
        )
    }
    officials: dict[str, int] = {}
    variants_of: dict[str, set[str]] = defaultdict(set)
    events: dict[str, list[tuple]] = defaultdict(list)
    for g in entries:
        aid, published, body = article_ids[(g["file"], g["part"])]
        spans = _sentences(body)
        seen_variants: Counter = Counter()
        mentions = []
        taken: list[tuple[int, int]] = []
        for o in g["officials"]:
            name = o["name"]
            if name not in officials:
                officials[name] = w.add_official(
                    name, name.lower(), name.split()[-1].lower(), o["country"], o["title"]
                )
            oid = officials[name]
            if o["title"]:
                w.update_official(oid, title=o["title"])
                w.add_title(oid, o["title"], published)
            variants_of[name].update(o["variants"])
            for variant in sorted(o["variants"], key=len, reverse=True):
                for m in re.finditer(r"(?<!\w)" + re.escape(variant) + r"(?!\w)", body):
                    if any(s < m.end() and m.start() < e for s, e in taken):
                        continue
                    taken.append((m.start(), m.end()))
                    seen_variants[variant] += 1
                    sentence = _sentence_at(spans, body, m.start())
                    mentions.append((aid, oid, name, variant, m.start(), m.end(), sentence,
                                     o["title"], o["country"], published or ""))
            for variant in o["variants"]:
                w.add_alias(oid, variant, variant.lower(), max(seen_variants[variant], 1))
        w.add_mentions(mentions)
        for meeting in g["meetings"]:
            events[meeting["event_id"]].append((aid, body, spans, meeting, g))
        w.set_article_counts(aid, len(g["officials"]), len(g["meetings"]))

    for reports in events.values():
        eid = w.add_event()
        people: list[int] = []
        statuses: Counter = Counter()
        outlets = set()
        for aid, body, spans, meeting, g in reports:
            pids = [officials[p] for p in meeting["participants"]]
            people += [p for p in pids if p not in people]
            words = [v for p in meeting["participants"] for v in sorted(variants_of[p])]
            needles = [meeting["place"]] if meeting["place"] else words
            sentences = [body[s:e].strip() for s, e in spans if any(n in body[s:e] for n in needles)][:3]
            quotes = [{"text": q, "speaker": None} for s in sentences for q in _QUOTE.findall(s)]
            named = [v for v in words if any(v in s for s in sentences)]
            w.add_report(
                aid, eid, pids, date=meeting["date"], date_partial=meeting["date"],
                date_precision="day" if meeting["date"] else None, place=meeting["place"],
                status=meeting["status"], kind="bilateral" if len(meeting["participants"]) < 3
                else "multilateral", mode=meeting["mode"], sentences=json.dumps(sentences),
                quotes=json.dumps(quotes), named=json.dumps(named),
            )
            statuses[meeting["status"]] += 1
            outlets.add(g["outlet"])
        # the event's date is what its reports' texts give (the gold event id's date is the
        # real one, which no text may state): the most common report date, else none
        dated = Counter(r[3]["date"] for r in reports if r[3]["date"])
        date = dated.most_common(1)[0][0] if dated else None
        partial = date
        place = next((r[3]["place"] for r in reports if r[3]["place"]), None)
        w.update_event(
            eid, people, date=date, date_partial=partial,
            date_precision="day" if date else ("month" if partial else None),
            sort_key=partial or "", place=place, status=statuses.most_common(1)[0][0],
            kind="bilateral" if len(people) == 2 else "multilateral",
            mode=reports[0][3]["mode"], n_reports=len(reports), n_outlets=len(outlets),
        )
    w.refresh_official_counts(list(officials.values()))
