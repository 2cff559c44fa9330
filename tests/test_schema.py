"""Schema upgrades: a database made by an earlier diplotui opens, upgraded in place, nothing lost."""

from __future__ import annotations

import sqlite3

from click.testing import CliRunner

from diplotui.store import api as q
from diplotui.store.db import open_db, upgrade_needed
from diplotui.store.schema import MIGRATIONS
from diplotui.tui.cli import cli


def _version3_db(path) -> None:
    """A database as diplotui's schema 3 left it, with three articles (one undated)."""
    conn = sqlite3.connect(path)
    for statements in MIGRATIONS[:3]:
        for sql in statements:
            conn.execute(sql)
    conn.execute("PRAGMA user_version = 3")
    conn.execute("INSERT INTO documents(id, path, name, size, sha256, ingested_at)"
                 " VALUES (1, '/x', 'x', 1, 'h', '2026-01-01')")
    rows = [(1, "2016-04-03", "Ministers hold talks"), (2, "", "Talks with no date"), (3, "2019", "Other news")]
    for part, (aid, key, head) in enumerate(rows):
        conn.execute(
            "INSERT INTO articles(id, document_id, part, headline, body, content_hash, sort_key)"
            " VALUES (?, 1, ?, ?, ?, ?, ?)",
            (aid, part, head, head + ".", f"c{aid}", key),
        )
    conn.commit()
    conn.close()


def test_a_schema_3_database_is_upgraded_and_its_search_still_works(tmp_path):
    path = tmp_path / "old.db"
    _version3_db(path)
    assert upgrade_needed(path)
    db = open_db(path)
    assert not upgrade_needed(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    found = [a.id for a in q.articles_page(db, q.ArticleFilter(text="talks")).items]
    assert found == [1, 2]  # dated first, the undated last, as in the plain list
    db.execute("UPDATE articles SET sort_key = '2020-01-01' WHERE id = 2")  # the index follows a new date
    assert [a.id for a in q.articles_page(db, q.ArticleFilter(text="talks")).items] == [2, 1]
    db.execute("DELETE FROM articles WHERE id = 1")
    assert [a.id for a in q.articles_page(db, q.ArticleFilter(text="talks")).items] == [2]


def test_the_app_command_upgrades_an_old_database_before_opening_it(tmp_path):
    path = tmp_path / "old.db"
    _version3_db(path)
    result = CliRunner().invoke(cli, ["dump", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert "Upgrading" in result.output and not upgrade_needed(path)


def test_only_an_upgraded_base_is_asked_to_derive_its_keys_again(tmp_path):
    # migration 10 asks the next writer to derive every key again and cluster every mention
    # again; a base created from nothing has nothing of an earlier diplotui's making
    fresh = open_db(tmp_path / "new.db")
    assert fresh.execute("SELECT count(*) FROM pending_resolution").fetchone()[0] == 0
    fresh.close()
    path = tmp_path / "old.db"
    _version3_db(path)
    old = open_db(path)
    assert old.execute("SELECT kind FROM pending_resolution").fetchall() == [("rederive",)]
