"""Robustness, round 2 (issue 24): nothing a user types or feeds in may destroy data, hang,
crash or reach inside. Each test is named after its case number in the issue and in
docs/robustness.md; each case is created for real (files, links, devices, pipes, a full
file system, servers on 127.0.0.1) and checked for a one-line reason, the exit status, an
intact database and nothing stored earlier lost.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from tui_support import wait_until
from web_support import Route, Site, rss

from diplotui.extract import ingest as ingest_mod
from diplotui.extract.fetch import Fetcher, FetchError
from diplotui.extract.ingest import ingest
from diplotui.store.db import open_db
from diplotui.store.text import clean_control
from diplotui.tui.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED = SEEDS / "000_62ed515fa276ed97.txt"
NEWS = (
    "Ministers agree to regular talks on trade and security\n"
    "March 3, 2021\n\n"
    "SEOUL, March 3 (Yonhap) -- The foreign ministers of the two countries met in Seoul on Tuesday and "
    "agreed to hold regular consultations on trade, supply chains and regional security, officials said.\n\n"
    "The ministers also discussed humanitarian aid and the resumption of direct flights, according to a "
    "statement released after the talks, which lasted about ninety minutes.\n"
)


def invoke(*args: str | Path, input: str | bytes | None = None):
    return CliRunner().invoke(cli, [os.fsdecode(a) if isinstance(a, bytes) else str(a) for a in args], input=input)


def run(*args: str | Path | bytes, timeout: float = 300) -> subprocess.CompletedProcess:
    """The command as a user runs it (a real process: real stdout, stderr and exit status)."""
    return subprocess.run([sys.executable, "-m", "diplotui.tui.cli", *args], capture_output=True, timeout=timeout)


def one_error(output: str) -> str:
    """The output holds exactly one ``Error:`` line and no traceback; return that line."""
    assert "Traceback" not in output, output
    lines = [line for line in output.splitlines() if line.startswith("Error")]
    assert len(lines) == 1, output
    return lines[0]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def intact(db: Path, articles: int | None = None) -> sqlite3.Connection:
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    n = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == n
    if articles is not None:
        assert n == articles
    return conn


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    """A database with the seed articles (read-only for the tests: copy it to change it)."""
    db = tmp_path_factory.mktemp("seeded") / "kb.db"
    result = invoke("ingest", SEEDS, "--db", db, "-j", "1")
    assert result.exit_code == 0, result.output
    sqlite3.connect(db).execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return db


@pytest.fixture
def kb(seeded, tmp_path) -> Path:
    db = tmp_path / "kb.db"
    shutil.copy(seeded, db)
    return db


def n_articles(db: Path) -> int:
    return sqlite3.connect(db).execute("SELECT count(*) FROM articles").fetchone()[0]


# --------------------------------------------------------------------------- 1, 2: where an export is written


def test_24_1_export_refuses_the_database_and_its_files(kb):
    before, n = digest(kb), n_articles(kb)
    with sqlite3.connect(kb) as conn:  # a -wal and -shm beside the database, as while the app runs
        conn.execute("PRAGMA journal_mode = WAL")
        keep_open = sqlite3.connect(kb)
        keep_open.execute("SELECT count(*) FROM articles").fetchone()
    (kb.parent / "link.md").symlink_to(kb)
    os.link(kb, kb.parent / "hard.md")
    targets = ((kb, "is the database"), (f"{kb}-wal", "-wal file"), (f"{kb}-shm", "-shm file"),
               (kb.parent / "link.md", "is the database"), (kb.parent / "hard.md", "is the database"))
    for target, why in targets:
        result = invoke("export", "article", "1", "--db", kb, "-o", target, "--force")
        assert result.exit_code == 2, (target, result.output)
        assert why in one_error(result.output)
    # also a database diplotui is not reading: any SQLite file is refused, --force or not
    other = kb.parent / "other.db"
    shutil.copy(kb, other)
    result = invoke("export", "article", "1", "--db", kb, "-o", other, "--force")
    assert result.exit_code == 2 and "is a SQLite database" in one_error(result.output)
    keep_open.close()
    assert digest(kb) == before
    intact(kb, n)


def test_24_1_the_app_s_writer_refuses_the_database_whatever_the_overwrite_flag(kb):
    from diplotui.tui.export import ExportExists, ExportWriteError, write_export

    before = digest(kb)
    for overwrite in (False, True):
        with pytest.raises(ExportWriteError, match="is the database"):
            write_export(kb, "# x\n", overwrite=overwrite, database=kb)
    target = kb.parent / "out" / "a.md"
    assert write_export(target, "one\n", database=kb, make_dirs=True) == target
    with pytest.raises(ExportExists, match="exists"):
        write_export(target, "two\n", database=kb)
    write_export(target, "two\n", overwrite=True, database=kb)
    assert target.read_text() == "two\n" and digest(kb) == before


def test_24_2_output_writes_through_devices_pipes_and_links(kb, tmp_path):
    # a character device stays one (as root, a rename turned /dev/null into a file). The test
    # writes to a null device of its own, so that a regression cannot break the machine's.
    null = tmp_path / "null"
    try:
        os.mknod(null, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        null = Path("/dev/null")  # not root: a rename of /dev/null fails anyway
    result = invoke("export", "article", "1", "--db", kb, "-o", null)
    assert result.exit_code == 0 and stat.S_ISCHR(os.stat(null).st_mode), result.output
    # a named pipe is written into, not replaced
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    result = invoke("export", "article", "1", "--db", kb, "-o", fifo)
    reader.join(10)
    assert result.exit_code == 0 and got and got[0].startswith(b"# "), result.output
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    # a process substitution (/dev/fd/N, a pipe) as a shell gives it
    command = f'{sys.executable} -m diplotui.tui.cli export article 1 --db "{kb}" -o >(wc -c > "$0/count")'
    shell = subprocess.run(["bash", "-c", command, str(tmp_path)], capture_output=True, text=True, timeout=120)
    # the shell can return before wc writes its count
    count = tmp_path / "count"
    wait_until(lambda: count.exists() and count.read_text().strip() != "", what="wc never wrote its count")
    assert shell.returncode == 0 and int((tmp_path / "count").read_text()) > 100, shell.stderr
    # a symbolic link: its target is written and the link stays a link
    target = tmp_path / "real.md"
    target.write_text("old\n")
    (tmp_path / "link.md").symlink_to(target)
    assert invoke("export", "article", "1", "--db", kb, "-o", tmp_path / "link.md", "--force").exit_code == 0
    assert (tmp_path / "link.md").is_symlink() and target.read_text().startswith("# ")


def test_24_2_an_existing_file_needs_force_keeps_its_mode_and_links(kb, tmp_path):
    private = tmp_path / "private.md"
    private.write_text("mine\n")
    private.chmod(0o600)
    os.link(private, tmp_path / "second-name.md")
    result = invoke("export", "article", "1", "--db", kb, "-o", private)
    assert result.exit_code == 2 and "exists; use --force" in one_error(result.output)
    assert private.read_text() == "mine\n"
    result = invoke("export", "article", "1", "--db", kb, "-o", private, "--force")
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    assert private.stat().st_nlink == 2 and (tmp_path / "second-name.md").read_text() == private.read_text()
    assert private.read_text().startswith("# ")
    # a read-only file is refused even with --force (and even for root)
    frozen = tmp_path / "frozen.md"
    frozen.write_text("keep\n")
    frozen.chmod(0o444)
    result = invoke("export", "article", "1", "--db", kb, "-o", frozen, "--force")
    assert result.exit_code == 2 and "read-only" in one_error(result.output)
    assert frozen.read_text() == "keep\n" and stat.S_IMODE(frozen.stat().st_mode) == 0o444
    # a new file in a missing folder: a clear refusal, nothing created
    result = invoke("export", "article", "1", "--db", kb, "-o", tmp_path / "nowhere" / "a.md")
    assert result.exit_code == 2 and "does not exist" in one_error(result.output)
    # a new file gets the usual mode; a file owned by the user and writable is replaced in place of name
    fresh = tmp_path / "fresh.md"
    assert invoke("export", "article", "1", "--db", kb, "-o", fresh).exit_code == 0
    assert fresh.read_text().startswith("# ")


def test_24_2_a_file_the_user_may_not_write_is_refused(kb, tmp_path, monkeypatch):
    theirs = tmp_path / "theirs.md"
    theirs.write_text("theirs\n")
    real_access = os.access
    def access(p, mode, **kw):  # the user may read it but not write it
        return False if Path(p) == theirs and mode & os.W_OK else real_access(p, mode, **kw)

    monkeypatch.setattr(os, "access", access)
    result = invoke("export", "article", "1", "--db", kb, "-o", theirs, "--force")
    assert result.exit_code == 2 and "read-only" in one_error(result.output)
    assert theirs.read_text() == "theirs\n"


# --------------------------------------------------------------------------- 3: our own exports


def test_24_3_diplotui_s_own_exports_are_skipped_on_ingest(kb, tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    shutil.copy(SEED, folder)
    conn = sqlite3.connect(kb)
    event = conn.execute("SELECT min(id) FROM events").fetchone()[0]
    official = conn.execute("SELECT min(id) FROM officials").fetchone()[0]
    for kind, target in (("article", "1"), ("official", str(official)), ("event", str(event)), ("search", "talks")):
        assert invoke("export", kind, target, "--db", kb, "-o", folder / f"{kind}.md").exit_code == 0
    counts = [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "officials", "events")]
    result = invoke("ingest", folder, "--db", kb, "-j", "1")
    assert result.exit_code == 1, result.output
    for kind in ("article", "official", "event", "search"):
        assert f"skipped {folder / kind}.md: a diplotui export" in result.output
    assert [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "officials", "events")] \
        == counts
    intact(kb)


def test_24_3_an_export_read_as_news_before_loses_its_articles(kb, tmp_path, monkeypatch):
    folder = tmp_path / "news"
    folder.mkdir()
    assert invoke("export", "article", "1", "--db", kb, "-o", folder / "a.md").exit_code == 0
    n = n_articles(kb)
    monkeypatch.setattr(ingest_mod, "is_diplotui_export", lambda data: False)  # as an earlier version read it
    assert invoke("ingest", folder, "--db", kb, "-j", "1").exit_code == 0
    assert n_articles(kb) == n + 1
    monkeypatch.undo()
    result = invoke("ingest", folder, "--db", kb, "-j", "1")
    assert "a diplotui export" in result.output and n_articles(kb) == n
    intact(kb)


# --------------------------------------------------------------------------- 4: long articles


def test_24_4_pieces_join_back_and_cut_at_paragraphs():
    from diplotui.extract.nlp import pieces

    text = "\n\n".join(f"Paragraph {i} " + "word " * (i % 50 + 10) for i in range(3000))
    parts = pieces(text, 2000)
    assert "".join(parts) == text and max(map(len, parts)) <= 2000
    assert all(p.endswith("\n\n") for p in parts[:-1])
    one_line = "A sentence of eight words ends right here. " * 2000
    parts = pieces(one_line, 2000)
    assert "".join(parts) == one_line and all(p.endswith(". ") for p in parts[:-1])
    solid = "x" * 5000
    assert "".join(pieces(solid, 2000)) == solid


def test_24_4_an_article_over_spacy_s_limit_is_read_in_pieces_in_bounded_memory(tmp_path):
    story = " ".join(SEED.read_text(encoding="utf-8").split("\n")[2:]).split()  # a seed's text, with officials
    body = " ".join(story * (1_050_000 // len(" ".join(story)) + 1))  # one line of over a million characters
    assert len(body) > 1_000_000
    (tmp_path / "long.txt").write_text("Ministers meet in an endless session\n\n" + body + "\n")
    db = tmp_path / "kb.db"
    probe = (
        "import resource, sys\n"
        "from diplotui.tui.cli import cli\n"
        "try:\n"
        f"    cli(['ingest', {str(tmp_path / 'long.txt')!r}, '--db', {str(db)!r}, '-j', '1'], standalone_mode=False)\n"
        "finally:\n"
        "    print('maxrss', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=600)
    assert "Traceback" not in proc.stderr and "articles: 1 added" in proc.stderr, proc.stderr
    rss_mb = int(proc.stderr.split("maxrss")[1].split()[0]) / 1024
    assert rss_mb < 1200, f"{rss_mb:.0f} MB for one long article"
    conn = intact(db, 1)
    stored = conn.execute("SELECT body FROM articles").fetchone()[0]
    mentions = conn.execute("SELECT text, start, end FROM mentions").fetchall()
    assert len(mentions) > 1000
    assert all(stored[start:end] == text for text, start, end in mentions)  # offsets across pieces


def test_24_4_an_article_too_long_even_for_pieces_is_skipped_with_a_reason(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest_mod, "MAX_ARTICLE_CHARS", 2_000)
    (tmp_path / "long.txt").write_text(NEWS + ("More talks were held on trade and security. " * 100))
    (tmp_path / "short.txt").write_text(NEWS)
    lines = [json.dumps({"title": "Talks", "text": NEWS.split("\n\n", 1)[1] * k}) for k in (1, 30)]
    (tmp_path / "records.jsonl").write_text("\n".join(lines) + "\n")
    db = open_db(tmp_path / "kb.db")
    summary = ingest(db, [tmp_path])
    reasons = dict(summary.skipped)
    assert reasons[f"{tmp_path / 'long.txt'}"].startswith("article too long to extract")
    assert reasons[f"{tmp_path / 'records.jsonl'}: line 2"].startswith("article too long to extract")
    assert summary.articles_added == 2  # the short file and the first record


# --------------------------------------------------------------------------- 5, 6: names and nesting


def test_24_5_a_file_name_that_is_not_utf8_is_read(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / os.fsdecode(b"x\xff.txt")).write_text(NEWS)
    db = tmp_path / "kb.db"
    proc = run("ingest", str(folder), "--db", str(db), "-j", "1")
    err = proc.stderr.decode()
    assert proc.returncode == 0 and "Traceback" not in err and "articles: 1 added" in err, err
    assert sqlite3.connect(db).execute("SELECT name FROM documents").fetchone()[0] == "x\\xff.txt"
    again = run("ingest", str(folder), "--db", str(db), "-j", "1")
    assert again.returncode == 0 and "1 unchanged" in again.stderr.decode()
    intact(db, 1)


def test_24_6_deep_json_and_a_folder_nested_1200_deep(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    good = json.dumps({"title": "Ministers agree to talks", "text": NEWS.split("\n\n", 1)[1]})
    (folder / "records.jsonl").write_text("[" * 100_000 + "\n" + good + "\n")
    deep = folder
    fd = os.open(folder, os.O_RDONLY)
    try:  # os.makedirs recurses itself: made one level at a time
        for _ in range(1200):
            os.mkdir("d", dir_fd=fd)
            fd, old = os.open("d", os.O_RDONLY, dir_fd=fd), fd
            os.close(old)
        with open(os.open("deep.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as f:
            f.write(NEWS.replace("Ministers agree", "Ministers from deep below agree").replace("Tuesday", "Monday"))
    finally:
        os.close(fd)
    deep = folder.joinpath(*["d"] * 1200, "deep.txt")
    db = tmp_path / "kb.db"
    try:
        result = invoke("ingest", folder, "--db", db, "-j", "1")
        assert result.exit_code == 1 and "Traceback" not in result.output, result.output
        assert "records.jsonl: line 1: nested too deeply" in result.output
        assert "articles: 2 added" in result.output
        paths = {r[0] for r in sqlite3.connect(db).execute("SELECT path FROM documents")}
        assert str(deep) in paths
        intact(db, 2)
    finally:  # pytest's clean-up (shutil.rmtree) recurses once per level: taken apart here
        for depth in range(1200, 0, -1):
            level = folder.joinpath(*["d"] * depth)
            for child in level.iterdir():
                if child.is_file():
                    child.unlink()
            level.rmdir()


# --------------------------------------------------------------------------- 7: a full disk


def _can_mount_tmpfs() -> bool:
    if os.geteuid() != 0 or not shutil.which("unshare"):
        return False
    probe = subprocess.run(["unshare", "-m", "sh", "-c", "mount -t tmpfs -o size=64k tmpfs /mnt"],
                           capture_output=True, timeout=30)
    return probe.returncode == 0


@pytest.mark.skipif(not _can_mount_tmpfs(), reason="needs root and unshare to mount a small file system")
def test_24_7_a_full_disk_stops_the_ingest_with_one_line_and_nothing_lost(kb, tmp_path):
    from kb_builder import generated_corpus

    corpus = generated_corpus(tmp_path / "corpus", articles=60, words=400, seed=3)
    n = n_articles(kb)
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    size = kb.stat().st_size + 300_000  # room for the copy and a few batches, not for 60 articles
    script = (
        f'mount -t tmpfs -o size={size} tmpfs "{mnt}" && cp "{kb}" "{mnt}/kb.db" && '
        f'{sys.executable} -m diplotui.tui.cli ingest "{corpus}" --db "{mnt}/kb.db" -j 1 --batch-size 4; '
        f'echo "status=$?" >&2; cp "{mnt}/kb.db" "{tmp_path}/after.db"; '
        f'[ -f "{mnt}/kb.db-wal" ] && cp "{mnt}/kb.db-wal" "{tmp_path}/after.db-wal"; true'
    )
    proc = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=600)
    err = proc.stderr
    assert "status=3" in err and "Traceback" not in err, err
    stopped = [line for line in err.splitlines() if line.startswith("stopped:")]
    assert len(stopped) == 1 and "disk is full" in stopped[0] and "intact" in stopped[0], err
    conn = intact(tmp_path / "after.db")
    stored = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert n < stored < n + 60  # batches before the disk filled are kept, the seeds too
    seeds_left = conn.execute("SELECT count(*) FROM documents WHERE path LIKE '%seeds%'").fetchone()[0]
    assert seeds_left == sqlite3.connect(kb).execute("SELECT count(*) FROM documents").fetchone()[0]


def test_24_7_a_full_database_mid_ingest_stops_with_one_line(kb, tmp_path, monkeypatch):
    """The same on any machine: SQLite's page limit gives the same SQLITE_FULL as a full disk."""
    from kb_builder import generated_corpus

    from diplotui.tui import cli as cli_mod

    corpus = generated_corpus(tmp_path / "corpus", articles=40, words=400, seed=5)
    n = n_articles(kb)
    opened = cli_mod._open

    def tight(db, readonly=False):
        database = opened(db, readonly)
        pages = database.execute("PRAGMA page_count").fetchone()[0]
        database.execute(f"PRAGMA max_page_count = {pages + 40}")
        return database

    monkeypatch.setattr(cli_mod, "_open", tight)
    result = invoke("ingest", corpus, "--db", kb, "-j", "1", "--batch-size", "4")
    assert result.exit_code == 3 and "Traceback" not in result.output, result.output
    assert len([line for line in result.output.splitlines() if line.startswith("stopped: the disk is full")]) == 1
    assert n < intact(kb).execute("SELECT count(*) FROM articles").fetchone()[0] < n + 40


