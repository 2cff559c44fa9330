"""Corrections of events: merge and split win over the grouping and survive re-ingest."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from diplotui.tui.cli import cli


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def base(tmp_path_factory, seed_dir) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("evcorr")
    corpus = root / "seeds"
    shutil.copytree(seed_dir, corpus)
    db = root / "base.db"
    code, out = _run("ingest", str(corpus), "--db", str(db), "--processes", "1")
    assert code == 0, out
    return corpus, db


@pytest.fixture
def kb(base, tmp_path) -> tuple[Path, str]:
    corpus, db = base
    mine = tmp_path / "seeds"
    shutil.copytree(corpus, mine)
    copy = tmp_path / "kb.db"
    with sqlite3.connect(db) as src, sqlite3.connect(copy) as conn:
        src.backup(conn)
        conn.execute("UPDATE documents SET path = replace(path, ?, ?)", (str(corpus), str(mine)))
    return mine, str(copy)


def _groups(db: str) -> set[frozenset[tuple[str, str]]]:
    """Events as sets of (file, first sentence) of their reports: what survives re-ingest."""
    code, out = _run("dump", "--db", db)
    assert code == 0
    dump = json.loads(out)
    files = {a["id"]: a["file"] for a in dump["articles"]}
    return {frozenset((files[r["article_id"]], r["sentences"][0]) for r in e["reports"]) for e in dump["events"]}


def _event_of(db: str, sentence_part: str) -> tuple[int, int]:
    """(event id, report id) of the report whose sentences contain the words."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT event_id, id FROM reports WHERE sentences LIKE ?",
                            (f"%{sentence_part}%",)).fetchall()
    assert len(rows) >= 1, sentence_part
    return rows[0]


def _touch_all(corpus: Path) -> None:
    for path in corpus.glob("*.txt"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text + "\nThe ministry did not comment further.\n", encoding="utf-8")


def _reingest(corpus: Path, db: str) -> None:
    code, out = _run("ingest", str(corpus), "--db", db, "--processes", "1")
    assert code == 0, out
    assert "replaced" in out


def _multi(db: str) -> tuple[int, list[int]]:
    with sqlite3.connect(db) as conn:
        eid = conn.execute("SELECT event_id FROM reports GROUP BY event_id HAVING count(*) >= 2 "
                           "ORDER BY event_id LIMIT 1").fetchone()[0]
        return eid, [r[0] for r in conn.execute("SELECT id FROM reports WHERE event_id = ? ORDER BY id", (eid,))]


def test_split_keeps_the_reports_apart_and_survives_reingest(kb):
    corpus, db = kb
    eid, reports = _multi(db)
    code, out = _run("events", "split", str(eid), str(reports[-1]), "--db", db)
    assert code == 0, out
    with sqlite3.connect(db) as conn:
        sentences = conn.execute("SELECT sentences FROM reports WHERE id = ?", (reports[-1],)).fetchone()[0]
        moved_sentence = json.loads(sentences)[0]
        events = {conn.execute("SELECT event_id FROM reports WHERE id = ?", (r,)).fetchone()[0] for r in reports}
    assert len(events) == 2
    _touch_all(corpus)
    _reingest(corpus, db)
    moved = [g for g in _groups(db) if any(s == moved_sentence for _f, s in g)]
    assert len(moved) == 1 and len(moved[0]) == 1  # still on its own after the re-ingest


def test_merge_makes_one_event_and_survives_reingest(kb):
    corpus, db = kb
    with sqlite3.connect(db) as conn:
        single = [r[0] for r in conn.execute("SELECT event_id FROM reports GROUP BY event_id"
                                             " HAVING count(*) = 1 ORDER BY event_id LIMIT 2")]
    a, b = single
    before = len(_groups(db))
    code, out = _run("events", "merge", str(a), str(b), "--db", db)
    assert code == 0, out
    after = _groups(db)
    assert len(after) == before - 1 and max(len(g) for g in after) >= 2
    merged = next(g for g in after if len(g) >= 2)
    _touch_all(corpus)
    _reingest(corpus, db)
    assert any(merged <= g for g in _groups(db))


def test_bad_event_corrections_are_one_line_refusals(kb):
    _corpus, db = kb
    eid, reports = _multi(db)
    code, out = _run("events", "split", str(eid), *map(str, reports), "--db", db)
    assert code == 2 and "every report" in out
    code, out = _run("events", "split", str(eid), "999999", "--db", db)
    assert code == 2 and "not a report of event" in out
    code, out = _run("events", "merge", str(eid), str(eid), "--db", db)
    assert code == 2 and "same event" in out
    code, out = _run("events", "merge", "x", str(eid), "--db", db)
    assert code == 2 and "not an event id" in out
    code, out = _run("events", "show", str(eid), "--db", db)
    assert code == 0 and "why:" in out
