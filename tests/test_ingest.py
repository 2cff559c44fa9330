"""Ingest into the store: idempotence, replacement, duplicates, skips, and the dump contract."""

from __future__ import annotations

import json
import shutil
import sqlite3

from click.testing import CliRunner

from diplotui.tui.cli import cli


def _ingest(runner, db, *paths):
    return runner.invoke(cli, ["ingest", *map(str, paths), "--db", str(db)])


def test_seed_ingest_is_idempotent(tmp_path, seed_dir):
    runner = CliRunner()
    db = tmp_path / "s.db"
    first = _ingest(runner, db, seed_dir)
    assert first.exit_code == 0, first.output
    assert "articles: 8 added" in first.output
    again = _ingest(runner, db, seed_dir)
    assert again.exit_code == 0
    assert "articles: 0 added, 0 replaced" in again.output
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 8
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_changed_file_replaces_its_articles(tmp_path, seed_dir):
    src = tmp_path / "in"
    src.mkdir()
    f = src / "a.txt"
    shutil.copy(seed_dir / "004_470db29249154f46.txt", f)
    db = tmp_path / "s.db"
    runner = CliRunner()
    assert _ingest(runner, db, src).exit_code == 0
    f.write_text(f.read_text().replace("60-minute talks", "90-minute talks"))
    result = _ingest(runner, db, src)
    assert "articles: 0 added, 1 replaced" in result.output
    conn = sqlite3.connect(db)
    bodies = [r[0] for r in conn.execute("SELECT body FROM articles")]
    assert len(bodies) == 1 and "90-minute talks" in bodies[0]


def test_same_article_under_two_names_is_stored_once(tmp_path, seed_dir):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(seed_dir / "000_62ed515fa276ed97.txt", src / "one.txt")
    shutil.copy(seed_dir / "000_62ed515fa276ed97.txt", src / "two.txt")
    db = tmp_path / "s.db"
    result = _ingest(CliRunner(), db, src)
    assert result.exit_code == 0 and "1 duplicate" in result.output
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 2


def test_bad_files_are_skipped_with_a_reason_and_the_rest_ingested(tmp_path, seed_dir):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(seed_dir / "002_8c3971df6070e234.txt", src / "good.txt")
    (src / "empty.txt").write_bytes(b"")
    (src / "nul.txt").write_bytes(b"abc\x00def")
    (src / "photo.png").write_bytes(b"\x89PNG\r\n")
    (src / "dangling.txt").symlink_to(src / "missing.txt")
    db = tmp_path / "s.db"
    result = _ingest(CliRunner(), db, src)
    assert result.exit_code == 1
    assert "articles: 1 added" in result.output
    for name, reason in [("empty.txt", "empty"), ("nul.txt", "binary"), ("photo.png", "unsupported"),
                         ("dangling.txt", "broken symbolic link")]:
        line = next(line for line in result.output.splitlines() if name in line)
        assert reason in line


def test_bad_database_path_is_a_one_line_error(tmp_path, seed_dir):
    result = _ingest(CliRunner(), tmp_path / "no" / "such" / "dir.db", seed_dir)
    assert result.exit_code == 2
    assert "directory does not exist" in result.output
    notdb = tmp_path / "x.db"
    notdb.write_text("this is not sqlite " * 100)
    result = CliRunner().invoke(cli, ["dump", "--db", str(notdb)])
    assert result.exit_code == 2 and "not a usable diplotui database" in result.output
    assert "Traceback" not in result.output


def test_dump_has_the_documented_shape(tmp_path, seed_dir):
    runner = CliRunner()
    db = tmp_path / "s.db"
    _ingest(runner, db, seed_dir)
    result = runner.invoke(cli, ["dump", "--db", str(db)])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert set(data) >= {"articles", "officials", "events"}
    parts = [(a["file"], a["part"]) for a in data["articles"]]
    assert parts[3:7] == [("003_f61767d183f80fa3.txt", p) for p in (1, 2, 3, 4)]
    for article in data["articles"]:
        assert {"id", "file", "part", "outlet", "published", "headline", "officials"} <= set(article)