# --------------------------------------------------------------------------- 8: small inputs on the command line


def test_24_8_numbers_dates_and_url_lists_that_are_not_what_they_seem(kb, tmp_path):
    for args in (("export", "search", "talks", "--from", "99999999999999"),
                 ("export", "search", "talks", "--to", "2016-13"),
                 ("export", "article", "99999999999999999999999"),
                 ("export", "article", "²"),
                 ("export", "event", "-1")):
        result = invoke(*args, "--db", kb)
        assert result.exit_code == 2, (args, result.output)
        one_error(result.output)
    for query in ("99999999999999999999999", "²"):
        result = invoke("officials", "rename", query, "Someone", "--db", kb)
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    typed = ((b"export", b"search", b"caf\xe9"), (b"export", b"official", b"caf\xe9"),
             (b"officials", b"list", b"caf\xe9"), (b"export", b"search", b"x", b"--outlet", b"caf\xe9"))
    for args in typed:
        proc = run(*args, b"--db", bytes(kb))  # typed in a terminal that is not UTF-8
        assert proc.returncode in (0, 2) and b"Traceback" not in proc.stderr, (args, proc.stderr)
    latin1 = tmp_path / "urls.txt"
    latin1.write_bytes(b"http://127.0.0.1:9/a\nhttp://127.0.0.1:9/caf\xe9\n")
    result = invoke("ingest", "--urls", latin1, "--db", kb)
    assert result.exit_code == 2 and "line 2: not UTF-8 text" in one_error(result.output)
    started = time.monotonic()
    result = invoke("ingest", "--urls", "/dev/zero", "--db", kb)
    assert result.exit_code == 2 and "line 1: longer than 8192 bytes" in one_error(result.output)
    assert time.monotonic() - started < 5
    intact(kb)


