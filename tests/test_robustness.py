"""Robustness: bad files, bad databases, a broken model, interruption, concurrency, hostile text.

Each case is created for real (files, databases, processes and signals) and checked for
what a user relies on: a one-line reason, the exit status, an intact database with no
half-written or duplicated article, and files that diplotui must not touch left as they were.
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from contextlib import closing
from pathlib import Path

import pytest
from click.testing import CliRunner
from kb_builder import generated_corpus
from tui_support import DEADLINE, keys, run_async, screen_text, settle, wait_until

from diplotui.extract.read import read_bytes
from diplotui.tui.cli import cli

ROOT = Path(__file__).resolve().parent.parent
HOSTILE_DIR = Path(__file__).resolve().parent / "data" / "hostile"
NEWS = (
    "Ministers agree to regular talks on trade and security\n"
    "March 3, 2021\n\n"
    "SEOUL, March 3 (Yonhap) -- The foreign ministers of the two countries met in Seoul on Tuesday and "
    "agreed to hold regular consultations on trade, supply chains and regional security, officials said.\n\n"
    "The ministers also discussed humanitarian aid and the resumption of direct flights, according to a "
    "statement released after the talks, which lasted about ninety minutes.\n"
)
KOREAN = (
    "외교장관 회담 서울서 열려\n\n"
    "서울 외교부 장관은 화요일 서울에서 상대국 장관과 회담을 갖고 무역과 공급망 협력 방안을 논의했다고 밝혔다.\n\n"
    "두 장관은 정기적인 협의를 이어가기로 합의했으며 "
    "인도적 지원과 직항 노선 재개 문제도 함께 다뤘다고 관계자가 전했다.\n"
)


def run(*args: str | Path) -> subprocess.CompletedProcess:
    """The installed command, as a user runs it."""
    return subprocess.run([sys.executable, "-m", "diplotui.tui.cli", *map(str, args)],
                          capture_output=True, text=True, timeout=300)


def invoke(*args: str | Path):
    return CliRunner().invoke(cli, [str(a) for a in args])


def reason_for(output: str, name: str) -> str:
    lines = [line for line in output.splitlines() if line.startswith("skipped ") and f"/{name}:" in line]
    assert len(lines) == 1, (name, output)
    return lines[0]


def check_store(db: Path) -> sqlite3.Connection:
    """Integrity, foreign keys, the full-text index in step, no article stored twice."""
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    n = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert conn.execute("SELECT count(*) FROM articles_fts").fetchone()[0] == n
    assert conn.execute("SELECT count(DISTINCT content_hash) FROM articles").fetchone()[0] == n
    assert conn.execute("SELECT count(DISTINCT path) FROM documents").fetchone()[0] == \
        conn.execute("SELECT count(*) FROM documents").fetchone()[0]
    return conn


def no_half_written_document(conn: sqlite3.Connection) -> None:
    """Every stored document holds exactly the articles its file has (none cut off mid-batch)."""
    for path, stored in conn.execute(
        "SELECT d.path, count(a.id) FROM documents d LEFT JOIN articles a ON a.document_id = d.id "
        "WHERE d.duplicate_of IS NULL GROUP BY d.id"
    ):
        articles, _ = read_bytes(Path(path).read_bytes())
        assert stored == len(articles), path


# --------------------------------------------------------------------------- bad files


def test_bad_files_each_get_a_reason_and_the_rest_is_ingested(tmp_path, monkeypatch):
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(NEWS)
    (src / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(3000))
    (src / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(3000))
    (src / "paper.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(3000))
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("a.txt", NEWS)
    (src / "archive.txt").write_bytes(archive.getvalue())
    (src / "empty.txt").write_bytes(b"")
    (src / "blank.txt").write_text("  \n\n\t \n")
    (src / "code.txt").write_text((ROOT / "extract" / "ingest.py").read_text())
    (src / "table.txt").write_text("id,name,date,value\n" + "".join(f"{i},n{i},2020-01-01,{i}.5\n" for i in range(200)))
    (src / "README.md").write_text(
        "# tool\n\nA small tool that converts files between formats and prints a report.\n\n## Install\n\n"
        "```sh\npip install tool\n```\n\n## Use\n\n```sh\ntool convert --in a.csv --out b.json\n```\n\n"
        "Options: `--in FILE`, `--out FILE`, `--verbose`.\n"
    )
    (src / "nul.txt").write_bytes(NEWS.encode()[:200] + b"\x00" + NEWS.encode()[200:])
    (src / "locked.txt").write_text(NEWS.replace("Seoul", "Busan"))
    (src / "dangling.txt").symlink_to(src / "gone.txt")
    (src / "loop.txt").symlink_to(src / "loop.txt")
    (src / "sub").mkdir()
    (src / "sub" / "up").symlink_to(src)  # a directory loop is walked once
    with open(src / "huge.txt", "w") as f:  # 50 MB: refused by size before it is read
        line = "The ministers met again and talked for a long time about many things. " * 14 + "\n"
        while f.tell() < 50 * 1024 * 1024:
            f.write(line * 1000)
    (src / "cp949.txt").write_bytes(KOREAN.encode("cp949"))
    (src / "euckr.txt").write_bytes(KOREAN.replace("서울 외교부", "부산 외교부").encode("euc-kr"))
    latin1 = NEWS.replace("Seoul", "Séoul").replace("trade", "trade à la carte")
    (src / "latin1.txt").write_bytes(latin1.encode("latin-1"))
    (src / "utf16.txt").write_bytes(NEWS.replace("Seoul", "Daegu").replace("ninety", "ninety—“long”").encode("utf-16"))
    shutil.copy(src / "good.txt", src / "good-copy.txt")

    real_read_bytes = Path.read_bytes

    def read_bytes_as_user(self):  # the tests run as root, for whom chmod 000 is no obstacle
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes_as_user)
    db = tmp_path / "k.db"
    result = invoke("ingest", src, "--db", db, "-j", "1")
    out = result.output
    assert result.exit_code == 1, out
    expected = {
        "photo.png": "unsupported file type", "paper.pdf": "unsupported file type",
        "photo.txt": "binary file", "archive.txt": "binary file", "nul.txt": "binary file",
        "empty.txt": "empty file", "blank.txt": "only whitespace",
        "code.txt": "source code", "table.txt": "tabular data", "README.md": "technical documentation",
        "locked.txt": "Permission denied", "dangling.txt": "broken symbolic link",
        "loop.txt": "symbolic links", "huge.txt": "too large",
    }
    for name, reason in expected.items():
        assert reason in reason_for(out, name)
    assert "Traceback" not in out
    conn = check_store(db)
    texts = {Path(p).name: h + "\n" + b for p, h, b in conn.execute(
        "SELECT d.path, a.headline, a.body FROM articles a JOIN documents d ON d.id = a.document_id")}
    assert set(texts) - {"good.txt", "good-copy.txt"} == {"cp949.txt", "euckr.txt", "latin1.txt", "utf16.txt"}
    assert len(texts) == 5  # the two identical files: one article
    assert "서울 외교부 장관은" in texts["cp949.txt"] and "부산 외교부" in texts["euckr.txt"]
    assert "Séoul" in texts["latin1.txt"] and "à la carte" in texts["latin1.txt"]
    assert "ninety—“long”" in texts["utf16.txt"]
    names = {r[0] for r in conn.execute("SELECT name FROM documents")}
    assert {"good.txt", "good-copy.txt"} <= names  # the copy is recorded, its article stored once
    assert "1 duplicate" in out


def test_the_same_story_saved_twice_differently_is_stored_once(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(NEWS)
    (src / "b.txt").write_bytes(("Go to contents\n" + NEWS).encode("utf-16"))  # other chrome, other encoding
    result = invoke("ingest", src, "--db", tmp_path / "k.db", "-j", "1")
    assert result.exit_code == 0 and "1 already stored from another file" in result.output
    conn = check_store(tmp_path / "k.db")
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 2
    again = invoke("ingest", src, "--db", tmp_path / "k.db")
    assert "2 unchanged" in again.output and "0 added" in again.output


# --------------------------------------------------------------------------- bad databases


def _other_program_db(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes(body) VALUES ('mine')")
    conn.commit()
    conn.close()


def _versioned_other_db(path: Path) -> None:
    _other_program_db(path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 2")
    conn.close()


def _newer_db(path: Path) -> None:
    assert invoke("ingest", ROOT / "seeds" / "000_62ed515fa276ed97.txt", "--db", path, "-j", "1").exit_code == 0
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA user_version = 999")
    conn.close()


BAD_DATABASES = {
    "text file": (lambda p: p.write_text("not a database\n" * 300), "not a usable diplotui database"),
    "directory": (lambda p: p.mkdir(), "is a directory"),
    "newer schema": (_newer_db, "newer than this diplotui"),
    "another program's": (_other_program_db, "another program"),
    "another program's, with a user_version": (_versioned_other_db, "another program"),
}


def _fingerprint(path: Path) -> str:
    if path.is_dir():
        return "dir:" + ",".join(sorted(os.listdir(path)))
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("case", list(BAD_DATABASES))
def test_a_bad_database_is_a_clear_error_and_left_untouched(tmp_path, case):
    make, reason = BAD_DATABASES[case]
    db = tmp_path / "bad.db"
    make(db)
    before = _fingerprint(db)
    for args in (["ingest", ROOT / "seeds", "--db", db], ["dump", "--db", db], ["--db", db],
                 ["export", "search", "talks", "--db", db], ["officials", "list", "--db", db]):
        result = invoke(*args)
        assert result.exit_code == 2, (args, result.output)
        assert reason in result.output and "Traceback" not in result.output
        assert len([line for line in result.output.splitlines() if line.startswith("Error")]) == 1
    assert _fingerprint(db) == before
    if case != "newer schema":  # (a WAL database read by any SQLite program gets its -wal and -shm files)
        assert sorted(os.listdir(tmp_path)) == ["bad.db"]  # no journal or WAL created beside it


def test_read_only_places_are_clear_errors(tmp_path, monkeypatch):
    """A read-only database file or directory: writing commands say so, reading ones still work."""
    good = tmp_path / "ro" / "k.db"
    good.parent.mkdir()
    assert invoke("ingest", ROOT / "seeds" / "002_8c3971df6070e234.txt", "--db", good, "-j", "1").exit_code == 0
    before = _fingerprint(good)
    real_access = os.access

    def access(path, mode, *args, **kwargs):  # as a user without write permission (tests run as root)
        if mode & os.W_OK and Path(path) in (good, good.parent):
            return False
        return real_access(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "access", access)
    result = invoke("ingest", ROOT / "seeds", "--db", good)
    assert result.exit_code == 2 and "read-only" in result.output
    new = invoke("ingest", ROOT / "seeds", "--db", good.parent / "new.db")
    assert new.exit_code == 2 and "directory is not writable" in new.output
    assert not (good.parent / "new.db").exists()
    dump = invoke("dump", "--db", good)
    assert dump.exit_code == 0 and '"articles"' in dump.output
    assert _fingerprint(good) == before


def _nobody_can_run_diplotui() -> bool:
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        return False
    probe = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", sys.executable,
                            "-c", "import diplotui.tui.cli"], capture_output=True)
    return probe.returncode == 0


@pytest.mark.skipif(not _nobody_can_run_diplotui(), reason="needs root and an environment user 'nobody' can run")
def test_read_only_file_and_directory_for_a_real_unprivileged_user():
    base = Path("/tmp") / f"diplotui-ro-{os.getpid()}"
    base.mkdir(mode=0o755)
    try:
        db = base / "k.db"
        assert invoke("ingest", ROOT / "seeds" / "002_8c3971df6070e234.txt", "--db", db, "-j", "1").exit_code == 0
        os.chmod(db, 0o444)
        before = _fingerprint(db)

        def as_nobody(*args):
            nobody = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
            return subprocess.run([*nobody, sys.executable, "-m", "diplotui.tui.cli", *map(str, args)],
                                  capture_output=True, text=True)

        result = as_nobody("ingest", ROOT / "seeds", "--db", db)
        assert result.returncode == 2 and "read-only" in result.stderr and "Traceback" not in result.stderr
        result = as_nobody("ingest", ROOT / "seeds", "--db", base / "new.db")
        assert result.returncode == 2 and "not writable" in result.stderr
        dump = as_nobody("dump", "--db", db)  # a read-only archive can still be read
        assert dump.returncode == 0 and '"articles"' in dump.stdout
        assert _fingerprint(db) == before
    finally:
        shutil.rmtree(base)


# --------------------------------------------------------------------------- the model


def test_a_missing_or_broken_model_is_one_clear_message(tmp_path):
    broken = tmp_path / "broken_model"
    broken.mkdir()
    (broken / "meta.json").write_text("{}")
    import spacy

    blank = tmp_path / "blank_model"
    spacy.blank("en").to_disk(blank)
    for model, reason in (("en_core_web_nosuch", "is not installed"), (broken, "cannot be loaded"),
                          (blank, "no named-entity recognizer")):
        result = invoke("ingest", ROOT / "seeds", "--db", tmp_path / "m.db", "--model", model)
        assert result.exit_code == 2, result.output
        assert reason in result.output
        assert "Traceback" not in result.output


# --------------------------------------------------------------------------- interruption


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return generated_corpus(tmp_path_factory.mktemp("corpus"), articles=90, words=250, seed=7)


@pytest.fixture(scope="module")
def long_corpus(tmp_path_factory) -> Path:
    """Enough articles that an ingest is still running when a signal comes (90 took under two
    seconds once the model ran on one OpenBLAS thread, and a signal could come after the end)."""
    return generated_corpus(tmp_path_factory.mktemp("long"), articles=360, words=250, seed=8)


def _default_sigint() -> None:
    # A job started in the background (`cmd &`, nohup) inherits SIGINT ignored, and Python then
    # keeps it ignored; the ingest is to get Ctrl+C as from a terminal, whatever runs the tests.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start_ingest(corpus: Path, db: Path, processes: int = 1) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "diplotui.tui.cli", "ingest", str(corpus), "--db", str(db),
         "-j", str(processes), "--batch-size", "3"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=_default_sigint,
    )


def _children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_and_sigterm_stop_promptly_and_a_rerun_completes(long_corpus, tmp_path, sig):
    corpus = long_corpus
    db = tmp_path / "i.db"
    proc = _start_ingest(corpus, db, processes=2)

    def stored() -> int:
        if proc.poll() is not None:
            raise AssertionError(f"the ingest ended before it was interrupted: {proc.stderr.read()[-2000:]}")
        try:
            with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
                return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        except sqlite3.Error:  # not there yet, or its schema not yet written
            return 0

    # interrupted mid-ingest, not at its start; loading the model and a first batch on a machine
    # kept busy by other work took over a minute
    wait_until(lambda: stored() >= 6, timeout=5 * DEADLINE, what="no batch stored")
    workers = _children_of(proc.pid)
    proc.send_signal(sig)
    # it stops: the deadline is one only a hang reaches (stopping takes a fraction of a second;
    # a bound of 5 s failed now and then on a machine kept busy by other work)
    _out, err = proc.communicate(timeout=DEADLINE)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err and "articles:" in err
    wait_until(lambda: not [w for w in workers if _alive(w)], what="worker processes still running")
    conn = check_store(db)
    no_half_written_document(conn)
    done = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert 0 < done < 360
    rerun = run("ingest", corpus, "--db", db, "-j", "2")
    assert rerun.returncode == 0, rerun.stderr
    conn = check_store(db)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 360


def test_kill_9_at_twenty_random_moments_never_leaves_an_inconsistent_store(corpus, tmp_path):
    db = tmp_path / "k.db"
    rnd = random.Random(20)
    stored = []
    for _ in range(20):
        proc = _start_ingest(corpus, db)
        time.sleep(rnd.uniform(0.3, 4.0))  # the moment of the kill (the test), model loading to mid-batch writes
        proc.kill()
        proc.wait()
        conn = check_store(db) if db.exists() else None
        if conn is not None and conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            no_half_written_document(conn)
            stored.append(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
            conn.close()
    assert stored == sorted(stored), "a kill never loses what an earlier run stored"
    rerun = run("ingest", corpus, "--db", db, "-j", "1")
    assert rerun.returncode == 0, rerun.stderr
    conn = check_store(db)
    no_half_written_document(conn)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 90
    assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == 90


# --------------------------------------------------------------------------- concurrency


def _holds_flock(path: Path) -> bool:
    """Whether some process holds an exclusive flock on ``path`` (from /proc/locks, without
    touching the lock; elsewhere by trying it, shared and non-blocking, and letting go)."""
    st = path.stat()
    locks = Path("/proc/locks")
    if locks.exists():
        for line in locks.read_text().splitlines():
            fields = line.split()
            if "FLOCK" in fields and "WRITE" in fields:
                dev_inode = fields[fields.index("WRITE") + 2]
                if dev_inode.rsplit(":", 1)[-1] == str(st.st_ino):
                    return True
        return False
    import fcntl

    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)


def _wait_for_ingest_lock(db: Path, proc: subprocess.Popen) -> None:
    """Until ``proc`` (an ingest) holds the database's ingest lock, however slow the machine."""

    def locked() -> bool:
        assert proc.poll() is None, proc.communicate()  # ended before it took the lock: fail now
        return _holds_flock(db)

    wait_until(locked, timeout=2 * DEADLINE, what="the first ingest never took the lock")


