"""User corrections of who is who: merge, split and rename win over resolution and survive re-ingest."""

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
    """A copy of the seeds and a database ingested from it (built once, copied per test)."""
    root = tmp_path_factory.mktemp("corr")
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
        src.backup(conn)  # the base database is in WAL mode: copy it through SQLite, not as a file
        # the documents table remembers absolute paths: point it at this test's copy of the corpus
        conn.execute("UPDATE documents SET path = replace(path, ?, ?)", (str(corpus), str(mine)))
    return mine, str(copy)


def _dump(db: str) -> dict:
    code, out = _run("dump", "--db", db)
    assert code == 0
    return json.loads(out)


def _holding(dump: dict, name: str) -> list[dict]:
    return [o for o in dump["officials"] if o["name"] == name or name in o["aliases"]]


def _touch(path: Path) -> None:
    """Change a file the way a corrected article would be: the same story, one more paragraph."""
    path.write_text(path.read_text(encoding="utf-8") + "\nThe ministry did not comment further.\n", encoding="utf-8")


def _reingest(corpus: Path, db: str, replaced: int = 2) -> None:
    """Ingest again after files were touched: each of their articles is read and replaced."""
    code, out = _run("ingest", str(corpus), "--db", db, "--processes", "1")
    assert code == 0, out
    assert f"articles: 0 added, {replaced} replaced" in out, out


def test_merge_makes_one_official_and_survives_reingest(kb):
    corpus, db = kb
    before = _dump(db)
    assert len(_holding(before, "Kevin Kim")) == 1 and len(_holding(before, "Kim Kyou-hyun")) == 1
    code, out = _run("officials", "merge", "Kevin Kim", "Kim Kyou-hyun", "--db", db)
    assert code == 0, out
    after = _dump(db)
    merged = _holding(after, "Kevin Kim")
    assert merged == _holding(after, "Kim Kyou-hyun") and len(merged) == 1
    assert len(after["officials"]) == len(before["officials"]) - 1
    # every mention of either name now points at the survivor
    oid = merged[0]["id"]
    written = {w for a in after["articles"] for o in a["officials"] if o["official_id"] == oid for w in o["as_written"]}
    assert {"Kevin Kim", "Kim Kyou-hyun"} <= written
    # re-ingesting both changed files re-extracts both people; the decision applies again
    _touch(corpus / "000_62ed515fa276ed97.txt")
    _touch(corpus / "001_34619f7877ea231f.txt")
    _reingest(corpus, db)
    again = _dump(db)
    assert len(_holding(again, "Kevin Kim")) == 1
    assert _holding(again, "Kevin Kim") == _holding(again, "Kim Kyou-hyun")
    code, out = _run("officials", "decisions", "--db", db)
    assert code == 0 and "officials: merged Kim Kyou-hyun into Kevin Kim" in out


def test_split_separates_names_and_their_meetings_and_survives_reingest(kb):
    corpus, db = kb
    before = _dump(db)
    blinken = _holding(before, "Tony Blinken")
    assert len(blinken) == 1 and "Antony Blinken" in [blinken[0]["name"], *blinken[0]["aliases"]]
    code, out = _run("officials", "split", "Antony Blinken", "Tony Blinken", "--db", db)
    assert code == 0, out

    def check(dump: dict) -> None:
        tony, antony = _holding(dump, "Tony Blinken"), _holding(dump, "Antony Blinken")
        assert len(tony) == 1 and len(antony) == 1 and tony[0]["id"] != antony[0]["id"]
        assert tony[0]["name"] == "Tony Blinken"
        # the 2016 article that says "Tony Blinken" now credits its meeting to the new official
        tony_events = [e for e in dump["events"] if tony[0]["id"] in e["participants"]]
        assert tony_events and all(antony[0]["id"] not in e["participants"] for e in tony_events)
        assert "Deputy Secretary of State" in tony[0]["titles"]

    check(_dump(db))
    _touch(corpus / "000_62ed515fa276ed97.txt")
    _touch(corpus / "002_8c3971df6070e234.txt")
    _reingest(corpus, db)
    check(_dump(db))


def test_rename_pins_the_display_name_across_reingest(kb):
    corpus, db = kb
    code, out = _run("officials", "rename", "Moon Jae-in", "President Moon", "--db", db)
    assert code == 0, out
    assert _holding(_dump(db), "President Moon")
    for name in ("001_34619f7877ea231f.txt", "003_f61767d183f80fa3.txt", "004_470db29249154f46.txt"):
        _touch(corpus / name)
    _reingest(corpus, db, replaced=6)  # 003 holds four articles
    dump = _dump(db)
    moon = _holding(dump, "Moon Jae-in")
    assert len(moon) == 1 and moon[0]["name"] == "President Moon"


def test_lookup_by_id_alias_and_fuzzy_name(kb):
    _corpus, db = kb
    code, out = _run("officials", "list", "Antony Bliken", "--db", db)  # a misspelling
    assert code == 0 and "Antony Blinken" in out
    code, out = _run("officials", "list", "Blinken", "--db", db)  # a surname alone
    assert code == 0 and "Antony Blinken" in out
    oid = out.split()[0]
    code, out = _run("officials", "rename", oid, "A. Blinken", "--db", db)
    assert code == 0 and "renamed" in out


def test_ambiguous_or_unknown_names_are_refused_in_one_message(kb):
    _corpus, db = kb
    before = _dump(db)
    code, out = _run("officials", "merge", "Kim", "Park Il", "--db", db)
    assert code == 2
    assert "several officials" in out and "Kevin Kim" in out and "Kim Jong Un" in out
    assert "Traceback" not in out
    code, out = _run("officials", "merge", "Nobody Atall", "Park Il", "--db", db)
    assert code == 2 and "no official matches 'Nobody Atall'" in out
    code, out = _run("officials", "split", "Park Il", "Park Geun-hye", "--db", db)
    assert code == 2 and "has no name 'Park Geun-hye'" in out
    code, out = _run("officials", "merge", "Park Il", "Park Il", "--db", db)
    assert code == 2 and "already the same official" in out
    code, out = _run("officials", "decisions", "--db", db)
    assert code == 0 and out.startswith("no decisions recorded yet")  # nothing refused was recorded
    assert _dump(db) == before