# --------------------------------------------------------------------------- 10, 11, 17: the web


def test_24_10_a_server_that_trickles_is_given_up_at_the_deadline(tmp_path):
    with Site() as site:  # answers at once, then sends its body a byte every 0.2 s
        site.routes["/slow.html"] = Route(b"x" * 100_000, trickle=0.2)
        url = site.url("/slow.html")
        fetcher = Fetcher(timeout=1.0, retries=2, backoff=0.05, per_host_interval=0, deadline=2.0)
        outcome: list[BaseException | object] = []

        def fetch() -> None:
            try:
                outcome.append(fetcher.get(url))
            except BaseException as exc:  # noqa: BLE001 -- handed to the test thread
                outcome.append(exc)

        started = time.monotonic()
        worker = threading.Thread(target=fetch, daemon=True)  # a regression must fail, not hang the suite
        worker.start()
        worker.join(30)
        assert outcome, "the fetch was still going after 30 s"
        assert isinstance(outcome[0], FetchError) and "gave up after 2 s in all" in str(outcome[0]), outcome
        assert time.monotonic() - started < 4
        db = tmp_path / "kb.db"
        result = invoke("ingest", url, "--db", db, "--max-time", "2", "--timeout", "1", "-j", "1")
        assert result.exit_code == 1 and "gave up after 2 s in all" in result.output, result.output
        fetcher.close()