def test_a_second_ingest_waits_for_the_first_with_a_message(long_corpus, tmp_path):
    db = tmp_path / "c.db"
    assert invoke("ingest", ROOT / "seeds" / "000_62ed515fa276ed97.txt", "--db", db, "-j", "1").exit_code == 0
    first = _start_ingest(long_corpus, db)  # still writing when the second starts
    _wait_for_ingest_lock(db, first)
    second = run("ingest", ROOT / "seeds", "--db", db, "-j", "1")
    _out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert second.returncode == 0, second.stderr
    assert "another ingest is writing" in second.stderr
    conn = check_store(db)
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 360 + 8


@run_async
async def test_the_app_stays_responsive_during_an_ingest_and_r_shows_the_new_articles(corpus, tmp_path):
    from diplotui.tui.app import DiploApp

    db = tmp_path / "live.db"
    assert invoke("ingest", ROOT / "seeds", "--db", db, "-j", "1").exit_code == 0
    app = DiploApp(db)
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        before = len(app.screen.query_one("#articles").items)
        proc = _start_ingest(corpus, db)
        slowest, deadline = 0.0, time.monotonic() + 5 * DEADLINE
        while proc.poll() is None:  # keys all along the ingest, which only a hang makes outlast the deadline
            assert time.monotonic() < deadline, "the ingest never ended"
            started = time.perf_counter()
            await keys(pilot, "j")
            slowest = max(slowest, time.perf_counter() - started)
        assert proc.returncode == 0
        assert slowest < 1.0, f"a key took {slowest:.2f} s while the ingest wrote"
        await keys(pilot, "r")
        table = app.screen.query_one("#articles")
        for _ in range(10):  # a screenful comes first; paging down brings the rest
            if not table.more_after:
                break
            await keys(pilot, "pagedown")
        assert len(table.items) == before + 90