def test_an_article_s_title_for_a_person_is_the_body_s_before_the_headline_s(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(
        "FM Otieno Meets Norwegian Envoy\n\nNAIROBI, May 14, 2025 (Reuters) - Kenyan Cabinet Secretary for Foreign "
        "Affairs Joyce Otieno met Norwegian envoy Erik Lunde in Nairobi on Wednesday to discuss trade.\n\n"
        "Otieno said the talks had gone well.\n"
    )
    db = tmp_path / "s.db"
    runner = CliRunner()
    assert _ingest(runner, db, src).exit_code == 0
    data = json.loads(runner.invoke(cli, ["dump", "--db", str(db)]).output)
    names = {o["id"]: o["name"] for o in data["officials"]}
    titles = {names[o["official_id"]]: o["title"] for o in data["articles"][0]["officials"]}
    assert titles["Joyce Otieno"] == "Cabinet Secretary for Foreign Affairs"


def test_every_command_has_help():
    runner = CliRunner()
    for name, command in cli.commands.items():
        assert command.help, name
        assert runner.invoke(cli, [name, "--help"]).exit_code == 0


def test_what_resolution_keeps_in_memory_matches_the_database_after_every_article(tmp_path):
    """Resolution keeps surname blocks in memory while it reads a batch and writes its own
    additions through; that must equal a fresh read at any point of the batch."""
    from kb_builder import generated_corpus

    from diplotui.extract import nlp as nlp_mod
    from diplotui.extract.ingest import ingest
    from diplotui.extract.resolve import Resolver
    from diplotui.store.db import open_db

    checked = {"blocks": 0}

    class Checked(Resolver):
        def on_article(self, *args) -> None:
            super().on_article(*args)
            w = self.w
            for block, officials in self._blocks.items():
                aliases = w.aliases_in_block(block)
                fresh = [(oid, name, country, sorted(aliases.get(oid, [])))
                         for oid, name, country, _title, _locked in w.officials_in_block(block)]
                assert [(o.id, o.name, o.country, sorted(o.aliases)) for o in officials] == fresh, block
                checked["blocks"] += 1

    corpus = generated_corpus(tmp_path / "corpus", articles=60, words=200, seed=7)
    nlp = nlp_mod.load()
    db = open_db(tmp_path / "kb.db")
    summary = ingest(db, [corpus], extractor=lambda items: nlp_mod.pipe_articles(nlp, items), sink=Checked,
                     batch_documents=6)
    assert summary.articles_added == 60
    first = dict(checked)
    assert first["blocks"] > 20
    changed = sorted(corpus.glob("*.txt"))[3]  # a replaced document drops its reports and mentions
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text[: len(text) // 2], encoding="utf-8")
    summary = ingest(db, [corpus], extractor=lambda items: nlp_mod.pipe_articles(nlp, items), sink=Checked,
                     batch_documents=6)
    assert summary.articles_replaced == 1
    assert checked["blocks"] > first["blocks"]


def test_an_undated_reports_candidate_events_are_its_officials_newest(tmp_path):
    from diplotui.store.db import open_db
    from diplotui.store.write import Writer

    w = Writer(open_db(tmp_path / "c.db"))
    a, b, c = (w.add_official(n, n.lower(), n.lower()) for n in ("Ann Lee", "Bo Kim", "Cy Park"))
    took_part = {}
    for i in range(24):
        eid = w.add_event()
        took_part[eid] = [[a], [b], [a, b], [c]][i % 4]
        w.update_event(eid, took_part[eid], sort_key=f"20{10 + i % 7}-01-01" if i % 3 else "")
    newest = sorted((e for e, who in took_part.items() if a in who or b in who), reverse=True)  # dated or not
    assert w.events_of_officials([a, b], [], undated_limit=5) == newest[:5]
    with_c = sorted((e for e, who in took_part.items() if c in who), reverse=True)
    assert w.events_of_officials([c], [], undated_limit=50) == with_c


def test_the_workers_get_every_article_once_in_order_and_the_last_ones_in_smaller_batches():
    """The pool's batches: whole batches while more is to come, then shares of what is left, so the
    workers run out of work together (over 2,000 articles they ended 0.45 s apart, then together)."""
    from diplotui.extract.nlp import TAIL_BATCH, _batches

    for n in (0, 1, 7, 32, 33, 200, 1000):
        batches = list(_batches(iter(range(n)), 32, 2))
        assert [x for b in batches for x in b] == list(range(n))
        assert all(0 < len(b) <= 32 for b in batches)
    sizes = [len(b) for b in _batches(iter(range(1000)), 32, 2)]
    assert sizes[:25] == [32] * 25  # the end not in sight: whole batches
    tail = sizes[sizes.index(next(s for s in sizes if s < 32)):]
    assert tail == sorted(tail, reverse=True) and tail[-2] <= TAIL_BATCH and len(tail) > 4


def test_events_derived_from_the_rows_clustering_read_equal_those_from_a_fresh_read(tmp_path):
    """Event clustering derives each event it changed from the report rows it read (its scope holds
    every report of its events), not from a second read; both must give the same event."""
    from kb_builder import generated_corpus

    from diplotui.extract import nlp as nlp_mod
    from diplotui.extract.ingest import ingest
    from diplotui.extract.resolve import Resolver, _derived
    from diplotui.store.db import open_db

    checked = {"events": 0}

    class Checked(Resolver):
        def refresh_events(self, eids, reported=None) -> None:
            if reported is not None:
                fresh = self.w.events_reports(eids)
                assert ({e: [r["id"] for r in reported[e]] for e in eids}
                        == {e: [r["id"] for r in fresh[e]] for e in eids})
                assert {e: _derived(reported[e]) for e in eids} == {e: _derived(fresh[e]) for e in eids}
                checked["events"] += len(eids)
            super().refresh_events(eids, reported)

    corpus = generated_corpus(tmp_path / "corpus", articles=60, words=200, seed=11)
    nlp = nlp_mod.load()
    db = open_db(tmp_path / "kb.db")
    ingest(db, [corpus], extractor=lambda items: nlp_mod.pipe_articles(nlp, items), sink=Checked, batch_documents=6)
    first = checked["events"]
    assert first > 20
    changed = sorted(corpus.glob("*.txt"))[5]  # a replaced document takes its reports out of their events
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text[: len(text) // 2], encoding="utf-8")
    ingest(db, [corpus], extractor=lambda items: nlp_mod.pipe_articles(nlp, items), sink=Checked, batch_documents=6)
    assert checked["events"] > first