def _site_page(title: str) -> bytes:
    body = NEWS.split("\n\n", 1)[1].replace("\n\n", "</p><p>")
    head = f"<html><head><title>{title}</title></head>"
    return f"{head}<body><article><h1>{title}</h1><p>{body}</p></article></body></html>".encode()


def test_24_11_redirects_and_feed_links_inside_are_refused_unless_named(tmp_path):
    with Site() as outside, Site() as inside:
        inside.routes["/secret.html"] = Route(_site_page("Internal page"))
        outside.routes["/local.html"] = Route(_site_page("Ministers meet"))
        outside.routes["/moved.html"] = Route(b"", status=302, headers={"Location": "/local.html"})
        outside.routes["/jump.html"] = Route(b"", status=302, headers={"Location": inside.url("/secret.html")})
        feed = rss(outside, [("/local.html", "Ministers meet")])
        feed = feed.replace(b"</channel>", (
            f"<item><title>x</title><link>{inside.url('/secret.html')}</link></item>"
            "<item><title>y</title><link>http://169.254.169.254/latest/meta-data/</link></item></channel>"
        ).encode())
        outside.routes["/feed.xml"] = Route(feed, content_type="application/rss+xml")
        db = open_db(tmp_path / "kb.db")
        fetcher = Fetcher(timeout=2, retries=1, backoff=0.05, per_host_interval=0)
        urls = [outside.url("/moved.html"), outside.url("/jump.html"), outside.url("/feed.xml")]
        summary = ingest(db, urls, fetcher=fetcher)
        reasons = dict(summary.skipped)
        port = inside.server.server_port
        assert reasons[urls[1]].startswith(f"refused: redirected to 127.0.0.1:{port}, a loopback address")
        assert reasons[inside.url("/secret.html")].startswith(f"refused: links to 127.0.0.1:{port}, a loopback")
        assert reasons["http://169.254.169.254/latest/meta-data/"].startswith(
            "refused: links to 169.254.169.254:80, a link-local (cloud metadata) address")
        assert inside.hits == {}  # nothing was asked of the inside server
        assert summary.articles_added == 1  # the redirect within the named host:port is followed
        # named by the user, the same address is fetched
        summary = ingest(db, [inside.url("/secret.html")], fetcher=fetcher)
        assert summary.skipped == [] and inside.hits == {"/secret.html": 1}
        fetcher.close()