def test_a_long_lived_reader_does_not_make_the_wal_grow_without_bound(corpus, tmp_path):
    from diplotui.store import api as q
    from diplotui.store.db import open_db

    db = tmp_path / "w.db"
    assert invoke("ingest", ROOT / "seeds", "--db", db, "-j", "1").exit_code == 0
    reader = open_db(db, readonly=True)  # as the app holds it, querying between batches
    sizes = []
    for round_ in range(3):
        copy = tmp_path / f"round{round_}"
        shutil.copytree(corpus, copy)
        for f in copy.iterdir():  # new text each round, so every round writes
            f.write_text(f.read_text().replace("the", f"the{round_}", 3))
        proc = _start_ingest(copy, db)
        deadline = time.monotonic() + 5 * DEADLINE
        while proc.poll() is None:  # reads all along the ingest, which only a hang makes outlast the deadline
            assert time.monotonic() < deadline, "the ingest never ended"
            q.articles_page(reader, q.ArticleFilter())
            time.sleep(0.05)  # the reader's pace (a query every 50 ms, as an app between keys), not a wait
        assert proc.returncode == 0
        sizes.append(Path(f"{db}-wal").stat().st_size if Path(f"{db}-wal").exists() else 0)
    reader.close()
    assert max(sizes) < 64 * 1024 * 1024
    assert sizes[2] <= 1.5 * max(sizes[0], 1 << 20), sizes  # reused, not appended to