def test_24_11_a_name_that_resolves_inside_only_when_fetched_is_refused(monkeypatch):
    """DNS rebinding: the name looked public when checked, the connection went inside."""
    from diplotui.extract import fetch as fetch_mod

    with Site() as outside, Site() as inside:
        inside.routes["/secret.html"] = Route(_site_page("Internal page"))
        outside.routes["/jump.html"] = Route(b"", status=302, headers={"Location": inside.url("/secret.html")})
        monkeypatch.setattr(fetch_mod, "_inside", lambda host, port: None)  # the first answer: public
        fetcher = Fetcher(timeout=2, retries=1, backoff=0.05, per_host_interval=0)
        refused = r"refused: redirected to 127\.0\.0\.1:\d+, which answered from a loopback"
        with pytest.raises(FetchError, match=refused):
            fetcher.get(outside.url("/jump.html"))
        with pytest.raises(FetchError, match="refused: links to 127.0.0.1"):
            fetcher.get(inside.url("/secret.html"), named=False)
        assert b"Internal page" in fetcher.get(inside.url("/secret.html")).content  # named by the user
        fetcher.close()


def test_24_17_a_redirect_to_a_file_url_is_refused_once(tmp_path):
    with Site() as site:
        site.routes["/to-file.html"] = Route(b"", status=302, headers={"Location": "file:///etc/passwd"})
        fetcher = Fetcher(timeout=2, retries=3, backoff=0.05, per_host_interval=0)
        with pytest.raises(FetchError, match="refused: redirected to a file: URL"):
            fetcher.get(site.url("/to-file.html"))
        assert site.hits["/to-file.html"] == 1
        fetcher.close()


# --------------------------------------------------------------------------- 12, 14, 15: text


def test_24_12_an_unterminated_osc_strips_the_sequence_not_the_text():
    text = "Ministers met in Seoul \x1b]0;window title and the talks went on for hours.\nSecond line stays."
    expected = "Ministers met in Seoul window title and the talks went on for hours.\nSecond line stays."
    assert clean_control(text) == expected
    assert clean_control("a \x1b]8;;http://x\x07link\x1b]8;;\x07 b") == "a link b"  # terminated: all of it
    assert clean_control("a \x1b]52;c;" + "QUJD" * 50 + "\x1b\\ b") == "a  b"
    assert clean_control("keep \x1bPq the rest") == "keep q the rest"
    assert clean_control("keep \x9d0;the rest") == "keep the rest"


def test_24_12_an_unterminated_osc_in_a_file_keeps_the_article(tmp_path):
    broken = NEWS.replace("regional security,", "regional security, \x1b]0;")
    (tmp_path / "a.txt").write_text(broken)
    db = open_db(tmp_path / "kb.db")
    ingest(db, [tmp_path / "a.txt"])
    body = db.execute("SELECT body FROM articles").fetchone()[0]
    assert "ninety minutes" in body and "\x1b" not in body


INVISIBLE = ["\u2061", "\u2062", "\u2063", "\u2064", "\u061c", "\U000e0041", "\U000e0001", "\u115f", "\u1160",
             "\u3164", "\uffa0", "\u00ad", "\u034f"]