# --------------------------------------------------------------------------- hostile text


@run_async
async def test_the_hostile_corpus_goes_through_ingest_every_view_and_every_export(tmp_path):
    from diplotui.tui.app import DiploApp
    from diplotui.tui.article_screen import ArticleScreen
    from diplotui.tui.compare_screen import CompareScreen
    from diplotui.tui.official_screen import OfficialScreen

    db = tmp_path / "h.db"
    result = invoke("ingest", HOSTILE_DIR, "--db", db, "-j", "1")
    assert result.exit_code == 0, result.output
    conn = check_store(db)
    stored = "".join(r[0] + r[1] for r in conn.execute("SELECT headline, body FROM articles"))
    stored += "".join(r[0] for r in conn.execute("SELECT sentence FROM mentions"))
    for bad in ("\x1b", "\x07", "\x9b", "\u202e", "\u200b", "\u2066"):
        assert bad not in stored
    assert "[bold red]agree[/]" in stored and "日中韓" in stored and "🤝" in stored
    assert max(len(line) for line in stored.split("\n")) > 10_000
    events = [r[0] for r in conn.execute("SELECT id FROM events")]
    officials = [r[0] for r in conn.execute("SELECT id FROM officials")]
    articles = [r[0] for r in conn.execute("SELECT id FROM articles")]
    assert events and officials

    app = DiploApp(db, export_dir=tmp_path / "out")
    (tmp_path / "out").mkdir()
    async with app.run_test(size=(120, 35)) as pilot:
        await settle(pilot)
        assert "[bold red]agree[/]" in screen_text(app)
        await keys(pilot, "g", "enter")
        assert isinstance(app.screen, ArticleScreen)
        text = screen_text(app)
        assert "[@click=app.quit]quit[/]" in text or "[i]to[/i]" in text
        await keys(pilot, "G", "g", "tab", "enter")
        assert isinstance(app.screen, OfficialScreen)
        await keys(pilot, "escape", "escape", "2", "enter")
        assert isinstance(app.screen, OfficialScreen)
        await keys(pilot, "escape", "escape", "3", "enter")
        assert isinstance(app.screen, CompareScreen)
        await keys(pilot, "f", "l", "h", "question_mark")
        await keys(pilot, "escape", "1", "slash", *"[/]", "enter")
        app.notify("[/] [bold]x \x1b[2J", markup=False)
        await settle(pilot)
        assert app.is_running
    for kind, ids in (("article", articles), ("official", officials), ("event", events)):
        for target in ids:
            out = invoke("export", kind, target, "--db", db)
            assert out.exit_code == 0 and "\x1b" not in out.output and "\u202e" not in out.output
    assert invoke("export", "search", "talks", "--db", db).exit_code == 0