def test_24_14_invisible_characters_are_removed_where_they_mean_nothing():
    for ch in INVISIBLE:
        assert clean_control(f"Sec{ch}retary of State") == "Secretary of State", repr(ch)
    for ch in ("\u200c", "\u200d"):  # in Latin text, at word edges, in runs: padding only
        assert clean_control(f"Sec{ch}retary {ch}of{ch} State{ch}{ch}") == "Secretary of State"
    # where a script or an emoji sequence needs them, they stay
    persian = "می\u200cخواهم"  # ZWNJ inside a Persian word
    devanagari = "क्\u200dष"  # ZWJ after a virama
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    scotland = "\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f"
    for kept in (persian, devanagari, family, scotland, "\U0001f44b\U0001f3fd\u200d\u2642\ufe0f"):
        assert clean_control(f"a {kept} b") == f"a {kept} b", repr(kept)


def test_24_14_officials_rename_stores_and_echoes_no_control_or_bidi(kb):
    official = sqlite3.connect(kb).execute("SELECT min(id) FROM officials").fetchone()[0]
    result = invoke("officials", "rename", str(official), "Evil\u202eName \x9b31mRed\x1b[0m", "--db", kb)
    assert result.exit_code == 0, result.output
    for bad in ("\u202e", "\x9b", "\x1b"):
        assert bad not in result.output
    name = sqlite3.connect(kb).execute("SELECT name FROM officials WHERE id = ?", (official,)).fetchone()[0]
    assert name == "EvilName Red"
    decisions = invoke("officials", "decisions", "--db", kb)
    assert "\u202e" not in decisions.output and "\x9b" not in decisions.output


def test_24_14_a_file_name_with_a_newline_cannot_forge_a_summary_line(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "skipped fake: reason\nfiles: 99.txt").write_text("tiny")
    proc = run("ingest", str(folder), "--db", str(tmp_path / "kb.db"), "-j", "1")
    lines = proc.stderr.decode().splitlines()
    assert not any(line.startswith("files: 99") for line in lines), lines
    assert sum(line.startswith("files:") for line in lines) == 1
    assert any(line.startswith("skipped ") and "fake: reason\\nfiles: 99.txt: " in line for line in lines), lines


def test_24_15_a_url_in_a_headline_is_no_link_in_markdown(kb, tmp_path):
    from markdown_it import MarkdownIt

    from diplotui.tui.export import inline

    headline = "Read https://example.com/a_b?x=1 or www.example.org, write to press@example.com"
    out = inline(headline)
    assert not re.search(r"[a-z]://|www\.|s@e", out), out
    html = MarkdownIt("commonmark").render(out)
    assert "<a " not in html and "https://example.com/a_b?x=1" in html and "\\" not in html
    conn = sqlite3.connect(kb)
    conn.execute("UPDATE articles SET headline = ? WHERE id = 1", (headline,))
    conn.commit()
    result = invoke("export", "article", "1", "--db", kb)
    first = result.output.splitlines()[0]
    assert first.startswith("# Read https\\://example.com/a\\_b") and "www\\.example" in first


# --------------------------------------------------------------------------- 16, 17: paths, sizes, FIFOs


def test_24_16_database_paths_with_hash_question_mark_and_percent(tmp_path):
    folder = tmp_path / "we#ird?na%20me"
    folder.mkdir()
    db = folder / "k#b?x=1%41.db"
    assert invoke("ingest", SEED, "--db", db, "-j", "1").exit_code == 0
    # SQLite's own -wal/-shm beside the database come and go (a writer removes them when it
    # closes, a reader makes them again); what must not appear is a file of a misread name
    def files() -> list[str]:
        return sorted(p.name for p in tmp_path.rglob("*") if not p.name.endswith(("-wal", "-shm")))

    before = files()
    dump = invoke("dump", "--db", db)
    assert dump.exit_code == 0 and json.loads(dump.output)["articles"], dump.output
    assert invoke("export", "article", "1", "--db", db).output.startswith("# ")
    database = open_db(db, readonly=True)
    assert database.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    database.close()
    assert files() == before  # no stray empty file


def test_24_17_sizes_are_what_the_docs_say_and_records_are_capped_not_exports(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        f.truncate(21_000_000)
    db = open_db(tmp_path / "kb.db")
    summary = ingest(db, [big])
    assert dict(summary.skipped)[str(big)] == "too large for one article file (21 MB > 20 MB)"
    text = NEWS.split("\n\n", 1)[1].replace("\n", " ")
    records = tmp_path / "many.jsonl"
    with open(records, "w") as f:
        for i in range(12_000):  # 23 MB of ordinary records
            f.write(json.dumps({"title": f"Talks number {i}", "text": f"Round {i}. " + text * 5}) + "\n")
    assert records.stat().st_size > 21_000_000
    summary = ingest(db, [records])
    assert summary.skipped == [] and summary.articles_added == 12_000


def test_24_17_a_fifo_inside_a_folder_is_reported(tmp_path):
    (tmp_path / "a.txt").write_text(NEWS)
    os.mkfifo(tmp_path / "pipe.txt")
    summary = ingest(open_db(tmp_path / "kb.db"), [tmp_path])
    assert (str(tmp_path / "pipe.txt"), "a named pipe (FIFO), not a regular file") in summary.skipped
    assert summary.articles_added == 1


def test_24_17_a_socket_inside_a_folder_is_reported(tmp_path):
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "s.txt"))
    try:
        summary = ingest(open_db(tmp_path / "kb.db"), [tmp_path])
        assert (str(tmp_path / "s.txt"), "a socket, not a regular file") in summary.skipped
    finally:
        sock.close()


# --------------------------------------------------------------------------- 19: a story two files hold

OTHER = (
    "Leaders open a summit on climate finance\n"
    "April 9, 2021\n\n"
    "GENEVA, April 9 (AFP) -- Leaders from forty countries opened a two-day summit on climate finance in "
    "Geneva on Friday, with pledges for adaptation funds expected before it closes, organisers said.\n\n"
    "Delegates also discussed debt relief for the poorest countries and a new fund for losses and damage, "
    "according to a draft statement seen by reporters on the first day of the talks.\n"
)


def _stories(db: Path) -> dict[str, str]:
    conn = intact(db)
    return dict(conn.execute("SELECT a.headline, d.name FROM articles a JOIN documents d ON d.id = a.document_id"))


@pytest.mark.parametrize("copy", ["another encoding", "the same bytes"])
def test_24_19_a_story_stays_while_any_file_still_holds_it(tmp_path, copy):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(NEWS, encoding="utf-8")
    (folder / "b.txt").write_bytes(NEWS.encode("utf-16") if copy == "another encoding" else NEWS.encode("utf-8"))
    db = tmp_path / "kb.db"
    first = invoke("ingest", folder, "--db", db, "-j", "1")
    assert first.exit_code == 0, first.output
    assert _stories(db) == {"Ministers agree to regular talks on trade and security": "a.txt"}
    (folder / "a.txt").write_text(OTHER, encoding="utf-8")  # the first file now tells another story
    again = invoke("ingest", folder, "--db", db, "-j", "1")
    assert again.exit_code == 0, again.output
    assert _stories(db) == {"Ministers agree to regular talks on trade and security": "b.txt",
                            "Leaders open a summit on climate finance": "a.txt"}
    # nothing is read twice on the next run, and the story stays when b.txt changes back to it too
    assert "2 unchanged" in invoke("ingest", folder, "--db", db, "-j", "1").output
    (folder / "a.txt").write_text(NEWS, encoding="utf-8")
    invoke("ingest", folder, "--db", db, "-j", "1")
    assert set(_stories(db)) == {"Ministers agree to regular talks on trade and security"}
    (folder / "a.txt").write_text(OTHER + "\nUpdated.\n", encoding="utf-8")
    invoke("ingest", folder, "--db", db, "-j", "1")
    assert "Ministers agree to regular talks on trade and security" in _stories(db)
